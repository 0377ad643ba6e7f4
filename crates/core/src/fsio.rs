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
    /// The target exists and the write must not replace it.
    #[error("{path} exists; not overwritten")]
    Exists {
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

/// Failures to inject into [`write_atomic_with`], for tests that prove a
/// failed write leaves the previous file intact.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Faults {
    /// Fail (as a full disk would) after writing this many bytes.
    pub fail_after: Option<usize>,
    /// Fail after writing everything, before the rename.
    pub fail_before_rename: bool,
}

/// Writes `contents` to `path` atomically (temporary file + rename), keeping
/// the permissions of the file it replaces.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<Written, WriteError> {
    write_atomic_with(path, contents, Faults::default())
}

/// [`write_atomic`] with injected failures.
#[doc(hidden)]
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    faults: Faults,
) -> Result<Written, WriteError> {
    match stage_with(path, contents, faults, None)?
        .map(Staged::synced)
        .transpose()?
    {
        None => Ok(Written::Unchanged),
        Some(staged) => {
            if faults.fail_before_rename {
                return Err(WriteError::Io {
                    path: path.display().to_string(),
                    reason: "injected failure before rename".to_owned(),
                });
            }
            staged.commit()?;
            Ok(Written::Changed)
        }
    }
}

/// [`write_atomic`] of a locale file, which the project's translators own:
/// never through a link (that could overwrite the table, another locale or
/// a file outside the project), nor over one (a copy would leave the link's
/// target stale), and never into a directory that leads outside `within`
/// (the project's root and its locales directory).
pub fn write_locale(path: &Path, contents: &[u8], within: &[&Path]) -> Result<Written, WriteError> {
    check_locale_path(path, within)?;
    write_atomic(path, contents)
}

/// Whether a locale file may be written at `path` (see [`write_locale`]):
/// not a link, in a directory inside `within`.
pub fn check_locale_path(path: &Path, within: &[&Path]) -> Result<(), WriteError> {
    let refuse = |reason: String| WriteError::Io {
        path: path.display().to_string(),
        reason,
    };
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let target = std::fs::read_link(path)
            .map_or_else(|_| "somewhere".to_owned(), |t| t.display().to_string());
        return Err(refuse(format!(
            "it is a link to {target}; errbook neither writes through a link nor replaces one: \
             replace the link with the file itself"
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(real) = std::fs::canonicalize(dir) {
            let inside = within
                .iter()
                .filter_map(|w| std::fs::canonicalize(w).ok())
                .any(|w| real.starts_with(w));
            if !inside {
                return Err(refuse(format!(
                    "its directory leads to {}, outside the project; not written",
                    real.display()
                )));
            }
        }
    }
    Ok(())
}

/// New content written in full next to its target, not yet in place: the
/// first half of [`write_atomic`], for a command that writes many files and
/// puts them in place only when all of them are ready (a build whose last
/// page fails leaves the previous site whole). Dropping it removes the
/// temporary file.
///
/// It holds the temporary file's path, not the file: a build stages every
/// page of a site before it commits any, and a site has more pages than a
/// process may have files open.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::TempPath,
    path: std::path::PathBuf,
}

impl Staged {
    /// Flushes the new content to the disk (a file staged alone; many are
    /// flushed together by [`Flush::all`]).
    pub fn synced(self) -> Result<Staged, WriteError> {
        self.sync().map_err(io_error(&self.path))?;
        Ok(self)
    }

    /// Flushes the temporary file's content to the disk, through a handle
    /// opened for it (for writing: some systems flush only through one).
    fn sync(&self) -> std::io::Result<()> {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&self.tmp)?
            .sync_all()
    }

    /// Renames the new content over the target (creating its directory).
    pub fn commit(self) -> Result<(), WriteError> {
        let path = self.path;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| WriteError::Io {
                path: dir.display().to_string(),
                reason: crate::io_reason(&e),
            })?;
        }
        self.tmp.persist(&path).map_err(|e| WriteError::Io {
            path: path.display().to_string(),
            reason: crate::io_reason(&e.error),
        })?;
        Ok(())
    }
}

