//! Compiles the test catalogs of this crate's own tests, benchmarks and
//! examples, exactly as an app's build script does (see
//! errbook-messages-build). Only with the `test-catalogs` feature, which
//! the dev-dependency on this crate turns on: an app that depends on
//! errbook-messages runs nothing here.

fn main() {
    #[cfg(feature = "test-catalogs")]
    test_catalogs();
}

#[cfg(feature = "test-catalogs")]
fn test_catalogs() {
    use errbook_messages_build::Builder;
    // The example app's catalog, for the README's quick start.
    Builder::new("../../examples/app/catalog")
        .compile("errors")
        .unwrap_or_else(|e| panic!("{e}"));
    // Messages with arguments, selectors and terms; a Traditional Chinese
    // locale.
    Builder::new("tests/fixtures/catalog")
        .compile("fixture")
        .unwrap_or_else(|e| panic!("{e}"));
    // Text, negative and hexadecimal codes: looked up by text.
    Builder::new("tests/fixtures/kinds")
        .compile("kinds")
        .unwrap_or_else(|e| panic!("{e}"));
    // Negative, zero and hexadecimal numbers and a range: an `i64` catalog.
    Builder::new("tests/fixtures/signed")
        .compile("signed")
        .unwrap_or_else(|e| panic!("{e}"));
    // This repository's catalog, which the benchmarks measure and most
    // tests read; and its baseline, a bare `match`.
    let shipped = Builder::new("../..")
        .compile("shipped")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let baseline = shipped.baseline().expect("the shipped codes are numbers");
    errbook_messages_build::write_if_changed(&out.join("baseline.rs"), &baseline)
        .unwrap_or_else(|e| panic!("{e}"));
}
