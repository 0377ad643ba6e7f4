//! `errbook lsp`: how long after an edit of a 10,000-code catalog file the
//! editor has its diagnostics (the issue's target: under 50 ms). The server
//! runs in process on an in-memory connection, driven as an editor drives
//! it over stdio: each iteration sends one incremental `didChange` (a
//! character typed, then deleted) and waits for the `publishDiagnostics`
//! of that version.
//!
//! ```sh
//! cargo bench --bench lsp
//! ```

use std::time::Duration;

use criterion::Criterion;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

#[allow(dead_code)]
#[path = "../examples/gen-catalog.rs"]
mod gen;

fn notify(c: &Connection, method: &str, params: serde_json::Value) {
    c.sender
        .send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )))
        .unwrap();
}

/// Waits for the diagnostics of `version`; how many there are.
fn diagnostics(c: &Connection, version: i32) -> usize {
    loop {
        match c
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers")
        {
            Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["version"] == json!(version) =>
            {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
            _ => {}
        }
    }
}

fn lsp(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    gen::generate(
        &gen::Options {
            codes: 10_000,
            locales: 2,
            seed: 1,
            shape: gen::Shape::BASE,
        },
        dir,
    );
    let file = dir.join("locales/en-US/errors.ftl").canonicalize().unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = format!("file://{}", file.display());
    let (server, client) = Connection::memory();
    let running = std::thread::spawn(move || errbook::lsp::serve(&server));
    client
        .sender
        .send(Message::Request(Request::new(
            RequestId::from(1),
            "initialize".to_owned(),
            json!({"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}),
        )))
        .unwrap();
    loop {
        if let Message::Response(_) = client.receiver.recv().unwrap() {
            break;
        }
    }
    notify(&client, "initialized", json!({}));
    notify(
        &client,
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "fluent", "version": 0, "text": text}}),
    );
    diagnostics(&client, 0);
    // A character typed at the start of the last message's line, and
    // deleted by the next iteration.
    let line = text.lines().count() - 2;
    let mut version = 0;
    let mut g = c.benchmark_group("lsp");
    g.bench_function("diagnostics after an edit, 10,000 codes", |b| {
        b.iter(|| {
            version += 1;
            let at = json!({"line": line, "character": 0});
            let change = if version % 2 == 1 {
                json!({"range": {"start": at, "end": at}, "text": "x"})
            } else {
                json!({"range": {"start": at, "end": {"line": line, "character": 1}}, "text": ""})
            };
            notify(
                &client,
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
            );
            diagnostics(&client, version)
        })
    });
    g.finish();
    client
        .sender
        .send(Message::Request(Request::new(
            RequestId::from(2),
            "shutdown".to_owned(),
            json!(null),
        )))
        .unwrap();
    notify(&client, "exit", json!(null));
    running.join().unwrap().unwrap();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    lsp(&mut c);
    c.final_summary();
}