/// Writes `contents` to a temporary file in `dir` (on the same file system
/// as `path`, so that [`Staged::commit`] is a rename), or returns `None`
/// when `path` already has exactly this content.
///
/// The content is not yet flushed to the disk: call [`Flush::all`] once
/// every file is staged, before committing any of them.
pub fn stage_in(path: &Path, contents: &[u8], dir: &Path) -> Result<Option<Staged>, WriteError> {
    stage_with(path, contents, Faults::default(), Some(dir))
}

/// A staging directory's handle for [`Flush::all`], opened before anything
/// is staged in it.
#[derive(Debug)]
pub struct Flush {
    dir: std::fs::File,
    path: std::path::PathBuf,
}

impl Flush {
    /// Opens `dir`. Open it before staging: on Linux the flush reports the
    /// write-back errors recorded since the handle was opened (Linux 5.8
    /// and later).
    pub fn open(dir: &Path) -> Result<Flush, WriteError> {
        let dir_file = std::fs::File::open(dir).map_err(io_error(dir))?;
        Ok(Flush {
            dir: dir_file,
            path: dir.to_path_buf(),
        })
    }

    /// Flushes the content of the files staged in the directory to the
    /// disk, so that committing them cannot leave an empty or partial file
    /// after a crash of the system. On Linux this is one `syncfs` of the
    /// directory's file system: a build stages thousands of files, and one
    /// flush of them all is a fraction of the time a flush of each takes;
    /// elsewhere each file is flushed.
    pub fn all<'a>(&self, staged: impl IntoIterator<Item = &'a Staged>) -> Result<(), WriteError> {
        let io = io_error(&self.path);
        #[cfg(target_os = "linux")]
        {
            let _ = staged;
            rustix::fs::syncfs(&self.dir).map_err(|e| io(e.into()))
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = &self.dir;
            for s in staged {
                s.sync().map_err(io)?;
            }
            Ok(())
        }
    }
}

/// [`stage_in`] with injected failures; staged beside `path` when `staging`
/// is `None`. The content goes through a [`StagingWriter`] that knows its
/// length: a file in place of another length is not read at all.
fn stage_with(
    path: &Path,
    contents: &[u8],
    faults: Faults,
    staging: Option<&Path>,
) -> Result<Option<Staged>, WriteError> {
    let dir = match staging {
        Some(d) => d,
        None => match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        },
    };
    let mut w = StagingWriter::open(path, dir, Some(contents.len() as u64))?;
    match faults.fail_after {
        Some(n) if n < contents.len() => {
            w.write_all(&contents[..n]).map_err(|e| w.failure(e))?;
            // Dropping the writer removes the partial file.
            return Err(io_error(path)(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device",
            )));
        }
        _ => w.write_all(contents).map_err(|e| w.failure(e))?,
    }
    w.finish()
}

/// [`stage_in`] for content made a piece at a time: what is written is
/// compared with the file already at `path` as it comes, and staged in
/// `dir` from the first byte that differs (with the equal part before it
/// copied from that file). Neither the content nor the file is held whole,
/// and a file whose content is unchanged is not written at all. The file in
/// place must not change meanwhile (a build holds its output's lock).
///
/// Write with [`std::io::Write`], then call [`StagingWriter::finish`]. After
/// a failed write every later call fails the same way, and dropping the
/// writer removes what it staged: the file in place is never touched.
#[derive(Debug)]
pub struct StagingWriter {
    path: std::path::PathBuf,
    dir: std::path::PathBuf,
    /// The file in place, while everything written so far equals its
    /// beginning.
    existing: Option<std::io::BufReader<std::fs::File>>,
    /// Its permissions, which the new file keeps.
    perms: std::fs::Permissions,
    /// Bytes written so far.
    written: u64,
    /// The new file, from the first difference on.
    tmp: Option<std::io::BufWriter<tempfile::NamedTempFile>>,
    /// Where the comparison reads the file in place.
    block: Vec<u8>,
    /// Why a write failed, once one has.
    failed: Option<String>,
}

impl StagingWriter {
    /// Starts the content of `path`, to be staged in `dir` if it differs.
    pub fn new(path: &Path, dir: &Path) -> Result<StagingWriter, WriteError> {
        StagingWriter::open(path, dir, None)
    }

    /// [`StagingWriter::new`] for content known to differ from the file in
    /// place: staged from the start, without comparing.
    pub fn replacing(path: &Path, dir: &Path) -> Result<StagingWriter, WriteError> {
        // No file has this length: the one in place is not read.
        StagingWriter::open(path, dir, Some(u64::MAX))
    }

