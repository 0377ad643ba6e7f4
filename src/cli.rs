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
  errbook init --from api-errors.md  # start a project from an existing error-code page
  errbook check                      # the CI gate: every locale complete and current
  errbook sync                       # bring locales/*/errors.ftl up to date with the table
  errbook extract --format json      # the catalog as JSON
  errbook stats                      # translation coverage per locale
  errbook export --locale ja-JP      # XLIFF 2.0 for a translation agency or platform
  errbook import ja-JP.xlf           # merge the translations it returns

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
    /// Read only this table of the source: its heading's text or its 1-based number; may be repeated
    #[arg(long, global = true, value_name = "TABLE")]
    pub table: Vec<String>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Print only findings, errors and the requested output (no progress, no summaries)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what was read and written, with timings
    #[arg(short, long, global = true)]
    pub verbose: bool,
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
    /// Start a new catalog project: errbook.toml, the source table, the source locale, a CI workflow
    #[command(after_help = "\
Examples:
  errbook init                                   # a starter table in the current directory
  errbook init my-api --from 错误码.md            # from an existing Chinese error-code page
  errbook init --from page.md --code-column 值   # name the code column when the header cannot tell
  errbook init --from page.md --source docs/errors.md --locales i18n

Writes errbook.toml, the table (docs/error-codes.zh-CN.md or --source), the source locale
(locales/zh-CN/errors.ftl or --locales) and .github/workflows/errbook.yml (at the root of the
enclosing git repository). With init, --source and --locales are paths inside DIR; --code-column,
--message-column and --hint-column are recorded in errbook.toml.

Init never overwrites a file: when any of them exists it names them, writes nothing and exits 2.
When the page cannot be read as an error-code table it prints the diagnostics (and the column
flags that would work, when some would), writes nothing and exits 1.")]
    Init(InitArgs),
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
lists what each locale still needs. Untranslated and stale entries are built with the source
text or the old translation and a mark, and counted in the last line; --deny warnings refuses
them. Any other error `errbook check` finds stops the build.")]
    Build(BuildArgs),
    /// Export a locale's messages for a translation tool (XLIFF 2.0 or gettext PO)
    #[command(after_help = "\
Examples:
  errbook export --format xliff --locale ja-JP --out ja-JP.xlf
  errbook export --locale fr-FR > fr-FR.xlf
  errbook export --format po --locale de-DE --out de-DE.po

XLIFF: one unit per message (id = the Fluent message id), with the source text, the current
translation and its state: untranslated → initial (no target), stale → translated with
subState errbook:stale and a note, current → final. Notes give the source line and group.
PO: one entry per message and per hint (msgctxt = the message id, or id.hint), msgid the
source text, msgstr the translation (empty when untranslated); stale and to-review
translations are fuzzy, with the old source text as the previous msgid (#|).
Send the file to the translators; take it back with `errbook import`.")]
    Export(ExportArgs),
    /// Merge translations from an XLIFF 2.0 or PO file into a locale's Fluent file
    #[command(after_help = "\
Examples:
  errbook import ja-JP.xlf                   # the locale is the file's trgLang
  errbook import ja-JP.xlf --check           # print what would change; exit 1 if anything would
  errbook import translated.xlf --locale ja-JP
  errbook import de-DE.po                    # the locale is the header's Language

The format is the file's: .po and .pot are PO, .xlf, .xliff and .xml are XLIFF, and another
name is XLIFF when the file starts with `<`. Only messages whose translation changed are
edited; every other byte of the file stays. Targets whose state is `initial` (XLIFF) or that
are fuzzy (PO) are skipped. When the source table changed since the export, the import is
refused and nothing is written: export again.")]
    Import(ImportArgs),
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
    /// Run a language server over stdio: errbook's findings in an editor as you type
    #[command(after_help = "\
Started by an editor, not by hand: it speaks the Language Server Protocol on stdin and
stdout. Each open .ftl file and source table is checked as it is edited, with the checks,
codes and levels of `errbook check` (errbook.toml is found upward from the file). The server
never writes a file. Setup for VS Code, Neovim, Helix and Zed: docs/editors.md.")]
    Lsp,
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
    /// Print a shell completion script
    #[command(after_help = "\
Examples:
  errbook completions bash > ~/.local/share/bash-completion/completions/errbook
  errbook completions zsh > ~/.zfunc/_errbook       # with fpath+=(~/.zfunc) before compinit
  errbook completions fish > ~/.config/fish/completions/errbook.fish
  errbook completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command into a directory
    #[command(after_help = "\
Examples:
  errbook man | man -l -
  errbook man --out /usr/local/share/man/man1   # errbook.1, errbook-sync.1, …")]
    Man(ManArgs),
}

/// `errbook init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project directory (created when missing)
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// A Markdown page of error codes to start from (copied as the source table)
    #[arg(long, value_name = "TABLE.md")]
    pub from: Option<PathBuf>,
    /// Replace errbook.toml, the source table, the source locale's file and the CI workflow
    /// when they exist (the other locales are never touched)
    #[arg(long)]
    pub force: bool,
}

/// `errbook completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `errbook man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write errbook.1 and one page per command (errbook-sync.1 …) into DIR instead
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `errbook extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
    /// Say which tables and columns were read and why, with the runners-up, instead of the catalog
    #[arg(long)]
    pub explain: bool,
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
    /// Show every finding in full (the human format otherwise shows the first few of each kind
    /// per locale and counts the rest; JSON and GitHub always list every one)
    #[arg(long)]
    pub all: bool,
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
    /// Open the built site's root page in the browser
    #[arg(long)]
    pub open: bool,
}

/// `errbook export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Xliff)]
    pub format: ExportFormat,
    /// The locale to export (a BCP 47 tag such as ja-JP)
    #[arg(long, value_name = "TAG")]
    pub locale: String,
    /// Write to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Output formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// XLIFF 2.0.
    Xliff,
    /// GNU gettext PO.
    Po,
}

impl From<ExportFormat> for crate::exchange::Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Xliff => crate::exchange::Format::Xliff,
            ExportFormat::Po => crate::exchange::Format::Po,
        }
    }
}

/// `errbook import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The XLIFF 2.0 or PO file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The locale to import into [default: the file's trgLang, or its PO header's Language]
    #[arg(long, value_name = "TAG")]
    pub locale: Option<String>,
    /// Change nothing; print what would change and exit 1 if anything would
    #[arg(long)]
    pub check: bool,
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
