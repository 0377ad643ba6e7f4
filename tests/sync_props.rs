//! Property tests of sync over generated catalogs and edits: nothing a
//! translator wrote is lost, sync is idempotent, sync then check finds
//! nothing missing, untouched entries keep their bytes, and a file whose
//! source did not change comes back identical.

use std::collections::BTreeMap;

use errbook::catalog::SourceMessage;
use errbook::check::locale::translated;
use errbook::check::registry;
use errbook::diag::Files;
use errbook::locale::escape::{comment_value, entry_line};
use errbook::locale::ftl::FtlFile;
use errbook::locale::sync::sync;
use proptest::prelude::*;

fn msg(code: u32, text: &str) -> SourceMessage {
    SourceMessage::plain(&format!("error-{code}"), text)
}

/// Source texts: CJK, ASCII, Fluent syntax characters, line breaks.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\u4e00-\\u4e20 ，。a-z0-9]{1,12}",
        "[a-z{}\\[\\]*. ]{1,10}[a-z]",
        "[\\u4e00-\\u4e10]{1,4}\\n[\\u4e00-\\u4e10a-z]{1,4}",
    ]
    .prop_filter("non-blank, trimmed", |s| {
        !s.trim().is_empty() && s.trim() == s
    })
}

#[derive(Clone, Debug)]
struct Entry {
    code: u32,
    source: String,
    translation: Option<String>,
    note: Option<String>,
    blank_lines: usize,
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::btree_map(
        1u32..400,
        (
            text(),
            prop::option::of(text()),
            prop::option::of("[A-Za-z][A-Za-z ]{0,19}"),
            1usize..4,
        ),
        0..25,
    )
    .prop_map(
        |m: BTreeMap<u32, (String, Option<String>, Option<String>, usize)>| {
            m.into_iter()
                .map(|(code, (source, translation, note, blank_lines))| Entry {
                    code,
                    source,
                    translation,
                    note,
                    blank_lines,
                })
                .collect()
        },
    )
}

/// A translated file as a translator might leave it: notes, uneven blank
/// lines, a standalone comment, untranslated entries from an earlier sync.
fn file(entries: &[Entry], shuffle: &[usize], standalone_at: usize) -> String {
    let mut out = String::from("### header\n");
    for (n, &i) in shuffle.iter().enumerate() {
        let e = &entries[i];
        out.push_str(&"\n".repeat(e.blank_lines));
        if n == standalone_at {
            out.push_str("# A standalone comment, kept as it is.\n\n");
        }
        if let Some(note) = &e.note {
            out.push_str(&format!("# {}\n", note.trim()));
        }
        match &e.translation {
            Some(t) => {
                out.push_str(&format!("# source: {}\n", comment_value(&e.source)));
                entry_line(&mut out, 0, &format!("error-{}", e.code), t);
            }
            None => {
                out.push_str(&format!(
                    "# untranslated\n# source: {}\n",
                    comment_value(&e.source)
                ));
                entry_line(&mut out, 0, &format!("error-{}", e.code), &e.source);
            }
        }
    }
    out
}

/// An edit of the source: some codes removed, some texts changed, some
/// codes added, the order changed.
#[derive(Clone, Debug)]
struct Edit {
    remove: Vec<bool>,
    change: Vec<Option<String>>,
    add: BTreeMap<u32, String>,
    reverse: bool,
}

fn edit(n: usize) -> impl Strategy<Value = Edit> {
    (
        prop::collection::vec(prop::bool::weighted(0.2), n),
        prop::collection::vec(prop::option::weighted(0.2, text()), n),
        prop::collection::btree_map(400u32..480, text(), 0..6),
        any::<bool>(),
    )
        .prop_map(|(remove, change, add, reverse)| Edit {
            remove,
            change,
            add,
            reverse,
        })
}

fn apply(entries: &[Entry], e: &Edit) -> Vec<SourceMessage> {
    let mut out: Vec<SourceMessage> = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !e.remove[*i])
        .map(|(i, x)| msg(x.code, e.change[i].as_deref().unwrap_or(&x.source)))
        .collect();
    out.extend(e.add.iter().map(|(c, t)| msg(*c, t)));
    if e.reverse {
        out.reverse();
    }
    out
}

fn case() -> impl Strategy<Value = (Vec<Entry>, Vec<usize>, usize, Edit)> {
    entries().prop_flat_map(|es| {
        let n = es.len();
        let order: Vec<usize> = (0..n).collect();
        (Just(es), Just(order).prop_shuffle(), 0..n.max(1), edit(n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sync_keeps_every_translation_and_is_idempotent((es, order, standalone, ed) in case()) {
        let before = file(&es, &order, standalone);
        let f0 = FtlFile::parse(before.clone());
        prop_assert!(f0.errors.is_empty(), "generated file parses: {:?}\n{before}", f0.errors);

        // Unchanged source: the file comes back byte for byte.
        let source0: Vec<SourceMessage> = es.iter().map(|e| msg(e.code, &e.source)).collect();
        let (same, changes) = sync(&f0, &source0).unwrap();
        prop_assert_eq!(&same, &before);
        prop_assert!(changes.is_empty());

        let source1 = apply(&es, &ed);
        let (after, _) = sync(&f0, &source1).unwrap();
        let f1 = FtlFile::parse(after.clone());
        prop_assert!(f1.errors.is_empty(), "sync output parses: {:?}\n{after}", f1.errors);

        // No translation is lost: every translated message is still there,
        // live or obsolete, with the same value.
        let values: BTreeMap<&str, Option<&str>> =
            f1.messages().map(|(_, m)| (m.id(), m.value_text())).collect();
        for e in &es {
            if let Some(t) = &e.translation {
                let id = format!("error-{}", e.code);
                prop_assert_eq!(values.get(id.as_str()).copied().flatten(), Some(t.as_str()), "{} lost\n{}", id, after);
            }
        }
        // Translator notes and the standalone comment are kept.
        for e in &es {
            if let Some(n) = &e.note {
                let line = format!("# {}\n", n.trim());
                prop_assert!(after.contains(&line), "note {:?} lost\n{}", n, after);
            }
        }
        if !es.is_empty() {
            prop_assert!(after.contains("# A standalone comment, kept as it is.\n"));
        }

        // Untouched entries keep their bytes.
        for (i, e) in es.iter().enumerate() {
            if ed.remove[i] || ed.change[i].is_some() || e.translation.is_none() {
                continue;
            }
            let id = format!("error-{}", e.code);
            let (idx, _) = f0.messages().find(|(_, m)| m.id() == id).unwrap();
            let segment = &before[f0.items[idx].range.clone()];
            prop_assert!(after.contains(segment), "{} changed\nwas:\n{}\nfile:\n{}", id, segment, after);
        }

        // Sync then check: nothing missing; a second sync changes nothing.
        let mut files = Files::new();
        let id = files.add("x.ftl", after.as_str());
        let findings = translated("en-US", id, &f1, &source1);
        prop_assert!(
            !findings.iter().any(|d| d.check == &registry::MISSING_MESSAGE || d.check == &registry::EXTRA_MESSAGE),
            "{:?}", findings.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        let (again, changes) = sync(&f1, &source1).unwrap();
        prop_assert_eq!(&again, &after);
        prop_assert!(changes.is_empty(), "{:?}", changes);
    }
}
