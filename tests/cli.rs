//! CLI tests as files: each `tests/fixtures/<case>/` holds `cmd.toml` (the
//! arguments and exit status), `cmd.in/` (the project tree the command runs
//! in), `cmd.stdout` / `cmd.stderr` and, where the command writes files,
//! `cmd.out/` (the files as they must be afterwards). `TRYCMD=overwrite
//! cargo test --test cli` rewrites the expectations after a deliberate change.

#[test]
fn cli_fixtures() {
    trycmd::TestCases::new()
        .register_bin(
            "errbook",
            std::path::Path::new(env!("CARGO_BIN_EXE_errbook")),
        )
        .env("NO_COLOR", "1")
        .case("tests/fixtures/*/cmd.toml");
}
