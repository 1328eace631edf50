//! `claimgraph lsp`: a Language Server Protocol 3.17 server over stdin and stdout.
//!
//! The loop is synchronous (rust-analyzer's `lsp-server` transport: a reader and a writer
//! thread, channels, no async runtime). Each turn gathers the messages that have arrived
//! (waiting a moment for those already on their way), answers `$/cancelRequest` for requests
//! still queued, applies every edit, and checks a changed map once, on its latest text, before
//! the first request that needs it or when the queue is empty: a burst of keystrokes costs one
//! check. The analysis is the library's (`claimgraph::check_with` over the open buffers,
//! `claimgraph::ide` for hover, definitions, completion …); the handlers in `requests` only
//! convert.
//!
//! A map is a `claims.yaml`, or a YAML file whose first line is the schema modeline that
//! `claimgraph init` writes. Findings in corpus files are published for those files.

mod convert;
mod requests;

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;

use claimgraph::Checked;
use claimgraph::ide::position::Encoding;
use claimgraph::load::{Disk, Files, Kind};

use super::{EXIT_CLEAN, Fatal};
use convert::{normal, path_to_uri, uri_to_path};

/// Arguments of `lsp`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Talk over stdin and stdout (the only transport, and the default; accepted because
    /// editors' clients pass it).
    #[arg(long)]
    stdio: bool,
}

/// How long to wait for the next message of a burst already on its way before acting.
const GATHER: Duration = Duration::from_millis(2);
/// Most messages gathered in one turn.
const MAX_GATHERED: usize = 4096;

pub fn run(_args: Args) -> Result<u8> {
    let (connection, io_threads) = Connection::stdio();
    let code = serve(&connection)?;
    drop(connection);
    io_threads.join().map_err(|e| {
        Fatal::new(
            format!("lost the editor's connection: {e}"),
            "restart the server",
        )
    })?;
    Ok(code)
}

/// The server on a connection, until `exit` (or the client's leaving): its exit status.
pub fn serve(connection: &Connection) -> Result<u8> {
    let (id, params) = connection.initialize_start().map_err(|e| {
        Fatal::new(
            format!("the editor did not start the session: {e}"),
            "claimgraph lsp is started by an editor, which speaks the language server protocol on its stdin",
        )
    })?;
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let result = serde_json::json!({
        "capabilities": requests::capabilities(encoding),
        "serverInfo": { "name": "claimgraph", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result).map_err(|e| {
        Fatal::new(
            format!("the editor did not start the session: {e}"),
            "restart the server",
        )
    })?;
    let mut server = Server::new(connection, encoding);
    server.watch(&params);
    for folder in workspace_folders(&params) {
        let map = folder.join("claims.yaml");
        if map.is_file() {
            server.serve_map(&map);
        }
    }
    Ok(server.run())
}

#[allow(
    deprecated,
    reason = "root_uri is what older clients send instead of folders"
)]
fn workspace_folders(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri_to_path(&f.uri))
        .collect();
    if out.is_empty() {
        out.extend(params.root_uri.as_ref().and_then(uri_to_path));
    }
    out
}

/// An open editor buffer.
pub(crate) struct Doc {
    pub text: Arc<String>,
    pub version: i32,
}

/// A map the server checks, and what it last published.
#[derive(Default)]
pub(crate) struct MapState {
    /// The last check, on the text the buffer had then.
    pub checked: Option<Arc<Checked>>,
    /// The last check in which the map parsed: ids and sources for completion while the
    /// text being typed does not parse.
    pub good: Option<Arc<Checked>>,
    /// The files findings were published for, to clear those that have none now.
    pub published: HashSet<PathBuf>,
    /// What the checks of this map keep from one to the next: the corpus read and indexed,
    /// every quote's anchor, the claims list's layout for re-parsing only edited claims.
    pub session: claimgraph::Session,
}

/// The open buffers over the disk: how the library reads unsaved text.
pub(crate) struct Buffers<'a> {
    docs: &'a HashMap<PathBuf, Doc>,
}

impl Files for Buffers<'_> {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        match self.docs.get(&normal(path)) {
            Some(doc) => Ok(Kind::File(doc.text.len() as u64)),
            None => Disk.kind(path),
        }
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.docs.get(&normal(path)) {
            Some(doc) => Ok(doc.text.as_bytes().to_vec()),
            None => Disk.read(path),
        }
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
        Disk.list(dir)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        Disk.canonicalize(path)
    }
}

