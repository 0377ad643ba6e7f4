//! Reading input files safely: every file errbook reads (the source table,
//! the Fluent files, errbook.toml, templates, XLIFF, a page given to
//! `init`) goes through [`open`] or [`read`], which
//!
//! - open without blocking, so a FIFO (or any special file) put in a file's
//!   place cannot hang the command;
//! - read only regular files, so `/dev/zero` or a device cannot feed it
//!   forever;
//! - read at most [`max_size`] bytes (256 MiB unless `ERRBOOK_MAX_FILE_SIZE`
//!   says otherwise), so a runaway file is refused with its size rather
//!   than filling memory.
//!
//! The errors are [`std::io::Error`]s whose text says what is wrong and how
//! to fix it, so every caller's `cannot read …: {reason}` diagnostic reads
//! well without knowing about these rules.
//!
//! Links are a separate matter: a path the user names (on the command line
//! or in errbook.toml) may be a link anywhere; a file errbook *finds* inside
//! a directory (a locale file, a template override, an entry of the output
//! directory) must not lead outside the directories it may read or write.
//! [`leads_outside`] decides that.

use std::io::{Error, ErrorKind, Read};
use std::path::{Path, PathBuf};

/// The default largest file errbook reads: far above any catalog's file,
/// far below what would exhaust a machine's memory.
pub const DEFAULT_MAX_SIZE: u64 = 256 << 20;

/// The environment variable that raises (or lowers) [`DEFAULT_MAX_SIZE`]:
/// a number of bytes, or with a unit (`512MiB`, `1GiB`, `64M`, `900K`).
pub const MAX_SIZE_VAR: &str = "ERRBOOK_MAX_FILE_SIZE";

/// The largest file errbook reads, in bytes.
pub fn max_size() -> u64 {
    std::env::var(MAX_SIZE_VAR)
        .ok()
        .and_then(|s| parse_size(&s))
        .unwrap_or(DEFAULT_MAX_SIZE)
}

/// `1024`, `900K`, `64M`, `512MiB`, `1 GiB`, `2GB` (binary units, as the
/// rest of errbook's figures); at least one byte.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let n: u64 = s[..digits].parse().ok()?;
    let unit = s[digits..].trim().to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return None,
    };
    n.checked_mul(1 << shift).filter(|&n| n > 0)
}

/// `Err` with what is wrong when [`MAX_SIZE_VAR`] is set to something that
/// is not a size (which [`max_size`] would pass over).
pub fn check_max_size_var() -> Result<(), String> {
    match std::env::var(MAX_SIZE_VAR) {
        Err(std::env::VarError::NotPresent) => Ok(()),
        Ok(v) if parse_size(&v).is_some() => Ok(()),
        Ok(v) => Err(format!("{MAX_SIZE_VAR}=`{v}` is not a size")),
        Err(_) => Err(format!("{MAX_SIZE_VAR} is not valid UTF-8")),
    }
}

/// A size for people: `4.0 GiB`, `300 MiB`, `12 KiB`, `17 bytes`.
pub fn human_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(30, "GiB"), (20, "MiB"), (10, "KiB")];
    for (shift, unit) in UNITS {
        if n >= 1 << shift {
            let v = n as f64 / (1u64 << shift) as f64;
            return if v < 10.0 && !n.is_multiple_of(1 << shift) {
                format!("{v:.1} {unit}")
            } else {
                format!("{} {unit}", (v.round() as u64))
            };
        }
    }
    if n == 1 {
        "1 byte".to_owned()
    } else {
        format!("{n} bytes")
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

fn not_regular(t: std::fs::FileType) -> Error {
    let what = kind_of(t);
    Error::new(
        ErrorKind::InvalidInput,
        if what == "not a regular file" {
            "it is not a regular file; errbook reads only regular files".to_owned()
        } else {
            format!("it is {what}, not a regular file; errbook reads only regular files")
        },
    )
}

fn too_large(size: u64, limit: u64) -> Error {
    Error::new(
        ErrorKind::InvalidData,
        format!(
            "it is {} or more, larger than the {} errbook reads; if the file really is that large, raise {MAX_SIZE_VAR} (e.g. {MAX_SIZE_VAR}=1GiB)",
            human_size(size),
            human_size(limit)
        ),
    )
}

/// An input file, checked to be a regular file of at most [`max_size`]
/// bytes, and read through a cap at that size (a file that grows while it
/// is read is cut off with an error, not read forever).
#[derive(Debug)]
pub struct Input {
    file: std::io::Take<std::fs::File>,
    size: u64,
    limit: u64,
}

impl Input {
    /// The file's size when it was opened.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Reads the rest of the file into `buf` (appending).
    pub fn read_all(mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        buf.reserve_exact(usize::try_from(self.size).unwrap_or(0));
        let n = self.file.read_to_end(buf)?;
        if self.file.limit() == 0 {
            // One byte past the limit was read: the file grew past it.
            return Err(too_large(self.limit + 1, self.limit));
        }
        Ok(n)
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        if n > 0 && self.file.limit() == 0 {
            return Err(too_large(self.limit + 1, self.limit));
        }
        Ok(n)
    }
}

/// Opens `path` for reading under the rules above, with the limit of
/// [`max_size`].
pub fn open(path: &Path) -> std::io::Result<Input> {
    open_limited(path, max_size())
}

/// [`open`] with an explicit limit.
pub fn open_limited(path: &Path, limit: u64) -> std::io::Result<Input> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading blocks until a writer comes; with
        // O_NONBLOCK it returns at once, and the type check below refuses
        // it. Regular files ignore the flag.
        options.custom_flags(libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    {
        // No FIFOs to block on; still refuse what is not a file first.
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(not_regular(meta.file_type()));
        }
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if meta.len() > limit {
        return Err(too_large(meta.len(), limit));
    }
    Ok(Input {
        file: file.take(limit.saturating_add(1)),
        size: meta.len(),
        limit,
    })
}

/// Reads the whole of `path` (see [`open`]).
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    read_into(path, Vec::new())
}

