//! errbook: a Chinese error-code table as the source locale of a Fluent
//! catalog. The pipeline runs one way: [`source`] reads the Markdown table
//! into a [`catalog::Catalog`], [`locale`] reads, syncs and writes the Fluent
//! files, [`check`] compares them, [`render`] makes the site, and the
//! commands in [`cmd`] put the stages together for the CLI ([`serve`] is
//! the preview server of `errbook serve`).

pub mod catalog;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod fsio;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod locale;
pub mod progress;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod ui;
pub mod utf8;

/// A short, lowercase reason for an I/O error, for diagnostics.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".to_owned(),
        PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            // "Is a directory (os error 21)" → "is a directory (os error 21)"
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => s,
            }
        }
    }
}
