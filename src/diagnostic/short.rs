//! One line per finding (`claims.yaml:54:16: error[quote-not-found] quote not found in ...`),
//! for grep, editors' quickfix lists and terse CI logs; and `--statistics`, a count per code.

use std::fmt::Write as _;

use super::{Code, Diagnostic, display_path};

/// Renders each finding on one line: `file:line:col: severity[code] message`.
pub fn to_short(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let place = match d.span {
            Some(span) => format!("{}:{}:{}", display_path(&d.file), span.line, span.column),
            None => display_path(&d.file),
        };
        let fixable = if d.fixes.is_empty() { "" } else { " [*]" };
        // A message is one line by rule; a hostile value inside one must not forge a second.
        let message = super::printable(&d.message.replace(['\n', '\r'], " ")).into_owned();
        let _ = writeln!(
            out,
            "{place}: {}[{}]{fixable} {message}",
            d.severity.as_str(),
            d.code
        );
    }
    out
}

/// Count and fixable count per code, most frequent first (ties in documentation order).
fn count(diagnostics: &[Diagnostic]) -> Vec<(Code, usize, usize)> {
    let mut counts: Vec<(Code, usize, usize)> = Code::ALL
        .iter()
        .map(|&code| {
            let of_code = diagnostics.iter().filter(|d| d.code == code);
            let fixable = of_code.clone().filter(|d| !d.fixes.is_empty()).count();
            (code, of_code.count(), fixable)
        })
        .filter(|(_, n, _)| *n > 0)
        .collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
}

/// `--statistics -f json`: `[{"code", "severity", "count", "fixable"}]`, most frequent first.
pub fn statistics_json(diagnostics: &[Diagnostic]) -> String {
    let rows: Vec<serde_json::Value> = count(diagnostics)
        .into_iter()
        .map(|(code, n, fixable)| {
            serde_json::json!({
                "code": code.as_str(),
                "severity": code.severity(),
                "count": n,
                "fixable": fixable,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_default();
    out.push('\n');
    out
}

/// A count per code, most frequent first (ties in documentation order), as `ruff
/// --statistics` prints it: count, code, severity, and how many have a fix.
pub fn to_statistics(diagnostics: &[Diagnostic]) -> String {
    let counts = count(diagnostics);
    let width = counts
        .iter()
        .map(|c| c.1.to_string().len())
        .max()
        .unwrap_or(1);
    let code_width = counts.iter().map(|c| c.0.as_str().len()).max().unwrap_or(1);
    let mut out = String::new();
    for (code, n, fixable) in counts {
        let fix = match fixable {
            0 => String::new(),
            f if f == n => "  [*] fixable".to_string(),
            f => format!("  [*] {f} fixable"),
        };
        let _ = writeln!(
            out,
            "{n:>width$}  {:<code_width$}  {}{fix}",
            code.as_str(),
            code.severity().as_str()
        );
    }
    out
}
