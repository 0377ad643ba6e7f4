//! `errbook lsp`: a Language Server Protocol server over stdio, so that a
//! translator's editor shows errbook's findings as the `.ftl` files and the
//! source table are edited, from the same checks, with the same codes,
//! levels and messages as `errbook check`.
//!
//! The server finds each document's project as the command line does
//! (`errbook.toml` searched upward from the document), keeps the project
//! loaded from the disk, and checks the open documents' unsaved text
//! against it. It reloads a project when one of its files changes on disk
//! (the client watches them for the server, or the server notices their
//! times changed), and then checks every open document again. It never
//! writes a file.

mod actions;
mod hover;
mod navigate;
mod position;
mod transport;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Context as _;
use errbook_core::config::{find_root, Config, Found};
use errbook_core::diag::{Diagnostic, Level};
use errbook_core::ftl::FtlFile;
use errbook_core::project::{CatalogRead, Loaded, Project};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{notification as note, request as req, Url};

pub use position::{Encoding, Lines};

/// Runs the server on stdin and stdout until the client says `exit`.
/// Returns the exit status: 0 after `shutdown`, 1 when the client exits
/// without asking to shut down first (as the protocol says).
pub fn run() -> anyhow::Result<u8> {
    // A message is at most the size of an input errbook reads.
    let max = usize::try_from(errbook_core::input::max_size()).unwrap_or(usize::MAX);
    let (connection, io) = transport::stdio(max);
    let status = serve(&connection)?;
    drop(connection);
    io.join().context("the connection to the client failed")?;
    Ok(status)
}

/// Answers `initialize`, then handles every message until `exit`.
pub fn serve(connection: &Connection) -> anyhow::Result<u8> {
    // Before `initialize`, requests are refused as not initialized; an
    // input that ends (or `exit`) first ends the server with status 1.
    let Ok((id, params)) = connection.initialize_start() else {
        return Ok(1);
    };
    // Capabilities errbook cannot read are taken as none (UTF-16, no
    // file watching), rather than refusing the client.
    let params: lsp_types::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = Encoding::choose(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let capabilities = lsp_types::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp_types::TextDocumentSyncCapability::Options(
            lsp_types::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp_types::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp_types::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp_types::OneOf::Left(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        completion_provider: Some(lsp_types::CompletionOptions::default()),
        document_symbol_provider: Some(lsp_types::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp_types::OneOf::Left(true)),
        ..Default::default()
    };
    // Answered here rather than by lsp-server's initialize_finish, which
    // fails the session when the next message is not `initialized`.
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "errbook", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .sender
        .send(Response::new_ok(id, result).into())?;
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        connection.sender.send(watch_request().into())?;
    }
    let mut server = Server::new(encoding);
    let mut shutting_down = false;
    loop {
        // Between messages, once a second: a project file changed on disk
        // (a client that does not watch files for the server, an edit by
        // another program) has every open document checked again.
        let message = match connection.receiver.recv_timeout(DISK_POLL) {
            Ok(m) => m,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                for m in server.poll_disk() {
                    connection.sender.send(m)?;
                }
                continue;
            }
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
        };
        let out = match message {
            Message::Request(r) => {
                if r.method == req::Shutdown::METHOD {
                    shutting_down = true;
                    vec![Response::new_ok(r.id, ()).into()]
                } else if shutting_down {
                    vec![error(
                        r.id,
                        lsp_server::ErrorCode::InvalidRequest,
                        "shutting down",
                    )]
                } else {
                    // A bug in a handler fails that request, not the
                    // session: the editor keeps its server.
                    let id = r.id.clone();
                    let method = r.method.clone();
                    guarded(|| server.request(r)).unwrap_or_else(|| {
                        vec![error(
                            id,
                            lsp_server::ErrorCode::InternalError,
                            &format!("errbook lsp failed on {method} (a bug in errbook; please report it)"),
                        )]
                    })
                }
            }
            Message::Notification(n) if n.method == note::Exit::METHOD => {
                return Ok(if shutting_down { 0 } else { 1 });
            }
            Message::Notification(n) => guarded(|| server.notify(n)).unwrap_or_default(),
            Message::Response(_) => Vec::new(),
        };
        for m in out {
            connection.sender.send(m)?;
        }
    }
    Ok(if shutting_down { 0 } else { 1 })
}

