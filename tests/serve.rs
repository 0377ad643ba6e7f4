//! `errbook serve`, driven as a user would: the binary on a free port, plain
//! HTTP requests, the reload channel, edits to the project's files, Ctrl-C.
//! Every wait is bounded; the server is killed if a test fails.

mod common;
use common::copy_tree;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

const FIXTURE: &str = "tests/fixtures/build-status-page/cmd.in";
/// Generous for a loaded CI machine; a passing test takes far less.
const WAIT: Duration = Duration::from_secs(30);

/// A running `errbook serve`.
struct Serve {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts the server and waits for its first build to end.
    fn start(dir: &Path, extra: &[&str]) -> Serve {
        let serve = Serve::spawn(dir, extra, &[]);
        serve.first_build();
        serve
    }

    /// Starts the server with `env` and waits only for its URL.
    fn spawn(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_errbook"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("ERRBOOK_RENDER_TIMEOUT")
            .env_remove("ERRBOOK_TEST_PANIC")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(out).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut serve = Serve {
            child,
            addr: String::new(),
            stderr,
        };
        let line = rx
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no URL on stdout; stderr:\n{}", serve.stderr()));
        let addr = line
            .trim()
            .strip_prefix("http://")
            .and_then(|s| s.strip_suffix('/'))
            .unwrap_or_else(|| panic!("the first line is the URL: {line:?}"));
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        serve.addr = addr.to_owned();
        serve
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits for the end of the first build, built or not.
    fn first_build(&self) -> String {
        let start = Instant::now();
        loop {
            let err = self.stderr();
            if err.contains("built the site in ") || err.contains("errbook serve: not built") {
                return err;
            }
            assert!(start.elapsed() < WAIT, "no first build in:\n{err}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The output directory, from the line that says where it is.
    fn out_dir(&self) -> PathBuf {
        // The line may be read in pieces: wait for its closing parenthesis.
        let start = Instant::now();
        loop {
            let err = self.stderr_with("(built in ");
            let at = err.find("(built in ").unwrap() + 10;
            if let Some(end) = err[at..].find(')') {
                return PathBuf::from(&err[at..at + end]);
            }
            assert!(start.elapsed() < WAIT, "no end to the line in:\n{err}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The standard error once it holds `text` (it is read on a thread of
    /// its own, so it can lag behind standard output).
    fn stderr_with(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let err = self.stderr();
            if err.contains(text) {
                return err;
            }
            assert!(start.elapsed() < WAIT, "no {text:?} in:\n{err}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a raw request target; returns the status code, the head and
    /// the body.
    fn get(&self, target: &str) -> (u16, String, String) {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> (u16, String, String) {
        self.raw(&format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    /// Sends `head` as it is; returns the status code, the head and the body.
    fn raw(&self, head: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        s.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head[9..12].parse().unwrap();
        (status, head.to_owned(), body.to_owned())
    }

    /// Opens the reload channel and reads its first event.
    fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            s,
            "GET /__errbook/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: text/event-stream\r\n"),
            "{head}"
        );
        let mut events = Events { reader };
        assert_eq!(events.next().0, "version");
        events
    }

    /// Waits for the process to end, up to `WAIT`.
    fn wait(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < WAIT, "errbook serve did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        // Asked to stop first, so that it removes its temporary directory
        // (a killed server cannot); killed if it does not stop in time.
        #[cfg(unix)]
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let start = Instant::now();
            while start.elapsed() < WAIT && matches!(self.child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event's name and data (comments skipped); fails the test
    /// after `WAIT`.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("an event within the time allowed");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() {
                    return (name, data);
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_owned();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_owned();
            }
        }
    }
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(FIXTURE), dir.path());
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(": ")?;
        n.eq_ignore_ascii_case(name).then_some(v)
    })
}

#[test]
fn serves_the_site_and_nothing_outside_it() {
    let dir = project();
    let serve = Serve::start(dir.path(), &["--out", "site"]);

    let (status, head, body) = serve.get("/");
    assert_eq!(status, 200);
    assert_eq!(
        header(&head, "Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(body.contains("href=\"ja-JP/index.html\""), "{body}");

    let (status, head, body) = serve.get("/en-US/index.html");
    assert_eq!(status, 200);
    assert_eq!(
        header(&head, "Content-Length"),
        Some(body.len().to_string().as_str())
    );
    assert!(body.contains("Signature error."));
    // The reload script is added to what is served, allowed by the page's
    // policy, and never written into the site.
    assert!(
        body.contains("<script src=\"/__errbook/reload.js\" data-version=\"1\"></script>\n</body>")
    );
    assert!(body.contains("content=\"connect-src 'self'; default-src 'none'; script-src 'self';"));
    let on_disk = std::fs::read_to_string(dir.path().join("site/en-US/index.html")).unwrap();
    assert!(!on_disk.contains("__errbook") && !on_disk.contains("connect-src"));
    assert_eq!(serve.get("/en-US/").2, body);
    assert!(serve
        .get("/status.html")
        .2
        .contains("<h3 id=\"ja-JP-missing\">"));

    let (status, head, _) = serve.get("/en-US");
    assert_eq!(status, 301);
    assert_eq!(header(&head, "Location"), Some("/en-US/"));

    for (path, ct) in [
        ("/assets/site.css", "text/css; charset=utf-8"),
        ("/assets/site.js", "text/javascript; charset=utf-8"),
        ("/badges/ja-JP.svg", "image/svg+xml"),
        ("/ja-JP/errors.json", "application/json"),
        ("/ja-JP/error-codes.md", "text/markdown; charset=utf-8"),
        ("/__errbook/reload.js", "text/javascript; charset=utf-8"),
        ("/__errbook/overlay.css", "text/css; charset=utf-8"),
    ] {
        let (status, head, body) = serve.get(path);
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&head, "Content-Type"), Some(ct), "{path}");
        assert!(
            !body.contains("__errbook/reload.js\" data-version"),
            "{path}"
        );
    }
    let (status, head, body) = serve.request("HEAD", "/badges/ja-JP.svg");
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert_ne!(header(&head, "Content-Length"), Some("0"));

    // Nothing outside the site, nothing hidden, however it is spelled.
    for path in [
        "/../errbook.toml",
        "/../../etc/passwd",
        "/%2e%2e/errbook.toml",
        "/en-US/..%2f..%2ferrbook.toml",
        "/..%5cerrbook.toml",
        "/.errbook-manifest",
        "/nope.html",
        "/__errbook/nope",
    ] {
        let (status, head, body) = serve.get(path);
        assert_eq!(status, 404, "{path}");
        assert_eq!(
            header(&head, "Content-Type"),
            Some("text/html; charset=utf-8")
        );
        assert!(!body.contains("[checks]"), "{path} leaked errbook.toml");
        assert!(body.contains("<h1>Not found</h1>"), "{path}");
    }
    // The path is shown escaped on the 404 page.
    let (_, _, body) = serve.get("/%3Cb%3Ex%3C%2Fb%3E");
    assert!(body.contains("&lt;b&gt;x&lt;"), "{body}");
    assert!(!body.contains("<b>x"));

    assert_eq!(serve.request("POST", "/").0, 405);
    assert_eq!(serve.get("http://elsewhere/").0, 400);
}

#[test]
fn edits_reload_the_pages_and_a_failed_build_shows_its_diagnostics() {
    let dir = project();
    let serve = Serve::start(dir.path(), &[]);
    let ftl = dir.path().join("locales/en-US/errors.ftl");
    let mut events = serve.events();

    // An edit: one reload event, and the next request sees the change.
    edit(
        &ftl,
        "error-1002 = Signature error.",
        "error-1002 = Bad signature.",
    );
    assert_eq!(events.next().0, "reload", "{}", serve.stderr());
    let (_, _, page) = serve.get("/en-US/index.html");
    assert!(page.contains("Bad signature."));
    assert!(!page.contains("Signature error."));
    assert!(!page.contains("errbook-serve-banner"));

    // A syntax error: the pages keep the last good build and show the
    // diagnostic, escaped, with its place.
    edit(
        &ftl,
        "error-1002 = Bad signature.",
        "error-1002 = { <b>Bad</b> signature.",
    );
    assert_eq!(events.next().0, "reload", "{}", serve.stderr());
    let (status, _, page) = serve.get("/en-US/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("Bad signature."), "the last good build stays");
    let banner = &page[page
        .find("<div class=\"errbook-serve-banner\"")
        .expect("a banner")..];
    let banner = &banner[..banner.find("</div>").unwrap()];
    let line = std::fs::read_to_string(&ftl)
        .unwrap()
        .lines()
        .position(|l| l.contains("<b>Bad</b>"))
        .unwrap()
        + 1;
    assert!(
        banner.contains(&format!("errors.ftl:{line}:"))
            && banner.contains("error: Fluent syntax error")
            && banner.contains("[EB0202 syntax-error]"),
        "{banner}"
    );
    assert!(banner.contains("&lt;b&gt;Bad&lt;"), "{banner}");
    assert!(!banner.contains("<b>"), "{banner}");
    // The terminal gets a count of each kind, not the findings: they are
    // in the banner.
    let err = serve.stderr();
    assert!(
        err.contains("1 syntax-error error [EB0202] in en-US (details in the page's banner)"),
        "{err}"
    );
    assert!(!err.contains("<b>Bad</b>"), "{err}");
    assert!(
        !banner.contains("warning:"),
        "warnings stay on the terminal"
    );
    assert!(serve.get("/status.html").2.contains("errbook-serve-banner"));
    serve.stderr_with("not rebuilt");

    // Fixed: the banner goes, the fix shows.
    edit(
        &ftl,
        "error-1002 = { <b>Bad</b> signature.",
        "error-1002 = Signature rejected.",
    );
    assert_eq!(events.next().0, "reload", "{}", serve.stderr());
    let (_, _, page) = serve.get("/en-US/index.html");
    assert!(page.contains("Signature rejected."));
    assert!(!page.contains("errbook-serve-banner"));

    // The source table is watched too.
    edit(
        &dir.path().join("docs/error-codes.zh-CN.md"),
        "| 280010 | 会话已转接。 |",
        "| 280010 | 会话已转接。 |\n| 280011 | 会话已超时。 |",
    );
    assert_eq!(events.next().0, "reload", "{}", serve.stderr());
    assert!(serve.get("/zh-CN/index.html").2.contains("会话已超时。"));

    // Serving built elsewhere: the project holds nothing new (but for
    // errbook's lock, in its own directory, which git ignores).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".errbook")
        .collect();
    names.sort();
    assert_eq!(names, ["docs", "errbook.toml", "locales"]);
}

#[test]
fn a_project_that_does_not_build_is_served_with_its_diagnostics() {
    let dir = project();
    let ftl = dir.path().join("locales/ja-JP/errors.ftl");
    edit(&ftl, "error-1003 =", "error-1003 = {");
    let serve = Serve::start(dir.path(), &[]);
    let (status, _, page) = serve.get("/");
    assert_eq!(status, 404);
    assert!(page.contains("<h1>Not built yet</h1>"), "{page}");
    assert!(page.contains("errbook-serve-banner") && page.contains("ja-JP/errors.ftl:"));
    let mut events = serve.events();
    edit(&ftl, "error-1003 = {", "error-1003 =");
    assert_eq!(events.next().0, "reload", "{}", serve.stderr());
    let (status, _, page) = serve.get("/");
    assert_eq!(status, 200);
    assert!(!page.contains("errbook-serve-banner"));
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let dir = project();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(["serve", "--port", &port])
        .current_dir(dir.path())
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > WAIT {
            let _ = child.kill();
            panic!("errbook serve did not give up on a busy port");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")) && err.contains("--port"),
        "{err}"
    );
    // The temporary directory made for the site went too.
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_removes_the_build() {
    let dir = project();
    let mut serve = Serve::start(dir.path(), &[]);
    assert_eq!(serve.get("/").0, 200);
    let built = serve.out_dir();
    assert!(built.join("index.html").is_file());
    let mut events = serve.events();
    let kill = Command::new("kill")
        .args(["-INT", &serve.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = serve.wait();
    assert_eq!(status.code(), Some(0), "{}", serve.stderr());
    serve.stderr_with("stopped");
    assert!(!built.exists(), "the temporary build is removed");
    assert!(!built.parent().unwrap().exists(), "and its directory");
    // The open event stream ends with the server.
    let mut rest = String::new();
    let _ = events.reader.read_to_string(&mut rest);
    assert!(TcpStream::connect(&serve.addr).is_err());
}

/// Every `Location` the server sends is a path on this server: one `/`,
/// then no `/` or `\` (which browsers read as the start of another host).
fn assert_same_server(target: &str, head: &str) {
    if let Some(to) = header(head, "Location") {
        assert!(
            to.starts_with('/') && !to[1..].starts_with(['/', '\\']) && !to.contains('\\'),
            "{target} redirects to another host: {to}"
        );
    }
}

#[test]
fn redirects_stay_on_this_server() {
    let dir = project();
    let serve = Serve::start(dir.path(), &[]);
    for (target, to) in [
        ("/en-US", "/en-US/"),
        ("//en-US", "/en-US/"),
        ("///en-US", "/en-US/"),
        ("////en-US?x=1", "/en-US/"),
        ("/%2F%2Fen-US", "/en-US/"),
        ("//%2fen-US", "/en-US/"),
        ("/%2F/%2F/en-US", "/en-US/"),
        ("//assets", "/assets/"),
    ] {
        let (status, head, _) = serve.get(target);
        assert_eq!(status, 301, "{target}");
        assert_eq!(header(&head, "Location"), Some(to), "{target}");
    }
    // Held out: what is not a directory of the site is not redirected at
    // all, and nothing ever leads elsewhere.
    for target in [
        "///x",
        "//evil",
        "//evil.com/",
        "/%2F%2Fevil",
        "/%2f%2fevil.com",
        "/\\evil",
        "/\\\\evil.com",
        "/%5C%5Cevil",
        "/%5C/en-US",
        "//evil.com/%2e%2e/en-US",
        "/.//en-US",
        "/en-US/..//en-US",
    ] {
        let (status, head, _) = serve.get(target);
        assert_same_server(target, &head);
        assert_eq!(status, 404, "{target}");
    }
}

#[test]
fn only_loopback_host_names_are_answered() {
    let dir = project();
    let serve = Serve::start(dir.path(), &[]);
    let port = serve.addr.rsplit(':').next().unwrap().to_owned();
    let ask = |host: &str, target: &str| {
        serve.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    };
    for host in [
        "localhost".to_owned(),
        format!("LocalHost:{port}"),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{port}"),
        format!("127.9.8.7:{port}"),
        "[::1]".to_owned(),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(ask(&host, "/").0, 200, "{host}");
    }
    // DNS rebinding: names an attacker may point at 127.0.0.1.
    for host in [
        "evil.com".to_owned(),
        format!("evil.com:{port}"),
        "127.0.0.1.evil.com".to_owned(),
        format!("127.0.0.1.evil.com:{port}"),
        "localhost.evil.com".to_owned(),
        format!("localhost.evil.com:{port}"),
        format!("127.0.0.1:{port}.evil.com"),
        format!("127.0.0.1:{port}@evil.com"),
        "[::1].evil.com".to_owned(),
        "evil-localhost".to_owned(),
        "10.0.0.1".to_owned(),
        "0.0.0.0".to_owned(),
        String::new(),
    ] {
        for target in ["/", "/en-US/index.html", "/en-US", "/__errbook/events"] {
            let (status, head, body) = ask(&host, target);
            assert_eq!(status, 421, "{host:?} {target}");
            assert_eq!(
                header(&head, "Content-Type"),
                Some("text/plain; charset=utf-8")
            );
            assert_eq!(header(&head, "Location"), None);
            assert!(body.contains("localhost") && body.len() < 200, "{body}");
        }
    }
    // HTTP/1.1 needs a Host, and one; HTTP/1.0 may go without.
    assert_eq!(serve.raw("GET / HTTP/1.1\r\n\r\n").0, 400);
    assert_eq!(
        serve
            .raw("GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.com\r\n\r\n")
            .0,
        400
    );
    assert_eq!(serve.raw("GET / HTTP/1.0\r\n\r\n").0, 200);
}

#[test]
fn connections_beyond_the_cap_are_turned_away_until_some_close() {
    let dir = project();
    let serve = Serve::start(dir.path(), &[]);
    // 64 connections that send nothing hold the 64 places (they are
    // accepted in order, each taking its place as it is accepted).
    let idle: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(&serve.addr).unwrap())
        .collect();
    let (status, head, body) = serve.get("/");
    assert_eq!(status, 503, "{head}");
    assert_eq!(header(&head, "Retry-After"), Some("1"));
    assert!(body.contains("too many connections"), "{body}");
    drop(idle);
    let start = Instant::now();
    loop {
        let (status, _, _) = serve.get("/");
        if status == 200 {
            break;
        }
        assert_eq!(status, 503);
        assert!(start.elapsed() < WAIT, "the places were not given back");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A project whose page template never ends rendering (10^10 iterations
/// that print nothing).
fn looping_project() -> tempfile::TempDir {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    std::fs::write(
        dir.path().join("mine/page.html"),
        "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    dir
}

/// The processes building into `out` for a server (Linux: read from /proc).
#[cfg(target_os = "linux")]
fn builds_into(out: &Path) -> Vec<u32> {
    let want = format!("ERRBOOK_SERVE_BUILD={}", out.display());
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let env = std::fs::read(e.path().join("environ")).ok()?;
            env.split(|b| *b == 0)
                .any(|v| v == want.as_bytes())
                .then_some(pid)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn the_url_comes_at_once_and_sigterm_stops_a_stuck_build() {
    let dir = looping_project();
    let tmp = tempfile::tempdir().unwrap();
    let tmp_dir = tmp.path().to_str().unwrap();
    // The first build never ends, and the URL comes all the same.
    let mut serve = Serve::spawn(dir.path(), &["--templates", "mine"], &[("TMPDIR", tmp_dir)]);
    let out = serve.out_dir();
    assert!(out.starts_with(tmp.path()), "{}", out.display());
    let (status, head, page) = serve.get("/");
    assert_eq!(status, 503, "{page}");
    assert_eq!(header(&head, "Retry-After"), Some("1"));
    assert!(page.contains("<h1>Building…</h1>"), "{page}");
    assert!(page.contains("/__errbook/reload.js"), "{page}");
    #[cfg(target_os = "linux")]
    {
        let start = Instant::now();
        while builds_into(&out).is_empty() {
            assert!(start.elapsed() < WAIT, "no build running");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // Give the build time to be well into its endless template.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(serve.get("/").0, 503);
    let sent = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &serve.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = serve.wait();
    assert!(
        sent.elapsed() < Duration::from_secs(10),
        "took {:?} to stop",
        sent.elapsed()
    );
    assert_eq!(status.code(), Some(0), "{}", serve.stderr());
    serve.stderr_with("stopped");
    // Nothing left behind: the site, its staging, the build's process
    // (the project's lock is in the project, not in TMPDIR).
    assert!(!out.parent().unwrap().exists());
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    #[cfg(target_os = "linux")]
    assert_eq!(builds_into(&out), Vec::<u32>::new());
}

/// A server killed outright (SIGKILL, which it cannot pass on) does not
/// leave its stuck build spinning until the build's own deadline.
#[cfg(target_os = "linux")]
#[test]
fn a_build_outlives_no_killed_server() {
    let dir = looping_project();
    let tmp = tempfile::tempdir().unwrap();
    let tmp_dir = tmp.path().to_str().unwrap();
    let mut serve = Serve::spawn(dir.path(), &["--templates", "mine"], &[("TMPDIR", tmp_dir)]);
    let out = serve.out_dir();
    let start = Instant::now();
    while builds_into(&out).is_empty() {
        assert!(start.elapsed() < WAIT, "no build running");
        std::thread::sleep(Duration::from_millis(20));
    }
    let builds = builds_into(&out);
    let kill = Command::new("kill")
        .args(["-KILL", &serve.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let _ = serve.wait();
    let sent = Instant::now();
    while builds
        .iter()
        .any(|pid| Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(*pid))
    {
        assert!(
            sent.elapsed() < Duration::from_secs(10),
            "the build {builds:?} still runs {:?} after the server was killed",
            sent.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(target_os = "linux")]
fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            s.rsplit(')')
                .next()
                .is_some_and(|r| r.trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}

#[test]
fn a_build_past_the_deadline_is_stopped_and_the_server_goes_on() {
    let dir = looping_project();
    let serve = Serve::spawn(
        dir.path(),
        &["--templates", "mine"],
        &[("ERRBOOK_RENDER_TIMEOUT", "2")],
    );
    serve.first_build();
    let (status, _, page) = serve.get("/");
    assert_eq!(status, 404, "{page}");
    assert!(page.contains("<h1>Not built yet</h1>"), "{page}");
    assert!(
        page.contains("the build took longer than 2 s and was stopped"),
        "{page}"
    );
    // The template fixed (the shipped one again): the site is built.
    let mut events = serve.events();
    std::fs::remove_file(dir.path().join("mine/page.html")).unwrap();
    assert_eq!(events.next().0, "reload", "{}", serve.stderr());
    let (status, _, page) = serve.get("/en-US/index.html");
    assert_eq!(status, 200, "{}", serve.stderr());
    assert!(!page.contains("errbook-serve-banner"));
}

#[test]
fn a_panic_in_a_build_is_an_internal_error_not_a_timeout() {
    let dir = project();
    let out = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(["build", "--out", "site"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env_remove("ERRBOOK_RENDER_TIMEOUT")
        .env("ERRBOOK_TEST_PANIC", "render")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("internal error while checking and rendering: ERRBOOK_TEST_PANIC=render"),
        "{err}"
    );
    assert!(
        err.contains("this is a bug in errbook, please report it"),
        "{err}"
    );
    assert!(!err.contains("took longer than"), "{err}");
    assert!(!dir.path().join("site").exists());

    // In the server, the same shows in the pages, and the server goes on.
    let serve = Serve::spawn(dir.path(), &[], &[("ERRBOOK_TEST_PANIC", "render")]);
    serve.first_build();
    let (status, _, page) = serve.get("/");
    assert_eq!(status, 404, "{page}");
    assert!(
        page.contains("this is a bug in errbook, please report it"),
        "{page}"
    );
    assert!(!page.contains("took longer than"), "{page}");
    assert_eq!(serve.get("/__errbook/reload.js").0, 200);
}
