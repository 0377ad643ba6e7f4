//! `errbook lsp` driven over stdio as an editor drives it: initialize,
//! didOpen, didChange, didClose, shutdown and exit, with the findings
//! published for what the document holds before it is saved.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// An editor's end of the connection.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

const WAIT: Duration = Duration::from_secs(60);

impl Client {
    fn start(dir: &Path) -> Client {
        Client::start_with(dir, &[])
    }

    fn start_with(dir: &Path, env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_errbook"))
            .arg("lsp")
            .envs(env.iter().copied())
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response (messages before it are
    /// dropped, but diagnostics are kept for [`Client::diagnostics`]).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(m) if wanted(&m) => return m,
                Ok(m) if m["method"] == "client/registerCapability" => {
                    // An editor accepts the registration.
                    let id = m["id"].clone();
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no such message within {WAIT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed the connection"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, dir: &Path, encodings: &[&str]) -> Value {
        let uri = uri_of(dir);
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                },
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// The whole new text of an open document.
    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The code action whose title starts with `title`, asked for `range`
    /// with `diagnostics` as the context.
    fn action(&mut self, uri: &str, range: Value, diagnostics: &[Value], title: &str) -> Value {
        let r = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": diagnostics}}),
        );
        r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
            .unwrap_or_else(|| panic!("no action {title:?}: {r}"))
            .clone()
    }

    /// The action titled `title` at the start of the line of message `id`
    /// in the document's `text`.
    fn action_on(
        &mut self,
        uri: &str,
        text: &str,
        id: &str,
        diagnostics: &[Value],
        title: &str,
    ) -> Value {
        let at = json!({"line": line_of(text, id), "character": 0});
        self.action(uri, json!({"start": at, "end": at}), diagnostics, title)
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "fluent", "version": 1, "text": text}}),
        );
    }

    /// Ends the session as an editor does; the server's exit status.
    fn shut_down(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        status.code().unwrap()
    }
}

fn uri_of(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    format!("file://{}", path.display())
}

/// The 0-based line of a catalog's text that defines `id`.
fn line_of(text: &str, id: &str) -> usize {
    let prefix = format!("{id} ");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {id}"))
}

/// The UTF-16 column of byte `at` of `line`.
fn utf16_col(line: &str, at: usize) -> usize {
    line[..at].encode_utf16().count()
}

#[test]
fn findings_follow_the_edits_with_the_codes_of_check() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    let init = client.initialize(dir.path(), &["utf-16"]);
    assert_eq!(
        init["result"]["capabilities"]["positionEncoding"], "utf-16",
        "{init}"
    );

    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.ends_with('\n'));
    client.open(&uri, &text);
    // The shipped catalog is clean.
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    // A line of Junk typed at the end: a syntax error on that line.
    let last = text.lines().count();
    let at = json!({"line": last, "character": 0});
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": "!!! 壊れた行\n"}],
        }),
    );
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d["code"], "EB0202", "{d}");
    assert_eq!(d["severity"], 1, "{d}");
    assert_eq!(d["source"], "errbook");
    assert_eq!(d["range"]["start"]["line"], last, "{d}");

    // `errbook check` reports it at the same line, with the same code and
    // message, once the file says it.
    std::fs::write(&file, format!("{text}!!! 壊れた行\n")).unwrap();
    let check = common::errbook(dir.path(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let in_check: Vec<&Value> = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["file"]
                .as_str()
                .is_some_and(|p| p.ends_with("ja-JP/errors.ftl"))
        })
        .collect();
    assert_eq!(in_check.len(), 1, "{report}");
    assert_eq!(in_check[0]["code"], d["code"]);
    assert_eq!(in_check[0]["line"], last + 1);
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with(in_check[0]["message"].as_str().unwrap()),
        "{d}"
    );

    // Undone in the editor: clean again, though the file on disk is not.
    client.change(&uri, 3, &text);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(client.shut_down(), 0);
}

