//! Reading a project's catalog files: what was read early, the buffers
//! and finding lists reused from one locale to the next, and the lines kept
//! for diagnostics.

use std::path::Path;

use super::*;

impl Project {
    /// Empties the buffer and findings pools, whose memory the report
    /// can use once every locale is checked.
    pub(crate) fn release_pools(&self) {
        self.buffers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.findings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// True when the catalog file `file` was parsed while the source was
    /// read, and waits to be asked for.
    pub(crate) fn is_prefetched(&self, file: FileId) -> bool {
        self.prefetched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|l| l.file == file)
    }

    /// Reads and parses a locale's catalog file (`errors.ftl`). Takes
    /// `&self`, so locales can be read in parallel; the text is not kept
    /// (see [`Files`]): a caller that reports diagnostics at positions in
    /// the file records their lines with [`Project::keep_lines`].
    pub fn read_catalog(&self, loc: &Locale) -> CatalogRead {
        match self.read_catalog_text(loc) {
            Unparsed::Unread(diagnostics) => CatalogRead {
                loaded: None,
                diagnostics,
            },
            Unparsed::Parsed(loaded) => CatalogRead {
                loaded: Some(loaded),
                diagnostics: Vec::new(),
            },
            Unparsed::Text(file, text) => CatalogRead {
                loaded: Some(Loaded {
                    path: self.files.path(file).to_path_buf(),
                    file,
                    ftl: FtlFile::parse_shared(text),
                }),
                diagnostics: Vec::new(),
            },
        }
    }

    /// A locale's catalog file read as text (or parsed already, when it
    /// was parsed ahead while the source was read).
    pub(crate) fn read_catalog_text(&self, loc: &Locale) -> Unparsed {
        let Some(file) = loc.catalog_file else {
            return Unparsed::Unread(Vec::new());
        };
        {
            let mut early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(i) = early.iter().position(|l| l.file == file) {
                return Unparsed::Parsed(early.swap_remove(i));
            }
        }
        match read_utf8_into(self.files.path(file), &loc.dir.tag, self.take_buffer()) {
            Ok(text) => Unparsed::Text(file, std::sync::Arc::new(text)),
            Err(failure) => match *failure {
                ReadFailure {
                    diagnostic,
                    lossy: Some((lossy, at)),
                } => {
                    self.files.keep_lines(file, &lossy, [at, at + 1]);
                    Unparsed::Unread(vec![diagnostic.at(file, at..at + 1)])
                }
                ReadFailure { diagnostic, .. } => Unparsed::Unread(vec![diagnostic]),
            },
        }
    }

    /// The text of a locale's catalog file, when it exists and is UTF-8:
    /// for a command that wants a little of it before reading it in full
    /// ([`Project::read_catalog`], which reports why a file cannot be read).
    pub fn catalog_text(&self, loc: &Locale) -> Option<std::sync::Arc<String>> {
        let file = loc.catalog_file?;
        {
            let early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(l) = early.iter().find(|l| l.file == file) {
                return Some(l.ftl.text.clone());
            }
        }
        read_utf8(self.files.path(file), &loc.dir.tag)
            .ok()
            .map(std::sync::Arc::new)
    }

    /// The first `max` bytes or so of a locale's catalog file, cut at a
    /// line end, and whether that is the whole file; `None` when it cannot
    /// be read or that part is not UTF-8 ([`Project::read_catalog`] says
    /// why). For a command that wants a little of a large file.
    pub fn catalog_head(&self, loc: &Locale, max: usize) -> Option<(std::sync::Arc<String>, bool)> {
        use std::io::Read;
        let file = loc.catalog_file?;
        {
            let early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(l) = early.iter().find(|l| l.file == file) {
                return Some((l.ftl.text.clone(), true));
            }
        }
        let mut bytes = Vec::with_capacity(max.min(1 << 20));
        crate::input::open(self.files.path(file))
            .ok()?
            .take(max as u64)
            .read_to_end(&mut bytes)
            .ok()?;
        let whole = bytes.len() < max;
        if !whole {
            let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            bytes.truncate(end);
        }
        crate::utf8::string(bytes)
            .ok()
            .map(|t| (std::sync::Arc::new(t), whole))
    }

    /// Records the lines of a catalog file that diagnostics point at, so
    /// they can be shown after its text is dropped.
    pub fn keep_lines(&self, loaded: &Loaded, diags: &[Diagnostic]) {
        self.keep_lines_of(loaded.file, &loaded.ftl.text, diags);
    }

    /// [`Project::keep_lines`] of the file `file` whose text is `text`.
    pub(crate) fn keep_lines_of(&self, file: FileId, text: &str, diags: &[Diagnostic]) {
        let offsets = diags
            .iter()
            .filter_map(|d| d.location.as_ref())
            .filter(|l| l.file == file)
            .flat_map(|l| [l.span.start, l.span.end]);
        self.files.keep_lines(file, text, offsets);
    }

    /// A buffer to read a catalog file into: one given back, or a new one
    /// the size of the largest catalog file. (Catalogs differ in size by a
    /// few kilobytes: a buffer sized for the file it was first read for would
    /// mostly be too small for the next, and grown by a copy to new memory.)
    pub(crate) fn take_buffer(&self) -> Vec<u8> {
        let given_back = self.buffers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        given_back.unwrap_or_else(|| Vec::with_capacity(self.largest_catalog()))
    }

