//! The XLIFF round trip through the binary: `errbook export`, then `errbook
//! import`, on the shipped catalog and on a catalog with untranslated, stale
//! and hostile entries (`tests/fixtures/export-xliff/cmd.in`); and what the
//! XLIFF 2.0 core asks of the document errbook writes, checked with a reader
//! of its own.

mod common;
use common::{catalog_copy, errbook, ok};

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use fluent_bundle::{FluentBundle, FluentResource};
use quick_xml::events::{BytesStart, Event};

const FIXTURE: &str = "export-xliff";

fn export(dir: &Path, tag: &str) -> String {
    let out = errbook(dir, &["export", "--format", "xliff", "--locale", tag]);
    ok(&out);
    String::from_utf8(out.stdout).unwrap()
}

#[cfg(unix)]
fn identity(path: &Path) -> (u64, std::time::SystemTime, Vec<u8>) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (
        meta.ino(),
        meta.modified().unwrap(),
        std::fs::read(path).unwrap(),
    )
}

#[cfg(unix)]
#[test]
fn export_then_import_without_edits_writes_nothing() {
    for (fixture, tags) in [
        (None, &["en-US", "ja-JP"][..]),
        (Some(FIXTURE), &["en-US"][..]),
    ] {
        let dir = catalog_copy(fixture);
        for tag in tags {
            let xlf = dir.path().join(format!("{tag}.xlf"));
            let out = errbook(
                dir.path(),
                &["export", "--locale", tag, "--out", xlf.to_str().unwrap()],
            );
            ok(&out);
            // Deterministic: the same bytes on stdout and in the file.
            assert_eq!(
                std::fs::read_to_string(&xlf).unwrap(),
                export(dir.path(), tag)
            );
            let ftl = dir.path().join(format!("locales/{tag}/errors.ftl"));
            let before = identity(&ftl);
            let stderr = ok(&errbook(dir.path(), &["import", xlf.to_str().unwrap()]));
            assert!(stderr.contains("nothing to import"), "{stderr}");
            // Same inode and time: the file was not even replaced.
            assert!(identity(&ftl) == before, "{tag}: the file was written");
            let out = errbook(dir.path(), &["import", "--check", xlf.to_str().unwrap()]);
            assert!(out.status.success() && out.stdout.is_empty());
        }
    }
}

/// Sets the target (and state) of a segment in exported XLIFF text.
fn set_target(xlf: &str, unit: &str, segment: &str, target_xml: &str) -> String {
    let at = xlf.find(&format!("<unit id=\"{unit}\"")).unwrap();
    let seg = at
        + xlf[at..]
            .find(&format!("<segment id=\"{segment}\""))
            .unwrap();
    let end = seg + xlf[seg..].find("</segment>").unwrap();
    let source_end = seg + xlf[seg..].find("</source>").unwrap() + "</source>".len();
    format!(
        "{}<segment id=\"{segment}\" state=\"translated\">\n        {}\n        <target>{target_xml}</target>\n      {}",
        &xlf[..seg],
        xlf[seg..source_end].split_once('>').unwrap().1.trim_start(),
        &xlf[end..]
    )
}