/// Opens ja-JP with a number its source lacks typed after Japanese text,
/// with the client offering `encodings`, and returns the encoding agreed,
/// the finding's start and the line's text with the number's byte offset.
fn number_after_japanese(encodings: &[&str]) -> (String, Value, String, usize) {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    let init = client.initialize(dir.path(), encodings);
    let agreed = init["result"]["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap()
        .to_owned();
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    let (at, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| {
            let value = l.split_once(" = ").map_or("", |(_, v)| v);
            l.starts_with("error-")
                && !value.is_ascii()
                && !value.contains(|c: char| c.is_ascii_digit())
        })
        .map(|(i, l)| (i, l.to_owned()))
        .unwrap();
    let edited_line = format!("{line} 4242");
    client.open(&uri, &text.replacen(&line, &edited_line, 1));
    let found = client.diagnostics(&uri);
    let d = found
        .iter()
        .find(|d| d["code"] == "EB0502")
        .unwrap_or_else(|| panic!("no qa-number finding: {found:?}"))
        .clone();
    assert_eq!(d["range"]["start"]["line"], at, "{d}");
    assert_eq!(client.shut_down(), 0);
    let byte = edited_line.rfind("4242").unwrap();
    (agreed, d["range"]["start"].clone(), edited_line, byte)
}

#[test]
fn positions_are_utf8_bytes_when_the_client_offers_them_else_utf16_units() {
    let (agreed, start, line, byte) = number_after_japanese(&["utf-8", "utf-16"]);
    assert_eq!(agreed, "utf-8");
    assert_eq!(start["character"], byte, "{line}");
    let (agreed, start, line, byte) = number_after_japanese(&["utf-16"]);
    assert_eq!(agreed, "utf-16");
    assert_eq!(start["character"], utf16_col(&line, byte), "{line}");
    // A client that names no encoding gets UTF-16, the protocol's default.
    let (agreed, ..) = number_after_japanese(&[]);
    assert_eq!(agreed, "utf-16");
}

#[test]
fn the_source_table_is_checked_as_it_is_edited() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let table = dir.path().join("docs/error-codes.zh-CN.md");
    let uri = uri_of(&table);
    let text = std::fs::read_to_string(&table).unwrap();
    client.open(&uri, &text);
    let before = client.diagnostics(&uri);
    assert!(before.iter().all(|d| d["code"] != "EB0106"), "{before:?}");
    // A row with no message, typed after the last row.
    let rows = text.trim_end().lines().count();
    let edited = format!("{}\n|290003| |\n", text.trim_end());
    client.change(&uri, 2, &edited);
    let after = client.diagnostics(&uri);
    let empty: Vec<&Value> = after.iter().filter(|d| d["code"] == "EB0106").collect();
    assert_eq!(empty.len(), 1, "{after:?}");
    assert_eq!(empty[0]["range"]["start"]["line"], rows, "{after:?}");
    assert_eq!(empty[0]["severity"], 2, "a warning: {after:?}");
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(client.shut_down(), 0);
}

/// Changes the source text of error 60002 in the project's table, as
/// another program would save it; returns the table's path.
fn change_60002_on_disk(root: &Path) -> PathBuf {
    let table = root.join("docs/error-codes.zh-CN.md");
    let text = std::fs::read_to_string(&table).unwrap();
    let changed = text.replacen("HTTP 解析错误 ，", "HTTP 报文解析错误，", 1);
    assert_ne!(changed, text, "the table has 60002's text");
    std::fs::write(&table, changed).unwrap();
    table
}

#[test]
fn a_change_on_disk_is_seen_without_an_edit() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    client.open(&uri, &std::fs::read_to_string(&file).unwrap());
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // The source text of 60002 changes in the table, saved by another
    // program: its translation is now stale.
    let table = change_60002_on_disk(dir.path());
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&table), "type": 2}]}),
    );
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "EB0207", "{found:?}");
    let ftl = std::fs::read_to_string(&file).unwrap();
    let line = line_of(&ftl, "error-60002");
    assert_eq!(found[0]["range"]["start"]["line"], line, "{found:?}");
    assert_eq!(client.shut_down(), 0);
}

