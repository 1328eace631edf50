//! Bytes of `claims.yaml` → [`RawMap`], or diagnostics saying why not.
//!
//! Files a curator really produces are checked before the YAML parser sees them (wrong encoding,
//! merge-conflict markers, NUL bytes), because the parser's own message for those is unhelpful.
//! The parser runs under explicit limits ([`limits`]) so hostile files fail fast.
//!
//! The top of the loader's parsing: it uses `split` and `unknown`, and neither uses it.

use std::path::Path;
use std::sync::Arc;

use serde::de::IgnoredAny;

use super::limits::{self, options};
use super::raw::RawMap;
use super::span::location_span;
use super::{split, unknown};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::{LineIndex, Span};

pub(super) struct Parsed {
    pub raw: Option<RawMap>,
    pub text: Arc<String>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(super) fn too_large(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::new(
        Code::Limit,
        path,
        None,
        format!(
            "map file is {} MiB, over the limit of {} MiB",
            len / (1024 * 1024),
            limits::MAX_MAP_BYTES / (1024 * 1024)
        ),
    )
    .help("split the map, or check that this is really the map file")
}

fn failed(text: Arc<String>, diagnostic: Diagnostic) -> Parsed {
    failed_with(text, vec![diagnostic])
}

pub(super) fn parse(path: &Path, bytes: Vec<u8>) -> Parsed {
    let empty = Arc::new(String::new());
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return failed(
            empty,
            Diagnostic::new(
                Code::YamlSyntax,
                path,
                None,
                "map file is UTF-16, not UTF-8",
            )
            .help("save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"),
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
            let line = LineIndex::new(&valid).line(offset);
            return failed(
                empty,
                Diagnostic::new(
                    Code::YamlSyntax,
                    path,
                    None,
                    format!("map file is not valid UTF-8 (first bad byte at line {line}, byte {offset})"),
                )
                .help("save the file as UTF-8; text pasted from another program may carry Windows-1252 characters"),
            );
        }
    };
    let text = Arc::new(text);
    let index = LineIndex::new(&text);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return failed(
            text.clone(),
            Diagnostic::new(Code::Schema, path, None, "map file is empty")
                .help("a map needs at least `claims:`; see docs/format.md for a complete example"),
        );
    }
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        let span = index.span(&text, offset, 1);
        return failed(
            text.clone(),
            Diagnostic::new(
                Code::YamlSyntax,
                path,
                Some(span),
                "map file contains a NUL byte",
            )
            .label("NUL byte")
            .help("the file looks binary or half-written; restore it from version control"),
        );
    }
    if let Some(offset) = conflict_marker(&text) {
        let span = index.span(&text, offset, 7);
        return failed(
            text.clone(),
            Diagnostic::new(Code::YamlSyntax, path, Some(span), "unresolved merge conflict")
                .label("conflict marker")
                .help("resolve the conflict (keep one side between <<<<<<< and >>>>>>>), then run check again"),
        );
    }

    let parts = split::pieces_for(text.len());
    if parts > 1
        && let Some(split) = split::parse(&text, options, parts)
    {
        return Parsed {
            diagnostics: unknown::diagnostics(path, &text, &index, &split.raw, &split.ignored),
            raw: Some(split.raw),
            text,
        };
    }

    let options = options(1);
    let mut ignored = Vec::new();
    let parsed =
        serde_saphyr::with_deserializer_from_str_with_options(&text, options.clone(), |de| {
            serde_ignored::deserialize::<_, _, RawMap>(de, |at| {
                ignored.extend(unknown::written(&at))
            })
        });
    match parsed {
        Ok(raw) => Parsed {
            diagnostics: unknown::diagnostics(path, &text, &index, &raw, &ignored),
            raw: Some(raw),
            text,
        },
        Err(error) => {
            // Deserialising into `IgnoredAny` runs the parser alone: if that succeeds the YAML
            // is fine and the failure was about the shape (a duplicate key, a wrongly typed
            // value), which is reported and stepped over; if not, its error is the syntax (or
            // limit) problem, at the right place, and nothing after it can be trusted.
            let mut syntax_only = options;
            syntax_only.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::FirstWins;
            match serde_saphyr::from_str_with_options::<RootKind>(&text, syntax_only) {
                Ok(RootKind::Mapping) => recover(path, text, &index, error),
                Ok(kind) => {
                    let diagnostic = root_not_a_mapping(path, &text, &index, kind);
                    failed(text.clone(), diagnostic)
                }
                Err(syntax) => {
                    let near = syntax
                        .location()
                        .and_then(|loc| location_span(&text, &index, &loc))
                        .map(|span| span.line);
                    let diagnostic =
                        indenting_tab(path, &text, &index, near).unwrap_or_else(|| {
                            error_to_diagnostic(path, &text, &index, &syntax, false)
                        });
                    failed(text.clone(), diagnostic)
                }
            }
        }
    }
}