/// Reads the whole of `path` into `buffer`, emptied first.
pub fn read_into(path: &Path, mut buffer: Vec<u8>) -> std::io::Result<Vec<u8>> {
    buffer.clear();
    open(path)?.read_all(&mut buffer)?;
    Ok(buffer)
}

/// Reads `path` as UTF-8 text (see [`open`]).
pub fn read_to_string(path: &Path) -> std::io::Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidData,
            format!(
                "it is not valid UTF-8 (byte {} of the file); re-save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Where `path` leads when it, or a directory on the way to it below
/// `base`, is a link that resolves outside every one of `allowed`; `None`
/// when it stays inside one of them (or does not exist). `path` must be
/// below `base`: only what lies between them was *found*, not named.
pub fn leads_outside(path: &Path, allowed: &[&Path]) -> Option<PathBuf> {
    let target = std::fs::canonicalize(path).ok()?;
    let inside = allowed
        .iter()
        .filter_map(|a| std::fs::canonicalize(a).ok())
        .any(|a| target.starts_with(a));
    (!inside).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_and_without_units() {
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("900K"), Some(900 << 10));
        assert_eq!(parse_size("64M"), Some(64 << 20));
        assert_eq!(parse_size("512MiB"), Some(512 << 20));
        assert_eq!(parse_size("1 GiB"), Some(1 << 30));
        assert_eq!(parse_size("2gb"), Some(2 << 30));
        for bad in [
            "ten",
            "5T",
            "",
            "-1",
            "0",
            "1e9",
            "0x100",
            "4096bb",
            "4096ib",
            "1iB",
            "17179869184G",
        ] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn sizes_print_for_people() {
        assert_eq!(human_size(17), "17 bytes");
        assert_eq!(human_size(256 << 20), "256 MiB");
        assert_eq!(human_size(3 << 29), "1.5 GiB");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'x'; 2048]).unwrap();
        let e = open_limited(&p, 1024).unwrap_err();
        assert!(e.to_string().contains("2 KiB or more"), "{e}");
        assert!(e.to_string().contains(MAX_SIZE_VAR), "{e}");
        let mut buf = Vec::new();
        open_limited(&p, 2048).unwrap().read_all(&mut buf).unwrap();
        assert_eq!(buf.len(), 2048);
    }

    #[test]
    fn a_file_that_grows_past_the_limit_while_read_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("grows");
        std::fs::write(&p, b"small").unwrap();
        let input = open_limited(&p, 10).unwrap();
        std::fs::write(&p, vec![b'x'; 100]).unwrap();
        let mut buf = Vec::new();
        let e = input.read_all(&mut buf).unwrap_err();
        assert!(e.to_string().contains("larger than the 10 bytes"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_without_blocking() {
        let e = read(Path::new("/dev/zero")).unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // No writer: a blocking open would never return.
        let e = read(&fifo).unwrap_err();
        assert!(e.to_string().contains("a FIFO (named pipe)"), "{e}");
        let e = read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("directory"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_judged_by_where_they_lead() {
        let project = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("secret"), b"s").unwrap();
        std::fs::write(project.path().join("own"), b"o").unwrap();
        let out = project.path().join("out");
        std::os::unix::fs::symlink(elsewhere.path().join("secret"), &out).unwrap();
        let inside = project.path().join("in");
        std::os::unix::fs::symlink(project.path().join("own"), &inside).unwrap();
        assert!(leads_outside(&out, &[project.path()]).is_some());
        assert!(leads_outside(&inside, &[project.path()]).is_none());
        assert!(leads_outside(&out, &[project.path(), elsewhere.path()]).is_none());
    }
}