/// Neovim's LSP client, as Debian 12 packages it (0.7: `vim.lsp.start_client`),
/// started headless on a catalog file: what it shows, one finding a line
/// (`line:column:code:message`, 0-based as Neovim counts).
const NVIM_INIT: &str = r#"
local out = os.getenv("ERRBOOK_NVIM_OUT")
local bin = os.getenv("ERRBOOK_BIN")
vim.api.nvim_create_autocmd({ "BufReadPost" }, {
  pattern = "*.ftl",
  callback = function(args)
    local id = vim.lsp.start_client({ name = "errbook", cmd = { bin, "lsp" }, root_dir = vim.fn.getcwd() })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
local function poll(n)
  local found = vim.diagnostic.get(0)
  if #found > 0 or n == 0 then
    local lines = {}
    for _, d in ipairs(found) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
      table.insert(lines, string.format("%d:%d:%s:%s", d.lnum, d.col, tostring(code), (d.message:gsub("\n", " "))))
    end
    vim.fn.writefile(lines, out)
    vim.cmd("qa!")
  else
    vim.defer_fn(function() poll(n - 1) end, 100)
  end
end
vim.defer_fn(function() poll(300) end, 100)
"#;

#[test]
fn neovim_shows_the_findings_of_check() {
    let dir = common::catalog_copy(None);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let text = std::fs::read_to_string(&file).unwrap();
    let junk_line = text.lines().count();
    std::fs::write(&file, format!("{text}!!! 壊れた行\n")).unwrap();
    std::fs::write(dir.path().join("init.lua"), NVIM_INIT).unwrap();
    let out = dir.path().join("shown.txt");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "-u", "init.lua", "locales/ja-JP/errors.ftl"])
        .current_dir(dir.path())
        .env("ERRBOOK_NVIM_OUT", &out)
        .env("ERRBOOK_BIN", env!("CARGO_BIN_EXE_errbook"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("nvim (scripts/test.sh installs Debian's neovim)");
    let deadline = Instant::now() + WAIT;
    while nvim.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = nvim.kill();
            panic!("nvim did not finish within {WAIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let shown = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 1, "{shown}");
    assert!(
        lines[0].starts_with(&format!("{junk_line}:0:EB0202:")),
        "{shown}"
    );
}

#[test]
fn hover_on_an_id_shows_its_source_status_terms_and_other_locales() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    // Translated from an older source text, in the editor only.
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "# source: 操作者权限非法。",
        "# source: 操作者无权限。",
        1,
    );
    client.open(&uri, &text);
    let line = line_of(&text, "error-100005");
    let hover = |client: &mut Client, character: usize| {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    };
    let r = hover(&mut client, 8);
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"));
    for part in [
        "`error-100005`",
        "stale",
        "**Source (zh-CN):** 操作者权限非法。",
        "**Translated from:** 操作者无权限。",
        // The term base's rendering of 操作者 for ja-JP.
        "操作者 → 呼び出し元",
        "- en-US: The caller does not have valid permissions.",
    ] {
        assert!(md.contains(part), "no {part:?} in\n{md}");
    }
    assert_eq!(
        r["result"]["range"]["start"],
        json!({"line": line, "character": 0})
    );
    assert_eq!(
        r["result"]["range"]["end"],
        json!({"line": line, "character": 12})
    );
    // Past the id, on the value: nothing.
    let r = hover(&mut client, 20);
    assert_eq!(r["result"], Value::Null, "{r}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn definition_goes_from_a_message_to_its_row_and_back() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    client.open(&uri, &text);
    let line = line_of(&text, "error-100005");
    let r = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 3}}),
    );
    let table = dir.path().join("docs/error-codes.zh-CN.md");
    let table_text = std::fs::read_to_string(&table).unwrap();
    let row = table_text
        .lines()
        .position(|l| l.contains("100005"))
        .unwrap();
    let to = &r["result"][0];
    assert_eq!(to["uri"], uri_of(&table), "{r}");
    assert_eq!(to["range"]["start"]["line"], row, "{r}");
    // The message cell, in UTF-16 units of the row.
    let row_text = table_text.lines().nth(row).unwrap();
    let cell = row_text.find("操作者").unwrap();
    assert_eq!(
        to["range"]["start"]["character"],
        utf16_col(row_text, cell),
        "{r}"
    );

    // And back, from the row: the message in every locale with it.
    client.open(&uri_of(&table), &table_text);
    let r = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri_of(&table)}, "position": {"line": row, "character": 2}}),
    );
    let back: Vec<(String, u64)> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().to_owned(),
                l["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    for tag in ["en-US", "ja-JP", "zh-CN"] {
        let f = dir.path().join(format!("locales/{tag}/errors.ftl"));
        let t = std::fs::read_to_string(&f).unwrap();
        let l = line_of(&t, "error-100005") as u64;
        assert!(back.contains(&(uri_of(&f), l)), "{tag}: {back:?}");
    }
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn symbols_are_the_messages_of_a_file_and_the_codes_of_the_table() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    client.open(&uri, &text);
    let r = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id))
        .filter(|id| !id.starts_with('#') && !id.starts_with(' '))
        .collect();
    assert_eq!(names, ids);
    // Workspace symbols: the codes that hold the query, at their rows.
    let r = client.request("workspace/symbol", json!({"query": "10000"}));
    let codes: Vec<&str> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let table = std::fs::read_to_string(dir.path().join("docs/error-codes.zh-CN.md")).unwrap();
    let want = table
        .lines()
        .filter(|l| l.starts_with('|'))
        .filter_map(|l| l.trim_matches('|').split('|').next())
        .map(str::trim)
        .filter(|c| c.contains("10000"))
        .count();
    assert!(want >= 5, "{want}");
    assert_eq!(codes.len(), want, "{codes:?}");
    assert!(codes.iter().all(|c| c.contains("10000")), "{codes:?}");
    assert_eq!(client.shut_down(), 0);
}

