//! What real error-code pages do, each in a small page of our own writing
//! (issue 19): which column is the code and which the Chinese message, front
//! matter, HTML comments and headings, tab-padded tables, repeated codes and
//! aliases. The real pages themselves are in ../shared/corpus
//! (tests/wild.rs, tests/corpus.rs).

mod common;

use std::path::Path;

use errbook::catalog::Catalog;
use errbook::diag::{emit, Files, Level};
use errbook::source::{extract, ExtractOptions};

/// The catalog of `page`, and its diagnostics as short lines.
fn read(page: &str) -> (Catalog, Vec<String>, bool) {
    let mut files = Files::new();
    let ex = extract(
        Path::new("page.md"),
        page.as_bytes(),
        &mut files,
        &ExtractOptions::default(),
    );
    let lines = ex
        .diagnostics
        .iter()
        .map(|d| emit::short_line(&files, d))
        .collect();
    let errors = ex.diagnostics.iter().any(|d| d.level == Level::Error);
    (ex.catalog, lines, errors)
}

/// Runs errbook in `dir` and asserts that it succeeded.
fn ok(dir: &Path, args: &[&str]) -> std::process::Output {
    let o = common::errbook(dir, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A project made by `errbook init p --from page.md` from `page`: the
/// temporary directory (kept alive) and the project's.
fn init_from(page: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    ok(tmp.path(), &["init", "p", "--from", "page.md"]);
    let dir = tmp.path().join("p");
    (tmp, dir)
}

/// The codes `errbook extract --source page.md ARGS` prints, run in `dir`.
fn extracted_codes(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["extract", "--source", "page.md"];
    all.extend_from_slice(args);
    let o = ok(dir, &all);
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    c["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

fn codes(c: &Catalog) -> Vec<String> {
    c.entries.iter().map(|e| e.message_id()).collect()
}

#[test]
fn the_chinese_column_is_the_message_whatever_the_headers_say() {
    let page = "\
| HTTP CODE | CODE | MESSAGE | DESC |
|---|---|---|---|
| 400 | 40001 | invalid parameter | 参数不合法 |
| 400 | 40002 | missing parameter | 缺少参数 |
| 500 | 50001 | internal error | 服务内部错误 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "CODE");
    assert_eq!(c.columns.message, "DESC");
    assert_eq!(&*c.entries[0].message, "参数不合法");
    assert_eq!(codes(&c), ["error-40001", "error-40002", "error-50001"]);
}

#[test]
fn a_repeating_column_is_not_the_key_when_another_is_unique() {
    let page = "\
| 错误码 | 模块错误码 | 说明 |
|---|---|---|
| 4000 | 10110 | 请求参数非法。 |
| 4000 | 10120 | 缺少参数。 |
| 5000 | 20010 | 内部错误。 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "模块错误码");
    assert_eq!(c.entries.len(), 3);
}

#[test]
fn a_row_number_is_not_a_code_and_a_value_beats_its_name() {
    let page = "\
## 错误码

| 序号 | 名称 | 值 | 描述 |
|---|---|---|---|
| 1 | ERR_TIMEOUT | 0x1001 | 请求超时 |
| 2 | ERR_BUSY | 0x1002 | 服务繁忙 |
| 3 | ERR_DENIED | 0x1003 | 没有权限 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "值");
    assert_eq!(c.columns.message, "描述");
    let page = "\
| 错误码 KEY | 值 | 描述 |
|---|---|---|
| EC_SEND_FAIL | 90001 | 消息发送失败 |
| EC_UNINIT | 90002 | 尚未初始化 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "值");
    assert_eq!(codes(&c), ["error-90001", "error-90002"]);
}

#[test]
fn a_parameter_table_is_not_read_as_codes() {
    let page = "\
## 请求参数

| 名称 | 类型 | 描述 |
|---|---|---|
| AppId | String | 应用 ID |
| Nonce | Integer | 随机数 |

## 错误码

| 错误码 | 说明 |
|---|---|
| 1001 | 签名错误 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-1001"]);
    assert!(diags.iter().any(|d| d.contains("skipped")), "{diags:?}");
}

#[test]
fn front_matter_is_not_page_text_and_gives_the_title() {
    let table = "\n| 错误码 | 说明 |\n|---|---|\n| 1 | 失败 |\n";
    for head in [
        "---\ntitle: 通用错误码\nsidebar_position: 3\n---\n",
        "+++\ntitle = \"通用错误码\"\n+++\n",
        "title: 通用错误码\ndate: 2021-03-04 10:00:00\ncategories:\n- 错误码\n---\n",
    ] {
        let (c, diags, errors) = read(&format!("{head}{table}"));
        assert!(!errors, "{diags:?}");
        assert_eq!(c.title.as_deref(), Some("通用错误码"), "{head}");
        assert_eq!(
            c.entries[0].group, None,
            "{head}: no group from the front matter"
        );
        assert_eq!(c.entries[0].line, head.lines().count() + 4, "{head}");
    }
}

#[test]
fn tables_in_html_comments_are_not_read_and_html_headings_are_groups() {
    let page = "\
<!--
| 错误码 | 说明 |
|---|---|
| 9 | 旧的 |
-->
<h3 id=\"x\">4. 通用错误码</h3>

| 错误码 | 说明 |
|---|---|
| 1 | 失败 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-1"]);
    assert_eq!(c.entries[0].group.as_deref(), Some("4. 通用错误码"));
}

#[test]
fn tab_padded_tables_are_tables() {
    let page = "| code码值\t| 含义\t\t|\n| :--------\t| :--------\t\t|\n| -1\t\t| 未指定\t|\n| 10001\t| 未能获取 token\t|\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error--1", "error-10001"]);
    assert_eq!(&*c.entries[1].message, "未能获取 token");
}

#[test]
fn a_repeated_code_is_merged_or_kept_as_a_variant_never_lost() {
    let page = "\
## 协议错误

| 协议错误码 | 业务错误码 | 描述 |
|---|---|---|
| 3 | 301600 | 请求参数无效 |
| 7 | 301600 | 订阅数量超过上限 |
| 3 | 301601 | 重复订阅 |
| 3 | 301601 | 重复订阅 |
| 7 | 301602 | 取消订阅失败 |

## 其他

| 错误码 | 说明 |
|---|---|
| 0 | 成功 |
| 0 | 操作完成 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    // Both code columns repeat: the one with more values is the key.
    assert_eq!(c.columns.code, "业务错误码");
    // The identical row is merged; the others are kept, told apart by the
    // protocol code where there is one, else by their place.
    assert_eq!(
        codes(&c),
        [
            "error-301600",
            "error-301600-7",
            "error-301601",
            "error-301602",
            "error-0",
            "error-0-2"
        ]
    );
    assert_eq!(
        diags.iter().filter(|d| d.contains("merged")).count(),
        1,
        "{diags:?}"
    );
    assert_eq!(
        diags.iter().filter(|d| d.contains("kept as")).count(),
        2,
        "{diags:?}"
    );
    assert!(diags.iter().all(|d| d.contains("warning")), "{diags:?}");
}

