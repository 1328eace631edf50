//! `claimgraph serve`: the interactive page, live, for the curator's second screen.
//!
//! One HTTP/1.1 server on 127.0.0.1 (tiny_http: a thread per connection, no async runtime, as
//! `lsp` has none) that serves exactly two things: the page at `/` and its update stream at
//! `/events` (server-sent events). Everything else is a 404, whatever the path looks like (`..`,
//! `%2e%2e`, an absolute path, an absolute URL): no file is ever read by a request's path. A
//! request whose `Host` is not this server's loopback address and port is refused, so a web page
//! whose DNS name was rebound to 127.0.0.1 cannot read the map through the browser.
//!
//! A watcher thread (notify, debounced) sees saves of the map and of the corpus, checks and
//! draws the map again off the HTTP threads, and publishes a new state: the page (its version
//! bumped when its bytes changed) and the problem, if any. Each stream sends the state on
//! connecting and after every change; the page fetches `/` again when the version differs from
//! its own and swaps the drawing and data in place (see `render/html/page.js`). A map with
//! errors is drawn anyway, its findings in the header; a map that does not load or draw keeps
//! the last good page, and the stream carries the error, which the page shows on top.
//!
//! Nothing is written, so the default SIGINT (Ctrl-C) ends the server with nothing half-done.

use std::io::Write as _;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use serde::Serialize;

use super::render::{DrawArgs, fatal, print_findings};
use super::{Color, EXIT_FINDINGS, Fatal};
use claimgraph::diagnostic::{display_path, to_short};
use claimgraph::render::{self, Format, RenderOptions, html};

/// The port when none is given.
pub const DEFAULT_PORT: u16 = 7878;
/// How long the map and corpus must be quiet after a change before they are read: an editor's
/// save is several events (write, rename, chmod), and reading after the first could find half
/// a file. Most of the 300 ms from a save to the page is left for checking and drawing.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// A comment line on every stream this often, so a stream whose reader has gone is noticed and
/// its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Open update streams at most (each holds two threads); more get a 503.
const MAX_STREAMS: usize = 32;
/// Page responses being written at most; more get a 503.
const MAX_PAGES: usize = 32;
/// Lines of findings a problem shows at most.
const MAX_PROBLEM_LINES: usize = 20;

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Serves only the page and its update stream, on 127.0.0.1 only. Nothing is written; Ctrl-C stops it.\n\nExamples:\n  claimgraph serve --open\n  claimgraph serve maps/claims.yaml --port 0"
)]
pub struct Args {
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Port on 127.0.0.1 (0: any free port; the URL is printed).
    #[arg(long, short = 'p', default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    #[command(flatten)]
    draw: DrawArgs,
}

/// What the page shows on top when the latest save could not be drawn.
#[derive(Clone, Debug, Serialize)]
struct Problem {
    title: String,
    lines: Vec<String>,
}

