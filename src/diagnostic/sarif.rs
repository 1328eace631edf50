//! SARIF 2.1.0, the static-analysis interchange format GitHub code scanning (and most CI
//! dashboards) ingest. One run, one rule per diagnostic code with its documentation link,
//! one result per finding with its related places, a partial fingerprint that survives
//! reworded messages and moved lines, and the fixes as artifact changes.
//!
//! Columns are characters (`columnKind: unicodeCodePoints`), by the program's one line rule;
//! fix regions also give their byte range, which is what the edits really are.

use serde_json::{Value, json};

use super::{Code, Diagnostic, Positions, Severity, SourceLookup, display_path};
use crate::model::Span;

/// Where each code is documented: the section of docs/format.md named after it.
pub fn help_uri(code: Code) -> String {
    format!("{}#{}", super::FORMAT_DOCS_URL, code.as_str())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rules() -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|&code| {
            json!({
                "id": code.as_str(),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": format!("{} ({} by default)", code.summary(), code.severity().as_str()) },
                "helpUri": help_uri(code),
                "help": { "text": format!("{} (see {})", code.summary(), help_uri(code)) },
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect()
}

fn region(positions: &mut Positions<'_>, file: &std::path::Path, span: Span) -> Value {
    let (end_line, end_column) = positions.end(file, span);
    json!({
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

fn location(positions: &mut Positions<'_>, file: &std::path::Path, span: Option<Span>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri(file) } });
    // Code scanning needs a region on every result: a finding about a whole file (an unused
    // corpus file, an unreadable one) is shown at its first line.
    physical["region"] = match span {
        Some(span) => region(positions, file, span),
        None => json!({ "startLine": 1, "startColumn": 1 }),
    };
    json!({ "physicalLocation": physical })
}

/// A relative URI reference for a path: forward slashes, each segment percent-encoded.
fn uri(file: &std::path::Path) -> String {
    display_path(file)
        .split('/')
        .map(|segment| {
            let mut out = String::new();
            for b in segment.bytes() {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn fixes(d: &Diagnostic, positions: &mut Positions<'_>) -> Vec<Value> {
    d.fixes
        .iter()
        .map(|fix| {
            let changes: Vec<Value> = fix
                .edits
                .iter()
                .map(|edit| {
                    let start = positions.at(&edit.file, edit.range.start);
                    let end = positions.at(&edit.file, edit.range.end);
                    let mut deleted = match (start, end) {
                        (Some((line, column)), Some((end_line, end_column))) => json!({
                            "startLine": line, "startColumn": column,
                            "endLine": end_line, "endColumn": end_column,
                        }),
                        _ => json!({}),
                    };
                    deleted["byteOffset"] = json!(edit.range.start);
                    deleted["byteLength"] = json!(edit.range.len());
                    json!({
                        "artifactLocation": { "uri": uri(&edit.file) },
                        "replacements": [{
                            "deletedRegion": deleted,
                            "insertedContent": { "text": edit.replacement },
                        }],
                    })
                })
                .collect();
            json!({
                "description": { "text": format!("{} ({})", fix.description, fix.applicability.as_str()) },
                "artifactChanges": changes,
            })
        })
        .collect()
}

fn result(d: &Diagnostic, positions: &mut Positions<'_>) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let rule_index = Code::ALL.iter().position(|&c| c == d.code).unwrap_or(0);
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location(positions, &d.file, d.span)],
        "partialFingerprints": { "claimgraphIdentity/v1": d.fingerprint() },
    });
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let mut place = location(positions, d.file_of(label), Some(label.span));
                place["id"] = json!(i + 1);
                place["message"] = json!({ "text": label.message });
                place
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    if !d.fixes.is_empty() {
        result["fixes"] = Value::Array(fixes(d, positions));
    }
    result
}

/// Renders a SARIF 2.1.0 log of one run.
pub fn to_sarif(diagnostics: &[Diagnostic], lookup: &dyn SourceLookup) -> String {
    let mut positions = Positions::new(lookup);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| result(d, &mut positions))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claimgraph",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": super::FORMAT_DOCS_URL,
                "rules": rules(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_per_segment() {
        assert_eq!(
            uri(std::path::Path::new("./maps/a b#?.yaml")),
            "maps/a%20b%23%3F.yaml"
        );
    }
}