#[test]
fn an_alias_in_parentheses_belongs_to_its_code() {
    let page = "\
| status(十进制/十六进制) | 含义 |
|---|---|
| 0(0x0) | 正常 |
| 16(0x10) | 预编译错误 |
| -50006(或15) | 合约不存在 |
| `code=10001` | 数据库错误 |
| 'INVALID_ENGINE' | 引擎无效 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(
        codes(&c),
        [
            "error-0",
            "error-16",
            "error--50006",
            "error-10001",
            "error-INVALID_ENGINE"
        ]
    );
    // The alias is kept as the entry's `alias` attribute.
    let alias: Vec<Option<&str>> = c.entries.iter().map(|e| e.attribute("alias")).collect();
    assert_eq!(alias, [Some("0x0"), Some("0x10"), Some("15"), None, None]);
    assert_eq!(c.columns.attributes, ["alias"]);
}

#[test]
fn other_columns_are_named_attributes_and_english_is_never_the_source() {
    let page = "\
| 序号 | HTTP 状态码 | 错误码 | 错误名称 | Message | 说明 | 备注 |
|---|---|---|---|---|---|---|
| 1 | 400 | 40001 | INVALID_PARAM | Invalid parameter. | 参数不合法。 | - |
| 2 | 400 | 40002 | MISSING_PARAM | A required parameter is missing. | 缺少必填参数。 | 自 v2 起 |
| 3 | 500 | 50001 | INTERNAL | Internal server error. | 服务内部错误。 | |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "错误码");
    assert_eq!(c.columns.message, "说明");
    assert_eq!(c.columns.english.as_deref(), Some("Message"));
    // The row number is no attribute; the rest are, in table order.
    assert_eq!(c.columns.attributes, ["HTTP 状态码", "错误名称", "备注"]);
    let e = &c.entries[1];
    assert_eq!(&*e.message, "缺少必填参数。");
    assert_eq!(
        e.english.as_deref(),
        Some("A required parameter is missing.")
    );
    assert_eq!(e.attribute("HTTP 状态码"), Some("400"));
    assert_eq!(e.attribute("错误名称"), Some("MISSING_PARAM"));
    assert_eq!(e.attribute("备注"), Some("自 v2 起"));
    // An empty or dashed cell is no attribute.
    assert_eq!(c.entries[0].attribute("备注"), None);
    assert_eq!(c.entries[2].attribute("备注"), None);
    // The attribute names are translatable, as the other column headers.
    let ids: Vec<String> = c.messages().into_iter().map(|m| m.id).collect();
    for name in ["HTTP 状态码", "错误名称", "备注"] {
        let id = errbook::catalog::attribute_message_id(name);
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn a_column_of_english_words_under_another_header_stays_an_attribute() {
    // An HTTP reason phrase is English, but no message.
    let page = "\
| 状态码 | 状态 | 含义 |
|---|---|---|
| 400 | Bad Request | 请求参数有误。 |
| 404 | Not Found | 资源不存在。 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.english, None);
    assert_eq!(c.entries[1].attribute("状态"), Some("Not Found"));
    assert_eq!(c.entries[1].english, None);
}

#[test]
fn an_english_only_page_reads_its_english_column_as_the_message() {
    let page = "\
| Code | Message |
|---|---|
| 1001 | Invalid token. |
| 1002 | Token expired. |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.message, "Message");
    assert_eq!(c.columns.english, None);
    assert_eq!(&*c.entries[0].message, "Invalid token.");
}

