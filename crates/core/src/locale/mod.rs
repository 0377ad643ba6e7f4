//! Locales: the Fluent files under `locales/<tag>/`, how they are found,
//! read, generated, synced with the source and written.

pub mod fingerprint;
pub mod generate;
pub mod sync;

// Fluent syntax has a module of its own; these paths stay for the tools
// built on the crate.
pub use crate::ftl::{self, escape};

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::registry as checks;

pub use crate::tag::canonical_tag;

/// The diagnostic for a tag that is not a canonical BCP 47 tag, if it is not.
pub fn tag_problem(tag: &str) -> Option<Diagnostic> {
    let canonical = canonical_tag(tag);
    (canonical.as_deref() != Some(tag)).then(|| {
        Diagnostic::new(
            &checks::LOCALE_TAG,
            format!("`{tag}` is not a canonical BCP 47 language tag"),
        )
        .help(match canonical {
            Some(c) => format!("did you mean `{c}`?"),
            None => "use a tag such as fr-FR, ja-JP or zh-Hant-TW".to_owned(),
        })
    })
}

/// A locale directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocaleDir {
    /// The BCP 47 tag (the directory's name).
    pub tag: String,
    /// The directory.
    pub dir: PathBuf,
    /// Every `.ftl` file in it, sorted; the catalog is `errors.ftl`.
    pub ftl_files: Vec<PathBuf>,
}

impl LocaleDir {
    /// The catalog file's path (whether or not it exists).
    pub fn catalog(&self) -> PathBuf {
        self.dir.join(crate::config::CATALOG_FILE)
    }
}

/// Lists the locale directories under `root`, sorted by tag. Directories
/// whose names are not canonical BCP 47 tags, and links that lead outside
/// `project`, are reported, not returned; hidden entries and plain files
/// are ignored.
pub fn discover(
    root: &Path,
    project: &Path,
) -> Result<(Vec<LocaleDir>, Vec<Diagnostic>), Box<Diagnostic>> {
    let unreadable = |e: std::io::Error| {
        Box::new(
            Diagnostic::new(
                &checks::LOCALES_DIR,
                format!(
                    "cannot read the locales directory: {}",
                    crate::io_reason(&e)
                ),
            )
            .at_path(root)
            .help("create it, or set `locales` in errbook.toml"),
        )
    };
    let mut locales = Vec::new();
    let mut diags = Vec::new();
    for entry in std::fs::read_dir(root).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !path.is_dir() {
            continue;
        }
        if let Some(target) = crate::input::leads_outside(&path, &[project, root]) {
            diags.push(
                Diagnostic::new(
                    &checks::LOCALE_OUTSIDE,
                    format!(
                        "locale directory `{name}` is a link to {}, outside the project; not read",
                        target.display()
                    ),
                )
                .at_path(&path)
                .help("replace the link with the directory itself"),
            );
            continue;
        }
        match canonical_tag(&name) {
            Some(tag) if tag == name => {
                let mut ftl_files = Vec::new();
                match std::fs::read_dir(&path) {
                    Ok(rd) => {
                        for f in rd.flatten() {
                            let p = f.path();
                            if p.extension().is_some_and(|e| e == "ftl") && !p.is_dir() {
                                if let Some(target) = crate::input::leads_outside(&p, &[project, root]) {
                                    diags.push(
                                        Diagnostic::new(
                                            &checks::LOCALE_OUTSIDE,
                                            format!("{} is a link to {}, outside the project; not read", p.display(), target.display()),
                                        )
                                        .at_path(&p)
                                        .locale(name.as_str())
                                        .help("replace the link with the file itself"),
                                    );
                                    continue;
                                }
                                ftl_files.push(p);
                            }
                        }
                    }
                    Err(e) => diags.push(
                        Diagnostic::new(
                            &checks::LOCALE_UNREADABLE,
                            format!("cannot read locale directory: {}", crate::io_reason(&e)),
                        )
                        .at_path(&path)
                        .locale(name.as_str()),
                    ),
                }
                ftl_files.sort();
                locales.push(LocaleDir {
                    tag,
                    dir: path,
                    ftl_files,
                });
            }
            Some(tag) => diags.push(
                Diagnostic::new(
                    &checks::LOCALE_TAG,
                    format!("locale directory `{name}` is not in canonical BCP 47 form"),
                )
                .at_path(&path)
                .help(format!("rename it to `{tag}`")),
            ),
            None => diags.push(
                Diagnostic::new(
                    &checks::LOCALE_TAG,
                    format!("locale directory `{name}` is not named by a BCP 47 language tag"),
                )
                .at_path(&path)
                .help("name each directory under locales/ by its tag, such as `en-US` or `ja-JP`; move other files elsewhere"),
            ),
        }
    }
    locales.sort_by(|a, b| a.tag.cmp(&b.tag));
    Ok((locales, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(canonical_tag("en-US").as_deref(), Some("en-US"));
        assert_eq!(canonical_tag("en_us").as_deref(), Some("en-US"));
        assert_eq!(canonical_tag("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(canonical_tag("english"), None);
        assert_eq!(canonical_tag("../x"), None);
    }
}
