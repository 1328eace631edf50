//! The Markdown printer: a pull-request comment (summary table, then details per claim, sources
//! and the check verdict), for GitHub and GitLab.
//!
//! Every text that comes from the map (claim texts, quotes, notes, messages) is escaped so that
//! it cannot break out of its paragraph or table cell, nor inject links or HTML into the comment.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::text::cut;
use super::{
    ClaimDiff, ClaimStatus, Diff, EdgeChange, EdgeStatus, EvidenceChange, EvidenceDiff,
    EvidenceNote, Labels, RenameBasis, SourceStatus, SourceStyle, WordOp, WordTag,
};

/// Longest quote shown in full.
const QUOTE_WIDTH: usize = 200;

/// Escapes Markdown and HTML syntax in running text (one line: newlines become spaces).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // What would start a list, heading or numbered item at the beginning of a line.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let starts_block = text.starts_with(['-', '+', '#', '='])
        || (digits > 0
            && text
                .get(digits..)
                .is_some_and(|rest| rest.starts_with(['.', ')'])));
    for (i, c) in text.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ if starts_block && (i == 0 && digits == 0 || digits > 0 && i == digits) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// An id or code as inline code, unless it contains a backtick (then escaped text).
fn code(text: &str) -> String {
    if text.contains('`') || text.contains('\n') {
        escape(text)
    } else {
        format!("`{text}`")
    }
}

