//! The translation QA checks on the shipped catalog: none on it as it is,
//! and on a copy with a defect planted in every translated message (of
//! every kind the checks look for), at least 95 % of them found, each by
//! its check, and no finding on a message without one.

mod common;
use common::{catalog_copy, errbook, findings};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A copy of this repository's catalog and term base.
fn shipped_project() -> tempfile::TempDir {
    let dir = catalog_copy(None);
    assert!(dir.path().join("glossary.toml").exists());
    dir
}

/// Each QA finding of `errbook check` in `dir`: (locale, message id, check name).
fn qa_findings(dir: &Path) -> BTreeSet<(String, String, String)> {
    findings(dir)
        .iter()
        .filter(|f| {
            let name = f["name"].as_str().unwrap();
            name.starts_with("qa-") || name.starts_with("glossary-")
        })
        .map(|f| {
            // The message names its message id first, in backquotes.
            let message = f["message"].as_str().unwrap();
            let id = message.split('`').nth(1).unwrap_or("").to_owned();
            (
                f["locale"].as_str().unwrap_or("").to_owned(),
                id,
                f["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The source texts of the shipped catalog by message id, read from the
/// source locale's generated file (one line a message).
fn sources(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("locales/zh-CN/errors.ftl")).unwrap();
    text.lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(id, _)| !id.starts_with(['#', ' ', '.']))
        .map(|(id, v)| (id.to_owned(), v.to_owned()))
        .collect()
}

/// What a planter can do to one translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Number,
    Token,
    Han,
    SameAsSource,
    Inconsistent,
    Punctuation,
    Glossary,
}

impl Kind {
    /// The checks that report it.
    fn checks(self) -> &'static [&'static str] {
        match self {
            Kind::Number => &["qa-number"],
            Kind::Token => &["qa-token"],
            Kind::Han => &["qa-han"],
            Kind::SameAsSource => &["qa-same-as-source"],
            Kind::Inconsistent => &["qa-inconsistent"],
            Kind::Punctuation => &["qa-punctuation"],
            Kind::Glossary => &["glossary-missing", "glossary-forbidden"],
        }
    }
}

/// A defect of `kind` in `target` (translated from `source`), when the
/// kind applies to it. Written without the checks' code: plain string
/// edits of the kind a careless translator makes.
fn plant(kind: Kind, japanese: bool, source: &str, target: &str) -> Option<String> {
    let ascii_word = |s: &str| {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .find(|w| w.len() >= 2 && w.chars().any(|c| c.is_ascii_uppercase()))
            .map(str::to_owned)
    };
    match kind {
        // A number the source does not have.
        Kind::Number => Some(if japanese {
            target.replacen("。", "（30 件）。", 1)
        } else {
            format!("{} Retry after 30 seconds.", target)
        }),
        // An identifier of the source written in another case.
        Kind::Token => {
            let word = ascii_word(source).filter(|w| target.contains(w.as_str()))?;
            Some(target.replacen(&word, &word.to_lowercase(), 1))
        }
        Kind::Han => (!japanese).then(|| target.replacen(' ', " 错误 ", 1)),
        Kind::SameAsSource => Some(source.to_owned()),
        Kind::Inconsistent => None, // planted on the pairs below
        Kind::Punctuation => Some(if japanese {
            let t = target.strip_suffix('。')?;
            format!("{t}.")
        } else {
            target.strip_suffix('.')?.replacen(' ', "  ", 1)
        }),
        Kind::Glossary => {
            let swaps: &[(&str, &str, &str)] = if japanese {
                &[
                    ("参数", "パラメーター", "パラメータ"),
                    ("操作者", "呼び出し元", "オペレーター"),
                    ("请求者", "リクエスト元", "リクエスト送信者"),
                    ("知识库", "ナレッジベース", "知識ベース"),
                    ("机器人", "ボット", "ロボット"),
                    ("公众号", "WeChat 公式アカウント", "公式アカウント"),
                    ("会话", "セッション", "会話"),
                    ("访客", "訪問者", "ビジター"),
                ]
            } else {
                &[
                    ("参数", "parameter", "argument"),
                    ("操作者", "caller", "operator"),
                    ("请求者", "requester", "sender"),
                    ("知识库", "knowledge base", "knowledge store"),
                    ("机器人", "bot", "robot"),
                    ("公众号", "WeChat Official Account", "official account"),
                    ("会话", "session", "conversation"),
                    ("访客", "visitor", "guest"),
                ]
            };
            swaps.iter().find_map(|(term, good, bad)| {
                (source.contains(term) && target.contains(good))
                    .then(|| target.replacen(good, bad, 1))
            })
        }
    }
}

#[test]
fn the_shipped_catalog_has_no_qa_finding() {
    let dir = shipped_project();
    assert_eq!(qa_findings(dir.path()), BTreeSet::new());
    // And the term base is read: a forbidden variant is found.
    let path = dir.path().join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "The caller does not have valid permissions.",
            "The operator does not have valid permissions.",
        ),
    )
    .unwrap();
    let found = qa_findings(dir.path());
    assert!(found.contains(&(
        "en-US".into(),
        "error-100005".into(),
        "glossary-forbidden".into()
    )));
}