    /// [`StagingWriter::new`] for content of a known length (`len`): when
    /// the file in place has another, the content is staged from the start
    /// without reading that file.
    fn open(path: &Path, dir: &Path, len: Option<u64>) -> Result<StagingWriter, WriteError> {
        let mut w = StagingWriter {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            existing: None,
            perms: default_permissions(),
            written: 0,
            tmp: None,
            block: Vec::new(),
            failed: None,
        };
        // The file in place, not what a link there points at: a link, a
        // FIFO or a device is not read (a FIFO would block), only
        // replaced by the rename.
        match std::fs::symlink_metadata(path).filter_file() {
            Ok(meta) if meta.permissions().readonly() => {
                return Err(WriteError::ReadOnly {
                    path: path.display().to_string(),
                })
            }
            Ok(meta) => {
                w.perms = meta.permissions();
                let open = if len.is_some_and(|l| l != meta.len()) {
                    Err(std::io::ErrorKind::InvalidData.into())
                } else {
                    std::fs::File::open(path)
                };
                match open {
                    Ok(f) => w.existing = Some(std::io::BufReader::with_capacity(1 << 16, f)),
                    Err(_) => w.diverge().map_err(|e| w.failure(e))?,
                }
            }
            Err(_) => w.diverge().map_err(|e| w.failure(e))?,
        }
        Ok(w)
    }

    /// The error of a failed write, for [`StagingWriter::finish`]'s caller.
    fn failure(&self, e: std::io::Error) -> WriteError {
        WriteError::Io {
            path: self.path.display().to_string(),
            reason: self.failed.clone().unwrap_or_else(|| crate::io_reason(&e)),
        }
    }

    /// Records that writing failed (`reason`), and returns it as an error.
    fn fail(&mut self, reason: String) -> std::io::Error {
        self.failed = Some(reason.clone());
        std::io::Error::other(reason)
    }

    /// From here on the content differs: start the new file with the part
    /// written so far, which is the beginning of the file in place.
    fn diverge(&mut self) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let tmp = match temp_in(&self.dir) {
            Ok(t) => t,
            Err(e) => {
                let reason = format!(
                    "cannot create a file in {}: {}",
                    self.dir.display(),
                    crate::io_reason(&e)
                );
                return Err(self.fail(reason));
            }
        };
        let mut tmp = std::io::BufWriter::with_capacity(1 << 16, tmp);
        if let Some(existing) = self.existing.as_mut() {
            let file = existing.get_mut();
            let copied = file
                .rewind()
                .and_then(|()| std::io::copy(&mut file.take(self.written), &mut tmp));
            let reason = match copied {
                Ok(n) if n == self.written => None,
                Ok(_) => Some("the file in place changed while it was compared; build again".to_owned()),
                Err(e) => Some(format!(
                    "cannot read the file in place to keep its unchanged part ({}); delete it and build again",
                    crate::io_reason(&e)
                )),
            };
            if let Some(reason) = reason {
                return Err(self.fail(reason));
            }
            self.existing = None;
        }
        self.tmp = Some(tmp);
        Ok(())
    }

    /// Whether the file in place goes on with exactly `buf`.
    fn continues_with(&mut self, buf: &[u8]) -> bool {
        use std::io::Read;
        let Some(existing) = self.existing.as_mut() else {
            return false;
        };
        self.block.resize(buf.len().min(1 << 16), 0);
        buf.chunks(self.block.len().max(1)).all(|piece| {
            let block = &mut self.block[..piece.len()];
            existing.read_exact(block).is_ok() && block == piece
        })
    }

    /// Stages the new content, or returns `None` when `path` already had
    /// exactly this content. Not yet flushed to the disk (see
    /// [`stage_in`]).
    pub fn finish(mut self) -> Result<Option<Staged>, WriteError> {
        use std::io::Read;
        let path = self.path.clone();
        let io = io_error(&path);
        if let Some(why) = &self.failed {
            return Err(WriteError::Io {
                path: path.display().to_string(),
                reason: why.clone(),
            });
        }
        if let Some(existing) = self.existing.as_mut() {
            let mut one = [0u8; 1];
            let at_end = loop {
                match existing.read(&mut one) {
                    Ok(n) => break n == 0,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break false,
                }
            };
            if at_end {
                return Ok(None);
            }
            // The file in place is longer.
            if let Err(e) = self.diverge() {
                return Err(self.failure(e));
            }
        }
        let Some(tmp) = self.tmp.take() else {
            // Not reached: without a file in place to match, the content
            // was staged from the start.
            return Err(io(std::io::Error::other("nothing was staged")));
        };
        let tmp = tmp.into_inner().map_err(|e| io(e.into_error()))?;
        tmp.as_file()
            .set_permissions(self.perms.clone())
            .map_err(io)?;
        // Closed here: see [`Staged`].
        let tmp = tmp.into_temp_path();
        Ok(Some(Staged { tmp, path }))
    }
}

