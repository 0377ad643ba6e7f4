//! The translation status page (`status.html`) and the coverage badges
//! (`badges/<tag>.svg`).
//!
//! Per locale: its coverage, and the codes that are missing, untranslated,
//! stale or obsolete, each linked to its entry on the locale's page and,
//! when `repo-url` is configured, to the file and line in the repository
//! (for a missing code, the row of the source table). The facts are the
//! check layer's ([`Project::standing`], the same that `errbook stats` and
//! `errbook check` use); this module only arranges them for the template.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;

use serde::Serialize;
use tera::Context;

use super::badge::Badge;
use super::html::Templates;
use super::{Output, Page, RenderError, RootPage};
use crate::ftl::MessageEntry;
use crate::project::Loaded;

use super::RenderContext;
use crate::standing::{Coverage, State};

/// The status page's template.
pub const TEMPLATE: &str = "status.html";
/// The status page, relative to the output directory.
pub const PAGE: &str = "status.html";
/// The directory of the badges, relative to the output directory.
pub const BADGES: &str = "badges";

/// The model of the status page.
#[derive(Clone, Debug, Serialize)]
pub struct StatusPage {
    /// The catalog's title in the source locale.
    pub catalog_title: String,
    /// The source locale's tag.
    pub source_lang: String,
    /// The source table, relative to the project root.
    pub source_file: String,
    /// The source table in the repository, when `repo-url` is set.
    pub source_href: Option<String>,
    /// Error codes in the catalog.
    pub total: usize,
    /// The configured `repo-url`, if any.
    pub repo_url: Option<String>,
    /// Every locale, in tag order.
    pub locales: Vec<LocaleStatus>,
}

/// One locale's status.
#[derive(Clone, Debug, Serialize)]
pub struct LocaleStatus {
    /// BCP 47 tag.
    pub tag: String,
    /// The language's own name.
    pub name: String,
    /// True for the source locale.
    pub is_source: bool,
    /// The counts.
    #[serde(flatten)]
    pub coverage: Coverage,
    /// Percent translated, rounded down to one decimal (`87.5`), so that
    /// only a complete locale shows 100.
    pub percent: String,
    /// The locale's page, relative to the status page.
    pub page: String,
    /// The catalog file, relative to the project root.
    pub file: String,
    /// The catalog file in the repository, when `repo-url` is set.
    pub file_href: Option<String>,
    /// The badge, relative to the status page.
    pub badge: String,
    /// The badge's text.
    pub badge_alt: String,
    /// The badge's width in pixels.
    pub badge_width: u32,
    /// The codes that need work, by kind (`missing`, `untranslated`,
    /// `stale`, `obsolete`, in this order; empty lists included).
    pub lists: Vec<StatusList>,
}

/// The codes of one kind in a locale.
#[derive(Clone, Debug, Serialize)]
pub struct StatusList {
    /// `missing`, `untranslated`, `stale` or `obsolete`.
    pub kind: &'static str,
    /// The codes, in source order (obsolete ones in file order): the first
    /// [`listed_per_list`] of them.
    pub entries: Vec<StatusEntry>,
    /// How many codes the list has in all.
    pub total: usize,
    /// How many of them are not listed (`total - entries.len()`).
    pub more: usize,
}

/// The status page lists at most this many codes in all (about 200 bytes
/// of HTML each), so that it stays well under 1 MB whatever the catalog.
const LISTED_ON_PAGE: usize = 2000;

/// How many codes each of a locale's four lists shows: a share of
/// [`LISTED_ON_PAGE`], at least 10. The counts are always complete;
/// `errbook check` and `errbook stats` have every code.
pub fn listed_per_list(locales: usize) -> usize {
    (LISTED_ON_PAGE / (4 * locales.max(1))).max(10)
}

/// One code that needs work.
#[derive(Clone, Debug, Serialize)]
pub struct StatusEntry {
    /// The code (for an obsolete message, its id: the source no longer
    /// knows its code).
    pub code: String,
    /// Its entry on the locale's page (none for an obsolete message).
    pub href: Option<String>,
    /// Where to fix it: `locales/ja-JP/errors.ftl:42`, or for a missing
    /// code the source table's row.
    pub location: String,
    /// The same place in the repository, when `repo-url` is set.
    pub location_href: Option<String>,
}

