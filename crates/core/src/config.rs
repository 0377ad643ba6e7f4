//! Configuration: `errbook.toml` and the defaults that fit the standard
//! layout, validated once into a [`Config`].
//!
//! ```toml
//! source = "docs/error-codes.zh-CN.md"   # the Chinese table
//! source-locale = "zh-CN"
//! locales = "locales"                    # one directory per BCP 47 tag
//! repo-url = "https://github.com/org/repo/blob/main"   # links from the status page
//! site-url = "https://org.github.io/repo"                # absolute links, sitemap.xml
//!
//! [extract]
//! code-column = "模块错误码"             # when the header alone cannot tell
//! tables = ["通用错误码", 3]             # read only these: a heading or a number
//!
//! [checks]
//! stale = "error"                        # error | warning | allow
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Level;
use crate::registry;
use crate::registry::Check;
use crate::source::columns::ColumnChoice;

/// The configuration file's name.
pub const FILE_NAME: &str = "errbook.toml";
/// Default path of the source table, relative to the project root.
pub const DEFAULT_SOURCE: &str = "docs/error-codes.zh-CN.md";
/// Default locales directory.
pub const DEFAULT_LOCALES: &str = "locales";
/// Default source locale.
pub const DEFAULT_SOURCE_LOCALE: &str = "zh-CN";
/// The catalog file in each locale directory.
pub const CATALOG_FILE: &str = "errors.ftl";

/// The file of a locale's site strings (the chrome of its pages), beside
/// its catalog.
pub const SITE_FILE: &str = "site.ftl";

/// Errors reading the configuration. The binary exits with status 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("{path}{at}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// `:line:col`, when known.
        at: String,
        /// The TOML parser's message.
        message: String,
    },
    /// A value is not valid.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    source: Option<PathBuf>,
    source_locale: Option<String>,
    locales: Option<PathBuf>,
    glossary: Option<PathBuf>,
    #[serde(alias = "repo_url")]
    repo_url: Option<String>,
    #[serde(alias = "site_url")]
    site_url: Option<String>,
    #[serde(default)]
    extract: RawExtract,
    #[serde(default)]
    checks: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawExtract {
    code_column: Option<String>,
    message_column: Option<String>,
    hint_column: Option<String>,
    #[serde(default)]
    tables: Vec<TableName>,
}

/// A table named in `extract.tables`: its heading's text, or its number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TableName {
    Number(u64),
    Text(String),
}

/// The validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The directory paths are relative to (where `errbook.toml` is, or the
    /// current directory).
    pub root: PathBuf,
    /// The source table.
    pub source: PathBuf,
    /// The source locale.
    pub source_locale: String,
    /// The locales directory.
    pub locales: PathBuf,
    /// The term base (`glossary.toml` at the root unless `glossary` names
    /// another file).
    pub glossary: PathBuf,
    /// True when `glossary` names the term base: then it must exist.
    pub glossary_named: bool,
    /// Columns named by the user.
    pub columns: ColumnChoice,
    /// Levels set per check.
    pub levels: BTreeMap<&'static str, Level>,
    /// Where the project's files can be browsed, without a trailing `/`
    /// (`https://github.com/org/repo/blob/main`): the status page links each
    /// finding to `<repo-url>/<path>#L<line>`.
    pub repo_url: Option<String>,
    /// Where the site is published, without a trailing `/`
    /// (`https://org.github.io/repo`): pages then name their canonical and
    /// language alternates by absolute URL, and the build writes a
    /// `sitemap.xml`.
    pub site_url: Option<String>,
    /// The configuration file, when one was read.
    pub file: Option<PathBuf>,
}

/// What [`find_root`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A configuration file (anything by that name: a FIFO or a directory
    /// there is reported when read, not silently passed over).
    Config(PathBuf),
    /// A project without one: a directory with the default source table and
    /// a `locales/` directory.
    Defaults(PathBuf),
}

