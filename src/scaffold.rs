//! The files of a new project (`errbook init`): `errbook.toml` with every
//! option explained, the source table, the generated source locale and a
//! GitHub Actions workflow. Text only: the command decides where the files
//! go, refuses to overwrite and writes them.

use crate::catalog::Columns;
use crate::config::{CATALOG_FILE, DEFAULT_LOCALES, DEFAULT_SOURCE, DEFAULT_SOURCE_LOCALE};
use crate::source::columns::ColumnChoice;
use crate::source::Extraction;

/// Where the workflow goes, relative to the repository root.
pub const WORKFLOW_FILE: &str = ".github/workflows/errbook.yml";

/// The lines errbook needs in a project's `.gitignore`: its own state
/// directory (the lock, `<locales>/.errbook/`, which also ignores itself)
/// and the built site.
pub const GITIGNORE: &str = "\
# errbook: its lock and state, and the built site
.errbook/
/site/
";

/// The `.gitignore` text `existing` becomes with errbook's lines, or
/// `None` when it already ignores errbook's state directory. Only the
/// state directory is added to an existing file: the site's place is the
/// project's own business.
pub fn gitignore_additions(existing: &str) -> Option<String> {
    let has = existing
        .lines()
        .map(str::trim)
        .any(|l| matches!(l, ".errbook" | ".errbook/" | "**/.errbook/" | "**/.errbook"));
    if has {
        return None;
    }
    let mut text = existing.to_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# errbook: its lock and state\n.errbook/\n");
    Some(text)
}

/// The table a project starts with when it has none.
pub const STARTER_TABLE: &str = "\
# 错误码

接口调用失败时，响应中的 `code` 字段是下表中的错误码，`message` 字段是它的说明。

## 通用错误

| 错误码 | 说明 | 处理建议 |
|---|---|---|
| 10001 | 缺少必填参数 | 检查请求是否包含文档列出的全部必填参数 |
| 10002 | 参数格式错误 | 按文档要求的类型和格式传参 |
| 10003 | 签名验证失败 | 检查密钥和签名算法，并确认本机时间准确 |

## 账号错误

| 错误码 | 说明 | 处理建议 |
|---|---|---|
| 20001 | 账号不存在 | 确认账号 ID 是否正确 |
| 20002 | 账号已被冻结 | 联系管理员解冻账号 |
";

/// Where a new project keeps its files, relative to its directory, with
/// `/` separators (as written in `errbook.toml`).
#[derive(Clone, Debug)]
pub struct Layout {
    /// The source table.
    pub source: String,
    /// The locales directory.
    pub locales: String,
    /// The source locale's tag.
    pub source_locale: String,
    /// Columns the user named (recorded in `[extract]`).
    pub columns: ColumnChoice,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            source: DEFAULT_SOURCE.to_owned(),
            locales: DEFAULT_LOCALES.to_owned(),
            source_locale: DEFAULT_SOURCE_LOCALE.to_owned(),
            columns: ColumnChoice::default(),
        }
    }
}

