//! `claimgraph lsp`: the real binary driven over JSON-RPC with Content-Length framing, one
//! test per method, on copies of `tests/fixtures/lsp-*`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::support::{root, scratch_copy};

const WAIT: Duration = Duration::from_secs(30);

/// A language client: writes framed messages to the server's stdin, reads its stdout on a
/// thread.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    seen: Vec<Value>,
    next_id: i64,
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts the server in `dir` and initializes it, offering these position encodings.
    fn start(dir: &Path, encodings: &[&str]) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("claimgraph"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("claimgraph lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            messages,
            seen: Vec::new(),
            next_id: 0,
        };
        let response = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(dir),
                "capabilities": { "general": { "positionEncodings": encodings } },
            }),
        );
        assert!(response["result"]["capabilities"].is_object(), "{response}");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting: its id.
    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The first message (seen or to come) that `pick` accepts, taken off the list.
    fn wait_for(&mut self, pick: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pick) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no such message in time; seen: {:#?}", self.seen));
            if pick(&message) {
                return message;
            }
            self.seen.push(message);
        }
    }

    /// The next diagnostics published for `path`.
    fn diagnostics(&mut self, path: &Path) -> Vec<Value> {
        let uri = uri(path);
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).expect("read");
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(path), "languageId": "yaml", "version": 1, "text": text,
            }}),
        );
        text
    }

    fn change(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(path), "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// `shutdown` then `exit`: the exit status.
    fn stop(mut self) -> Option<i32> {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.stdin.take();
        wait(&mut self.child)
    }
}

fn wait(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    panic!("the server did not exit");
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The position (0-based line, UTF-16 column) of the first `needle` in `text`, plus `extra`
/// UTF-16 units.
fn pos(text: &str, needle: &str, extra: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    let column: usize = text[line_start..at]
        .chars()
        .map(char::len_utf16)
        .sum::<usize>()
        + extra;
    json!({ "line": line, "character": column })
}

fn at(path: &Path, text: &str, needle: &str, extra: usize) -> Value {
    json!({ "textDocument": { "uri": uri(path) }, "position": pos(text, needle, extra) })
}

fn fixture(case: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, map) = scratch_copy(case);
    (dir, map)
}

fn by_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn diagnostics_are_published_with_codes_links_and_related_places() {
    let (dir, map) = fixture("lsp-findings");
    let mut client = Client::start(dir.path(), &[]);
    client.open(&map);
    let diagnostics = client.diagnostics(&map);
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "quote-not-found",
            "unknown-claim",
            "unknown-claim",
            "duplicate-edge",
            "duplicate-id"
        ]
    );
    let quote = by_code(&diagnostics, "quote-not-found")[0];
    assert_eq!(quote["severity"], 1);
    assert_eq!(quote["source"], "claimgraph");
    assert_eq!(
        quote["range"],
        json!({ "start": { "line": 6, "character": 15 }, "end": { "line": 6, "character": 66 } })
    );
    assert!(
        quote["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("docs/format.md#quote-not-found")),
        "{quote}"
    );
    assert!(
        quote["message"]
            .as_str()
            .is_some_and(|m| m.contains("help: closest passage"))
    );
    let duplicate = by_code(&diagnostics, "duplicate-id")[0];
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["message"], "first defined here");
    assert_eq!(related["location"]["uri"], json!(uri(&map)));
    assert_eq!(
        related["location"]["range"]["start"],
        json!({ "line": 14, "character": 8 })
    );
    assert_eq!(by_code(&diagnostics, "duplicate-edge")[0]["severity"], 2);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn positions_are_utf16_by_default_and_utf8_when_offered() {
    let (dir, map) = fixture("lsp-findings");
    // `missing` follows `["é😀", ` on its line: é is 1 UTF-16 unit and 2 bytes, 😀 2 and 4.
    for (encodings, column) in [(vec![], 25), (vec!["utf-8"], 28), (vec!["utf-16"], 25)] {
        let mut client = Client::start(dir.path(), &encodings);
        client.open(&map);
        let diagnostics = client.diagnostics(&map);
        let missing = by_code(&diagnostics, "unknown-claim")[1];
        assert!(
            missing["message"]
                .as_str()
                .is_some_and(|m| m.contains("`missing`"))
        );
        assert_eq!(
            missing["range"]["start"],
            json!({ "line": 7, "character": column }),
            "{encodings:?}"
        );
        assert_eq!(client.stop(), Some(0));
    }
}

