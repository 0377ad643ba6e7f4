//! Property tests of `errbook check` on a synced catalog with CJK text
//! (errbook::fuzzing::check_base) after edits of multi-byte text: a
//! full-width mark swapped for another (`，` for `：`, which differ in their
//! last byte only), CJK and Fluent text inserted, characters deleted, in the
//! source table, the source locale's generated `errors.ftl` and a translated
//! locale's. Check never panics; it reports the source locale's file out of
//! date exactly when it differs from the generated text, at a character
//! boundary; it reports a translation stale exactly when its source text
//! changed (errbook::fuzzing::check_files). The `check` fuzz target makes
//! arbitrary edits of the same files (fuzz/README.md).

use errbook::fuzzing::{check_base, check_files};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// CJK characters and full-width punctuation, most of them three bytes that
/// share their first one or two.
const MARKS: &[char] = &[
    '，', '：', '。', '；', '、', '！', '？', '（', '）', '「', '」', '错', '误', '码', '请',
];

#[derive(Clone, Debug)]
enum Edit {
    /// The `nth` (modulo their count) of the file's characters in `MARKS`
    /// becomes `with`.
    Swap { nth: usize, with: char },
    /// `text` inserted before the character at `at` (modulo the length).
    Insert { at: usize, text: String },
    /// `len` characters deleted from `at`.
    Delete { at: usize, len: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), prop::sample::select(MARKS))
            .prop_map(|(nth, with)| Edit::Swap { nth, with }),
        1 => (any::<usize>(), "[，：。；、！？（）「」错误码请 a-z0-9\\n=|{}#.-]{1,4}")
            .prop_map(|(at, text)| Edit::Insert { at, text }),
        1 => (any::<usize>(), 1usize..4).prop_map(|(at, len)| Edit::Delete { at, len }),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match e {
            Edit::Swap { nth, with } => {
                let spots: Vec<usize> = (0..chars.len())
                    .filter(|&i| MARKS.contains(&chars[i]))
                    .collect();
                if !spots.is_empty() {
                    chars[spots[nth % spots.len()]] = *with;
                }
            }
            Edit::Insert { at, text } => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, text.chars());
            }
            Edit::Delete { at, len } => {
                let at = at % (chars.len() + 1);
                let end = (at + len).min(chars.len());
                chars.drain(at..end);
            }
        }
    }
    chars.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..4)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        rng_seed: RngSeed::Fixed(20),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// The source locale's generated file edited by hand, the table not.
    #[test]
    fn check_survives_edits_of_the_source_locale(ed in edits()) {
        let base = check_base();
        let zh = apply(&base.zh, &ed);
        check_files(base.source.as_bytes(), Some(zh.as_bytes()), Some(base.en.as_bytes()));
    }

    /// The table edited, the locales as synced before: the source locale
    /// is out of date, translations of changed texts are stale.
    #[test]
    fn check_survives_edits_of_the_table(ed in edits()) {
        let base = check_base();
        let source = apply(&base.source, &ed);
        check_files(source.as_bytes(), Some(base.zh.as_bytes()), Some(base.en.as_bytes()));
    }

    /// The table and both locales edited.
    #[test]
    fn check_survives_edits_of_every_file(s in edits(), z in edits(), e in edits()) {
        let base = check_base();
        let source = apply(&base.source, &s);
        let zh = apply(&base.zh, &z);
        let en = apply(&base.en, &e);
        check_files(source.as_bytes(), Some(zh.as_bytes()), Some(en.as_bytes()));
    }
}
