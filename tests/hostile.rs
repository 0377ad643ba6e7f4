//! Hostile inputs: each gets its diagnostic (or is read correctly), in
//! bounded time, with memory proportional to the input, and never a panic.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Run {
    out: Output,
    elapsed: Duration,
    /// Peak resident memory of the child, in bytes (Linux; 0 elsewhere).
    peak: u64,
}

impl Run {
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    fn code(&self) -> Option<i32> {
        self.out.status.code()
    }
}

/// Runs errbook in `dir`, killing it after `limit`, sampling its peak memory.
fn run(dir: &Path, args: &[&str], envs: &[(&str, &str)], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let start = Instant::now();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out_reader =
        std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err_reader =
        std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let mut peak = 0;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        peak = peak.max(vm_hwm(pid));
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("errbook {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let out = Output {
        status,
        stdout: out_reader.join().unwrap().into_bytes(),
        stderr: err_reader.join().unwrap().into_bytes(),
    };
    let r = Run { out, elapsed, peak };
    assert!(!r.stderr().contains("panicked"), "panic: {}", r.stderr());
    r
}

fn vm_hwm(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn project(table: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/error-codes.zh-CN.md"), table).unwrap();
    dir
}

const HEAD: &str = "# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n";
const MINUTE: Duration = Duration::from_secs(60);

#[test]
fn a_50_mb_source_of_100_000_rows_is_read_in_bounded_time_and_memory() {
    let filler = "请检查请求参数、签名与时间戳后重试。".repeat(27); // ≈ 500 bytes
    let mut t = String::from(HEAD);
    for i in 0..100_000 {
        t.push_str(&format!(
            "| {} | 第 {i} 号错误：{filler} |\n",
            1_000_000 + i
        ));
    }
    assert!(t.len() > 50_000_000, "{} bytes", t.len());
    let dir = project(t.as_bytes());
    let r = run(dir.path(), &["extract"], &[], MINUTE * 3);
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    let json: serde_json::Value = serde_json::from_slice(&r.out.stdout).unwrap();
    assert_eq!(json["entries"].as_array().unwrap().len(), 100_000);
    assert_eq!(json["entries"][99_999]["line"], 100_004);
    eprintln!("50 MB source: {:?}, peak {} MiB", r.elapsed, r.peak >> 20);
    if r.peak > 0 {
        assert!(
            r.peak < 16 * t.len() as u64,
            "peak {} MiB for {} MiB of input",
            r.peak >> 20,
            t.len() >> 20
        );
    }
}

#[test]
fn a_1_mb_cell_is_one_message() {
    let cell = "错".repeat(350_000);
    let dir = project(format!("{HEAD}| 1 | {cell} |\n| 2 | 短 |\n").as_bytes());
    let r = run(dir.path(), &["extract"], &[], MINUTE);
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    let json: serde_json::Value = serde_json::from_slice(&r.out.stdout).unwrap();
    assert_eq!(
        json["entries"][0]["message"].as_str().unwrap().len(),
        cell.len()
    );
    assert_eq!(json["entries"][1]["line"], 6);
}

#[test]
fn deeply_nested_markdown_in_a_cell_is_bounded() {
    for cell in [
        format!("{}深{}", "*".repeat(50_000), "*".repeat(50_000)),
        format!("{}深{}", "[".repeat(50_000), "]".repeat(50_000)),
        format!("{}深", "`".repeat(30_000)),
        format!("{}深{}", "<b>".repeat(20_000), "</b>".repeat(20_000)),
    ] {
        let dir = project(format!("{HEAD}| 1 | {cell} |\n| 2 | 后 |\n").as_bytes());
        let r = run(dir.path(), &["extract"], &[], MINUTE);
        assert_eq!(r.code(), Some(0), "{}", r.stderr());
        let json: serde_json::Value = serde_json::from_slice(&r.out.stdout).unwrap();
        assert_eq!(json["entries"][1]["message"], "后");
        assert!(json["entries"][0]["message"]
            .as_str()
            .unwrap()
            .contains('深'));
    }
}

#[test]
fn nul_bytes_are_replaced_and_reported_where_they_matter() {
    let dir = project(format!("{HEAD}| 1\0 | 码里有 NUL |\n| 2 | 说明里\0有 NUL |\n").as_bytes());
    let r = run(dir.path(), &["extract"], &[], MINUTE);
    assert_eq!(r.code(), Some(1));
    let err = r.stderr();
    assert!(
        err.contains("docs/error-codes.zh-CN.md:5:3: error: `1\u{fffd}` is not a code"),
        "{err}"
    );
    // Message text never carries a NUL into Fluent or HTML.
    let dir = project(format!("{HEAD}| 2 | 说明里\0有 NUL |\n").as_bytes());
    let r = run(dir.path(), &["extract"], &[], MINUTE);
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    let json: serde_json::Value = serde_json::from_slice(&r.out.stdout).unwrap();
    assert_eq!(json["entries"][0]["message"], "说明里\u{fffd}有 NUL");
}

#[test]
fn invalid_utf8_is_reported_where_it_is() {
    let cases: [(&[u8], &str); 3] = [
        (b"\xff# x\n", "1:1"),
        (b"# \xe9\x94\x99\n\n| \xe9\x94\x99\xe8\xaf\xaf\xe7\xa0\x81 | x |\n|---|---|\n| 60\xff02 | y |\n", "5:5"),
        // Inside a CJK character: its first two bytes, then a space.
        (b"# t\n\n| a | b |\n|---|---|\n| 1 | \xe9\x94 |\n", "5:7"),
    ];
    for (bytes, at) in cases {
        let dir = project(bytes);
        let r = run(dir.path(), &["extract"], &[], MINUTE);
        assert_eq!(r.code(), Some(1));
        let err = r.stderr();
        assert!(
            err.contains(&format!(
                "docs/error-codes.zh-CN.md:{at}: error: the source document is not valid UTF-8"
            )),
            "{at}: {err}"
        );
    }
}

#[test]
fn mixed_line_endings_keep_their_line_numbers() {
    let dir = project(b"# t\r\n\n| \xe9\x94\x99\xe8\xaf\xaf\xe7\xa0\x81 | x |\r\n|---|---|\n| 1 | a |\r\n| 2 | b |\n| 3 | c |\r\n");
    let r = run(dir.path(), &["extract"], &[], MINUTE);
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    let json: serde_json::Value = serde_json::from_slice(&r.out.stdout).unwrap();
    let lines: Vec<u64> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [5, 6, 7]);
    assert_eq!(json["entries"][0]["message"], "a");
}

