//! What the last `errbook sync` left in sync, so that the next one reads
//! and parses only the locales that changed since.
//!
//! After a sync that ends without findings, errbook records a fingerprint
//! of what it synced in the user's cache directory
//! (`$XDG_CACHE_HOME/errbook/`, or `~/.cache/errbook/`; one small file per
//! project, named after the project's path; `ERRBOOK_NO_CACHE=1` turns it
//! off), never in the project: one key
//! for errbook's version, the configuration and the source table, and one
//! digest per locale of its `.ftl` files (names and contents). The next sync
//! hashes the same files (far less work than parsing them): with the same
//! key, a locale whose digest matches is known to
//! be in sync and is not parsed; when every locale matches, sync has nothing
//! to do and does not even read the source table. Anything that differs, or
//! a cache that is missing or unreadable, means the full work: the cache can
//! make sync faster, never different.
//!
//! The digests are 128-bit XXH3: not a defence against someone forging a
//! collision, which would only make sync skip a file that someone crafted
//! to collide with a synced one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::config::Config;

const HEADER: &str = "errbook sync cache 2";

/// A fingerprint of a project's sync state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// errbook's version, the configuration and the source table.
    pub key: u128,
    /// Each locale's digest ([`locale_digest`]), by tag.
    pub locales: BTreeMap<String, u128>,
    /// How many warnings the source table has (a sync that finds nothing
    /// to do says how many, rather than read the table to repeat them).
    pub table_warnings: usize,
}

/// The key of errbook's version, the configuration and the source table
/// (its bytes' [`source_digest`]).
pub fn project_key(config: &Config, source_digest: u128) -> u128 {
    let mut h = Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&[0]);
    h.update(format!("{config:?}").as_bytes());
    h.update(&[0]);
    h.update(&source_digest.to_le_bytes());
    h.digest128()
}

/// The digest of the source table's bytes.
pub fn source_digest(source: &[u8]) -> u128 {
    xxh3_128(source)
}

/// The digest of a locale's files: each one's name and content, in the
/// order given (sorted by path, as locale discovery lists them).
pub fn locale_digest<'a>(files: impl IntoIterator<Item = (&'a Path, &'a [u8])>) -> u128 {
    locale_digest_of(
        files
            .into_iter()
            .map(|(path, bytes)| (path, FileDigest::of(bytes))),
    )
}

/// [`locale_digest`] of files each given by its [`FileDigest`] (one of a
/// file written as it was made, never held whole).
pub fn locale_digest_of<'a>(files: impl IntoIterator<Item = (&'a Path, FileDigest)>) -> u128 {
    let mut h = Xxh3::new();
    for (path, file) in files {
        let name = path.file_name().map(|n| n.to_string_lossy());
        h.update(name.as_deref().unwrap_or("").as_bytes());
        h.update(&[0]);
        h.update(&file.len.to_le_bytes());
        h.update(&file.hash.to_le_bytes());
    }
    h.digest128()
}

/// A file's length and content hash, as [`locale_digest`] records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileDigest {
    len: u64,
    hash: u128,
}

impl FileDigest {
    /// Of the content `bytes`.
    pub fn of(bytes: &[u8]) -> FileDigest {
        FileDigest {
            len: bytes.len() as u64,
            hash: xxh3_128(bytes),
        }
    }
}

/// A [`FileDigest`] of content given a piece at a time.
#[derive(Clone, Default)]
pub struct FileHasher {
    len: u64,
    hash: Xxh3,
}

impl FileHasher {
    /// Adds the next piece.
    pub fn update(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        self.hash.update(bytes);
    }

    /// The digest of every piece, in order.
    pub fn digest(&self) -> FileDigest {
        FileDigest {
            len: self.len,
            hash: self.hash.digest128(),
        }
    }
}

/// The fingerprint of the project as it is on disk, when its key is `key`
/// (the one recorded: with another key no locale can be skipped, so the
/// locales are not hashed) and it can be taken: the source table and every
/// locale's files readable, and the locales directory without problems.
/// `None` means: do the full work.
pub fn current(config: &Config, key: u128) -> Option<Fingerprint> {
    use rayon::prelude::*;
    let source = crate::input::read(&config.source).ok()?;
    if project_key(config, source_digest(&source)) != key {
        return None;
    }
    drop(source);
    let (dirs, diags) = super::discover(&config.locales, &config.root).ok()?;
    if !diags.is_empty() || !dirs.iter().any(|d| d.tag == config.source_locale) {
        return None;
    }
    let digests: Option<Vec<(String, u128)>> = dirs
        .par_iter()
        .map(|d| {
            let contents: Vec<Vec<u8>> = d
                .ftl_files
                .iter()
                .map(|p| crate::input::read(p))
                .collect::<Result<_, _>>()
                .ok()?;
            let digest = locale_digest(
                d.ftl_files
                    .iter()
                    .map(PathBuf::as_path)
                    .zip(contents.iter().map(Vec::as_slice)),
            );
            Some((d.tag.clone(), digest))
        })
        .collect();
    Some(Fingerprint {
        key,
        locales: digests?.into_iter().collect(),
        // Not known without reading the table: see [`Fingerprint::same_files`].
        table_warnings: 0,
    })
}