#[test]
fn variants_of_a_code_are_synced_checked_and_shown_each_with_its_anchor() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(
        dir.path().join("docs/error-codes.zh-CN.md"),
        "# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n| 0 | 成功 |\n| 1 | 失败 |\n| 0 | 操作完成 |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("errbook.toml"),
        "[checks]\nuntranslated = \"allow\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let o = common::errbook(dir.path(), args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(&["sync", "--add-locale", "en-US"]);
    let en = std::fs::read_to_string(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    assert!(
        en.contains("\nerror-0 = 成功\n") && en.contains("\nerror-0-2 = 操作完成\n"),
        "{en}"
    );
    run(&["check"]);
    run(&["build", "--out", "site"]);
    let html = std::fs::read_to_string(dir.path().join("site/en-US/index.html")).unwrap();
    assert_eq!(
        html.matches("<tr id=\"0\"").count(),
        1,
        "one anchor per row"
    );
    assert_eq!(html.matches("<tr id=\"0-2\"").count(), 1);
    assert!(html.contains("操作完成"));
    let json = std::fs::read_to_string(dir.path().join("site/en-US/errors.json")).unwrap();
    assert!(json.contains("\"code\":\"0\",\"variant\":\"2\""), "{json}");
    assert!(json.contains("index.html#0-2"), "{json}");
}

#[test]
fn html_tables_are_read_where_they_stand() {
    let page = "\
# 错误码

## 通用错误

<table>
<thead><tr><th><p>错误码</p></th><th>说明</th><th>处理措施</th></tr></thead>
<tbody>
<tr><td><p><a name=\"x\"></a>DIS.4100</p></td><td>参数&amp;格式错误<br>请检查</td><td>-</td></tr>

<tr><td>DIS.4101</td><td>没有权限</td><td><div class=\"note\">说明：联系管理员</div></td></tr>
</tbody></table>

## 其他错误

<table>
<tr><td>错误码ID</td><td>含义</td></tr>
<tr><td>500</td><td>运行异常</td></tr>
</table>

```html
<table><tr><td>错误码</td><td>说明</td></tr><tr><td>999</td><td>示例</td></tr></table>
```
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-DIS_4100", "error-DIS_4101", "error-500"]);
    assert_eq!(&*c.entries[0].message, "参数&格式错误\n请检查");
    assert_eq!(c.entries[0].hint, None);
    assert_eq!(c.entries[1].hint.as_deref(), Some("说明：联系管理员"));
    assert_eq!(c.entries[0].group.as_deref(), Some("通用错误"));
    assert_eq!(c.entries[2].group.as_deref(), Some("其他错误"));
    assert_eq!(c.entries[1].line, 10, "lines are the file's");
}

#[test]
fn a_cell_of_several_codes_gives_one_entry_per_code() {
    let page = "\
| 错误码 | 说明 |
|---|---|
| 1001、1002 | 参数错误 |
| 2001/2002 | 签名错误 |
| 3001, 3002，3003 | 请求超时 |
| 4001 | 服务繁忙 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(
        codes(&c),
        [
            "error-1001",
            "error-1002",
            "error-2001",
            "error-2002",
            "error-3001",
            "error-3002",
            "error-3003",
            "error-4001"
        ]
    );
    assert_eq!(&*c.entries[6].message, "请求超时");
    assert_eq!(c.entries[0].line, c.entries[1].line);
}

#[test]
fn a_range_row_is_one_range_entry_beside_its_codes() {
    let page = "\
| 错误码 | 说明 |
|---|---|
| 120001 | 参数错误 |
| 120001 - 130000 | 内部错误，请联系客服 |
| DIS.5000~DIS.5999 | 服务端错误 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(
        codes(&c),
        [
            "error-120001",
            "error-120001-to-130000",
            "error-DIS_5000-to-DIS_5999"
        ]
    );
    let range = &c.entries[1];
    assert_eq!(range.code.as_str(), "120001");
    assert_eq!(range.range_end.as_ref().map(|c| c.as_str()), Some("130000"));
    assert_eq!(&*range.message, "内部错误，请联系客服");
}

#[test]
fn a_row_cut_off_from_its_table_is_pointed_at() {
    let page = "\
| 错误码 | 说明 |
|---|---|
| 1 | 失败 |

| 2 | 超时 |

```
| 3 | 代码里的表格行 |
```
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-1"]);
    let stray: Vec<&String> = diags.iter().filter(|d| d.contains("stray-row")).collect();
    assert_eq!(stray.len(), 1, "{diags:?}");
    assert!(stray[0].starts_with("page.md:5:1: warning"), "{stray:?}");
}

#[test]
fn an_empty_message_skips_its_row_not_the_page() {
    let page = "\
| 错误码 | 名称 | 描述 |
|---|---|---|
| 1001 | InvalidParam | 参数错误 |
| 1002 | InsufficientFunds | |
| 1003 | Timeout |
| 1004 | Busy | 服务繁忙 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-1001", "error-1004"]);
    assert_eq!(
        diags.iter().filter(|d| d.contains("empty-message")).count(),
        2,
        "{diags:?}"
    );
}

/// A bilingual page: `HTTP 状态码 | 错误码 | Message | 说明`.
const BILINGUAL: &str = "\
# 错误码

| HTTP 状态码 | 错误码 | Message | 说明 |
|---|---|---|---|
| 400 | 40001 | Invalid parameter. | 参数不合法。 |
| 401 | 40101 | Token expired. | 令牌已过期。 |
| 500 | 50001 | | 服务内部错误。 |
";

#[test]
fn the_english_column_seeds_en_us_marked_for_review() {
    let (_tmp, dir) = init_from(BILINGUAL);
    let en = std::fs::read_to_string(dir.join("locales/en-US/errors.ftl")).unwrap();
    // Seeded: the English text, one review mark, the source recorded.
    assert!(
        en.contains(
            "# review: from the English column of the source page\n# source: 令牌已过期。\nerror-40101 = Token expired.\n"
        ),
        "{en}"
    );
    // A row without English stays untranslated.
    assert!(
        en.contains("# untranslated\n# source: 服务内部错误。\nerror-50001 = 服务内部错误。\n"),
        "{en}"
    );
    // The zh-CN source never holds the English.
    let zh = std::fs::read_to_string(dir.join("locales/zh-CN/errors.ftl")).unwrap();
    assert!(!zh.contains("Token expired"), "{zh}");

    // check reports each seeded message as a warning (needs-review), not
    // as untranslated; stats counts them.
    let check = common::errbook(&dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let findings = report.as_array().expect("a list of findings");
    let of = |name: &str| {
        findings
            .iter()
            .filter(|f| f["name"] == name)
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let review = of("needs-review");
    assert_eq!(review.len(), 2, "{findings:?}");
    assert!(review.iter().all(|m| m.contains("marked for review")));
    assert!(findings
        .iter()
        .filter(|f| f["name"] == "needs-review")
        .all(|f| f["severity"] == "warning"));
    assert!(of("untranslated").iter().any(|m| m.contains("error-50001")));
    assert!(!of("untranslated").iter().any(|m| m.contains("error-40101")));
    let stats = common::errbook(&dir, &["stats", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    let en_row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["locale"] == "en-US")
        .unwrap();
    assert_eq!(en_row["review"], 2, "{rows}");

    // A translator reviews one: deletes its mark. sync keeps that, and
    // check no longer reports it.
    let reviewed = en.replace(
        "# review: from the English column of the source page\n# source: 令牌已过期。\n",
        "# source: 令牌已过期。\n",
    );
    std::fs::write(dir.join("locales/en-US/errors.ftl"), &reviewed).unwrap();
    ok(&dir, &["sync", "-q"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("locales/en-US/errors.ftl")).unwrap(),
        reviewed
    );
    let check = common::errbook(&dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let review = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"] == "needs-review")
        .count();
    assert_eq!(review, 1);

    // The source changes under a seeded message: sync marks it stale and
    // keeps its review mark.
    let source = dir.join("docs/error-codes.zh-CN.md");
    let page = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, page.replace("参数不合法。", "参数格式不合法。")).unwrap();
    ok(&dir, &["sync", "-q"]);
    let en = std::fs::read_to_string(dir.join("locales/en-US/errors.ftl")).unwrap();
    assert!(
        en.contains("# review: from the English column of the source page\n# stale, source was: 参数不合法。\n# source: 参数格式不合法。\nerror-40001 = Invalid parameter.\n"),
        "{en}"
    );

    // Another English locale added later is seeded too; other languages
    // are not.
    ok(
        &dir,
        &[
            "sync",
            "--add-locale",
            "en-GB",
            "--add-locale",
            "fr-FR",
            "-q",
        ],
    );
    let gb = std::fs::read_to_string(dir.join("locales/en-GB/errors.ftl")).unwrap();
    assert!(gb.contains("error-40001 = Invalid parameter.\n"), "{gb}");
    let fr = std::fs::read_to_string(dir.join("locales/fr-FR/errors.ftl")).unwrap();
    assert!(!fr.contains("Invalid parameter"), "{fr}");
    assert!(!fr.contains("\n# review: "), "{fr}");
}

#[test]
fn sync_seeds_errbooks_own_untranslated_copies_but_never_a_translation() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("page.md"), BILINGUAL).unwrap();
    let o = common::errbook(tmp.path(), &["init", "p", "--from", "page.md"]);
    assert_eq!(o.status.code(), Some(0));
    let dir = tmp.path().join("p");
    let path = dir.join("locales/en-US/errors.ftl");
    // An en-US made before the page had English: every message errbook's
    // untranslated copy, except one a translator wrote.
    let old = "\
# untranslated
# source: 参数不合法。
error-40001 = 参数不合法。

# source: 令牌已过期。
error-40101 = The session token has expired.

# untranslated
# source: 服务内部错误。
error-50001 = 服务内部错误。
";
    std::fs::write(&path, old).unwrap();
    ok(&dir, &["sync"]);
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(
        now.contains("# review: from the English column of the source page\n# source: 参数不合法。\nerror-40001 = Invalid parameter.\n"),
        "{now}"
    );
    assert!(
        now.contains("error-40101 = The session token has expired.\n"),
        "{now}"
    );
    assert!(
        now.contains("# untranslated\n# source: 服务内部错误。\nerror-50001 = 服务内部错误。\n"),
        "{now}"
    );
    // A copy with an attribute of the translator's own is not rewritten.
    let with_title = old.replace(
        "error-40001 = 参数不合法。\n",
        "error-40001 = 参数不合法。\n    .title = kept\n",
    );
    std::fs::write(&path, &with_title).unwrap();
    ok(&dir, &["sync", "-q"]);
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(
        kept.contains("# untranslated\n# source: 参数不合法。\nerror-40001 = 参数不合法。\n    .title = kept\n"),
        "{kept}"
    );
    std::fs::write(&path, old).unwrap();
    ok(&dir, &["sync", "-q"]);
    // Once seeded, sync has nothing more to do.
    ok(&dir, &["sync", "--check"]);
}

#[test]
fn a_decimal_value_is_the_code_beside_its_hex_spelling_and_name() {
    let page = "\
# 错误码

| 错误 | 十六进制值 | 十进制值 | 意义 |
|---|---|---|---|
| VOICE_SUCC | 0x0 | 0 | 成功 |
| VOICE_PARAM_NULL | 0x1001 | 4097 | 参数为空 |
| VOICE_INIT_ERR | 0x1003 | 4099 | 初始化失败 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "十进制值");
    assert_eq!(c.columns.attributes, ["错误", "十六进制值"]);
    assert_eq!(c.entries[1].attribute("十六进制值"), Some("0x1001"));
}

#[test]
fn a_code_column_documenting_one_code_twice_stays_the_key() {
    // `code` repeats once (one code, two causes); the names beside it are
    // unique, but the value is the code.
    let page = "\
# SDK 错误码

code | 事件定义 | 含义说明
---|---|---
0 | NO_ERROR | 发布成功
1001 | ERR_REQUEST_FAILED | 请求上传失败
1002 | ERR_PARSE_FAILED | 请求信息解析失败
1003 | ERR_UPLOAD_FAILED | 上传视频失败
1004 | ERR_COVER_FAILED | 上传封面失败
1005 | ERR_SIGN_FAILED | 签名错误
1006 | ERR_NET_FAILED | 网络错误
1007 | ERR_FILE_NOT_EXIST | 文件不存在
1007 | ERR_FILE_EMPTY | 文件为空
1008 | ERR_BUSY | 正在上传
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "code");
    assert_eq!(c.entries.len(), 10);
    assert_eq!(c.entries[8].attribute("事件定义"), Some("ERR_FILE_EMPTY"));
}

