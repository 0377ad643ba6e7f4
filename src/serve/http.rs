//! Just enough HTTP/1.1 for a preview server on the loopback interface:
//! read one request head, map its path to a file of the site without ever
//! leaving the site's directory, and write one response, then close the
//! connection.
//!
//! Why not a crate: a reload channel needs a response that stays open and
//! is flushed event by event (Server-Sent Events). The small synchronous
//! servers (tiny_http) buffer a streamed body into 8 KiB chunks, and the
//! asynchronous ones bring a runtime that costs more to build than all of
//! errbook. A `GET`-only, one-request-per-connection server is a page of
//! code, and every line of it is tested.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// The longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;

/// A request's method, decoded path and `Host`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET` or `HEAD` (others are answered 405 before this is made).
    pub method: Method,
    /// The path, percent-decoded, without query or fragment; starts with `/`.
    pub path: String,
    /// The `Host` header, as sent; `None` only for HTTP/1.0 without one
    /// (HTTP/1.1 requires it: a request without is malformed).
    pub host: Option<String>,
}

/// The methods served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Send the body.
    Get,
    /// Send the headers only.
    Head,
}

/// Why a request could not be read; each maps to a status.
#[derive(Debug, PartialEq, Eq)]
pub enum BadRequest {
    /// The connection closed or timed out before a whole head: no answer.
    Gone,
    /// A method other than GET and HEAD: 405.
    Method,
    /// Anything else malformed: 400.
    Malformed,
}

/// Reads a request head from `stream`.
pub fn read_request(stream: impl Read) -> Result<Request, BadRequest> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) | Err(_) => return Err(BadRequest::Gone),
        Ok(_) => {}
    }
    // Of the headers, only `Host` changes the answer; two of them are
    // malformed (which one would count?).
    let mut host: Option<String> = None;
    let mut hosts = 0;
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => return Err(BadRequest::Gone),
            Ok(_) if h == "\r\n" || h == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = h.split_once(':') {
                    if name.eq_ignore_ascii_case("host") {
                        hosts += 1;
                        host = Some(value.trim().to_owned());
                    }
                }
            }
        }
    }
    let mut parts = line.trim_end().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BadRequest::Malformed);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(BadRequest::Malformed);
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(BadRequest::Method),
    };
    if hosts > 1 || (host.is_none() && version != "HTTP/1.0") {
        return Err(BadRequest::Malformed);
    }
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') {
        return Err(BadRequest::Malformed);
    }
    let path = percent_decode(raw).ok_or(BadRequest::Malformed)?;
    Ok(Request { method, path, host })
}

/// Whether a `Host` header names this machine's loopback interface:
/// `localhost`, `127.x.y.z` or `[::1]`, each with or without a port, in any
/// case. Any other name may be one that an attacker's DNS points at
/// 127.0.0.1 (DNS rebinding), which would give their page this server's
/// origin: such requests are refused.
pub fn loopback_host(host: &str) -> bool {
    // The name, and what follows it: nothing, or `:` and the port.
    let (name, rest, bracketed) = match host.strip_prefix('[') {
        Some(inner) => match inner.split_once(']') {
            Some((ip, rest)) => (ip, rest, true),
            None => return false,
        },
        None => match host.find(':') {
            Some(at) => (&host[..at], &host[at..], false),
            None => (host, "", false),
        },
    };
    let port_ok = rest.is_empty()
        || rest
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !port_ok {
        return false;
    }
    if bracketed {
        return name
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    }
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Percent-encodes a path segment for a `Location` header: everything but
/// the unreserved characters, so that no header can be ended or added.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a bad escape or bytes that are not
/// UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file to send.
    File(PathBuf),
    /// A directory asked for without its trailing `/`: redirect there, so
    /// that the page's relative links resolve. Always an absolute path with
    /// one leading `/` (never `//host`, which a browser takes for another
    /// site), its segments percent-encoded.
    Redirect(String),
    /// Nothing (or something that is not the site's to show).
    NotFound,
}

/// Maps a decoded request path to a file under `root`. Refuses, as not
/// found, every path that could leave `root`: `..` and `.` segments,
/// backslashes, drive letters, NUL, hidden names (`.errbook-manifest`,
/// temporary files) and symbolic links that point outside.
pub fn resolve(root: &Path, path: &str) -> Target {
    let mut file = root.to_path_buf();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for s in &segments {
        if s.starts_with('.') || s.contains(['\\', ':', '\0']) {
            return Target::NotFound;
        }
        file.push(s);
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            // Rebuilt from the segments: empty ones (`//x`, `/%2F%2Fx`) go.
            let mut to = String::from("/");
            for s in &segments {
                to.push_str(&percent_encode(s));
                to.push('/');
            }
            return Target::Redirect(to);
        }
        file.push("index.html");
    }
    // Symbolic links inside the site are followed only when they stay in it.
    match (file.canonicalize(), root.canonicalize()) {
        (Ok(f), Ok(r)) if f.starts_with(&r) && f.is_file() => Target::File(file),
        _ => Target::NotFound,
    }
}

/// The `Content-Type` of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A whole response.
#[derive(Debug)]
pub struct Response {
    /// `200 OK`, `404 Not Found` …
    pub status: &'static str,
    /// Extra headers besides the ones every response has.
    pub headers: Vec<(&'static str, String)>,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body.
    pub fn new(status: &'static str, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            content_type,
            body,
        }
    }