/// What the server serves now.
struct State {
    /// The last good page.
    page: Arc<String>,
    /// Its version (the page carries it too).
    version: String,
    /// The stream's event: the version and the problem, as JSON on one line.
    event: Arc<String>,
    /// Bumped on every new state, problem or not: the streams wait for it to change.
    seq: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; if something did, the state is still whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One drawing of the map, or why there is none.
enum Drawn {
    Page {
        html: String,
        /// The version the page carries.
        version: String,
        corpus: PathBuf,
        note: String,
    },
    Failed(Problem, Failure),
}

/// Why a drawing failed, for the first drawing at start-up, which has no last good page to fall
/// back on and so stops the command like `render` would.
enum Failure {
    Findings(Box<claimgraph::Checked>),
    Fatal(Fatal),
}

/// Everything that stays the same between drawings.
struct Drawer {
    map: PathBuf,
    options: RenderOptions,
    /// The start time, so that a restarted server's versions never equal an old one's.
    epoch: u128,
    count: u64,
}

impl Drawer {
    fn draw(&mut self) -> Drawn {
        self.count += 1;
        let version = format!("{}-{}", self.epoch, self.count);
        let name = display_path(&self.map);
        let checked = match claimgraph::check(&self.map) {
            Ok(checked) => checked,
            Err(error) => {
                let fatal = Fatal::from(error);
                let problem = Problem {
                    title: format!(
                        "{name} could not be read; the drawing is the last one that loaded"
                    ),
                    lines: vec![fatal.message.clone(), format!("help: {}", fatal.hint)],
                };
                return Drawn::Failed(problem, Failure::Fatal(fatal));
            }
        };
        let Some(map) = checked.map.as_ref() else {
            let problem = Problem {
                title: format!("{name} does not load; the drawing is the last one that did"),
                lines: findings(&checked.diagnostics),
            };
            return Drawn::Failed(problem, Failure::Findings(Box::new(checked)));
        };
        let mut options = self.options.clone();
        options.page.live = Some(version.clone());
        match render::render(map, &checked.diagnostics, Format::Html, &options) {
            Ok(rendered) => {
                let counts = checked.counts();
                let note = match (counts.errors, counts.warnings) {
                    (0, 0) => "clean".to_string(),
                    (errors, warnings) => format!("{errors} errors, {warnings} warnings"),
                };
                Drawn::Page {
                    html: rendered.output,
                    version,
                    corpus: map.corpus_dir.clone(),
                    note,
                }
            }
            Err(error) => {
                let fatal = fatal(error);
                let problem = Problem {
                    title: format!(
                        "{name} could not be drawn; the drawing is the last one that could"
                    ),
                    lines: vec![fatal.message.clone(), format!("help: {}", fatal.hint)],
                };
                Drawn::Failed(problem, Failure::Fatal(fatal))
            }
        }
    }
}

/// The findings as `check --format short` prints them, the errors first, at most
/// [`MAX_PROBLEM_LINES`].
fn findings(diagnostics: &[claimgraph::Diagnostic]) -> Vec<String> {
    let (errors, others): (Vec<_>, Vec<_>) = diagnostics
        .iter()
        .cloned()
        .partition(|d| d.severity == claimgraph::diagnostic::Severity::Error);
    let mut lines: Vec<String> = to_short(&errors)
        .lines()
        .chain(to_short(&others).lines())
        .map(str::to_string)
        .collect();
    if lines.len() > MAX_PROBLEM_LINES {
        let more = lines.len() - MAX_PROBLEM_LINES;
        lines.truncate(MAX_PROBLEM_LINES);
        lines.push(format!(
            "… and {more} more (claimgraph check lists them all)"
        ));
    }
    lines
}

fn event_json(version: &str, problem: Option<&Problem>) -> String {
    #[derive(Serialize)]
    struct Event<'a> {
        version: &'a str,
        problem: Option<&'a Problem>,
    }
    // One line: serde_json escapes every newline inside strings, so it is one `data:` field.
    serde_json::to_string(&Event { version, problem }).unwrap_or_else(|_| "{}".to_string())
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    let mut options = RenderOptions::default();
    args.draw.apply(&mut options);
    let epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut drawer = Drawer {
        map: args.map.clone(),
        options,
        epoch,
        count: 0,
    };
    let (page, version, corpus) = match drawer.draw() {
        Drawn::Page {
            html,
            version,
            corpus,
            ..
        } => (html, version, corpus),
        Drawn::Failed(_, Failure::Findings(checked)) => {
            print_findings(&checked, &args.map, color);
            eprintln!("  help: serve needs a map that loads once; fix it and start serve again");
            return Ok(EXIT_FINDINGS);
        }
        Drawn::Failed(_, Failure::Fatal(fatal)) => return Err(fatal.into()),
    };
    let listener = bind(args.port)?;
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| Fatal::new(format!("cannot serve: {e}"), "try another --port"))?;
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            event: Arc::new(event_json(&version, None)),
            page: Arc::new(page),
            version,
            seq: 1,
        }),
        changed: Condvar::new(),
    });
    let watcher = Watcher::start(&args.map, &corpus)?;
    {
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("redraw".into())
            .spawn(move || watcher.run(drawer, &shared))
            .map_err(|e| Fatal::new(format!("cannot start the watcher: {e}"), "try again"))?;
    }
    let url = format!("http://127.0.0.1:{port}/");
    eprintln!(
        "serving {} at {url} (only this page and its updates; Ctrl-C stops)",
        display_path(&args.map)
    );
    // The URL alone on stdout, for scripts (`--port 0`).
    super::out(&format!("{url}\n"))?;
    if args.open
        && let Err(error) = open::that_detached(&url)
    {
        eprintln!("warning: cannot open a browser: {error}; open {url} yourself");
    }
    let limits = Limits::default();
    loop {
        match server.recv() {
            Ok(request) => handle(request, &shared, port, &limits),
            Err(error) => {
                return Err(Fatal::new(
                    format!("the server stopped: {error}"),
                    "start claimgraph serve again",
                )
                .into());
            }
        }
    }
}

