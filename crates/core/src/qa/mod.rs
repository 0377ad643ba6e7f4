//! The translation QA checks: what a reviewing translator catches beyond
//! the structure of the files. Numbers and ASCII tokens of the source kept
//! in the translation, the term base's renderings, one translation for one
//! source text, no source text left as the translation, no Han characters
//! where the language does not use them, and the punctuation of the
//! locale's language.
//!
//! They compare a translated message's text with its source text, so they
//! run on messages that are translated and current (not untranslated, not
//! stale: those are reported as such). A reviewed exception is written in
//! the message's comment, `# qa-accept: <check> <reason>`, and kept by sync
//! as every translator's comment is.

pub mod glossary;
pub mod scan;

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use crate::catalog::{MessageKind, SourceMessage};
use crate::registry::{self as checks, Check};
pub use glossary::{Glossary, LocaleTerms};
use scan::Style;

/// The comment key of a reviewed exception: `# qa-accept: qa-number the
/// build number is the product's`.
pub const ACCEPT: &str = "qa-accept:";

/// The checks a `# qa-accept:` line can name.
///
/// (Not [`checks::QA_ACCEPT_UNKNOWN`], which reports such a line.)
pub const CHECKS: &[&Check] = &[
    &checks::GLOSSARY_MISSING,
    &checks::GLOSSARY_FORBIDDEN,
    &checks::QA_NUMBER,
    &checks::QA_TOKEN,
    &checks::QA_INCONSISTENT,
    &checks::QA_SAME_AS_SOURCE,
    &checks::QA_HAN,
    &checks::QA_PUNCTUATION,
];

/// Which of [`CHECKS`] are enabled (not allowed by the configuration).
#[derive(Clone, Copy, Debug)]
pub struct Enabled([bool; CHECKS.len()]);

impl Enabled {
    /// Every check but those named in `allowed`.
    pub fn all_but(allowed: &[&str]) -> Enabled {
        let mut on = [true; CHECKS.len()];
        for (i, c) in CHECKS.iter().enumerate() {
            on[i] = !allowed.contains(&c.name);
        }
        Enabled(on)
    }

    /// True when none is enabled.
    pub fn none(&self) -> bool {
        !self.0.contains(&true)
    }

    /// True when `check` is enabled (a check not among [`CHECKS`] is).
    pub fn has(&self, check: &Check) -> bool {
        CHECKS
            .iter()
            .position(|c| std::ptr::eq(*c, check))
            .is_none_or(|i| self.0[i])
    }
}

/// The languages whose writing uses Han characters.
const HAN_LANGUAGES: &[&str] = &[
    "zh", "ja", "ko", "yue", "cmn", "lzh", "wuu", "hak", "nan", "gan", "hsn", "cdo", "cjy", "cpx",
    "czh", "czo", "mnp",
];

/// The rules a locale's translations follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Its punctuation.
    pub style: Style,
    /// Its writing uses Han characters.
    pub uses_han: bool,
    /// It is a form of the source's language (zh-Hant-TW for zh-CN): a
    /// translation may equal the source, and hold Han characters.
    pub same_language: bool,
    /// English: numbers up to ten may be written in words.
    pub english: bool,
}

impl Rules {
    /// The rules of the locale `tag`, translated from `source_tag`.
    pub fn for_locale(tag: &str, source_tag: &str) -> Rules {
        let subtags: Vec<String> = tag.split('-').map(str::to_ascii_lowercase).collect();
        let lang = subtags.first().map_or("", String::as_str);
        let script = subtags
            .iter()
            .skip(1)
            .find(|s| s.len() == 4)
            .map(String::as_str);
        let han_script = matches!(
            script,
            Some("hani" | "hans" | "hant" | "jpan" | "kore" | "hanb")
        );
        let uses_han = script.map_or(HAN_LANGUAGES.contains(&lang), |_| han_script);
        let full_width = match script {
            Some(s) => matches!(s, "hani" | "hans" | "hant" | "jpan"),
            None => lang != "ko" && HAN_LANGUAGES.contains(&lang),
        };
        let source_lang = source_tag
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Rules {
            style: if full_width {
                Style::FullWidth
            } else if lang == "fr" {
                Style::French
            } else {
                Style::Spaced
            },
            uses_han,
            same_language: lang == source_lang,
            english: lang == "en",
        }
    }
}