/// The status of locale `i`, from its parsed catalog file and its page
/// model (whose anchors the status page links to). Called while the
/// catalog is in memory, one locale at a time.
pub fn locale_status(
    project: RenderContext<'_>,
    i: usize,
    catalog: Option<&Loaded>,
    page: &Page,
    root: &RootPage,
) -> LocaleStatus {
    let config = &project.config;
    let repo = config.repo_url.as_deref();
    let source_file = config.source_display();
    let loc = &project.locales[i];
    let tag = loc.dir.tag.as_str();
    let link = root.locales.iter().find(|l| l.tag == tag);
    let page_href = link.map_or_else(|| format!("{tag}/index.html"), |l| l.root_href.clone());
    let file = config.display(&loc.dir.catalog());
    let ftl = catalog.map(|c| &c.ftl);
    let standing = project.standing(loc, ftl);
    let coverage = match &standing {
        Some(s) => s.coverage(),
        None => project.coverage(loc, ftl),
    };
    let listed = listed_per_list(project.locales.len());
    let mut lists = ["missing", "untranslated", "stale", "obsolete"].map(|kind| StatusList {
        kind,
        total: 0,
        more: 0,
        entries: Vec::new(),
    });
    if let Some(standing) = standing {
        // A large locale has thousands of codes in a list, of which the
        // page shows a few: those are found first, and only they are
        // given a link and a location.
        let mut shown: [Vec<(&str, Option<&MessageEntry>)>; 4] = Default::default();
        for (m, state, entry) in &standing.codes {
            let list = match state {
                State::Current => continue,
                State::Missing => 0,
                State::Untranslated => 1,
                State::Stale | State::Unrecorded => 2,
            };
            lists[list].total += 1;
            if shown[list].len() < listed {
                let code = m.code.as_ref().map_or(m.id.as_str(), |c| c.as_str());
                shown[list].push((code, *entry));
            }
        }
        lists[3].total = standing.obsolete.len();
        shown[3].extend(
            standing
                .obsolete
                .iter()
                .take(listed)
                .map(|e| (e.id(), Some(*e))),
        );
        let wanted: HashSet<&str> = shown[..3].iter().flatten().map(|&(c, _)| c).collect();
        // Where each listed code is on the site: its part of a split
        // locale, so that the link needs no script.
        let dir = page_href.strip_suffix("index.html").unwrap_or("");
        let hrefs: HashMap<&str, String> = page
            .entry_parts(super::PAGE_ENTRIES)
            .filter(|(e, _)| wanted.contains(e.code))
            .map(|(e, part)| {
                let href = match part {
                    Some((group, k)) => {
                        format!("{dir}{}#{}", super::part_file(group, k), e.anchor())
                    }
                    None => format!("{page_href}#{}", e.anchor()),
                };
                (e.code, href)
            })
            .collect();
        let source_lines: HashMap<&str, usize> = project
            .catalog
            .entries
            .iter()
            .filter(|e| wanted.contains(e.code.as_str()))
            .map(|e| (e.code.as_str(), e.line))
            .collect();
        // Built only when some entry needs a line number.
        let index = std::cell::OnceCell::new();
        let line_of = |offset: usize| {
            ftl.map_or(1, |f| {
                index
                    .get_or_init(|| crate::diag::LineIndex::new(&f.text))
                    .line(offset)
            })
        };
        for (list, shown) in lists.iter_mut().zip(shown) {
            let obsolete = list.kind == "obsolete";
            list.entries = shown
                .into_iter()
                .map(|(code, entry)| {
                    let (path, line) = match entry {
                        Some(e) => (file.as_str(), line_of(e.id_span.start)),
                        None => (
                            source_file.as_str(),
                            source_lines.get(code).copied().unwrap_or(1),
                        ),
                    };
                    StatusEntry {
                        code: code.to_owned(),
                        href: if obsolete {
                            None
                        } else {
                            hrefs.get(code).cloned()
                        },
                        location: format!("{path}:{line}"),
                        location_href: repo.map(|r| line_href(r, path, line)),
                    }
                })
                .collect();
        }
    }
    for l in &mut lists {
        l.more = l.total.saturating_sub(listed);
    }
    let badge = badge_of(tag, loc.is_source, &coverage);
    LocaleStatus {
        tag: tag.to_owned(),
        name: link.map_or_else(|| tag.to_owned(), |l| l.name.clone()),
        is_source: loc.is_source,
        percent: floor_one_decimal(coverage.percent()),
        page: page_href,
        file_href: repo.map(|r| format!("{r}/{file}")),
        file,
        badge: format!("{BADGES}/{tag}.svg"),
        badge_alt: badge.title.clone(),
        badge_width: badge.width(),
        coverage,
        lists: lists.into(),
    }
}