#[test]
fn a_short_text_beside_a_long_one_is_the_message_and_the_long_one_its_hint() {
    let page = "\
| 错误码 | 提示消息 | 具体含义 |
|---|---|---|
| 4000 | 请求参数非法 | 缺少必要参数，或者参数值格式不正确，具体错误信息请查看错误描述 message 字段。 |
| 4100 | 鉴权失败 | 签名鉴权失败，请参考文档中鉴权部分，检查密钥与签名的计算方式。 |
| 4200 | 请求频率超限 | 请求的次数超过了频率限制，请稍后再试，或联系客服提高限额。 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.message, "提示消息");
    assert_eq!(c.columns.hint.as_deref(), Some("具体含义"));
    assert_eq!(&*c.entries[1].message, "鉴权失败");
    assert!(c.entries[1]
        .hint
        .as_deref()
        .unwrap()
        .starts_with("签名鉴权失败"));

    // A column mostly in English is no message, though its header ranks
    // higher (错误信息 over 描述).
    let page = "\
| 错误码 | 错误信息 | 描述 |
|---|---|---|
| tokens_too_long | Prompt tokens too long | 【用户输入错误】请求内容过长 |
| invalid_model | 模型不存在 | 【用户输入错误】模型名称错误 |
| rate_limit | Rate limit reached | 【限流】请求过于频繁 |
| server_error | Server error | 【服务错误】服务内部错误 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.message, "描述");
}

#[test]
fn a_number_in_parts_is_a_code() {
    let page = "\
| 错误码 | 运营商 | 说明 |
|---|---|---|
| 2:01 | 联通 | 空号 |
| 2-67 | 联通 | 运营商拦截 |
| 100:97 | 移动 | 关机 |
| 1.2.3 | 电信 | 停机 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(
        codes(&c),
        ["error-2_01", "error-2-67", "error-100_97", "error-1_2_3"]
    );
    // Still no code: a number with other characters in it.
    let (_, diags, errors) = read("| 错误码 | 说明 |\n|---|---|\n| 12ab | 甲 |\n| 2:01? | 乙 |\n");
    assert!(errors, "{diags:?}");
}

#[test]
fn a_lookup_table_of_codes_and_names_is_no_error_table() {
    // Module codes beside their names, under no word of errors, then the
    // error table.
    let page = "\
| 模块名称 | 模块代码标识 |
|---|---|
| 全局 | 001 |
| market | 002 |
| apple | 003 |

| 错误代码 | 错误标识 | 错误名称 |
|---|---|---|
| 200 | Ok | 操作成功 |
| 400000001 | ErrorInvalidToken | 无效token |
| 400002001 | ErrorMarketParams | 无效参数 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(
        codes(&c),
        ["error-200", "error-400000001", "error-400002001"]
    );
    assert!(
        diags
            .iter()
            .any(|d| d.contains("`模块名称`, `模块代码标识`") && d.contains("skipped")),
        "{diags:?}"
    );
}

