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

/// A request's method and decoded path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET` or `HEAD` (others are answered 405 before this is made).
    pub method: Method,
    /// The path, percent-decoded, without query or fragment; starts with `/`.
    pub path: String,
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
    // Skip the headers: nothing in them changes the answer.
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => return Err(BadRequest::Gone),
            Ok(_) if h == "\r\n" || h == "\n" => break,
            Ok(_) => {}
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
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') {
        return Err(BadRequest::Malformed);
    }
    let path = percent_decode(raw).ok_or(BadRequest::Malformed)?;
    Ok(Request { method, path })
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
    /// that the page's relative links resolve.
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
            return Target::Redirect(format!("{path}/"));
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
                path: "/ja-JP/index.html".to_owned()
            })
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