/// What the document's top level is, read without keeping any of it.
enum RootKind {
    Mapping,
    List,
    Scalar,
}

impl<'de> serde::Deserialize<'de> for RootKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Kind;
        impl<'de> serde::de::Visitor<'de> for Kind {
            type Value = RootKind;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a YAML document")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RootKind, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(RootKind::Mapping)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RootKind, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(RootKind::List)
            }
            fn visit_str<E>(self, _: &str) -> Result<RootKind, E> {
                Ok(RootKind::Scalar)
            }
            fn visit_bool<E>(self, _: bool) -> Result<RootKind, E> {
                Ok(RootKind::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<RootKind, E> {
                Ok(RootKind::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<RootKind, E> {
                Ok(RootKind::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<RootKind, E> {
                Ok(RootKind::Scalar)
            }
            fn visit_unit<E>(self) -> Result<RootKind, E> {
                Ok(RootKind::Scalar)
            }
            fn visit_none<E>(self) -> Result<RootKind, E> {
                Ok(RootKind::Scalar)
            }
        }
        deserializer.deserialize_any(Kind)
    }
}

/// One finding for a document whose top level is not `claims:` and friends: a bare list of
/// claims (the `claims:` line forgotten) or a lone value. Without it, the shape of every
/// entry below was reported wrong, one error per line.
fn root_not_a_mapping(path: &Path, text: &str, index: &LineIndex, kind: RootKind) -> Diagnostic {
    let first = text
        .lines()
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| {
            let body = line.trim_start_matches('\u{feff}').trim();
            !(body.is_empty() || body.starts_with('#') || body.starts_with('%') || body == "---")
        })
        .map_or(0, |(start, line)| {
            start + line.len() - line.trim_start().len()
        });
    let span = Some(index.span(text, first, 1));
    match kind {
        RootKind::List => Diagnostic::new(
            Code::Schema,
            path,
            span,
            "the map's top level is a list; a map starts with `claims:`",
        )
        .label("the list starts here")
        .help("add a line `claims:` above the first `- id:` (the list may stay where it is)"),
        _ => Diagnostic::new(Code::Schema, path, span, "this file is not a map: it holds a single value")
            .label("a single value")
            .help("a map has a `claims:` list; see the complete example in docs/format.md, or run `claimgraph init`"),
    }
}

/// A tab in a line's indentation, which YAML forbids: the parser reports it on the line
/// before, with advice about `: ` and quoting that does not apply. Asked only once the parse
/// has failed, so a tab inside a value never matters.
fn indenting_tab(
    path: &Path,
    text: &str,
    index: &LineIndex,
    error_line: Option<u32>,
) -> Option<Diagnostic> {
    let error_line = error_line?;
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        // Only the line the parser stopped at or the one after it: elsewhere a tab may be
        // the content of a block scalar, which YAML allows.
        let number = n as u32 + 1;
        if number + 1 < error_line {
            offset += line.len();
            continue;
        }
        if number > error_line + 1 {
            break;
        }
        let rest = line.trim_start_matches([' ', '\t']);
        let indentation = line.strip_suffix(rest).unwrap_or_default();
        if let Some(tab) = indentation.find('\t')
            && !rest.trim().is_empty()
            && !rest.starts_with('#')
        {
            let at = offset + tab;
            return Some(
                Diagnostic::new(
                    Code::YamlSyntax,
                    path,
                    Some(index.span(text, at, 1)),
                    "a tab indents this line: YAML indents with spaces only",
                )
                .label("tab")
                .help("replace the tab with spaces, as many as the lines around it use"),
            );
        }
        offset += line.len();
    }
    None
}

pub(super) fn conflict_marker(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("<<<<<<< ")
            || line.starts_with(">>>>>>> ")
            || line.trim_end() == "<<<<<<<"
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The key a "duplicate mapping key" error names (the parser's own wording is not shown).
fn duplicate_key_name(error: &serde_saphyr::Error) -> Option<String> {
    let message = bare_message(error);
    let rest = message.strip_prefix("duplicate mapping key")?;
    let key = rest.trim_start_matches(':').trim();
    let key = key.split(", set ").next().unwrap_or_default().trim();
    Some(key.trim_matches(|c| c == '"' || c == '\'').to_string())
}

/// How many shape problems (duplicate keys, wrongly typed values) one run steps over; each
/// costs a parse of the map, so a big map gets fewer (all the parses together read at most
/// [`RECOVERY_BYTES`]).
const MAX_RECOVERIES: usize = 32;
/// See [`MAX_RECOVERIES`].
const RECOVERY_BYTES: usize = 64 * 1024 * 1024;

/// The YAML is valid but the parser stopped at a shape problem. Each one is reported and then
/// masked in a copy of the text, keeping every byte offset (so every span found later is the
/// file's own), and the parse is tried again: a key written twice is renamed to underscores
/// (its first value wins), a wrongly typed value is blanked (`[]` where a list belongs), so
/// one mistake no longer hides every other finding. What cannot be masked stops the run with
/// its diagnostic, as before.
/// `first` is the whole-file parse's error, so the first round need not parse again.
fn recover(
    path: &Path,
    text: Arc<String>,
    index: &LineIndex,
    first: serde_saphyr::Error,
) -> Parsed {
    let mut masked = text.as_str().to_string();
    let mut masked_keys: Vec<usize> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut last_at = None;
    let rounds = (RECOVERY_BYTES / text.len().max(1)).clamp(1, MAX_RECOVERIES);
    let mut first = Some(first);
    for _ in 0..rounds {
        let mut ignored = Vec::new();
        let parsed = match first.take() {
            Some(error) => Err(error),
            None => {
                serde_saphyr::with_deserializer_from_str_with_options(&masked, options(1), |de| {
                    serde_ignored::deserialize::<_, _, RawMap>(de, |at| {
                        ignored.extend(unknown::written(&at))
                    })
                })
            }
        };
        let error = match parsed {
            Ok(raw) => {
                let unknown = unknown::diagnostics(path, &masked, index, &raw, &ignored);
                // A masked key (`____`) is ours, not the curator's unknown field.
                diagnostics.extend(
                    unknown
                        .into_iter()
                        .filter(|d| d.span.is_none_or(|span| !masked_keys.contains(&span.start))),
                );
                return Parsed {
                    raw: Some(raw),
                    text,
                    diagnostics,
                };
            }
            Err(error) => error,
        };
        let at = error
            .location()
            .and_then(|loc| location_span(&masked, index, &loc));
        if at.is_none() || at == last_at {
            diagnostics.push(error_to_diagnostic(path, &text, index, &error, true));
            return failed_with(text, diagnostics);
        }
        last_at = at;
        let start = at.map_or(0, |s| s.start);
        if let Some(key) = duplicate_key_name(&error) {
            let Some(at) = key_at(&masked, start, &key) else {
                diagnostics.push(error_to_diagnostic(path, &text, index, &error, true));
                return failed_with(text, diagnostics);
            };
            diagnostics.push(duplicate_key(path, &text, index, &key, at));
            masked.replace_range(at..at + key.len(), &"_".repeat(key.len()));
            masked_keys.push(at);
            continue;
        }
        let mut d = error_to_diagnostic(path, &text, index, &error, true);
        if bare_message(&error).starts_with("missing field") {
            // Blanking a value cannot supply a missing field: going on would only report the
            // blanked text as further, invented problems.
            if let Some((entry, message, help)) = misplaced_citation(&text, start) {
                d.span = Some(index.span(&text, entry, 1));
                d.label = Some("this entry has no `id:`".to_string());
                d.message = message;
                d.help = Some(help);
            }
            diagnostics.push(d);
            return failed_with(text, diagnostics);
        }
        let wants_list = bare_message(&error).contains("sequence");
        let mask = value_mask(&masked, start, wants_list);
        let value_end = mask
            .as_ref()
            .map_or_else(|| line_end(&text, start), |(range, _)| range.end);
        let value = text.get(start..value_end).unwrap_or_default().trim();
        if let Some(key) = key_before(&text, start) {
            if wants_list {
                d.message = format!("`{key}` holds a list, not a single value");
                d.label = Some("a single value".to_string());
                if matches!(key, "claims" | "sources" | "evidence") {
                    d.help = Some(format!(
                        "`{key}:` is a list of entries, each starting with `- `; see the complete example in docs/format.md"
                    ));
                } else if !value.is_empty() && !value.starts_with(['[', '{']) {
                    d.help = Some(format!("write it as a list: {key}: [{value}]"));
                }
            } else if !d.message.starts_with("unknown value") {
                d.message = format!("`{key}` has a value of the wrong type");
                d.label = Some("wrong type".to_string());
            }
        }
        let Some((range, replacement)) = mask else {
            diagnostics.push(d);
            return failed_with(text, diagnostics);
        };
        diagnostics.push(d);
        masked.replace_range(range, &replacement);
    }
    // At the last problem reported, so that it is listed after the ones it speaks of.
    diagnostics.push(
        Diagnostic::new(
            Code::Limit,
            path,
            last_at,
            format!("more than {rounds} problems with the map's shape"),
        )
        .label("checking stopped here")
        .help("fix the ones above and check again"),
    );
    failed_with(text, diagnostics)
}

/// An entry of `claims:` without `id:` whose keys are a citation's (`source:`, `quote:`): a
/// citation indented as a claim. Where the entry starts (its `- `), and the message and help.
fn misplaced_citation(text: &str, at: usize) -> Option<(usize, String, String)> {
    let key = text.get(at..)?.split(':').next()?.trim();
    if !matches!(key, "source" | "quote" | "stance") {
        return None;
    }
    // The parser names the entry's last key; the entry starts at the nearest `- ` above.
    let mut line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    loop {
        let line = text.get(line_start..)?.lines().next()?;
        if line.trim_start().starts_with("- ") {
            let dash = line_start + line.len() - line.trim_start().len();
            return Some((
                dash,
                "this entry of `claims:` has `source:` or `quote:` but no `id:`: it looks like a citation indented as a claim".to_string(),
                "indent it under the claim above, as an entry of its `evidence:` list (`- source: …` with `quote:` under it)".to_string(),
            ));
        }
        if line_start == 0 {
            return None;
        }
        line_start = text.get(..line_start - 1)?.rfind('\n').map_or(0, |i| i + 1);
    }
}

fn failed_with(text: Arc<String>, diagnostics: Vec<Diagnostic>) -> Parsed {
    Parsed {
        raw: None,
        text,
        diagnostics,
    }
}

fn duplicate_key(path: &Path, text: &str, index: &LineIndex, key: &str, at: usize) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::DuplicateKey,
        path,
        Some(index.span(text, at, key.len())),
        format!("`{key}` is written twice in this entry"),
    )
    .key([key])
    .label("written again here")
    .help(format!(
        "keep one `{key}:`; if both values are meant, merge them into one (YAML keeps only one value per key)"
    ));
    if let Some(first) = first_occurrence(text, at, key) {
        d = d.related(index.span(text, first, key.len()), "first written here");
    }
    d
}

/// The bytes of the plain or flow value starting at `at` (to the end of its line, or its
/// closing bracket), and what to put there instead: `[]` where a list belongs, else blanks
/// (null), padded to the same length. `None` for a value that spans lines.
fn value_mask(text: &str, at: usize, wants_list: bool) -> Option<(std::ops::Range<usize>, String)> {
    // `split` yields at least one piece: the value's line, or all of `rest` without a break.
    let line = text.get(at..)?.split(['\n', '\r']).next()?;
    let end = match line.chars().next()? {
        '[' | '{' => {
            let close = if line.starts_with('[') { ']' } else { '}' };
            line.rfind(close)? + 1
        }
        '"' | '\'' | '|' | '>' | '&' | '*' | '!' => return None,
        _ => line.find(" #").unwrap_or(line.len()),
    };
    // `end` is after an ASCII bracket, before ` #` or the line's end: a char boundary.
    let len = line.get(..end)?.trim_end().len();
    if len == 0 {
        return None;
    }
    let replacement = if wants_list {
        format!("[]{}", " ".repeat(len.saturating_sub(2)))
    } else {
        " ".repeat(len)
    };
    if replacement.len() != len {
        return None;
    }
    Some((at..at + len, replacement))
}

/// Where the line holding `at` ends (before its line break).
fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.find(['\n', '\r']))
        .map_or(text.len(), |i| at + i)
}

