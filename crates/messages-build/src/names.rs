//! Rust names for what a catalog names: a variant per code, a field per
//! argument. Each is derived from the text alone (so that it does not
//! change when other rows change), and made unique by a suffix when two
//! texts give the same name.

use std::collections::HashSet;

/// The variant of `ErrorCode` for each code, in order:
/// `60002` → `E60002`, `-10001` → `EMinus10001`, `0x1F` → `E0x1F`,
/// `FailedOperation.AccountNotFound` → `FailedOperationAccountNotFound`,
/// `INVALID_ARGUMENT` → `InvalidArgument`, `R:00008` → `R00008`.
pub fn variants<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique(codes.into_iter().map(variant))
}

fn variant(code: &str) -> String {
    if let Some(digits) = code.strip_prefix('-') {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return format!("EMinus{digits}");
        }
    }
    if code.bytes().all(|b| b.is_ascii_alphanumeric())
        && code.starts_with(|c: char| c.is_ascii_digit())
    {
        // A number, decimal or `0x…`, as written.
        return format!("E{code}");
    }
    let mut name = String::with_capacity(code.len());
    for word in code
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let shouting = word.len() > 1
            && word.bytes().any(|b| b.is_ascii_alphabetic())
            && !word.bytes().any(|b| b.is_ascii_lowercase());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            if shouting {
                name.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                name.extend(chars);
            }
        }
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'E');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// A struct field for each of a message's arguments: `user-name`,
/// `userName` → `user_name`; a keyword gets a `_` after it (`type_`).
pub fn fields<'a>(args: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique(args.into_iter().map(field))
}

fn field(arg: &str) -> String {
    let mut name = String::with_capacity(arg.len() + 2);
    let mut prev_lower = false;
    for c in arg.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            name.push(c);
            prev_lower = true;
        } else {
            name.push('_');
            prev_lower = false;
        }
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Rust's keywords, strict and reserved, in every edition.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// `names` with `_2`, `_3`, … after a name already taken.
fn unique(names: impl Iterator<Item = String>) -> Vec<String> {
    let names: Vec<String> = names.collect();
    let mut taken: HashSet<String> = HashSet::with_capacity(names.len());
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut candidate = name.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{name}_{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_every_kind_become_variants() {
        let codes = [
            "60002",
            "-10001",
            "0x1F",
            "FailedOperation.AccountNotFound",
            "INVALID_ARGUMENT",
            "R:00008",
            "self",
            "_",
            "invalid-argument",
            "E60002",
        ];
        assert_eq!(
            variants(codes),
            [
                "E60002",
                "EMinus10001",
                "E0x1F",
                "FailedOperationAccountNotFound",
                "InvalidArgument",
                "R00008",
                "Self_",
                "E",
                "InvalidArgument_2",
                "E60002_2",
            ]
        );
    }

    #[test]
    fn arguments_become_fields() {
        assert_eq!(
            fields(["name", "userName", "user-name", "type", "HTTP", "n2"]),
            ["name", "user_name", "user_name_2", "type_", "http", "n2"]
        );
    }
}