/// The byte offset of a UTF-16 position in `text`.
fn offset_of(text: &str, p: &Value) -> usize {
    let (line, character) = (
        p["line"].as_u64().unwrap() as usize,
        p["character"].as_u64().unwrap() as usize,
    );
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with a code action's edits of `uri` applied, as an editor
/// applies them.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = action["edit"]["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edit of {uri}: {action}"))
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"]),
                offset_of(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

#[test]
fn code_actions_mark_reviewed_and_insert_a_missing_message_without_writing() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let on_disk = std::fs::read(&file).unwrap();
    let uri = uri_of(&file);
    let clean = String::from_utf8(on_disk.clone()).unwrap();
    // Stale in the editor: translated from an older text, marked so.
    let stale = clean.replacen(
        "# source: 操作者权限非法。\n",
        "# a translator's note\n# stale, source was: 操作者无权限。\n# source: 操作者无权限。\n",
        1,
    );
    client.open(&uri, &stale);
    let found = client.diagnostics(&uri);
    assert!(found.iter().any(|d| d["code"] == "EB0207"), "{found:?}");
    let review = client.action_on(
        &uri,
        &stale,
        "error-100005",
        &found,
        "Mark `error-100005` reviewed",
    );
    let reviewed = apply(&stale, &review, &uri);
    // The marks go, the record is the current text, the note stays.
    assert_eq!(
        reviewed,
        clean.replacen(
            "# source: 操作者权限非法。\n",
            "# a translator's note\n# source: 操作者权限非法。\n",
            1
        )
    );
    client.change(&uri, 2, &reviewed);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    // A message deleted in the editor: the action puts it back as sync
    // would, with its source text, marked untranslated.
    let gone = clean.replacen(
        "# source: 操作者权限非法。\nerror-100005 = 呼び出し元の権限が無効です。\n\n",
        "",
        1,
    );
    assert_ne!(gone, clean);
    client.change(&uri, 3, &gone);
    let found = client.diagnostics(&uri);
    let missing: Vec<Value> = found
        .iter()
        .filter(|d| d["code"] == "EB0205")
        .cloned()
        .collect();
    assert_eq!(missing.len(), 1, "{found:?}");
    let range = missing[0]["range"].clone();
    let insert = client.action(&uri, range.clone(), &missing, "Insert `error-100005`");
    assert_eq!(insert["diagnostics"][0]["code"], "EB0205", "{insert}");
    let sync = client.action(&uri, range, &missing, "Bring this file up to date");
    let restored = apply(&gone, &insert, &uri);
    assert!(
        restored.contains(
            "# untranslated\n# source: 操作者权限非法。\nerror-100005 = 操作者权限非法。\n"
        ),
        "{restored}"
    );
    client.change(&uri, 4, &restored);
    let found = client.diagnostics(&uri);
    let codes: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["EB0206"], "{found:?}");
    // And the same as `errbook sync` writes, which the last action offers.
    assert_eq!(apply(&gone, &sync, &uri), restored);
    assert_eq!(client.shut_down(), 0);
    // Nothing was written.
    assert_eq!(std::fs::read(&file).unwrap(), on_disk);
}