    /// The size of the largest catalog file, in bytes (0 when none can be
    /// read), looked up once.
    pub(crate) fn largest_catalog(&self) -> usize {
        *self.largest.get_or_init(|| {
            self.locales
                .iter()
                .filter_map(|l| l.catalog_file)
                .filter_map(|f| std::fs::metadata(self.files.path(f)).ok())
                .map(|m| usize::try_from(m.len()).unwrap_or(0))
                .max()
                .unwrap_or(0)
        })
    }

    /// Gives a catalog's text back as the buffer of the next file read,
    /// once nothing else holds it: memory already in use, which the system
    /// need not clear again.
    pub fn recycle(&self, loaded: Loaded) {
        // Its entries share the text: they go first.
        let FtlFile { text, items, .. } = loaded.ftl;
        drop(items);
        if let Ok(text) = std::sync::Arc::try_unwrap(text) {
            self.give_buffer(text.into_bytes());
        }
    }

    /// Gives back a buffer that is no longer needed, for the next file.
    pub(crate) fn give_buffer(&self, buffer: Vec<u8>) {
        let mut buffers = self.buffers.lock().unwrap_or_else(|e| e.into_inner());
        // One a worker: the files are read one a worker at a time.
        if buffers.len() < rayon::current_num_threads() {
            buffers.push(buffer);
        }
    }

    /// A list given back by [`Project::give_findings`], or a new one.
    pub(crate) fn take_findings(&self) -> Vec<Diagnostic> {
        let mut lists = self.findings.lock().unwrap_or_else(|e| e.into_inner());
        lists.pop().unwrap_or_default()
    }

    /// Gives back a list of findings that have been printed, for the next
    /// locale's findings to be collected into. A list of a finding per
    /// message is tens of megabytes; one a worker is kept.
    pub fn give_findings(&self, mut list: Vec<Diagnostic>) {
        if list.capacity() == 0 {
            return;
        }
        list.clear();
        let mut lists = self.findings.lock().unwrap_or_else(|e| e.into_inner());
        if lists.len() < rayon::current_num_threads() {
            lists.push(list);
        }
    }
}

/// A locale's catalog file as read, before it is parsed.
pub(crate) enum Unparsed {
    /// No catalog file, or one that cannot be read (with why).
    Unread(Vec<Diagnostic>),
    /// Parsed ahead, while the source was read.
    Parsed(Loaded),
    /// Its text.
    Text(FileId, std::sync::Arc<String>),
}

/// A file that could not be read as UTF-8 text.
pub(crate) struct ReadFailure {
    /// What went wrong, without a location yet.
    diagnostic: Diagnostic,
    /// For a file that is not UTF-8: its text read lossily and the offset
    /// of the first bad byte, so the diagnostic can point at it.
    lossy: Option<(String, usize)>,
}

pub(crate) fn read_utf8(path: &Path, tag: &str) -> Result<String, Box<ReadFailure>> {
    read_utf8_into(path, tag, Vec::new())
}

/// Reads the file at `path` into `buffer` (emptied first, and grown to
/// the file's size if it is smaller).
pub(crate) fn read_into(path: &Path, buffer: Vec<u8>) -> std::io::Result<Vec<u8>> {
    crate::input::read_into(path, buffer)
}

/// [`read_utf8`] into `buffer` (see [`read_into`]).
pub(crate) fn read_utf8_into(
    path: &Path,
    tag: &str,
    buffer: Vec<u8>,
) -> Result<String, Box<ReadFailure>> {
    let bytes = read_into(path, buffer).map_err(|e| {
        Box::new(ReadFailure {
            diagnostic: Diagnostic::new(
                &checks::LOCALE_UNREADABLE,
                format!("cannot read locale file: {}", crate::io_reason(&e)),
            )
            .at_path(path)
            .locale(tag),
            lossy: None,
        })
    })?;
    crate::utf8::string(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        Box::new(ReadFailure {
            diagnostic: Diagnostic::new(
                &checks::LOCALE_ENCODING,
                format!("locale file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
            )
            .locale(tag)
            .help("re-save the file as UTF-8"),
            lossy: Some((String::from_utf8_lossy(&bytes).into_owned(), at)),
        })
    })
}

/// Reads and parses one small `.ftl` file, kept whole in `files`.
pub(crate) fn read_ftl(
    path: &Path,
    tag: &str,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Option<Loaded> {
    match read_utf8(path, tag) {
        Ok(text) => {
            // A small file (site.ftl), kept whole for diagnostics.
            let file = files.add(path, text.as_str());
            Some(Loaded {
                path: path.to_path_buf(),
                file,
                ftl: FtlFile::parse(text),
            })
        }
        Err(failure) => match *failure {
            ReadFailure {
                diagnostic,
                lossy: Some((lossy, at)),
            } => {
                let file = files.add(path, lossy);
                diags.push(diagnostic.at(file, at..at + 1));
                None
            }
            ReadFailure { diagnostic, .. } => {
                diags.push(diagnostic);
                None
            }
        },
    }
}
