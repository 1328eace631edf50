//! The session against the whole check, edit after edit: every finding (spans, related
//! places, fixes) and every claim must be the same.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::Session;
use crate::load::{Files, Kind};

#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/gen.rs"]
mod generator;

/// Files in memory.
#[derive(Default)]
struct Memory(BTreeMap<PathBuf, Vec<u8>>);

fn not_found() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no such file")
}

impl Files for Memory {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        if let Some(bytes) = self.0.get(path) {
            return Ok(Kind::File(bytes.len() as u64));
        }
        if self.0.keys().any(|p| p.starts_with(path)) {
            return Ok(Kind::Dir);
        }
        Err(not_found())
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.0.get(path).cloned().ok_or_else(not_found)
    }
    fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
        Ok(self
            .0
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
            .collect())
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.kind(path).map(|_| path.to_path_buf())
    }
}

/// What may differ in nothing between the two checks.
fn summary(checked: &Result<std::sync::Arc<crate::Checked>, crate::load::LoadError>) -> String {
    match checked {
        Err(e) => format!("error {e}"),
        Ok(c) => {
            let claims = c.map.as_ref().map(|m| {
                let sources: Vec<_> = m.sources.iter().map(|s| (&s.id, &s.meta)).collect();
                format!("{:#?}\n{:#?}\n{:#?}", m.claims, m.allow, sources)
            });
            format!("{:#?}\n{}\n{claims:?}", c.diagnostics, c.yaml)
        }
    }
}

const TOKENS: &[&str] = &[
    "x",
    " ",
    "\n",
    "  - ",
    "#",
    ": ",
    "\"",
    "'",
    "&a ",
    "*a",
    "\t",
    "\r",
    "é",
    "[",
    "]",
    "\n    supports: [nowhere]",
    "\n    tags: [t]",
    "\n  - id: fresh\n    text: New claim.\n",
    "\n    suports: [a]",
    "...",
    "\u{0}",
    "\n<<<<<<< HEAD\n",
    "-",
    "\n---\n",
];

/// One edit of `text`, chosen by `kind` at a place chosen by `at` and `pick`.
fn edit(text: &str, kind: u8, at: usize, pick: usize) -> String {
    let floor = |i: usize| crate::model::floor_char_boundary(text, i % (text.len() + 1));
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    let of = |prefix: &str| -> Vec<(usize, &str)> {
        lines
            .iter()
            .copied()
            .filter(|(_, l)| l.trim_start().starts_with(prefix))
            .collect()
    };
    let mut out = text.to_string();
    match kind % 10 {
        // Typing in a claim's text or a quote (the common case): inside the value.
        0..=2 => {
            let mut values: Vec<(usize, usize)> = Vec::new();
            for (k, (start, line)) in lines.iter().enumerate() {
                let body = line.trim_end_matches('\n');
                let lead = body.len() - body.trim_start().len();
                let after_block = k > 0 && lines[k - 1].1.trim_end().ends_with(['>', '|', '-']);
                if body.trim_start().starts_with("quote: \"") && body.ends_with('"') {
                    values.push((start + lead + "quote: \"".len(), start + body.len() - 1));
                } else if after_block && lead > 4 && !body.trim_start().starts_with('-') {
                    values.push((start + lead, start + body.len()));
                }
            }
            if let Some(&(from, to)) = values.get(pick % values.len().max(1)) {
                let at = if pick.is_multiple_of(3) {
                    (from + 2).min(to)
                } else {
                    to
                };
                let at = crate::model::floor_char_boundary(text, at);
                if kind.is_multiple_of(2) || at <= from {
                    out.insert_str(at, ["x", " word", "é", "s"][pick % 4]);
                } else {
                    let before = crate::model::floor_char_boundary(text, at - 1);
                    out.replace_range(before..at, "");
                }
            }
        }
        // A token anywhere.
        3 | 4 => out.insert_str(floor(at), TOKENS[pick % TOKENS.len()]),
        // A few bytes deleted anywhere.
        5 => {
            let from = floor(at);
            let to = crate::model::floor_char_boundary(text, from + pick % 5);
            out.replace_range(from..to, "");
        }
        // A whole claim duplicated, deleted, or a line of one deleted.
        6..=8 => {
            let entries = of("- id:");
            let claims_at = text.find("\nclaims:").unwrap_or(0);
            let entries: Vec<_> = entries
                .into_iter()
                .filter(|(s, _)| *s > claims_at)
                .collect();
            if let Some(&(start, _)) = entries.get(pick % entries.len().max(1)) {
                let end = entries
                    .iter()
                    .map(|(s, _)| *s)
                    .find(|&s| s > start)
                    .unwrap_or(text.len());
                let entry = text.get(start..end).unwrap_or_default().to_string();
                match kind % 10 {
                    6 => out.insert_str(end, &entry),
                    7 => out.replace_range(start..end, ""),
                    _ => {
                        let line_end = start + entry.find('\n').map_or(entry.len(), |i| i + 1);
                        let next_end = line_end
                            + entry
                                .get(line_end - start..)
                                .and_then(|rest| rest.find('\n'))
                                .map_or(0, |i| i + 1);
                        out.replace_range(line_end..next_end.max(line_end), "");
                    }
                }
            }
        }
        // A line break inside a line.
        _ => out.insert(floor(at), '\n'),
    }
    out
}