#[test]
fn an_edited_target_changes_that_message_only_and_check_accepts_it() {
    let dir = catalog_copy(Some(FIXTURE));
    let xlf = export(dir.path(), "en-US");
    let xlf = set_target(&xlf, "error-1004", "value", "Too many requests.");
    let xlf = set_target(&xlf, "error-1004", "hint", "Send fewer requests.");
    std::fs::write(dir.path().join("back.xlf"), &xlf).unwrap();
    let ftl = dir.path().join("locales/en-US/errors.ftl");
    let old = std::fs::read_to_string(&ftl).unwrap();
    let out = errbook(dir.path(), &["import", "back.xlf"]);
    ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "updated locales/en-US/errors.ftl: 1 translated\n  + translated: error-1004\n"
    );
    let new = std::fs::read_to_string(&ftl).unwrap();
    // Every byte before and after the message's segment is as it was.
    let old_entry = "# untranslated\n# source: 请求过于频繁。\n# source.hint: 降低请求频率。\nerror-1004 = 请求过于频繁。\n    .hint = 降低请求频率。\n";
    let new_entry = "# source: 请求过于频繁。\n# source.hint: 降低请求频率。\nerror-1004 = Too many requests.\n    .hint = Send fewer requests.\n";
    let at = old.find(old_entry).unwrap();
    assert_eq!(&new[..at], &old[..at]);
    assert_eq!(&new[at..at + new_entry.len()], new_entry);
    assert_eq!(&new[at + new_entry.len()..], &old[at + old_entry.len()..]);
    // The check has nothing more to say about it.
    let out = errbook(dir.path(), &["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let before = findings.as_array().unwrap().len();
    assert!(before > 0, "the fixture has other findings");
    for f in findings.as_array().unwrap() {
        assert!(
            !f["message"].as_str().unwrap().contains("error-1004"),
            "{f}"
        );
    }
}

/// Text as XLIFF content, escaped by hand (not by errbook).
fn xml(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n') => {
                out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn imported_text_formats_back_exactly() {
    let cases = [
        ("errbook-group-5948b51f", "value", "{x} }{ { $var } -term"),
        ("error-1004", "value", "[a] b\n*c\n.d\n  e\n\nf  "),
        ("error-1004", "hint", "  lead, trail  "),
        (
            "error-2001",
            "hint",
            "a\tb \"q\" 'a' \\ back & <tag> \u{7}bell\r!",
        ),
        ("error-1002", "value", "=\n[x]\n}"),
    ];
    let dir = catalog_copy(Some(FIXTURE));
    let mut xlf = export(dir.path(), "en-US");
    for (unit, seg, text) in cases {
        xlf = set_target(&xlf, unit, seg, &xml(text));
    }
    std::fs::write(dir.path().join("back.xlf"), &xlf).unwrap();
    ok(&errbook(dir.path(), &["import", "back.xlf"]));
    let ftl = std::fs::read_to_string(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    let res = FluentResource::try_new(ftl.clone()).unwrap_or_else(|(_, e)| panic!("{e:?}\n{ftl}"));
    let mut bundle = FluentBundle::new(vec!["en-US".parse().unwrap()]);
    bundle.set_use_isolating(false);
    bundle.add_resource(res).unwrap();
    for (unit, seg, text) in cases {
        let msg = bundle.get_message(unit).unwrap();
        let pattern = match seg {
            "value" => msg.value().unwrap(),
            _ => msg.get_attribute("hint").unwrap().value(),
        };
        let mut errors = vec![];
        let got = bundle.format_pattern(pattern, None, &mut errors);
        assert!(errors.is_empty(), "{unit}: {errors:?}");
        assert_eq!(got, text, "{unit}.{seg}");
    }
    // And a second export gives those texts back as they were given.
    let again = export(dir.path(), "en-US");
    for (_, _, text) in cases {
        assert!(again.contains(&xml(text)), "{}", xml(text));
    }
}

/// An element's attributes, decoded.
fn attrs(e: &BytesStart<'_>) -> HashMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.unwrap();
            (
                a.key.as_ref().to_owned(),
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned(),
            )
        })
        .collect()
}

fn nmtoken(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

/// Checks `text` against the XLIFF 2.0 core rules that apply to what errbook
/// writes; returns the unit ids in order.
fn check_core_rules(text: &str, tag: &str) -> Vec<String> {
    for c in text.chars() {
        let code = c as u32;
        assert!(
            matches!(code, 0x9 | 0xA | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..),
            "U+{code:04X} is not allowed in XML 1.0"
        );
    }
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let mut r = quick_xml::Reader::from_str(text);
    // The open elements, each with what was seen inside it so far.
    let mut stack: Vec<(String, Vec<String>)> = Vec::new();
    let mut units = Vec::new();
    let mut unit_ids = HashSet::new();
    // Per unit: data ids, ph ids, segment ids, dataRefs used.
    let (mut data, mut phs, mut segs, mut refs) = (
        HashSet::new(),
        HashSet::new(),
        HashSet::new(),
        Vec::<String>::new(),
    );
    let mut segment_state = String::new();
    let mut seen_root = false;
    loop {
        let ev = r.read_event().unwrap();
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.name().as_ref().to_owned();
            let a = attrs(&e);
            let parent = stack.last().map(|(n, _)| n.as_str());
            match name.as_str() {
                "xliff" => {
                    assert!(parent.is_none() && !seen_root);
                    seen_root = true;
                    assert_eq!(a["xmlns"], "urn:oasis:names:tc:xliff:document:2.0");
                    assert_eq!(a["version"], "2.0");
                    assert_eq!(a["srcLang"], "zh-CN");
                    assert_eq!(a["trgLang"], tag);
                }
                "file" => {
                    assert_eq!(parent, Some("xliff"));
                    assert!(nmtoken(&a["id"]));
                    assert_eq!(a["xml:space"], "preserve");
                }
                "unit" => {
                    assert_eq!(parent, Some("file"));
                    let id = &a["id"];
                    assert!(nmtoken(id), "{id}");
                    assert!(unit_ids.insert(id.clone()), "unit {id} twice");
                    units.push(id.clone());
                    (data, phs, segs, refs) =
                        (HashSet::new(), HashSet::new(), HashSet::new(), Vec::new());
                }
                "gls:glossary" | "mtc:matches" => {
                    // Modules open a unit, before its notes, each with its
                    // namespace, once.
                    assert_eq!(parent, Some("unit"));
                    let seen = &stack.last().unwrap().1;
                    assert!(
                        seen.iter().all(|n| n.contains(':') && *n != name),
                        "<{name}> after {seen:?}"
                    );
                    let (prefix, _) = name.split_once(':').unwrap();
                    let ns = a[&format!("xmlns:{prefix}")].as_str();
                    assert_eq!(
                        ns,
                        if prefix == "gls" {
                            "urn:oasis:names:tc:xliff:glossary:2.0"
                        } else {
                            "urn:oasis:names:tc:xliff:matches:2.0"
                        }
                    );
                }
                "gls:glossEntry" => assert_eq!(parent, Some("gls:glossary")),
                "gls:term" | "gls:translation" | "gls:definition" => {
                    // term, translation*, definition?
                    assert_eq!(parent, Some("gls:glossEntry"));
                    let seen = &stack.last().unwrap().1;
                    match name.as_str() {
                        "gls:term" => assert!(seen.is_empty()),
                        "gls:translation" => {
                            assert!(matches!(
                                seen.last().map(String::as_str),
                                Some("gls:term" | "gls:translation")
                            ))
                        }
                        _ => assert!(
                            seen.first().is_some_and(|n| n == "gls:term") && !seen.contains(&name)
                        ),
                    }
                }
                "mtc:match" => {
                    assert_eq!(parent, Some("mtc:matches"));
                    assert!(["#value", "#hint"].contains(&a["ref"].as_str()));
                }
                "notes" | "originalData" | "segment" => {
                    assert_eq!(parent, Some("unit"));
                    // Order within a unit: notes?, originalData?, segment+.
                    let seen: Vec<&String> = stack
                        .last()
                        .unwrap()
                        .1
                        .iter()
                        .filter(|n| !n.contains(':'))
                        .collect();
                    let rank = |n: &str| {
                        ["notes", "originalData", "segment"]
                            .iter()
                            .position(|x| *x == n)
                    };
                    if let Some(last) = seen.last() {
                        assert!(rank(last) <= rank(&name), "{name} after {last}");
                        assert!(name == "segment" || *last != &name, "two <{name}>");
                    }
                    if name == "segment" {
                        let id = &a["id"];
                        assert!(segs.insert(id.clone()), "segment {id} twice");
                        segment_state = a["state"].clone();
                        assert!(["initial", "translated", "reviewed", "final"]
                            .contains(&segment_state.as_str()));
                        if let Some(sub) = a.get("subState") {
                            let (prefix, value) = sub.split_once(':').unwrap();
                            assert!(nmtoken(prefix) && !value.is_empty());
                        }
                    }
                }
                "note" => {
                    assert_eq!(parent, Some("notes"));
                    assert!(a.contains_key("category"));
                }
                "data" => {
                    assert_eq!(parent, Some("originalData"));
                    assert!(data.insert(a["id"].clone()));
                }
                "source" | "target" if parent == Some("mtc:match") => {
                    let seen = &stack.last().unwrap().1;
                    match name.as_str() {
                        "source" => assert!(seen.is_empty(), "<source> first, once"),
                        _ => assert_eq!(seen, &["source"], "<target> once, after <source>"),
                    }
                }
                "source" | "target" => {
                    assert_eq!(parent, Some("segment"));
                    let seen = &stack.last().unwrap().1;
                    match name.as_str() {
                        "source" => assert!(seen.is_empty(), "<source> first, once"),
                        _ => {
                            assert_eq!(seen, &["source"], "<target> once, after <source>");
                            assert_ne!(segment_state, "initial", "a target in an initial segment");
                        }
                    }
                }
                "cp" => {
                    assert!(matches!(parent, Some("source" | "target" | "data")));
                    let c = u32::from_str_radix(&a["hex"], 16).unwrap();
                    assert!(c < 0x20 && c != 0x9 && c != 0xA && c != 0xD || c >= 0xFFFE);
                }
                "ph" => {
                    assert!(matches!(parent, Some("source" | "target")));
                    assert!(empty);
                    assert!(phs.insert(a["id"].clone()), "ph id twice in a unit");
                    refs.push(a["dataRef"].clone());
                }
                other => panic!("unexpected element <{other}>"),
            }
            if let Some((_, seen)) = stack.last_mut() {
                seen.push(name.clone());
            }
            if !empty {
                stack.push((name, Vec::new()));
            }
            continue;
        }
        match ev {
            Event::End(e) => {
                let (name, seen) = stack.pop().unwrap();
                assert_eq!(e.name().as_ref(), name);
                match name.as_str() {
                    "segment" => assert!(seen.first().map(String::as_str) == Some("source")),
                    "unit" => {
                        assert!(
                            seen.contains(&"segment".to_owned()),
                            "a unit without segment"
                        );
                        for r in &refs {
                            assert!(data.contains(r), "dataRef {r} without data");
                        }
                    }
                    "note" | "data" => assert!(seen.iter().all(|s| name == "data" && s == "cp")),
                    _ => {}
                }
            }
            Event::Text(t) => {
                let inline = matches!(
                    stack.last().map(|(n, _)| n.as_str()),
                    Some(
                        "source"
                            | "target"
                            | "note"
                            | "data"
                            | "gls:term"
                            | "gls:translation"
                            | "gls:definition"
                    )
                );
                assert!(
                    inline || t.trim().is_empty(),
                    "text outside content: {:?}",
                    &*t
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty());
    units
}

#[test]
fn the_xliff_follows_the_core_rules() {
    for (fixture, tag) in [(None, "ja-JP"), (None, "en-US"), (Some(FIXTURE), "en-US")] {
        let dir = catalog_copy(fixture);
        let text = export(dir.path(), tag);
        let units = check_core_rules(&text, tag);
        // One unit per message of the source locale, in its order.
        let source = std::fs::read_to_string(dir.path().join("locales/zh-CN/errors.ftl")).unwrap();
        let ids: Vec<String> = source
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .map(|l| l.split(' ').next().unwrap().to_owned())
            .collect();
        assert_eq!(units, ids);
    }
}

#[test]
fn a_refused_import_changes_no_file() {
    let dir = catalog_copy(Some(FIXTURE));
    let xlf = export(dir.path(), "en-US");
    // A translation, and a unit whose source the table no longer has.
    let xlf = set_target(&xlf, "error-1004", "value", "Too many requests.");
    let xlf = xlf.replace("<source>余额不足。</source>", "<source>余额不够。</source>");
    std::fs::write(dir.path().join("back.xlf"), &xlf).unwrap();
    let before = std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    let out = errbook(dir.path(), &["import", "back.xlf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("back.xlf:"), "{stderr}");
    assert!(
        stderr.contains("unit `error-2001`: the source text changed since the export"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap(),
        before
    );
    // At level warning, the other units are imported and that one skipped.
    std::fs::write(
        dir.path().join("errbook.toml"),
        "[checks]\nxliff-source-changed = \"warning\"\n",
    )
    .unwrap();
    let stderr = ok(&errbook(dir.path(), &["import", "back.xlf"]));
    assert!(stderr.contains("warning: unit `error-2001`"), "{stderr}");
    let after = std::fs::read_to_string(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    assert!(after.contains("error-1004 = Too many requests.\n"));
    assert!(after.contains("error-2001 = Insufficient balance.\n"));
}

#[test]
fn an_import_waits_for_the_lock_sync_takes() {
    let dir = catalog_copy(Some(FIXTURE));
    let xlf = set_target(
        &export(dir.path(), "en-US"),
        "error-1004",
        "value",
        "Too many.",
    );
    std::fs::write(dir.path().join("back.xlf"), &xlf).unwrap();
    let before = std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    let lock = errbook::fsio::Lock::acquire(
        &dir.path().join("locales"),
        std::time::Duration::ZERO,
        |_| {},
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(["import", "back.xlf"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("ERRBOOK_LOCK_TIMEOUT", "1")
        .output()
        .unwrap();
    drop(lock);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[EB0304 locked]"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap(),
        before
    );
    // `--check` writes nothing, so it does not wait.
    let lock = errbook::fsio::Lock::acquire(
        &dir.path().join("locales"),
        std::time::Duration::ZERO,
        |_| {},
    )
    .unwrap();
    let out = errbook(dir.path(), &["import", "--check", "back.xlf"]);
    drop(lock);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_translation_to_review_is_exported_as_such_and_cleared_by_a_reviewer() {
    let dir = tempfile::tempdir().unwrap();
    let page = "# 错误码\n\n| 错误码 | Message | 说明 |\n|---|---|---|\n| 1001 | Invalid parameter. | 参数不合法。 |\n| 1002 | Token expired. | 令牌已过期。 |\n";
    std::fs::write(dir.path().join("page.md"), page).unwrap();
    ok(&errbook(dir.path(), &["init", "p", "--from", "page.md"]));
    let p = dir.path().join("p");
    let xlf = export(&p, "en-US");
    // Seeded, not confirmed: `translated` with errbook's review sub-state
    // and a note that says where it came from.
    let at = xlf.find("<unit id=\"error-1001\"").unwrap();
    let unit = &xlf[at..at + xlf[at..].find("</unit>").unwrap()];
    assert!(
        unit.contains("state=\"translated\" subState=\"errbook:review\""),
        "{unit}"
    );
    assert!(
        unit.contains("review: from the English column of the source page"),
        "{unit}"
    );
    // A reviewer confirms 1001 unchanged (state reviewed) and rewrites 1002.
    let xlf = set_target(&xlf, "error-1001", "value", "Invalid parameter.");
    let at = xlf.find("<unit id=\"error-1001\"").unwrap();
    let xlf = format!(
        "{}{}",
        &xlf[..at],
        xlf[at..].replacen("state=\"translated\"", "state=\"reviewed\"", 1)
    );
    let xlf = set_target(&xlf, "error-1002", "value", "The token has expired.");
    std::fs::write(p.join("back.xlf"), &xlf).unwrap();
    ok(&errbook(&p, &["import", "back.xlf"]));
    let ftl = std::fs::read_to_string(p.join("locales/en-US/errors.ftl")).unwrap();
    assert!(
        ftl.contains("# source: 参数不合法。\nerror-1001 = Invalid parameter.\n"),
        "{ftl}"
    );
    assert!(
        ftl.contains("# source: 令牌已过期。\nerror-1002 = The token has expired.\n"),
        "{ftl}"
    );
    assert!(!ftl.contains("\n# review: "), "{ftl}");
}