#[cfg(unix)]
#[test]
fn a_locale_linked_outside_the_project_is_not_followed() {
    let dir = project(format!("{HEAD}| 1 | 一 |\n").as_bytes());
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("errors.ftl"), "error-1 = outside\n").unwrap();
    assert_eq!(run(dir.path(), &["sync"], &[], MINUTE).code(), Some(0));
    std::os::unix::fs::symlink(outside.path(), dir.path().join("locales/fr-FR")).unwrap();
    let r = run(dir.path(), &["sync"], &[], MINUTE);
    assert_eq!(r.code(), Some(1), "{}", r.stderr());
    assert!(
        r.stderr().contains("locale directory `fr-FR` is a link to"),
        "{}",
        r.stderr()
    );
    assert!(r.stderr().contains("[EB0217 locale-outside]"));
    assert_eq!(
        std::fs::read_to_string(outside.path().join("errors.ftl")).unwrap(),
        "error-1 = outside\n"
    );
    let r = run(dir.path(), &["check"], &[], MINUTE);
    assert_eq!(r.code(), Some(1));
}

#[test]
fn a_locale_named_like_a_path_is_refused() {
    let dir = project(format!("{HEAD}| 1 | 一 |\n").as_bytes());
    // `/tmp/x` may exist on a shared machine for other reasons: what matters
    // is that errbook does not create it.
    let outside = dir.path().parent().unwrap().join("x");
    let existed = outside.exists();
    for tag in ["../x", "..", "en-US/../../x", "/tmp/x"] {
        let r = run(dir.path(), &["sync", "--add-locale", tag], &[], MINUTE);
        assert_eq!(r.code(), Some(1), "{tag}");
        assert!(
            r.stderr()
                .contains("is not a canonical BCP 47 language tag"),
            "{tag}: {}",
            r.stderr()
        );
    }
    assert!(!dir.path().join("x").exists());
    assert_eq!(outside.exists(), existed);
}