impl Write for StagingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(why) = &self.failed {
            return Err(std::io::Error::other(why.clone()));
        }
        if self.tmp.is_none() && !self.continues_with(buf) {
            self.diverge()?;
        }
        if let Some(tmp) = self.tmp.as_mut() {
            if let Err(e) = tmp.write_all(buf) {
                // A gap in the content must not be papered over by a later
                // write.
                return Err(self.fail(crate::io_reason(&e)));
            }
        }
        self.written += buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Creates `path` with `contents`, atomically (temporary file + link), and
/// never over an existing file: when `path` exists, even if it appeared
/// after the caller looked, this fails with [`WriteError::Exists`] and
/// nothing changes.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let io = io_error(path);
    let mut tmp = temp_beside(path).map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.as_file()
        .set_permissions(default_permissions())
        .map_err(io)?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists {
                path: path.display().to_string(),
            }
        } else {
            io(e.error)
        }
    })?;
    Ok(())
}

/// Turns an I/O error about `path` into a [`WriteError`].
fn io_error(path: &Path) -> impl Fn(std::io::Error) -> WriteError + Copy + '_ {
    move |e| WriteError::Io {
        path: path.display().to_string(),
        reason: crate::io_reason(&e),
    }
}

/// A temporary file in the directory of `path` (so that renaming it onto
/// `path` is atomic), named so that [`remove_leftovers`] finds it.
fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    temp_in(dir)
}

/// A temporary file in `dir`, named so that [`remove_leftovers`] finds it.
fn temp_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".errbook-")
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Removes temporary files that a killed errbook left in `dir`
/// (`.errbook-*.tmp`). Call it only while holding the [`Lock`] of the tree.
pub fn remove_leftovers(dir: &Path) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".errbook-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The directory errbook keeps its own state in, inside the locales
/// directory it guards (`locales/.errbook/`). It ignores itself in git (it
/// holds a `.gitignore` of `*`), locale discovery skips hidden directories,
/// and `serve` does not watch it.
pub const STATE_DIR: &str = ".errbook";

/// The lock file's name in [`STATE_DIR`].
pub const LOCK_FILE: &str = "lock";

/// An exclusive lock on a project, so that two runs at once cannot
/// interleave their writes (`sync`, `import`, `build`).
///
/// There is one lock per project, keyed on the *canonical* locales
/// directory: `sync --locales ../P/locales` run from elsewhere, a path
/// through a link or with `..` all lock the same file, `.errbook/lock`
/// inside the canonical locales directory. It lives in the project, where
/// only those who can already write the project can create it, and is
/// opened without following a link. It is an OS file lock (`flock`), so a killed process
/// never leaves it held.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// Why a lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another errbook held it for longer than the wait allows.
    #[error("another errbook ({}) is still writing {dir} after {waited} s; try again when it has finished, or raise ERRBOOK_LOCK_TIMEOUT", holder_words(holder.as_deref()))]
    Busy {
        /// The directory.
        dir: String,
        /// The process holding the lock, as it recorded itself.
        holder: Option<String>,
        /// Seconds waited.
        waited: u64,
    },
    /// The lock file could not be opened.
    #[error("cannot lock {dir}: {reason}")]
    Io {
        /// The directory.
        dir: String,
        /// Why.
        reason: String,
        /// What kind of failure.
        kind: std::io::ErrorKind,
    },
}

/// `pid 1234`, or words saying the pid is not known.
pub fn holder_words(holder: Option<&str>) -> String {
    match holder {
        Some(pid) => format!("pid {pid}"),
        None => "whose pid is not recorded".to_owned(),
    }
}

/// The width the holder's pid is written at, padded, so that the file
/// never reads empty or half-written to a waiting process.
const PID_WIDTH: usize = 20;

