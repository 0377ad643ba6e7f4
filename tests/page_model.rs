//! The page model `build` renders a locale from: its groups, their names,
//! and how it holds a hundred thousand entries (each group's entries
//! allocated once, one name shared by the entries of a group).

mod common;
use common::errbook;

use std::path::Path;
use std::sync::Arc;

use errbook::catalog::group_id_suffix;
use errbook::config::Config;
use errbook::project::Project;
use errbook::render::{self, Page, PageEntry, Status};

/// A table of codes under no heading (numbers in two thousands, dotted
/// text codes with three prefixes, a plain word), then a headed section
/// with a hint column.
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
| other.timeout | 八 |
| 1003 | 九 |

## 会话

| 错误码 | 说明 | 处理建议 |
|---|---|---|
| 5001 | 十 | 稍后重试 |
| 5002 | 十一 | |
";

/// The project, with en-US added by `errbook sync` and 1001 translated.
fn project(dir: &Path) -> Project {
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/error-codes.zh-CN.md"), TABLE).unwrap();
    let out = errbook(dir, &["sync", "--add-locale", "en-US"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let en = dir.join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&en).unwrap();
    let translated = text.replacen(
        "# untranslated\n# source: 一\nerror-1001 = 一\n",
        "# source: 一\nerror-1001 = One\n",
        1,
    );
    assert_ne!(
        translated, text,
        "sync wrote error-1001 as expected:\n{text}"
    );
    std::fs::write(&en, translated).unwrap();
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

fn entry<'a, 'p>(page: &'a Page<'p>, code: &str) -> &'a PageEntry<'p> {
    page.groups
        .iter()
        .flat_map(|g| &g.entries)
        .find(|e| e.code == code)
        .unwrap()
}

#[test]
fn codes_under_no_heading_are_grouped_by_range_and_prefix_each_name_made_once() {
    let tmp = tempfile::tempdir().unwrap();
    let project = project(tmp.path());
    let site = render::Site::new(
        render::RenderContext::of(&project),
        vec![None; project.locales.len()],
    );
    let headed = format!("g-{}", group_id_suffix("会话").trim_start_matches("group-"));
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
                ("g-other", vec!["plain", "other.timeout"]),
                (headed.as_str(), vec!["5001", "5002"]),
            ],
            "{tag}"
        );
        assert_eq!(page.groups[5].name, "会话", "{tag}");
        for g in &page.groups {
            // Reserved at its final size, not grown by doubling (Vec's
            // reserve_exact asks the allocator for exactly that).
            assert_eq!(g.entries.capacity(), g.entries.len(), "{tag} {}", g.anchor);
            assert_eq!(*g.entries[0].group, *g.name, "{tag} {}", g.anchor);
            for e in &g.entries {
                assert_eq!(e.anchor(), e.code);
            }
        }
        // Codes of one range, prefix or heading share one name.
        for (a, b) in [
            ("1001", "1003"),
            ("auth.expired", "auth.denied"),
            ("5001", "5002"),
        ] {
            let (a, b) = (entry(&page, a), entry(&page, b));
            assert!(
                Arc::ptr_eq(&a.group, &b.group),
                "{tag}: {} {}",
                a.code,
                b.code
            );
        }
        // `plain` and `other.timeout` share the anchor g-other, not the
        // name: each keeps its own, as the group's first entry's is shown
        // for the group.
        let (plain, other) = (entry(&page, "plain"), entry(&page, "other.timeout"));
        assert_ne!(plain.group, other.group, "{tag}");
        assert!(other.group.contains("other"), "{tag}: {}", other.group);
        assert_eq!(
            other.group,
            entry(&page, "auth.expired")
                .group
                .replace("auth", "other")
                .into(),
            "{tag}: named as a prefix"
        );
    }
}

#[test]
fn an_entry_says_which_of_its_texts_are_in_the_source_language() {
    let tmp = tempfile::tempdir().unwrap();
    let project = project(tmp.path());
    let site = render::Site::new(
        render::RenderContext::of(&project),
        vec![None; project.locales.len()],
    );
    let page = page_of(&project, &site, "en-US");
    let json = |e: &PageEntry| serde_json::to_value(e).unwrap();

    let translated = entry(&page, "1001");
    assert_eq!(translated.status, Status::Translated);
    assert_eq!(translated.message, "One");
    assert_eq!(translated.message_lang(), None);
    assert_eq!(json(translated)["message_lang"], serde_json::Value::Null);
    assert_eq!(json(translated)["anchor"], "1001");

    let with_hint = entry(&page, "5001");
    assert_eq!(with_hint.status, Status::Untranslated);
    assert_eq!(
        (&*with_hint.message, with_hint.hint.as_deref()),
        ("十", Some("稍后重试"))
    );
    assert_eq!(with_hint.message_lang(), Some("zh-CN"));
    assert_eq!(with_hint.hint_lang(), Some("zh-CN"));
    assert_eq!(json(with_hint)["message_lang"], "zh-CN");
    assert_eq!(json(with_hint)["hint_lang"], "zh-CN");

    let no_hint = entry(&page, "5002");
    assert_eq!(no_hint.message_lang(), Some("zh-CN"));
    assert_eq!(no_hint.hint_lang(), None, "no hint, so no hint language");
    assert_eq!(json(no_hint)["hint_lang"], serde_json::Value::Null);

    let source = page_of(&project, &site, "zh-CN");
    let e = entry(&source, "5001");
    assert_eq!(
        (e.message_lang(), e.hint_lang()),
        (None, None),
        "the source page is in its own language"
    );
}

/// `Project::pipeline` runs both stages on every locale in the order given,
/// the second with what the first returned, and only on those locales; the
/// first stage of a locale never starts before the second stage of the one
/// two places before it has ended (at most two locales are in flight).
#[test]
fn the_pipeline_runs_each_locale_through_both_stages_in_order() {
    use std::sync::Mutex;
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("docs"), &dir.path().join("docs"));
    common::copy_tree(Path::new("locales"), &dir.path().join("locales"));
    let project = Project::load(Config::for_root(dir.path()).unwrap()).unwrap();
    let n = project.locales.len();
    assert!(n >= 3, "the shipped project has {n} locales");
    // Every locale but the first, last first.
    let order: Vec<usize> = (1..n).rev().collect();
    let events = Mutex::new(Vec::new());
    let out = project.pipeline(
        &errbook::progress::Silent,
        "testing",
        &order,
        |i, loc| {
            events.lock().unwrap().push(("first", i));
            (i, loc.dir.tag.clone())
        },
        |i, loc, (from, tag)| {
            events.lock().unwrap().push(("second", i));
            assert_eq!((from, &tag), (i, &loc.dir.tag));
            events.lock().unwrap().push(("second ended", i));
            format!("{tag}!")
        },
    );
    assert_eq!(out.len(), n);
    assert_eq!(out[0], None);
    for (i, o) in out.iter().enumerate().skip(1) {
        assert_eq!(
            o.as_deref(),
            Some(&*format!("{}!", project.locales[i].dir.tag))
        );
    }
    let events = events.into_inner().unwrap();
    let at = |what: &str, i: usize| events.iter().position(|e| *e == (what, i)).unwrap();
    for (k, &i) in order.iter().enumerate() {
        assert!(at("first", i) < at("second", i));
        if k > 0 {
            assert!(at("first", order[k - 1]) < at("first", i), "{events:?}");
        }
        if k > 1 {
            assert!(
                at("second ended", order[k - 2]) < at("first", i),
                "{events:?}"
            );
        }
    }
}
