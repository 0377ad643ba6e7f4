//! Locales: the Fluent files under `locales/<tag>/`, how they are read,
//! generated, synced with the source and written.

pub mod escape;
pub mod ftl;
pub mod generate;
pub mod sync;