impl LockError {
    /// The error of an I/O failure locking `dir`.
    fn io(dir: &str) -> impl Fn(std::io::Error) -> LockError + Copy + '_ {
        move |e| LockError::Io {
            dir: dir.to_owned(),
            reason: crate::io_reason(&e),
            kind: e.kind(),
        }
    }

    /// True when the lock could not be made because the project cannot be
    /// written (a read-only checkout): a command that only reads it may go
    /// on without.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self,
            LockError::Io {
                kind: std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem,
                ..
            }
        )
    }
}

impl Lock {
    /// Takes the lock of the project whose locales directory is `dir`
    /// (which must exist), waiting up to `wait` for another errbook to
    /// finish; `on_wait` is called once, when it has to wait, with the
    /// holder's pid when it could be read, so the user learns why nothing
    /// happens.
    pub fn acquire(
        dir: &Path,
        wait: std::time::Duration,
        on_wait: impl FnOnce(Option<&str>),
    ) -> Result<Lock, LockError> {
        let shown = dir.display().to_string();
        let io = LockError::io(&shown);
        let mut file = open_lock_file(dir).map_err(io)?;
        let start = std::time::Instant::now();
        let mut on_wait = Some(on_wait);
        wait_for(&file, &shown, wait, io, || {
            let holder = read_holder(&file);
            // A holder that has just taken the lock may not have written
            // its pid yet: ask again for a moment before saying it is
            // unknown.
            let patient =
                holder.is_none() && start.elapsed() < std::time::Duration::from_millis(500);
            if !patient {
                if let Some(f) = on_wait.take() {
                    f(holder.as_deref());
                }
            }
            holder
        })?;
        // Written over the old pid in one write, at a fixed width, then
        // cut to it: a reader sees one pid or the other, never nothing.
        let pid = format!("{:<PID_WIDTH$}\n", std::process::id());
        let written = write_at_start(&mut file, pid.as_bytes())
            .and_then(|()| file.set_len(pid.len() as u64))
            .and_then(|()| file.flush());
        written.map_err(io)?;
        Ok(Lock { _file: file })
    }
}

/// An exclusive lock on a directory itself (`flock` on the directory, no
/// file made anywhere): the directory a build's output and its staging
/// live in, so that two builds into one output directory, from two
/// projects, do not remove each other's staging.
#[derive(Debug)]
pub struct DirLock {
    _dir: std::fs::File,
}

impl DirLock {
    /// Takes the lock of `dir`, which must exist, waiting up to `wait`;
    /// `on_wait` is called once, when it has to wait.
    pub fn acquire(
        dir: &Path,
        wait: std::time::Duration,
        on_wait: impl FnOnce(),
    ) -> Result<DirLock, LockError> {
        let shown = dir.display().to_string();
        let io = LockError::io(&shown);
        let file = std::fs::File::open(dir).map_err(io)?;
        let mut on_wait = Some(on_wait);
        wait_for(&file, &shown, wait, io, || {
            if let Some(f) = on_wait.take() {
                f();
            }
            None
        })?;
        Ok(DirLock { _dir: file })
    }
}

/// Takes `file`'s OS lock, trying every 50 ms for up to `wait` (shown as
/// `shown` when it runs out); `waiting` is called each time the lock is
/// held by another, and says who that is, if it can.
fn wait_for(
    file: &std::fs::File,
    shown: &str,
    wait: std::time::Duration,
    io: impl Fn(std::io::Error) -> LockError,
    mut waiting: impl FnMut() -> Option<String>,
) -> Result<(), LockError> {
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = waiting();
                if start.elapsed() >= wait {
                    return Err(LockError::Busy {
                        dir: shown.to_owned(),
                        holder,
                        waited: wait.as_secs(),
                    });
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
    }
}

/// The pid recorded in the lock file, if one can be read.
fn read_holder(mut file: &std::fs::File) -> Option<String> {
    use std::io::{Read, Seek};
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(256).read_to_string(&mut text).ok()?;
    let pid = text.trim();
    let is_pid = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    // The pid of a process that has ended is a previous holder's (the
    // holder now may be a tool that writes none): not named.
    let proc = Path::new("/proc");
    let ended = is_pid && proc.join("self").exists() && !proc.join(pid).exists();
    (is_pid && !ended).then(|| pid.to_owned())
}