/// Binds 127.0.0.1:`port`, the only address serve listens on (no option widens it: the map
/// and corpus may be private, and the page is for this machine's screen).
fn bind(port: u16) -> Result<TcpListener, Fatal> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).map_err(|error| {
        let hint = match error.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "stop the program using it (another claimgraph serve?), or pick another port: --port {} (--port 0 takes any free one)",
                port.wrapping_add(1).max(1024)
            ),
            std::io::ErrorKind::PermissionDenied => {
                "ports below 1024 need privileges; use a port above 1023, or --port 0".to_string()
            }
            _ => "try another port, or --port 0 for any free one".to_string(),
        };
        Fatal::new(format!("cannot listen on 127.0.0.1:{port}: {error}"), hint)
    })
}

/// Watches the map's folder (the map itself may be replaced by a rename, which a watch on the
/// file would lose) and the corpus folder, and redraws on their changes, once they have been
/// quiet for [`DEBOUNCE`].
///
/// The debouncing is these few lines rather than notify-debouncer-mini, which reports every
/// kind of event alike: inotify reports each open of a file, so reading the corpus to draw it
/// would be a change, and the map would be redrawn forever. notify-debouncer-full keeps the
/// kinds but wakes every quarter of its timeout for as long as it runs.
struct Watcher {
    watcher: RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    /// The map, as the watcher reports it (in its folder, made absolute).
    map: PathBuf,
    folder: PathBuf,
    /// The corpus folder being watched, absolute, if it exists.
    corpus: Option<PathBuf>,
}

impl Watcher {
    fn start(map: &Path, corpus: &Path) -> Result<Watcher, Fatal> {
        let cannot = |e: notify::Error| {
            Fatal::new(
                format!("cannot watch {} for changes: {e}", display_path(map)),
                "on Linux, raise fs.inotify.max_user_watches and max_user_instances (sysctl)",
            )
        };
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender).map_err(cannot)?;
        let absolute = std::path::absolute(map).unwrap_or_else(|_| map.to_path_buf());
        let folder = absolute
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        // Canonical, so that the paths notify reports (under the watched path) compare equal.
        let folder = folder.canonicalize().unwrap_or(folder);
        let map = match absolute.file_name() {
            Some(name) => folder.join(name),
            None => absolute,
        };
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(cannot)?;
        let mut watcher = Watcher {
            watcher,
            events,
            map,
            folder,
            corpus: None,
        };
        watcher.follow_corpus(corpus);
        Ok(watcher)
    }

    /// Watches `corpus` (recursively) instead of the folder watched so far, when it exists and
    /// differs: the map may name another corpus, or its corpus folder may appear later.
    fn follow_corpus(&mut self, corpus: &Path) {
        let Ok(corpus) = std::path::absolute(corpus).and_then(|c| c.canonicalize()) else {
            return;
        };
        if self.corpus.as_deref() == Some(corpus.as_path()) || !corpus.is_dir() {
            return;
        }
        if let Some(old) = self.corpus.take() {
            let _ = self.watcher.unwatch(&old);
        }
        match self.watcher.watch(&corpus, RecursiveMode::Recursive) {
            Ok(()) => self.corpus = Some(corpus),
            Err(error) => eprintln!(
                "warning: cannot watch {} for changes: {error}; saves of the corpus will not show",
                display_path(&corpus)
            ),
        }
    }

    /// Whether a change at `path` can change the page: the map, or anything in the corpus
    /// (a new source, a removed one, the corpus folder itself appearing).
    fn concerns(&self, path: &Path) -> bool {
        path == self.map
            || self.corpus.as_deref().is_some_and(|c| path.starts_with(c))
            || (self.corpus.is_none() && path.parent() == Some(self.folder.as_path()))
    }

    /// Whether `event` is a change that can change the page. Opening or closing a file is not
    /// one (the drawing opens every file it reads).
    fn changes_page(&self, event: &notify::Result<notify::Event>) -> bool {
        match event {
            Ok(event) => {
                !matches!(event.kind, EventKind::Access(_))
                    && event.paths.iter().any(|path| self.concerns(path))
            }
            Err(error) => {
                eprintln!("warning: watching for changes: {error}");
                false
            }
        }
    }

    /// Waits for a change that concerns the page, then until the folders have been quiet for
    /// [`DEBOUNCE`]; `false` when the watcher has stopped.
    fn next_change(&self) -> bool {
        loop {
            let Ok(event) = self.events.recv() else {
                return false;
            };
            if self.changes_page(&event) {
                break;
            }
        }
        // Only changes that concern the page extend the wait: a log file written nonstop in
        // the map's folder must not hold the drawing back.
        let mut quiet_from = Instant::now() + DEBOUNCE;
        loop {
            let wait = quiet_from.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(wait) {
                Ok(event) => {
                    if self.changes_page(&event) {
                        quiet_from = Instant::now() + DEBOUNCE;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => return true,
                Err(mpsc::RecvTimeoutError::Disconnected) => return false,
            }
        }
    }

    fn run(mut self, mut drawer: Drawer, shared: &Shared) {
        while self.next_change() {
            let started = Instant::now();
            let drawn = drawer.draw();
            let elapsed = started.elapsed().as_millis();
            let name = display_path(&drawer.map);
            let mut state = shared.lock();
            match drawn {
                Drawn::Page {
                    html,
                    version,
                    corpus,
                    note,
                } => {
                    // A new version only when the page changed (a save that changed nothing
                    // visible, or a `touch`, is not redrawn in the browser); the page carries
                    // its version, which is left out of the comparison.
                    if html.replacen(&version, &state.version, 1) != *state.page {
                        state.version = version;
                        state.page = Arc::new(html);
                    }
                    state.event = Arc::new(event_json(&state.version, None));
                    drop(state);
                    eprintln!("{name}: redrawn ({note}) in {elapsed} ms");
                    self.follow_corpus(&corpus);
                }
                Drawn::Failed(problem, _) => {
                    state.event = Arc::new(event_json(&state.version, Some(&problem)));
                    drop(state);
                    eprintln!("{name}: {}", problem.title);
                }
            }
            let mut state = shared.lock();
            state.seq += 1;
            drop(state);
            shared.changed.notify_all();
        }
    }
}

/// How many page responses and streams are being written, against their limits.
#[derive(Default)]
struct Limits {
    pages: Arc<AtomicUsize>,
    streams: Arc<AtomicUsize>,
}

/// A slot counted in `counter` while it lives, if fewer than `max` are taken.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(counter: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        counter
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(counter)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What a request's target names: only these two paths exist.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Page,
    Events,
}