    /// A plain-text response (errors that no page shows).
    pub fn text(status: &'static str, body: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }

    /// Writes the response; `HEAD` gets the headers only.
    pub fn write(&self, mut w: impl Write, method: Method) -> std::io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        w.write_all(head.as_bytes())?;
        if method == Method::Get {
            w.write_all(&self.body)?;
        }
        w.flush()
    }
}

/// The head of an event stream: no length, the body runs until the
/// connection closes.
pub const EVENT_STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
     Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn req(head: &str) -> Result<Request, BadRequest> {
        read_request(head.as_bytes())
    }

    #[test]
    fn reads_the_request_line() {
        assert_eq!(
            req("GET /ja-JP/index.html?x=1#y HTTP/1.1\r\nHost: a\r\n\r\n"),
            Ok(Request {
                method: Method::Get,
                path: "/ja-JP/index.html".to_owned(),
                host: Some("a".to_owned()),
            })
        );
        // HTTP/1.1 needs one Host; HTTP/1.0 may go without.
        assert_eq!(req("GET / HTTP/1.1\r\n\r\n"), Err(BadRequest::Malformed));
        assert_eq!(
            req("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"),
            Err(BadRequest::Malformed)
        );
        assert_eq!(req("GET / HTTP/1.0\r\n\r\n").unwrap().host, None);
        assert_eq!(
            req("GET / HTTP/1.1\r\nHOST:  [::1]:80 \r\n\r\n")
                .unwrap()
                .host,
            Some("[::1]:80".to_owned())
        );
        assert_eq!(
            req("HEAD /%E6%97%A5%20x HTTP/1.0\r\n\r\n").unwrap().path,
            "/日 x"
        );
        assert_eq!(req("POST / HTTP/1.1\r\n\r\n"), Err(BadRequest::Method));
        assert_eq!(req("GET / SPDY\r\n\r\n"), Err(BadRequest::Malformed));
        assert_eq!(
            req("GET http://x/ HTTP/1.1\r\n\r\n"),
            Err(BadRequest::Malformed)
        );
        assert_eq!(req("GET /%zz HTTP/1.1\r\n\r\n"), Err(BadRequest::Malformed));
        assert_eq!(req("GET /%ff HTTP/1.1\r\n\r\n"), Err(BadRequest::Malformed));
        assert_eq!(req("GET / HTTP/1.1\r\n"), Err(BadRequest::Gone));
        assert_eq!(req(""), Err(BadRequest::Gone));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(req(&huge), Err(BadRequest::Gone));
    }

    #[test]
    fn resolves_only_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("ja-JP")).unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join("ja-JP/index.html"), "j").unwrap();
        std::fs::write(root.join(".errbook-manifest"), "m").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/ja-JP/"),
            Target::File(root.join("ja-JP/index.html"))
        );
        assert_eq!(
            resolve(&root, "/ja-JP"),
            Target::Redirect("/ja-JP/".to_owned())
        );
        // However many slashes lead, the redirect is to a path on this
        // server, never `//host/`.
        assert_eq!(
            resolve(&root, "//ja-JP"),
            Target::Redirect("/ja-JP/".to_owned())
        );
        assert_eq!(
            resolve(&root, "////ja-JP"),
            Target::Redirect("/ja-JP/".to_owned())
        );
        // Percent-encoded: no name can end the header or add one.
        std::fs::create_dir_all(root.join("a b%日")).unwrap();
        assert_eq!(
            resolve(&root, "//a b%日"),
            Target::Redirect("/a%20b%25%E6%97%A5/".to_owned())
        );
        #[cfg(unix)]
        {
            std::fs::create_dir_all(root.join("a\r\nX-Y")).unwrap();
            assert_eq!(
                resolve(&root, "/a\r\nX-Y"),
                Target::Redirect("/a%0D%0AX-Y/".to_owned())
            );
        }
        for bad in [
            "/../secret.txt",
            "/ja-JP/../../secret.txt",
            "/./index.html",
            "/.errbook-manifest",
            "/..\\secret.txt",
            "/C:/secret.txt",
            "/nope.html",
            "/index.html\0",
        ] {
            assert_eq!(resolve(&root, bad), Target::NotFound, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Target::NotFound);
        }
    }

    #[test]
    fn only_loopback_hosts() {
        for yes in [
            "localhost",
            "LocalHost:4000",
            "127.0.0.1",
            "127.0.0.1:4000",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:4000",
            "[0:0:0:0:0:0:0:1]:1",
        ] {
            assert!(loopback_host(yes), "{yes}");
        }
        for no in [
            "",
            "evil.com",
            "evil.com:4000",
            "127.0.0.1.evil.com",
            "127.0.0.1.evil.com:4000",
            "localhost.evil.com",
            "evil-localhost",
            "localhost:",
            "localhost:80x",
            "localhost:80:80",
            "127.0.0.1:4000@evil.com",
            "127.1",
            "0x7f.0.0.1",
            "10.0.0.1",
            "0.0.0.0",
            "[::1",
            "[::1]x",
            "[::2]:80",
            "::1",
            "[::ffff:127.0.0.1]",
        ] {
            assert!(!loopback_host(no), "{no}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("b.SVG")), "image/svg+xml");
        assert_eq!(content_type(Path::new("errors.json")), "application/json");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }

    #[test]
    fn head_has_no_body() {
        let r = Response::text("404 Not Found", "gone");
        let mut out = Vec::new();
        r.write(&mut out, Method::Head).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(s.contains("Content-Length: 4\r\n"));
        assert!(s.ends_with("\r\n\r\n"));
    }
}