#[test]
fn a_parameter_header_holds_codes_only_in_a_table_that_names_errors() {
    let page = "\
# 订阅接口

### 请求参数

 参数 | 参数说明
------|------
 appKey2 | 应用标识
 sign1 | 签名

### 错误编码

 参数 | 错误描述 | 解决办法
------|------|------
 0 | 调用成功 |
 ME01002 | appKey 错误 | 使用申请得到的 appKey
 ME01003 | 访问令牌不匹配 | 重新获取令牌

### 错误对象

| 节点名称 | 描述 |
|---|---|
| Code | 错误码 |
| Message | 错误信息 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-0", "error-ME01002", "error-ME01003"]);
    assert_eq!(c.columns.code, "参数");
}

#[test]
fn merge_conflict_markers_are_pointed_at_and_make_no_heading() {
    let page = "\
# 错误码

<<<<<<< HEAD
请在论坛反馈。
=======
请在社区反馈。
>>>>>>> a7074d38d (docs)

| 错误码 | 说明 |
|---|---|
| -1 | 连接断开 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(
        c.entries[0].group, None,
        "the text above `=======` is no heading"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("page.md:3:1:") && d.contains("merge-conflict")),
        "{diags:?}"
    );
    // A diff3 conflict: the base text is not read.
    let page = "# 错误码\n\n<<<<<<< HEAD\n甲\n||||||| base\n旧的说明\n=======\n乙\n>>>>>>> x\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 甲 |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert!(
        !c.intro.as_deref().unwrap_or("").contains("旧的说明"),
        "{:?}",
        c.intro
    );
    // Inside a table, the markers would cut it: the page is refused, so
    // that sync moves no translation to the obsolete section.
    let page = "\
| 错误码 | 说明 |
|---|---|
| 1001 | 参数错误 |
<<<<<<< HEAD
| 1002 | 未授权 |
=======
| 1002 | 没有权限 |
>>>>>>> feature
| 1003 | 超时 |
";
    let (_, diags, errors) = read(page);
    assert!(errors, "{diags:?}");
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("page.md:4:1:") && d.contains("conflict-in-table")),
        "{diags:?}"
    );
    // In an HTML comment or <pre>, markers are not the page's.
    let page = "# 错误码\n\n<!--\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n-->\n\n<pre>\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n</pre>\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 甲 |\n";
    let (_, diags, _) = read(page);
    assert!(!diags.iter().any(|d| d.contains("conflict")), "{diags:?}");
    // In fenced code, a page may show markers: nothing is said.
    let page = "# 错误码\n\n```\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 甲 |\n";
    let (_, diags, _) = read(page);
    assert!(
        !diags.iter().any(|d| d.contains("merge-conflict")),
        "{diags:?}"
    );
}

#[test]
fn a_table_with_no_rows_is_said_to_have_none() {
    let page = "# 错误码\n\n### 权限\n\n| 错误码 | 说明 |\n|---|---|\n\n### 通用\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 甲 |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.entries.len(), 1);
    let page = "# 数据\n\n| 名称 | 说明 |\n|---|---|\n";
    let (_, diags, _) = read(page);
    assert!(
        diags.iter().any(|d| d.contains("has a header but no rows")),
        "{diags:?}"
    );
}

#[test]
fn extract_explain_says_which_tables_and_columns_and_why() {
    let tmp = tempfile::tempdir().unwrap();
    let page =
        format!("{BILINGUAL}\n## 请求参数\n\n| 参数 | 说明 |\n|---|---|\n| appId | 应用标识 |\n");
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    let o = ok(tmp.path(), &["extract", "--source", "page.md", "--explain"]);
    let out = String::from_utf8(o.stdout).unwrap();
    let has = |s: &str| assert!(out.contains(s), "missing {s:?} in:\n{out}");
    has("page.md: 3 codes from 1 of 2 tables");
    has("table 1, line 3, 3 rows: read, 3 entries");
    has("code:       `错误码` (column 2): its header names the code");
    has("runner-up `HTTP 状态码` (column 1): an HTTP status");
    has("message:    `说明` (column 4): in Chinese (3 of its 3 cells)");
    has("runner-up `Message` (column 3): not in Chinese");
    has("english:    `Message` (column 3)");
    has("attributes: `HTTP 状态码` (column 1)");
    has("table 2, line 11, under \"请求参数\", 1 row: skipped: no column of codes");
}

#[test]
fn a_table_selector_reads_only_the_tables_it_names() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "\
# 错误码

## 通用错误码

| 错误码 | 说明 |
|---|---|
| 1001 | 参数错误 |

## 旧版错误码

| 错误码 | 说明 |
|---|---|
| 9001 | 已废弃 |
";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    let codes_of = |args: &[&str]| extracted_codes(tmp.path(), args);
    assert_eq!(codes_of(&[]), ["1001", "9001"]);
    assert_eq!(codes_of(&["--table", "通用错误码"]), ["1001"]);
    assert_eq!(codes_of(&["--table", "2"]), ["9001"]);
    // In errbook.toml, by number or heading.
    std::fs::write(
        tmp.path().join("errbook.toml"),
        "source = \"page.md\"\n[extract]\ntables = [2]\n",
    )
    .unwrap();
    assert_eq!(codes_of(&[]), ["9001"]);
    std::fs::write(
        tmp.path().join("errbook.toml"),
        "source = \"page.md\"\n[extract]\ntables = [\"通用错误码\", \"旧版错误码\"]\n",
    )
    .unwrap();
    assert_eq!(codes_of(&[]), ["1001", "9001"]);
    // A table the page does not have: an error that says how to find them.
    let o = common::errbook(tmp.path(), &["extract", "--table", "权限"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("EB0113"), "{err}");
    assert!(err.contains("extract --explain"), "{err}");
}

#[test]
fn attributes_and_seeded_english_reach_the_site_and_errors_json() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "\
# 错误码

