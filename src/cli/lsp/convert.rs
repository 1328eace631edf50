//! Between the library's byte offsets, paths and findings and the protocol's positions, URIs
//! and diagnostics: the one place positions are converted (in the encoding agreed at
//! `initialize`).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use claimgraph::diagnostic::{self, Severity};
use claimgraph::ide::position::{Encoding, Lines, Position};
use lsp_types as lsp;

/// A `file:` URI's path, percent-decoded; `None` for another scheme.
pub fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // An authority (`file://host/…`) is skipped; `file:///…` has none.
    let path = rest.get(rest.find('/')?..)?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut bytes = Vec::with_capacity(path.len());
    let mut raw = path.bytes();
    while let Some(b) = raw.next() {
        if b == b'%' {
            let hex: Vec<u8> = raw.by_ref().take(2).collect();
            let value = std::str::from_utf8(&hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())?;
            bytes.push(value);
        } else {
            bytes.push(b);
        }
    }
    let decoded = String::from_utf8(bytes).ok()?;
    // `/C:/x` on Windows.
    let windows_drive = decoded.len() > 3
        && decoded.as_bytes().get(2) == Some(&b':')
        && decoded
            .as_bytes()
            .get(1)
            .is_some_and(u8::is_ascii_alphabetic);
    if cfg!(windows) && windows_drive {
        return decoded.get(1..).map(|p| normal(Path::new(p)));
    }
    Some(normal(Path::new(&decoded)))
}

/// The `file:` URI of a path (absolute, as every path the server deals in is).
pub fn path_to_uri(path: &Path) -> lsp::Uri {
    let shown = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !shown.starts_with('/') {
        out.push('/');
    }
    for b in shown.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    // Every byte outside the unreserved set is escaped, so this parses.
    lsp::Uri::from_str(&out).unwrap_or_else(|_| fallback_uri())
}

fn fallback_uri() -> lsp::Uri {
    #[allow(clippy::unwrap_used, reason = "a constant that parses")]
    lsp::Uri::from_str("file:///").unwrap()
}

/// A path with `.` dropped and `..` taken back lexically, so that the same file reached as
/// `dir/./corpus/x.txt` and `dir/corpus/x.txt` is one key.
pub fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

pub fn position(p: Position) -> lsp::Position {
    lsp::Position::new(p.line, p.character)
}

pub fn from_position(p: lsp::Position) -> Position {
    Position::new(p.line, p.character)
}

/// The byte offset of a position in `text`, as [`Lines::offset`] gives it, without indexing
/// every line: the lines before it are skipped with memchr (a change in a 6 MB map indexed
/// all 200,000 of its lines, 6% of a keystroke's re-check).
pub fn offset(text: &str, encoding: Encoding, position: Position) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut line = 0;
    let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
    while line < position.line {
        let Some(i) = breaks.next() else {
            return text.len();
        };
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            // One line break: its `\n` is not another.
            breaks.next();
            start = i + 2;
        } else {
            start = i + 1;
        }
        line += 1;
    }
    let end = breaks.next().map_or(text.len(), |i| i + 1);
    let Some(this) = text.get(start..end) else {
        return text.len();
    };
    Lines::new(this, encoding).offset(Position::new(0, position.character)) + start
}

pub fn range(lines: &Lines<'_>, range: std::ops::Range<usize>) -> lsp::Range {
    let (start, end) = lines.range(range);
    lsp::Range::new(position(start), position(end))
}

/// Every finding of a check as the protocol's diagnostic, with its file, in order. Each file's
/// lines are indexed once (indexing the map's text once per finding was a tenth of a
/// re-check at 10,000 claims).
pub fn diagnostics(
    checked: &claimgraph::Checked,
    encoding: Encoding,
) -> Vec<(PathBuf, lsp::Diagnostic)> {
    let mut texts: HashMap<&Path, Option<Arc<String>>> = HashMap::new();
    for d in &checked.diagnostics {
        let related = d.related.iter().map(|label| d.file_of(label));
        for file in std::iter::once(d.file.as_path()).chain(related) {
            texts.entry(file).or_insert_with(|| checked.text_of(file));
        }
    }
    let lines: HashMap<&Path, Lines<'_>> = texts
        .iter()
        .filter_map(|(file, text)| Some((*file, Lines::new(text.as_ref()?, encoding))))
        .collect();
    let empty = Lines::new("", encoding);
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let own = lines.get(d.file.as_path()).unwrap_or(&empty);
            (normal(&d.file), diagnostic(d, own, &|file| lines.get(file)))
        })
        .collect()
}

/// A finding as the protocol's diagnostic, its positions in `lines` (the text of its file);
/// related places are converted with `lines_of` for their files.
fn diagnostic<'l>(
    d: &claimgraph::Diagnostic,
    lines: &Lines<'_>,
    lines_of: &dyn Fn(&Path) -> Option<&'l Lines<'l>>,
) -> lsp::Diagnostic {
    let at = d
        .span
        .map_or(lsp::Range::default(), |s| range(lines, s.range()));
    let related = d
        .related
        .iter()
        .filter_map(|label| {
            let file = d.file_of(label);
            let lines = lines_of(file)?;
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(path_to_uri(file), range(lines, label.span.range())),
                message: label.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp::Diagnostic {
        range: at,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: lsp::Uri::from_str(&diagnostic::help_uri(d.code))
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("claimgraph".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_without_an_index_are_the_index_s() {
        for text in ["", "a", "a\nb", "é😀x\r\nbé\rc\n", "\n\n\r\r\n", "x\r"] {
            for encoding in [Encoding::Utf16, Encoding::Utf8] {
                let lines = Lines::new(text, encoding);
                for line in 0..6 {
                    for character in 0..6 {
                        let at = Position::new(line, character);
                        assert_eq!(
                            offset(text, encoding, at),
                            lines.offset(at),
                            "{text:?} {at:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn uris_and_paths_round_trip_with_spaces_and_accents() {
        let path = Path::new("/tmp/a map/é.yaml");
        let uri = path_to_uri(path);
        assert_eq!(uri.as_str(), "file:///tmp/a%20map/%C3%A9.yaml");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let dotted = lsp::Uri::from_str("file:///x/./corpus/../corpus/a.txt").ok();
        assert_eq!(
            dotted.as_ref().and_then(uri_to_path).as_deref(),
            Some(Path::new("/x/corpus/a.txt"))
        );
        let other = lsp::Uri::from_str("untitled:Untitled-1").ok();
        assert_eq!(other.as_ref().and_then(uri_to_path), None);
    }
}