#[test]
fn planted_defects_of_every_kind_are_found() {
    let dir = shipped_project();
    let sources = sources(dir.path());
    let kinds = [
        Kind::Glossary,
        Kind::Token,
        Kind::Punctuation,
        Kind::Number,
        Kind::Han,
        Kind::SameAsSource,
    ];
    let mut planted: BTreeMap<(String, String), Kind> = BTreeMap::new();
    for (tag, japanese) in [("en-US", false), ("ja-JP", true)] {
        let path = dir.path().join("locales").join(tag).join("errors.ftl");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        let mut turn = 0usize;
        // Pairs of codes with one source text: the second's translation
        // reworded.
        let mut seen_sources: BTreeSet<&str> = BTreeSet::new();
        for line in text.split_inclusive('\n') {
            let Some((id, value)) = line.trim_end_matches('\n').split_once(" = ") else {
                out.push_str(line);
                continue;
            };
            let Some(source) = sources.get(id).filter(|_| id.starts_with("error-")) else {
                out.push_str(line);
                continue;
            };
            let new = if !seen_sources.insert(source) {
                Some((Kind::Inconsistent, value.replacen(' ', " given ", 1) + "!"))
            } else {
                // The next kind in turn that applies to this message.
                (0..kinds.len()).find_map(|k| {
                    let kind = kinds[(turn + k) % kinds.len()];
                    let t = plant(kind, japanese, source, value)?;
                    turn = (turn + k + 1) % kinds.len();
                    (t != value).then_some((kind, t))
                })
            };
            match new {
                Some((kind, t)) => {
                    planted.insert((tag.to_owned(), id.to_owned()), kind);
                    out.push_str(&format!("{id} = {t}\n"));
                }
                None => out.push_str(line),
            }
        }
        std::fs::write(&path, out).unwrap();
    }
    // Every kind is planted, in both locales where it applies.
    let mut per_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    for kind in planted.values() {
        *per_kind.entry(*kind).or_default() += 1;
    }
    assert_eq!(per_kind.len(), 7, "{per_kind:?}");
    assert!(per_kind.values().all(|n| *n >= 2), "{per_kind:?}");
    assert!(planted.len() >= 130, "{}", planted.len());

    let found = qa_findings(dir.path());
    let mut missed = Vec::new();
    for ((tag, id), kind) in &planted {
        let hit = kind
            .checks()
            .iter()
            .any(|c| found.contains(&(tag.clone(), id.clone(), (*c).to_owned())));
        if !hit {
            missed.push(format!("{tag} {id} {kind:?}"));
        }
    }
    let recall = 1.0 - missed.len() as f64 / planted.len() as f64;
    eprintln!(
        "planted {per_kind:?}, total {}, missed {missed:?}",
        planted.len()
    );
    assert!(
        recall >= 0.95,
        "found {:.1} % of {} planted defects; missed: {missed:#?}",
        100.0 * recall,
        planted.len()
    );
    // No finding on a message without a planted defect.
    let stray: Vec<_> = found
        .iter()
        .filter(|(tag, id, _)| !planted.contains_key(&(tag.clone(), id.clone())))
        .collect();
    assert!(stray.is_empty(), "{stray:#?}");
}

