//! Checks: the CI gate. Compares every locale with the source catalog and
//! reports each finding as a [`Diagnostic`](crate::diag::Diagnostic) of a
//! registered [`Check`].

pub mod locale;

pub use crate::registry::{self, Check};