#[test]
fn completion_offers_the_ids_the_file_lacks_with_their_source_record() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let clean = std::fs::read_to_string(&file).unwrap();
    // Two messages deleted; the translator starts typing an id at the end.
    let gone = clean
        .replacen("# source: 操作者权限非法。\nerror-100005 = 呼び出し元の権限が無効です。\n\n", "", 1)
        .replacen("# source: HTTP 解析错误 ，请检查 HTTP 请求 URL 格式。\nerror-60002 = HTTP 解析エラーです。HTTP リクエスト URL の形式を確認してください。\n\n", "", 1);
    let typed = format!("{gone}error-1000");
    client.open(&uri, &typed);
    let line = typed.lines().count() - 1;
    let r = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 10}}),
    );
    let items = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    // Only the missing one that starts with what was typed.
    assert_eq!(labels, ["error-100005"], "{r}");
    assert_eq!(items[0]["detail"], "操作者权限非法。");
    let edit = &items[0]["textEdit"];
    assert_eq!(
        edit["range"]["start"],
        json!({"line": line, "character": 0})
    );
    assert_eq!(
        edit["newText"],
        "# source: 操作者权限非法。\nerror-100005 = "
    );
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn an_unsaved_edit_of_the_table_is_the_source_of_every_open_locale() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let ftl = std::fs::read_to_string(&file).unwrap();
    client.open(&uri, &ftl);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    let table = dir.path().join("docs/error-codes.zh-CN.md");
    let table_uri = uri_of(&table);
    let text = std::fs::read_to_string(&table).unwrap();
    client.open(&table_uri, &text);
    // Opening the table checks the open locales against it.
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // The source text of 100005 changes in the editor, not on disk.
    let edited = text.replacen("操作者权限非法。", "操作者没有权限。", 1);
    assert_ne!(edited, text);
    client.change(&table_uri, 2, &edited);
    let found = client.diagnostics(&uri);
    let line = line_of(&ftl, "error-100005");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "EB0207", "{found:?}");
    assert_eq!(found[0]["range"]["start"]["line"], line, "{found:?}");
    // Closed without saving: the disk's table again.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": table_uri}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(std::fs::read_to_string(&table).unwrap(), text);
    assert_eq!(client.shut_down(), 0);
}

#[allow(dead_code)]
#[path = "../examples/gen-catalog.rs"]
mod gen;

