//! Progress of the steps that can take a while (reading many locale files,
//! rendering many pages), told to whoever watches: the CLI draws a bar on a
//! terminal and lists the items with `--verbose`; library callers that do
//! not care pass [`Silent`].

use std::fmt::Display;

/// Receives the progress of a long step. Every method has a default that
/// does nothing. `Sync` because rendering runs on a worker thread.
pub trait Progress: Sync {
    /// A step of `total` items begins (`what` is a short gerund: "reading
    /// locales").
    fn begin(&self, what: &str, total: usize) {
        let _ = (what, total);
    }
    /// One item of the current step is done; `item` names it (a path).
    fn item(&self, item: &dyn Display) {
        let _ = item;
    }
    /// The current step is over.
    fn end(&self) {}
}

/// Progress that nobody watches.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {}