/// The most findings shown for one document.
const MAX_SHOWN: usize = 5_000;

/// How often the server looks whether its projects' files changed on disk.
const DISK_POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// Runs a handler; `None` when it panicked (the panic's message went to
/// stderr, which editors show in their log of the server).
fn guarded(handler: impl FnOnce() -> Vec<Message>) -> Option<Vec<Message>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if std::env::var_os("ERRBOOK_TEST_PANIC").is_some_and(|v| v == "lsp") {
            panic!("ERRBOOK_TEST_PANIC=lsp");
        }
        handler()
    }))
    .ok()
}

/// Asks the client to tell the server when the files a project is made of
/// change on disk.
fn watch_request() -> Request {
    let watchers = ["**/*.ftl", "**/*.md", "**/errbook.toml", "**/*.toml"]
        .into_iter()
        .map(|glob| lsp_types::FileSystemWatcher {
            glob_pattern: lsp_types::GlobPattern::String(glob.to_owned()),
            kind: None,
        })
        .collect();
    let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
    let params = lsp_types::RegistrationParams {
        registrations: vec![lsp_types::Registration {
            id: "errbook-watch".to_owned(),
            method: note::DidChangeWatchedFiles::METHOD.to_owned(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    Request::new(
        RequestId::from("errbook-watch".to_owned()),
        req::RegisterCapability::METHOD.to_owned(),
        params,
    )
}

/// The response to request `r` of kind `R`: `handle`'s result for its
/// params (`null` when it has none, or the params cannot be read).
fn answer<R, T>(r: Request, handle: impl FnOnce(R::Params) -> Option<T>) -> Vec<Message>
where
    R: lsp_types::request::Request,
    T: serde::Serialize,
{
    let id = r.id.clone();
    let result = r
        .extract::<R::Params>(R::METHOD)
        .ok()
        .and_then(|(_, p)| handle(p));
    vec![Response::new_ok(id, result).into()]
}

fn error(id: RequestId, code: lsp_server::ErrorCode, message: &str) -> Message {
    Response::new_err(id, code as i32, message.to_owned()).into()
}

/// An open document: the client's text of it.
struct Document {
    path: PathBuf,
    version: i32,
    text: String,
}

/// A project loaded from the disk, with the times of the files it was read
/// from (to notice when they change).
struct LoadedProject {
    project: Project,
    read: Vec<(PathBuf, Option<SystemTime>)>,
    /// The editor's text of the source table it was read with (`None`:
    /// the disk's).
    table: Option<String>,
}

/// The server's state: the open documents and the projects they are in.
struct Server {
    encoding: Encoding,
    documents: HashMap<Url, Document>,
    /// By the project's root (its `errbook.toml`, or its directory).
    projects: HashMap<PathBuf, Result<LoadedProject, String>>,
}

impl Server {
    fn new(encoding: Encoding) -> Server {
        Server {
            encoding,
            documents: HashMap::new(),
            projects: HashMap::new(),
        }
    }

    fn request(&mut self, r: Request) -> Vec<Message> {
        match r.method.as_str() {
            req::HoverRequest::METHOD => {
                answer::<req::HoverRequest, _>(r, |p| self.hover(&p.text_document_position_params))
            }
            req::GotoDefinition::METHOD => answer::<req::GotoDefinition, _>(r, |p| {
                self.definition(&p.text_document_position_params)
            }),
            req::CodeActionRequest::METHOD => {
                answer::<req::CodeActionRequest, _>(r, |p| self.code_actions(&p))
            }
            req::Completion::METHOD => {
                answer::<req::Completion, _>(r, |p| self.completion(&p.text_document_position))
            }
            req::DocumentSymbolRequest::METHOD => answer::<req::DocumentSymbolRequest, _>(r, |p| {
                self.document_symbols(&p.text_document.uri)
            }),
            req::WorkspaceSymbolRequest::METHOD => {
                answer::<req::WorkspaceSymbolRequest, _>(r, |p| {
                    Some(self.workspace_symbols(&p.query))
                })
            }
            req::Initialize::METHOD => vec![error(
                r.id,
                lsp_server::ErrorCode::InvalidRequest,
                "the server is already initialized",
            )],
            _ => vec![error(
                r.id,
                lsp_server::ErrorCode::MethodNotFound,
                &format!("errbook lsp does not handle {}", r.method),
            )],
        }
    }

    /// The hover at a place of an open document.
    fn hover(&mut self, at: &lsp_types::TextDocumentPositionParams) -> Option<lsp_types::Hover> {
        let doc = self.documents.get(&at.text_document.uri)?;
        let (path, text) = (doc.path.clone(), doc.text.clone());
        let encoding = self.encoding;
        self.refresh_projects();
        self.project_of(&path)?;
        let found = project_root(&path)?;
        let project = &self.projects.get(&found)?.as_ref().ok()?.project;
        let loc = locale_of(project, &path)?;
        let lines = Lines::new(&text, encoding);
        let offset = lines.offset(&text, at.position);
        let documents = &self.documents;
        let text_of = |l: &errbook_core::project::Locale| {
            // A catalog the project does not read (a link outside it) is
            // not read here either.
            l.catalog_file?;
            let catalog = l.dir.catalog();
            documents
                .values()
                .find(|d| same_file(&d.path, &catalog))
                .map(|d| d.text.clone())
                .or_else(|| errbook_core::input::read_to_string(&catalog).ok())
        };
        let (span, markdown) = hover::hover(project, loc, &text, offset, &text_of)?;
        Some(lsp_types::Hover {
            contents: lsp_types::HoverContents::Markup(lsp_types::MarkupContent {
                kind: lsp_types::MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(lines.range(&text, span)),
        })
    }

    /// The open document's text of the file at `path`, else the disk's.
    fn text_of(&self, path: &Path) -> Option<String> {
        self.documents
            .values()
            .find(|d| same_file(&d.path, path))
            .map(|d| d.text.clone())
            .or_else(|| errbook_core::input::read_to_string(path).ok())
    }

    /// The open document at `uri` and its project, loaded when needed.
    fn document(&mut self, uri: &Url) -> Option<(PathBuf, String, PathBuf)> {
        let doc = self.documents.get(uri)?;
        let (path, text) = (doc.path.clone(), doc.text.clone());
        self.refresh_projects();
        self.project_of(&path)?;
        Some((path.clone(), text, project_root(&path)?))
    }

    fn loaded(&self, root: &Path) -> Option<&Project> {
        Some(&self.projects.get(root)?.as_ref().ok()?.project)
    }

    /// From a message to its row of the table, or from a row to the
    /// message in every locale.
    fn definition(
        &mut self,
        at: &lsp_types::TextDocumentPositionParams,
    ) -> Option<lsp_types::GotoDefinitionResponse> {
        let (path, text, root) = self.document(&at.text_document.uri)?;
        let project = self.loaded(&root)?;
        let lines = Lines::new(&text, self.encoding);
        let offset = lines.offset(&text, at.position);
        let text_of = |p: &Path| self.text_of(p);
        let places = if same_file(&path, &project.config.source) {
            navigate::to_messages(project, &text, offset, &text_of)
        } else {
            locale_of(project, &path)?;
            navigate::to_row(project, &text, offset, &text_of)
                .into_iter()
                .collect()
        };
        let locations: Vec<lsp_types::Location> =
            places.iter().filter_map(|p| self.location(p)).collect();
        (!locations.is_empty()).then_some(lsp_types::GotoDefinitionResponse::Array(locations))
    }

    fn location(&self, p: &navigate::Place) -> Option<lsp_types::Location> {
        let uri = Url::from_file_path(p.path.canonicalize().ok()?).ok()?;
        let lines = Lines::new(&p.text, self.encoding);
        Some(lsp_types::Location::new(
            uri,
            lines.range(&p.text, p.span.clone()),
        ))
    }

    /// Edits the editor can apply to a locale's file (never written here).
    fn code_actions(
        &mut self,
        p: &lsp_types::CodeActionParams,
    ) -> Option<lsp_types::CodeActionResponse> {
        let uri = &p.text_document.uri;
        let (path, text, root) = self.document(uri)?;
        let project = self.loaded(&root)?;
        let loc = locale_of(project, &path)?;
        let lines = Lines::new(&text, self.encoding);
        let range = lines.offset(&text, p.range.start)..lines.offset(&text, p.range.end);
        let missing_code = errbook_core::registry::MISSING_MESSAGE.code;
        // The missing messages the client's findings name, each inserted
        // where the server's own finding says (the client's may be out of
        // date).
        let id_of = |message: &str| {
            // `no message for code `60002` (`error-60002`)`: the last id.
            let first = message.lines().next()?;
            Some(first.rsplit('`').nth(1)?.to_owned())
        };
        let named: Vec<String> = p
            .context
            .diagnostics
            .iter()
            .filter(|d| d.code == Some(lsp_types::NumberOrString::String(missing_code.to_owned())))
            .filter_map(|d| id_of(&d.message))
            .collect();
        let missing: Vec<(String, usize)> = if named.is_empty() {
            Vec::new()
        } else {
            findings(project, &path, &text)
                .into_iter()
                .filter(|d| d.check.code == missing_code)
                .filter_map(|d| {
                    let id = id_of(&d.message)?;
                    let at = d.location.as_ref()?.span.start;
                    named.contains(&id).then_some((id, at))
                })
                .collect()
        };
        let mut found = actions::actions(project, loc, &text, range, &missing);
        // The fixes the checks know (the source's spelling of a token),
        // carried by the findings the client sends back.
        for d in &p.context.diagnostics {
            let Some(fix) = d.data.as_ref().and_then(|v| v["fix"].as_str()) else {
                continue;
            };
            let Some(lsp_types::NumberOrString::String(code)) = &d.code else {
                continue;
            };
            let Some(check) = errbook_core::registry::find(code) else {
                continue;
            };
            let span = lines.offset(&text, d.range.start)..lines.offset(&text, d.range.end);
            found.push(actions::Action {
                title: format!("Write {} ({})", shown(fix), check.name),
                edits: vec![(span, fix.to_owned())],
                preferred: true,
                fixes: Some(check.code),
            });
        }
        let response = found
            .into_iter()
            .map(|a| {
                let edits = a
                    .edits
                    .into_iter()
                    .map(|(span, new_text)| lsp_types::TextEdit {
                        range: lines.range(&text, span),
                        new_text,
                    })
                    .collect();
                let fixed: Vec<lsp_types::Diagnostic> = p
                    .context
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        a.fixes.is_some_and(|c| {
                            d.code == Some(lsp_types::NumberOrString::String(c.to_owned()))
                        })
                    })
                    .cloned()
                    .collect();
                lsp_types::CodeActionOrCommand::CodeAction(lsp_types::CodeAction {
                    title: a.title,
                    kind: Some(if a.preferred {
                        lsp_types::CodeActionKind::QUICKFIX
                    } else {
                        lsp_types::CodeActionKind::SOURCE
                    }),
                    diagnostics: (!fixed.is_empty()).then_some(fixed),
                    edit: Some(lsp_types::WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    is_preferred: Some(a.preferred),
                    ..Default::default()
                })
            })
            .collect();
        Some(response)
    }

    /// The ids of the source messages the file lacks, at the start of a
    /// line of a translated locale's file.
    fn completion(
        &mut self,
        at: &lsp_types::TextDocumentPositionParams,
    ) -> Option<lsp_types::CompletionResponse> {
        let (path, text, root) = self.document(&at.text_document.uri)?;
        let project = self.loaded(&root)?;
        let loc = locale_of(project, &path)?;
        if loc.is_source {
            return None;
        }
        let lines = Lines::new(&text, self.encoding);
        let offset = lines.offset(&text, at.position);
        let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
        let typed = &text[line_start..offset];
        let replace = lines.range(&text, line_start..offset);
        let items = navigate::complete_id(project, &text, typed)
            .into_iter()
            .map(|c| lsp_types::CompletionItem {
                label: c.id.clone(),
                kind: Some(lsp_types::CompletionItemKind::FIELD),
                detail: Some(c.source),
                filter_text: Some(c.id),
                text_edit: Some(lsp_types::CompletionTextEdit::Edit(lsp_types::TextEdit {
                    range: replace,
                    new_text: c.insert,
                })),
                ..Default::default()
            })
            .collect();
        Some(lsp_types::CompletionResponse::Array(items))
    }

    /// The messages of a catalog file, or the codes of the table.
    fn document_symbols(&mut self, uri: &Url) -> Option<lsp_types::DocumentSymbolResponse> {
        let (path, text, root) = self.document(uri)?;
        let project = self.loaded(&root)?;
        let (symbols, kind) = if same_file(&path, &project.config.source) {
            (
                navigate::table_symbols(project, &text),
                lsp_types::SymbolKind::CONSTANT,
            )
        } else {
            (navigate::ftl_symbols(&text), lsp_types::SymbolKind::STRING)
        };
        let lines = Lines::new(&text, self.encoding);
        #[allow(deprecated)] // `deprecated`, a field every symbol must still have
        let nested = symbols
            .into_iter()
            .map(|s| lsp_types::DocumentSymbol {
                name: s.name,
                detail: s.detail,
                kind,
                tags: None,
                deprecated: None,
                range: lines.range(&text, s.range),
                selection_range: lines.range(&text, s.selection),
                children: None,
            })
            .collect();
        Some(lsp_types::DocumentSymbolResponse::Nested(nested))
    }

    /// The codes of every project of an open document whose code or id
    /// holds `query` (without regard to case), at their rows of the table.
    fn workspace_symbols(&mut self, query: &str) -> lsp_types::WorkspaceSymbolResponse {
        const LIMIT: usize = 500;
        let query = query.to_lowercase();
        let paths: Vec<PathBuf> = self.documents.values().map(|d| d.path.clone()).collect();
        self.refresh_projects();
        for p in &paths {
            self.project_of(p);
        }
        let mut roots: Vec<PathBuf> = paths.iter().filter_map(|p| project_root(p)).collect();
        roots.sort();
        roots.dedup();
        let mut out = Vec::new();
        for root in roots {
            let Some(project) = self.loaded(&root) else {
                continue;
            };
            let Some(table) = self.text_of(&project.config.source) else {
                continue;
            };
            let Ok(uri) = project
                .config
                .source
                .canonicalize()
                .map_err(drop)
                .and_then(Url::from_file_path)
            else {
                continue;
            };
            let lines = Lines::new(&table, self.encoding);
            for e in navigate::table_entries(project, &table) {
                if out.len() >= LIMIT {
                    break;
                }
                let id = e.message_id();
                if !e.code.as_str().to_lowercase().contains(&query) && !id.contains(&query) {
                    continue;
                }
                #[allow(deprecated)] // `deprecated`, a field every symbol must still have
                out.push(lsp_types::SymbolInformation {
                    name: e.code.as_str().to_owned(),
                    kind: lsp_types::SymbolKind::CONSTANT,
                    tags: None,
                    deprecated: None,
                    location: lsp_types::Location::new(
                        uri.clone(),
                        lines.range(&table, e.code_span.clone()),
                    ),
                    container_name: Some(e.message.to_string()),
                });
            }
        }
        lsp_types::WorkspaceSymbolResponse::Flat(out)
    }

    /// Loads the project of the file at `path` when it is not loaded.
    fn project_of(&mut self, path: &Path) -> Option<&LoadedProject> {
        let found = project_root(path)?;
        self.ensure(&found).as_ref().ok()
    }

    /// The text of the open document of the file at `path`, if open.
    fn open_text(&self, path: &Path) -> Option<String> {
        self.documents
            .values()
            .find(|d| same_file(&d.path, path))
            .map(|d| d.text.clone())
    }

    /// The project at `root`, read when it is not, or when the editor's
    /// text of its source table is not the one it was read with: the
    /// table as it is being edited is the source of every locale's check.
    fn ensure(&mut self, root: &Path) -> &Result<LoadedProject, String> {
        let stale = match self.projects.get(root) {
            None => true,
            Some(Err(_)) => false,
            Some(Ok(l)) => self.open_text(&l.project.config.source) != l.table,
        };
        if stale {
            let mut loaded = load(root, None);
            if let Ok(l) = &loaded {
                if let Some(table) = self.open_text(&l.project.config.source) {
                    loaded = load(root, Some(table));
                }
            }
            self.projects.insert(root.to_path_buf(), loaded);
        }
        &self.projects[root]
    }

    /// True when the file at `path` is the source table of a project read.
    fn is_table(&self, path: &Path) -> bool {
        self.projects
            .values()
            .flatten()
            .any(|l| same_file(&l.project.config.source, path))
    }

    fn notify(&mut self, n: Notification) -> Vec<Message> {
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidOpenTextDocumentParams>(
                    note::DidOpenTextDocument::METHOD,
                ) else {
                    return Vec::new();
                };
                let Some(path) = file_path(&p.text_document.uri) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                self.documents.insert(
                    uri.clone(),
                    Document {
                        path,
                        version: p.text_document.version,
                        text: p.text_document.text,
                    },
                );
                self.refresh_projects();
                self.publish_edited(&uri)
            }
            note::DidChangeTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    note::DidChangeTextDocument::METHOD,
                ) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.documents.get_mut(&uri) else {
                    return Vec::new();
                };
                for change in p.content_changes {
                    apply_change(&mut doc.text, change, self.encoding);
                }
                doc.version = p.text_document.version;
                self.refresh_projects();
                self.publish_edited(&uri)
            }
            note::DidCloseTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidCloseTextDocumentParams>(
                    note::DidCloseTextDocument::METHOD,
                ) else {
                    return Vec::new();
                };
                let closed = self.documents.remove(&p.text_document.uri);
                // The editor shows no findings of a file it closed.
                let mut out = vec![publish(p.text_document.uri, Vec::new(), None)];
                // A table closed unsaved: the locales are checked against
                // the disk's again.
                if closed.is_some_and(|d| self.is_table(&d.path)) {
                    out.extend(self.publish_all());
                }
                out
            }
            note::DidSaveTextDocument::METHOD | note::DidChangeWatchedFiles::METHOD => {
                // A file of a project changed on disk: read the projects
                // again (times alone can miss a change within a tick of a
                // coarse clock), and check every open document again.
                self.projects.clear();
                self.publish_all()
            }
            _ => Vec::new(),
        }
    }

    /// The diagnostics of every open document when a project's file
    /// changed on disk since it was read; else nothing.
    fn poll_disk(&mut self) -> Vec<Message> {
        let before = self.projects.len();
        self.refresh_projects();
        if self.projects.len() < before {
            self.publish_all()
        } else {
            Vec::new()
        }
    }

    /// Drops every project one of whose files changed on disk since it was
    /// read, so that it is read again when next needed.
    fn refresh_projects(&mut self) {
        self.projects.retain(|_, p| match p {
            Ok(l) => l.read.iter().all(|(path, when)| modified(path) == *when),
            Err(_) => false,
        });
    }

    /// The diagnostics after an edit of `uri`: of every open document when
    /// it is a source table (every locale is checked against it), else of
    /// that document.
    fn publish_edited(&mut self, uri: &Url) -> Vec<Message> {
        let Some(path) = self.documents.get(uri).map(|d| d.path.clone()) else {
            return Vec::new();
        };
        // Its project read first, so that a table opened first is known.
        self.project_of(&path);
        if self.is_table(&path) {
            self.publish_all()
        } else {
            self.publish(uri).into_iter().collect()
        }
    }

    fn publish_all(&mut self) -> Vec<Message> {
        let uris: Vec<Url> = self.documents.keys().cloned().collect();
        uris.iter().filter_map(|u| self.publish(u)).collect()
    }

    /// The diagnostics of the open document `uri`, as a notification.
    fn publish(&mut self, uri: &Url) -> Option<Message> {
        let doc = self.documents.get(uri)?;
        let (path, text, version) = (doc.path.clone(), doc.text.clone(), doc.version);
        let found = project_root(&path)?;
        let encoding = self.encoding;
        let note = |message: String| lsp_types::Diagnostic {
            range: lsp_types::Range::default(),
            severity: Some(lsp_types::DiagnosticSeverity::INFORMATION),
            source: Some("errbook".to_owned()),
            message,
            ..Default::default()
        };
        let limit = errbook_core::input::max_size();
        let diagnostics = match self.ensure(&found) {
            // What the command line would refuse to read is not checked.
            Ok(_) if text.len() as u64 > limit => vec![note(format!(
                "this file is {} bytes, over errbook's limit of {limit} (ERRBOOK_MAX_FILE_SIZE); it is not checked",
                text.len()
            ))],
            Ok(l) => {
                let lines = Lines::new(&text, encoding);
                let all = findings(&l.project, &path, &text);
                // An editor lists findings; past some thousands it lists
                // nothing useful, and the message gets large.
                let mut shown: Vec<lsp_types::Diagnostic> = all
                    .iter()
                    .take(MAX_SHOWN)
                    .map(|d| to_lsp(d, &text, &lines))
                    .collect();
                if all.len() > MAX_SHOWN {
                    shown.push(note(format!(
                        "{} more findings in this file are not shown; `errbook check` lists every one",
                        all.len() - MAX_SHOWN
                    )));
                }
                shown
            }
            // A project that cannot be read: why, at the document's start.
            Err(why) => vec![lsp_types::Diagnostic {
                range: lsp_types::Range::default(),
                severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                source: Some("errbook".to_owned()),
                message: why.clone(),
                ..Default::default()
            }],
        };
        Some(publish(uri.clone(), diagnostics, Some(version)))
    }
}