#[test]
fn a_file_of_ten_thousand_codes_shows_what_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    gen::generate(
        &gen::Options {
            codes: 10_000,
            locales: 2,
            seed: 3,
            shape: gen::Shape::BASE,
        },
        dir.path(),
    );
    // The generator plants missing, stale and untranslated entries (and
    // Junk in the last locale).
    let check = common::errbook(dir.path(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    for tag in ["en-US", "ja-JP"] {
        let file = dir.path().join(format!("locales/{tag}/errors.ftl"));
        let uri = uri_of(&file);
        client.open(&uri, &std::fs::read_to_string(&file).unwrap());
        let shown: Vec<(String, u64)> = client
            .diagnostics(&uri)
            .iter()
            .map(|d| {
                let line = d["range"]["start"]["line"].as_u64().unwrap() + 1;
                (d["code"].as_str().unwrap().to_owned(), line)
            })
            .collect();
        let mut want: Vec<(String, u64)> = report
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["file"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(&format!("{tag}/errors.ftl")))
            })
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(want.len() > 100, "{tag}: {} findings", want.len());
        let mut got = shown.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{tag}");
    }
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_bug_in_a_handler_fails_the_request_not_the_session() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start_with(dir.path(), &[("ERRBOOK_TEST_PANIC", "lsp")]);
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    client.open(&uri, "x = y\n");
    for _ in 0..2 {
        let r = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        );
        assert_eq!(r["error"]["code"], -32603, "{r}");
        assert!(
            r["error"]["message"]
                .as_str()
                .unwrap()
                .contains("textDocument/hover"),
            "{r}"
        );
    }
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_finding_with_a_known_fix_has_an_action_that_applies_it() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let clean = std::fs::read_to_string(&file).unwrap();
    let line =
        "error-60003 = HTTP リクエストの JSON 解析エラーです。JSON の形式を確認してください。";
    assert!(clean.contains(line));
    let wrong = clean.replacen(line, &line.replacen("の JSON", "の Json", 1), 1);
    client.open(&uri, &wrong);
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "EB0503", "{found:?}");
    assert_eq!(found[0]["data"]["fix"], "JSON", "{found:?}");
    let fix = client.action(
        &uri,
        found[0]["range"].clone(),
        &found,
        "Write `JSON` (qa-token)",
    );
    let fixed = apply(&wrong, &fix, &uri);
    assert_eq!(fixed, clean);
    client.change(&uri, 2, &fixed);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // A half-width full stop after Japanese text: the fix is the
    // full-width one.
    let wrong = clean.replacen(
        line,
        &line.replacen("してください。", "してください.", 1),
        1,
    );
    client.change(&uri, 3, &wrong);
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "EB0507", "{found:?}");
    let fix = client.action(
        &uri,
        found[0]["range"].clone(),
        &found,
        "Write `。` (qa-punctuation)",
    );
    assert_eq!(apply(&wrong, &fix, &uri), clean);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_change_on_disk_is_seen_by_a_client_that_watches_nothing() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    // No file watching offered (as Neovim 0.7).
    let r = client.request("initialize", json!({"processId": null, "capabilities": {}}));
    assert!(r.get("result").is_some(), "{r}");
    client.notify("initialized", json!({}));
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    client.open(&uri, &std::fs::read_to_string(&file).unwrap());
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    change_60002_on_disk(dir.path());
    // Nothing sent: the server notices within its poll.
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "EB0207", "{found:?}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn the_levels_of_errbook_toml_apply() {
    let dir = common::catalog_copy(None);
    std::fs::write(
        dir.path().join("errbook.toml"),
        "[checks]\nqa-token = \"error\"\nstale = \"allow\"\n",
    )
    .unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let clean = std::fs::read_to_string(&file).unwrap();
    // A wrong-case token (qa-token, a warning by default) and a stale
    // translation (stale, allowed here).
    let text = clean.replacen("の JSON 解析", "の Json 解析", 1).replacen(
        "# source: 操作者权限非法。",
        "# source: 操作者无权限。",
        1,
    );
    client.open(&uri, &text);
    let found = client.diagnostics(&uri);
    let codes: Vec<(&str, u64)> = found
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_u64().unwrap()))
        .collect();
    assert_eq!(codes, [("EB0503", 1)], "{found:?}");
    assert_eq!(client.shut_down(), 0);
}