#[test]
fn a_change_and_a_corpus_edit_are_checked_again() {
    let (dir, map) = fixture("lsp-findings");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    assert_eq!(
        by_code(&client.diagnostics(&map), "quote-not-found").len(),
        1
    );
    // Several changes in a row: only the last text counts.
    let fixed = text.replace("internal unity", "internal cohesion");
    client.change(&map, 2, &text.replace("internal unity", "internal zzz"));
    client.change(&map, 3, &fixed);
    let after = loop {
        let d = client.diagnostics(&map);
        if by_code(&d, "quote-not-found").is_empty() {
            break d;
        }
    };
    assert_eq!(by_code(&after, "unknown-claim").len(), 2);
    // The corpus file changes on disk: the quote no longer anchors.
    let brief = dir.path().join("corpus/brief.txt");
    let source = std::fs::read_to_string(&brief).expect("read");
    std::fs::write(&brief, source.replace("cohesion", "harmony")).expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&brief), "type": 2 }] }),
    );
    assert_eq!(
        by_code(&client.diagnostics(&map), "quote-not-found").len(),
        1
    );
    // An open corpus buffer counts over the disk.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri(&brief), "languageId": "plaintext", "version": 1, "text": source,
        }}),
    );
    assert!(by_code(&client.diagnostics(&map), "quote-not-found").is_empty());
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn findings_in_corpus_files_are_published_for_them() {
    let (dir, map) = fixture("lsp-basic");
    let unused = dir.path().join("corpus/unused.txt");
    std::fs::write(&unused, "Nobody cites this.\n").expect("write");
    let mut client = Client::start(dir.path(), &[]);
    client.open(&map);
    let diagnostics = client.diagnostics(&unused);
    assert_eq!(diagnostics[0]["code"], "unused-source", "{diagnostics:?}");
    assert_eq!(client.stop(), Some(0));
}

