//! `errbook build`: the Markdown round trip, escaping of hostile text,
//! determinism and the removal of stale output.

mod common;
use common::{copy_tree, errbook};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use errbook::diag::Files;
use errbook::source::{extract, ExtractOptions};

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// A project with the shipped catalog, or with a fixture's.
fn project(from: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    match from {
        None => {
            copy_tree(Path::new("docs"), &dir.path().join("docs"));
            copy_tree(Path::new("locales"), &dir.path().join("locales"));
        }
        Some(fixture) => copy_tree(Path::new(fixture), dir.path()),
    }
    dir
}

fn build(dir: &Path, out: &str) {
    let o = errbook(dir, &["build", "--out", out]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn markdown_reads_back_into_the_same_codes_and_messages() {
    for fixture in [
        None,
        Some("tests/fixtures/build-status-and-escaping/cmd.in"),
    ] {
        let dir = project(fixture);
        build(dir.path(), "site");
        for tag in std::fs::read_dir(dir.path().join("locales")).unwrap() {
            let tag = tag.unwrap().file_name().to_string_lossy().into_owned();
            if tag.starts_with('.') {
                continue; // errbook's lock, not a locale
            }
            let md =
                std::fs::read(dir.path().join("site").join(&tag).join("error-codes.md")).unwrap();
            let json: serde_json::Value = serde_json::from_slice(
                &std::fs::read(dir.path().join("site").join(&tag).join("errors.json")).unwrap(),
            )
            .unwrap();
            let mut fs = Files::new();
            let ex = extract(
                Path::new("error-codes.md"),
                &md,
                &mut fs,
                &ExtractOptions::default(),
            );
            assert!(!ex.has_errors(), "{tag}: {:?}", ex.diagnostics);
            let got: Vec<(String, String, Option<String>)> = ex
                .catalog
                .entries
                .iter()
                .map(|e| {
                    (
                        e.code.to_string(),
                        e.message.to_string(),
                        e.hint.as_deref().map(str::to_owned),
                    )
                })
                .collect();
            let want: Vec<(String, String, Option<String>)> = json["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["code"].as_str().unwrap().to_owned(),
                        e["message"].as_str().unwrap().to_owned(),
                        e["hint"].as_str().map(str::to_owned),
                    )
                })
                .collect();
            assert_eq!(got, want, "{tag}");
            assert!(!want.is_empty());
        }
    }
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    let table = "# 错误码 <b>粗</b>\n\n\
        | 错误码 | 说明 |\n|---|---|\n\
        | 1 | `<script>alert(1)</script>` |\n\
        | 2 | `a\\|b` 与 `` ` `` 与 `*x*` 与 `[y](z)` |\n\
        | 3 | `{ $var }` 与 `&amp;` 与 `\"'` |\n\
        | 4 | 第一行<br>第二行 |\n";
    std::fs::write(dir.path().join("docs/error-codes.zh-CN.md"), table).unwrap();
    let o = errbook(dir.path(), &["sync"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    build(dir.path(), "site");
    let html = std::fs::read_to_string(dir.path().join("site/zh-CN/index.html")).unwrap();
    assert!(!html.contains("<script>alert"), "raw script in the page");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(!html.contains("<b>"));
    // The Markdown gives back every message exactly.
    let md = std::fs::read(dir.path().join("site/zh-CN/error-codes.md")).unwrap();
    let mut fs = Files::new();
    let ex = extract(Path::new("x.md"), &md, &mut fs, &ExtractOptions::default());
    let messages: Vec<&str> = ex.catalog.entries.iter().map(|e| &*e.message).collect();
    assert_eq!(
        messages,
        [
            "<script>alert(1)</script>",
            "a|b 与 ` 与 *x* 与 [y](z)",
            "{ $var } 与 &amp; 与 \"'",
            "第一行\n第二行"
        ]
    );
    assert_eq!(ex.catalog.title.as_deref(), Some("错误码 粗"));
}

#[test]
fn two_builds_are_byte_for_byte_identical_and_a_rebuild_writes_nothing() {
    let dir = project(None);
    build(dir.path(), "a");
    build(dir.path(), "b");
    let (a, b) = (files(&dir.path().join("a")), files(&dir.path().join("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{} differs between builds", k.display());
    }
    let before = std::fs::metadata(dir.path().join("a/en-US/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    let o = errbook(dir.path(), &["build", "--out", "a"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(" 0 written, 0 removed"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let after = std::fs::metadata(dir.path().join("a/en-US/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
    // No absolute paths or host names leak into the output.
    let root = dir.path().to_string_lossy().into_owned();
    for (k, v) in &a {
        let text = String::from_utf8_lossy(v);
        assert!(
            !text.contains(&root),
            "{} holds an absolute path",
            k.display()
        );
        // (An SVG's namespace is a name, not a link.)
        let text = text.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{} links to a host",
            k.display()
        );
    }
}

#[test]
fn a_removed_locale_leaves_no_stale_files_and_foreign_files_stay() {
    let dir = project(None);
    build(dir.path(), "site");
    std::fs::write(dir.path().join("site/CNAME"), "docs.example.com\n").unwrap();
    assert!(dir.path().join("site/ja-JP/index.html").is_file());
    std::fs::remove_dir_all(dir.path().join("locales/ja-JP")).unwrap();
    build(dir.path(), "site");
    assert!(
        !dir.path().join("site/ja-JP").exists(),
        "ja-JP output removed"
    );
    assert!(dir.path().join("site/en-US/index.html").is_file());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site/CNAME")).unwrap(),
        "docs.example.com\n"
    );
    let en = std::fs::read_to_string(dir.path().join("site/en-US/index.html")).unwrap();
    assert!(!en.contains("ja-JP"), "no link to the removed locale");
}

/// Leaves a syntax error in en-US's catalog, which the check refuses.
fn break_en_us(dir: &Path) {
    let en = dir.join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&en)
        .unwrap()
        .replace("error-280006 =", "error-280006 = {");
    std::fs::write(&en, text).unwrap();
}

#[test]
fn an_output_that_cannot_be_made_still_reports_the_findings_first() {
    let dir = project(None);
    std::fs::write(dir.path().join("blocker"), "a file, not a directory").unwrap();
    // A clean project: the output's failure, exit 2.
    let o = errbook(dir.path(), &["build", "--out", "blocker/site"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("blocker"));
    // A project that fails its check is refused with its findings (exit 1),
    // whatever its output.
    break_en_us(dir.path());
    let o = errbook(dir.path(), &["build", "--out", "blocker/site"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("syntax-error"), "{err}");
}

#[test]
fn build_refuses_to_publish_what_check_refuses() {
    let dir = project(None);
    break_en_us(dir.path());
    let o = errbook(dir.path(), &["build", "--out", "site"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("syntax-error"));
    assert!(!dir.path().join("site").exists());
}

#[test]
fn the_export_has_anchor_urls() {
    let dir = project(None);
    build(dir.path(), "site");
    let text = std::fs::read_to_string(dir.path().join("site/ja-JP/errors.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["locale"], "ja-JP");
    // Each entry is one line of its own: a change to a code is a one-line diff.
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.ends_with("\"entries\": ["))
        .skip(1)
        .take_while(|l| l.starts_with("    {"))
        .collect();
    assert_eq!(lines.len(), json["entries"].as_array().unwrap().len());
    for (line, entry) in lines.iter().zip(json["entries"].as_array().unwrap()) {
        let one: serde_json::Value =
            serde_json::from_str(line.trim().trim_end_matches(',')).unwrap();
        assert_eq!(&one, entry);
    }
    let e = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "280006")
        .unwrap();
    assert_eq!(e["url"], "index.html#280006");
    assert_eq!(e["message"], "すべてのオペレーターが対応中です。");
    assert_eq!(e["group"], "280xxx：カスタマーサービスとセッション");
    assert_eq!(e["status"], "translated");
}

/// Writes `table` as the source of a project in `dir` whose untranslated
/// entries are allowed (the site shows them in the source language).
fn write_untranslated_project(dir: &Path, table: &str) {
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/error-codes.zh-CN.md"), table).unwrap();
    std::fs::write(
        dir.join("errbook.toml"),
        "[checks]\nuntranslated = \"allow\"\n",
    )
    .unwrap();
}

/// A catalog of `n` codes in two headed groups, with en-US synced.
fn large_project(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut table = String::from("# 错误码\n\n");
    for (g, range) in [("## 通用错误", 0..n / 3), ("## 会话错误", n / 3..n)] {
        table.push_str(g);
        table.push_str("\n\n| 错误码 | 说明 |\n|---|---|\n");
        for i in range {
            table.push_str(&format!("| {} | 第{i}号错误。 |\n", 100_000 + i));
        }
        table.push('\n');
    }
    // Nothing is translated: the site shows the source text, marked.
    write_untranslated_project(dir.path(), &table);
    for tag in ["zh-CN", "en-US"] {
        let to = dir.path().join("locales").join(tag);
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(
            Path::new("locales").join(tag).join("site.ftl"),
            to.join("site.ftl"),
        )
        .unwrap();
    }
    let o = errbook(dir.path(), &["sync"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

#[test]
fn a_large_catalog_is_split_into_pages_with_a_search_index() {
    let n = 2_500;
    let dir = large_project(n);
    build(dir.path(), "site");
    let site = files(&dir.path().join("site"));
    for tag in ["zh-CN", "en-US"] {
        let pages: Vec<(&PathBuf, String)> = site
            .iter()
            .filter(|(p, _)| {
                p.starts_with(tag)
                    && p.extension().is_some_and(|e| e == "html")
                    && !p.ends_with("index.html")
                    && !p.ends_with("404.html")
            })
            .map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
            .collect();
        // 833 + 1,667 codes at most 1,000 a page: 1 + 2 parts.
        assert_eq!(
            pages.len(),
            3,
            "{tag}: {:?}",
            pages.iter().map(|p| p.0).collect::<Vec<_>>()
        );
        let index =
            String::from_utf8(site[&PathBuf::from(tag).join("index.html")].clone()).unwrap();
        let search =
            String::from_utf8(site[&PathBuf::from(tag).join("search-index.js")].clone()).unwrap();
        assert!(index.contains("data-search-index=\"search-index.js\""));
        let rows = |t: &str| -> Vec<String> {
            t.split("<tr id=\"")
                .skip(1)
                .map(|r| r[..r.find('"').unwrap()].to_owned())
                .collect()
        };
        let mut seen: Vec<String> = pages.iter().flat_map(|(_, t)| rows(t)).collect();
        assert!(rows(&index).is_empty(), "the index lists parts, not codes");
        seen.sort();
        // Each code is on exactly one part, and in the search index.
        let all: Vec<String> = (0..n).map(|i| (100_000 + i).to_string()).collect();
        assert!(seen == all, "{tag}: {} codes on the parts", seen.len());
        let entries = &search[search.find("\"entries\"").unwrap()..];
        let indexed: Vec<String> = entries
            .split("[\"")
            .skip(1)
            .map(|r| r[..r.find('"').unwrap()].to_owned())
            .collect();
        assert!(
            indexed == all,
            "{tag}: {} codes in the search index",
            indexed.len()
        );
        // errors.json links each code to the part it is on.
        let json: serde_json::Value =
            serde_json::from_slice(&site[&PathBuf::from(tag).join("errors.json")]).unwrap();
        let listed = json["entries"].as_array().unwrap();
        assert_eq!(listed.len(), n);
        for e in listed {
            let url = e["url"].as_str().unwrap();
            let (file, anchor) = url.split_once('#').unwrap();
            let page = String::from_utf8(site[&PathBuf::from(tag).join(file)].clone()).unwrap();
            assert!(
                page.contains(&format!("<tr id=\"{anchor}\"")),
                "{tag}: {url} does not lead to its code"
            );
        }
        for (p, text) in &pages {
            let file = p.file_name().unwrap().to_str().unwrap();
            assert!(
                index.contains(&format!("href=\"{file}\"")),
                "{file} not linked from the index"
            );
            assert!(
                text.len() < 1 << 20,
                "{} is {} bytes",
                p.display(),
                text.len()
            );
            // The language switch leads to the same part in the other locale.
            let other = if tag == "zh-CN" { "en-US" } else { "zh-CN" };
            assert!(
                text.contains(&format!("href=\"../{other}/{file}\"")),
                "{}",
                p.display()
            );
        }
    }
    // The status page links each code it lists to the part it is on.
    let status = String::from_utf8(site[&PathBuf::from("status.html")].clone()).unwrap();
    let mut followed = 0;
    for link in status.split("<a href=\"").skip(1) {
        let url = &link[..link.find('"').unwrap()];
        let Some((file, anchor)) = url.split_once('#') else {
            continue;
        };
        if !anchor.starts_with("10") {
            continue;
        }
        let page = String::from_utf8(site[&PathBuf::from(file)].clone()).unwrap();
        assert!(
            page.contains(&format!("<tr id=\"{anchor}\"")),
            "status.html: {url} does not lead to its code"
        );
        followed += 1;
    }
    assert!(
        followed > 100,
        "only {followed} code links on the status page"
    );
    // A second build writes nothing.
    let o = errbook(dir.path(), &["build", "--out", "site"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(" 0 written, 0 removed"), "{stderr}");
}

/// A site has a page per group, and a build stages them all before it puts
/// any in place: it must not hold a file open for each, or a catalog with
/// many groups fails with "too many open files" (the limit is 1,024 on
/// most Linux systems, 256 on macOS).
#[cfg(unix)]
#[test]
fn a_site_of_more_pages_than_open_files_builds() {
    let dir = tempfile::tempdir().unwrap();
    // More entries than one page holds, so that each group is a page.
    let mut table = String::from("# 错误码\n");
    for g in 0..200 {
        table.push_str(&format!("\n## 第{g}组\n\n| 错误码 | 说明 |\n|---|---|\n"));
        for k in 0..6 {
            let code = 100_000 + 10 * g + k;
            table.push_str(&format!("| {code} | 第{code}号错误。 |\n"));
        }
    }
    write_untranslated_project(dir.path(), &table);
    let o = errbook(dir.path(), &["sync", "--add-locale", "en-US"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // 2 locales x 200 group pages, with 64 files open at most.
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$0\" build --out site")
        .arg(env!("CARGO_BIN_EXE_errbook"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pages = std::fs::read_dir(dir.path().join("site/en-US"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with("g-") && name.ends_with(".html")
        })
        .count();
    assert!(pages >= 200, "{pages} group pages");
}

/// The Markdown page is written in pieces of rows as it is rendered: a
/// group of more rows than a piece stays one table, read back whole.
#[test]
fn a_group_longer_than_a_piece_is_one_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut table = String::from("# 错误码\n\n## 大组\n\n| 错误码 | 说明 |\n|---|---|\n");
    for i in 0..1300 {
        table.push_str(&format!("| {} | 第{i}号错误。 |\n", 100000 + i));
    }
    table.push_str("\n## 小组\n\n| 错误码 | 说明 |\n|---|---|\n| 200000 | 甲 |\n| 200001 | 乙 |\n");
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/error-codes.zh-CN.md"), &table).unwrap();
    std::fs::create_dir_all(dir.path().join("locales/zh-CN")).unwrap();
    assert!(errbook(dir.path(), &["sync", "-q"]).status.success());
    let o = errbook(dir.path(), &["build", "-q", "--out", "site"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = std::fs::read(dir.path().join("site/zh-CN/error-codes.md")).unwrap();
    let text = String::from_utf8(md.clone()).unwrap();
    assert_eq!(text.matches("\n## ").count(), 2, "{text}");
    assert_eq!(text.matches("|---|---|").count(), 2);
    let mut fs = Files::new();
    let ex = extract(Path::new("x.md"), &md, &mut fs, &ExtractOptions::default());
    assert!(!ex.has_errors(), "{:?}", ex.diagnostics);
    let got: Vec<(String, Option<String>)> = ex
        .catalog
        .entries
        .iter()
        .map(|e| {
            (
                e.code.as_str().to_owned(),
                e.group.as_deref().map(str::to_owned),
            )
        })
        .collect();
    let mut want: Vec<(String, Option<String>)> = (0..1300)
        .map(|i| ((100000 + i).to_string(), Some("大组".to_owned())))
        .collect();
    want.push(("200000".to_owned(), Some("小组".to_owned())));
    want.push(("200001".to_owned(), Some("小组".to_owned())));
    assert_eq!(got, want);
}
