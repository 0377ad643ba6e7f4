//! Every crate of the workspace can be packaged for crates.io: each names
//! its path dependencies with a version, and ships the files its build and
//! its documentation need. (A verified packaging, which builds each
//! package from its archive, belongs to the release steps.)

use std::process::Command;

#[test]
fn every_crate_packages() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = tempfile::tempdir().unwrap();
    let out = Command::new(cargo)
        .args(["package", "--workspace", "--no-verify", "--allow-dirty"])
        .args(["--offline", "--locked", "--target-dir"])
        .arg(target.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo package failed:\n{err}");
    for krate in [
        "errbook-core",
        "errbook",
        "errbook-messages-build",
        "errbook-messages",
    ] {
        let archive = target
            .path()
            .join("package")
            .join(format!("{krate}-{}.crate", env!("CARGO_PKG_VERSION")));
        assert!(archive.is_file(), "no {}:\n{err}", archive.display());
    }
}