fn hover_text(client: &mut Client, params: Value) -> String {
    let response = client.request("textDocument/hover", params);
    assert_eq!(
        response["result"]["contents"]["kind"], "markdown",
        "{response}"
    );
    response["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn hover_on_claims_quotes_and_sources() {
    let (dir, map) = fixture("lsp-basic");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    // A reference: the claim it names.
    let claim = hover_text(&mut client, at(&map, &text, "sanctions-fail]", 2));
    assert!(claim.contains("**claim** `sanctions-fail`"), "{claim}");
    assert!(claim.contains("Sanctions do not work\\."), "{claim}");
    assert!(
        claim.contains("evidence: 2 passages (1 for, 1 against)"),
        "{claim}"
    );
    assert!(claim.contains("supports: `engage`"), "{claim}");
    assert!(claim.contains("supported by: `cohesion`"), "{claim}");
    // What `claimgraph analyze` says of it (in: engage, unattacked, defeats cohesion).
    assert!(claim.contains("verdict: **in** (grounded)"), "{claim}");
    // A definition, with its tags and who contradicts it.
    let cohesion = hover_text(&mut client, at(&map, &text, "id: cohesion", 5));
    assert!(cohesion.contains("tags: `taliban`"), "{cohesion}");
    assert!(cohesion.contains("contradicted by: `engage`"), "{cohesion}");
    assert!(
        cohesion.contains("verdict: **out** (grounded)"),
        "{cohesion}"
    );
    assert!(cohesion.contains("Cohésion 😀 first"), "{cohesion}");
    // A quote: its sentence, the quote in bold, the source's metadata and line.
    let quote = hover_text(&mut client, at(&map, &text, "quote: Sanctions have", 12));
    assert!(
        quote.contains("**Sanctions have not changed the policies so far\\.**"),
        "{quote}"
    );
    assert!(
        quote.contains("*Policy brief: pragmatic engagement*, Ann Author, 2024\\-03\\-01"),
        "{quote}"
    );
    assert!(
        quote.contains("anchored at lines 3–4 of `brief.txt`"),
        "{quote}"
    );
    // A source id: metadata and how often it is cited.
    let source = hover_text(&mut client, at(&map, &text, "source: brief", 9));
    assert!(source.contains("**source** `brief`"), "{source}");
    assert!(source.contains("cited by 3 quotes"), "{source}");
    // Nothing under the cursor: null.
    let none = client.request("textDocument/hover", at(&map, &text, "version", 0));
    assert_eq!(none["result"], Value::Null);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn hover_on_a_missed_quote_shows_the_closest_passage() {
    let (dir, map) = fixture("lsp-findings");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    let quote = hover_text(&mut client, at(&map, &text, "quote: The Taliban value", 10));
    assert!(quote.contains("not found in `brief.txt`"), "{quote}");
    assert!(quote.contains("closest passage, line 3"), "{quote}");
    assert!(
        quote.contains("internal cohesion above foreign aid"),
        "{quote}"
    );
    assert_eq!(client.stop(), Some(0));
}

/// The range of `needle` in `text`, up to its first `]` or line break (the needle goes on
/// to make the place unique).
fn range_of(text: &str, needle: &str) -> Value {
    let word = needle.split([']', '\n']).next().unwrap_or_default();
    let start = pos(text, needle, 0);
    let end = pos(text, needle, word.chars().map(char::len_utf16).sum());
    json!({ "start": start, "end": end })
}

#[test]
fn definition_of_references_sources_and_quotes() {
    let (dir, map) = fixture("lsp-basic");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    let found = client.request("textDocument/definition", at(&map, &text, "[engage]", 2));
    assert_eq!(found["result"][0]["uri"], json!(uri(&map)));
    assert_eq!(found["result"][0]["range"], range_of(&text, "engage\n"));
    // A declared source: its `sources:` entry; from there, its file.
    let found = client.request(
        "textDocument/definition",
        at(&map, &text, "source: brief", 9),
    );
    assert_eq!(
        found["result"][0]["range"],
        range_of(&text, "brief\n    title")
    );
    let brief = dir.path().join("corpus/brief.txt");
    let found = client.request("textDocument/definition", at(&map, &text, "id: brief", 5));
    assert_eq!(found["result"][0]["uri"], json!(uri(&brief)));
    // An undeclared source: its file.
    let notes = dir.path().join("corpus/notes.txt");
    let found = client.request(
        "textDocument/definition",
        at(&map, &text, "source: notes", 9),
    );
    assert_eq!(found["result"][0]["uri"], json!(uri(&notes)));
    // A quote: the passage, across its line break.
    let found = client.request(
        "textDocument/definition",
        at(&map, &text, "quote: Sanctions", 9),
    );
    assert_eq!(found["result"][0]["uri"], json!(uri(&brief)));
    assert_eq!(
        found["result"][0]["range"],
        json!({ "start": { "line": 2, "character": 55 }, "end": { "line": 3, "character": 28 } })
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn references_of_claims_and_sources() {
    let (dir, map) = fixture("lsp-basic");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    let params = |include: bool, needle: &str, extra: usize| {
        let mut p = at(&map, &text, needle, extra);
        p["context"] = json!({ "includeDeclaration": include });
        p
    };
    let found = client.request("textDocument/references", params(false, "id: cohesion", 5));
    let ranges: Vec<&Value> = found["result"]
        .as_array()
        .expect("list")
        .iter()
        .map(|l| &l["range"])
        .collect();
    assert_eq!(ranges, [&range_of(&text, "cohesion]")]);
    let found = client.request("textDocument/references", params(true, "[cohesion]", 1));
    assert_eq!(found["result"].as_array().map(Vec::len), Some(2));
    assert_eq!(found["result"][0]["range"], range_of(&text, "cohesion\n"));
    let found = client.request("textDocument/references", params(false, "source: brief", 9));
    assert_eq!(found["result"].as_array().map(Vec::len), Some(3));
    let found = client.request("textDocument/references", params(true, "source: brief", 9));
    assert_eq!(found["result"].as_array().map(Vec::len), Some(4));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn document_symbols_outline_the_claims() {
    let (dir, map) = fixture("lsp-basic");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    let found = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&map) } }),
    );
    let symbols = found["result"].as_array().expect("symbols");
    let names: Vec<&str> = symbols.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["cohesion", "sanctions-fail", "engage"]);
    assert_eq!(symbols[2]["detail"], "Engage with the Taliban.");
    assert_eq!(symbols[0]["selectionRange"], range_of(&text, "cohesion\n"));
    assert_eq!(symbols[0]["range"]["start"], pos(&text, "cohesion\n", 0));
    assert_eq!(
        symbols[0]["range"]["end"],
        pos(&text, "sanctions-fail]", 14)
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn rename_claims_and_declared_sources() {
    let (dir, map) = fixture("lsp-basic");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    let prepared = client.request("textDocument/prepareRename", at(&map, &text, "[engage]", 1));
    assert_eq!(prepared["result"]["placeholder"], "engage");
    assert_eq!(prepared["result"]["range"], range_of(&text, "engage]"));
    let mut params = at(&map, &text, "[engage]", 1);
    params["newName"] = json!("talk");
    let renamed = client.request("textDocument/rename", params.clone());
    let edits = renamed["result"]["changes"][uri(&map)]
        .as_array()
        .expect("edits");
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().all(|e| e["newText"] == "talk"));
    // Invalid and taken names are refused with a reason.
    params["newName"] = json!("Talk To");
    let refused = client.request("textDocument/rename", params.clone());
    assert_eq!(refused["error"]["code"], -32803);
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not a valid id")),
        "{refused}"
    );
    params["newName"] = json!("cohesion");
    let refused = client.request("textDocument/rename", params);
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("already exists"))
    );
    // A declared source: its entry and every evidence.
    let mut params = at(&map, &text, "source: brief", 9);
    params["newName"] = json!("brief-2024");
    let renamed = client.request("textDocument/rename", params);
    assert_eq!(
        renamed["result"]["changes"][uri(&map)]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    // A source named by its file only: refused.
    let refused = client.request(
        "textDocument/prepareRename",
        at(&map, &text, "source: notes", 9),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("corpus file")),
        "{refused}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn code_actions_offer_the_fixes_and_create_a_missing_claim() {
    let (dir, map) = fixture("lsp-findings");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    client.diagnostics(&map);
    let ask = |client: &mut Client, needle: &str| {
        let range = range_of(&text, needle);
        client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&map) }, "range": range, "context": { "diagnostics": [] } }),
        )
    };
    let found = ask(&mut client, "cohesion]\n  - id: twice");
    let action = &found["result"][0];
    assert_eq!(action["title"], "remove the second `cohesion`", "{found}");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true);
    assert_eq!(action["diagnostics"][0]["code"], "duplicate-edge");
    let edit = &action["edit"]["changes"][uri(&map)][0];
    assert_eq!(edit["newText"], "");
    let found = ask(&mut client, "missing]");
    let action = &found["result"][0];
    assert_eq!(
        action["title"], "create the missing claim `missing`",
        "{found}"
    );
    assert_eq!(action["isPreferred"], false);
    let edit = &action["edit"]["changes"][uri(&map)][0];
    assert_eq!(edit["newText"], "\n  - id: missing\n    text: \"\"");
    assert_eq!(edit["range"]["start"], pos(&text, "missing]", 8));
    assert_eq!(client.stop(), Some(0));
}