fn write_at_start(file: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Seek;
    file.rewind()?;
    file.write_all(bytes)
}

/// Where the lock of the locales directory `dir` is: `.errbook/lock`
/// inside its canonical path. Inside, not beside: that depends on nothing
/// but the directory (two commands that reach it by any path, from any
/// project root, find the same file), and it is never made in a shared
/// parent such as `/tmp` (`locales = "."` puts it at the project's root).
pub fn lock_path(dir: &Path) -> std::io::Result<std::path::PathBuf> {
    Ok(std::fs::canonicalize(dir)?.join(STATE_DIR).join(LOCK_FILE))
}

/// Opens (creating it if need be) the lock file of the locales directory
/// `dir` (see [`lock_path`]), refusing a state directory or a lock file
/// that is a link or not what it should be.
fn open_lock_file(dir: &Path) -> std::io::Result<std::fs::File> {
    use std::io::{Error, ErrorKind};
    let path = lock_path(dir)?;
    let state = path.parent().expect("a lock file has a directory");
    match std::fs::create_dir(state) {
        Ok(()) => {
            // The state directory ignores itself, so it never shows in git.
            let _ = std::fs::write(
                state.join(".gitignore"),
                "# errbook's lock; not part of the project\n*\n",
            );
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let meta = std::fs::symlink_metadata(state)?;
    if !meta.is_dir() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is {}, not errbook's own directory; remove it and run errbook again",
                state.display(),
                if meta.file_type().is_symlink() {
                    "a link"
                } else {
                    "not a directory"
                }
            ),
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never through a link (ELOOP), and never blocking on a FIFO.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        options.mode(0o644);
    }
    let file = options.open(&path).map_err(|e| {
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{} is a link; errbook does not follow it: remove it and run errbook again",
                    path.display()
                ),
            )
        } else {
            Error::new(
                e.kind(),
                format!("{}: {}", path.display(), crate::io_reason(&e)),
            )
        }
    })?;
    if !file.metadata()?.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is not a regular file; remove it and run errbook again",
                path.display()
            ),
        ));
    }
    Ok(file)
}

/// A file's metadata, as an error when it is not a regular file.
trait FilterFile {
    fn filter_file(self) -> std::io::Result<std::fs::Metadata>;
}

