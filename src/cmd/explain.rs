//! `errbook explain`: the documentation of a check.

use crate::cli::ExplainArgs;
use crate::registry;

pub fn run(args: &ExplainArgs) -> anyhow::Result<u8> {
    if args.all {
        print!("{}", registry::reference_markdown());
        return Ok(super::OK);
    }
    let name = args.check.as_deref().unwrap_or_default();
    let Some(c) = registry::find(name) else {
        eprintln!("errbook: error: no check is named `{name}`; `errbook explain --all` lists them");
        return Ok(super::FAILURE);
    };
    println!(
        "{} {} (default level: {})\n\n{}.\n\n{}",
        c.code,
        c.name,
        c.default_level.as_str(),
        c.summary,
        c.explanation
    );
    Ok(super::OK)
}