/// A reviewed exception, `# qa-accept: <check> <reason>` above a message,
/// silences that check there and no other, and sync keeps the line.
#[test]
fn an_accepted_exception_is_kept_and_silences_only_its_check() {
    let dir = shipped_project();
    let path = dir.path().join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let planted = text.replace(
        "# source: 置换 ID 超时。\nerror-60014 = ID exchange timed out.\n",
        "# source: 置换 ID 超时。\nerror-60014 = ID exchange timed out after 30 s  .\n",
    );
    assert_ne!(planted, text);
    std::fs::write(&path, &planted).unwrap();
    let names = |dir: &Path| -> BTreeSet<String> {
        qa_findings(dir)
            .into_iter()
            .filter(|(_, id, _)| id == "error-60014")
            .map(|(_, _, c)| c)
            .collect()
    };
    assert_eq!(
        names(dir.path()),
        ["qa-number", "qa-punctuation"].map(String::from).into()
    );
    let accepted = planted.replace(
        "# source: 置换 ID 超时。\nerror-60014",
        "# qa-accept: qa-number the timeout is the service's, not the source's\n# source: 置换 ID 超时。\nerror-60014",
    );
    std::fs::write(&path, &accepted).unwrap();
    assert_eq!(
        names(dir.path()),
        ["qa-punctuation"].map(String::from).into()
    );
    // Two checks on one line, by name or code.
    std::fs::write(
        &path,
        accepted.replace("# qa-accept: qa-number", "# qa-accept: qa-number, EB0507"),
    )
    .unwrap();
    assert_eq!(names(dir.path()), BTreeSet::new());
    // A line that names no check it can accept silences nothing, and says so.
    let typo = accepted.replace("# qa-accept: qa-number", "# qa-accept: qa-numbers");
    std::fs::write(&path, &typo).unwrap();
    assert_eq!(
        names(dir.path()),
        ["qa-accept-unknown", "qa-number", "qa-punctuation"]
            .map(String::from)
            .into()
    );
    std::fs::write(
        &path,
        accepted.replace("# qa-accept: qa-number", "# qa-accept: qa-number, EB0507"),
    )
    .unwrap();
    let out = errbook(dir.path(), &["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("# qa-accept: qa-number, EB0507 the timeout is the service's, not the source's\n# source: 置换 ID 超时。\nerror-60014"), "{after}");
}

/// A locale the term base does not name: the spellings it approves for
/// a term elsewhere (SDKAppID for the source's SDKAPPID, REST, PTT, AppId)
/// are the tokens' spellings there too; a loanword with a capital (App)
/// may be translated; a token the source writes twice is one finding.
#[test]
fn tokens_in_a_locale_the_term_base_does_not_name() {
    let dir = shipped_project();
    let fr = dir.path().join("locales/fr-FR");
    std::fs::create_dir_all(&fr).unwrap();
    let en = std::fs::read_to_string(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    let tokens = |dir: &Path| -> BTreeSet<(String, String)> {
        qa_findings(dir)
            .into_iter()
            .filter(|(tag, _, c)| tag == "fr-FR" && c == "qa-token")
            .map(|(_, id, c)| (id, c))
            .collect()
    };
    let app = "error-60010 = The request requires app administrator permission. Check your permission to call the API.";
    assert!(en.contains(app));
    let fr_text = en.replace(
        app,
        "error-60010 = La requête exige l’autorisation d’administrateur de l’application.",
    );
    std::fs::write(fr.join("errors.ftl"), &fr_text).unwrap();
    assert_eq!(tokens(dir.path()), BTreeSet::new());
    // The source's SDKAPPID misspelled in yet another way; JSON (twice in
    // the source) in the wrong case twice.
    let bad = fr_text.replace("(SDKAppID)", "(SdkAppId)").replace(
        "error-60003 = JSON parsing error in the HTTP request. Check the JSON format.",
        "error-60003 = Json parsing error in the HTTP request. Check the Json format.",
    );
    assert_ne!(bad, fr_text);
    std::fs::write(fr.join("errors.ftl"), &bad).unwrap();
    assert_eq!(
        tokens(dir.path()),
        [("error-100006", "qa-token"), ("error-60003", "qa-token")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .into()
    );
    let all = findings(dir.path());
    let on_60003 = all
        .iter()
        .filter(|f| {
            f["locale"] == "fr-FR" && f["message"].as_str().unwrap().contains("`error-60003`")
        })
        .count();
    assert_eq!(on_60003, 1, "{all:#?}");
}

/// A term base that is not a regular file is refused: a FIFO (whose read
/// would block until a writer came), a device (which would be read without
/// end), a link to nothing (which would silently turn the checks off).
#[cfg(unix)]
#[test]
fn a_term_base_that_is_no_regular_file_is_refused() {
    let dir = shipped_project();
    let path = dir.path().join("glossary.toml");
    let cases: [(&str, &dyn Fn()); 3] = [
        ("a FIFO", &|| {
            let ok = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap()
                .success();
            assert!(ok);
        }),
        ("a character device", &|| {
            std::os::unix::fs::symlink("/dev/zero", &path).unwrap()
        }),
        ("a link to a file that does not exist", &|| {
            std::os::unix::fs::symlink("nothing-here.toml", &path).unwrap()
        }),
    ];
    for (what, make) in cases {
        std::fs::remove_file(&path).unwrap();
        make();
        let out = errbook(dir.path(), &["check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(
            stderr.contains("EB0508 glossary-invalid"),
            "{what}: {stderr}"
        );
        assert!(stderr.contains(what), "{what}: {stderr}");
    }
}