/// What the QA checks need of the source, computed once for every locale:
/// the term base, and the messages whose source text another has too.
#[derive(Debug, Default)]
pub struct Qa {
    /// The project's term base.
    pub glossary: Option<std::sync::Arc<Glossary>>,
    /// For each source message: the number of its group of messages with
    /// the same value and hint, when it is not the only one (`ALONE`
    /// otherwise).
    group: Vec<u32>,
    /// How many such groups there are.
    groups: usize,
    /// The numbers and tokens of each source text, found once rather than
    /// in every locale.
    facts: Facts,
}

/// The numbers and tokens of the source texts: text `2 i` is message
/// `i`'s value, `2 i + 1` its hint.
#[derive(Debug, Default)]
struct Facts {
    /// Text `k`'s facts are `items[at[k]..at[k + 1]]`.
    at: Vec<u32>,
    items: Vec<Fact>,
    /// Text `k` ends a sentence.
    ends: Vec<bool>,
}

/// A number or token of a source text ([`Facts`]).
#[derive(Debug, Clone, Copy)]
struct Fact {
    start: u32,
    end: u32,
    kind: FactKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FactKind {
    Number,
    Token(scan::TokenCase),
}

impl Facts {
    fn of(messages: &[SourceMessage]) -> Facts {
        use rayon::prelude::*;
        // In chunks on every core (every locale waits for them), then
        // joined.
        let parts: Vec<Facts> = messages
            .par_chunks(4096)
            .map(|chunk| {
                let mut f = Facts {
                    at: Vec::with_capacity(2 * chunk.len()),
                    items: Vec::new(),
                    ends: Vec::with_capacity(2 * chunk.len()),
                };
                let texts = chunk
                    .iter()
                    .flat_map(|m| [Some(&*m.value), m.hint.as_deref()]);
                for text in texts {
                    let text = text.unwrap_or("");
                    // (A text too long for 32-bit offsets has no facts.)
                    if u32::try_from(text.len()).is_ok() {
                        let r = |r: Range<usize>| (r.start as u32, r.end as u32);
                        for n in scan::numbers(text) {
                            let (start, end) = r(n);
                            f.items.push(Fact {
                                start,
                                end,
                                kind: FactKind::Number,
                            });
                        }
                        for t in scan::tokens(text) {
                            let (start, end) = r(t.span);
                            f.items.push(Fact {
                                start,
                                end,
                                kind: FactKind::Token(t.case),
                            });
                        }
                    }
                    // Where the text's facts end, within the chunk.
                    f.at.push(u32::try_from(f.items.len()).unwrap_or(u32::MAX));
                    f.ends.push(scan::ends_sentence(text));
                }
                f
            })
            .collect();
        let mut all = Facts {
            at: Vec::with_capacity(2 * messages.len() + 1),
            items: Vec::with_capacity(parts.iter().map(|p| p.items.len()).sum()),
            ends: Vec::with_capacity(2 * messages.len()),
        };
        all.at.push(0);
        for p in parts {
            let base = u32::try_from(all.items.len()).unwrap_or(u32::MAX);
            all.at.extend(p.at.iter().map(|e| base.saturating_add(*e)));
            all.items.extend(p.items);
            all.ends.extend(p.ends);
        }
        all
    }

