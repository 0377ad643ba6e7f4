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
        "{} {} (default level: {})\n\n{}.\n\n{}\n\n{}",
        c.code,
        c.name,
        c.default_level.as_str(),
        c.summary,
        c.explanation,
        levels(c)
    );
    Ok(super::OK)
}

/// How to lower or raise the level of `c`, and what each command does at
/// that level.
pub fn levels(c: &registry::Check) -> String {
    if registry::is_fatal(c) {
        return "Level: always an error: errbook cannot go on without what this check finds, so \
                `errbook.toml` cannot lower it."
            .to_owned();
    }
    let others: Vec<&str> = ["error", "warning", "allow"]
        .into_iter()
        .filter(|l| *l != c.default_level.as_str())
        .collect();
    let mut text = format!(
        "Level: {default} by default. To change it, in errbook.toml:\n\n    [checks]\n    {name} = \"{alt}\"\n\n\
         (or \"{other}\"; \"allow\" turns the check off). An error fails `errbook check`; a warning \
         is shown and fails it only with `--deny warnings`.",
        default = c.default_level.as_str(),
        name = c.name,
        alt = others[0],
        other = others[1],
    );
    if crate::run::is_incomplete(c) {
        text.push_str(
            "\n\n`errbook build` builds the site with what this check finds (the entry shows the \
             source text or a mark), counts it in its last line and refuses only with \
             `--deny warnings`; `errbook check` and the errbook-messages builder fail on it at \
             level error (the builder's `allow_incomplete` lowers it for development builds).",
        );
    }
    text
}
