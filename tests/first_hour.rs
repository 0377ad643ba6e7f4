//! A new project's first hour, as a newcomer runs it: `init` from a page,
//! two locales added, `build` with nothing translated yet. The build does
//! not dead-end: it exits 0, says in one line what is not translated, and
//! the pages show the source text with its language and a mark; `--deny
//! warnings` keeps the gate strict, and `check` still fails.

mod common;
use common::errbook;

use std::path::Path;
use std::process::Output;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A project started with `init` from this repository's table, with
/// en-US and Arabic added and nothing translated.
fn new_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/error-codes.zh-CN.md");
    let o = errbook(
        tmp.path(),
        &["init", "--from", page.to_str().unwrap(), "proj"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = errbook(
        &tmp.path().join("proj"),
        &["sync", "--add-locale", "en-US", "--add-locale", "ar"],
    );
    assert!(o.status.success(), "{}", text(&o));
    tmp
}

#[test]
fn build_with_untranslated_entries_builds_and_says_so_in_one_line() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    let o = errbook(&proj, &["build", "--out", "site"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    // Every message of both new locales is untranslated: counted, not
    // listed.
    let marked: usize = ["en-US", "ar"]
        .iter()
        .map(|t| {
            std::fs::read_to_string(proj.join(format!("locales/{t}/errors.ftl")))
                .unwrap()
                .lines()
                .filter(|l| *l == "# untranslated")
                .count()
        })
        .sum();
    assert!(marked > 144, "{marked}");
    assert!(
        out.contains(&format!("{marked} messages show the source text")),
        "{out}"
    );
    assert!(!out.contains("EB0206"), "listed one by one:\n{out}");
    assert!(
        out.lines().count() < 10,
        "a new project's build prints a screenful:\n{out}"
    );
    // The page shows the source text, in its language, with a mark.
    let page = std::fs::read_to_string(proj.join("site/en-US/index.html")).unwrap();
    assert!(
        page.contains(r#"<span class="mark untranslated">"#),
        "no mark"
    );
    assert!(
        page.contains(r#"<span lang="zh-CN" dir="auto">坐席繁忙。</span>"#),
        "no lang"
    );
}

#[test]
fn deny_warnings_and_check_stay_strict() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    let o = errbook(&proj, &["build", "--out", "site", "--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("EB0206"), "{}", text(&o));
    assert!(!proj.join("site").exists());
    let o = errbook(&proj, &["check", "--all"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("error: `error-280006` is not translated yet"));
}

#[test]
fn a_stale_translation_builds_with_its_mark() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    // Translate one entry, then change its source text: stale.
    let ftl = proj.join("locales/en-US/errors.ftl");
    let t = std::fs::read_to_string(&ftl).unwrap();
    let t = t.replace(
        "# untranslated\n# source: 坐席繁忙。\nerror-280006 = 坐席繁忙。",
        "# source: 坐席繁忙。\nerror-280006 = All agents are busy.",
    );
    assert!(t.contains("error-280006 = All agents are busy."), "{t}");
    std::fs::write(&ftl, t).unwrap();
    let table = proj.join("docs/error-codes.zh-CN.md");
    let s = std::fs::read_to_string(&table)
        .unwrap()
        .replace("坐席繁忙。", "坐席全忙。");
    std::fs::write(&table, s).unwrap();
    assert!(errbook(&proj, &["sync"]).status.success());
    let o = errbook(&proj, &["build", "--out", "site"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("1 translation is marked as possibly out of date"),
        "{out}"
    );
    let page = std::fs::read_to_string(proj.join("site/en-US/index.html")).unwrap();
    assert!(
        page.contains(r#"<span class="mark stale">"#),
        "no stale mark"
    );
    assert!(page.contains("All agents are busy."));
}

#[test]
fn explain_says_how_to_change_every_level() {
    for c in errbook::registry::ALL {
        let o = errbook(Path::new("."), &["explain", c.name]);
        let out = text(&o);
        assert!(o.status.success(), "{out}");
        if errbook::registry::is_fatal(c) {
            assert!(out.contains("cannot lower it"), "{}: {out}", c.name);
        } else {
            assert!(
                out.contains(&format!("[checks]\n    {} = \"", c.name)),
                "{}: {out}",
                c.name
            );
        }
        if errbook::run::is_incomplete(c) {
            assert!(out.contains("`errbook build` builds the site"), "{out}");
        }
    }
}

#[test]
fn every_page_has_chrome_in_its_own_language_and_arabic_reads_right_to_left() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    assert!(!proj.join("locales/zh-CN/site.ftl").exists());
    let o = errbook(&proj, &["build", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let page =
        |tag: &str| std::fs::read_to_string(proj.join(format!("site/{tag}/index.html"))).unwrap();
    let label = |tag: &str| {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/render/chrome/{tag}.ftl")),
        )
        .unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix("filter-label = "))
            .unwrap()
            .to_owned()
    };
    let (zh, en, ar) = (page("zh-CN"), page("en-US"), page("ar"));
    assert!(
        zh.contains(&label("zh-Hans")),
        "the zh-CN page's chrome is not Chinese"
    );
    assert!(
        !zh.contains(&label("en")),
        "English chrome on the zh-CN page"
    );
    assert!(en.contains(&label("en")));
    assert!(
        ar.contains(&label("ar")),
        "the Arabic page's chrome is not Arabic"
    );
    assert!(ar.contains(r#"<html lang="ar" dir="rtl">"#), "no dir=rtl");
    assert!(!zh.contains(r#"dir="rtl""#) && !en.contains(r#"dir="rtl""#));
    // The language switch names each locale in its own language.
    for name in ["简体中文", "English", "العربية"] {
        assert!(en.contains(name), "{name} missing from the switch");
    }
    // None of them has a site.ftl, and check does not ask for one.
    let o = errbook(&proj, &["check", "--format", "json"]);
    assert!(!text(&o).contains("site.ftl"), "{}", text(&o));
}

#[test]
fn a_language_errbook_has_no_strings_for_is_reported_once() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    assert!(errbook(&proj, &["sync", "--add-locale", "nl-NL"])
        .status
        .success());
    let o = errbook(&proj, &["check"]);
    let out = text(&o);
    let found: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[EB0220 site-strings]"))
        .collect();
    assert_eq!(found.len(), 1, "{out}");
    assert!(found[0].contains("locales/nl-NL/site.ftl"), "{}", found[0]);
    assert!(found[0].contains("warning:"), "{}", found[0]);
    // Its name in the language switch is its own (CLDR's), not "English".
    assert!(errbook(&proj, &["build", "--out", "site"]).status.success());
    let page = std::fs::read_to_string(proj.join("site/en-US/index.html")).unwrap();
    assert_eq!(page.matches(">English<").count(), 1, "{page}");
    assert!(page.contains(">Nederlands<"), "{page}");
    // A site.ftl with every string settles it.
    let en = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/chrome/en.ftl"),
    )
    .unwrap();
    std::fs::write(proj.join("locales/nl-NL/site.ftl"), en).unwrap();
    let o = errbook(&proj, &["check"]);
    assert!(!text(&o).contains("EB0220"), "{}", text(&o));
}

#[test]
fn small_things_a_new_user_saw() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    assert!(errbook(&proj, &["build", "--out", "site"]).status.success());
    let page = |p: &str| std::fs::read_to_string(proj.join("site").join(p)).unwrap();
    // The source locale's page is the source: no "100% translated".
    assert!(!page("zh-CN/index.html").contains(r#"class="coverage""#));
    assert!(page("en-US/index.html").contains(r#"class="coverage""#));
    // The status page calls it the source, and its number columns are
    // aligned as their headers are.
    let status = page("status.html");
    assert!(
        status.contains(r#"<td data-label="Translated">source</td>"#),
        "{status}"
    );
    assert!(status.contains(r#"<th scope="col" class="num">Missing</th>"#));
    // One locale is "1 locale".
    let one = tempfile::tempdir().unwrap();
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/error-codes.zh-CN.md");
    assert!(errbook(
        one.path(),
        &["init", "-q", "--from", table.to_str().unwrap(), "p"]
    )
    .status
    .success());
    let o = errbook(&one.path().join("p"), &["check"]);
    assert!(
        text(&o).contains("codes in 1 locale: no problems"),
        "{}",
        text(&o)
    );
    let o = errbook(&one.path().join("p"), &["build", "--out", "site"]);
    assert!(
        text(&o).contains("built the site for 1 locale into"),
        "{}",
        text(&o)
    );
}

#[test]
fn commands_find_the_project_from_any_subdirectory() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    assert!(proj.join("errbook.toml").is_file());
    for sub in ["docs", "locales/en-US"] {
        let o = errbook(&proj.join(sub), &["stats"]);
        assert!(o.status.success(), "{sub}: {}", text(&o));
        assert!(text(&o).contains("en-US"), "{sub}: {}", text(&o));
    }
    // A finding names its file from where the command runs.
    let o = errbook(&proj.join("docs"), &["check"]);
    assert!(
        text(&o).contains("../locales/en-US/errors.ftl:"),
        "{}",
        text(&o)
    );
    // Without an errbook.toml, the default layout is found the same way.
    std::fs::remove_file(proj.join("errbook.toml")).unwrap();
    let o = errbook(&proj.join("locales"), &["stats"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn outside_a_project_the_message_says_how_to_start_one() {
    let tmp = tempfile::tempdir().unwrap();
    let o = errbook(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o);
    assert!(out.contains("no errbook project here"), "{out}");
    assert!(out.contains("errbook init"), "{out}");
    // The search stops at a repository's root: a project above it is not
    // this repository's.
    let tmp = new_project();
    let repo = tmp.path().join("proj/vendor/other");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("src")).unwrap();
    let o = errbook(&repo.join("src"), &["check"]);
    assert!(text(&o).contains("no errbook project here"), "{}", text(&o));
    // A command line that names the table works where it runs.
    let o = errbook(
        &repo.join("src"),
        &["extract", "--source", "../../../docs/error-codes.zh-CN.md"],
    );
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn init_refuses_to_overwrite_with_a_code_of_its_own_and_force_replaces() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/error-codes.zh-CN.md");
    let page = page.to_str().unwrap();
    let toml_before = std::fs::read_to_string(proj.join("errbook.toml")).unwrap();
    let en_before = std::fs::read(proj.join("locales/en-US/errors.ftl")).unwrap();
    let o = errbook(tmp.path(), &["init", "--from", page, "proj"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("[EB0305 init-exists]"), "{}", text(&o));
    assert!(text(&o).contains("--force"), "{}", text(&o));

    // --force replaces what init writes, and nothing else.
    std::fs::write(proj.join("errbook.toml"), "# edited\n").unwrap();
    let o = errbook(tmp.path(), &["init", "--force", "--from", page, "proj"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(proj.join("errbook.toml")).unwrap(),
        toml_before
    );
    assert_eq!(
        std::fs::read(proj.join("locales/en-US/errors.ftl")).unwrap(),
        en_before
    );

    // A directory where a file goes: refused, and what was replaced comes back.
    std::fs::write(proj.join("errbook.toml"), "# mine\n").unwrap();
    std::fs::remove_dir_all(proj.join(".github")).unwrap();
    std::fs::create_dir_all(proj.join(".github/workflows/errbook.yml")).unwrap();
    let o = errbook(tmp.path(), &["init", "--force", "--from", page, "proj"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("cannot replace it"), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(proj.join("errbook.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn check_shows_a_few_of_each_kind_and_counts_the_rest() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    let o = errbook(&proj, &["check"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1));
    let full = |tag: &str| {
        out.lines()
            .filter(|l| {
                l.starts_with(&format!("locales/{tag}/errors.ftl:")) && l.contains("[EB0206")
            })
            .count()
    };
    assert_eq!((full("en-US"), full("ar")), (3, 3), "{out}");
    let untranslated = |tag: &str| {
        std::fs::read_to_string(proj.join(format!("locales/{tag}/errors.ftl")))
            .unwrap()
            .lines()
            .filter(|l| *l == "# untranslated")
            .count()
    };
    for tag in ["en-US", "ar"] {
        let line = format!(
            "… and {} more untranslated errors [EB0206] in {tag}",
            untranslated(tag) - 3
        );
        assert!(out.contains(&line), "{line}\n{out}");
    }
    assert!(out.lines().count() < 60, "{out}");
    // The summary line counts every one.
    let total = untranslated("en-US") + untranslated("ar");
    assert!(out.contains(&format!("{total} errors")), "{out}");
    // --all, JSON and GitHub list every one.
    let o = errbook(&proj, &["check", "--all"]);
    assert_eq!(text(&o).matches("[EB0206 untranslated]").count(), total);
    let o = errbook(&proj, &["check", "--format", "github"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), total);
    let o = errbook(&proj, &["check", "--format", "json"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout)
            .matches("\"code\": \"EB0206\"")
            .count(),
        total
    );
}

#[test]
fn a_site_url_makes_links_absolute_and_a_sitemap() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    let toml = proj.join("errbook.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.insert_str(0, "site-url = \"https://example.github.io/errors/\"\n");
    std::fs::write(&toml, config).unwrap();
    let o = errbook(&proj, &["build", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let page = std::fs::read_to_string(proj.join("site/en-US/index.html")).unwrap();
    let base = "https://example.github.io/errors";
    assert!(
        page.contains(&format!(
            r#"<link rel="canonical" href="{base}/en-US/index.html">"#
        )),
        "{page}"
    );
    assert!(page.contains(&format!(r#"hreflang="ar" href="{base}/ar/index.html""#)));
    assert!(page.contains(&format!(r#"hreflang="x-default" href="{base}/""#)));
    assert!(page.contains(r#"<meta name="description" content=""#));
    let map = std::fs::read_to_string(proj.join("site/sitemap.xml")).unwrap();
    assert!(map.starts_with("<?xml"));
    for tag in ["zh-CN", "en-US", "ar"] {
        assert!(
            map.contains(&format!("<loc>{base}/{tag}/index.html</loc>")),
            "{map}"
        );
        assert!(map.contains(&format!(
            r#"<xhtml:link rel="alternate" hreflang="{tag}" href="{base}/{tag}/index.html"/>"#
        )));
    }
    assert!(!map.contains("status.html"));
    // Without it: relative links, no sitemap.
    let tmp2 = new_project();
    let proj2 = tmp2.path().join("proj");
    assert!(errbook(&proj2, &["build", "--out", "site"])
        .status
        .success());
    assert!(!proj2.join("site/sitemap.xml").exists());
    let page = std::fs::read_to_string(proj2.join("site/en-US/index.html")).unwrap();
    assert!(page.contains(r#"<link rel="canonical" href="index.html">"#));
    // A site-url that is no URL is refused with a reason.
    std::fs::write(
        proj2.join("errbook.toml"),
        "site-url = \"example.github.io\"\n",
    )
    .unwrap();
    let o = errbook(&proj2, &["build", "--out", "site"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("site-url `example.github.io` is not an http(s) URL"),
        "{}",
        text(&o)
    );
}

#[cfg(unix)]
#[test]
fn build_open_opens_the_root_page() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    // A stand-in for the desktop's opener, which records what it was given.
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opened = tmp.path().join("opened");
    let opener = bin.join(if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    });
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(["build", "--out", "site", "--open"])
        .current_dir(&proj)
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    // The opener runs detached: wait for its whole line (the shell makes
    // the file before it writes to it).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut got = String::new();
    while !got.ends_with('\n') && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        got = std::fs::read_to_string(&opened).unwrap_or_default();
    }
    assert_eq!(got.trim(), "site/index.html");
}

#[test]
fn every_locale_has_a_not_found_page_in_its_language() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    assert!(errbook(&proj, &["build", "--out", "site"]).status.success());
    let chrome = |file: &str, id: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/render/chrome/{file}.ftl")),
        )
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{id} = ")).map(str::to_owned))
        .unwrap()
    };
    for (tag, file) in [("zh-CN", "zh-Hans"), ("en-US", "en"), ("ar", "ar")] {
        let page = std::fs::read_to_string(proj.join(format!("site/{tag}/404.html"))).unwrap();
        assert!(
            page.contains(&format!("<h1>{}</h1>", chrome(file, "not-found-title"))),
            "{page}"
        );
        assert!(
            page.contains(&format!(r#"<a href="../{tag}/index.html""#)),
            "{page}"
        );
        assert!(page.contains(r#"href="../assets/site.css""#));
    }
    // The root's, in the source language, links to every locale's reference
    // in that locale's language.
    let root = std::fs::read_to_string(proj.join("site/404.html")).unwrap();
    assert!(root.contains(r#"<html lang="zh-CN">"#));
    for file in ["zh-Hans", "en", "ar"] {
        assert!(root.contains(&chrome(file, "not-found-link")), "{root}");
    }
    assert!(
        root.contains(r#"dir="rtl""#),
        "the Arabic link reads right to left"
    );
}

#[test]
fn other_commands_count_repeated_findings_too() {
    let tmp = tempfile::tempdir().unwrap();
    let mut table = String::from("# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n");
    for i in 0..10 {
        table.push_str(&format!("| 400 | 第{i}种请求错误。 |\n"));
    }
    std::fs::create_dir_all(tmp.path().join("docs")).unwrap();
    std::fs::write(tmp.path().join("docs/error-codes.zh-CN.md"), table).unwrap();
    let o = errbook(tmp.path(), &["extract"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    assert_eq!(err.matches("[EB0104 duplicate-code]").count(), 3, "{err}");
    assert!(
        err.contains("… and 6 more duplicate-code warnings [EB0104]"),
        "{err}"
    );
}

/// The names in a page's language switch, in order.
fn switch_names(page: &str) -> Vec<String> {
    let at = page
        .find("<nav class=\"langs\"")
        .expect("a language switch");
    let end = at + page[at..].find("</nav>").unwrap();
    page[at..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let text = &li[li.find('>').unwrap() + 1..];
            text[..text.find('<').unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn every_locale_is_named_in_its_own_language_and_numbers_are_written_its_way() {
    // A generated catalog of 1,234 codes and twelve locales, none with a
    // site.ftl: what read "English" for every locale errbook had no strings
    // for. (A language without built-in strings, Swedish here, shows the
    // English strings, with English numbers.)
    let tmp = tempfile::tempdir().unwrap();
    let mut page = String::from("# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n");
    for i in 0..1234 {
        page.push_str(&format!("| {} | 第{i}号错误。 |\n", 100000 + i));
    }
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    assert!(errbook(tmp.path(), &["init", "--from", "page.md", "proj"])
        .status
        .success());
    let proj = tmp.path().join("proj");
    let tags = [
        "de-DE", "es-ES", "ko-KR", "ar", "nl-NL", "zh-TW", "pt-PT", "sv-SE", "en-GB", "en-US",
        "fr-FR",
    ];
    let mut args = vec!["sync"];
    for t in &tags {
        args.extend(["--add-locale", t]);
    }
    let o = errbook(&proj, &args);
    assert!(o.status.success(), "{}", text(&o));
    let o = errbook(&proj, &["build", "--out", "site"]);
    assert!(o.status.success(), "{}", text(&o));
    let read =
        |tag: &str| std::fs::read_to_string(proj.join(format!("site/{tag}/index.html"))).unwrap();
    let mut names = switch_names(&read("de-DE"));
    names.sort();
    let mut expected = vec![
        "American English",
        "British English",
        "Deutsch",
        "Español",
        "Français",
        "Nederlands",
        "Português",
        "Svenska",
        "العربية",
        "简体中文",
        "繁體中文",
        "한국어",
    ];
    expected.sort();
    assert_eq!(names, expected);
    // Every page has the same switch.
    for t in tags {
        let mut n = switch_names(&read(t));
        n.sort();
        assert_eq!(n, expected, "{t}");
    }
    // Counts are grouped as each language groups them.
    for (tag, total) in [
        ("de-DE", "1.234"),
        ("en-US", "1,234"),
        ("fr-FR", "1\u{202f}234"),
        ("ko-KR", "1,234"),
        // Spanish groups from five digits.
        ("es-ES", "1234"),
    ] {
        let p = read(tag);
        let at = p.find("class=\"coverage\"").expect(tag);
        let line = &p[at..at + p[at..].find("</").unwrap()];
        assert!(line.contains(total), "{tag}: {line}");
        assert!(total == "1234" || !line.contains("1234"), "{tag}: {line}");
    }
}

#[test]
fn every_command_ends_with_a_one_line_summary() {
    let tmp = new_project();
    let proj = tmp.path().join("proj");
    let po = proj.join("de.po");
    let po = po.to_str().unwrap();
    // (command, the start of its last line on stderr)
    let runs: [(&[&str], &str); 11] = [
        (
            &["sync", "--add-locale", "de-DE"],
            "errbook: updated 1 locale file",
        ),
        (&["sync"], "errbook: every locale is up to date"),
        (&["sync", "--check"], "errbook: every locale is up to date"),
        (&["extract"], "errbook: extracted 72 codes from "),
        (&["check"], "checked 72 codes in 4 locales: "),
        (&["check", "--all"], "checked 72 codes in 4 locales: "),
        (&["stats"], "errbook: 0 of 3 translated locales complete"),
        (
            &["stats", "--format", "json"],
            "errbook: 0 of 3 translated locales complete",
        ),
        (
            &["export", "--format", "po", "--locale", "de-DE", "--out", po],
            "errbook: wrote ",
        ),
        (&["import", po], "errbook: nothing to import: "),
        (
            &["build", "--out", "site"],
            "built the site for 4 locales into site: ",
        ),
    ];
    for (args, start) in runs {
        let o = errbook(&proj, args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        let last = stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with(start),
            "{args:?}: last line {last:?}\n{stderr}"
        );
    }
    // init says what it made first, then the next steps.
    let o = errbook(tmp.path(), &["init", "other"]);
    let out = String::from_utf8_lossy(&o.stderr);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .starts_with("created an errbook project in other"),
        "{out}"
    );
}
