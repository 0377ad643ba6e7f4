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

// mimalloc's own setter: the one way to change an option once the process
// has started (its `mimalloc` and `libmimalloc-sys` crates have no safe one).
#[allow(unsafe_code)]
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Gives memory that stays free back to the system sooner than mimalloc's
/// default does (unless `MIMALLOC_PURGE_DELAY` says otherwise). Most of the
/// memory of reading the source table is freed just before the workers take
/// their catalog buffers, and the rest of a command reads one large catalog
/// after another: memory handed back before the next file's is taken keeps
/// the peak lower, at the same speed. (Handing it back on every free, a delay
/// of 0, is much slower: the system clears the pages again each time.)
fn purge_sooner() {
    /// `mi_option_purge_delay`, in milliseconds, in mimalloc 2.x as in 3.x.
    const PURGE_DELAY: std::ffi::c_int = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: the option exists in the linked mimalloc, and setting it
        // is thread-safe and takes effect from the next purge.
        #[allow(unsafe_code)]
        unsafe {
            mi_option_set(PURGE_DELAY, 5)
        };
    }
}

fn main() -> ExitCode {
    purge_sooner();
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