/// The key of the `key: value` pair whose value starts at `at`, on the same line.
fn key_before(text: &str, at: usize) -> Option<&str> {
    // The line up to `at`: `rsplit` yields at least one piece.
    let line = text.get(..at)?.rsplit(['\n', '\r']).next()?;
    let before = line.trim_end().strip_suffix(':')?;
    let key = before.trim_start().trim_start_matches("- ").trim();
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    .then_some(key)
}

/// Where `key` starts at or after `from` on the same line.
fn key_at(text: &str, from: usize, key: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    if rest.starts_with(key) {
        return Some(from);
    }
    // The rest of the line: `split` yields at least one piece.
    let line = rest.split(['\n', '\r']).next()?;
    line.find(key).map(|i| from + i)
}

/// The earlier `key:` of the block mapping whose later `key:` starts at `second`: the nearest
/// line above at the same column, before the mapping began (a line less indented).
fn first_occurrence(text: &str, second: usize, key: &str) -> Option<usize> {
    let before = text.get(..second)?;
    // The lines above, and the start of the current one (its length is the key's column).
    let (above, current) = before.rsplit_once('\n').unwrap_or(("", before));
    let column = current.len();
    let mut end = above.len();
    for line in above.split_inclusive('\n').rev() {
        let start = end - line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        end = start;
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        // `- key:` opens an item: its key stands two or more columns after the dash.
        let (at, content) = match body.strip_prefix('-') {
            Some(rest) if indent < column => {
                let rest_trim = rest.trim_start_matches(' ');
                (indent + 1 + rest.len() - rest_trim.len(), rest_trim)
            }
            _ => (indent, body),
        };
        if at == column
            && content
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            return Some(start + at);
        }
        if indent < column {
            return None;
        }
    }
    None
}

