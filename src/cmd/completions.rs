//! `errbook completions`: a shell's completion script, from the clap
//! definitions the parser itself uses.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "errbook", &mut out);
    Ok(super::OK)
}
