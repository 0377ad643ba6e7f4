//! errbook: a Chinese error-code table as the source locale of a Fluent
//! catalog. The stages are in the core crate ([`errbook_core`], re-exported
//! here): [`source`] reads the Markdown table into a [`catalog::Catalog`],
//! [`locale`] reads, syncs and writes the Fluent files, [`check`] compares
//! them. This crate adds what the command line needs: [`render`] makes the
//! site, [`xliff`] exchanges translations with translation tools, the
//! commands in [`cmd`] put the stages together, and [`serve`] is the preview
//! server of `errbook serve`.

pub use errbook_core::{
    catalog, check, config, diag, fsio, ftl, input, io_reason, locale, progress, project, qa,
    registry, run, source, standing, tag, utf8,
};

pub mod cli;
pub mod cmd;
pub mod exchange;
#[doc(hidden)]
pub mod fuzzing;
pub mod lsp;
pub mod po;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod ui;
pub mod xliff;