fn publish(uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) -> Message {
    Notification::new(
        note::PublishDiagnostics::METHOD.to_owned(),
        lsp_types::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
    .into()
}

/// Applies one change the client made to a document.
fn apply_change(
    text: &mut String,
    change: lsp_types::TextDocumentContentChangeEvent,
    encoding: Encoding,
) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let lines = Lines::new(text, encoding);
            let start = lines.offset(text, range.start);
            let end = lines.offset(text, range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// The path of a `file:` URI.
fn file_path(uri: &Url) -> Option<PathBuf> {
    (uri.scheme() == "file")
        .then(|| uri.to_file_path().ok())
        .flatten()
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The project a file is in: its `errbook.toml`, or the directory that has
/// the default source table beside `locales/`, searched upward from the
/// file as the command line searches from where it runs.
fn project_root(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    // Found paths are relative to where the search started.
    let found = match find_root(dir)? {
        Found::Config(file) => dir.join(file),
        Found::Defaults(root) => dir.join(root),
    };
    found.canonicalize().ok()
}

/// Reads the project at `root` from the disk, or says why it cannot be.
fn load(root: &Path, table: Option<String>) -> Result<LoadedProject, String> {
    let config = if root.is_dir() {
        Config::for_root(root)
    } else {
        Config::load(Some(root))
    }
    .map_err(|e| e.to_string())?;
    // The table, the configuration, the term base (below), and the
    // locales directory (a locale added or removed).
    let mut read: Vec<PathBuf> = vec![config.source.clone(), config.locales.clone()];
    read.extend(config.file.clone());
    let loaded = match &table {
        Some(t) => Project::load_with_table(config, t.clone().into_bytes()),
        None => Project::load(config),
    };
    let project = loaded.map_err(|f| {
        f.diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    read.push(project.config.glossary.clone());
    let read = read
        .into_iter()
        .map(|p| {
            let when = modified(&p);
            (p, when)
        })
        .collect();
    Ok(LoadedProject {
        project,
        read,
        table,
    })
}

/// What `errbook check` finds in the file at `path`, were its text `text`.
fn findings(project: &Project, path: &Path, text: &str) -> Vec<Diagnostic> {
    let same = same_file;
    let mut out = Vec::new();
    if same(path, &project.config.source) {
        // The table as it is being edited.
        let mut files = errbook_core::diag::Files::new();
        let opts = errbook_core::source::ExtractOptions {
            locale: project.config.source_locale.clone(),
            columns: project.config.columns.clone(),
        };
        let extraction = errbook_core::source::extract(path, text.as_bytes(), &mut files, &opts);
        out = located(extraction.diagnostics, extraction.file);
    } else if let Some(loc) = locale_of(project, path) {
        let ftl = FtlFile::parse(text.to_owned());
        match loc.catalog_file.filter(|_| same(path, &loc.dir.catalog())) {
            Some(file) => {
                let read = CatalogRead {
                    loaded: Some(Loaded {
                        path: path.to_path_buf(),
                        file,
                        ftl,
                    }),
                    diagnostics: Vec::new(),
                };
                let (diags, _, _) = project.check_locale(loc, read, &[]);
                // The check keeps the lines its findings point at, for a
                // report; the server converts them itself, so that a long
                // session of edits does not pile them up.
                project.files.forget_lines(file);
                out = located(diags, file);
            }
            None => {
                // Another file of the locale: what the check reads in it.
                let file = errbook_core::diag::Files::new().reserve(path);
                out = located(
                    errbook_core::check::locale::syntax(&loc.dir.tag, file, &ftl),
                    file,
                );
            }
        }
    }
    // What the project says of the file itself (a link outside it, which
    // is not read).
    out.extend(
        project
            .diagnostics
            .iter()
            .filter(|d| d.path.as_deref().is_some_and(|p| same_file(p, path)))
            .cloned(),
    );
    errbook_core::run::apply_levels(&mut out, &project.config, false);
    out
}

/// True when `a` and `b` name one file.
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// The locale whose directory holds the `.ftl` file at `path`.
fn locale_of<'p>(project: &'p Project, path: &Path) -> Option<&'p errbook_core::project::Locale> {
    if path.extension().is_none_or(|e| e != "ftl") {
        return None;
    }
    let dir = path.parent()?;
    project.locales.iter().find(|l| same_file(dir, &l.dir.dir))
}

/// The diagnostics located in `file`.
fn located(diags: Vec<Diagnostic>, file: errbook_core::diag::FileId) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| d.location.as_ref().is_some_and(|l| l.file == file))
        .collect()
}

/// A finding as the client shows it: the check's code and level, its
/// message with its notes and help.
fn to_lsp(d: &Diagnostic, text: &str, lines: &Lines) -> lsp_types::Diagnostic {
    let span = d.location.as_ref().map_or(0..0, |l| l.span.clone());
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(n);
    }
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    lsp_types::Diagnostic {
        range: lines.range(text, span),
        severity: Some(match d.level {
            Level::Error => lsp_types::DiagnosticSeverity::ERROR,
            Level::Warning => lsp_types::DiagnosticSeverity::WARNING,
            Level::Allow => lsp_types::DiagnosticSeverity::HINT,
        }),
        code: Some(lsp_types::NumberOrString::String(d.check.code.to_owned())),
        source: Some("errbook".to_owned()),
        message,
        // The client gives it back with the finding, for the fix's action.
        data: d.fix.as_ref().map(|f| serde_json::json!({ "fix": f })),
        ..Default::default()
    }
}

/// A fix as an action's title shows it: in backticks, with the spaces a
/// title would hide named (`U+202F`), and one space said in words.
fn shown(fix: &str) -> String {
    if fix == " " {
        return "one space".to_owned();
    }
    let mut out = String::from("`");
    for c in fix.chars() {
        if c == ' ' || !(c.is_whitespace() || c.is_control() || c == '\u{feff}') {
            out.push(c);
        } else {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        }
    }
    out.push('`');
    out
}

#[cfg(test)]
mod title_tests {
    #[test]
    fn a_fix_shows_the_spaces_a_title_would_hide() {
        assert_eq!(super::shown("JSON"), "`JSON`");
        assert_eq!(super::shown(" "), "one space");
        assert_eq!(super::shown(", "), "`, `");
        assert_eq!(super::shown("\u{202f}:"), "`[U+202F]:`");
    }
}
