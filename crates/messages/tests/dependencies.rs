//! The runtime crate and its build compile none of the command line's
//! crates: an app that uses errbook-messages builds the catalog with
//! errbook-core, not with the errbook CLI.

use std::collections::BTreeSet;
use std::process::Command;

#[test]
fn the_runtime_and_its_build_do_not_pull_in_the_command_line() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["tree", "-p", "errbook-messages", "-e", "normal,build"])
        .args(["--prefix", "none", "--offline", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let crates: BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // The tree was read: the runtime and the core are in it.
    assert!(crates.contains("errbook-messages"), "{text}");
    assert!(crates.contains("errbook-core"), "{text}");
    let cli_only = [
        "errbook",
        "clap",
        "tera",
        "notify",
        "indicatif",
        "ctrlc",
        "mimalloc",
        "quick-xml",
    ];
    let found: Vec<&str> = cli_only
        .into_iter()
        .filter(|c| crates.contains(c))
        .collect();
    assert!(
        found.is_empty(),
        "the runtime's build pulls in {found:?}:\n{text}"
    );
}