impl Layout {
    /// The source locale's generated file.
    pub fn source_locale_file(&self) -> String {
        format!("{}/{}/{CATALOG_FILE}", self.locales, self.source_locale)
    }
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// `errbook.toml`: the layout, the columns the user named (the others as
/// comments showing what the header gave), and the check levels as
/// commented examples.
pub fn config_toml(layout: &Layout, detected: &Columns) -> String {
    let mut out = format!(
        "\
# errbook: the Chinese error-code table is the source of a Fluent catalog.
# Paths are relative to this file. Reference: https://github.com/errbook/errbook#readme

# The error-code table (Markdown with GFM tables); its text is the source locale's.
source = {}
# The table's language, a BCP 47 tag.
source-locale = {}
# One directory per locale (locales/<tag>/errors.ftl); the source locale's is generated.
locales = {}

[extract]
# Which column holds the code, the message and the hint: a header text or a 1-based
# number. errbook reads them from the header; name one only when it cannot tell.
",
        quoted(&layout.source),
        quoted(&layout.source_locale),
        quoted(&layout.locales),
    );
    let rows = [
        (
            "code-column",
            &layout.columns.code,
            Some(&detected.code),
            "错误码",
        ),
        (
            "message-column",
            &layout.columns.message,
            Some(&detected.message),
            "说明",
        ),
        (
            "hint-column",
            &layout.columns.hint,
            detected.hint.as_ref(),
            "处理建议",
        ),
    ];
    for (key, named, found, example) in rows {
        match (named, found) {
            (Some(name), _) => out.push_str(&format!(
                "{key} = {}   # named with `errbook init --{key}`\n",
                quoted(name)
            )),
            (None, Some(found)) if !found.is_empty() => out.push_str(&format!(
                "# {key} = {}   # what errbook read\n",
                quoted(found)
            )),
            _ => out.push_str(&format!("# {key} = {}\n", quoted(example))),
        }
    }
    if layout.columns.tables.is_empty() {
        out.push_str(
            "# Which tables to read: a heading's text or a number (1 is the first); all error tables\n\
             # when unset. `errbook extract --explain` lists the tables and why each was read.\n\
             # tables = [\"错误码\"]\n",
        );
    } else {
        let list: Vec<String> = layout.columns.tables.iter().map(|t| quoted(t)).collect();
        out.push_str(&format!(
            "tables = [{}]   # named with `errbook init --table`\n",
            list.join(", ")
        ));
    }
    if let Some(english) = &detected.english {
        out.push_str(&format!(
            "# The English column {} seeds locales/en-US, each message marked `# review:`.\n",
            quoted(english)
        ));
    }
    out.push_str(
        "
[checks]
# The level of a check: \"error\", \"warning\" or \"allow\"; `errbook explain --all` lists them.
# untranslated = \"warning\"   # publish the site while translators catch up
# stale = \"error\"            # fail CI when a translation's source text changed
",
    );
    out
}

/// The GitHub Actions workflow: install errbook (cached), annotate the
/// pull request with every finding, build the site and keep it as an
/// artifact. `working_directory` is the project's directory relative to the
/// repository root, when it is not the root.
pub fn workflow(working_directory: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let (defaults, site) = match working_directory {
        // JSON strings are YAML double-quoted scalars: any path stays one value.
        Some(dir) => (
            format!(
                "    defaults:\n      run:\n        working-directory: {}\n",
                serde_json::Value::from(dir)
            ),
            serde_json::Value::from(format!("{dir}/site")).to_string(),
        ),
        None => (String::new(), "site".to_owned()),
    };
    format!(
        "\
# Checks the error-code catalog and builds its reference site on every push and
# pull request. Written by `errbook init`; more in errbook's docs/ci.md.
name: errbook
on:
  push:
  pull_request:
permissions:
  contents: read
env:
  # The errbook release to install: a tag of https://github.com/errbook/errbook.
  ERRBOOK_VERSION: v{version}
jobs:
  errbook:
    runs-on: ubuntu-latest
{defaults}    steps:
      - uses: actions/checkout@v4
      - name: Cache errbook
        id: cache
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/errbook
          key: errbook-${{{{ runner.os }}}}-${{{{ runner.arch }}}}-${{{{ env.ERRBOOK_VERSION }}}}
      - name: Install errbook
        if: steps.cache.outputs.cache-hit != 'true'
        run: cargo install --locked --git https://github.com/errbook/errbook --tag \"$ERRBOOK_VERSION\" errbook
      # Every finding becomes an annotation on the pull request; errors fail the job.
      - name: Check the catalog
        run: errbook check --format github
      - name: Build the reference site
        run: errbook build --out site
      - uses: actions/upload-artifact@v4
        with:
          name: errbook-site
          path: {site}
"
    )
}

/// The files of the project's directory, relative to it: `errbook.toml`,
/// the source table (`page`, copied byte for byte) and the source locale
/// generated from `extraction` (which must have no errors). `None` for the
/// table when it is already in place.
pub fn project_files(
    layout: &Layout,
    page: Option<&[u8]>,
    extraction: &Extraction,
) -> Vec<(String, Vec<u8>)> {
    let catalog = &extraction.catalog;
    let mut files = vec![(
        crate::config::FILE_NAME.to_owned(),
        config_toml(layout, &catalog.columns).into_bytes(),
    )];
    if let Some(page) = page {
        files.push((layout.source.clone(), page.to_vec()));
    }
    let messages = catalog.messages();
    let text = crate::locale::generate::source_locale_file(catalog, &messages, &layout.source);
    files.push((layout.source_locale_file(), text.into_bytes()));
    // A page with an English message column beside the source one: its
    // English is the en-US locale's start, each message marked for review.
    if starts_english(layout, catalog) {
        let text = crate::locale::generate::new_locale_file(
            SEEDED_LOCALE,
            &layout.source_locale,
            &messages,
        );
        files.push((
            format!("{}/{SEEDED_LOCALE}/{CATALOG_FILE}", layout.locales),
            text.into_bytes(),
        ));
    }
    files
}

/// The locale `init` starts from a page's English message column.
pub const SEEDED_LOCALE: &str = "en-US";

/// True when `init` starts [`SEEDED_LOCALE`] from the page: it has English
/// beside a source in another language.
pub fn starts_english(layout: &Layout, catalog: &crate::catalog::Catalog) -> bool {
    catalog.entries.iter().any(|e| e.english.is_some())
        && !crate::locale::generate::seeds_from_english(&layout.source_locale)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::diag::Files;
    use crate::source::{extract, ExtractOptions};

    #[test]
    fn starter_table_extracts_cleanly() {
        let ex = extract(
            Path::new("starter.md"),
            STARTER_TABLE.as_bytes(),
            &mut Files::new(),
            &ExtractOptions::default(),
        );
        assert!(ex.diagnostics.is_empty(), "{:?}", ex.diagnostics);
        assert_eq!(ex.catalog.entries.len(), 5);
        assert!(ex.catalog.entries.iter().all(|e| e.hint.is_some()));
    }

    #[test]
    fn config_reads_back_as_the_layout() {
        let layout = Layout {
            source: "docs/api \"errors\".md".to_owned(),
            locales: "i18n".to_owned(),
            columns: ColumnChoice {
                code: Some("值".to_owned()),
                ..ColumnChoice::default()
            },
            ..Layout::default()
        };
        let detected = Columns {
            code: "值".to_owned(),
            message: "描述".to_owned(),
            ..Columns::default()
        };
        let text = config_toml(&layout, &detected);
        let c = Config::parse(&text, Path::new("errbook.toml")).unwrap();
        assert_eq!(c.source, Path::new("docs/api \"errors\".md"));
        assert_eq!(c.locales, Path::new("i18n"));
        assert_eq!(c.source_locale, "zh-CN");
        assert_eq!(c.columns.code.as_deref(), Some("值"));
        assert_eq!(c.columns.message, None);
        assert!(c.levels.is_empty());
        assert!(text.contains("# message-column = \"描述\"   # what errbook read"));
        assert!(text.contains("# hint-column = \"处理建议\"\n"));
        // Uncommenting the examples gives a valid configuration too.
        let all = text
            .replace("# untranslated", "untranslated")
            .replace("# stale", "stale")
            .replace("# message-column", "message-column")
            .replace("# hint-column", "hint-column");
        let c = Config::parse(&all, Path::new("errbook.toml")).unwrap();
        assert_eq!(c.columns.hint.as_deref(), Some("处理建议"));
        assert_eq!(c.levels.len(), 2);
    }

    #[test]
    fn workflow_runs_in_the_project_directory() {
        let root = workflow(None);
        assert!(root.contains("errbook check --format github"));
        assert!(!root.contains("working-directory"));
        let sub = workflow(Some("docs/api"));
        assert!(sub.contains("working-directory: \"docs/api\"\n"));
        assert!(sub.contains("path: \"docs/api/site\"\n"));
        assert!(sub.contains("key: errbook-${{ runner.os }}"));
    }
}
