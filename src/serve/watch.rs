//! Watching what the site is built from: the source table, the locales
//! directory, the template overrides and `errbook.toml`. Editors save in
//! many ways (write in place, write a temporary file and rename it over the
//! old one), so directories are watched, not files, and events are
//! debounced into one batch per burst of saves.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long the file system must be quiet before a batch is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// The longest a batch waits while changes keep coming.
const MAX_WAIT: Duration = Duration::from_secs(1);

/// The paths a build reads, and where it writes.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// The source table.
    pub source: PathBuf,
    /// The locales directory.
    pub locales: PathBuf,
    /// The template overrides, if any.
    pub templates: Option<PathBuf>,
    /// `errbook.toml`, if the project has one.
    pub config: Option<PathBuf>,
    /// The output directory: what happens there is errbook's own doing.
    pub out: PathBuf,
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {reason}")]
pub struct WatchError {
    /// The directory.
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

/// A running watch; dropping it stops it.
pub struct Watcher {
    _watcher: RecommendedWatcher,
    /// The directories watched, for telling the user.
    pub dirs: Vec<PathBuf>,
}

impl Watcher {
    /// Watches `inputs` and calls `on_change` from another thread with the
    /// changed paths of each burst of changes that concerns the build.
    pub fn start(
        inputs: &Inputs,
        on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
    ) -> Result<Watcher, WatchError> {
        let filter = Filter::new(inputs);
        let mut dirs: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        let mut add = |dir: &Path, mode: RecursiveMode| {
            if dir.is_dir() && !dirs.iter().any(|(d, m)| d == dir && *m == mode) {
                dirs.push((dir.to_path_buf(), mode));
            }
        };
        add(&filter.locales, RecursiveMode::Recursive);
        if let Some(t) = &filter.templates {
            add(t, RecursiveMode::Recursive);
        }
        for file in std::iter::once(&filter.source).chain(&filter.config) {
            if let Some(parent) = file.parent() {
                add(parent, RecursiveMode::NonRecursive);
            }
        }
        let (tx, rx) = mpsc::channel::<PathBuf>();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(event) = res else { return };
            if changes(&event.kind) {
                for p in event.paths.into_iter().filter(|p| filter.concerns(p)) {
                    let _ = tx.send(p);
                }
            }
        })
        .map_err(|e| WatchError {
            path: inputs.locales.clone(),
            reason: e.to_string(),
        })?;
        for (dir, mode) in &dirs {
            watcher.watch(dir, *mode).map_err(|e| WatchError {
                path: dir.clone(),
                reason: e.to_string(),
            })?;
        }
        // Debouncing: a batch is the changes until the file system has been
        // quiet for DEBOUNCE. The thread ends with the watcher, which holds
        // the sending end.
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let start = Instant::now();
                let mut batch = vec![first];
                while start.elapsed() < MAX_WAIT {
                    match rx.recv_timeout(DEBOUNCE) {
                        Ok(p) => batch.push(p),
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                batch.sort();
                batch.dedup();
                on_change(batch);
            }
        });
        Ok(Watcher {
            _watcher: watcher,
            dirs: dirs.into_iter().map(|(d, _)| d).collect(),
        })
    }
}

/// Whether an event can change what a build reads. Reading a file is an
/// event too (inotify reports opens), and the build itself reads every
/// input: counting those would rebuild for ever.
fn changes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Which changed paths concern the build, all as absolute, resolved paths
/// (the form the watcher reports them in).
struct Filter {
    source: PathBuf,
    locales: PathBuf,
    templates: Option<PathBuf>,
    config: Option<PathBuf>,
    out: PathBuf,
}

impl Filter {
    fn new(i: &Inputs) -> Filter {
        Filter {
            source: resolved(&i.source),
            locales: resolved(&i.locales),
            templates: i.templates.as_deref().map(resolved),
            config: i.config.as_deref().map(resolved),
            out: resolved(&i.out),
        }
    }

    fn concerns(&self, p: &Path) -> bool {
        // errbook's own state (the lock each build takes) is no input: a
        // change there must not start another build.
        let state = self.locales.join(crate::fsio::STATE_DIR);
        !p.starts_with(&self.out)
            && !p.starts_with(&state)
            && (p.starts_with(&self.locales)
                || p == self.source
                || self.templates.as_ref().is_some_and(|t| p.starts_with(t))
                || self.config.as_ref().is_some_and(|c| p == c))
    }
}

/// The absolute path with symbolic links resolved (`/tmp` is
/// `/private/tmp` on macOS), for a file that may not exist yet: its
/// directory resolved, its name kept.
fn resolved(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if let Ok(c) = abs.canonicalize() {
        return c;
    }
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| abs.clone(), |d| d.join(name)),
        _ => abs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_is_not_a_change() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        assert!(!changes(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes(&EventKind::Create(CreateKind::File)));
        assert!(changes(&EventKind::Remove(RemoveKind::File)));
    }

    #[test]
    fn only_inputs_concern_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for d in ["docs", "locales/ja-JP", "tpl", "site"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let f = Filter::new(&Inputs {
            source: root.join("docs/error-codes.zh-CN.md"),
            locales: root.join("locales"),
            templates: Some(root.join("tpl")),
            config: Some(root.join("errbook.toml")),
            out: root.join("site"),
        });
        for yes in [
            "docs/error-codes.zh-CN.md",
            "locales/ja-JP/errors.ftl",
            "locales/fr-FR",
            "tpl/page.html",
            "errbook.toml",
        ] {
            assert!(f.concerns(&root.join(yes)), "{yes}");
        }
        for no in [
            "docs/other.md",
            "locales/.errbook/lock",
            "locales/.errbook",
            "site/index.html",
            "README.md",
            "errbook.toml~",
        ] {
            assert!(!f.concerns(&root.join(no)), "{no}");
        }
    }
}
