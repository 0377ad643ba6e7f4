//! Compiles the error-code catalog into Rust, with errbook-messages-build:
//! the build reads the catalog through errbook-core, exactly as `errbook
//! check --deny warnings` does, and refuses to go on when that check would
//! fail. The tables go to `$OUT_DIR`, where `src/lib.rs` includes them.
//!
//! The catalog is this repository's (`../..`) unless `ERRBOOK_MESSAGES_CATALOG`
//! names another project root. With the `fixture` feature (this crate's tests
//! and benches) the test catalog under `tests/fixtures/catalog` is compiled
//! too, as the hidden module `fixture`.

use std::env;
use std::path::{Path, PathBuf};

/// The variable that points the build at another errbook project.
const CATALOG_VAR: &str = "ERRBOOK_MESSAGES_CATALOG";

fn main() {
    println!("cargo:rerun-if-env-changed={CATALOG_VAR}");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    // A relative path is taken from this crate's directory, where cargo runs
    // build scripts.
    let root = env::var_os(CATALOG_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../.."));

    let compiled = compile(&root);
    write(&out.join("catalog.rs"), &compiled.catalog());
    write(&out.join("baseline.rs"), &compiled.baseline());

    if env::var_os("CARGO_FEATURE_FIXTURE").is_some() {
        let fixture = compile(&manifest.join("tests/fixtures/catalog"));
        write(&out.join("fixture.rs"), &fixture.catalog());
    }
}

/// The catalog at `root` compiled, or the end of the build (its
/// diagnostics are printed already).
fn compile(root: &Path) -> errbook_messages_build::Compiled {
    errbook_messages_build::compile(root).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        println!("cargo:warning={e}");
        std::process::exit(1)
    })
}

fn write(path: &Path, text: &str) {
    if let Err(e) = errbook_messages_build::write_if_changed(path, text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