fn error_to_diagnostic(
    path: &Path,
    text: &str,
    index: &LineIndex,
    error: &serde_saphyr::Error,
    syntax_ok: bool,
) -> Diagnostic {
    let span = error
        .location()
        .and_then(|loc| location_span(text, index, &loc));
    let raw_message = bare_message(error);
    let breach = match error {
        serde_saphyr::Error::Budget { breach, .. } => Some(format!("{breach:?}")),
        // The scanner's own guard on flow nesting (`[[[[…`) trips before the budget's depth
        // check sees the nodes; it is the same limit, not a syntax error.
        _ if raw_message == "recursion limit exceeded" => Some("NestingDepth".to_string()),
        _ => raw_message
            .strip_prefix("budget breached: ")
            .map(str::to_string),
    };
    if let Some(breach) = breach {
        if limit_name(&breach) == "documents" {
            return Diagnostic::new(
                Code::YamlSyntax,
                path,
                span,
                "a second YAML document starts here; a map is one document",
            )
            .label("document separator")
            .help("move what follows into the first document's lists (`claims:`, `sources:`) and delete this `---` line");
        }
        return Diagnostic::new(
            Code::Limit,
            path,
            span,
            format!("map exceeds a parser limit ({})", limit_name(&breach)),
        )
        .label("limit reached here")
        .help(format!(
            "maps are limited to nesting depth {}, {} aliases and {} nodes; an alias bomb or runaway nesting trips this",
            limits::MAX_DEPTH,
            limits::MAX_ALIASES,
            limits::MAX_NODES
        ));
    }
    if !syntax_ok {
        return Diagnostic::new(Code::YamlSyntax, path, span, format!("invalid YAML: {raw_message}"))
            .label(raw_message.clone())
            .help("fix the YAML syntax here; a quote containing `: ` or starting with a quote character must itself be quoted");
    }
    schema_diagnostic(path, span, &raw_message)
}

