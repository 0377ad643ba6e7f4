//! Which column of a table header is the code, the message and the hint.
//!
//! Real pages name their columns in many ways (错误码, 错误代码, 返回码,
//! 状态码, `code` …) and often carry other columns beside them (an HTTP
//! status, an English description, "是否收费"). The header decides; the user
//! can name a column when it cannot.

/// Header names that mark the code column, after [`normalise`].
const CODE_NAMES: &[&str] = &[
    "错误码",
    "错误代码",
    "返回码",
    "状态码",
    "告警码",
    "错误码值",
    "错误码取值",
    "错误编码",
    "code",
    "errorcode",
    "statuscode",
    "returncode",
    "retcode",
    "errcode",
    "エラーコード",
    "コード",
];

/// Header names that mark the message column, best first.
const MESSAGE_NAMES: &[&str] = &[
    "错误码说明",
    "错误说明",
    "错误描述",
    "错误中文描述",
    "中文描述",
    "错误含义",
    "错误信息",
    "具体含义",
    "含义说明",
    "说明",
    "描述",
    "含义",
    "意义",
    "返回信息",
    "提示信息",
    "错误提示",
    "message",
    "description",
    "meaning",
    "errormessage",
    "説明",
    "エラーメッセージ",
    "内容",
];

/// Substrings that make a header a message column candidate when no name
/// matches exactly.
const MESSAGE_WORDS: &[&str] = &[
    "说明",
    "描述",
    "含义",
    "意义",
    "信息",
    "消息",
    "message",
    "description",
];

/// Header names and substrings that mark the hint column.
const HINT_NAMES: &[&str] = &[
    "处理建议",
    "处理措施",
    "解决方案",
    "解决方法",
    "解决办法",
    "处理方法",
    "处理方式",
    "操作建议",
    "排查建议",
    "建议方案",
    "建议",
    "suggestion",
    "solution",
    "action",
    "whattodo",
    "howtofix",
    "resolution",
    "対処方法",
    "対処法",
    "解決方法",
];
const HINT_WORDS: &[&str] = &[
    "建议", "措施", "解决", "处理", "suggest", "solution", "対処",
];

/// Words that rule a column out as the source-locale message.
const FOREIGN_WORDS: &[&str] = &["英文", "english"];

/// Normalises a header for matching: lowercase, no whitespace (NBSP
/// included), no parenthesised aside (`模块错误码（codeDesc）` →
/// `模块错误码`), no trailing colon.
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if depth > 0 || c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out.trim_end_matches([':', '：']).to_owned()
}

/// True when a header names a message or hint column (说明, 描述, 处理建议
/// …): text for people, never a code.
pub fn names_text(header: &str) -> bool {
    let n = normalise(header);
    MESSAGE_NAMES.contains(&n.as_str())
        || HINT_NAMES.contains(&n.as_str())
        || MESSAGE_WORDS
            .iter()
            .chain(HINT_WORDS)
            .any(|w| n.contains(w))
}

/// The roles of a table's columns (0-based indices).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roles {
    /// The code column.
    pub code: usize,
    /// The message column.
    pub message: usize,
    /// The hint column, if any.
    pub hint: Option<usize>,
}

/// Columns the user named, by header text or 1-based index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnChoice {
    /// The code column.
    pub code: Option<String>,
    /// The message column.
    pub message: Option<String>,
    /// The hint column.
    pub hint: Option<String>,
}

/// Why a table's columns could not be assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RolesError {
    /// No column is a code column: not an error table.
    NoCode,
    /// The code column is known but not the message column.
    NoMessage {
        /// The code column.
        code: usize,
    },
}

fn find_named(headers: &[String], name: &str) -> Option<usize> {
    if let Ok(n) = name.trim().parse::<usize>() {
        return (n >= 1 && n <= headers.len()).then(|| n - 1);
    }
    let want = normalise(name);
    headers
        .iter()
        .position(|h| h.trim() == name.trim())
        .or_else(|| headers.iter().position(|h| normalise(h) == want))
}

/// True when `name` names one of `headers` (by text or 1-based index).
pub fn names_column(headers: &[String], name: &str) -> bool {
    find_named(headers, name).is_some()
}