#[test]
fn a_template_that_loops_forever_is_stopped_and_nothing_is_written() {
    let dir = project(format!("{HEAD}| 1 | 一 |\n").as_bytes());
    assert_eq!(run(dir.path(), &["sync"], &[], MINUTE).code(), Some(0));
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    // 10^10 iterations that print nothing: only the deadline stops it.
    std::fs::write(
        dir.path().join("mine/page.html"),
        "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["build", "--out", "site", "--templates", "mine"],
        &[("ERRBOOK_RENDER_TIMEOUT", "2")],
        MINUTE,
    );
    assert_eq!(r.code(), Some(2));
    assert!(
        r.stderr()
            .contains("rendering took longer than 2 s; does a template loop forever?"),
        "{}",
        r.stderr()
    );
    assert!(r.elapsed < Duration::from_secs(20));
    assert!(!dir.path().join("site").exists());
    // The worker was left running, but not its staging directory.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".errbook-build-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // Output that grows without end stops at the page limit, in bounded memory.
    std::fs::write(
        dir.path().join("mine/page.html"),
        "{% for a in range(end=100000) %}{% for b in range(end=100000) %}0123456789abcdef0123456789abcdef{% endfor %}{% endfor %}",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["build", "--out", "site", "--templates", "mine"],
        &[],
        MINUTE * 3,
    );
    assert_eq!(r.code(), Some(2));
    assert!(
        r.stderr()
            .contains("the page grew past 256 MiB; does the template loop?"),
        "{}",
        r.stderr()
    );
    if r.peak > 0 {
        assert!(r.peak < 700 << 20, "peak {} MiB", r.peak >> 20);
    }
}

#[test]
fn fluent_files_that_are_all_junk_are_reported_and_never_rewritten() {
    let dir = project(format!("{HEAD}| 1 | 一 |\n").as_bytes());
    assert_eq!(
        run(dir.path(), &["sync", "--add-locale", "en-US"], &[], MINUTE).code(),
        Some(0)
    );
    let junk = "}}}} {{{{\n= = =\n\u{0}\u{1}\n[[[ *** ...\n".repeat(1000);
    let en = dir.path().join("locales/en-US/errors.ftl");
    std::fs::write(&en, &junk).unwrap();
    let r = run(dir.path(), &["check"], &[], MINUTE);
    assert_eq!(r.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.out.stdout).contains("[EB0202 syntax-error]"));
    let r = run(dir.path(), &["sync"], &[], MINUTE);
    assert_eq!(r.code(), Some(1));
    assert!(
        r.stderr()
            .contains("not synced: the file has Fluent syntax errors"),
        "{}",
        r.stderr()
    );
    assert_eq!(std::fs::read_to_string(&en).unwrap(), junk);
}

