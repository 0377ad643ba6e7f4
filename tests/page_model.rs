//! The page model `build` renders a locale from: its groups, their names,
//! and how it holds a hundred thousand entries (each group's entries
//! allocated once, one name shared by a group's entries).

use std::path::Path;
use std::sync::Arc;

use errbook::config::Config;
use errbook::project::Project;
use errbook::render::{self, Page};

/// A table with a headed section and codes under no heading: numbers in
/// two thousands, dotted text codes with two prefixes, and a plain word.
const TABLE: &str = "\
# 错误码

| 错误码 | 说明 |
|---|---|
| 1001 | 一 |
| 2001 | 二 |
| 1002 | 三 |
| auth.expired | 四 |
| auth.denied | 五 |
| quota.full | 六 |
| plain | 七 |
| 1003 | 八 |

## 会话

| 错误码 | 说明 |
|---|---|
| 5001 | 九 |
| 5002 | 十 |
";

fn project(dir: &Path) -> Project {
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/error-codes.zh-CN.md"), TABLE).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(["sync", "--add-locale", "en-US"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Project::load(Config::for_root(dir).unwrap()).expect("the project loads")
}

fn page_of<'p>(project: &'p Project, site: &render::Site<'p>, tag: &str) -> Page<'p> {
    let i = project
        .locales
        .iter()
        .position(|l| l.dir.tag == tag)
        .unwrap();
    let read = project.read_catalog(&project.locales[i]);
    let catalog = read.loaded.map(|l| l.ftl);
    site.locale(i, catalog.as_ref())
}

#[test]
fn codes_under_no_heading_are_grouped_by_range_and_prefix_each_group_named_once() {
    let tmp = tempfile::tempdir().unwrap();
    let project = project(tmp.path());
    let titles = vec![None; project.locales.len()];
    let site = render::Site::new(&project, titles);
    for tag in ["zh-CN", "en-US"] {
        let page = page_of(&project, &site, tag);
        let groups: Vec<(&str, Vec<&str>)> = page
            .groups
            .iter()
            .map(|g| {
                (
                    g.anchor.as_str(),
                    g.entries.iter().map(|e| e.code).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("g-1xxx", vec!["1001", "1002", "1003"]),
                ("g-2xxx", vec!["2001"]),
                ("g-auth", vec!["auth.expired", "auth.denied"]),
                ("g-quota", vec!["quota.full"]),
                ("g-other", vec!["plain"]),
                (groups[5].0, vec!["5001", "5002"]),
            ],
            "{tag}"
        );
        assert!(groups[5].0.starts_with("g-"), "{tag}: {}", groups[5].0);
        for g in &page.groups {
            // Allocated once at its final size, not grown by doubling.
            assert_eq!(g.entries.capacity(), g.entries.len(), "{tag} {}", g.anchor);
            // One name for the group's entries, the group's own.
            let first = &g.entries[0].group;
            assert_eq!(**first, *g.name, "{tag} {}", g.anchor);
            for e in &g.entries {
                assert!(Arc::ptr_eq(&e.group, first), "{tag} {}", e.code);
                assert_eq!(e.anchor(), e.code);
            }
        }
        assert_eq!(page.groups[5].name, "会话", "{tag}");
    }
}

#[test]
fn an_untranslated_entry_is_marked_in_the_source_language_and_its_hint_only_when_it_has_one() {
    let tmp = tempfile::tempdir().unwrap();
    let project = project(tmp.path());
    let site = render::Site::new(&project, vec![None; project.locales.len()]);
    let page = page_of(&project, &site, "en-US");
    let e = &page.groups[0].entries[0];
    assert_eq!(e.message, "一");
    assert_eq!(e.message_lang(), Some("zh-CN"));
    assert_eq!(e.hint, None);
    assert_eq!(e.hint_lang(), None, "no hint, so no hint language");
    let json = serde_json::to_value(e).unwrap();
    assert_eq!(json["anchor"], "1001");
    assert_eq!(json["message_lang"], "zh-CN");
    assert_eq!(json["hint_lang"], serde_json::Value::Null);
    let source = page_of(&project, &site, "zh-CN");
    let e = &source.groups[0].entries[0];
    assert_eq!(
        e.message_lang(),
        None,
        "the source page is in its own language"
    );
}
