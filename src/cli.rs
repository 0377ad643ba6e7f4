//! Command-line arguments (clap derive types only; no logic).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::emit::Format;

/// Keep a Chinese error-code table and its Fluent translations in sync, checked in CI.
#[derive(Debug, Parser)]
#[command(name = "errbook", version, propagate_version = true, after_help = MAIN_EXAMPLES)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

const MAIN_EXAMPLES: &str = "\
Examples:
  errbook check                      # the CI gate: every locale complete and current
  errbook sync                       # bring locales/*/errors.ftl up to date with the table
  errbook extract --format json      # the catalog as JSON
  errbook stats                      # translation coverage per locale

Paths default to docs/error-codes.zh-CN.md and locales/; errbook.toml overrides them.";

/// Options shared by all commands.
#[derive(Debug, Args)]
pub struct Global {
    /// Configuration file [default: errbook.toml when it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The source table [default: docs/error-codes.zh-CN.md]
    #[arg(long, global = true, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// The locales directory [default: locales]
    #[arg(long, global = true, value_name = "DIR")]
    pub locales: Option<PathBuf>,
    /// The header (or 1-based number) of the code column, when the header alone cannot tell
    #[arg(long, global = true, value_name = "NAME")]
    pub code_column: Option<String>,
    /// The header (or 1-based number) of the message column
    #[arg(long, global = true, value_name = "NAME")]
    pub message_column: Option<String>,
    /// The header (or 1-based number) of the hint column (处理建议, 解决方案 …)
    #[arg(long, global = true, value_name = "NAME")]
    pub hint_column: Option<String>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the source table and print the catalog
    #[command(after_help = "\
Examples:
  errbook extract --format json
  errbook extract --source page.md --code-column 模块错误码 --format json

Diagnostics go to stderr as FILE:LINE:COL: error: …; the exit status is 1 when there is an error.")]
    Extract(ExtractArgs),
    /// Bring every locale's Fluent file up to date with the source table
    #[command(after_help = "\
Examples:
  errbook sync                     # write the changes
  errbook sync --check             # print what would change; exit 1 if anything would
  errbook sync --add-locale fr-FR  # start a new locale, every message untranslated

New codes are added marked `# untranslated`, changed ones marked stale with the old
source text, removed ones moved to an obsolete section: no translation is ever deleted.")]
    Sync(SyncArgs),
    /// Check that every locale is complete, valid and current (the CI gate)
    #[command(after_help = "\
Examples:
  errbook check
  errbook check --deny warnings --format github   # in GitHub Actions
  errbook check --format json | jq '.[] | select(.severity == \"error\")'

Exit status: 0 clean, 1 findings at error level, 2 errbook could not run.
`errbook explain CHECK` describes a finding; levels are set in errbook.toml [checks].")]
    Check(CheckArgs),
    /// Check the catalog, then render the reference site (HTML, Markdown, JSON) for every locale
    #[command(after_help = "\
Examples:
  errbook build                          # into site/
  errbook build --out public --deny warnings
  errbook build --init-templates my-templates   # copy the shipped templates to start from
  errbook build --templates my-templates        # build with your own copy

Per locale: <out>/<tag>/index.html, error-codes.md and errors.json, and a coverage badge
<out>/badges/<tag>.svg; <out>/index.html sends readers to their language, <out>/status.html
lists what each locale still needs. The build refuses to publish when `errbook check` finds
errors.")]
    Build(BuildArgs),
    /// Build the site, serve it on 127.0.0.1 and rebuild and reload it on every change
    #[command(after_help = "\
Examples:
  errbook serve                 # http://127.0.0.1:4000/
  errbook serve --port 0        # any free port; the first line of output is the URL
  errbook serve --open          # and open it in the browser

Watches the source table, the locales, the templates and errbook.toml; every change rebuilds
the site (writing only the files that change) and reloads the open pages. When the check
fails, the pages keep the last good build and show the diagnostics in a banner. The site is
built into a temporary directory (removed on Ctrl-C) unless --out names one.")]
    Serve(ServeArgs),
    /// Show translation coverage per locale
    #[command(after_help = "\
Examples:
  errbook stats
  errbook stats --format json")]
    Stats(StatsArgs),
    /// Explain a check (by code or name), or list them all
    #[command(after_help = "\
Examples:
  errbook explain stale
  errbook explain EB0205
  errbook explain --all > docs/checks.md")]
    Explain(ExplainArgs),
}

/// `errbook extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
}

/// Output formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// The catalog as JSON.
    Json,
}

/// `errbook sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Change nothing; print what would change and exit 1 if anything would
    #[arg(long)]
    pub check: bool,
    /// Start a new locale (a BCP 47 tag such as fr-FR); may be repeated
    #[arg(long, value_name = "TAG")]
    pub add_locale: Vec<String>,
}

/// `errbook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format of the findings
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (`--deny warnings`)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
}

/// What `--deny` promotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Every warning becomes an error.
    Warnings,
}

/// `errbook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output directory
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub out: PathBuf,
    /// A directory of templates that replace the shipped ones of the same name
    /// (page.html, index.html, status.html, site.css, site.js)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write the shipped templates into DIR (to start your own) and exit
    #[arg(long, value_name = "DIR", conflicts_with = "templates")]
    pub init_templates: Option<PathBuf>,
    /// Treat warnings as errors (`--deny warnings`)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
}

/// `errbook serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1; 0 picks a free one
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Build into DIR instead of a temporary directory (kept afterwards)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A directory of templates that replace the shipped ones (watched too)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Treat warnings as errors (`--deny warnings`)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
}

/// `errbook stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
}

/// Output formats of `stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// An aligned table.
    Table,
    /// A JSON array, one object per locale.
    Json,
}

/// `errbook explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A check's code (EB0207) or name (stale)
    #[arg(required_unless_present = "all")]
    pub check: Option<String>,
    /// Print the reference of every check, as Markdown
    #[arg(long, conflicts_with = "check")]
    pub all: bool,
}