/// Placeables nested past what fluent-syntax's recursive parser can take
/// (it overflowed the stack and aborted the process, found by a red-team
/// pass): in a locale file, in a site.ftl and in an imported PO file, each
/// is Junk or refused with its place, and every command ends normally.
#[test]
fn placeables_nested_too_deep_are_junk_not_a_stack_overflow() {
    let dir = project(b"# t\n\n| \xe9\x94\x99\xe8\xaf\xaf\xe7\xa0\x81 | \xe8\xaf\xb4\xe6\x98\x8e |\n|---|---|\n| 1 | a |\n| 2 | b |\n");
    let deep = |n: usize| format!("{}$x{}", "{".repeat(n), "}".repeat(n));
    // A select whose variants hold quotes and braces of text, nested: the
    // nesting the parser sees, not the one a naive count sees.
    let select = |n: usize| {
        let mut s = String::from("ok");
        for _ in 0..n {
            s = format!("{{ \"}}\" ->\n *[a] \"{{ {s} }}\n}}");
        }
        s
    };
    let calls = |n: usize| format!("{{ {}$x{} }}", "a(".repeat(n), ")".repeat(n));
    for (case, value) in [
        ("braces", deep(5000)),
        ("selects", select(3000)),
        ("after a stray quote", format!("\"{}", deep(5000))),
        // Found by a review: the parser recurses through call arguments too.
        ("calls", calls(20000)),
        // And a brace left open by an entry before must not let a quote
        // hide the next entry's braces.
        (
            "after an unclosed brace",
            format!("{{ !\nzy = \"{}", deep(20000)),
        ),
    ] {
        std::fs::create_dir_all(dir.path().join("locales/en-US")).unwrap();
        std::fs::write(
            dir.path().join("locales/en-US/errors.ftl"),
            format!("error-1 = One\nerror-2 = {value}\nerror-3 = Three\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("locales/en-US/site.ftl"),
            format!("filter-label = {value}\n"),
        )
        .unwrap();
        for args in [
            &["check"][..],
            &["sync", "--check"],
            &["build", "--out", "site"],
        ] {
            let r = run(dir.path(), args, &[], Duration::from_secs(60));
            let stderr = format!("{}{}", String::from_utf8_lossy(&r.out.stdout), r.stderr());
            assert!(
                matches!(r.code(), Some(0..=2)),
                "{case}: {args:?} ended with {:?}\n{stderr}",
                r.out.status
            );
            assert!(
                !stderr.contains("overflow") && !stderr.contains("panicked"),
                "{case}: {stderr}"
            );
            if args[0] == "check" && !case.starts_with("calls") {
                // An entry the parser reads is refused past 64 levels; a
                // part it could be made to recurse in past what a stack is
                // given for, before parsing.
                let refused = if case == "after an unclosed brace" {
                    "may nest more than 16384 deep"
                } else {
                    "nested more than 64 deep"
                };
                assert!(
                    stderr.contains(refused)
                        && (stderr.contains("line 2 cannot") || stderr.contains("lines 2–")),
                    "{case}: {stderr}"
                );
                // The messages around it are read.
                assert!(!stderr.contains("no message `error-1`"), "{case}: {stderr}");
                assert!(
                    stderr.contains("`error-3` is not a message of the source"),
                    "{case}: {stderr}"
                );
            }
        }
    }
}

/// Writes `errors` and `site` as en-US's errors.ftl and site.ftl, then:
/// `check` fails with EB0221 on message `id`, and `build` ends normally
/// (no overflow, no panic, no internal error).
fn refused_by_check_and_built(dir: &Path, errors: &str, site: &str, id: &str) {
    let en = dir.join("locales/en-US");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::write(en.join("errors.ftl"), errors).unwrap();
    std::fs::write(en.join("site.ftl"), site).unwrap();
    let r = run(dir, &["check"], &[], Duration::from_secs(60));
    let out = format!("{}{}", String::from_utf8_lossy(&r.out.stdout), r.stderr());
    assert_eq!(r.code(), Some(1), "{id}: {out}");
    assert!(out.contains("[EB0221 format-limits]"), "{id}: {out}");
    assert!(
        out.contains(&format!("`{id}` cannot be formatted safely")),
        "{id}: {out}"
    );
    let r = run(
        dir,
        &["build", "--out", "site"],
        &[],
        Duration::from_secs(60),
    );
    let out = format!("{}{}", String::from_utf8_lossy(&r.out.stdout), r.stderr());
    assert!(
        matches!(r.code(), Some(0..=2)),
        "{id}: build ended with {:?}\n{out}",
        r.out.status
    );
    for bad in ["overflow", "panicked", "unreachable", "internal error"] {
        assert!(!out.contains(bad), "{id}: {out}");
    }
}

/// Terms within the nesting rule each, chained by reference: formatting
/// adds their depths up on whatever stack formats them (a site's render
/// thread, an app's). `check` refuses the chain (EB0221), and `build`
/// ends normally, whether the chain is in errors.ftl or site.ftl.
#[test]
fn references_that_nest_too_deep_are_refused_not_a_stack_overflow() {
    let dir = project(b"# t\n\n| \xe9\x94\x99\xe8\xaf\xaf\xe7\xa0\x81 | \xe8\xaf\xb4\xe6\x98\x8e |\n|---|---|\n| 1 | a |\n| 2 | b |\n");
    // Each term nests 63 deep in call arguments and refers to the next.
    let chain = |head: &str, k: usize| {
        let mut text = format!("{head} = {{ -t0 }}\n");
        for i in 0..k {
            let next = if i + 1 < k {
                format!("-t{}", i + 1)
            } else {
                "\"end\"".to_owned()
            };
            text.push_str(&format!(
                "-t{i} = {{ {}{next}{} }}\n",
                "F(".repeat(62),
                ")".repeat(62)
            ));
        }
        text
    };
    for (file, head) in [("errors.ftl", "error-1"), ("site.ftl", "language-name")] {
        let errors = if file == "errors.ftl" {
            chain(head, 200)
        } else {
            "error-1 = One\n".to_owned()
        };
        let site = if file == "site.ftl" {
            chain(head, 200)
        } else {
            String::new()
        };
        refused_by_check_and_built(dir.path(), &format!("{errors}error-2 = Two\n"), &site, head);
    }
}

/// More placeables than fluent-bundle formats in one call (it stops at
/// 100, and for a string literal or a nested placeable it panics): refused
/// by `check` (EB0221), and `build` ends normally, in errors.ftl and in
/// site.ftl (through a term).
#[test]
fn more_placeables_than_fluent_formats_are_refused_not_a_panic() {
    let dir = project(b"# t\n\n| \xe9\x94\x99\xe8\xaf\xaf\xe7\xa0\x81 | \xe8\xaf\xb4\xe6\x98\x8e |\n|---|---|\n| 1 | a |\n| 2 | b |\n");
    let many = "{ \"x\" }".repeat(101);
    let cases = [
        (
            format!("error-1 = {{ \"a\" ->\n *[a] {many}\n }}\nerror-2 = Two\n"),
            String::new(),
            "error-1",
        ),
        (
            "error-1 = One\nerror-2 = Two\n".to_owned(),
            format!("filter-label = {{ {{ -t }} }}\n-t = {many}\n"),
            "filter-label",
        ),
    ];
    for (errors, site, id) in cases {
        refused_by_check_and_built(dir.path(), &errors, &site, id);
    }
}

/// A term that selects on its own attribute (a pattern of an entry that
/// refers to another of its patterns) is no circle: fluent-bundle formats
/// each pattern once on a way, so `check` passes it (no EB0221) and
/// `build` shows the message that uses it; a way through the term's own
/// attributes that nests too deep is refused as any chain is.
#[test]
fn references_of_an_entry_to_its_own_attributes_add_up_as_a_chain() {
    let dir = project(b"# t\n\n| \xe9\x94\x99\xe8\xaf\xaf\xe7\xa0\x81 | \xe8\xaf\xb4\xe6\x98\x8e |\n|---|---|\n| 1 | a |\n| 2 | b |\n");
    let r = run(
        dir.path(),
        &["sync", "--add-locale", "en-US"],
        &[],
        Duration::from_secs(60),
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    std::fs::write(
        dir.path().join("locales/en-US/errors.ftl"),
        "-app = { -app.gender ->\n   *[neuter] The app\n  }\n    .gender = neuter\nerror-1 = { -app } failed\nerror-2 = Two\n",
    )
    .unwrap();
    let r = run(dir.path(), &["check"], &[], Duration::from_secs(60));
    let out = format!("{}{}", String::from_utf8_lossy(&r.out.stdout), r.stderr());
    assert!(!out.contains("EB0221"), "{out}");
    let r = run(
        dir.path(),
        &["build", "--out", "site"],
        &[],
        Duration::from_secs(60),
    );
    let page =
        std::fs::read_to_string(dir.path().join("site/en-US/index.html")).unwrap_or_default();
    assert!(
        page.contains("The app failed"),
        "build ended with {:?}: {}",
        r.out.status,
        r.stderr()
    );
    // A way through 40 of the term's own attributes, two levels each.
    let mut chain = String::from("error-1 = { -t }\nerror-2 = Two\n-t = { -t.a0 ->\n *[x] x\n }\n");
    for i in 0..40 {
        chain.push_str(&format!("    .a{i} = {{ -t.a{} ->\n *[x] x\n }}\n", i + 1));
    }
    chain.push_str("    .a40 = end\n");
    refused_by_check_and_built(dir.path(), &chain, "", "error-1");
}
