//! The connection over stdin and stdout: lsp-server's messages, framed by
//! `Content-Length` headers, read with a bound on a message's size, and
//! past a message that is not one (which is reported to the client's log
//! rather than ending the session).

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use lsp_server::{Connection, Message, Notification};

/// The threads that read stdin and write stdout.
pub struct Io {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

impl Io {
    /// Waits for both threads (the reader ends at `exit` or the end of
    /// stdin, the writer once every sender is dropped).
    pub fn join(self) -> io::Result<()> {
        let _ = self.reader.join();
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer panicked")))
    }
}

/// A connection over stdio whose messages are at most `max` bytes.
pub fn stdio(max: usize) -> (Connection, Io) {
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::bounded::<Message>(0);
    let writer = std::thread::spawn(move || {
        let stdout = io::stdout();
        let mut w = stdout.lock();
        for m in outgoing {
            m.write(&mut w)?;
            w.flush()?;
        }
        Ok(())
    });
    let log = to_client.clone();
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut r = stdin.lock();
        read_all(&mut r, max, &incoming, &log);
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Io { reader, writer },
    )
}

/// Reads messages until `exit` or the end of the input, handing each to
/// `incoming`; what cannot be read is said to the client's log.
pub fn read_all(
    r: &mut impl BufRead,
    max: usize,
    incoming: &crossbeam_channel::Sender<Message>,
    log: &crossbeam_channel::Sender<Message>,
) {
    loop {
        let body = match read_frame(r, max) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(Frame::TooLarge(n)) => {
                tell(log, &format!("a message of {n} bytes is over errbook's limit of {max} bytes; it was skipped"));
                continue;
            }
            Err(Frame::Header(line)) => {
                tell(log, &format!("a message header errbook cannot read (`{line}`); the rest of the input cannot be read"));
                return;
            }
            Err(Frame::Io) => return,
        };
        match serde_json::from_slice::<Message>(&body) {
            Ok(m) => {
                let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                if incoming.send(m).is_err() || exit {
                    return;
                }
            }
            Err(e) => tell(
                log,
                &format!("a message that is not a JSON-RPC message was skipped: {e}"),
            ),
        }
    }
}

/// Why a frame could not be read.
enum Frame {
    /// Its `Content-Length` is over the limit (its body was skipped).
    TooLarge(usize),
    /// A header line that is not `Name: value`, or no length.
    Header(String),
    /// The input failed or ended inside a message.
    Io,
}

/// The body of the next message; `None` at the end of the input.
fn read_frame(r: &mut impl BufRead, max: usize) -> Result<Option<Vec<u8>>, Frame> {
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        // A header line longer than this is not a header.
        let n = r
            .by_ref()
            .take(1024)
            .read_until(b'\n', &mut line)
            .map_err(|_| Frame::Io)?;
        if n == 0 {
            return if first { Ok(None) } else { Err(Frame::Io) };
        }
        first = false;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(Frame::Header(text.chars().take(80).collect()));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n: usize = value
                .trim()
                .parse()
                .map_err(|_| Frame::Header(text.chars().take(80).collect()))?;
            length = Some(n);
        }
    }
    let Some(n) = length else {
        return Err(Frame::Header("no Content-Length".to_owned()));
    };
    if n > max {
        let skipped =
            io::copy(&mut r.by_ref().take(n as u64), &mut io::sink()).map_err(|_| Frame::Io)?;
        return if skipped as usize == n {
            Err(Frame::TooLarge(n))
        } else {
            Err(Frame::Io)
        };
    }
    let mut body = vec![0; n];
    r.read_exact(&mut body).map_err(|_| Frame::Io)?;
    Ok(Some(body))
}

/// Says `what` in the client's log of the server.
fn tell(log: &crossbeam_channel::Sender<Message>, what: &str) {
    let params = lsp_types::LogMessageParams {
        typ: lsp_types::MessageType::ERROR,
        message: format!("errbook lsp: {what}"),
    };
    let _ = log.send(Notification::new("window/logMessage".to_owned(), params).into());
    let _ = writeln!(io::stderr(), "errbook lsp: {what}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8], max: usize) -> (Vec<Message>, Vec<Message>) {
        let (in_tx, in_rx) = crossbeam_channel::unbounded();
        let (log_tx, log_rx) = crossbeam_channel::unbounded();
        read_all(&mut io::Cursor::new(input), max, &in_tx, &log_tx);
        drop((in_tx, log_tx));
        (in_rx.into_iter().collect(), log_rx.into_iter().collect())
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_bad_or_oversized_message_is_skipped_and_the_next_read() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let huge = format!(
            "{{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"{}\"}}",
            "a".repeat(500)
        );
        let input = [
            frame("{bad}"),
            frame("[]"),
            frame(&huge),
            // A header ended by `\n` alone.
            format!("Content-Length: {}\n\n{ok}", ok.len()),
            frame(ok),
        ]
        .concat();
        let (read, logged) = frames(input.as_bytes(), 400);
        assert_eq!(read.len(), 2, "{read:?}");
        assert_eq!(logged.len(), 3, "{logged:?}");
        let said = format!("{logged:?}");
        assert!(said.contains("over errbook's limit"), "{said}");
    }

    #[test]
    fn a_length_the_size_of_memory_allocates_nothing() {
        let input = b"Content-Length: 99999999999999\r\n\r\n{}";
        let (read, logged) = frames(input, 1 << 20);
        assert!(read.is_empty());
        // The input ends inside the message: nothing more to read.
        assert!(logged.is_empty(), "{logged:?}");
    }
}
