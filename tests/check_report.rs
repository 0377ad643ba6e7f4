//! `errbook check` prints each locale's findings as soon as it and the
//! locales before it are checked. Its report must read exactly as one
//! report of all the findings, sorted by place: the project's own findings
//! (the source table's, the locales directory's) before, between and among
//! the locales' in every format, with the same exit status.

mod common;

use std::path::Path;

use errbook::config::Config;
use errbook::diag::emit::{emit, Format};
use errbook::project::Project;
use errbook::run::apply_levels;

/// The report of all the findings at once, from the library, with the
/// project's directory taken out of the paths (the binary runs in it).
fn whole_report(dir: &Path, format: Format, deny: bool) -> String {
    let config = Config::load(Some(&dir.join("errbook.toml"))).unwrap();
    let project = Project::load(config).unwrap();
    let mut diags = project.check();
    apply_levels(&mut diags, &project.config, deny);
    errbook::diag::sort(&mut diags, &project.files);
    let mut out = Vec::new();
    emit(&mut out, &project.files, &diags, format).unwrap();
    let prefix = format!("{}/", dir.display());
    // `emit` writes colour codes for a stream to strip when it wants none.
    let colour = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap();
    let out = String::from_utf8(out).unwrap().replace(&prefix, "");
    colour.replace_all(&out, "").into_owned()
}

fn write(path: &Path, text: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A project with findings everywhere: in locales whose directories sort
/// around one another (`de` before `de-DE`, by path), in a directory that
/// is not a locale, in a locale's own unreadable file (a finding of the
/// project's, in that locale's directory), and in the source table when
/// `source_error` (then the locales are not compared with the source).
fn project(source_error: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(common::errbook(dir, &["init", "-q"]).status.success());
    let mut args = vec!["sync", "-q"];
    for l in ["de", "de-DE", "en", "fr-FR"] {
        args.extend(["--add-locale", l]);
    }
    let o = common::errbook(dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let locales = dir.join("locales");
    // de-DE: Junk, a duplicate, an extra message, a term that is missing.
    let de_de = locales.join("de-DE/errors.ftl");
    let mut text = std::fs::read_to_string(&de_de).unwrap();
    text.push_str("\nbroken = {\n\nextra-message = X\n\nuses-term = { -nowhere }\n");
    let first = text
        .lines()
        .find(|l| l.starts_with("error-"))
        .unwrap()
        .to_owned();
    text.push_str(&format!("\n{first}\n"));
    write(&de_de, text.as_bytes());
    // de: a message missing.
    let de = locales.join("de/errors.ftl");
    let text = std::fs::read_to_string(&de).unwrap();
    let cut = text.find("\nerror-").unwrap();
    let end = text[cut + 1..]
        .find("\n\n")
        .map_or(text.len(), |e| cut + 1 + e);
    write(&de, format!("{}{}", &text[..cut], &text[end..]).as_bytes());
    // en: a second Fluent file that is not UTF-8.
    write(&locales.join("en/extra.ftl"), b"a = \xff\n");
    // A directory that is not a locale.
    write(&locales.join("de_bad/errors.ftl"), b"a = b\n");
    if !source_error {
        return tmp;
    }
    // The source table: a row with the code of another.
    let table = dir.join("docs/error-codes.zh-CN.md");
    let text = std::fs::read_to_string(&table).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with('|') && l.chars().any(|c| c.is_ascii_digit()))
        .unwrap()
        .to_owned();
    write(&table, format!("{text}{row}\n").as_bytes());
    tmp
}

#[test]
fn the_report_printed_as_locales_are_checked_reads_as_the_whole_report() {
    for source_error in [false, true] {
        let tmp = project(source_error);
        same_report(tmp.path(), source_error);
    }
}

fn same_report(dir: &Path, source_error: bool) {
    for (format, name) in [
        (Format::Human, "human"),
        (Format::Json, "json"),
        (Format::Github, "github"),
    ] {
        for deny in [false, true] {
            // Every finding in full (the human format otherwise counts
            // the rest of a kind after the first few).
            let mut args = vec!["check", "--all", "--format", name];
            if deny {
                args.extend(["--deny", "warnings"]);
            }
            let o = common::errbook(dir, &args);
            let printed = String::from_utf8(o.stdout).unwrap();
            let whole = whole_report(dir, format, deny);
            assert_eq!(printed, whole, "{args:?}");
            // Findings from the source, from several locales and from the
            // project's directories are all there.
            let places: &[&str] = if source_error {
                &["docs/", "locales/de-DE/", "locales/en/", "de_bad"]
            } else {
                &[
                    "locales/de/",
                    "locales/de-DE/",
                    "locales/en/",
                    "locales/fr-FR/",
                    "de_bad",
                ]
            };
            for what in places {
                assert!(printed.contains(what), "{args:?}: no {what} in\n{printed}");
            }
            // Errors in both: findings (1).
            assert_eq!(o.status.code(), Some(1), "{args:?}");
        }
    }
}