impl Fingerprint {
    /// True when `other` is of the same table, configuration and locale
    /// files (whatever it says of the table's warnings).
    pub fn same_files(&self, other: &Fingerprint) -> bool {
        self.key == other.key && self.locales == other.locales
    }
}

/// Where the cache of the project rooted at `root` is: none when caching
/// is off or there is no cache directory.
pub fn path(root: &Path) -> Option<PathBuf> {
    if std::env::var_os("ERRBOOK_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    let base = match std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".cache"),
    };
    let root = root.canonicalize().ok()?;
    let name = format!(
        "sync-{:032x}",
        xxh3_128(root.as_os_str().as_encoded_bytes())
    );
    Some(base.join("errbook").join(name))
}

/// The fingerprint the last sync of the project at `root` recorded, if any
/// can be read.
pub fn load(root: &Path) -> Option<Fingerprint> {
    read(&path(root)?)
}

fn read(file: &Path) -> Option<Fingerprint> {
    let text = crate::input::read_to_string(file).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let key = u128::from_str_radix(lines.next()?.strip_prefix("key ")?, 16).ok()?;
    let table_warnings = lines
        .next()?
        .strip_prefix("table-warnings ")?
        .parse()
        .ok()?;
    let mut locales = BTreeMap::new();
    for line in lines {
        let (tag, digest) = line.strip_prefix("locale ")?.split_once(' ')?;
        locales.insert(tag.to_owned(), u128::from_str_radix(digest, 16).ok()?);
    }
    Some(Fingerprint {
        key,
        locales,
        table_warnings,
    })
}

/// Records `fp` for the project at `root` (writing nothing when the cache
/// already says the same; a cache that cannot be written is no error).
pub fn save(root: &Path, fp: &Fingerprint) {
    if let Some(file) = path(root) {
        let _ = write(&file, fp);
    }
}

fn write(file: &Path, fp: &Fingerprint) -> std::io::Result<()> {
    use std::fmt::Write as _;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = format!(
        "{HEADER}\nkey {:032x}\ntable-warnings {}\n",
        fp.key, fp.table_warnings
    );
    for (tag, digest) in &fp.locales {
        let _ = writeln!(text, "locale {tag} {digest:032x}");
    }
    crate::fsio::write_atomic(file, text.as_bytes()).map_err(std::io::Error::other)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file hashed a piece at a time has the digest of its whole content,
    /// however it is cut.
    #[test]
    fn a_file_hashed_in_pieces_has_its_whole_digest() {
        let text: String = (0..5000).map(|i| format!("error-{i} = 文 {i}\n")).collect();
        for cut in [1, 7, 64, 4096, 100_000] {
            let mut h = FileHasher::default();
            for piece in text.as_bytes().chunks(cut) {
                h.update(piece);
            }
            assert_eq!(
                h.digest(),
                FileDigest::of(text.as_bytes()),
                "pieces of {cut}"
            );
        }
        assert_ne!(FileDigest::of(b"a"), FileDigest::of(b"b"));
        assert_eq!(FileHasher::default().digest(), FileDigest::of(b""));
    }

    #[test]
    fn digests_see_names_contents_and_boundaries() {
        let d = |files: &[(&str, &str)]| {
            locale_digest(files.iter().map(|(p, t)| (Path::new(*p), t.as_bytes())))
        };
        let base = d(&[("errors.ftl", "a = b\n"), ("site.ftl", "x = y\n")]);
        assert_eq!(
            base,
            d(&[("errors.ftl", "a = b\n"), ("site.ftl", "x = y\n")])
        );
        assert_ne!(
            base,
            d(&[("errors.ftl", "a = c\n"), ("site.ftl", "x = y\n")])
        );
        assert_ne!(
            base,
            d(&[("errors.ftl", "a = b\n"), ("other.ftl", "x = y\n")])
        );
        assert_ne!(base, d(&[("errors.ftl", "a = b\nx = y\n")]));
        assert_ne!(base, d(&[("errors.ftl", "a = b\n")]));
    }

    #[test]
    fn a_cache_reads_back_and_garbage_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let fp = Fingerprint {
            key: 0x0123_4567_89ab_cdef_0011_2233_4455_6677,
            locales: [("de-DE".to_owned(), 7u128), ("zh-CN".to_owned(), u128::MAX)].into(),
            table_warnings: 3494,
        };
        let file = dir.path().join("cache/sync");
        write(&file, &fp).unwrap();
        assert_eq!(read(&file), Some(fp));
        std::fs::write(&file, "errbook sync cache 1\nkey zz\n").unwrap();
        assert_eq!(read(&file), None);
        std::fs::write(&file, "something else\n").unwrap();
        assert_eq!(read(&file), None);
        std::fs::remove_file(&file).unwrap();
        assert_eq!(read(&file), None);
    }
}