    /// The facts of text `k`.
    fn of_text(&self, k: usize) -> &[Fact] {
        match (self.at.get(k), self.at.get(k + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

const ALONE: u32 = u32::MAX;

/// The most findings of one check in one text (see `QaFile::text`).
const MAX_PER_TEXT: usize = 5;

/// For each message, the number of its group of messages with the same
/// source text (value and hint), `ALONE` when no other has it; and how
/// many groups there are. Only error messages: a title and a column
/// header with the same text (错误码) are rightly translated apart.
fn groups_of(messages: &[SourceMessage]) -> (Vec<u32>, usize) {
    let mut first: HashMap<(&str, Option<&str>), u32> = HashMap::default();
    // The first message of each text, then each message's group.
    let mut of = vec![ALONE; messages.len()];
    for (i, m) in messages.iter().enumerate() {
        if m.kind != MessageKind::Error || m.value.trim().is_empty() {
            continue;
        }
        let key = (m.value.trim(), m.hint.as_deref().map(str::trim));
        of[i] = *first.entry(key).or_insert(i as u32);
    }
    let mut shared = vec![false; messages.len()];
    for (i, &f) in of.iter().enumerate() {
        if f != ALONE && f as usize != i {
            shared[f as usize] = true;
        }
    }
    // Dense numbers, in order of the groups' first messages.
    let mut number = vec![ALONE; messages.len()];
    let mut groups = 0usize;
    for (i, s) in shared.iter().enumerate() {
        if *s {
            number[i] = groups as u32;
            groups += 1;
        }
    }
    let group = of
        .iter()
        .map(|&f| match f {
            ALONE => ALONE,
            f => number[f as usize],
        })
        .collect();
    (group, groups)
}

impl Qa {
    /// The QA data of a source.
    pub fn new(messages: &[SourceMessage], glossary: Option<std::sync::Arc<Glossary>>) -> Qa {
        let (facts, (group, groups)) = rayon::join(|| Facts::of(messages), || groups_of(messages));
        Qa {
            glossary,
            group,
            groups,
            facts,
        }
    }
}

/// A QA finding in a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The check.
    pub check: &'static Check,
    /// Which text: the value, or the `.hint`.
    pub hint: bool,
    /// Where in that text, when it is about a place.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// Further facts.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Cow<'static, str>,
    /// The text to put in place of `span`, when the check knows it (the
    /// source's spelling of a token).
    pub fix: Option<String>,
}

/// `text` with its first letter upper case when `like`'s is and `text`'s
/// is lower case: an approved rendering put where a sentence starts.
fn capitalized_as(text: &str, like: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), like.chars().next()) {
        (Some(first), Some(l)) if l.is_uppercase() && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

/// The checks the `# qa-accept:` lines of a message's comment notes (its
/// lines without `# `) name: names or codes, separated by commas or
/// spaces, up to the first word that is neither (the reason). And the
/// first such line that names no QA check (a typo, or a check that cannot
/// be accepted), when there is one.
pub fn accept_lines(notes: &[String]) -> (Vec<&'static Check>, Option<&str>) {
    let mut out = Vec::new();
    let mut unknown = None;
    for n in notes {
        let Some(rest) = n.trim_start().strip_prefix(ACCEPT) else {
            continue;
        };
        let mut named = false;
        for word in rest.split([',', ' ']).filter(|w| !w.is_empty()) {
            match CHECKS
                .iter()
                .find(|c| c.name == word || c.code.eq_ignore_ascii_case(word))
            {
                Some(c) => {
                    out.push(*c);
                    named = true;
                }
                None => break,
            }
        }
        if !named && unknown.is_none() {
            unknown = Some(n.as_str());
        }
    }
    (out, unknown)
}

/// The words of a source text that a translation keeps as they are: its
/// numbers and ASCII tokens, in order, separated by spaces (for tools
/// that make stand-in translations, and for translators' notes).
pub fn kept_words(source: &str) -> String {
    let mut spans: Vec<Range<usize>> = scan::numbers(source)
        .chain(scan::tokens(source).map(|t| t.span))
        .collect();
    spans.sort_by_key(|r| r.start);
    let words: Vec<&str> = spans.into_iter().map(|r| &source[r]).collect();
    words.join(" ")
}

/// The endings of a locale's error messages (values or hints), to find
/// those without the sentence-final punctuation most of the others have.
#[derive(Debug, Default)]
struct Endings {
    ended: usize,
    /// The messages without it whose source has none either, to report
    /// when most others have it: their id's position and index in `open`.
    open: Vec<Open>,
}

/// A message without sentence-final punctuation ([`Endings`]).
#[derive(Debug, Clone)]
pub struct Open {
    /// The message's id.
    pub id: String,
    /// Its place, for the diagnostic.
    pub at: Range<usize>,
}

/// The QA of one locale's catalog file, fed its translated messages in
/// file order.
#[derive(Debug)]
pub struct QaFile<'a> {
    qa: &'a Qa,
    rules: Rules,
    terms: LocaleTerms,
    /// For each group of messages with one source text: the first
    /// translation met, its id and where its id is.
    first: Vec<Option<FirstTranslation>>,
    endings: [Endings; 2],
    /// The numbers of the source text and of the translation.
    numbers: (Vec<Range<usize>>, Vec<Range<usize>>),
}

/// The first translation of a group of messages with one source text.
#[derive(Debug)]
struct FirstTranslation {
    value: String,
    hint: Option<String>,
    id: String,
    /// Where its id is.
    at: usize,
}

/// One translated message, as [`QaFile::message`] reads it.
pub struct Translated<'t> {
    /// The source message's index.
    pub index: usize,
    /// The message id.
    pub id: &'t str,
    /// The value's text, when it is plain text.
    pub value: Option<&'t str>,
    /// The hint's text, when translated and plain.
    pub hint: Option<&'t str>,
    /// The line of a byte offset of the file (for notes that point at
    /// another message), asked only for a finding: the file's line index
    /// is built on the first question.
    pub line: &'t dyn Fn(usize) -> usize,
    /// Where the id is, for findings that are about the whole message.
    pub at: Range<usize>,
}

impl<'a> QaFile<'a> {
    /// The QA of a locale's file.
    pub fn new(qa: &'a Qa, rules: Rules, tag: &str) -> Self {
        QaFile {
            qa,
            rules,
            terms: qa
                .glossary
                .as_ref()
                .map(|g| g.for_locale(tag))
                .unwrap_or_default(),
            first: Vec::new(),
            endings: Default::default(),
            numbers: Default::default(),
        }
    }

