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
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
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

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
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

impl Server {
    /// Listens on `127.0.0.1:port` (0: a free port) and serves `root` from
    /// a thread of its own, one thread per connection.
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
        let s = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = Arc::clone(&s);
                std::thread::spawn(move || handle(&s, stream));
            }
        });
        Ok(Server { addr, shared })
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Sets what the pages show besides the site (`problems`: the
    /// diagnostics of a failed build, `None` once a build succeeds) and
    /// tells every open page to reload.
    pub fn reload(&self, problems: Option<String>) {
        let version = {
            let mut st = lock(&self.shared.state);
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

fn handle(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let req = match http::read_request(&stream) {
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
    let built = shared.root.join("index.html").is_file();
    let (title, text) = if built {
        (
            "Not found",
            format!(
                "The site has no <code>{}</code>. Go to <a href=\"/\">the start page</a> or \
                 <a href=\"/status.html\">the translation status</a>.",
                escape(path)
            ),
        )
    } else {
        (
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
    Response::new(
        "404 Not Found",
        "text/html; charset=utf-8",
        inject(&page, st.version, st.problems.as_deref()).into_bytes(),
    )
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