/// The status page's model, from every locale's [`locale_status`] (in the
/// order of the project's locales).
pub fn model(
    project: RenderContext<'_>,
    root: &RootPage,
    locales: Vec<LocaleStatus>,
) -> StatusPage {
    let config = &project.config;
    let repo = config.repo_url.as_deref();
    let source_file = config.source_display();
    StatusPage {
        catalog_title: root.title.clone(),
        source_lang: config.source_locale.clone(),
        source_href: repo.map(|r| format!("{r}/{source_file}")),
        source_file,
        total: project.catalog.entries.len(),
        repo_url: repo.map(str::to_owned),
        locales,
    }
}

/// Renders `status.html` and the badges.
pub fn render(templates: &Templates, page: &StatusPage) -> Result<Vec<Output>, RenderError> {
    let ctx = Context::from_serialize(page).map_err(|e| RenderError::Template {
        name: TEMPLATE.to_owned(),
        message: e.to_string(),
    })?;
    let mut out = vec![Output {
        path: PathBuf::from(PAGE),
        bytes: templates.render(TEMPLATE, &ctx)?.into_bytes(),
    }];
    for l in &page.locales {
        out.push(Output {
            path: PathBuf::from(&l.badge),
            bytes: badge_of(&l.tag, l.is_source, &l.coverage)
                .svg()
                .into_bytes(),
        });
    }
    Ok(out)
}

fn badge_of(tag: &str, is_source: bool, coverage: &Coverage) -> Badge {
    if is_source {
        Badge::source(tag)
    } else {
        Badge::coverage(tag, coverage)
    }
}

/// A link to a line of a file in the repository. Forges render Markdown,
/// where a line anchor means nothing; `?plain=1` (GitHub, GitLab) shows the
/// source so that `#L42` lands on the row.
fn line_href(repo: &str, path: &str, line: usize) -> String {
    let plain = if path.ends_with(".md") {
        "?plain=1"
    } else {
        ""
    };
    format!("{repo}/{path}{plain}#L{line}")
}

/// `87.5`, `100`, `0`: rounded down, so that 99.96 is not 100.
fn floor_one_decimal(p: f64) -> String {
    let tenths = (p * 10.0 + 1e-9).floor() as u64;
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_down() {
        assert_eq!(floor_one_decimal(87.5), "87.5");
        assert_eq!(floor_one_decimal(99.96), "99.9");
        assert_eq!(floor_one_decimal(100.0), "100");
        assert_eq!(floor_one_decimal(0.0), "0");
        assert_eq!(floor_one_decimal(100.0 / 3.0), "33.3");
        assert_eq!(floor_one_decimal(700.0 / 8.0), "87.5");
    }

    #[test]
    fn markdown_lines_link_to_the_source_view() {
        assert_eq!(
            line_href("https://h/o/r/blob/main", "docs/t.md", 12),
            "https://h/o/r/blob/main/docs/t.md?plain=1#L12"
        );
        assert_eq!(
            line_href("https://h/o/r/blob/main", "locales/ja-JP/errors.ftl", 42),
            "https://h/o/r/blob/main/locales/ja-JP/errors.ftl#L42"
        );
    }
}