fn limit_name(debug: &str) -> String {
    // `RecordedAnchorEvents { recorded_anchor_events: 1000001 }` → "recorded anchor events"
    let name = debug.split([' ', '{', '(']).next().unwrap_or_default();
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

/// The parser's words for what it expected, in the map's: its messages name YAML events
/// (`expected mapping start`), which mean nothing to a curator.
fn in_map_words(message: &str) -> String {
    const EVENTS: &[(&str, &str)] = &[
        (
            "expected mapping start",
            "expected an entry of `key: value` fields here",
        ),
        ("expected sequence start", "expected a list here"),
        ("expected string scalar", "expected a text value here"),
        ("expected scalar", "expected a single value here"),
    ];
    EVENTS
        .iter()
        .find(|(event, _)| message.starts_with(event))
        .map_or_else(|| message.to_string(), |(_, words)| (*words).to_string())
}

fn schema_diagnostic(path: &Path, span: Option<Span>, message: &str) -> Diagnostic {
    let message = &in_map_words(message);
    let mut diagnostic = Diagnostic::new(Code::Schema, path, span, message.to_string());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = expected_list(expected);
        diagnostic.message = format!("unknown field `{field}`");
        diagnostic.label = Some("unknown field".into());
        diagnostic.help = Some(
            match did_you_mean(field, candidates.iter().map(String::as_str)) {
                Some(best) => format!(
                    "did you mean `{best}`? (allowed here: {})",
                    candidates.join(", ")
                ),
                None => format!("allowed fields here: {}", candidates.join(", ")),
            },
        );
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = expected_list(expected);
        diagnostic.message = format!("unknown value `{value}`");
        diagnostic.help = Some(
            match did_you_mean(value, candidates.iter().map(String::as_str)) {
                Some(best) => format!(
                    "did you mean `{best}`? (allowed: {})",
                    candidates.join(", ")
                ),
                None => format!("allowed values: {}", candidates.join(", ")),
            },
        );
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        diagnostic.help = Some(match field {
            "claims" => "a map needs a `claims:` list; see docs/format.md".to_string(),
            "text" => {
                "every claim needs `text:`, a short proposition in your own words".to_string()
            }
            other => format!("add `{other}:` to this entry"),
        });
    } else if message.contains("expected") || message.contains("invalid") {
        diagnostic.help = Some(
            "this value has the wrong type; see docs/format.md or claims.schema.json".to_string(),
        );
    } else if message.contains("duplicate mapping key") {
        diagnostic.help = Some("a field appears twice in this entry; keep one".to_string());
    }
    diagnostic
}