fn replay(files: &mut Memory, map: &Path, edits: &[(u8, usize, usize)]) -> usize {
    let mut session = Session::new();
    let mut incremental = 0;
    let first = session.check(files, map);
    assert_eq!(
        summary(&first),
        summary(&crate::check_with(files, map).map(std::sync::Arc::new))
    );
    let corpus: Vec<PathBuf> = files
        .0
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .cloned()
        .collect();
    for (step, &(kind, at, pick)) in edits.iter().enumerate() {
        if kind == 255 {
            // A corpus file edited: the caller says so.
            let file = &corpus[pick % corpus.len()];
            if let Some(bytes) = files.0.get_mut(file) {
                bytes.extend_from_slice(b" Appended words.");
            }
            session.forget(file);
        } else {
            let text = String::from_utf8_lossy(&files.0[map]).into_owned();
            files
                .0
                .insert(map.to_path_buf(), edit(&text, kind, at, pick).into_bytes());
        }
        let before = session.hits;
        let ours = session.check(files, map);
        incremental += session.hits - before;
        let whole = crate::check_with(files, map).map(std::sync::Arc::new);
        assert_eq!(
            summary(&ours),
            summary(&whole),
            "step {step}: edit {kind} at {at} ({pick}) of\n{}",
            String::from_utf8_lossy(&files.0[map])
        );
    }
    incremental
}

fn generated(claims: usize) -> (Memory, PathBuf) {
    let generated = generator::generate(&generator::Options {
        claims,
        seed: 5,
        revise: 0.0,
    });
    let root = Path::new("/m");
    let mut files = Memory::default();
    for (path, content) in &generated.files {
        files
            .0
            .insert(root.join(path), content.clone().into_bytes());
    }
    (files, root.join("claims.yaml"))
}

#[test]
fn typing_in_claims_is_checked_in_part_and_the_same() {
    let (mut files, map) = generated(60);
    let edits: Vec<(u8, usize, usize)> = (0..120)
        .map(|i| ((i % 3) as u8, i * 7919, i * 31))
        .collect();
    let incremental = replay(&mut files, &map, &edits);
    assert!(incremental > 100, "{incremental} of 120 re-checks in part");
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(24))]
    #[test]
    fn any_edits_give_what_the_whole_check_gives(
        edits in proptest::collection::vec(
            (proptest::prop_oneof![9 => 0u8..10, 1 => proptest::strategy::Just(255u8)], 0usize..1_000_000, 0usize..10_000),
            1..24,
        ),
    ) {
        let (mut files, map) = generated(30);
        replay(&mut files, &map, &edits);
    }
}
