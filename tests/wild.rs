//! Real Chinese error-code pages of many organisations
//! (../shared/corpus/wild, read where it lies), each checked against what a
//! person counted by reading it (its INDEX.md): the number of error rows,
//! and which columns hold the code and the Chinese message. Skipped, saying
//! so, where the corpus is absent.
//!
//! Every page reads with no flags. `PENDING` names a page that is known not
//! to read right (none now); the test fails when one of them starts to
//! pass, so that the list only shrinks.

mod common;

use std::path::Path;

use errbook::diag::emit;
use errbook::diag::Files;
use errbook::source::{extract, ExtractOptions};

/// A page as a person reads it: error rows (the page's error tables, every
/// row kept), the header of the code column and of the Chinese message
/// column (`None` when the page has no Chinese message column), in its
/// first error table.
struct Expected {
    file: &'static str,
    rows: usize,
    code: &'static str,
    zh: Option<&'static str>,
}

const PAGES: &[Expected] = &[
    Expected {
        file: "satoken-exception-code.md",
        rows: 104,
        code: "code码值",
        zh: Some("含义"),
    },
    Expected {
        file: "fisco-bcos-api-2x.md",
        rows: 124,
        code: "code",
        zh: Some("含义"),
    },
    Expected {
        file: "fisco-bcos-retcode-3x.md",
        rows: 81,
        code: "错误码",
        zh: Some("错误原因"),
    },
    Expected {
        file: "fisco-bcos-contract-management.md",
        rows: 7,
        code: "code",
        zh: None,
    },
    Expected {
        file: "linkis-entrance-errorcode.md",
        rows: 26,
        code: "error code(错误码)",
        zh: Some("describe(描述)"),
    },
    Expected {
        file: "huaweicloud-dis-server-errorcode.md",
        rows: 71,
        code: "错误码",
        zh: Some("说明"),
    },
    Expected {
        file: "tidb-dm-error-handling.md",
        rows: 10,
        code: "错误码",
        zh: Some("错误说明"),
    },
    Expected {
        file: "emqx-rest-api.md",
        rows: 39,
        code: "状态码",
        zh: Some("描述"),
    },
    Expected {
        file: "easemob-server-error.md",
        rows: 63,
        code: "HTTP 返回码（Status Code）",
        zh: Some("说明（Description）"),
    },
    Expected {
        file: "iotdb-status-codes.md",
        rows: 128,
        code: "状态码",
        zh: Some("状态信息"),
    },
    Expected {
        file: "bkbase-jobnavi-error-code.md",
        rows: 3,
        code: "错误码ID",
        zh: Some("含义"),
    },
    Expected {
        file: "volcengine-rtc-web-errorcode.md",
        rows: 81,
        code: "值",
        zh: Some("描述"),
    },
    Expected {
        file: "zego-zim-errorcodes.md",
        rows: 150,
        code: "错误码",
        zh: Some("说明"),
    },
    // INDEX.md counts 48 `<tr>` rows; the last row (L254-256, code 8090001)
    // has its `<td>`s but no `<tr>`, which a browser still shows as a row,
    // and no row's text may be lost: 49.
    Expected {
        file: "zego-metaworld-errorcodes.md",
        rows: 49,
        code: "错误码",
        zh: Some("描述"),
    },
    Expected {
        file: "faceunity-callsdk-error.md",
        rows: 9,
        code: "错误码",
        zh: Some("错误描述"),
    },
    Expected {
        file: "longbridge-whale-error-codes.md",
        rows: 7,
        code: "code",
        zh: Some("说明"),
    },
    Expected {
        file: "longbridge-quote-subscribe.md",
        rows: 5,
        code: "业务错误码",
        zh: Some("描述"),
    },
    Expected {
        file: "kingsoft-kmr-common-request.md",
        rows: 5,
        code: "错误码",
        zh: Some("错误描述"),
    },
    Expected {
        file: "kingsoft-kmr-error-info-draft.md",
        rows: 5,
        code: "错误码",
        zh: Some("错误描述"),
    },
    Expected {
        file: "andphp-laravel-dictionary-error.md",
        rows: 19,
        code: "状态码",
        zh: Some("状态信息"),
    },
];

/// Known not to read right.
const PENDING: &[&str] = &[];

/// What is wrong with errbook's reading of a page, if anything.
fn problems(dir: &Path, e: &Expected) -> Vec<String> {
    let bytes = std::fs::read(dir.join(e.file)).unwrap();
    let mut files = Files::new();
    let ex = extract(
        Path::new(e.file),
        &bytes,
        &mut files,
        &ExtractOptions::default(),
    );
    let mut out = Vec::new();
    for d in ex
        .diagnostics
        .iter()
        .filter(|d| d.level == errbook::diag::Level::Error)
    {
        out.push(emit::short_line(&files, d));
    }
    let c = &ex.catalog;
    if c.entries.len() != e.rows {
        out.push(format!("{} entries, counted {}", c.entries.len(), e.rows));
    }
    if c.columns.code != e.code {
        out.push(format!(
            "code column `{}`, not `{}`",
            c.columns.code, e.code
        ));
    }
    if let Some(zh) = e.zh {
        if c.columns.message != zh {
            out.push(format!(
                "message column `{}`, not `{zh}`",
                c.columns.message
            ));
        }
    }
    out
}

#[test]
fn wild_pages_read_as_a_person_counts_them() {
    let Some(dir) = common::shared_corpus("wild") else {
        return;
    };
    let mut failed = Vec::new();
    let mut now_passing = Vec::new();
    let mut read = 0;
    for e in PAGES {
        let p = problems(&dir, e);
        let pending = PENDING.contains(&e.file);
        if p.is_empty() {
            read += 1;
            if pending {
                now_passing.push(e.file);
            }
        } else if !pending {
            failed.push(format!("{}:\n  {}", e.file, p.join("\n  ")));
        } else {
            eprintln!("pending {}: {}", e.file, p.first().unwrap());
        }
    }
    eprintln!("{read} of {} wild pages read as counted", PAGES.len());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(
        now_passing.is_empty(),
        "now read right: remove from PENDING: {now_passing:?}"
    );
}