fn expected_list(expected: &str) -> Vec<String> {
    let list = expected
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .trim_start_matches("one of ");
    list.split([',', ' '])
        .map(|s| s.trim_matches(|c: char| c == '`' || c.is_whitespace()))
        .filter(|s| !s.is_empty() && *s != "or")
        .map(str::to_string)
        .collect()
}

fn bare_message(error: &serde_saphyr::Error) -> String {
    let shown = match error {
        serde_saphyr::Error::Message { msg, .. } => msg.clone(),
        other => other.without_snippet().to_string(),
    };
    // "error: line 4 column 5: unknown field ..." → "unknown field ..."
    let mut message = shown.lines().next().unwrap_or_default().trim().to_string();
    if let Some(rest) = message.strip_prefix("error: ") {
        message = rest.to_string();
    }
    if message.starts_with("line ")
        && let Some((_, rest)) = message.split_once(": ")
    {
        message = rest.to_string();
    }
    if let Some((head, _)) = message.split_once(" at line ") {
        message = head.to_string();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Parsed {
        parse(Path::new("claims.yaml"), text.as_bytes().to_vec())
    }

    #[test]
    fn unknown_field_suggests_the_closest_field() {
        let parsed = parse_str("claims:\n  - id: a\n    text: t\n    suports: [b]\n");
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, Code::Schema);
        assert_eq!(d.message, "unknown field `suports`");
        assert!(
            d.help
                .as_deref()
                .unwrap_or_default()
                .starts_with("did you mean `supports`?")
        );
        assert_eq!(d.span.map(|s| (s.line, s.column)), Some((4, 5)));
    }

    #[test]
    fn syntax_error_is_not_a_schema_error() {
        let parsed = parse_str("claims:\n  - id: a\n    text: \"unclosed\n");
        assert_eq!(parsed.diagnostics[0].code, Code::YamlSyntax);
    }

    #[test]
    fn alias_bomb_trips_a_limit() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            yaml.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        yaml.push_str("claims: []\n");
        let parsed = parse_str(&yaml);
        assert!(parsed.raw.is_none());
        assert_eq!(
            parsed.diagnostics[0].code,
            Code::Limit,
            "{:?}",
            parsed.diagnostics
        );
    }

    #[test]
    fn deep_flow_nesting_is_a_limit_not_a_syntax_error() {
        let yaml = format!(
            "claims:\n  - id: a\n    text: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let d = &parse_str(&yaml).diagnostics[0];
        assert_eq!(d.code, Code::Limit, "{d:?}");
        assert_eq!(d.message, "map exceeds a parser limit (nesting depth)");
    }

    #[test]
    fn merge_conflict_markers_are_named() {
        let parsed = parse_str("claims:\n<<<<<<< HEAD\n  - id: a\n=======\n>>>>>>> other\n");
        let d = &parsed.diagnostics[0];
        assert_eq!(d.message, "unresolved merge conflict");
        assert_eq!(d.span.map(|s| s.line), Some(2));
    }

    #[test]
    fn a_large_map_is_parsed_in_parts_and_the_same() {
        let mut text = String::from("title: large\nclaims:\n");
        let mut i = 0;
        while text.len() < 2 * split::MIN_SPLIT_BYTES {
            text.push_str(&split::tests::entry(2, i, (i % 256) as u8, i % 7 == 0));
            i += 1;
        }
        text.push_str("  - id: last\n    text: t\n    suports: [c1]\n");
        let path = std::path::Path::new("claims.yaml");
        let parsed = parse(path, text.clone().into_bytes());
        assert!(
            split::parse(&text, options, 2).is_some(),
            "the split applies"
        );
        let whole: RawMap = serde_saphyr::from_str_with_options(&text, options(1)).expect("parses");
        let raw = parsed.raw.as_ref().expect("parsed");
        assert_eq!(
            split::consumed(&format!("{raw:#?}")),
            split::consumed(&format!("{whole:#?}"))
        );
        // The unknown key in the last part is reported at its line.
        let lines: Vec<u32> = parsed
            .diagnostics
            .iter()
            .filter_map(|d| d.span.map(|s| s.line))
            .collect();
        assert_eq!(lines, [text.lines().count() as u32]);
    }
}