/// The project that `start` is in, searched upward as cargo and mdBook do:
/// the first directory, from `start` up, with an `errbook.toml`, or with the
/// default source table (`docs/error-codes.zh-CN.md`) beside `locales/`.
/// The search stops after the root of a repository (a directory with
/// `.git`) and at the file system's root. Paths are relative to `start`
/// (`errbook.toml`, `../errbook.toml`, `..`), so that diagnostics name
/// files as a reader finds them.
pub fn find_root(start: &Path) -> Option<Found> {
    let mut dir = start.to_path_buf();
    let mut seen = start.canonicalize().ok()?;
    loop {
        let file = dir.join(FILE_NAME);
        if file.symlink_metadata().is_ok() {
            return Some(Found::Config(if dir == start {
                PathBuf::from(FILE_NAME)
            } else {
                file
            }));
        }
        if dir.join(DEFAULT_SOURCE).is_file() && dir.join(DEFAULT_LOCALES).is_dir() {
            return Some(Found::Defaults(dir));
        }
        if seen.join(".git").exists() {
            return None;
        }
        let parent = seen.parent()?.to_path_buf();
        dir = if dir == Path::new(".") {
            PathBuf::from("..")
        } else {
            dir.join("..")
        };
        seen = parent;
    }
}

impl Config {
    /// Loads `errbook.toml` from `explicit`; without it, the project that
    /// [`find_root`] finds from the current directory (its `errbook.toml`,
    /// or the defaults with every path under its directory); the defaults
    /// in the current directory when there is none.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => match find_root(Path::new(".")) {
                Some(Found::Config(path)) => Some(path),
                Some(Found::Defaults(root)) => {
                    return Config::from_raw(RawConfig::default(), root, None)
                }
                None => None,
            },
        };
        let Some(path) = path else {
            return Config::from_raw(RawConfig::default(), PathBuf::from("."), None);
        };
        let text = crate::input::read_to_string(&path).map_err(|e| ConfigError::Read {
            path: path.clone(),
            reason: crate::io_reason(&e),
        })?;
        Config::parse(crate::ftl::without_bom(&text), &path)
    }

    /// Loads `errbook.toml` from the current directory when it exists
    /// there, the defaults otherwise, without searching upward: for a
    /// command line that names the source or the locales itself.
    pub fn load_here() -> Result<Config, ConfigError> {
        let file = PathBuf::from(FILE_NAME);
        if file.symlink_metadata().is_ok() {
            Config::load(Some(&file))
        } else {
            Config::from_raw(RawConfig::default(), PathBuf::from("."), None)
        }
    }

    /// The configuration in `text`, as if read from the file at `path`
    /// (whose directory is the project root).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |s| {
                let (l, c) = crate::diag::line_col(text, s.start);
                format!(":{l}:{c}")
            });
            ConfigError::Parse {
                path: path.to_path_buf(),
                at,
                message: e.message().trim().replace('\n', "; "),
            }
        })?;
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Config::from_raw(raw, root, Some(path.to_path_buf()))
    }

    /// The configuration of the project at `root`: its `errbook.toml` when
    /// there is one, the defaults otherwise, with every path under `root`.
    /// For tools that run elsewhere than the project's directory (a build
    /// script, a test).
    pub fn for_root(root: &Path) -> Result<Config, ConfigError> {
        let file = root.join(FILE_NAME);
        if file.is_file() {
            Config::load(Some(&file))
        } else {
            Config::from_raw(RawConfig::default(), root.to_path_buf(), None)
        }
    }

    fn from_raw(
        raw: RawConfig,
        root: PathBuf,
        file: Option<PathBuf>,
    ) -> Result<Config, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: file.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME)),
            message,
        };
        let mut levels = BTreeMap::new();
        for (name, level) in &raw.checks {
            let check: &Check = registry::find(name).ok_or_else(|| {
                invalid(format!(
                    "unknown check `{name}` in [checks]; `errbook explain --all` lists them"
                ))
            })?;
            let level: Level = level
                .parse()
                .map_err(|e| invalid(format!("[checks] {name}: {e}")))?;
            levels.insert(check.name, level);
        }
        let source_locale = raw
            .source_locale
            .unwrap_or_else(|| DEFAULT_SOURCE_LOCALE.to_owned());
        if crate::tag::canonical_tag(&source_locale).as_deref() != Some(source_locale.as_str()) {
            return Err(invalid(format!(
                "source-locale `{source_locale}` is not a canonical BCP 47 tag"
            )));
        }
        // An absolute http(s) URL, without its trailing `/`.
        let url = |key: &str, u: String, example: &str| {
            let u = u.trim_end_matches('/');
            let ok = (u.starts_with("https://") || u.starts_with("http://"))
                && u.len() > "https://".len()
                && !u.contains(|c: char| {
                    c.is_whitespace() || c.is_control() || matches!(c, '#' | '?' | '"' | '<' | '>')
                });
            if ok {
                Ok(u.to_owned())
            } else {
                Err(invalid(format!(
                    "{key} `{u}` is not an http(s) URL without spaces, `#` or `?`; e.g. {example}"
                )))
            }
        };
        let repo_url = raw
            .repo_url
            .map(|u| url("repo-url", u, "https://github.com/org/repo/blob/main"))
            .transpose()?;
        let site_url = raw
            .site_url
            .map(|u| url("site-url", u, "https://org.github.io/repo"))
            .transpose()?;
        let join = |p: PathBuf| {
            if root == Path::new(".") {
                p
            } else {
                root.join(p)
            }
        };
        if raw
            .glossary
            .as_ref()
            .is_some_and(|g| g.as_os_str().is_empty())
        {
            return Err(invalid(
                "glossary is empty; name the term base's file, or remove the key to use glossary.toml".to_owned(),
            ));
        }
        Ok(Config {
            source: join(raw.source.unwrap_or_else(|| PathBuf::from(DEFAULT_SOURCE))),
            locales: join(
                raw.locales
                    .unwrap_or_else(|| PathBuf::from(DEFAULT_LOCALES)),
            ),
            glossary_named: raw.glossary.is_some(),
            glossary: join(
                raw.glossary
                    .unwrap_or_else(|| PathBuf::from(crate::qa::glossary::FILE_NAME)),
            ),
            source_locale,
            columns: ColumnChoice {
                code: raw.extract.code_column,
                message: raw.extract.message_column,
                hint: raw.extract.hint_column,
                tables: raw
                    .extract
                    .tables
                    .into_iter()
                    .map(|t| match t {
                        TableName::Number(n) => n.to_string(),
                        TableName::Text(t) => t,
                    })
                    .collect(),
            },
            levels,
            repo_url,
            site_url,
            root,
            file,
        })
    }

    /// The level of a check: configured, or its default.
    pub fn level(&self, check: &Check) -> Level {
        self.levels
            .get(check.name)
            .copied()
            .unwrap_or(check.default_level)
    }

    /// The source path as shown in generated files: relative to the
    /// project root, with `/` separators.
    pub fn source_display(&self) -> String {
        self.display(&self.source)
    }

    /// A path of the project as shown in files errbook writes: relative to
    /// the project root, with `/` separators.
    pub fn display(&self, path: &Path) -> String {
        let p = path.strip_prefix(&self.root).unwrap_or(path);
        p.to_string_lossy().replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config, ConfigError> {
        Config::from_raw(toml::from_str(s).unwrap(), PathBuf::from("."), None)
    }

    #[test]
    fn defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.source, Path::new(DEFAULT_SOURCE));
        assert_eq!(c.level(&registry::STALE), Level::Warning);
    }

    #[test]
    fn levels_and_columns() {
        let c = parse("[checks]\nstale = \"error\"\n[extract]\ncode-column = \"模块错误码\"\n")
            .unwrap();
        assert_eq!(c.level(&registry::STALE), Level::Error);
        assert_eq!(c.columns.code.as_deref(), Some("模块错误码"));
        assert!(parse("[checks]\nnope = \"error\"\n").is_err());
        assert!(parse("[checks]\nstale = \"loud\"\n").is_err());
        assert!(parse("source-locale = \"zh_cn\"\n").is_err());
        assert!(toml::from_str::<RawConfig>("sorce = \"x\"\n").is_err());
    }

    #[test]
    fn repo_url() {
        let c = parse("repo-url = \"https://github.com/o/r/blob/main/\"\n").unwrap();
        assert_eq!(
            c.repo_url.as_deref(),
            Some("https://github.com/o/r/blob/main")
        );
        let c = parse("repo_url = \"http://git.example/o/r\"\n").unwrap();
        assert_eq!(c.repo_url.as_deref(), Some("http://git.example/o/r"));
        assert_eq!(parse("").unwrap().repo_url, None);
        for bad in [
            "javascript:alert(1)",
            "https://",
            "https://x y",
            "https://x/#L1",
            "git@github.com:o/r",
        ] {
            let err = parse(&format!("repo-url = \"{bad}\"\n"))
                .unwrap_err()
                .to_string();
            assert!(err.contains("repo-url"), "{bad}: {err}");
        }
    }
}
