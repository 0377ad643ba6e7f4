//! The `errbook` binary: parse the command line, run the command, map the
//! outcome to an exit status (0 clean, 1 findings, 2 errbook could not run).

use std::process::ExitCode;

use clap::Parser;

// errbook allocates a few small strings per message of every locale it
// reads, from every core; mimalloc does that markedly faster than glibc's
// allocator (see docs/performance.md). Its 2.x series (the crate's "v2"
// feature) gives freed memory back to the system sooner than 3.x does: a
// command that reads one locale after another then peaks lower, at the
// same speed.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Workers whose stacks hold the Fluent parser's recursion on any chunk
    // of a real catalog, so that it rarely needs a thread of its own (a
    // worker the system refuses that stack gets the default one).
    let _ = errbook::ftl::build_parser_threads();
    let cli = errbook::cli::Cli::parse();
    match errbook::cmd::run(cli) {
        Ok(code) => ExitCode::from(code),
        // A reader that stops early (`errbook extract | head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("errbook: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