| HTTP 状态码 | 错误码 | Message | 说明 | 处理建议 |
|---|---|---|---|---|
| 400 | 40001(0x9C41) | Invalid parameter. | 参数不合法。 | 检查参数。 |
| 500 | 50001 | Internal `<error>`. | 服务内部错误。 | |
";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    ok(tmp.path(), &["init", "p", "--from", "page.md"]);
    let dir = tmp.path().join("p");
    // Publish while translators catch up (the titles and headers are
    // untranslated).
    let toml = std::fs::read_to_string(dir.join("errbook.toml")).unwrap();
    std::fs::write(
        dir.join("errbook.toml"),
        toml.replace("# untranslated = \"warning\"", "untranslated = \"warning\""),
    )
    .unwrap();
    ok(&dir, &["build", "-q"]);

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("site/en-US/errors.json")).unwrap())
            .unwrap();
    let e = &json["entries"][0];
    assert_eq!(e["code"], "40001");
    assert_eq!(e["message"], "Invalid parameter.");
    assert_eq!(e["attributes"]["HTTP 状态码"], "400");
    assert_eq!(e["attributes"]["alias"], "0x9C41");
    let zh: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("site/zh-CN/errors.json")).unwrap())
            .unwrap();
    assert_eq!(zh["entries"][1]["message"], "服务内部错误。");
    assert_eq!(zh["entries"][1]["attributes"]["HTTP 状态码"], "500");

    let html = std::fs::read_to_string(dir.join("site/en-US/index.html")).unwrap();
    // The seeded message is shown; only its hint, which the page has in
    // Chinese alone, is in the source language.
    assert!(html.contains("<span>Invalid parameter.</span>"), "{html}");
    assert!(
        html.contains("<td class=\"hint-cell\" lang=\"zh-CN\">检查参数。</td>"),
        "{html}"
    );
    // Attributes under the message, escaped; the alias named in the page's
    // language.
    assert!(html.contains("<dt>HTTP 状态码</dt><dd>400</dd>"), "{html}");
    assert!(html.contains("<dt>Alias</dt><dd>0x9C41</dd>"), "{html}");
    assert!(html.contains("Internal &lt;error&gt;."), "{html}");
    let zh_html = std::fs::read_to_string(dir.join("site/zh-CN/index.html")).unwrap();
    assert!(
        zh_html.contains("<dt>别名</dt><dd>0x9C41</dd>"),
        "{zh_html}"
    );
    let md = std::fs::read_to_string(dir.join("site/zh-CN/error-codes.md")).unwrap();
    assert!(
        md.contains("参数不合法。<br>HTTP 状态码: 400<br>别名: 0x9C41"),
        "{md}"
    );
}

#[test]
fn a_heading_written_without_its_space_is_a_heading() {
    let page = "#错误码\n\n##通用错误码\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 甲 |\n\n#5 is not a heading\n\n#会话\n错误码如下\n\n| 错误码 | 说明 |\n|---|---|\n| 2 | 乙 |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.title.as_deref(), Some("错误码"));
    assert_eq!(c.entries[0].group.as_deref(), Some("通用错误码"));
    // A paragraph of two lines is a paragraph.
    assert_eq!(c.entries[1].group.as_deref(), Some("通用错误码"));
}

#[test]
fn a_code_cell_may_hold_the_code_and_its_english_message() {
    let page = "\
| 错误码 | 说明 |
|---|---|
| ME01002 appKey error | appKey 错误 |
| 1001: Invalid token | 令牌无效 |
| 1002 | 令牌过期 |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-ME01002", "error-1001", "error-1002"]);
    assert_eq!(c.entries[0].english.as_deref(), Some("appKey error"));
    assert_eq!(c.entries[1].english.as_deref(), Some("Invalid token"));
    assert_eq!(c.entries[2].english, None);
    // Words alone are no code.
    let (_, diags, errors) =
        read("| 错误码 | 说明 |\n|---|---|\n| Request has expired | 请求已过期 |\n");
    assert!(errors, "{diags:?}");
}

#[test]
fn an_english_hint_name_code_or_http_phrase_is_no_english_message() {
    for (header, cells) in [
        (
            "Solution",
            [
                "Check the parameters.",
                "Sign the request again.",
                "Retry later.",
            ],
        ),
        (
            "英文名称",
            ["InvalidParameter", "AuthFailure", "RequestLimitExceeded"],
        ),
        ("英文错误码", ["INVALID_PARAM", "AUTH_FAILED", "TOO_MANY"]),
        (
            "HTTP 状态描述",
            ["Bad Request", "Bad Request", "Too Many Requests"],
        ),
    ] {
        let page = format!(
            "| 错误码 | 错误描述 | {header} |\n|---|---|---|\n| 1001 | 参数错误 | {} |\n| 1002 | 签名错误 | {} |\n| 1003 | 请求过多 | {} |\n",
            cells[0], cells[1], cells[2]
        );
        let (c, diags, errors) = read(&page);
        assert!(!errors, "{header}: {diags:?}");
        assert_eq!(c.columns.english, None, "{header}");
        assert_eq!(c.columns.message, "错误描述", "{header}");
        assert!(c.entries.iter().all(|e| e.english.is_none()), "{header}");
    }
    // A header that says English and names a message is one.
    let page = "| 错误码 | 错误描述 | 英文描述 |\n|---|---|---|\n| 1001 | 参数错误 | Invalid parameter |\n| 1002 | 签名错误 | Bad signature |\n";
    let (c, _, _) = read(page);
    assert_eq!(c.columns.english.as_deref(), Some("英文描述"));
}

#[test]
fn a_header_that_names_the_message_is_not_overruled_by_a_remark_or_a_module() {
    // A module name beside the message is no message.
    let page = "| 错误码 | 模块 | 错误描述 |\n|---|---|---|\n| 1001 | 用户 | 用户不存在，请检查用户名是否正确。 |\n| 1002 | 订单 | 订单已关闭，无法再次支付。 |\n| 1003 | 支付 | 余额不足，请充值后重试。 |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.message, "错误描述");
    assert_eq!(c.columns.hint, None);
    // A message column partly in English still beats a remarks column.
    let page = "| 错误码 | 错误描述 | 备注 |\n|---|---|---|\n| 1001 | 参数错误 | 自 v1 起 |\n| 1002 | Token expired | 自 v1 起的令牌 |\n| 1003 | 签名错误 | 自 v2 起 |\n| 1004 | Rate limited | 自 v2 起的限流 |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.message, "错误描述");
}

#[test]
fn a_repeated_row_with_a_dash_or_slash_hint_is_merged() {
    let page = "| 错误码 | 说明 | 处理建议 |\n|---|---|---|\n| 1001 | 参数错误 | / |\n| 1001 | 参数错误 | / |\n| 1002 | 超时 | -- |\n| 1002 | 超时 | -- |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-1001", "error-1002"]);
    assert!(diags.iter().all(|d| d.contains("merged")), "{diags:?}");
}

