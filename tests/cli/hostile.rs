//! Hostile input: the files a curator really produces (half-saved, merge conflicts, pasted
//! binary, Windows-1252, UTF-16, CRLF) and files made to hurt the tool (alias bombs, deep
//! nesting, huge files, paths out of the corpus). Every case names its expected diagnostic and
//! exit status; none may panic (exit 101), run past [`TIMEOUT`] or need more than [`MEMORY`].
//!
//! Small text cases are fixtures in `tests/fixtures/hostile-<case>/`; big, binary or
//! filesystem-shaped cases (sparse 200 MB file, symlinks, FIFOs, CRLF, read-only outputs) are
//! made in a temporary folder by the test itself.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::support::{fixture, root};

/// No hostile input may keep the tool busy longer than this.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Address-space limit (KiB) every hostile run gets: a few hundred MB.
const MEMORY_KIB: u64 = 512 * 1024;
/// Shown in messages.
const MEMORY: &str = "512 MiB";

const CLEAN_MAP: &str = "claims:
  - id: cohesion
    text: The Taliban put cohesion first.
    evidence:
      - source: brief
        quote: The Taliban value internal cohesion above foreign aid.
    supports: [sanctions-fail]
  - id: sanctions-fail
    text: Sanctions do not work.
    evidence:
      - source: brief
        quote: Sanctions have not changed their policies so far.
";
const BRIEF: &str = "The Taliban value internal cohesion above foreign aid.\nSanctions have not changed their policies so far.\n";

/// `claimgraph ARGS` under `ulimit -v` (memory) and a timeout, from the repository root.
fn limited(args: &[&str], memory_kib: u64) -> Output {
    let script = format!("ulimit -v {memory_kib} && exec \"$0\" \"$@\"");
    let output = Command::new("sh")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_claimgraph"))
        .args(args)
        .timeout(TIMEOUT)
        .output()
        .expect("sh runs");
    assert_sane(args, &output);
    output
}

/// Never a panic, a signal (killed by the timeout, aborted on allocation failure) or a status
/// outside the documented 0/1/2.
fn assert_sane(args: &[&str], output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    assert_ne!(code, Some(101), "claimgraph {args:?} panicked:\n{stderr}");
    assert!(
        matches!(code, Some(0..=2)),
        "claimgraph {args:?} ended with {:?} (killed after {TIMEOUT:?}, or out of {MEMORY}?):\n{stderr}",
        output.status
    );
    assert!(
        !stderr.contains("panicked"),
        "claimgraph {args:?} panicked:\n{stderr}"
    );
}

/// `check --format json MAP`: (exit status, document; `Null` when nothing was printed).
fn check(map: &Path) -> (i32, Value, String) {
    check_within(map, MEMORY_KIB)
}