#[cfg(unix)]
#[test]
fn a_catalog_linked_outside_the_project_is_not_read() {
    let dir = common::catalog_copy(None);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.ftl");
    std::fs::write(&secret, "error-100005 = TOP-SECRET\n").unwrap();
    std::fs::create_dir(dir.path().join("locales/fr-FR")).unwrap();
    let link = dir.path().join("locales/fr-FR/errors.ftl");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    client.open(&uri, &text);
    let line = line_of(&text, "error-100005");
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 3}}),
    );
    assert!(!r.to_string().contains("TOP-SECRET"), "{r}");
    let table = dir.path().join("docs/error-codes.zh-CN.md");
    let table_text = std::fs::read_to_string(&table).unwrap();
    client.open(&uri_of(&table), &table_text);
    let row = table_text
        .lines()
        .position(|l| l.contains("100005"))
        .unwrap();
    let r = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri_of(&table)}, "position": {"line": row, "character": 2}}),
    );
    assert!(r["result"].as_array().is_some_and(|a| !a.is_empty()), "{r}");
    assert!(!r.to_string().contains("secret.ftl"), "{r}");
    // The link itself, opened: check's finding about it.
    let link_uri = format!("file://{}", link.display());
    client.open(&link_uri, "error-100005 = TOP-SECRET\n");
    let found = client.diagnostics(&link_uri);
    assert!(found.iter().any(|d| d["code"] == "EB0217"), "{found:?}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn malformed_and_oversized_messages_are_skipped_not_fatal() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start_with(dir.path(), &[("ERRBOOK_MAX_FILE_SIZE", "64KiB")]);
    client.initialize(dir.path(), &["utf-16"]);
    client.send_raw(b"Content-Length: 5\r\n\r\n{bad}");
    client.send_raw(b"Content-Length: 2\r\n\r\n[]");
    let huge = "x".repeat(100_000);
    client.send_raw(format!("Content-Length: {}\r\n\r\n{huge}", huge.len()).as_bytes());
    // Each is said in the client's log, and the session goes on.
    let logged = client.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("over errbook's limit"))
    });
    assert_eq!(logged["params"]["type"], 1, "{logged}");
    let r = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn code_actions_keep_crlf_and_do_not_trust_the_clients_positions() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let clean = std::fs::read_to_string(&file)
        .unwrap()
        .replace('\n', "\r\n");
    let lf_only = |t: &str| {
        t.match_indices('\n')
            .any(|(i, _)| i == 0 || !t[..i].ends_with('\r'))
    };
    // Untranslated with a trailing space on its mark, in a CRLF file.
    let marked = clean.replacen(
        "# source: 操作者权限非法。\r\n",
        "# untranslated \r\n# source: 操作者权限非法。\r\n",
        1,
    );
    client.open(&uri, &marked);
    let found = client.diagnostics(&uri);
    assert!(found.iter().any(|d| d["code"] == "EB0206"), "{found:?}");
    let review = client.action_on(
        &uri,
        &marked,
        "error-100005",
        &found,
        "Mark `error-100005` reviewed",
    );
    let reviewed = apply(&marked, &review, &uri);
    assert_eq!(reviewed, clean);
    assert!(!lf_only(&reviewed));

    // A message missing, and the client's finding for it pointing at a
    // place inside another message: the entry goes where the server says.
    let gone = clean.replacen(
        "# source: 操作者权限非法。\r\nerror-100005 = 呼び出し元の権限が無効です。\r\n\r\n",
        "",
        1,
    );
    client.change(&uri, 2, &gone);
    let mut missing: Vec<Value> = client
        .diagnostics(&uri)
        .into_iter()
        .filter(|d| d["code"] == "EB0205")
        .collect();
    assert_eq!(missing.len(), 1);
    let wrong = json!({"line": 8, "character": 5});
    missing[0]["range"] = json!({"start": wrong, "end": wrong});
    let insert = client.action(
        &uri,
        missing[0]["range"].clone(),
        &missing,
        "Insert `error-100005`",
    );
    let restored = apply(&gone, &insert, &uri);
    assert!(!lf_only(&restored), "{restored}");
    client.change(&uri, 3, &restored);
    let codes: Vec<String> = client
        .diagnostics(&uri)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["EB0206"]);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn findings_are_capped_and_an_oversized_document_is_not_checked() {
    let dir = common::catalog_copy(None);
    let mut client = Client::start_with(dir.path(), &[("ERRBOOK_MAX_FILE_SIZE", "1MiB")]);
    client.initialize(dir.path(), &["utf-16"]);
    let file = dir.path().join("locales/ja-JP/errors.ftl");
    let uri = uri_of(&file);
    let clean = std::fs::read_to_string(&file).unwrap();
    // 6,000 messages the source does not have: a finding each.
    let extra: String = (0..6000).map(|i| format!("extra-{i} = x\n")).collect();
    client.open(&uri, &format!("{clean}{extra}"));
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 5001, "{}", found.len());
    assert!(
        found[5000]["message"]
            .as_str()
            .unwrap()
            .contains("1000 more findings"),
        "{}",
        found[5000]
    );
    // Grown by edits over the limit of what errbook reads (no message
    // may be larger): said, not checked.
    client.change(&uri, 2, &clean);
    client.diagnostics(&uri);
    let padding = "# padding\n".repeat(60_000);
    for version in [3, 4] {
        let end = json!({"line": 1_000_000, "character": 0});
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": end, "end": end}, "text": padding}],
            }),
        );
    }
    let m = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 4
    });
    let found = m["params"]["diagnostics"].as_array().unwrap().clone();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("not checked"),
        "{found:?}"
    );
    assert_eq!(client.shut_down(), 0);
}
