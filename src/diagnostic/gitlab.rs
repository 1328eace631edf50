//! GitLab Code Quality reports (the Code Climate issue subset GitLab reads): a JSON array with
//! one entry per finding, shown in merge requests. The fingerprint is the finding's identity
//! (code, subject, key), so GitLab sees the same finding as unchanged when lines move.

use serde::Serialize;

use super::{Diagnostic, Positions, Severity, SourceLookup, display_path};

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'static str,
    categories: [&'static str; 1],
    fingerprint: String,
    severity: &'static str,
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content<'a>>,
}

#[derive(Serialize)]
struct Content<'a> {
    body: &'a str,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// Renders the report. Errors are `major`, warnings `minor` (GitLab's scale runs
/// info, minor, major, critical, blocker).
pub fn to_gitlab(diagnostics: &[Diagnostic], lookup: &dyn SourceLookup) -> String {
    let mut positions = Positions::new(lookup);
    let issues: Vec<Issue<'_>> = diagnostics
        .iter()
        .map(|d| {
            let (begin, end) = match d.span {
                Some(span) => (span.line, positions.end(&d.file, span).0.max(span.line)),
                None => (1, 1),
            };
            Issue {
                kind: "issue",
                description: format!("{}[{}]: {}", d.severity.as_str(), d.code, d.message),
                check_name: d.code.as_str(),
                categories: ["Bug Risk"],
                fingerprint: d.fingerprint(),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: display_path(&d.file),
                    lines: Lines { begin, end },
                },
                content: d.help.as_deref().map(|body| Content { body }),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_default();
    out.push('\n');
    out
}
