//! Compiles the app's catalogs, as any app that uses errbook-messages does.
//! Paths are taken from this package's directory.

fn main() -> Result<(), errbook_messages_build::Error> {
    // Strict in CI (which sets `CI`), lenient on a laptop: an untranslated or
    // stale entry is then a cargo warning and shows the source text.
    println!("cargo:rerun-if-env-changed=CI");
    let dev = std::env::var_os("CI").is_none();

    // The app's own catalog: text codes with an HTTP status column.
    errbook_messages_build::Builder::new("catalog")
        .allow_incomplete(dev)
        .compile("storage")?;
    // A second catalog, in a module of its own: this repository's, the
    // customer-service bot and IM API (numeric codes).
    errbook_messages_build::Builder::new("../..")
        .allow_incomplete(dev)
        .compile("im")?;
    Ok(())
}