/// Decides the roles of a table's columns from its header.
pub fn assign(headers: &[String], choice: &ColumnChoice) -> Result<Roles, RolesError> {
    let norm: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let code = match &choice.code {
        Some(name) => find_named(headers, name),
        None => norm.iter().position(|h| CODE_NAMES.contains(&h.as_str())),
    }
    .ok_or(RolesError::NoCode)?;

    let hint = match &choice.hint {
        Some(name) => find_named(headers, name).filter(|&i| i != code),
        None => best(&norm, code, None, HINT_NAMES, HINT_WORDS),
    };

    let message = match &choice.message {
        Some(name) => find_named(headers, name).filter(|&i| i != code),
        None => best(&norm, code, hint, MESSAGE_NAMES, MESSAGE_WORDS)
            // A two-column table needs no name for its message column.
            // (`then`, not `then_some`: `1 - code` underflows past column 2.)
            .or_else(|| (headers.len() == 2).then(|| 1 - code))
            // "原因及建议方案" alone: the advice is the message.
            .or(hint),
    }
    .ok_or(RolesError::NoMessage { code })?;
    let hint = hint.filter(|&h| h != message);
    Ok(Roles {
        code,
        message,
        hint,
    })
}

/// The best column for a role: an exact name first (in the list's order of
/// preference), then the first header that contains one of `words`.
fn best(
    norm: &[String],
    code: usize,
    exclude: Option<usize>,
    names: &[&str],
    words: &[&str],
) -> Option<usize> {
    let usable = |i: usize| {
        i != code && Some(i) != exclude && !FOREIGN_WORDS.iter().any(|w| norm[i].contains(w))
    };
    names
        .iter()
        .find_map(|name| (0..norm.len()).find(|&i| usable(i) && norm[i] == *name))
        .or_else(|| {
            (0..norm.len()).find(|&i| usable(i) && words.iter().any(|w| norm[i].contains(w)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(h: &[&str]) -> Result<Roles, RolesError> {
        let h: Vec<String> = h.iter().map(|s| s.to_string()).collect();
        assign(&h, &ColumnChoice::default())
    }

    #[test]
    fn seed_header() {
        assert_eq!(
            roles(&["错误码", "错误码说明"]),
            Ok(Roles {
                code: 0,
                message: 1,
                hint: None
            })
        );
    }

    #[test]
    fn corpus_headers() {
        let r = roles(&["错误代码", "错误类型", "描述"]).unwrap();
        assert_eq!((r.code, r.message, r.hint), (0, 2, None));
        let r = roles(&["错误码", "说明", "处理措施"]).unwrap();
        assert_eq!((r.code, r.message, r.hint), (0, 1, Some(2)));
        let r = roles(&["错误码", "错误英文描述", "错误中文描述", "反馈接口"]).unwrap();
        assert_eq!((r.code, r.message), (0, 2));
        let r = roles(&["状态码", "状态消息", "含义"]).unwrap();
        assert_eq!((r.code, r.message), (0, 2));
        let r = roles(&["HTTP 状态码", "错误码", "描述"]).unwrap();
        assert_eq!((r.code, r.message), (1, 2));
        let r = roles(&["常量定义", "错误码", "错误描述"]).unwrap();
        assert_eq!((r.code, r.message), (1, 2));
        let r = roles(&["返回码", "返回信息", "处理措施", "是否收费"]).unwrap();
        assert_eq!((r.code, r.message, r.hint), (0, 1, Some(2)));
        assert_eq!(
            roles(&["节点名称（关键字）", "父节点", "描述", "类型"]),
            Err(RolesError::NoCode)
        );
        let r = roles(&["Error Code", "Description"]).unwrap();
        assert_eq!((r.code, r.message), (0, 1));
    }

    #[test]
    fn user_choice_by_name_or_index() {
        let h: Vec<String> = ["错误码", "模块错误码", "英文描述", "说明", "处理措施"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = ColumnChoice {
            code: Some("模块错误码".into()),
            ..Default::default()
        };
        let r = assign(&h, &c).unwrap();
        assert_eq!((r.code, r.message, r.hint), (1, 3, Some(4)));
        let c = ColumnChoice {
            code: Some("2".into()),
            ..Default::default()
        };
        assert_eq!(assign(&h, &c).unwrap().code, 1);
    }

    #[test]
    fn a_named_code_column_past_the_second_with_no_message_name() {
        // Used to underflow computing the two-column fallback eagerly.
        let h: Vec<String> = ["甲", "乙", "处理措施"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = ColumnChoice {
            code: Some("处理措施".into()),
            ..Default::default()
        };
        assert_eq!(assign(&h, &c), Err(RolesError::NoMessage { code: 2 }));
    }

    #[test]
    fn normalise_strips_asides() {
        assert_eq!(normalise(" 模块错误码（codeDesc）"), "模块错误码");
        assert_eq!(normalise("Error\u{a0}Code："), "errorcode");
    }
}