/// The route of a request target, compared as the exact bytes sent: nothing is decoded or
/// normalised, so `/%2e%2e/x`, `/../x`, `//x` and `http://host/` are simply other paths (404).
/// A query string is ignored.
fn route(target: &str) -> Option<Route> {
    let path = target.split_once('?').map_or(target, |(path, _)| path);
    match path {
        "/" => Some(Route::Page),
        "/events" => Some(Route::Events),
        _ => None,
    }
}

/// Whether the `Host` header names this server: `127.0.0.1`, `localhost` or `[::1]` with its
/// port (or without, on port 80). Anything else, or no or several `Host` headers, is refused:
/// a page on another site whose name was rebound to 127.0.0.1 sends its own name.
fn host_allowed(hosts: &[&str], port: u16) -> bool {
    let [host] = hosts else { return false };
    let host = host.trim().to_ascii_lowercase();
    let (name, given) = match host.rsplit_once(':') {
        Some((name, given)) if !name.is_empty() && !given.contains(']') => {
            (name, given.parse::<u16>().ok())
        }
        _ => (host.as_str(), (port == 80).then_some(80)),
    };
    given == Some(port) && matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Headers every response carries.
fn common_headers<R: std::io::Read>(
    mut response: tiny_http::Response<R>,
) -> tiny_http::Response<R> {
    for (name, value) in [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ] {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    response
}

fn plain(status: u16, body: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response =
        common_headers(tiny_http::Response::from_string(body).with_status_code(status));
    if let Some(h) = header("Content-Type", "text/plain; charset=utf-8") {
        response.add_header(h);
    }
    response
}

fn handle(request: tiny_http::Request, shared: &Arc<Shared>, port: u16, limits: &Limits) {
    let hosts: Vec<&str> = request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
        .collect();
    if !host_allowed(&hosts, port) {
        let _ = request.respond(plain(
            421,
            "misdirected request: this server answers only to 127.0.0.1, localhost and [::1] on its own port\n",
        ));
        return;
    }
    let method = request.method().clone();
    let get = matches!(method, tiny_http::Method::Get);
    match route(request.url()) {
        None => {
            let _ = request.respond(plain(
                404,
                "not found: claimgraph serve serves only its page, at /\n",
            ));
        }
        Some(_) if !(get || matches!(method, tiny_http::Method::Head)) => {
            let mut response = plain(405, "method not allowed\n");
            if let Some(h) = header("Allow", "GET, HEAD") {
                response.add_header(h);
            }
            let _ = request.respond(response);
        }
        Some(Route::Page) => {
            let Some(slot) = Slot::take(&limits.pages, MAX_PAGES) else {
                let _ = request.respond(plain(503, "busy: try again\n"));
                return;
            };
            let page = Arc::clone(&shared.lock().page);
            // Written on a thread of its own, so a slow reader holds up no one else.
            let spawned = std::thread::Builder::new()
                .name("page".into())
                .spawn(move || {
                    let _slot = slot;
                    let mut response =
                        common_headers(tiny_http::Response::from_data(page.as_bytes()));
                    for (name, value) in [
                        ("Content-Type", "text/html; charset=utf-8"),
                        (
                            "Content-Security-Policy",
                            &html::content_security_policy(true),
                        ),
                    ] {
                        if let Some(h) = header(name, value) {
                            response.add_header(h);
                        }
                    }
                    let _ = request.respond(response);
                });
            if let Err(error) = spawned {
                eprintln!("warning: cannot answer a request: {error}");
            }
        }
        Some(Route::Events) => {
            let Some(slot) = Slot::take(&limits.streams, MAX_STREAMS) else {
                let _ = request.respond(plain(503, "too many open pages: close some\n"));
                return;
            };
            let shared = Arc::clone(shared);
            let spawned = std::thread::Builder::new()
                .name("events".into())
                .spawn(move || {
                    let _slot = slot;
                    stream(request, &shared, get);
                });
            if let Err(error) = spawned {
                eprintln!("warning: cannot open an update stream: {error}");
            }
        }
    }
}

/// The update stream: the state now, then again after every change, and a comment line every
/// [`KEEPALIVE`]; it ends when the reader has gone (a write fails).
fn stream(request: tiny_http::Request, shared: &Shared, body: bool) {
    let mut writer = request.into_writer();
    // Written by hand: a streamed body through tiny_http's `Response` is chunked in 8 KiB
    // pieces and would sit in its buffer. Without a length and with `Connection: close`, the
    // body is everything until the server closes, as server-sent events expect.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
        || !body
    {
        return;
    }
    // The browser reconnects a second after losing the stream (a restarted server).
    let mut seen = 0;
    let mut message = String::from("retry: 1000\n");
    loop {
        let (event, seq) = {
            let state = shared.lock();
            (Arc::clone(&state.event), state.seq)
        };
        if seq != seen {
            seen = seq;
            message.push_str("event: state\ndata: ");
            message.push_str(&event);
            message.push_str("\n\n");
        }
        if !message.is_empty() {
            if writer
                .write_all(message.as_bytes())
                .and_then(|()| writer.flush())
                .is_err()
            {
                return;
            }
            message.clear();
        }
        let state = shared.lock();
        let (state, timeout) = shared
            .changed
            .wait_timeout_while(state, KEEPALIVE, |state| state.seq == seen)
            .unwrap_or_else(PoisonError::into_inner);
        drop(state);
        if timeout.timed_out() {
            message.push_str(": keep-alive\n\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_two_paths_are_routes() {
        assert_eq!(route("/"), Some(Route::Page));
        assert_eq!(route("/?t=1"), Some(Route::Page));
        assert_eq!(route("/events"), Some(Route::Events));
        for target in [
            "",
            "*",
            "//",
            "/events/",
            "/claims.yaml",
            "/../claims.yaml",
            "/%2e%2e/claims.yaml",
            "/%2E%2E%2Fclaims.yaml",
            "//etc/passwd",
            "/etc/passwd",
            "/corpus/x.txt",
            "http://127.0.0.1:7878/",
            "http://127.0.0.1:7878/claims.yaml",
            "/index.html",
            "/.",
            "/%2F",
        ] {
            assert_eq!(route(target), None, "{target}");
        }
    }

    #[test]
    fn the_host_must_be_this_loopback_server() {
        for host in [
            "127.0.0.1:7878",
            "localhost:7878",
            "[::1]:7878",
            "LOCALHOST:7878",
        ] {
            assert!(host_allowed(&[host], 7878), "{host}");
        }
        for host in [
            "evil.example:7878",
            "127.0.0.1:7879",
            "127.0.0.1",
            "localhost",
            "[::1]",
            "127.0.0.2:7878",
            "localhost.:7878",
            "0.0.0.0:7878",
            "127.0.0.1:7878:7878",
            ":7878",
            "",
        ] {
            assert!(!host_allowed(&[host], 7878), "{host}");
        }
        assert!(!host_allowed(&[], 7878));
        assert!(!host_allowed(&["127.0.0.1:7878", "127.0.0.1:7878"], 7878));
        assert!(host_allowed(&["localhost"], 80));
        assert!(host_allowed(&["[::1]"], 80));
    }
}