fn check_within(map: &Path, memory_kib: u64) -> (i32, Value, String) {
    let map = map.to_str().expect("UTF-8 test path");
    let output = limited(&["check", "--format", "json", map], memory_kib);
    let document = if output.stdout.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&output.stdout).expect("check --format json prints JSON")
    };
    (
        output.status.code().unwrap_or(-1),
        document,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn codes(document: &Value) -> Vec<String> {
    document["diagnostics"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|d| d["code"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn messages(document: &Value) -> String {
    document["diagnostics"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|d| d["message"].as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// A temporary map folder: `claims.yaml` with `map` and `corpus/brief.txt`.
fn scratch(map: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::write(dir.path().join("claims.yaml"), map).expect("write the map");
    fs::create_dir(dir.path().join("corpus")).expect("create corpus/");
    fs::write(dir.path().join("corpus/brief.txt"), BRIEF).expect("write the source");
    dir
}

fn map_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("claims.yaml")
}

#[test]
fn hostile_fixtures_give_their_diagnostic() {
    // (fixture, expected code, a piece of its message, exit status)
    let cases: &[(&str, &str, &str, i32)] = &[
        ("alias-bomb", "limit", "parser limit", 1),
        ("deep-nesting", "limit", "nesting depth", 1),
        (
            "merge-conflict",
            "yaml-syntax",
            "unresolved merge conflict",
            1,
        ),
        ("truncated", "yaml-syntax", "unclosed quote", 1),
        ("long-id", "invalid-id", "10000 bytes long", 1),
        (
            "dotdot-path",
            "source-outside-corpus",
            "outside the corpus",
            1,
        ),
        ("absolute-path", "source-outside-corpus", "/etc/passwd", 1),
        ("windows-1252", "unreadable-source", "Windows-1252", 1),
        // Found by `cargo fuzz run load` as a slow unit (12 s under ASan): a mangled alias
        // bomb whose replayed events run into the limit; well under a second in release.
        ("fuzz-alias-replay", "limit", "recorded anchor events", 1),
    ];
    for &(case, code, message, status) in cases {
        let (exit, document, stderr) = check(&fixture(&format!("hostile-{case}")));
        assert_eq!(exit, status, "{case}: {document:#}\n{stderr}");
        assert!(
            codes(&document).iter().any(|c| c == code),
            "{case}: expected {code}, got {:?}",
            codes(&document)
        );
        assert!(
            messages(&document).contains(message),
            "{case}: expected {message:?} in\n{}",
            messages(&document)
        );
    }
}

#[test]
fn unreachable_map_or_corpus_is_exit_2() {
    let cases = [
        ("map-is-directory", "is a directory, not a map file"),
        ("corpus-is-file", "is not a folder"),
    ];
    for (case, message) in cases {
        let (exit, document, stderr) = check(&fixture(&format!("hostile-{case}")));
        assert_eq!(exit, 2, "{case}: {stderr}");
        assert_eq!(document, Value::Null, "{case}");
        assert!(stderr.contains(message), "{case}: {stderr}");
        assert!(stderr.contains("help:"), "{case}: {stderr}");
    }
}

#[test]
fn map_of_200_mb_is_refused_by_size_before_reading() {
    let dir = scratch(b"");
    // Sparse: 200 MB by size, next to nothing on disk, and quick to make.
    let file = fs::File::create(map_in(&dir)).expect("create the map");
    file.set_len(200 * 1024 * 1024).expect("grow the map");
    drop(file);
    // 64 MiB of address space: reading the file would abort, so passing proves it is not read.
    let (exit, document, stderr) = check_within(&map_in(&dir), 64 * 1024);
    assert_eq!(exit, 1, "{stderr}");
    assert_eq!(codes(&document), ["limit"]);
    assert!(
        messages(&document).contains("200 MiB, over the limit of 128 MiB"),
        "{document:#}"
    );
}

#[test]
fn map_that_is_an_endless_device_is_cut_at_the_size_limit() {
    // `claimgraph check /dev/zero`: the size says 0 but reading never ends.
    if !Path::new("/dev/zero").exists() {
        eprintln!("SKIPPED map_that_is_an_endless_device_is_cut_at_the_size_limit: no /dev/zero");
        return;
    }
    let (exit, document, stderr) = check(Path::new("/dev/zero"));
    assert_eq!(exit, 1, "{stderr}");
    assert_eq!(codes(&document), ["limit"], "{document:#}");
}

#[test]
fn nul_bytes_in_the_map_are_named() {
    let mut map = CLEAN_MAP.as_bytes().to_vec();
    let at = CLEAN_MAP.find("Sanctions do").expect("anchor text");
    map.splice(at..at, *b"\0\0\0\0");
    let dir = scratch(&map);
    let (exit, document, _) = check(&map_in(&dir));
    assert_eq!(exit, 1);
    assert_eq!(codes(&document), ["yaml-syntax"]);
    assert!(messages(&document).contains("NUL byte"));
    assert_eq!(document["diagnostics"][0]["line"], 9);
}

#[test]
fn pasted_binary_is_invalid_utf8() {
    let mut map = CLEAN_MAP.as_bytes().to_vec();
    // A PNG header and some bytes that are not UTF-8, pasted at the end.
    map.extend_from_slice(b"\x89PNG\r\n\x1a\n\xff\xd8\xff\xe0 junk");
    let dir = scratch(&map);
    let (exit, document, _) = check(&map_in(&dir));
    assert_eq!(exit, 1);
    assert_eq!(codes(&document), ["yaml-syntax"]);
    assert!(
        messages(&document).contains("not valid UTF-8 (first bad byte at line 13"),
        "{document:#}"
    );
}

#[test]
fn windows_1252_map_is_invalid_utf8() {
    // "cohésion" saved by an editor in Windows-1252: é is the single byte 0xE9.
    let map = CLEAN_MAP
        .replace("cohesion first", "coh\u{1}sion first")
        .bytes()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect::<Vec<u8>>();
    let dir = scratch(&map);
    let (exit, document, _) = check(&map_in(&dir));
    assert_eq!(exit, 1);
    assert_eq!(codes(&document), ["yaml-syntax"]);
    assert!(messages(&document).contains("line 3"), "{document:#}");
}

#[test]
fn utf16_with_bom_is_named() {
    let mut map = vec![0xFF, 0xFE];
    for unit in CLEAN_MAP.encode_utf16() {
        map.extend_from_slice(&unit.to_le_bytes());
    }
    let dir = scratch(&map);
    let (exit, document, _) = check(&map_in(&dir));
    assert_eq!(exit, 1);
    assert_eq!(codes(&document), ["yaml-syntax"]);
    assert!(messages(&document).contains("UTF-16"));

    // The same in a corpus file: unreadable, with the encoding guessed.
    let dir = scratch(CLEAN_MAP.as_bytes());
    let mut text = vec![0xFF, 0xFE];
    for unit in BRIEF.encode_utf16() {
        text.extend_from_slice(&unit.to_le_bytes());
    }
    fs::write(dir.path().join("corpus/brief.txt"), text).expect("write the source");
    let (exit, document, _) = check(&map_in(&dir));
    assert_eq!(exit, 1);
    assert!(codes(&document).contains(&"unreadable-source".to_string()));
    assert!(messages(&document).contains("UTF-16"), "{document:#}");
}

#[test]
fn crlf_map_and_corpus_check_clean() {
    let dir = scratch(CLEAN_MAP.replace('\n', "\r\n").as_bytes());
    fs::write(
        dir.path().join("corpus/brief.txt"),
        BRIEF.replace('\n', "\r\n"),
    )
    .expect("write the source");
    let (exit, document, stderr) = check(&map_in(&dir));
    assert_eq!(exit, 0, "{stderr}");
    assert_eq!(codes(&document), Vec::<String>::new());
    assert_eq!(document["summary"]["anchored"], 2);
}

#[test]
fn quote_of_1_mb_is_checked_quickly() {
    // One 1 MB quote that is in its 1 MB source, and one that is not (closest-passage search).
    let words = [
        "aid",
        "leverage",
        "cohesion",
        "Taliban",
        "sanctions",
        "policy",
    ];
    let mut text = String::new();
    let mut i = 0usize;
    while text.len() < 1024 * 1024 {
        text.push_str(words[i * 7 % words.len()]);
        text.push(if i % 13 == 12 { '\n' } else { ' ' });
        i += 1;
    }
    let present: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let absent = present.replacen("aid", "aide", 1);
    let map = format!(
        "claims:\n  - id: a\n    text: A.\n    evidence:\n      - source: big\n        quote: \"{present}\"\n    supports: [b]\n  - id: b\n    text: B.\n    evidence:\n      - source: big\n        quote: \"{absent}\"\n"
    );
    let dir = scratch(map.as_bytes());
    fs::remove_file(dir.path().join("corpus/brief.txt")).expect("remove brief");
    fs::write(dir.path().join("corpus/big.txt"), &text).expect("write the source");
    let (exit, document, _) = check(&map_in(&dir));
    assert_eq!(exit, 1);
    assert_eq!(codes(&document), ["quote-not-found"]);
    assert_eq!(document["summary"]["anchored"], 1);
}

#[test]
fn id_of_10000_characters_is_refused_without_flooding() {
    let (exit, document, stderr) = check(&fixture("hostile-long-id"));
    assert_eq!(exit, 1, "{stderr}");
    assert_eq!(codes(&document), ["invalid-id"]);
    // The human report must not repeat the id dozens of times.
    let output = limited(
        &["check", fixture("hostile-long-id").to_str().expect("UTF-8")],
        MEMORY_KIB,
    );
    assert!(
        output.stderr.len() < 200_000,
        "{} bytes of report",
        output.stderr.len()
    );
}

#[test]
fn claim_with_100000_tags_checks_and_renders() {
    let tags: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    let map = CLEAN_MAP.replacen(
        "    supports: [sanctions-fail]",
        &format!(
            "    tags: [{}]\n    supports: [sanctions-fail]",
            tags.join(", ")
        ),
        1,
    );
    let dir = scratch(map.as_bytes());
    let (exit, document, stderr) = check(&map_in(&dir));
    assert_eq!(exit, 0, "{stderr}");
    assert_eq!(document["summary"]["claims"], 2);
    let path = map_in(&dir);
    let path = path.to_str().expect("UTF-8 test path");
    let output = limited(&["render", "--format", "dot", path], MEMORY_KIB);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn symlink_out_of_the_corpus_is_refused() {
    let dir = scratch(
        CLEAN_MAP
            .replace(
                "source: brief\n        quote: Sanctions",
                "source: escape\n        quote: Sanctions",
            )
            .as_bytes(),
    );
    fs::write(dir.path().join("secret.txt"), BRIEF).expect("write outside");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../secret.txt", dir.path().join("corpus/escape.txt"))
        .expect("symlink");
    #[cfg(not(unix))]
    {
        eprintln!("SKIPPED symlink_out_of_the_corpus_is_refused: needs Unix symlinks");
        return;
    }
    let (exit, document, _) = check(&map_in(&dir));
    assert_eq!(exit, 1);
    assert_eq!(codes(&document), ["source-outside-corpus"], "{document:#}");
}

#[cfg(unix)]
#[test]
fn symlink_loop_and_fifo_in_the_corpus_are_unreadable_not_hangs() {
    let dir = scratch(CLEAN_MAP.as_bytes());
    std::os::unix::fs::symlink("loop.txt", dir.path().join("corpus/loop.txt")).expect("symlink");
    let fifo = dir.path().join("corpus/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let (exit, document, stderr) = check(&map_in(&dir));
    assert_eq!(exit, 1, "{stderr}");
    let found = codes(&document);
    let unreadable = found.iter().filter(|c| *c == "unreadable-source").count();
    if made {
        assert_eq!(unreadable, 2, "{document:#}");
    } else {
        eprintln!(
            "SKIPPED symlink_loop_and_fifo_in_the_corpus_are_unreadable_not_hangs (fifo part): mkfifo failed"
        );
        assert_eq!(unreadable, 1, "{document:#}");
    }
}

#[test]
fn corpus_file_over_the_size_limit_is_not_read() {
    let map = CLEAN_MAP.replace(
        "source: brief\n        quote: Sanctions",
        "source: huge\n        quote: Sanctions",
    );
    let dir = scratch(map.as_bytes());
    let file = fs::File::create(dir.path().join("corpus/huge.txt")).expect("create");
    file.set_len(65 * 1024 * 1024).expect("grow");
    drop(file);
    let (exit, document, _) = check_within(&map_in(&dir), 48 * 1024);
    assert_eq!(exit, 1);
    assert_eq!(codes(&document), ["unreadable-source"], "{document:#}");
    assert!(messages(&document).contains("MiB"), "{document:#}");
}

/// `build` into `out/` once (it must succeed), returning the outputs' bytes.
fn first_build(dir: &tempfile::TempDir) -> Vec<(String, Vec<u8>)> {
    let map = map_in(dir);
    let output = limited(
        &["build", "--engine", "builtin", map.to_str().expect("UTF-8")],
        MEMORY_KIB,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out_files(dir)
}

fn out_files(dir: &tempfile::TempDir) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir.path().join("out"))
        .expect("out/ exists")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = if e.path().is_dir() {
                b"<dir>".to_vec()
            } else {
                fs::read(e.path()).expect("read output")
            };
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The map with one claim more, so that a second build would change every output.
fn grow(dir: &tempfile::TempDir) {
    let grown = format!(
        "{CLEAN_MAP}  - id: cohesion-again\n    text: Cohesion again.\n    evidence:\n      - source: brief\n        quote: value internal cohesion\n    supports: [cohesion]\n"
    );
    fs::write(map_in(dir), grown).expect("rewrite the map");
}

/// Builds the grown map under a file-size limit of `blocks` (512 bytes in dash, 1024 in bash):
/// every write past it fails with EFBIG (SIGXFSZ ignored), as a full disk makes it fail with
/// ENOSPC. We may be root, so a read-only out/ would not stop the writes. Returns `None` (after
/// saying SKIPPED) where the limit is not enforced.
fn build_on_a_full_disk(test: &str, blocks: u32) -> Option<()> {
    let dir = scratch(CLEAN_MAP.as_bytes());
    let before = first_build(&dir);
    grow(&dir);
    let map = map_in(&dir);
    let output = Command::new("sh")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_claimgraph"))
        .args(["build", "--engine", "builtin"])
        .arg(&map)
        .timeout(TIMEOUT)
        .output()
        .expect("sh runs");
    assert_sane(&["build"], &output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(0) {
        eprintln!("SKIPPED {test}: `ulimit -f {blocks}` does not limit writes here");
        return None;
    }
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(
        out_files(&dir),
        before,
        "out/ changed, or a temporary file was left"
    );
    Some(())
}

#[test]
fn build_on_a_full_disk_leaves_previous_outputs_intact() {
    build_on_a_full_disk("build_on_a_full_disk_leaves_previous_outputs_intact", 0);
}

#[test]
fn build_left_out_mixed_when_the_disk_filled_after_the_first_files() {
    // The DOT, SVG and Mermaid files (under 3 KB) fit in 16 blocks, the page (about 48 KB)
    // does not: out/ used to hold three new drawings beside the old page.
    build_on_a_full_disk(
        "build_left_out_mixed_when_the_disk_filled_after_the_first_files",
        16,
    );
}

#[test]
fn build_into_an_out_that_is_a_file_is_exit_2() {
    let dir = scratch(CLEAN_MAP.as_bytes());
    fs::write(dir.path().join("out"), "not a folder").expect("write out");
    let map = map_in(&dir);
    let output = limited(
        &["build", "--engine", "builtin", map.to_str().expect("UTF-8")],
        MEMORY_KIB,
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot create"), "{stderr}");
    assert_eq!(
        fs::read(dir.path().join("out")).expect("out is still the file"),
        b"not a folder"
    );
}

#[test]
fn build_over_an_output_that_is_a_directory_is_exit_2_and_leaves_no_temporary_file() {
    // Stands in for a read-only out/ (root can write anywhere): the rename onto map.dot, the
    // first output written, fails because map.dot is a non-empty directory.
    let dir = scratch(CLEAN_MAP.as_bytes());
    let mut before = first_build(&dir);
    let blocker = dir.path().join("out/map.dot");
    fs::remove_file(&blocker).expect("remove map.dot");
    fs::create_dir(&blocker).expect("map.dot as a folder");
    fs::write(blocker.join("keep"), "x").expect("fill it");
    before.retain(|(name, _)| name != "map.dot");
    before.push(("map.dot".into(), b"<dir>".to_vec()));
    before.sort();
    grow(&dir);
    let map = map_in(&dir);
    let output = limited(
        &["build", "--engine", "builtin", map.to_str().expect("UTF-8")],
        MEMORY_KIB,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(
        out_files(&dir),
        before,
        "out/ changed or kept a temporary file"
    );
}

/// The library on maps made up by proptest, read through an in-memory [`Files`]: `check` never
/// panics, and whatever parses renders to DOT that parses back and to JSON that parses.
mod properties {
    use std::io;
    use std::path::{Path, PathBuf};

    use claimgraph::load::{Files, Kind};
    use claimgraph::render::{self, EvidenceMode, Format, GroupBy, RenderOptions};
    use proptest::prelude::*;

    struct Memory {
        map: String,
        source: String,
    }

    impl Memory {
        fn get(&self, path: &Path) -> Option<&str> {
            if path == Path::new("m/claims.yaml") {
                Some(&self.map)
            } else if path == Path::new("m/corpus/brief.txt") {
                Some(&self.source)
            } else {
                None
            }
        }
    }

    impl Files for Memory {
        fn kind(&self, path: &Path) -> io::Result<Kind> {
            if path == Path::new("m/corpus") {
                return Ok(Kind::Dir);
            }
            self.get(path)
                .map(|t| Kind::File(t.len() as u64))
                .ok_or_else(|| io::ErrorKind::NotFound.into())
        }
        fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
            self.get(path)
                .map(|t| t.as_bytes().to_vec())
                .ok_or_else(|| io::ErrorKind::NotFound.into())
        }
        fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
            if dir == Path::new("m/corpus") {
                Ok(vec!["brief.txt".into()])
            } else {
                Err(io::ErrorKind::NotFound.into())
            }
        }
        fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
            Ok(Path::new("/").join(path))
        }
    }

    const PIECES: &[&str] = &[
        "a", "b", "-", " ", "  ", "\n", "\r\n", "\t", "\"", "'", "\\", ":", ": ", "#", " #", "{",
        "}", "[", "]", ",", "&x", "*x", "!tag", "|", ">", "%", "@", "`", "<", ">", "&", ";", "...",
        "…", "[...]", "\u{2019}", "\u{201c}", "\u{2014}", "\u{a0}", "\u{200b}", "\u{feff}",
        "\u{fb01}", "e\u{301}", "\u{301}", "漢字", "🚲", "\u{0}", "\u{7}", "\u{1b}", "\u{85}",
        "\u{2028}", "\u{fffe}", "<script>", "]]>", "-->", "\"a\"", "\\n", "\\u0000", "null", "~",
        "yes", "1e9", "0x1F", "version", "claims",
    ];
    const SOURCE: &str = "The Taliban\u{2019}s value internal cohesion above foreign aid.\r\nSanctions have not \u{201c}changed\u{201d} their policies so far\u{2026} at all.";

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat())
    }

    /// A double-quoted YAML scalar holding `s` exactly (escapes for the characters that need it).
    fn quoted(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() || c == '\u{2028}' || c == '\u{feff}' => {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// (id, text, tags, [(source, quote)], supports, contradicts) per claim.
    type RawClaim = (
        String,
        String,
        Vec<String>,
        Vec<(String, String)>,
        Vec<usize>,
        Vec<usize>,
    );

    fn claim() -> impl Strategy<Value = RawClaim> {
        let id = prop_oneof![
            prop::sample::select(vec!["a", "b", "c-d", "cohesion"]).prop_map(str::to_string),
            text(),
        ];
        let quote = prop_oneof![
            // A real passage, cut anywhere on a character boundary.
            (0usize..200, 0usize..200).prop_map(|(a, b)| {
                let chars: Vec<char> = SOURCE.chars().collect();
                let (a, b) = (a % chars.len(), b % chars.len());
                let (a, b) = (a.min(b), a.max(b));
                chars[a..=b].iter().collect::<String>()
            }),
            text(),
        ];
        let source = prop::sample::select(vec!["brief", "brief", "missing", "../x"]);
        (
            id,
            text(),
            prop::collection::vec(text(), 0..3),
            prop::collection::vec((source.prop_map(str::to_string), quote), 0..3),
            prop::collection::vec(0usize..6, 0..3),
            prop::collection::vec(0usize..6, 0..2),
        )
    }

    fn map_yaml(claims: &[RawClaim]) -> String {
        let mut yaml = String::from("claims:\n");
        for (id, text, tags, evidence, supports, contradicts) in claims {
            let id_of = |i: &usize| quoted(&claims[i % claims.len()].0);
            yaml.push_str(&format!(
                "  - id: {}\n    text: {}\n",
                quoted(id),
                quoted(text)
            ));
            let tags: Vec<String> = tags.iter().map(|t| quoted(t)).collect();
            yaml.push_str(&format!("    tags: [{}]\n", tags.join(", ")));
            if !evidence.is_empty() {
                yaml.push_str("    evidence:\n");
                for (source, quote) in evidence {
                    yaml.push_str(&format!(
                        "      - source: {}\n        quote: {}\n",
                        quoted(source),
                        quoted(quote)
                    ));
                }
            }
            let supports: Vec<String> = supports.iter().map(id_of).collect();
            let contradicts: Vec<String> = contradicts.iter().map(id_of).collect();
            yaml.push_str(&format!("    supports: [{}]\n", supports.join(", ")));
            yaml.push_str(&format!("    contradicts: [{}]\n", contradicts.join(", ")));
        }
        yaml
    }

    fn check_and_render(map: String) -> Result<(), TestCaseError> {
        let files = Memory {
            map,
            source: SOURCE.to_string(),
        };
        let checked = claimgraph::check_with(&files, Path::new("m/claims.yaml"))
            .map_err(|e| TestCaseError::fail(format!("load error: {e}")))?;
        for d in &checked.diagnostics {
            if let (Some(span), Some(text)) = (d.span, checked.text_of(&d.file)) {
                prop_assert!(span.range().end <= text.len(), "{:?}", d);
            }
        }
        let Some(map) = checked.map.as_ref() else {
            return Ok(());
        };
        for evidence in map.claims.iter().flat_map(|c| &c.evidence) {
            if let Some(a) = evidence.anchor.found() {
                prop_assert!(SOURCE.get(a.start..a.end).is_some(), "{:?}", a);
            }
        }
        for (evidence, group_by) in [
            (EvidenceMode::Show, GroupBy::Tag),
            (EvidenceMode::Count, GroupBy::Source),
        ] {
            let options = RenderOptions {
                evidence,
                group_by,
                ..RenderOptions::default()
            };
            if let Ok(dot) = render::render(map, &checked.diagnostics, Format::Dot, &options) {
                let parsed = graphviz_rust::parse(&dot.output);
                prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), dot.output);
            }
            if let Ok(json) = render::render(map, &checked.diagnostics, Format::Json, &options) {
                let parsed = serde_json::from_str::<serde_json::Value>(&json.output);
                prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), json.output);
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn check_never_panics_and_render_parses_back(
            claims in prop::collection::vec(claim(), 1..6),
        ) {
            check_and_render(map_yaml(&claims))?;
        }

        #[test]
        fn check_never_panics_on_arbitrary_text(
            map in prop::collection::vec(prop::sample::select(PIECES), 0..80)
                .prop_map(|v| format!("claims:\n  - {}", v.concat())),
        ) {
            check_and_render(map)?;
        }
    }
}

#[test]
fn terminal_escapes_in_map_text_cannot_reach_the_terminal_through_show_check_or_diff() {
    // A claim text "\e]0;pwned\a\e[2J" set the terminal title and cleared the screen through
    // `show` and `diff --format text`.
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("corpus")).expect("mkdir");
    fs::write(dir.path().join("corpus/s.txt"), "Plain passage.\n").expect("write");
    let map = |text: &str| {
        format!(
            "claims:\n  - id: a\n    text: \"{text}\"\n    tags: [\"t\\e[2J\"]\n    evidence:\n      - source: s\n        quote: \"Plain passage.\"\n      - source: s\n        quote: \"missing \\e[31m red \\u009b2J\"\n"
        )
    };
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("claims.yaml");
    fs::write(&old, map("Calm text")).expect("write");
    fs::write(&new, map("Evil \\e]0;pwned\\a\\e[2J end")).expect("write");
    let runs: [Vec<&std::ffi::OsStr>; 5] = [
        vec!["show".as_ref(), "a".as_ref(), new.as_os_str()],
        vec!["check".as_ref(), new.as_os_str()],
        vec![
            "check".as_ref(),
            "-f".as_ref(),
            "short".as_ref(),
            new.as_os_str(),
        ],
        vec!["diff".as_ref(), old.as_os_str(), new.as_os_str()],
        vec![
            "diff".as_ref(),
            "--color".as_ref(),
            "always".as_ref(),
            old.as_os_str(),
            new.as_os_str(),
        ],
    ];
    for args in runs {
        let output = crate::support::claimgraph()
            .args(&args)
            .output()
            .expect("claimgraph runs");
        let out = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        // With --color always our own styles are escape codes too: red is `\e[31m`.
        let coloured = args.contains(&"always".as_ref());
        for bad in ["\u{1b}]", "\u{7}", "\u{1b}[2J", "\u{1b}[31m", "\u{9b}"] {
            if coloured && bad == "\u{1b}[31m" {
                continue;
            }
            assert!(!out.contains(bad), "{args:?} printed {bad:?}:\n{out}");
        }
    }
    let output = crate::support::claimgraph()
        .args(["show", "a"])
        .arg(&new)
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(r"Evil \u{1b}]0;pwned\u{7}\u{1b}[2J end"),
        "{out}"
    );
}
