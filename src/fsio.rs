//! File writes that never leave a half-written file: the new content goes
//! to a temporary file in the same directory, which is then renamed over
//! the target. A file whose content is unchanged is not touched.

use std::io::Write;
use std::path::Path;

/// What [`write_atomic`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The file already had this content; nothing was written.
    Unchanged,
    /// The file was created or replaced.
    Changed,
}

/// Why a write failed; the previous file, if any, is intact.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target is read-only: errbook does not replace it.
    #[error("{path} is read-only; not rewritten")]
    ReadOnly {
        /// The target.
        path: String,
    },
    /// An I/O error.
    #[error("cannot write {path}: {reason}")]
    Io {
        /// The target.
        path: String,
        /// Why.
        reason: String,
    },
}

/// Writes `contents` to `path` atomically (temporary file + rename), keeping
/// the permissions of the file it replaces.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<Written, WriteError> {
    let io = |e: std::io::Error| WriteError::Io {
        path: path.display().to_string(),
        reason: crate::io_reason(&e),
    };
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing {
        if meta.permissions().readonly() {
            return Err(WriteError::ReadOnly {
                path: path.display().to_string(),
            });
        }
        if meta.len() == contents.len() as u64
            && std::fs::read(path).is_ok_and(|old| old == contents)
        {
            return Ok(Written::Unchanged);
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".errbook-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    let perms = match &existing {
        Some(meta) => meta.permissions(),
        None => default_permissions(),
    };
    tmp.as_file().set_permissions(perms).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(Written::Changed)
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .expect("temporary file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_skips_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ftl");
        assert_eq!(write_atomic(&p, b"x").unwrap(), Written::Changed);
        assert_eq!(write_atomic(&p, b"x").unwrap(), Written::Unchanged);
        assert_eq!(write_atomic(&p, b"y").unwrap(), Written::Changed);
        assert_eq!(std::fs::read(&p).unwrap(), b"y");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn failure_leaves_previous_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ftl");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        let r = write_atomic(&p, b"new");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        // As root the directory's mode does not stop the write; either way
        // the file is whole.
        let now = std::fs::read_to_string(&p).unwrap();
        assert!(r.is_err() && now == "old" || r.is_ok() && now == "new");
    }
}
