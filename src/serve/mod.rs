//! `errbook serve`'s server: the built site on `127.0.0.1`, a reload channel
//! and the diagnostics of a build that failed, shown in every page.
//!
//! The site's files are served as they are on disk, except HTML responses,
//! which get three additions on the way out (the files themselves never
//! change):
//! - `connect-src 'self'` in the page's Content-Security-Policy, which
//!   otherwise (`default-src 'none'`) forbids the reload channel;
//! - `<script src="/__errbook/reload.js">` before `</body>`: it listens to
//!   `/__errbook/events` (Server-Sent Events) and reloads the page when the
//!   site is rebuilt (an external same-origin script, which the page's
//!   `script-src 'self'` allows);
//! - while the last build failed, a banner after `<body>` with its
//!   diagnostics, HTML-escaped; the files of the last good build stay
//!   served.

pub mod http;
pub mod watch;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use http::{BadRequest, Method, Response, Target};

/// Where errbook's own files live on the server; no site file can have
/// this name (names starting with `_` are the site's, but errbook writes
/// none such).
pub const PREFIX: &str = "/__errbook/";
const EVENTS: &str = "/__errbook/events";
const RELOAD_JS: &str = "/__errbook/reload.js";
const OVERLAY_CSS: &str = "/__errbook/overlay.css";
/// How often an idle event stream gets a comment, so that a closed tab's
/// connection is noticed and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The most connections served at once (each has a thread; a page holds
/// one for its reload channel). Those beyond get a short 503.
pub const MAX_CONNECTIONS: usize = 64;
/// The pause after a failed `accept`, doubled on each failure in a row up
/// to [`BACKOFF_MAX`]: out of file descriptors, `accept` fails at once, and
/// retrying without a pause would spin.
pub const BACKOFF_MIN: Duration = Duration::from_millis(10);
/// The longest pause after failed `accept`s.
pub const BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// No thread could be started for the server.
    #[error("cannot start the server: {0}")]
    Thread(String),
    /// The port could not be had.
    #[error(
        "cannot listen on {addr}: {reason}; choose another port with --port (0 picks a free one)"
    )]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        reason: String,
    },
}

/// What the pages show besides the site.
#[derive(Debug, Default)]
struct State {
    /// Whether a build has ended (until then, what is not on disk yet is
    /// answered with a page that says the site is being built).
    built: bool,
    /// Bumped on every reload, so that a page that missed one catches up.
    version: u64,
    /// The diagnostics of the last build, when it failed.
    problems: Option<String>,
}

struct Shared {
    root: PathBuf,
    state: Mutex<State>,
    clients: Mutex<Vec<Sender<u64>>>,
}

/// A running server. It serves until the process exits.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

/// The backoff of the accept loop: the pause after each failed `accept`.
#[derive(Debug)]
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { next: BACKOFF_MIN }
    }
}

impl Backoff {
    /// The pause after one more failure in a row.
    pub fn failed(&mut self) -> Duration {
        let pause = self.next;
        self.next = (self.next * 2).min(BACKOFF_MAX);
        pause
    }

    /// An `accept` succeeded: the next failure pauses the least again.
    pub fn succeeded(&mut self) {
        self.next = BACKOFF_MIN;
    }
}

/// Accepts connections until `accept` says the listener is gone (`None`):
/// each accepted one goes to `serve`; after each error `sleep` is asked for
/// the pause of a [`Backoff`]. Generic so that a test can feed it errors
/// and see the pauses asked for.
pub fn accept_loop<C>(
    mut accept: impl FnMut() -> Option<std::io::Result<C>>,
    mut sleep: impl FnMut(Duration),
    mut serve: impl FnMut(C),
) {
    let mut backoff = Backoff::default();
    while let Some(next) = accept() {
        match next {
            Ok(conn) => {
                backoff.succeeded();
                serve(conn);
            }
            Err(_) => sleep(backoff.failed()),
        }
    }
}

/// Counts the connections being served, up to a cap.
#[derive(Debug)]
pub struct Slots {
    cap: usize,
    used: Mutex<usize>,
}

