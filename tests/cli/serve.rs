//! `claimgraph serve`: the real binary on a free loopback port, spoken to over raw TCP (so that
//! request targets reach it exactly as written, `..` and `%2e%2e` included, which an HTTP
//! client would normalise away).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{root, scratch_copy};

/// A running `claimgraph serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    fn start(map: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("claimgraph"))
            .current_dir(root())
            .env("NO_COLOR", "1")
            .arg("serve")
            .arg(map)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("claimgraph serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().expect("log");
                log.push_str(&line);
                log.push('\n');
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve prints its URL");
        let port = line
            .trim()
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "a URL on stdout, got {line:?}; stderr: {}",
                    log.lock().expect("log")
                )
            });
        Server {
            child,
            port,
            stderr: log,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `GET target` with this Host header (none when `None`): (status, head, body).
    fn get(&self, target: &str, host: Option<&str>) -> (u16, String, String) {
        self.request("GET", target, host)
    }

    fn request(&self, method: &str, target: &str, host: Option<&str>) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        let mut request = format!("{method} {target} HTTP/1.1\r\n");
        if let Some(host) = host {
            request.push_str(&format!("Host: {host}\r\n"));
        }
        request.push_str("Connection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a status line, got {head:?}"));
        let body = if header_of(head, "transfer-encoding").as_deref() == Some("chunked") {
            dechunk(body)
        } else {
            body.to_string()
        };
        (status, head.to_string(), body)
    }

    /// Opens `/events` and returns a channel of its `data:` lines.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let request = format!("GET /events HTTP/1.1\r\nHost: {}\r\n\r\n", self.host());
        stream.write_all(request.as_bytes()).expect("send");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ")
                    && tx.send(data.to_string()).is_err()
                {
                    return;
                }
            }
        });
        rx
    }

    fn log(&self) -> String {
        self.stderr.lock().expect("log").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn header_of(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

fn json(data: &str) -> serde_json::Value {
    serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}"))
}

/// The next event within `within`, skipping none.
fn next_event(
    events: &mpsc::Receiver<String>,
    within: Duration,
    server: &Server,
) -> serde_json::Value {
    match events.recv_timeout(within) {
        Ok(data) => json(&data),
        Err(_) => panic!("no event within {within:?}; serve said:\n{}", server.log()),
    }
}

#[test]
fn serve_serves_the_page_with_its_policy_plus_connect_src_self() {
    let (_dir, map) = scratch_copy("html-basic");
    let server = Server::start(&map, &["--engine", "builtin"]);
    let (status, head, body) = server.get("/", Some(&server.host()));
    assert_eq!(status, 200, "{head}");
    assert_eq!(
        header_of(&head, "content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let csp = header_of(&head, "content-security-policy").expect("a CSP header");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    // The page's own policy is the same, and the offline page's is that without connect-src.
    assert!(
        body.contains(&format!("content=\"{csp}\"")),
        "meta CSP differs"
    );
    let offline = crate::support::claimgraph()
        .args(["render", "--format", "html", "--engine", "builtin"])
        .arg(&map)
        .output()
        .expect("render");
    let offline = String::from_utf8_lossy(&offline.stdout);
    assert!(offline.contains(&format!(
        "content=\"{}\"",
        csp.replace("connect-src 'self'; ", "")
    )));
    assert!(
        body.contains("\"live\":{\"version\":"),
        "the page knows it is live"
    );
    assert!(!offline.contains("\"live\""), "the offline page does not");
    assert_eq!(
        header_of(&head, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    // localhost and [::1] are this server too.
    for host in [
        format!("localhost:{}", server.port),
        format!("[::1]:{}", server.port),
    ] {
        assert_eq!(server.get("/", Some(&host)).0, 200, "{host}");
    }
    let (status, head, _) = server.request("POST", "/", Some(&server.host()));
    assert_eq!(status, 405, "{head}");
}

#[test]
fn serve_serves_no_file_by_path() {
    let (dir, map) = scratch_copy("html-basic");
    // A symlink beside the map to it, and one to /etc/passwd: still no files.
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(&map, dir.path().join("link.yaml"));
        let _ = std::os::unix::fs::symlink("/etc/passwd", dir.path().join("passwd"));
    }
    let server = Server::start(&map, &["--engine", "builtin"]);
    let map_text = std::fs::read_to_string(&map).expect("map");
    let corpus_text =
        std::fs::read_to_string(dir.path().join("corpus/council-report.txt")).expect("corpus");
    let absolute = map.display().to_string();
    let port = server.port;
    let targets = [
        "/claims.yaml".to_string(),
        "/../claims.yaml".to_string(),
        "/%2e%2e/claims.yaml".to_string(),
        "/%2E%2E/claims.yaml".to_string(),
        "/..%2fclaims.yaml".to_string(),
        "/%2e%2e%2fclaims.yaml".to_string(),
        "/./claims.yaml".to_string(),
        "/corpus/council-report.txt".to_string(),
        "/corpus/../claims.yaml".to_string(),
        "//etc/passwd".to_string(),
        "/etc/passwd".to_string(),
        "/../../../../etc/passwd".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        absolute.clone(),
        format!("/{absolute}"),
        "/link.yaml".to_string(),
        "/passwd".to_string(),
        format!("http://127.0.0.1:{port}/claims.yaml"),
        format!("http://127.0.0.1:{port}/../claims.yaml"),
        format!("http://127.0.0.1:{port}//etc/passwd"),
        format!("http://127.0.0.1:{port}/"),
        "/events/../claims.yaml".to_string(),
        "/index.html".to_string(),
        "*".to_string(),
    ];
    for target in &targets {
        let (status, head, body) = server.get(target, Some(&server.host()));
        assert_eq!(status, 404, "{target}: {head}");
        assert!(
            !body.contains("Harbour Road") && !body.contains("root:") && !body.contains("claims:"),
            "{target} answered with file contents: {body}"
        );
        for line in map_text.lines().chain(corpus_text.lines()) {
            assert!(
                line.trim().len() < 12 || !body.contains(line.trim()),
                "{target} answered with file contents: {body}"
            );
        }
    }
}

#[test]
fn serve_refuses_requests_for_other_hosts() {
    let (_dir, map) = scratch_copy("html-basic");
    let server = Server::start(&map, &["--engine", "builtin"]);
    let port = server.port;
    for host in [
        Some(format!("evil.example:{port}")),
        Some("evil.example".to_string()),
        Some(format!("127.0.0.1:{}", port.wrapping_add(1))),
        Some(format!("127.0.0.1.evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        None,
    ] {
        for target in ["/", "/events"] {
            let (status, head, body) = server.get(target, host.as_deref());
            assert_eq!(status, 421, "{host:?} {target}: {head}");
            assert!(!body.contains("cg-data"), "{host:?}: the page leaked");
        }
    }
}

#[test]
fn serve_pushes_an_event_when_the_map_or_the_corpus_is_saved() {
    let (dir, map) = scratch_copy("html-basic");
    let server = Server::start(&map, &["--engine", "builtin"]);
    let events = server.events();
    let first = next_event(&events, Duration::from_secs(10), &server);
    let version = first["version"].as_str().expect("a version").to_string();
    assert!(first["problem"].is_null(), "{first}");

    // A touch (nothing changed): an event, the same version.
    let file = std::fs::File::options()
        .append(true)
        .open(&map)
        .expect("open");
    file.set_modified(std::time::SystemTime::now())
        .expect("touch");
    drop(file);
    let touched = next_event(&events, Duration::from_secs(2), &server);
    assert_eq!(touched["version"], version.as_str(), "{touched}");

    // A claim's text edited: a new version, and / serves the new text.
    let text = std::fs::read_to_string(&map).expect("map");
    let edited = text.replace(
        "The Harbour Road cycle lanes should stay.",
        "The Harbour Road cycle lanes should stay for good.",
    );
    assert_ne!(text, edited);
    std::fs::write(&map, &edited).expect("save");
    let changed = next_event(&events, Duration::from_secs(2), &server);
    assert_ne!(changed["version"], version.as_str(), "{changed}");
    assert!(changed["problem"].is_null(), "{changed}");
    let (_, _, page) = server.get("/", Some(&server.host()));
    assert!(
        page.contains("should stay for good."),
        "the new text is served"
    );

    // The map broken: the error travels, the last good page stays.
    std::fs::write(&map, edited.replace("claims:", "claims: [")).expect("save");
    let broken = next_event(&events, Duration::from_secs(2), &server);
    assert_eq!(broken["version"], changed["version"], "{broken}");
    let problem = &broken["problem"];
    assert!(
        problem["title"]
            .as_str()
            .is_some_and(|t| t.contains("does not load")),
        "{broken}"
    );
    assert!(
        problem["lines"].to_string().contains("yaml-syntax"),
        "{broken}"
    );
    let (status, _, page) = server.get("/", Some(&server.host()));
    assert_eq!(status, 200);
    assert!(
        page.contains("should stay for good."),
        "the last good page stays"
    );

    // Fixed, with a check error: drawn anyway, the error in the header.
    std::fs::write(
        &map,
        edited.replace("source: council-report", "source: council-reprot"),
    )
    .expect("save");
    let fixed = next_event(&events, Duration::from_secs(2), &server);
    assert!(fixed["problem"].is_null(), "{fixed}");
    let (_, _, page) = server.get("/", Some(&server.host()));
    assert!(
        page.contains("id=\"cg-findings\""),
        "the findings are listed"
    );
    assert!(
        page.contains("unknown-source"),
        "the finding is the unknown source"
    );
    assert!(
        page.contains("href=\"#keep-lanes\""),
        "it links to its claim"
    );

    // A corpus file saved: an event too.
    let source = dir.path().join("corpus/traders-letter.txt");
    let mut text = std::fs::read_to_string(&source).expect("source");
    text.push_str("\nA postscript.\n");
    std::fs::write(&source, text).expect("save");
    next_event(&events, Duration::from_secs(2), &server);
    assert!(!server.log().contains("panicked"), "{}", server.log());
}

#[test]
fn serve_says_what_to_do_when_the_port_is_taken() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let output = crate::support::claimgraph()
        .args([
            "serve",
            "tests/fixtures/html-basic/claims.yaml",
            "--engine",
            "builtin",
            "--port",
        ])
        .arg(&port)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("serve");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("error: cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: ") && stderr.contains("--port 0"),
        "{stderr}"
    );
}

#[test]
fn serve_stops_on_a_map_that_never_loaded() {
    let output = crate::support::claimgraph()
        .args([
            "serve",
            "tests/fixtures/check-yaml-syntax/claims.yaml",
            "--port",
            "0",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("serve");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("yaml-syntax"), "{stderr}");
    assert!(
        stderr.contains("help: serve needs a map that loads once"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no URL: nothing is served");
}

/// The time from a save of the map to the stream's event, over 20 saves (not a pass/fail
/// test: timing depends on the machine). `cargo test --release serve_latency -- --ignored
/// --nocapture`.
#[test]
#[ignore = "a measurement; run it with --ignored --nocapture"]
fn serve_latency() {
    let (_dir, map) = scratch_copy("html-basic");
    let engine = std::env::var("CLAIMGRAPH_ENGINE").unwrap_or_else(|_| "auto".to_string());
    let server = Server::start(&map, &["--engine", &engine]);
    let events = server.events();
    next_event(&events, Duration::from_secs(10), &server);
    let text = std::fs::read_to_string(&map).expect("map");
    let mut times = Vec::new();
    for i in 0..20 {
        std::thread::sleep(Duration::from_millis(300));
        let edited = text.replace(
            "The Harbour Road cycle lanes should stay.",
            &format!("The Harbour Road cycle lanes should stay ({i})."),
        );
        let started = Instant::now();
        std::fs::write(&map, edited).expect("save");
        next_event(&events, Duration::from_secs(5), &server);
        times.push(started.elapsed());
    }
    times.sort();
    eprintln!(
        "save -> event over {} saves (engine {engine}): min {:?}, median {:?}, max {:?}",
        times.len(),
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
