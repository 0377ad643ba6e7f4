#![doc = include_str!("../README.md")]
//!
//! errbook's core: a Chinese error-code table as the source locale of a
//! Fluent catalog. The pipeline runs one way: [`source`] reads the Markdown
//! table into a [`catalog::Catalog`], [`locale`] reads, syncs and writes the
//! Fluent files, and [`check`] compares them, reporting through [`diag`];
//! [`project`] loads a project ([`config`]) for all of them. The `errbook`
//! command line, its site renderer and an app's build script
//! (`errbook-messages-build`) are built on it.

pub mod catalog;
pub mod check;
pub mod config;
pub mod diag;
pub mod fsio;
pub mod ftl;
pub mod input;
pub mod locale;
pub mod progress;
pub mod project;
pub mod qa;
pub mod registry;
pub mod run;
pub mod source;
pub mod standing;
pub mod tag;
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