/// A connection's place among [`Slots`]: given back when dropped.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<Slots>,
}

impl Slots {
    /// At most `cap` at once.
    pub fn new(cap: usize) -> Arc<Slots> {
        Arc::new(Slots {
            cap,
            used: Mutex::new(0),
        })
    }

    /// A slot, unless all are taken.
    pub fn take(self: &Arc<Self>) -> Option<Slot> {
        let mut used = lock(&self.used);
        (*used < self.cap).then(|| {
            *used += 1;
            Slot {
                slots: Arc::clone(self),
            }
        })
    }

    /// How many are taken.
    pub fn used(&self) -> usize {
        *lock(&self.used)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        *lock(&self.slots.used) -= 1;
    }
}

impl Server {
    /// Listens on `127.0.0.1:port` (0: a free port) and serves `root` from
    /// a thread of its own, one thread per connection, at most
    /// [`MAX_CONNECTIONS`] at once.
    pub fn start(port: u16, root: &Path) -> Result<Server, ServeError> {
        let want = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = TcpListener::bind(want).map_err(|e| ServeError::Bind {
            addr: want,
            reason: crate::io_reason(&e),
        })?;
        let addr = listener.local_addr().map_err(|e| ServeError::Bind {
            addr: want,
            reason: crate::io_reason(&e),
        })?;
        let shared = Arc::new(Shared {
            root: root.to_path_buf(),
            state: Mutex::new(State::default()),
            clients: Mutex::new(Vec::new()),
        });
        let thread_error = |e: std::io::Error| ServeError::Thread(crate::io_reason(&e));
        // Connections beyond the cap wait here for one thread to turn
        // them away; beyond this queue, they are closed at once.
        let (busy, refused) = mpsc::sync_channel::<TcpStream>(MAX_CONNECTIONS);
        std::thread::Builder::new()
            .name("serve-busy".to_owned())
            .spawn(move || {
                for stream in refused {
                    too_busy(stream);
                }
            })
            .map_err(thread_error)?;
        let s = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("serve-accept".to_owned())
            .spawn(move || {
                let slots = Slots::new(MAX_CONNECTIONS);
                accept_loop(
                    || Some(listener.accept().map(|(stream, _)| stream)),
                    std::thread::sleep,
                    |stream| dispatch(&s, &slots, &busy, stream),
                );
            })
            .map_err(thread_error)?;
        Ok(Server { addr, shared })
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Sets what the pages show besides the site (`problems`: the
    /// diagnostics of a failed build, `None` once a build succeeds) and
    /// tells every open page to reload. The first call ends the "being
    /// built" pages.
    pub fn reload(&self, problems: Option<String>) {
        let version = {
            let mut st = lock(&self.shared.state);
            st.built = true;
            st.version += 1;
            st.problems = problems;
            st.version
        };
        lock(&self.shared.clients).retain(|c| c.send(version).is_ok());
    }

    /// The diagnostics the pages show, if any.
    pub fn problems(&self) -> Option<String> {
        lock(&self.shared.state).problems.clone()
    }
}

/// Locks a mutex, ignoring poisoning: the data is plain and a panicked
/// connection thread leaves it consistent.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serves an accepted connection on a thread of its own while a slot is
/// free, else hands it to the thread that answers 503 (or, when that one
/// has too many waiting, closes it).
fn dispatch(
    shared: &Arc<Shared>,
    slots: &Arc<Slots>,
    busy: &SyncSender<TcpStream>,
    stream: TcpStream,
) {
    let Some(slot) = slots.take() else {
        let _ = busy.try_send(stream);
        return;
    };
    let s = Arc::clone(shared);
    // A thread that cannot be started (out of memory or threads) drops
    // the connection and its slot, and the server goes on.
    let _ = std::thread::Builder::new()
        .name("serve-conn".to_owned())
        .spawn(move || {
            let _slot = slot;
            handle(&s, stream);
        });
}

/// Answers a connection beyond the cap: its request is read first (a
/// socket closed with unread data is reset, and the client would lose the
/// answer), with short timeouts, since one thread does this for all.
fn too_busy(stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let method = match http::read_request(&stream) {
        Err(BadRequest::Gone) => return,
        Ok(r) => r.method,
        Err(_) => Method::Get,
    };
    let mut r = Response::text(
        "503 Service Unavailable",
        "errbook serve: too many connections at once; try again\n",
    );
    r.headers.push(("Retry-After", "1".to_owned()));
    let _ = r.write(&stream, method);
}

/// How long a client has to send its whole request head: a slot is not
/// held by a client that sends a byte every few seconds.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// Reads from a stream until a deadline, whatever the pace of its bytes.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: std::time::Instant,
}

impl std::io::Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self
            .until
            .saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

fn handle(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let head = Deadline {
        stream: &stream,
        until: std::time::Instant::now() + HEAD_DEADLINE,
    };
    let req = match http::read_request(head) {
        Ok(r) => r,
        Err(BadRequest::Gone) => return,
        Err(BadRequest::Method) => {
            let mut r = Response::text("405 Method Not Allowed", "errbook serve only reads\n");
            r.headers.push(("Allow", "GET, HEAD".to_owned()));
            let _ = r.write(&stream, Method::Get);
            return;
        }
        Err(BadRequest::Malformed) => {
            let _ = Response::text("400 Bad Request", "malformed request\n")
                .write(&stream, Method::Get);
            return;
        }
    };
    // DNS rebinding: a page of another site whose name now points at
    // 127.0.0.1 must not read this one.
    if !req.host.as_deref().is_none_or(http::loopback_host) {
        let _ = Response::text(
            "421 Misdirected Request",
            "errbook serve answers only to localhost, 127.0.0.1 and [::1]\n",
        )
        .write(&stream, req.method);
        return;
    }
    if req.path == EVENTS {
        return events(shared, stream);
    }
    let _ = respond(shared, &req.path).write(&stream, req.method);
}

/// The answer to a request for `path`.
fn respond(shared: &Shared, path: &str) -> Response {
    match path {
        RELOAD_JS => {
            return Response::new(
                "200 OK",
                "text/javascript; charset=utf-8",
                include_bytes!("reload.js").to_vec(),
            )
        }
        OVERLAY_CSS => {
            return Response::new(
                "200 OK",
                "text/css; charset=utf-8",
                include_bytes!("overlay.css").to_vec(),
            )
        }
        p if p.starts_with(PREFIX) => return not_found(shared, path),
        _ => {}
    }
    match http::resolve(&shared.root, path) {
        Target::File(file) => match std::fs::read(&file) {
            Ok(body) => {
                let ct = http::content_type(&file);
                let body = if ct.starts_with("text/html") {
                    let st = lock(&shared.state);
                    inject(
                        &String::from_utf8_lossy(&body),
                        st.version,
                        st.problems.as_deref(),
                    )
                    .into_bytes()
                } else {
                    body
                };
                Response::new("200 OK", ct, body)
            }
            // Replaced or removed by a rebuild between resolving and reading.
            Err(_) => not_found(shared, path),
        },
        Target::Redirect(to) => {
            let mut r = Response::text("301 Moved Permanently", &format!("see {to}\n"));
            r.headers.push(("Location", to));
            r
        }
        Target::NotFound => not_found(shared, path),
    }
}

fn not_found(shared: &Shared, path: &str) -> Response {
    let building = !lock(&shared.state).built;
    let built = shared.root.join("index.html").is_file();
    let (status, title, text) = if building {
        (
            "503 Service Unavailable",
            "Building…",
            "errbook serve is building the site; this page reloads when it is done.".to_owned(),
        )
    } else if built {
        (
            "404 Not Found",
            "Not found",
            format!(
                "The site has no <code>{}</code>. Go to <a href=\"/\">the start page</a> or \
                 <a href=\"/status.html\">the translation status</a>.",
                escape(path)
            ),
        )
    } else {
        (
            "404 Not Found",
            "Not built yet",
            "The site has not been built yet: the build failed. Fix what is shown below and \
             save; this page reloads."
                .to_owned(),
        )
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<title>{title}</title>\n</head>\n\
         <body>\n<main>\n<h1>{title}</h1>\n<p>{text}</p>\n</main>\n</body>\n</html>\n"
    );
    let st = lock(&shared.state);
    let mut r = Response::new(
        status,
        "text/html; charset=utf-8",
        inject(&page, st.version, st.problems.as_deref()).into_bytes(),
    );
    if building {
        r.headers.push(("Retry-After", "1".to_owned()));
    }
    r
}

/// Streams reload events to one page until it goes away.
fn events(shared: &Shared, mut stream: TcpStream) {
    let (tx, rx) = mpsc::channel();
    let version = {
        // Registered under the state's lock, so no reload falls between
        // the version sent and the subscription.
        let st = lock(&shared.state);
        lock(&shared.clients).push(tx);
        st.version
    };
    let hello = format!(
        "{}retry: 1000\nevent: version\ndata: {version}\n\n",
        http::EVENT_STREAM_HEAD
    );
    if stream
        .write_all(hello.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(v) => format!("event: reload\ndata: {v}\n\n"),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if stream
            .write_all(msg.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

/// An HTML page as served: the reload script, the banner of a failed build,
/// and a Content-Security-Policy that lets the script reach the server.
pub fn inject(html: &str, version: u64, problems: Option<&str>) -> String {
    let mut out = allow_connect(html);
    if let Some(p) = problems {
        let banner = format!(
            "\n<div class=\"errbook-serve-banner\" id=\"errbook-serve-banner\" role=\"alert\">\
             <link rel=\"stylesheet\" href=\"{OVERLAY_CSS}\">\
             <p><strong>errbook serve: the last change does not build.</strong> \
             This is the last good build; fix what is below and save. \
             <button type=\"button\" data-errbook-dismiss>Hide</button></p>\
             <pre>{}</pre></div>\n",
            escape(p.trim_end())
        );
        let at = body_start(&out).unwrap_or(0);
        out.insert_str(at, &banner);
    }
    let script = format!("<script src=\"{RELOAD_JS}\" data-version=\"{version}\"></script>\n");
    let at = out
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(out.len());
    out.insert_str(at, &script);
    out
}

/// The page with `connect-src 'self'` first in its CSP `<meta>` (the first
/// of two same directives wins, so a stricter one later is overridden).
fn allow_connect(html: &str) -> String {
    // ASCII-only lowercasing keeps the byte offsets of the original.
    let lower = html.to_ascii_lowercase();
    let Some(meta) = lower.find("http-equiv=\"content-security-policy\"") else {
        return html.to_owned();
    };
    let tag_start = lower[..meta].rfind('<').unwrap_or(0);
    let tag_end = lower[meta..].find('>').map_or(lower.len(), |i| meta + i);
    let Some(content) = lower[tag_start..tag_end].find("content=\"") else {
        return html.to_owned();
    };
    let at = tag_start + content + "content=\"".len();
    let mut out = html.to_owned();
    out.insert_str(at, "connect-src 'self'; ");
    out
}

/// Just after the `<body …>` tag.
fn body_start(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<body")?;
    Some(start + lower[start..].find('>')? + 1)
}

/// HTML-escapes text (as Tera escapes the pages).
fn escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let _ = tera::escape_html(s, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html><head>\n<meta http-equiv=\"Content-Security-Policy\" \
        content=\"default-src 'none'; script-src 'self'\">\n</head>\n<BODY class=\"x\">\n<p>hi</p>\n</BODY>\n</html>\n";

    #[test]
    fn injects_the_script_and_opens_the_policy() {
        let out = inject(PAGE, 7, None);
        assert!(
            out.contains("content=\"connect-src 'self'; default-src 'none'; script-src 'self'\"")
        );
        assert!(out.contains(
            "<script src=\"/__errbook/reload.js\" data-version=\"7\"></script>\n</BODY>"
        ));
        assert!(!out.contains("errbook-serve-banner"));
        // A page without a policy or a body still gets the script.
        let bare = inject("<p>x</p>", 1, None);
        assert!(
            bare.ends_with("<script src=\"/__errbook/reload.js\" data-version=\"1\"></script>\n")
        );
    }

    #[test]
    fn failed_accepts_back_off_and_a_success_resets_the_pause() {
        use std::io::{Error, ErrorKind};
        // 9 failures (out of file descriptors), a connection, 2 failures,
        // then the listener is gone.
        let mut script: std::collections::VecDeque<std::io::Result<u32>> = (0..9)
            .map(|_| Err(Error::from_raw_os_error(24)))
            .chain([Ok(7)])
            .chain((0..2).map(|_| Err(Error::from(ErrorKind::ConnectionAborted))))
            .collect();
        let mut pauses = Vec::new();
        let mut served = Vec::new();
        accept_loop(
            || script.pop_front(),
            |d| pauses.push(d.as_millis()),
            |c| served.push(c),
        );
        assert_eq!(served, [7]);
        assert_eq!(pauses, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 10, 20]);
        // Every failure pauses: a listener that only fails never spins.
        let mut n = 0;
        let mut asked = Duration::ZERO;
        accept_loop(
            || {
                n += 1;
                (n <= 1000).then(|| Err::<(), _>(Error::from_raw_os_error(24)))
            },
            |d| asked += d,
            |()| unreachable!(),
        );
        assert!(asked >= Duration::from_secs(990), "{asked:?}");
    }

    #[test]
    fn a_request_head_has_one_deadline_however_its_bytes_trickle() {
        use std::io::Read;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut c = std::net::TcpStream::connect(addr).unwrap();
            use std::io::Write;
            let _ = c.write_all(b"GET / HT");
            // Then nothing more until the server gives up.
            let mut buf = [0u8; 1];
            let _ = c.read(&mut buf);
        });
        let (stream, _) = listener.accept().unwrap();
        // A deadline already past: no read is even tried.
        let mut late = Deadline {
            stream: &stream,
            until: std::time::Instant::now(),
        };
        let e = late.read(&mut [0u8; 16]).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
        // A near one: what was sent is read, then the wait for the rest
        // ends (bounded by the deadline, not by the client).
        let head = Deadline {
            stream: &stream,
            until: std::time::Instant::now() + Duration::from_millis(200),
        };
        assert!(matches!(http::read_request(head), Err(BadRequest::Gone)));
        drop(stream);
        client.join().unwrap();
    }

    #[test]
    fn slots_cap_the_connections() {
        let slots = Slots::new(MAX_CONNECTIONS);
        let mut taken: Vec<Slot> = (0..MAX_CONNECTIONS)
            .map(|_| slots.take().expect("a free slot"))
            .collect();
        assert_eq!(slots.used(), MAX_CONNECTIONS);
        assert!(slots.take().is_none());
        taken.pop();
        assert_eq!(slots.used(), MAX_CONNECTIONS - 1);
        let again = slots.take();
        assert!(again.is_some());
        assert!(slots.take().is_none());
        drop(taken);
        drop(again);
        assert_eq!(slots.used(), 0);
    }

    #[test]
    fn the_banner_escapes_the_diagnostics() {
        let out = inject(
            PAGE,
            1,
            Some("locales/en-US/errors.ftl:3:1: error: Fluent syntax error: <script>\n"),
        );
        let body = out.find("<BODY class=\"x\">").unwrap();
        let banner = out.find("errbook-serve-banner").unwrap();
        assert!(banner > body && banner < out.find("<p>hi</p>").unwrap());
        assert!(out.contains(
            "<pre>locales&#x2f;en-US&#x2f;errors.ftl:3:1: error: Fluent syntax error: &lt;script&gt;</pre>"
        ) || out.contains(
            "<pre>locales/en-US/errors.ftl:3:1: error: Fluent syntax error: &lt;script&gt;</pre>"
        ), "{out}");
        assert!(!out.contains("<script>"));
    }
}
