//! The full finding model as one JSON document, for programs: subject, key and fingerprint,
//! every span with its byte range, related places, help and fixes.
//!
//! `{"diagnostics": [...], "summary": {...}}`; documented field by field in docs/format.md.

use serde::Serialize;

use super::{
    Applicability, Counts, Diagnostic, Label, Positions, Severity, SourceLookup, Subject,
    display_path,
};
use crate::model::Span;

/// What the JSON report says about the map besides its findings.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Errors and warnings.
    #[serde(flatten)]
    pub counts: Counts,
    /// Number of claims (0 when the map did not load).
    pub claims: usize,
    /// Number of claim-to-claim edges.
    pub edges: usize,
    /// Number of sources.
    pub sources: usize,
    /// Number of evidence items.
    pub quotes: usize,
    /// Number of quotes that anchored.
    pub anchored: usize,
    /// Number of quotes that only report a view (`stance: reports`), for neither side.
    pub reporting: usize,
    /// Whether the map could be read; when not, the counts are zero and nothing but the
    /// reading was checked.
    pub loaded: bool,
}

/// One finding as JSON: the `check -f json` entry, and the HTML page's.
#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    pub(crate) severity: Severity,
    pub(crate) code: &'static str,
    pub(crate) message: &'a str,
    pub(crate) subject: &'a Subject,
    pub(crate) key: &'a [String],
    pub(crate) fingerprint: String,
    pub(crate) file: String,
    pub(crate) line: Option<u32>,
    pub(crate) column: Option<u32>,
    pub(crate) end_line: Option<u32>,
    pub(crate) end_column: Option<u32>,
    /// Byte range `[start, end)` in the file.
    pub(crate) range: Option<[usize; 2]>,
    pub(crate) label: Option<&'a str>,
    pub(crate) help: Option<&'a str>,
    related: Vec<JsonLabel<'a>>,
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    range: [usize; 2],
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: String,
    range: [usize; 2],
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    replacement: &'a str,
}

fn range(span: Span) -> [usize; 2] {
    [span.start, span.start + span.len]
}

fn label<'a>(d: &'a Diagnostic, l: &'a Label, positions: &mut Positions<'_>) -> JsonLabel<'a> {
    let file = d.file_of(l);
    let (end_line, end_column) = positions.end(file, l.span);
    JsonLabel {
        message: &l.message,
        file: display_path(file),
        line: l.span.line,
        column: l.span.column,
        end_line,
        end_column,
        range: range(l.span),
    }
}

fn fixes<'a>(d: &'a Diagnostic, positions: &mut Positions<'_>) -> Vec<JsonFix<'a>> {
    d.fixes
        .iter()
        .map(|fix| JsonFix {
            description: &fix.description,
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let (line, column) = positions.at(&e.file, e.range.start).unwrap_or((0, 0));
                    let (end_line, end_column) =
                        positions.at(&e.file, e.range.end).unwrap_or((0, 0));
                    JsonEdit {
                        file: display_path(&e.file),
                        range: [e.range.start, e.range.end],
                        line,
                        column,
                        end_line,
                        end_column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        })
        .collect()
}

impl Summary {
    /// The counts of a map (none when it did not load) and its findings.
    pub fn of(map: Option<&crate::model::Map>, diagnostics: &[Diagnostic]) -> Self {
        let mut summary = Summary {
            counts: Counts::of(diagnostics),
            ..Summary::default()
        };
        if let Some(map) = map {
            summary.loaded = true;
            let evidence = || map.claims.iter().flat_map(|c| &c.evidence);
            summary.claims = map.claims.len();
            summary.edges = map.edges().count();
            summary.sources = map.sources.len();
            summary.quotes = evidence().count();
            summary.anchored = evidence().filter(|e| e.anchor.found().is_some()).count();
            summary.reporting = evidence()
                .filter(|e| e.stance == crate::model::Stance::Reports)
                .count();
        }
        summary
    }
}

/// Renders the stable JSON document `{"diagnostics": [...], "summary": {...}}`.
pub fn to_json(diagnostics: &[Diagnostic], summary: &Summary, lookup: &dyn SourceLookup) -> String {
    let document =
        serde_json::json!({ "diagnostics": views(diagnostics, lookup), "summary": summary });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

/// The findings as their JSON entries.
pub(crate) fn views<'a>(
    diagnostics: &'a [Diagnostic],
    lookup: &dyn SourceLookup,
) -> Vec<JsonDiagnostic<'a>> {
    let mut positions = Positions::new(lookup);
    diagnostics
        .iter()
        .map(|d| {
            let end = d.span.map(|span| positions.end(&d.file, span));
            JsonDiagnostic {
                severity: d.severity,
                code: d.code.as_str(),
                message: &d.message,
                subject: &d.subject,
                key: &d.key,
                fingerprint: d.fingerprint(),
                file: display_path(&d.file),
                line: d.span.map(|s| s.line),
                column: d.span.map(|s| s.column),
                end_line: end.map(|e| e.0),
                end_column: end.map(|e| e.1),
                range: d.span.map(range),
                label: d.label.as_deref(),
                help: d.help.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|l| label(d, l, &mut positions))
                    .collect(),
                fixes: fixes(d, &mut positions),
            }
        })
        .collect()
}