impl FilterFile for std::io::Result<std::fs::Metadata> {
    fn filter_file(self) -> std::io::Result<std::fs::Metadata> {
        self.and_then(|m| {
            if m.is_file() {
                Ok(m)
            } else {
                Err(std::io::ErrorKind::InvalidInput.into())
            }
        })
    }
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
    fn content_is_compared_a_block_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        // Whether staging `contents` for `path` finds it unchanged.
        let same_content =
            |path: &Path, contents: &[u8]| stage_in(path, contents, dir.path()).unwrap().is_none();
        // Across several blocks, with the difference in the last one.
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &big).unwrap();
        assert!(same_content(&path, &big));
        let mut changed = big.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert!(!same_content(&path, &changed));
        assert!(!same_content(&path, &big[..big.len() - 1]));
        let mut longer = big.clone();
        longer.push(0);
        assert!(!same_content(&path, &longer));
        std::fs::write(&path, b"").unwrap();
        assert!(same_content(&path, b""));
        assert!(!same_content(&path, b"x"));
        assert!(!same_content(&dir.path().join("gone"), b""));
        // The file in place is as it was, and nothing is left staged.
        assert_eq!(std::fs::read(&path).unwrap(), b"");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Streams `content` in pieces of `piece` bytes into a [`StagingWriter`]
    /// for `path`, and returns what ends up there once committed, and
    /// whether anything was staged.
    fn stream(path: &Path, staging: &Path, content: &[u8], piece: usize) -> (Vec<u8>, bool) {
        let mut w = StagingWriter::new(path, staging).unwrap();
        for p in content.chunks(piece.max(1)) {
            w.write_all(p).unwrap();
        }
        let staged = w.finish().unwrap();
        let changed = staged.is_some();
        if let Some(s) = staged {
            s.commit().unwrap();
        }
        (std::fs::read(path).unwrap(), changed)
    }

    #[test]
    fn streamed_content_is_staged_from_its_first_difference() {
        let dir = tempfile::tempdir().unwrap();
        let staging = tempfile::tempdir_in(dir.path()).unwrap();
        let path = dir.path().join("out/errors.json");
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        // A new file (its directory too).
        assert_eq!(
            stream(&path, staging.path(), &big, 70_000),
            (big.clone(), true)
        );
        // The same content, in any pieces: nothing staged, the file untouched.
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        for piece in [1, 4096, 65_536, 100_000, big.len()] {
            assert_eq!(
                stream(&path, staging.path(), &big, piece),
                (big.clone(), false)
            );
        }
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        // Different at the start, in the middle, at the end; shorter;
        // longer; empty. Each time the file ends up with the new content.
        let mut cases = Vec::new();
        for at in [0, 150_000, big.len() - 1] {
            let mut c = big.clone();
            c[at] ^= 1;
            cases.push(c);
        }
        cases.push(big[..big.len() - 1].to_vec());
        cases.push(big[..65_536].to_vec());
        let mut longer = big.clone();
        longer.extend_from_slice(b"more");
        cases.push(longer);
        cases.push(Vec::new());
        for (n, case) in cases.iter().enumerate() {
            for piece in [3, 65_536, 1 << 20] {
                std::fs::write(&path, &big).unwrap();
                assert_eq!(
                    stream(&path, staging.path(), case, piece),
                    (case.clone(), true),
                    "case {n}, pieces of {piece}"
                );
            }
        }
        // Nothing is left in the staging directory but what was committed.
        assert_eq!(std::fs::read_dir(staging.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_streamed_write_leaves_the_file_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let staging = dir.path().join("staging");
        std::fs::create_dir(&staging).unwrap();
        let path = dir.path().join("errors.json");
        std::fs::write(&path, b"same start, old end").unwrap();
        let mut w = StagingWriter::new(&path, &staging).unwrap();
        w.write_all(b"same start, ").unwrap();
        // The staging directory is gone when the first difference comes.
        std::fs::remove_dir(&staging).unwrap();
        let err = w.write_all(b"new end").unwrap_err();
        assert!(err.to_string().contains("cannot create a file in"), "{err}");
        // Every later call fails the same way, `finish` included: content
        // with a gap in it is never staged.
        std::fs::create_dir(&staging).unwrap();
        assert!(w.write_all(b"more").is_err());
        let err = w.finish().unwrap_err();
        assert!(err.to_string().contains("cannot create a file in"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"same start, old end");
        assert_eq!(std::fs::read_dir(&staging).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn streamed_content_keeps_the_permissions_and_spares_read_only_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(
            stream(&path, dir.path(), b"new", 2),
            (b"new".to_vec(), true)
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let err = StagingWriter::new(&path, dir.path()).unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn staged_files_are_flushed_then_committed() {
        let dir = tempfile::tempdir().unwrap();
        let staging = tempfile::tempdir_in(dir.path()).unwrap();
        let flush = Flush::open(staging.path()).unwrap();
        let target = dir.path().join("out/page.html");
        let staged = stage_in(&target, b"new", staging.path()).unwrap().unwrap();
        flush.all([&staged]).unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        // A staging directory that cannot be opened is an error, before
        // anything is staged.
        let err = Flush::open(&dir.path().join("gone")).unwrap_err();
        assert!(err.to_string().contains("gone"), "{err}");
    }

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

    #[test]
    fn injected_failures_leave_the_previous_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ftl");
        std::fs::write(&p, "old content\n").unwrap();
        let new = b"new content that is longer\n";
        for faults in [
            Faults {
                fail_after: Some(0),
                ..Faults::default()
            },
            Faults {
                fail_after: Some(5),
                ..Faults::default()
            },
            Faults {
                fail_before_rename: true,
                ..Faults::default()
            },
        ] {
            assert!(write_atomic_with(&p, new, faults).is_err());
            assert_eq!(std::fs::read(&p).unwrap(), b"old content\n");
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names, ["a.ftl"], "no temporary file left");
        }
        // A new file that fails is not created at all.
        let q = dir.path().join("b.ftl");
        assert!(write_atomic_with(
            &q,
            new,
            Faults {
                fail_after: Some(3),
                ..Faults::default()
            }
        )
        .is_err());
        assert!(!q.exists());
    }

    #[test]
    fn a_lock_excludes_a_second_holder_until_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("locales");
        std::fs::create_dir_all(&dir).unwrap();
        let first = Lock::acquire(&dir, std::time::Duration::ZERO, |_| {}).unwrap();
        let mut waited_for = None;
        let second = Lock::acquire(&dir, std::time::Duration::from_millis(120), |pid| {
            waited_for = Some(pid.map(str::to_owned))
        });
        let Err(LockError::Busy { holder, .. }) = second else {
            panic!("{second:?}")
        };
        let me = std::process::id().to_string();
        assert_eq!(holder.as_deref(), Some(me.as_str()));
        assert_eq!(waited_for, Some(Some(me)));
        drop(first);
        Lock::acquire(&dir, std::time::Duration::ZERO, |_| {}).unwrap();
    }

    #[test]
    fn a_directory_lock_excludes_a_second_holder_and_makes_no_file() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir(&site).unwrap();
        let first = DirLock::acquire(&site, std::time::Duration::ZERO, || {}).unwrap();
        let mut waited = false;
        let second = DirLock::acquire(&site, std::time::Duration::from_millis(100), || {
            waited = true
        });
        assert!(matches!(second, Err(LockError::Busy { .. })), "{second:?}");
        assert!(waited);
        assert_eq!(std::fs::read_dir(&site).unwrap().count(), 0, "no file made");
        drop(first);
        DirLock::acquire(&site, std::time::Duration::ZERO, || {}).unwrap();
    }

    #[test]
    fn one_lock_whatever_the_path_to_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let locales = dir.path().join("P/locales");
        std::fs::create_dir_all(&locales).unwrap();
        std::fs::create_dir_all(dir.path().join("Q")).unwrap();
        let _first = Lock::acquire(&locales, std::time::Duration::ZERO, |_| {}).unwrap();
        let roundabout = dir.path().join("Q/../P/./locales");
        let second = Lock::acquire(&roundabout, std::time::Duration::ZERO, |_| {});
        assert!(matches!(second, Err(LockError::Busy { .. })), "{second:?}");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&locales, &link).unwrap();
            let third = Lock::acquire(&link, std::time::Duration::ZERO, |_| {});
            assert!(matches!(third, Err(LockError::Busy { .. })), "{third:?}");
        }
        // The state directory ignores itself.
        let ignore = std::fs::read_to_string(locales.join(".errbook/.gitignore")).unwrap();
        assert!(locales.join(".errbook/lock").is_file());
        assert!(ignore.lines().any(|l| l == "*"));
    }

    #[test]
    fn a_holder_whose_pid_is_not_written_yet_is_not_named_as_pid_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("locales");
        std::fs::create_dir_all(&dir).unwrap();
        let _first = Lock::acquire(&dir, std::time::Duration::ZERO, |_| {}).unwrap();
        // As if the holder had just taken the lock: an empty file.
        std::fs::write(lock_path(&dir).unwrap(), b"").unwrap();
        let e = Lock::acquire(&dir, std::time::Duration::from_millis(700), |pid| {
            assert_eq!(pid, None)
        })
        .unwrap_err();
        let text = e.to_string();
        assert!(!text.contains("pid )") && !text.contains("pid  "), "{text}");
        assert!(text.contains("whose pid is not recorded"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_never_followed_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        let locales = dir.path().join("locales");
        std::fs::create_dir_all(locales.join(".errbook")).unwrap();
        std::os::unix::fs::symlink(&victim, locales.join(".errbook/lock")).unwrap();
        let e = Lock::acquire(&locales, std::time::Duration::ZERO, |_| {}).unwrap_err();
        assert!(e.to_string().contains("is a link"), "{e}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        // The state directory itself a link: refused too.
        let other = dir.path().join("other");
        std::fs::create_dir_all(other.join("locales")).unwrap();
        std::os::unix::fs::symlink(dir.path(), other.join("locales/.errbook")).unwrap();
        let e =
            Lock::acquire(&other.join("locales"), std::time::Duration::ZERO, |_| {}).unwrap_err();
        assert!(e.to_string().contains("a link"), "{e}");
        // A FIFO in its place: refused at once, not waited on.
        let third = dir.path().join("third");
        std::fs::create_dir_all(third.join("locales/.errbook")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(third.join("locales/.errbook/lock"))
            .status()
            .unwrap();
        assert!(made.success());
        let e =
            Lock::acquire(&third.join("locales"), std::time::Duration::ZERO, |_| {}).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
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