#[test]
fn attribute_names_are_unique_and_no_column_with_text_is_dropped() {
    let page = "\
| 错误码 | 错误描述 | alias | 备注 | 备注 | |
|---|---|---|---|---|---|
| 1001(0x3E9) | 参数错误 | ERR_PARAM | 甲 | 乙 | lost |
| 1002 (deprecated) | 超时 | ERR_TIMEOUT | 丙 | 丁 | found |
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(
        c.columns.attributes,
        ["alias 2", "备注", "备注 2", "#6", "alias", "note"]
    );
    let e = &c.entries[0];
    assert_eq!(e.attribute("alias"), Some("0x3E9"));
    assert_eq!(e.attribute("alias 2"), Some("ERR_PARAM"));
    assert_eq!(e.attribute("备注 2"), Some("乙"));
    assert_eq!(e.attribute("#6"), Some("lost"));
    // Words in parentheses are a note on the code, not another name.
    let e = &c.entries[1];
    assert_eq!(e.code.as_str(), "1002");
    assert_eq!(e.attribute("note"), Some("deprecated"));
    assert_eq!(e.attribute("alias"), None);
    // The JSON has each name once.
    let json = serde_json::to_string(&c.entries[0]).unwrap();
    assert_eq!(json.matches("\"alias\":").count(), 1, "{json}");
}

#[test]
fn the_table_under_the_title_is_named_by_the_title_and_headings_are_matched_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 甲 |\n\n## 错误码（v2）\n\n| 错误码 | 说明 |\n|---|---|\n| 2 | 乙 |\n\n## 错误码（v1）\n\n| 错误码 | 说明 |\n|---|---|\n| 3 | 丙 |\n";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    let codes_of = |table: &str| extracted_codes(tmp.path(), &["--table", table]);
    assert_eq!(codes_of("错误码"), ["1"]);
    assert_eq!(codes_of("错误码（v2）"), ["2"]);
}

#[test]
fn explain_names_a_lookup_table_and_a_fallback_message_column_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "| 模块名称 | 模块代码标识 |\n|---|---|\n| market | 002 |\n| apple | 003 |\n\n| 错误代码 | 备注 |\n|---|---|\n| 200 | 操作成功 |\n";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    let o = common::errbook(tmp.path(), &["extract", "--source", "page.md", "--explain"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("skipped: a lookup table: codes (`模块代码标识`)"),
        "{out}"
    );
    assert!(
        out.contains("message:    `备注` (column 2): in Chinese"),
        "{out}"
    );
    let page = "| 错误码 | 甲 |\n|---|---|\n| 1 | x y |\n| 2 | z w |\n";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    let o = common::errbook(tmp.path(), &["extract", "--source", "page.md", "--explain"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("`甲` (column 2): the table's only other column"),
        "{out}"
    );
}

#[test]
fn a_header_the_page_writes_in_english_is_seeded_with_its_own_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "# 错误码\n\n| Code | Message | 说明 |\n|---|---|---|\n| 1001(0x3E9) | Invalid parameter. | 参数不合法。 |\n| 1002 | Token expired. | 令牌已过期。 |\n";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    ok(tmp.path(), &["init", "p", "--from", "page.md"]);
    let en = std::fs::read_to_string(tmp.path().join("p/locales/en-US/errors.ftl")).unwrap();
    assert!(en.contains("# review: the source page writes it in English\n# source: Code\nerrbook-column-code = Code\n"), "{en}");
    assert!(en.contains("# review: errbook's English name for it\n# source: 别名\nerrbook-column-alias = Alias\n"), "{en}");
    // `# review:` with nothing after it is still the mark.
    let dir = tmp.path().join("p");
    let bare = en.replace(
        "# review: from the English column of the source page\n# source: 令牌已过期。",
        "# review:\n# source: 令牌已过期。",
    );
    std::fs::write(dir.join("locales/en-US/errors.ftl"), bare).unwrap();
    let check = common::errbook(&dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(report
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "needs-review"
            && f["message"].as_str().unwrap().contains("error-1002")));
}

#[test]
fn html_rowspan_and_colspan_lay_cells_under_their_headers() {
    let page = "\
# 错误码

<table>
<tr><th>返回值</th><th>错误码</th><th>描述</th></tr>
<tr><td>ERR_NULL</td><td>161001</td><td>空指针。</td></tr>
<tr><td rowspan=\"3\">ERR_INVALID</td><td rowspan=\"3\">161002</td><td>数据类型不支持。</td></tr>
<tr><td>数据类型不一致。</td></tr>
<tr><td>形状不对。</td></tr>
<tr><td colspan=\"2\">561103</td><td>内部错误。</td></tr>
</table>
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "错误码");
    assert_eq!(c.columns.message, "描述");
    let rows: Vec<(String, &str)> = c
        .entries
        .iter()
        .map(|e| (e.message_id(), &*e.message))
        .collect();
    assert_eq!(
        rows,
        [
            ("error-161001".to_owned(), "空指针。"),
            ("error-161002".to_owned(), "数据类型不支持。"),
            // One code, several causes: its name is the same on each row,
            // so the rows are told apart by their place.
            ("error-161002-2".to_owned(), "数据类型不一致。"),
            ("error-161002-3".to_owned(), "形状不对。"),
            ("error-561103".to_owned(), "内部错误。"),
        ]
    );
    // A hostile span is capped, not a million cells.
    let page = "<table><tr><th>错误码</th><th>说明</th></tr><tr><td rowspan=\"99999999\" colspan=\"99999999\">1</td><td>甲</td></tr></table>";
    let (c, _, _) = read(page);
    assert_eq!(c.entries.len(), 1);
}

#[test]
fn rows_without_a_code_are_skipped_with_a_warning_and_filler_rows_silently() {
    let page = "| 错误码 | 说明 |\n|---|---|\n| 1 | 甲 |\n| ... | 乙 |\n| — | 丙 |\n| 其他 | 网关内部状态 |\n|   |   |\n| 其余状态码 | 见文档 |\n| 2 | 丁 |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(codes(&c), ["error-1", "error-2"]);
    assert_eq!(diags.len(), 4, "{diags:?}");
    assert!(
        diags
            .iter()
            .all(|d| d.contains("has no code") && d.contains("warning")),
        "{diags:?}"
    );
    assert!(diags[2].contains("`其他`"), "{diags:?}");
}

