//! The status page and the coverage badges of `errbook build`, on a fixture
//! whose ja-JP locale has missing, untranslated, stale and obsolete
//! entries (`tests/fixtures/build-status-page`; its `cmd.out` is the
//! byte-for-byte snapshot, these tests say what in it matters).

mod common;
use common::{copy_tree, errbook};

use std::path::Path;

const FIXTURE: &str = "tests/fixtures/build-status-page/cmd.in";
const REPO: &str = "https://github.com/example/service/blob/main";

fn built(repo_url: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(FIXTURE), dir.path());
    if repo_url {
        let toml = dir.path().join("errbook.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("repo-url = \"{REPO}/\"\n{text}")).unwrap();
    }
    let o = errbook(dir.path(), &["build", "--out", "site"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// The `<li>` lines of one list of the status page (`ja-JP-missing`).
fn list(html: &str, id: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("<h3 id=\"{id}\">")) else {
        return Vec::new();
    };
    let rest = &html[start..];
    let end = rest.find("</ul>").unwrap();
    rest[..end]
        .lines()
        .filter(|l| l.starts_with("<li>"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_status_page_lists_each_finding_where_check_reports_it() {
    let dir = built(false);
    let html = read(dir.path(), "site/status.html");
    assert_eq!(
        list(&html, "ja-JP-missing"),
        [
            "<li><a href=\"ja-JP/index.html#1004\" hreflang=\"ja-JP\"><code>1004</code></a> <span class=\"where\">docs/error-codes.zh-CN.md:12</span></li>",
            "<li><a href=\"ja-JP/index.html#280009\" hreflang=\"ja-JP\"><code>280009</code></a> <span class=\"where\">docs/error-codes.zh-CN.md:20</span></li>",
        ]
    );
    assert_eq!(
        list(&html, "ja-JP-untranslated"),
        ["<li><a href=\"ja-JP/index.html#1002\" hreflang=\"ja-JP\"><code>1002</code></a> <span class=\"where\">locales/ja-JP/errors.ftl:36</span></li>"]
    );
    assert_eq!(
        list(&html, "ja-JP-stale"),
        ["<li><a href=\"ja-JP/index.html#280006\" hreflang=\"ja-JP\"><code>280006</code></a> <span class=\"where\">locales/ja-JP/errors.ftl:45</span></li>"]
    );
    assert_eq!(
        list(&html, "ja-JP-obsolete"),
        [
            "<li><code>error-1005</code> <span class=\"where\">locales/ja-JP/errors.ftl:58</span></li>",
            "<li><code>error-280007</code> <span class=\"where\">locales/ja-JP/errors.ftl:61</span></li>",
        ]
    );
    // A complete locale and the source locale have nothing to list.
    for id in ["en-US", "zh-CN"] {
        for kind in ["missing", "untranslated", "stale", "obsolete"] {
            assert!(
                list(&html, &format!("{id}-{kind}")).is_empty(),
                "{id}-{kind}"
            );
        }
    }
    assert!(
        !html.contains("https://"),
        "no repository links without repo-url"
    );

    // Every page link lands on an entry of the locale's page.
    let page = read(dir.path(), "site/ja-JP/index.html");
    for code in ["1004", "280009", "1002", "280006"] {
        assert!(page.contains(&format!("<tr id=\"{code}\"")), "{code}");
    }

    // The places are the ones `errbook check` reports (the same facts).
    let o = errbook(dir.path(), &["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lines: Vec<(String, u64)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"] != "missing-message")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [36, 45, 58, 61].map(|l| ("locales/ja-JP/errors.ftl".to_owned(), l))
    );

    // The counts are those of `errbook stats`.
    let o = errbook(dir.path(), &["stats", "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ja = stats
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["locale"] == "ja-JP")
        .unwrap();
    let row = &html[html.find("<a href=\"#ja-JP\">").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    for (label, key) in [
        ("Missing", "missing"),
        ("Not yet translated", "untranslated"),
        ("Stale", "stale"),
        ("Obsolete", "obsolete"),
    ] {
        assert!(
            row.contains(&format!("data-label=\"{label}\">{}</td>", ja[key])),
            "{label}: {row}"
        );
    }
    assert!(row.contains("value=\"50\""), "{row}");
    assert!(row.contains("(4 of 8)"), "{row}");
}

#[test]
fn with_repo_url_each_finding_links_to_its_line() {
    let dir = built(true);
    let html = read(dir.path(), "site/status.html");
    let href = |l: &String| {
        let needle = "<span class=\"where\"><a href=\"";
        let at = l.find(needle).unwrap() + needle.len();
        l[at..at + l[at..].find('"').unwrap()].to_owned()
    };
    let missing: Vec<String> = list(&html, "ja-JP-missing").iter().map(href).collect();
    assert_eq!(
        missing,
        [
            format!("{REPO}/docs/error-codes.zh-CN.md?plain=1#L12"),
            format!("{REPO}/docs/error-codes.zh-CN.md?plain=1#L20"),
        ]
    );
    let ftl = format!("{REPO}/locales/ja-JP/errors.ftl");
    for (id, lines) in [
        ("ja-JP-untranslated", vec![36]),
        ("ja-JP-stale", vec![45]),
        ("ja-JP-obsolete", vec![58, 61]),
    ] {
        let got: Vec<String> = list(&html, id).iter().map(href).collect();
        let want: Vec<String> = lines.iter().map(|l| format!("{ftl}#L{l}")).collect();
        assert_eq!(got, want, "{id}");
    }
    assert!(html.contains(&format!("<a href=\"{ftl}\">locales/ja-JP/errors.ftl</a>")));
    // Obsolete entries are on no page: only the repository link.
    assert!(list(&html, "ja-JP-obsolete")
        .iter()
        .all(|l| !l.contains("index.html")));
}

#[test]
fn a_bad_repo_url_is_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(FIXTURE), dir.path());
    std::fs::write(
        dir.path().join("errbook.toml"),
        "repo-url = \"javascript:alert(1)\"\n",
    )
    .unwrap();
    let o = errbook(dir.path(), &["build", "--out", "site"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("errbook.toml") && err.contains("repo-url"),
        "{err}"
    );
    assert!(!dir.path().join("site").exists());
}

/// A badge's facts, read from its SVG as XML.
struct Badge {
    width: u32,
    title: String,
    label: String,
    value: String,
    color: String,
}

fn badge(dir: &Path, tag: &str) -> Badge {
    let text = read(dir, &format!("site/badges/{tag}.svg"));
    let doc = roxmltree::Document::parse(&text).expect("the badge is well-formed XML");
    let svg = doc.root_element();
    assert_eq!(svg.tag_name().name(), "svg");
    assert_eq!(
        svg.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(svg.attribute("role"), Some("img"));
    let title = svg
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|t| t.text())
        .expect("a <title>")
        .to_owned();
    assert_eq!(svg.attribute("aria-label"), Some(title.as_str()));
    let rects: Vec<_> = svg
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.parent().unwrap().has_tag_name("g"))
        .collect();
    let w = |n: &roxmltree::Node| n.attribute("width").unwrap().parse::<u32>().unwrap();
    let width: u32 = svg.attribute("width").unwrap().parse().unwrap();
    assert_eq!(
        w(&rects[0]) + w(&rects[1]),
        width,
        "the halves fill the badge"
    );
    let texts: Vec<&str> = svg
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(texts.len(), 4, "label and value, each with its shadow");
    Badge {
        width,
        title,
        label: texts[0].to_owned(),
        value: texts[2].to_owned(),
        color: rects[1].attribute("fill").unwrap().to_owned(),
    }
}

#[test]
fn badges_are_svg_with_the_percentage_and_the_colour_of_its_tier() {
    let dir = built(false);
    let ja = badge(dir.path(), "ja-JP");
    assert_eq!((ja.label.as_str(), ja.value.as_str()), ("ja-JP", "50%"));
    assert_eq!(ja.color, "#b35900", "50% is the orange tier");
    assert_eq!(ja.title, "ja-JP: 50% translated (4 of 8 error codes)");
    let en = badge(dir.path(), "en-US");
    assert_eq!(en.value, "100%");
    assert_eq!(en.color, "#1a7f37");
    let zh = badge(dir.path(), "zh-CN");
    assert_eq!(
        (zh.value.as_str(), zh.color.as_str()),
        ("source", "#0969da")
    );
    assert!(zh.width > en.width, "\"source\" is wider than \"100%\"");
    let html = read(dir.path(), "site/status.html");
    assert!(html.contains(&format!(
        "<img src=\"badges/ja-JP.svg\" alt=\"{}\" width=\"{}\" height=\"20\">",
        ja.title, ja.width
    )));

    // Translating moves ja-JP up a tier, and a locale removed takes its
    // badge with it.
    let ftl = dir.path().join("locales/ja-JP/errors.ftl");
    let text = read(dir.path(), "locales/ja-JP/errors.ftl")
        .replace(
            "# untranslated\n# source: 签名错误。\nerror-1002 = 签名错误。",
            "# source: 签名错误。\nerror-1002 = 署名エラーです。",
        )
        .replace("# stale, source was: 坐席繁忙。\n", "");
    std::fs::write(&ftl, text).unwrap();
    std::fs::remove_dir_all(dir.path().join("locales/en-US")).unwrap();
    let o = errbook(dir.path(), &["build", "--out", "site"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ja = badge(dir.path(), "ja-JP");
    assert_eq!((ja.value.as_str(), ja.color.as_str()), ("75%", "#8a6100"));
    assert!(!dir.path().join("site/badges/en-US.svg").exists());
    let html = read(dir.path(), "site/status.html");
    assert!(list(&html, "ja-JP-untranslated").is_empty());
    assert!(list(&html, "ja-JP-stale").is_empty());
    assert_eq!(list(&html, "ja-JP-missing").len(), 2);
    let o = errbook(dir.path(), &["build", "--out", "site"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(" 0 written, 0 removed"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