    /// Checks a translated, current message against its source message.
    /// `wants` says which checks are enabled (and not accepted for this
    /// message).
    pub fn message(
        &mut self,
        m: &SourceMessage,
        t: &Translated<'_>,
        wants: &dyn Fn(&'static Check) -> bool,
        found: &mut dyn FnMut(Finding),
    ) {
        let texts = [
            (false, Some(&*m.value), t.value),
            (true, m.hint.as_deref(), t.hint),
        ];
        for (hint, source, target) in texts {
            let (Some(source), Some(target)) = (source, target) else {
                continue;
            };
            if target.bytes().all(|b| b.is_ascii_whitespace()) {
                continue; // empty-value reports it
            }
            self.text(
                m,
                (hint, 2 * t.index + usize::from(hint)),
                source,
                target,
                t,
                wants,
                found,
            );
        }
        let group = self.qa.group.get(t.index).copied().unwrap_or(ALONE);
        if group != ALONE && wants(&checks::QA_INCONSISTENT) {
            if let Some(value) = t.value {
                if self.first.is_empty() {
                    self.first.resize_with(self.qa.groups, || None);
                }
                match &self.first[group as usize] {
                    None => {
                        self.first[group as usize] = Some(FirstTranslation {
                            value: value.to_owned(),
                            hint: t.hint.map(str::to_owned),
                            id: t.id.to_owned(),
                            at: t.at.start,
                        });
                    }
                    Some(f)
                        if f.value.trim() != value.trim()
                            || (t.hint.is_some()
                                && f.hint.is_some()
                                && f.hint.as_deref() != t.hint) =>
                    {
                        let (id, v) = (&f.id, &f.value);
                        found(Finding {
                            check: &checks::QA_INCONSISTENT,
                            hint: false,
                            span: None,
                            message: format!(
                                "`{}` translates the same source text as `{id}` differently",
                                t.id
                            ),
                            notes: vec![
                                format!("source: {}", m.value),
                                format!("`{id}` (line {}): {v}", (t.line)(f.at)),
                                format!("`{}`: {value}", t.id),
                            ],
                            help: "translate one source text one way, or say why in `# qa-accept: qa-inconsistent <reason>`".into(),
                            fix: None,
                        });
                    }
                    Some(_) => {}
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        m: &SourceMessage,
        (hint, k): (bool, usize),
        source: &str,
        target: &str,
        t: &Translated<'_>,
        wants: &dyn Fn(&'static Check) -> bool,
        found: &mut dyn FnMut(Finding),
    ) {
        let rules = self.rules;
        let qa = self.qa;
        let facts = qa.facts.of_text(k);
        let source_ends = qa.facts.ends.get(k).copied().unwrap_or(false);
        let what = if hint { "the hint of " } else { "" };
        let id = t.id;
        // At most a few findings of one check in one text: a line of a
        // million doubled spaces is one problem, not a million.
        let mut made: Vec<(&'static Check, usize)> = Vec::new();
        // The fix of the next finding pushed, when it has one.
        let next_fix: std::cell::Cell<Option<String>> = std::cell::Cell::new(None);
        let mut push = |check: &'static Check,
                        span: Option<Range<usize>>,
                        message: String,
                        notes: Vec<String>,
                        help: Cow<'static, str>| {
            match made.iter_mut().find(|(c, _)| std::ptr::eq(*c, check)) {
                Some((_, n)) if *n >= MAX_PER_TEXT => return,
                Some((_, n)) => *n += 1,
                None => made.push((check, 1)),
            }
            found(Finding {
                check,
                hint,
                span,
                message,
                notes,
                help,
                fix: next_fix.take(),
            })
        };
        let src_note = || format!("source: {source}");
        if !rules.same_language
            && wants(&checks::QA_SAME_AS_SOURCE)
            && same_text(source, target)
            && source.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
        {
            push(
                &checks::QA_SAME_AS_SOURCE,
                None,
                format!("{what}`{id}` is the source text, not a translation"),
                vec![],
                "translate it; if it is still to do, mark it `# untranslated`".into(),
            );
            // The other checks would only repeat it.
            return;
        }
        if wants(&checks::QA_NUMBER) {
            // Each text's numbers found once, into buffers kept from one
            // message to the next.
            let (mut src, mut tgt) = std::mem::take(&mut self.numbers);
            src.clear();
            src.extend(
                facts
                    .iter()
                    .filter(|f| f.kind == FactKind::Number)
                    .map(|f| f.start as usize..f.end as usize),
            );
            tgt.clear();
            tgt.extend(scan::numbers(target));
            let has = |list: &[Range<usize>], text: &str, n: &str| {
                list.iter().any(|r| scan::same_number(&text[r.clone()], n))
            };
            for r in &src {
                let n = &source[r.clone()];
                let in_words = rules.english && scan::has_number_in_words(target, n);
                if !(has(&tgt, target, n) || in_words) {
                    push(
                        &checks::QA_NUMBER,
                        None,
                        format!("{what}`{id}` lacks the number {n} of the source"),
                        vec![src_note()],
                        "write the source's number (a changed number changes the meaning)".into(),
                    );
                }
            }
            for r in &tgt {
                let n = &target[r.clone()];
                if !has(&src, source, n) && !chinese_numeral(n).is_some_and(|c| source.contains(c))
                {
                    push(
                        &checks::QA_NUMBER,
                        Some(r.clone()),
                        format!("{what}`{id}` has the number {n}, which the source does not"),
                        vec![src_note()],
                        "write only the source's numbers".into(),
                    );
                }
            }
            self.numbers = (src, tgt);
        }
        if wants(&checks::QA_TOKEN) {
            let plural = rules.style == Style::Spaced || rules.style == Style::French;
            let tokens = facts.iter().filter_map(|f| match f.kind {
                FactKind::Token(case) => Some(scan::Token {
                    span: f.start as usize..f.end as usize,
                    case,
                }),
                FactKind::Number => None,
            });
            let glossary = self.qa.glossary.as_deref();
            let mut done: Vec<&str> = Vec::new();
            for tok in tokens {
                let word = &source[tok.span.clone()];
                // A token the source writes twice is one finding.
                if done.contains(&word) {
                    continue;
                }
                done.push(word);
                // The term base may render it for this locale (rest 接口 →
                // REST API): its checks decide then. For another locale,
                // the spellings it approves anywhere (SDKAppID for the
                // source's SDKAPPID) are the token's too.
                let covering =
                    |r: &Range<usize>| r.start <= tok.span.start && tok.span.end <= r.end;
                if glossary
                    .is_some_and(|g| g.rendered_spans(&self.terms, source).any(|r| covering(&r)))
                {
                    continue;
                }
                let spellings =
                    glossary.map_or_else(Vec::new, |g| g.spellings(source, tok.span.clone()));
                // Each way the translation writes the word, in any case:
                // one not the source's is a finding (`Json` for `JSON`),
                // even beside one that is; none at all is one too, unless
                // the word may be translated.
                let mut kept = false;
                let mut wrong = None;
                for r in scan::find_words(target, word, true, plural) {
                    // The word as written, without a plural `s` (a match
                    // may be longer or shorter than the word in bytes:
                    // the Kelvin sign K is a k without regard to case).
                    let whole = &target[r.clone()];
                    let written = match whole.strip_suffix('s') {
                        Some(w) if plural && w.chars().count() == word.len() => w,
                        _ => whole,
                    };
                    if scan::same_token(&tok, source, written) || spellings.contains(&written) {
                        kept = true;
                    } else if wrong.is_none() {
                        wrong = Some(r);
                    }
                }
                if let Some(r) = &wrong {
                    // The source's spelling (or the one the term base
                    // approves for it), keeping a plural `s`.
                    let whole = &target[r.clone()];
                    let plural_s = plural
                        && whole.ends_with('s')
                        && whole.chars().count() == word.chars().count() + 1;
                    let right = spellings.first().copied().unwrap_or(word);
                    next_fix.set(Some(format!("{right}{}", if plural_s { "s" } else { "" })));
                }
                match wrong {
                    Some(r) => push(
                        &checks::QA_TOKEN,
                        Some(r.clone()),
                        format!(
                            "{what}`{id}` writes `{}` for the source's `{word}`",
                            &target[r]
                        ),
                        vec![src_note()],
                        "keep identifiers, names and URLs exactly as the source writes them".into(),
                    ),
                    None if !kept && tok.case != scan::TokenCase::Capital => push(
                        &checks::QA_TOKEN,
                        None,
                        format!("{what}`{id}` lacks the source's `{word}`"),
                        vec![src_note()],
                        "keep identifiers, names and URLs exactly as the source writes them".into(),
                    ),
                    None => {}
                }
            }
        }
        if !rules.uses_han && !rules.same_language && wants(&checks::QA_HAN) {
            if let Some(r) = scan::han_run(target) {
                let run = &target[r.clone()];
                push(
                    &checks::QA_HAN,
                    Some(r),
                    format!("{what}`{id}` has Han characters (`{run}`), which this language does not use"),
                    vec![src_note()],
                    "translate the Chinese text that was left in".into(),
                );
            }
        }
        if let (Some(g), true) = (
            &self.qa.glossary,
            wants(&checks::GLOSSARY_MISSING) || wants(&checks::GLOSSARY_FORBIDDEN),
        ) {
            g.check(&self.terms, source, target, |f| match f {
                glossary::TermFinding::Missing { term, approved } => {
                    if wants(&checks::GLOSSARY_MISSING) {
                        let mut notes = vec![src_note()];
                        if let Some(n) = &term.note {
                            notes.push(format!("term base: {n}"));
                        }
                        push(
                            &checks::GLOSSARY_MISSING,
                            None,
                            format!(
                                "{what}`{id}` does not render the term {} as the term base does: {}",
                                term.source[0],
                                quoted(approved)
                            ),
                            notes,
                            "use the approved translation, or accept this one with `# qa-accept: glossary-missing <reason>`".into(),
                        )
                    }
                }
                glossary::TermFinding::Forbidden { term, variant, span, approved } => {
                    if wants(&checks::GLOSSARY_FORBIDDEN) {
                        let found_text = &target[span.clone()];
                        // With one approved rendering, it is the fix,
                        // capitalized as the variant was (at a sentence's
                        // start).
                        if let [one] = approved {
                            next_fix.set(Some(capitalized_as(one, found_text)));
                        }
                        push(
                            &checks::GLOSSARY_FORBIDDEN,
                            Some(span),
                            format!(
                                "{what}`{id}` writes `{found_text}` for {}, a variant the term base forbids",
                                term.source[0]
                            ),
                            vec![format!("the term base's {variant} is forbidden; approved: {}", quoted(approved))],
                            "use the approved translation".into(),
                        )
                    }
                }
            });
        }
        if wants(&checks::QA_PUNCTUATION) {
            scan::punctuation(target, rules.style, |p| {
                next_fix.set(p.fix);
                push(
                    &checks::QA_PUNCTUATION,
                    Some(p.span),
                    format!("{what}`{id}`: {}", p.what),
                    vec![],
                    p.help.into(),
                )
            });
            if m.kind == MessageKind::Error {
                let endings = &mut self.endings[usize::from(hint)];
                if scan::ends_sentence(target) {
                    endings.ended += 1;
                } else if source_ends {
                    next_fix.set(Some(
                        if rules.style == scan::Style::FullWidth {
                            "。"
                        } else {
                            "."
                        }
                        .into(),
                    ));
                    push(
                        &checks::QA_PUNCTUATION,
                        Some(target.trim_end().len()..target.trim_end().len()),
                        format!("{what}`{id}` does not end with the sentence's final punctuation, as its source does"),
                        vec![src_note()],
                        "end it as the other messages end (`.` in English, `。` in Chinese and Japanese)".into(),
                    );
                } else {
                    endings.open.push(Open {
                        id: format!("{what}`{id}`"),
                        at: t.at.clone(),
                    });
                }
            }
        }
    }

    /// The messages without the sentence-final punctuation that three
    /// quarters or more of the locale's error messages have (values and
    /// hints apart), once every message was fed.
    pub fn finish(self) -> Vec<Open> {
        let mut out = Vec::new();
        for e in self.endings {
            let total = e.ended + e.open.len();
            if total >= 4 && e.ended * 4 >= total * 3 {
                out.extend(e.open);
            }
        }
        out
    }
}

/// True when two texts are the same but for the whitespace around them
/// (a table cell and a Fluent value have none: the texts are compared
/// trimmed only when they start alike).
fn same_text(a: &str, b: &str) -> bool {
    a == b
        || (a.trim_start().as_bytes().first() == b.trim_start().as_bytes().first()
            && a.trim() == b.trim())
}

fn quoted(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Chinese numeral of a number up to ten, which a source may write for
/// the digits a translation has.
fn chinese_numeral(n: &str) -> Option<&'static [char]> {
    const NUMERALS: [&[char]; 11] = [
        &['零', '〇'],
        &['一'],
        &['二', '两', '兩'],
        &['三'],
        &['四'],
        &['五'],
        &['六'],
        &['七'],
        &['八'],
        &['九'],
        &['十'],
    ];
    let v: usize = n.parse().ok()?;
    NUMERALS.get(v).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any source and translation, in any locale's rules, with or without
    /// a term base: the checks finish, and every finding's place is in the
    /// translation, at character boundaries.
    mod any_text {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            "([a-zA-Z0-9 .,:;!?。、，：！？（）\u{212a}\u{212b}İſ客服操作者参数パラメーター\u{202f}\u{a0}-]|\\PC){0,40}"
        }

        proptest! {
            #[test]
            fn checks_finish_and_point_inside(source in text(), target in text(), hint in text(), tag in "(en-US|ja-JP|fr-FR|zh-TW|de|ko-KR|sr-Latn)") {
                let glossary = Glossary::parse(
                    "[[term]]\nsource = [\"客服\", \"K\"]\nen-US = { approved = [\"k\", \"Å\"], forbidden = \"ſ\" }\n\
                     ja-JP = { approved = \"パラメーター\", forbidden = \"パラメータ\" }\n",
                    std::path::Path::new("g.toml"),
                ).unwrap();
                let mut m = SourceMessage::plain("error-1", &source);
                m.hint = Some(hint.as_str().into());
                let messages = vec![m.clone(), SourceMessage::plain("error-2", &source)];
                let qa = Qa::new(&messages, Some(std::sync::Arc::new(glossary)));
                let mut file = QaFile::new(&qa, Rules::for_locale(&tag, "zh-CN"), &tag);
                let mut found = Vec::new();
                for (index, id) in [(0, "error-1"), (1, "error-2")] {
                    let t = Translated {
                        index,
                        id,
                        value: Some(&target),
                        hint: Some(&target),
                        line: &|_| 1,
                        at: 0..0,
                    };
                    file.message(&messages[index], &t, &|_| true, &mut |f| found.push(f));
                }
                let _ = file.finish();
                for f in found {
                    if let Some(r) = f.span {
                        prop_assert!(r.start <= r.end && r.end <= target.len());
                        prop_assert!(target.is_char_boundary(r.start) && target.is_char_boundary(r.end));
                    }
                }
            }
        }
    }

    /// The findings of the one message of `messages` translated as
    /// `target` in the locale `tag`.
    fn findings_of(qa: &Qa, messages: &[SourceMessage], tag: &str, target: &str) -> Vec<Finding> {
        let mut file = QaFile::new(qa, Rules::for_locale(tag, "zh-CN"), tag);
        let t = Translated {
            index: 0,
            id: "error-1",
            value: Some(target),
            hint: None,
            line: &|_| 1,
            at: 0..0,
        };
        let mut found = Vec::new();
        file.message(&messages[0], &t, &|_| true, &mut |f| found.push(f));
        found
    }

    /// A token written in another case has the source's spelling as its
    /// fix, a plural `s` kept, or the spelling the term base approves.
    #[test]
    fn a_wrong_case_token_has_the_right_spelling_as_its_fix() {
        let glossary = Glossary::parse(
            "[[term]]\nsource = \"SDKAPPID\"\nja-JP = { approved = \"SDKAppID\" }\n",
            std::path::Path::new("g.toml"),
        )
        .unwrap();
        let messages = vec![SourceMessage::plain("error-1", "请检查 JSON 与 SDKAPPID。")];
        let qa = Qa::new(&messages, Some(std::sync::Arc::new(glossary)));
        let fixes = |tag: &str, target: &str| {
            findings_of(&qa, &messages, tag, target)
                .into_iter()
                .filter(|f| f.check == &checks::QA_TOKEN)
                .map(|f| (target[f.span.unwrap()].to_owned(), f.fix))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fixes("en-US", "Check the Jsons and the SDKAPPID."),
            [("Jsons".to_owned(), Some("JSONs".to_owned()))]
        );
        // en-US has no rendering of its own: the spelling approved for
        // ja-JP is the token's too, and is the fix.
        assert_eq!(
            fixes("en-US", "Check the JSON and the SdkAppId."),
            [("SdkAppId".to_owned(), Some("SDKAppID".to_owned()))]
        );
    }

    /// A forbidden variant has the approved rendering as its fix when the
    /// term base approves one (capitalized where the variant was), and
    /// none when it approves several; a missing sentence end has the
    /// locale's mark. Each fix, applied, leaves no finding of its check.
    #[test]
    fn forbidden_variants_and_missing_endings_have_fixes() {
        let glossary = Glossary::parse(
            "[[term]]\nsource = \"客服\"\nen-US = { approved = \"agent\", forbidden = \"operator\" }\n\
             ja-JP = { approved = [\"担当者\", \"オペレーター\"], forbidden = \"操作者\" }\n",
            std::path::Path::new("g.toml"),
        )
        .unwrap();
        let messages = vec![SourceMessage::plain("error-1", "客服不在线。")];
        let qa = Qa::new(&messages, Some(std::sync::Arc::new(glossary)));
        let fixes = |tag: &str, target: &str, check: &Check| {
            findings_of(&qa, &messages, tag, target)
                .into_iter()
                .filter(|f| std::ptr::eq(f.check, check))
                .map(|f| {
                    let r = f.span.unwrap();
                    let applied = f
                        .fix
                        .as_ref()
                        .map(|x| format!("{}{x}{}", &target[..r.start], &target[r.end..]));
                    (target[r].to_owned(), f.fix, applied)
                })
                .collect::<Vec<_>>()
        };
        let forbidden = &checks::GLOSSARY_FORBIDDEN;
        let one = |s: &str, fix: &str, applied: &str| {
            vec![(s.to_owned(), Some(fix.to_owned()), Some(applied.to_owned()))]
        };
        assert_eq!(
            fixes("en-US", "The operator is offline.", forbidden),
            one("operator", "agent", "The agent is offline.")
        );
        assert_eq!(
            fixes("en-US", "Operator offline.", forbidden),
            one("Operator", "Agent", "Agent offline.")
        );
        assert!(fixes("en-US", "The agent is offline.", forbidden).is_empty());
        assert_eq!(
            fixes("ja-JP", "操作者はオフラインです。", forbidden),
            [("操作者".to_owned(), None, None)]
        );
        let punctuation = &checks::QA_PUNCTUATION;
        assert_eq!(
            fixes("en-US", "The agent is offline", punctuation),
            one("", ".", "The agent is offline.")
        );
        assert_eq!(
            fixes("ja-JP", "担当者はオフラインです", punctuation),
            one("", "。", "担当者はオフラインです。")
        );
        for (tag, text) in [
            ("en-US", "The agent is offline."),
            ("ja-JP", "担当者はオフラインです。"),
        ] {
            assert!(fixes(tag, text, punctuation).is_empty(), "{text}");
        }
    }

    /// A letter that is another without regard to case but has another
    /// length in bytes (the Kelvin sign is a k): the token read as written.
    #[test]
    fn a_token_written_with_a_wider_letter() {
        let messages = vec![SourceMessage::plain("error-1", "请检查 Key 与 kid。")];
        let qa = Qa::new(&messages, None);
        let target = "Check the \u{212a}ey and \u{212a}id.";
        let tokens: Vec<String> = findings_of(&qa, &messages, "en-US", target)
            .iter()
            .filter(|f| f.check == &checks::QA_TOKEN)
            .map(|f| f.message.clone())
            .collect();
        assert_eq!(
            tokens,
            [
                "`error-1` writes `\u{212a}ey` for the source's `Key`",
                "`error-1` writes `\u{212a}id` for the source's `kid`"
            ]
        );
    }

    #[test]
    fn rules_per_locale() {
        let r = |t| Rules::for_locale(t, "zh-CN");
        assert_eq!(r("ja-JP").style, Style::FullWidth);
        assert!(r("ja-JP").uses_han && !r("ja-JP").same_language);
        assert!(r("zh-Hant-TW").same_language);
        assert_eq!(r("fr-FR").style, Style::French);
        assert_eq!(r("en-US").style, Style::Spaced);
        assert!(r("en-US").english && !r("en-US").uses_han);
        assert!(r("ko-KR").uses_han);
        assert_eq!(r("ko-KR").style, Style::Spaced);
        assert!(!r("sr-Latn-RS").uses_han);
    }

    #[test]
    fn accepted_names_up_to_the_reason() {
        let notes = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let lines = notes(&["qa-accept: qa-number, qa-token the build number", "other"]);
        assert_eq!(
            accept_lines(&lines),
            (vec![&checks::QA_NUMBER, &checks::QA_TOKEN], None)
        );
        let lines = notes(&["qa-accept: EB0507 house style"]);
        assert_eq!(accept_lines(&lines), (vec![&checks::QA_PUNCTUATION], None));
        // A line that names none: reported, whatever follows it.
        let lines = notes(&["qa-accept: stale no", "qa-accept: qa-han ok"]);
        assert_eq!(
            accept_lines(&lines),
            (vec![&checks::QA_HAN], Some("qa-accept: stale no"))
        );
        let lines = notes(&["a note"]);
        assert_eq!(accept_lines(&lines), (vec![], None));
    }
}
