//! An app that uses errbook-messages builds its catalog with errbook-core,
//! not with the errbook command line: none of the CLI's crates is in its
//! tree, build dependencies included. The runtime alone does not even
//! bring errbook-core.

use std::collections::BTreeSet;
use std::process::Command;

/// The crates in the tree of `package`, normal and build dependencies.
fn tree(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["tree", "-p", package, "-e", "normal,build"])
        .args(["--prefix", "none", "--offline", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

const CLI_ONLY: [&str; 8] = [
    "errbook",
    "clap",
    "tera",
    "notify",
    "indicatif",
    "ctrlc",
    "mimalloc",
    "quick-xml",
];

#[test]
fn the_app_and_its_build_do_not_pull_in_the_command_line() {
    let crates = tree("errbook-example-app");
    // The tree was read: the runtime, the builder and the core are in it.
    for needed in ["errbook-messages", "errbook-messages-build", "errbook-core"] {
        assert!(crates.contains(needed), "{needed} missing from {crates:?}");
    }
    let found: Vec<&str> = CLI_ONLY
        .into_iter()
        .filter(|c| crates.contains(*c))
        .collect();
    assert!(
        found.is_empty(),
        "the app's build pulls in {found:?}: {crates:?}"
    );
}

#[test]
fn the_runtime_alone_needs_neither_the_core_nor_the_builder() {
    let crates = tree("errbook-messages");
    assert!(crates.contains("fluent-bundle"), "{crates:?}");
    for absent in [
        "errbook-core",
        "errbook-messages-build",
        "pulldown-cmark",
        "toml",
    ]
    .into_iter()
    .chain(CLI_ONLY)
    {
        assert!(!crates.contains(absent), "{absent} in {crates:?}");
    }
}