fn words(ops: &[WordOp]) -> String {
    ops.iter()
        .map(|op| match op.op {
            WordTag::Equal => escape(&op.text),
            WordTag::Delete => format!("~~{}~~", escape(&op.text)),
            WordTag::Insert => format!("**{}**", escape(&op.text)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn evidence_item(e: &EvidenceDiff) -> String {
    let Some(shown) = e.shown() else {
        return String::new();
    };
    let quote = format!("“{}”", escape(&cut(&shown.quote, QUOTE_WIDTH)));
    let has = |c: EvidenceChange| e.changes.contains(&c);
    let source = code(&shown.source);
    if has(EvidenceChange::Added) {
        let mut item = format!("**added** {source} {quote}");
        if shown.stance == crate::model::Stance::Contradicts {
            item.push_str(" (contradicts)");
        }
        if !shown.anchor.is_anchored() {
            item.push_str(&format!(" — ⚠️ {}", shown.anchor.describe()));
        }
        return item;
    }
    if has(EvidenceChange::Removed) {
        return format!("**removed** {source} {quote}");
    }
    let mut what = Vec::new();
    let mut body = quote;
    if has(EvidenceChange::QuoteEdited)
        && let Some(ops) = &e.quote_words
    {
        what.push("quote edited".to_string());
        body = format!("“{}”", words(ops));
    }
    for note in e.notes() {
        what.push(match note {
            EvidenceNote::SourceChanged { from, .. } => {
                format!("source {} → {source}", code(&from))
            }
            EvidenceNote::StanceFlipped { from, to } => format!("stance {from} → {to}"),
            EvidenceNote::Broken { was, is } => {
                format!("⚠️ **broken**: anchored at {was}, now {is}")
            }
            EvidenceNote::Moved { was, is } => format!("moved: {was} → {is}"),
            EvidenceNote::Repaired { was, is } => format!("repaired: {was} → {is}"),
        });
    }
    format!("{source} {body} — {}", what.join("; "))
}

fn edge_item(edge: &EdgeChange) -> String {
    match edge.status {
        EdgeStatus::Added => format!("**added** {} {}", edge.kind.as_str(), code(&edge.to)),
        EdgeStatus::Removed => format!("**removed** {} {}", edge.kind.as_str(), code(&edge.to)),
        EdgeStatus::Flipped => format!(
            "**flipped** {} → {} {}",
            edge.old_kind.map_or("?", |k| k.as_str()),
            edge.kind.as_str(),
            code(&edge.to)
        ),
    }
}

fn claim_section(out: &mut String, claim: &ClaimDiff, edges: &[&EdgeChange]) {
    let header = match claim.status {
        ClaimStatus::Added => format!("➕ added {}", code(&claim.id)),
        ClaimStatus::Removed => format!("➖ removed {}", code(&claim.id)),
        ClaimStatus::Renamed => {
            let why = match claim.rename.map(|r| (r.basis, r.similarity)) {
                Some((RenameBasis::SameText, _)) => " (same text)".to_string(),
                Some((RenameBasis::SameEvidence, _)) => " (same evidence)".to_string(),
                Some((RenameBasis::Similar, s)) => format!(" ({:.0}% similar)", s * 100.0),
                None => String::new(),
            };
            format!(
                "✏️ renamed {} → {}{why}",
                code(claim.old_id.as_deref().unwrap_or("?")),
                code(&claim.id)
            )
        }
        ClaimStatus::Modified => format!("✏️ changed {}", code(&claim.id)),
    };
    let _ = writeln!(out, "#### {header}\n");
    match &claim.text_change {
        Some(change) => {
            let _ = writeln!(out, "> {}", words(&change.words));
        }
        None => {
            let _ = writeln!(out, "> {}", escape(&claim.text));
        }
    }
    if claim.tags.is_some()
        || claim.note.is_some()
        || !claim.evidence.is_empty()
        || !edges.is_empty()
    {
        out.push('\n');
    }
    if let Some(tags) = &claim.tags {
        let list = |l: &[String]| l.iter().map(|t| code(t)).collect::<Vec<_>>().join(", ");
        let mut parts = Vec::new();
        if !tags.added.is_empty() {
            parts.push(format!("added {}", list(&tags.added)));
        }
        if !tags.removed.is_empty() {
            parts.push(format!("removed {}", list(&tags.removed)));
        }
        let _ = writeln!(out, "- tags: {}", parts.join("; "));
    }
    if let Some(note) = &claim.note {
        let show = |n: &Option<String>| {
            n.as_deref().map_or("(none)".to_string(), |n| {
                format!("“{}”", escape(&cut(n, QUOTE_WIDTH)))
            })
        };
        let _ = writeln!(out, "- note: {} → {}", show(&note.old), show(&note.new));
    }
    if !claim.evidence.is_empty() {
        let _ = writeln!(out, "- evidence:");
        for e in &claim.evidence {
            let _ = writeln!(out, "  - {}", evidence_item(e));
        }
    }
    if !edges.is_empty() {
        let _ = writeln!(out, "- edges:");
        for edge in edges {
            let _ = writeln!(out, "  - {}", edge_item(edge));
        }
    }
    out.push('\n');
}

/// Prints the diff as a Markdown pull-request comment.
pub fn markdown(diff: &Diff, labels: &Labels) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### claimgraph diff: {} → {}\n",
        code(&labels.old),
        code(&labels.new)
    );
    for (side, parsed) in [
        (&labels.old, diff.old_parsed),
        (&labels.new, diff.new_parsed),
    ] {
        if !parsed {
            let _ = writeln!(
                out,
                "⚠️ The map of {} does not parse: only check findings are compared.\n",
                code(side)
            );
        }
    }
    let summary = diff.summary();
    if summary.total() == 0 {
        let _ = writeln!(
            out,
            "{}",
            if diff.bytes_differ {
                "No semantic change: the files differ only in formatting, order or comments."
            } else {
                "No change."
            }
        );
        return out;
    }
    let _ = writeln!(out, "**{}**\n", escape(&summary.line()));
    let rows = [
        ("claims added", summary.claims_added),
        ("claims removed", summary.claims_removed),
        ("claims renamed", summary.claims_renamed),
        ("claims edited", summary.claims_edited),
        ("edges added", summary.edges_added),
        ("edges removed", summary.edges_removed),
        ("edges flipped", summary.edges_flipped),
        ("quotes added", summary.quotes_added),
        ("quotes removed", summary.quotes_removed),
        ("quotes edited", summary.quotes_edited),
        ("stances flipped", summary.stances_flipped),
        ("quotes broken", summary.quotes_broken),
        ("quotes moved", summary.quotes_moved),
        ("quotes repaired", summary.quotes_repaired),
        ("sources added", summary.sources_added),
        ("sources removed", summary.sources_removed),
        ("sources changed", summary.sources_changed),
        ("check findings introduced", summary.findings_introduced),
        ("check findings fixed", summary.findings_fixed),
    ];
    let _ = writeln!(out, "| change | count |\n|---|---:|");
    for (what, count) in rows {
        if count > 0 {
            let _ = writeln!(out, "| {what} | {count} |");
        }
    }
    out.push('\n');
    if let Some(title) = &diff.title {
        let show = |t: &Option<String>| {
            t.as_deref()
                .map_or("(none)".to_string(), |t| format!("“{}”", escape(t)))
        };
        let _ = writeln!(out, "Title: {} → {}\n", show(&title.old), show(&title.new));
    }
    let mut by_from: HashMap<&str, Vec<&EdgeChange>> = HashMap::new();
    for edge in &diff.edges {
        by_from.entry(edge.from.as_str()).or_default().push(edge);
    }
    if !diff.claims.is_empty() {
        let _ = writeln!(out, "### Claims\n");
        for claim in &diff.claims {
            let edges = by_from
                .get(claim.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            claim_section(&mut out, claim, edges);
        }
    }
    if !diff.sources.is_empty() {
        let _ = writeln!(out, "### Sources\n");
        for source in &diff.sources {
            let name = format!("{} ({})", code(&source.id), escape(&source.file));
            let item = match source.status {
                SourceStatus::Added => format!("**added** {name}"),
                SourceStatus::Removed => format!("**removed** {name}"),
                SourceStatus::Modified => {
                    let parts = source.summary_parts(&SourceStyle {
                        quote: &|v| format!("“{}”", escape(v)),
                        minus: "−",
                        broken_mark: "⚠️ ",
                    });
                    format!("**changed** {name}: {}", parts.join("; "))
                }
            };
            let _ = writeln!(out, "- {item}");
        }
        out.push('\n');
    }
    if !diff.verdicts.is_empty() {
        let _ = writeln!(
            out,
            "### Verdicts\n\nGrounded labels, as `claimgraph analyze` reads the map:\n"
        );
        for v in &diff.verdicts {
            let _ = writeln!(
                out,
                "- {}: {} → {}",
                code(&v.id),
                v.old.as_str(),
                v.new.as_str()
            );
        }
        out.push('\n');
    }
    let findings = &diff.findings;
    if !findings.introduced.is_empty() || !findings.fixed.is_empty() {
        let (a, b) = (findings.old_counts, findings.new_counts);
        let _ = writeln!(
            out,
            "### Check\n\n| | before | after |\n|---|---:|---:|\n| errors | {} | {} |\n| warnings | {} | {} |\n",
            a.errors, b.errors, a.warnings, b.warnings
        );
        for (what, list) in [
            ("introduced", &findings.introduced),
            ("fixed", &findings.fixed),
        ] {
            for f in list {
                let place = match f.line {
                    Some(line) => format!("{}:{line}", f.file),
                    None => f.file.clone(),
                };
                let _ = writeln!(
                    out,
                    "- **{what}** {} {} {}: {}",
                    f.severity.as_str(),
                    code(f.code),
                    code(&place),
                    escape(&f.message)
                );
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markdown_and_html() {
        assert_eq!(
            escape("a *b* [x](http://e) <script> | `c`\nd"),
            "a \\*b\\* \\[x\\](http://e) &lt;script&gt; \\| \\`c\\` d"
        );
        assert_eq!(escape("- a"), "\\- a");
        assert_eq!(escape("12. a"), "12\\. a");
        assert_eq!(escape("a-b 1.5"), "a-b 1.5");
    }
}