/// Whether a file is a map: `claims.yaml`, or YAML whose first line is claimgraph's schema
/// modeline.
pub(crate) fn is_map(path: &Path, text: &str) -> bool {
    if path.file_name().is_some_and(|n| n == "claims.yaml") {
        return true;
    }
    let yaml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let first = text.lines().next().unwrap_or_default();
    yaml && first.starts_with("# yaml-language-server:")
        && first.contains("$schema=")
        && first.trim_end().ends_with("claims.schema.json")
}

pub(crate) struct Server<'a> {
    connection: &'a Connection,
    pub encoding: Encoding,
    pub docs: HashMap<PathBuf, Doc>,
    pub maps: HashMap<PathBuf, MapState>,
    dirty: BTreeSet<PathBuf>,
    queue: VecDeque<Message>,
    shutdown: bool,
    next_request: i32,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, encoding: Encoding) -> Self {
        Server {
            connection,
            encoding,
            docs: HashMap::new(),
            maps: HashMap::new(),
            dirty: BTreeSet::new(),
            queue: VecDeque::new(),
            shutdown: false,
            next_request: 0,
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The writer thread has gone only when the client has: the loop ends on its own then.
        let _ = self.connection.sender.send(message.into());
    }

    pub fn respond(&self, response: Response) {
        self.send(response);
    }

    pub fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    /// Asks the client to tell of changes to corpus and map files, when it can be asked.
    fn watch(&mut self, params: &lsp::InitializeParams) {
        let dynamic = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let watchers = ["**/*.txt", "**/*.md", "**/*.yaml", "**/*.yml"]
            .iter()
            .map(|glob| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect();
        let registration = lsp::Registration {
            id: "claimgraph-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        self.next_request += 1;
        self.send(Request::new(
            RequestId::from(self.next_request),
            "client/registerCapability".to_string(),
            lsp::RegistrationParams {
                registrations: vec![registration],
            },
        ));
    }

    /// Starts serving the map at `path` (checked at the next turn).
    pub fn serve_map(&mut self, path: &Path) {
        let path = normal(path);
        self.maps.entry(path.clone()).or_default();
        self.dirty.insert(path);
    }

    /// The served maps a corpus file (or a map file) belongs to.
    fn maps_of(&self, path: &Path) -> Vec<PathBuf> {
        if self.maps.contains_key(path) {
            return vec![path.to_path_buf()];
        }
        self.maps
            .iter()
            .filter(|(map, state)| {
                let corpus = state
                    .good
                    .as_ref()
                    .and_then(|c| c.map.as_ref())
                    .map(|m| normal(&m.corpus_dir))
                    .or_else(|| map.parent().map(|p| p.join("corpus")));
                corpus.is_some_and(|c| path.starts_with(c))
            })
            .map(|(map, _)| map.clone())
            .collect()
    }

    /// A file changed (in a buffer or on disk): the maps it belongs to are checked again.
    fn changed(&mut self, path: &Path) {
        let mut maps = self.maps_of(path);
        if maps.is_empty() && !self.maps.contains_key(path) {
            // A corpus file opened before its map: the map beside its folder, if there is one.
            if let Some(map) = path
                .parent()
                .and_then(Path::parent)
                .map(|d| d.join("claims.yaml"))
                && (self.docs.contains_key(&map) || map.is_file())
            {
                self.serve_map(&map);
                maps.push(map);
            }
        }
        // The corpus is kept between checks: a map whose file this is reads it again.
        for map in &maps {
            if let Some(state) = self.maps.get_mut(map) {
                state.session.forget(path);
            }
        }
        self.dirty.extend(maps);
    }

    /// Checks the map at `path` on its current text and publishes its findings.
    pub fn check(&mut self, path: &Path) {
        self.dirty.remove(path);
        let files = Buffers { docs: &self.docs };
        let state = self.maps.entry(path.to_path_buf()).or_default();
        // The last check is let go of (the completion data kept weakly: the session holds it
        // while it matters) so that the session can change it in place, not copy the map.
        let good = state.good.take().map(|g| Arc::downgrade(&g));
        state.checked = None;
        let outcome = state.session.check(&files, path);
        let mut by_file: HashMap<PathBuf, Vec<lsp::Diagnostic>> = HashMap::new();
        by_file.insert(path.to_path_buf(), Vec::new());
        match outcome {
            Ok(checked) => {
                for (file, diagnostic) in convert::diagnostics(&checked, self.encoding) {
                    by_file.entry(file).or_default().push(diagnostic);
                }
                state.good = if checked.map.is_some() {
                    Some(checked.clone())
                } else {
                    good.and_then(|g| g.upgrade())
                };
                state.checked = Some(checked);
            }
            Err(error) => {
                // The map cannot be reached at all (its corpus folder is missing, say).
                state.good = good.and_then(|g| g.upgrade());
                by_file
                    .entry(path.to_path_buf())
                    .or_default()
                    .push(lsp::Diagnostic {
                        severity: Some(lsp::DiagnosticSeverity::ERROR),
                        source: Some("claimgraph".to_string()),
                        message: format!("{error}\nhelp: {}", error.hint()),
                        ..Default::default()
                    });
            }
        }
        let old = std::mem::take(&mut state.published);
        state.published = by_file.keys().cloned().collect();
        let mut files: Vec<PathBuf> = old.union(&state.published).cloned().collect();
        files.sort();
        for file in files {
            let diagnostics = by_file.remove(&file).unwrap_or_default();
            let version = self.docs.get(&file).map(|d| d.version);
            self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri: path_to_uri(&file),
                diagnostics,
                version,
            });
        }
    }

    /// Whether the map at `path` must be checked before a request about it is answered.
    pub fn flush(&mut self, path: &Path) {
        if self.dirty.contains(path) {
            self.check(path);
        }
    }

    /// Takes what has arrived; `false` once the client has gone.
    fn gather(&mut self) -> bool {
        let receiver = &self.connection.receiver;
        if self.queue.is_empty() && self.dirty.is_empty() {
            match receiver.recv() {
                Ok(message) => self.queue.push_back(message),
                Err(_) => return false,
            }
        }
        while self.queue.len() < MAX_GATHERED {
            match receiver.recv_timeout(GATHER) {
                Ok(message) => self.queue.push_back(message),
                Err(crossbeam_timeout) => {
                    if crossbeam_timeout.is_disconnected() {
                        return !self.queue.is_empty() || !self.dirty.is_empty();
                    }
                    break;
                }
            }
        }
        true
    }

    /// Answers `$/cancelRequest` for the requests still in the queue.
    fn cancel_queued(&mut self) {
        let cancelled: HashSet<RequestId> = self
            .queue
            .iter()
            .filter_map(|m| match m {
                Message::Notification(n) if n.method == "$/cancelRequest" => {
                    serde_json::from_value::<lsp::CancelParams>(n.params.clone())
                        .ok()
                        .map(|p| match p.id {
                            lsp::NumberOrString::Number(n) => RequestId::from(n),
                            lsp::NumberOrString::String(s) => RequestId::from(s),
                        })
                }
                _ => None,
            })
            .collect();
        if cancelled.is_empty() {
            return;
        }
        let mut kept = VecDeque::with_capacity(self.queue.len());
        for message in self.queue.drain(..) {
            match message {
                Message::Request(r) if cancelled.contains(&r.id) => {
                    let _ = self.connection.sender.send(
                        Response::new_err(
                            r.id,
                            ErrorCode::RequestCanceled as i32,
                            "cancelled".to_string(),
                        )
                        .into(),
                    );
                }
                other => kept.push_back(other),
            }
        }
        self.queue = kept;
    }

    /// The loop: its exit status (0 after `shutdown` then `exit`, 1 for `exit` alone or a
    /// client that went away).
    fn run(&mut self) -> u8 {
        loop {
            let connected = self.gather();
            self.cancel_queued();
            while let Some(message) = self.queue.pop_front() {
                match message {
                    Message::Request(request) => self.request(request),
                    Message::Notification(n) if n.method == "exit" => {
                        return if self.shutdown { EXIT_CLEAN } else { 1 };
                    }
                    Message::Notification(n) => requests::notification(self, n),
                    Message::Response(_) => {}
                }
            }
            let dirty: Vec<PathBuf> = self.dirty.iter().cloned().collect();
            for path in dirty {
                self.check(&path);
            }
            if !connected {
                return if self.shutdown { EXIT_CLEAN } else { 1 };
            }
        }
    }

    fn request(&mut self, request: Request) {
        if self.shutdown {
            self.respond(Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_string(),
            ));
            return;
        }
        if request.method == "shutdown" {
            self.shutdown = true;
            self.respond(Response::new_ok(request.id, ()));
            return;
        }
        let response = requests::request(self, request);
        self.respond(response);
    }

    pub fn doc_changed(&mut self, path: &Path) {
        self.changed(path);
    }
}