#[test]
fn columns_named_by_language_and_sparse_columns() {
    // Columns named zh-CN and en-US are the message and its English.
    let page = "|http_code|reason|message|zh-CN|en-US|\n|--|--|--|--|--|\n|400|ParamBindErr|Param Exception|参数绑定错误|parameter binding error|\n|400|ParamErr|Param Exception|参数错误|parameter error|\n|500|DataSqlErr|Data Exception|数据异常|data exception|\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.code, "reason");
    assert_eq!(c.columns.message, "zh-CN");
    assert_eq!(c.columns.english.as_deref(), Some("en-US"));
    // A column filled in a few rows is no message beside a full one; one
    // whose texts repeat (an operation) neither.
    let page = "|操作|错误码|简要原因|官方错误消息|\n|-|-|-|-|\n|发群消息|120|被禁言||\n|发群消息|34|消息超长||\n|发群消息|299|发言超频|本群每分钟只能发5条消息|\n|发私聊|10|非好友||\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.columns.message, "简要原因");
    assert_eq!(c.entries.len(), 4);
}

#[test]
fn pretty_printed_html_spans_group_rows_and_short_rows() {
    let page = "\
<table>
<tr><th colspan=\"1\"> 错误码 </th><th> 说明 </th><th class=\"no-rowspan\"> 处理建议 </th></tr>
<tr><td colspan=\"3\"><b>Common</b></td></tr>
<tr><td>1001</td><td rowspan=\"2\">
  参数错误
</td><td>检查参数 a</td></tr>
<tr><td>1002</td><td>检查参数 b</td></tr>
<tr><td>1003</td><td>超时</td><td rowspan=\"2\" data-colspan=\"2\">重试</td></tr>
<tr><td>1004</td></tr>
<tr><td>1005</td><td>未知</td><td>联系管理员</td></tr>
</table>
";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    let rows: Vec<(&str, &str, Option<&str>)> = c
        .entries
        .iter()
        .map(|e| (e.code.as_str(), &*e.message, e.hint.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            ("1001", "参数错误", Some("检查参数 a")),
            ("1002", "参数错误", Some("检查参数 b")),
            ("1003", "超时", Some("重试")),
            // A short row: the span above fills its column, the message
            // is empty (the row is skipped with a warning).
            ("1005", "未知", Some("联系管理员")),
        ],
        "{diags:?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.contains("`1004` has an empty message")),
        "{diags:?}"
    );
    // Hostile spans stay small: each row is laid out at most 64 wide, and
    // a row that is one cell across the table is a group's label.
    let row = "<tr><td colspan=\"256\" rowspan=\"256\">x</td></tr>".repeat(300);
    let page = format!(
        "<table><tr><th>错误码</th><th>说明</th></tr>{row}<tr><td>1</td><td>甲</td></tr></table>"
    );
    let (c, _, _) = read(&page);
    assert!(c.entries.len() <= 1);
}

#[test]
fn a_code_column_written_wrong_is_an_error_not_skipped_rows() {
    // Full-width digits, emoji and stray markers are codes written wrong:
    // errors, so that sync moves no translation to obsolete.
    for code in ["１００１", "🔥", "======="] {
        let page =
            format!("| 错误码 | 说明 |\n|---|---|\n| {code} | 参数错误 |\n| 1002 | 超时 |\n");
        let (_, diags, errors) = read(&page);
        assert!(errors, "{code}: {diags:?}");
    }
}

#[test]
fn a_category_or_a_cause_column_is_no_message_and_a_status_is_no_key() {
    // One empty 提示语 does not make the category column the message.
    let mut page = String::from("| 错误码 | 错误类型 | 提示语 |\n|---|---|---|\n");
    for i in 0..10 {
        let tip = if i == 3 {
            String::new()
        } else {
            format!("第{i}个提示：请检查输入")
        };
        page.push_str(&format!(
            "| {} | {} | {tip} |\n",
            1000 + i,
            ["参数类", "系统类"][i % 2]
        ));
    }
    let (c, diags, _) = read(&page);
    assert_eq!(c.columns.message, "提示语", "{diags:?}");
    // A message that repeats still beats the cause beside it.
    let page = "| 错误码 | 错误信息 | 错误原因 |\n|---|---|---|\n| 1 | 参数错误 | 缺少用户名 |\n| 2 | 参数错误 | 缺少密码 |\n| 3 | 参数错误 | 格式不对 |\n| 4 | 超时 | 网络慢 |\n";
    let (c, _, _) = read(page);
    assert_eq!(c.columns.message, "错误信息");
    // A symbolic 错误码 keeps the key beside a unique HTTP status.
    let page = "| 错误码 | Status | 说明 |\n|---|---|---|\n| INVALID_ARGUMENT | 400 | 参数错误 |\n| NOT_FOUND | 404 | 不存在 |\n| INTERNAL | 500 | 内部错误 |\n";
    let (c, _, _) = read(page);
    assert_eq!(c.columns.code, "错误码");
}

#[test]
fn variant_ids_do_not_follow_the_values_of_other_rows() {
    let page = |first: &str| {
        format!("| 错误码 | HTTP | 说明 |\n|---|---|---|\n| 1001 | {first} | 甲 |\n| 1001 | 400 | 乙 |\n| 1001 | 422 | 丙 |\n")
    };
    let (a, _, _) = read(&page("400"));
    let (b, _, _) = read(&page("422"));
    assert_eq!(codes(&a), ["error-1001", "error-1001-2", "error-1001-3"]);
    assert_eq!(codes(&a), codes(&b));
}

#[test]
fn words_in_parentheses_after_a_code_are_a_note_and_n_a_is_no_english() {
    let page = "| 错误码 | 说明 | English message |\n|---|---|---|\n| 1001 (deprecated since v2) | 参数错误 | Bad parameter |\n| 1002 (DEPRECATED) | 超时 | N/A |\n| 1003 (see 1005) | 未知 | Unknown error |\n";
    let (c, diags, errors) = read(page);
    assert!(!errors, "{diags:?}");
    assert_eq!(c.entries[0].attribute("note"), Some("deprecated since v2"));
    assert_eq!(c.entries[0].english.as_deref(), Some("Bad parameter"));
    assert_eq!(c.entries[1].attribute("note"), Some("DEPRECATED"));
    assert_eq!(c.entries[1].english, None);
    assert_eq!(c.entries[2].attribute("note"), Some("see 1005"));
}
