//! Bytes of `claims.yaml` → [`RawMap`], or diagnostics saying why not.
//!
//! Files a curator really produces are checked before the YAML parser sees them (wrong encoding,
//! merge-conflict markers, NUL bytes), because the parser's own message for those is unhelpful.
//! The parser runs under explicit limits ([`limits`]) so hostile files fail fast.

use std::path::Path;
use std::sync::Arc;

use serde::de::IgnoredAny;

use super::raw::RawMap;
use super::{split, unknown};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{LineIndex, Span};

/// The documented limits on map files (see `docs/format.md`).
pub mod limits {
    /// Largest map file read, in bytes.
    pub const MAX_MAP_BYTES: u64 = 128 * 1024 * 1024;
    /// Deepest nesting of YAML collections.
    pub const MAX_DEPTH: usize = 64;
    /// Most YAML nodes (scalars, sequences, mappings) in one map file.
    pub const MAX_NODES: usize = 20_000_000;
    /// Most aliases (`*name`) in one map file.
    pub const MAX_ALIASES: usize = 10_000;
    /// Largest corpus file read, in bytes.
    pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
    /// Longest id, in bytes.
    pub const MAX_ID_BYTES: usize = 128;
}

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
    Parsed {
        raw: None,
        text,
        diagnostics: vec![diagnostic],
    }
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
            // is fine and the failure was about the shape (schema); if not, its error is the
            // syntax (or limit) problem, at the right place.
            let diagnostic = match serde_saphyr::from_str_with_options::<IgnoredAny>(&text, options)
            {
                Ok(_) => error_to_diagnostic(path, &text, &index, &error, true),
                Err(syntax) => error_to_diagnostic(path, &text, &index, &syntax, false),
            };
            failed(text.clone(), diagnostic)
        }
    }
}

/// Parser options with the [`limits`]; `share` divides the budgets between the parts of a map
/// parsed in pieces (see `split`), so that together they allow no more than the whole file.
pub(super) fn options(share: usize) -> serde_saphyr::Options {
    let share = share.max(1);
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = limits::MAX_DEPTH;
    budget.max_nodes = limits::MAX_NODES / share;
    budget.max_events = limits::MAX_NODES * 2 / share;
    budget.max_aliases = limits::MAX_ALIASES / share;
    budget.max_anchors = limits::MAX_ALIASES / share;
    budget.max_total_scalar_bytes = limits::MAX_MAP_BYTES as usize;
    budget.max_reader_input_bytes = Some(limits::MAX_MAP_BYTES as usize);
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

fn conflict_marker(text: &str) -> Option<usize> {
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

fn schema_diagnostic(path: &Path, span: Option<Span>, message: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(Code::Schema, path, span, message.to_string());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = expected_list(expected);
        diagnostic.message = format!("unknown field `{field}`");
        diagnostic.label = Some("unknown field".into());
        diagnostic.help = Some(match did_you_mean(field, &candidates) {
            Some(best) => format!(
                "did you mean `{best}`? (allowed here: {})",
                candidates.join(", ")
            ),
            None => format!("allowed fields here: {}", candidates.join(", ")),
        });
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = expected_list(expected);
        diagnostic.message = format!("unknown value `{value}`");
        diagnostic.help = Some(match did_you_mean(value, &candidates) {
            Some(best) => format!(
                "did you mean `{best}`? (allowed: {})",
                candidates.join(", ")
            ),
            None => format!("allowed values: {}", candidates.join(", ")),
        });
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

/// The closest candidate to `word` when it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    crate::diagnostic::did_you_mean(word, candidates.iter().map(String::as_str))
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

fn location_span(text: &str, index: &LineIndex, loc: &serde_saphyr::Location) -> Option<Span> {
    if loc.line() == 0 {
        return None;
    }
    let span = loc.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(offset), Some(len)) if (offset as usize) <= text.len() => {
            Some(index.span(text, offset as usize, len as usize))
        }
        _ => {
            let line_start = index.line_start(loc.line() as u32);
            let offset = text[line_start..]
                .char_indices()
                .nth(loc.column().saturating_sub(1) as usize)
                .map_or(text.len(), |(i, _)| line_start + i);
            Some(index.span(text, offset, 1))
        }
    }
}

/// The span of a value deserialized with [`serde_saphyr::Spanned`].
pub(super) fn spanned_span(text: &str, index: &LineIndex, loc: &serde_saphyr::Location) -> Span {
    location_span(text, index, loc).unwrap_or_default()
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
}