fn labels(response: &Value) -> Vec<String> {
    response["result"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn completion_of_ids_stances_and_quotes() {
    let (dir, map) = fixture("lsp-basic");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    client.diagnostics(&map);
    // Claim ids in a flow list, fuzzy: `sanc` finds `sanctions-fail` first.
    let typed = text.replace("supports: [engage]", "supports: [sanc");
    client.change(&map, 2, &typed);
    let found = client.request("textDocument/completion", at(&map, &typed, "[sanc", 5));
    assert_eq!(labels(&found)[0], "sanctions-fail", "{found}");
    assert_eq!(
        found["result"]["items"][0]["detail"],
        "Sanctions do not work."
    );
    assert_eq!(
        found["result"]["items"][0]["textEdit"]["range"],
        range_of(&typed, "sanc")
    );
    // Source ids and stances.
    let typed = text.replace("source: notes", "source: no");
    client.change(&map, 3, &typed);
    let found = client.request(
        "textDocument/completion",
        at(&map, &typed, "source: no", 10),
    );
    assert_eq!(labels(&found), ["notes"]);
    let typed = text.replace("stance: contradicts", "stance: ");
    client.change(&map, 4, &typed);
    let found = client.request("textDocument/completion", at(&map, &typed, "stance: ", 8));
    assert_eq!(labels(&found), ["supports", "contradicts"]);
    // A quote from a few words: the sentence of the evidence's source, quoted for YAML.
    let typed = text.replace(
        "quote: Engagement is the only option left.",
        "quote: only option",
    );
    client.change(&map, 5, &typed);
    let found = client.request(
        "textDocument/completion",
        at(&map, &typed, "only option", 11),
    );
    assert_eq!(
        labels(&found),
        ["Engagement is the only option left."],
        "{found}"
    );
    let item = &found["result"]["items"][0];
    assert_eq!(
        item["textEdit"]["newText"],
        "\"Engagement is the only option left.\""
    );
    assert_eq!(item["textEdit"]["range"], range_of(&typed, "only option"));
    // A sentence across a line break is folded to one line.
    let typed = text.replace("quote: Aid is a lever that has failed.", "quote: \"lever");
    client.change(&map, 6, &typed);
    let found = client.request("textDocument/completion", at(&map, &typed, "\"lever", 6));
    assert_eq!(
        labels(&found),
        [
            "Notes: aid is a lever that has failed.",
            "Aid is a lever that has failed."
        ]
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn unknown_methods_cancellation_and_exit_without_shutdown() {
    let (dir, map) = fixture("lsp-basic");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&map);
    let unknown = client.request("textDocument/unheardOf", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    // A request cancelled while still queued (behind a change) is answered RequestCanceled.
    client.change(&map, 2, &text);
    let id = client.send_request("textDocument/hover", at(&map, &text, "engage", 0));
    client.notify("$/cancelRequest", json!({ "id": id }));
    let cancelled = client.response(id);
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    // Bad parameters are an error, not a crash.
    let bad = client.request("textDocument/hover", json!({ "textDocument": 3 }));
    assert_eq!(bad["error"]["code"], -32602);
    let ok = client.request("textDocument/hover", at(&map, &text, "engage", 0));
    assert!(ok.get("result").is_some());
    // `exit` without `shutdown`: status 1, as the protocol says.
    client.notify("exit", Value::Null);
    client.stdin.take();
    assert_eq!(wait(&mut client.child), Some(1));
}

#[test]
fn typing_the_repository_map_never_crashes_or_hangs() {
    // The first three claims of the repository's own map, typed a character at a time into an
    // empty buffer, with a hover, a completion and a definition at the cursor now and then.
    let dir = tempfile::tempdir().expect("tempdir");
    super::support::copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
    let full = std::fs::read_to_string(root().join("claims.yaml")).expect("read");
    let claims = full.find("\nclaims:").expect("a claims list");
    let mut cut = 0;
    let mut seen = 0;
    for (i, _) in full
        .match_indices("\n  - id: ")
        .filter(|(i, _)| *i > claims)
    {
        cut = i;
        seen += 1;
        if seen == 4 {
            break;
        }
    }
    let target = &full[..cut + 1];
    let map = dir.path().join("claims.yaml");
    std::fs::write(&map, "").expect("write");
    let mut client = Client::start(dir.path(), &[]);
    client.open(&map);
    let (mut line, mut column) = (0u32, 0u32);
    let mut pending = Vec::new();
    for (n, c) in target.chars().enumerate() {
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(&map), "version": n + 2 },
                "contentChanges": [{
                    "range": { "start": { "line": line, "character": column },
                               "end": { "line": line, "character": column } },
                    "text": c.to_string(),
                }],
            }),
        );
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += c.len_utf16() as u32;
        }
        if n % 7 == 0 {
            let method = [
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/definition",
            ][n / 7 % 3];
            let params = json!({
                "textDocument": { "uri": uri(&map) },
                "position": { "line": line, "character": column },
            });
            pending.push(client.send_request(method, params));
        }
    }
    for id in pending {
        let response = client.response(id);
        assert!(
            response.get("result").is_some() || response.get("error").is_some(),
            "{response}"
        );
    }
    assert!(
        client.child.try_wait().expect("status").is_none(),
        "the server exited"
    );
    // The typed map is the map: its findings are those of `check` on the same text.
    let final_hover = client.request(
        "textDocument/hover",
        at(&map, target, "id: pressure-changes-taliban", 5),
    );
    let value = final_hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        value.contains("pressure\\-changes\\-taliban")
            || value.contains("`pressure-changes-taliban`"),
        "{final_hover}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_yaml_file_with_the_schema_modeline_is_a_map() {
    let (dir, map) = fixture("lsp-basic");
    let other = dir.path().join("leverage.yaml");
    std::fs::rename(&map, &other).expect("rename");
    let mut client = Client::start(dir.path(), &[]);
    let text = client.open(&other);
    assert!(text.starts_with("# yaml-language-server: $schema=claims.schema.json"));
    assert!(client.diagnostics(&other).is_empty());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&other) } }),
    );
    assert_eq!(symbols["result"].as_array().map(Vec::len), Some(3));
    assert_eq!(client.stop(), Some(0));
}
