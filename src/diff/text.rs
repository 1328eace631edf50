//! The terminal printer: changes grouped by claim, then sources and the check verdict, then the
//! one-line summary.
//!
//! Meant to be read top to bottom in review. Each claim's header says what happened to it
//! (`+` added, `-` removed, `~` changed, `renamed a → b`), followed by its text diff, evidence and
//! edges. Colour (green added, red removed, yellow changed) is only a help: every change also has
//! its sign, so the output reads the same with `NO_COLOR`. Word diffs use git's
//! `[-removed-]{+added+}` notation without colour.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::diagnostic::{plural, printable as p};

use anstyle::{AnsiColor, Style};

use super::{
    ClaimDiff, ClaimStatus, Diff, EdgeChange, EdgeStatus, EvidenceChange, EvidenceDiff,
    EvidenceNote, Labels, SourceStatus, SourceStyle, WordOp, WordTag,
};

/// How to print.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextStyle {
    /// Use ANSI colours.
    pub color: bool,
}

/// Longest quote shown in full; longer ones are cut with `…`.
const QUOTE_WIDTH: usize = 100;

struct Paint {
    on: bool,
    /// Word diffs between [`DELETE`]/[`INSERT`] and [`END`] instead of git's notation, for
    /// [`claim_blocks`] to cut into runs. Map text cannot forge them: it is printed through
    /// `printable`, which escapes every control character.
    marks: bool,
}

/// Starts a deleted run in marked output.
const DELETE: char = '\u{1}';
/// Starts an inserted run in marked output.
const INSERT: char = '\u{2}';
/// Ends a run in marked output.
const END: char = '\u{3}';

const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();

impl Paint {
    fn wrap(&self, style: Style, text: &str) -> String {
        if self.on {
            // `{style:#}` is the reset that ends it.
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
    fn green(&self, text: &str) -> String {
        self.wrap(GREEN, text)
    }
    fn red(&self, text: &str) -> String {
        self.wrap(RED, text)
    }
    fn yellow(&self, text: &str) -> String {
        self.wrap(YELLOW, text)
    }
    fn bold(&self, text: &str) -> String {
        self.wrap(Style::new().bold(), text)
    }
    fn dim(&self, text: &str) -> String {
        self.wrap(Style::new().dimmed(), text)
    }
}

/// Cuts a text to `width` characters with an ellipsis.
pub(crate) fn cut(text: &str, width: usize) -> String {
    let text = &*p(text);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn words(ops: &[WordOp], paint: &Paint) -> String {
    ops.iter()
        .map(|op| match (op.op, paint.on) {
            (WordTag::Equal, _) => p(&op.text).into_owned(),
            (WordTag::Delete, _) if paint.marks => format!("{DELETE}{}{END}", p(&op.text)),
            (WordTag::Insert, _) if paint.marks => format!("{INSERT}{}{END}", p(&op.text)),
            (WordTag::Delete, true) => paint.wrap(RED.strikethrough(), &p(&op.text)),
            (WordTag::Insert, true) => paint.wrap(GREEN.underline(), &p(&op.text)),
            (WordTag::Delete, false) => format!("[-{}-]", p(&op.text)),
            (WordTag::Insert, false) => format!("{{+{}+}}", p(&op.text)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn evidence_line(e: &EvidenceDiff, paint: &Paint) -> String {
    let Some(shown) = e.shown() else {
        return String::new();
    };
    let quote = format!("\"{}\"", cut(&shown.quote, QUOTE_WIDTH));
    let has = |c: EvidenceChange| e.changes.contains(&c);
    if has(EvidenceChange::Added) {
        let mut line = format!("+ {} {quote}", p(&shown.source));
        if shown.stance == crate::model::Stance::Contradicts {
            line.push_str(" (contradicts)");
        }
        if !shown.anchor.is_anchored() {
            line.push_str(&format!(" ({})", shown.anchor.describe()));
        }
        return paint.green(&line);
    }
    if has(EvidenceChange::Removed) {
        return paint.red(&format!("- {} {quote}", p(&shown.source)));
    }
    let mut body = format!("{} {quote}", p(&shown.source));
    if has(EvidenceChange::QuoteEdited)
        && let Some(ops) = &e.quote_words
    {
        body = format!(
            "{} quote edited: \"{}\"",
            p(&shown.source),
            words(ops, paint)
        );
    }
    let notes: Vec<String> = e
        .notes()
        .into_iter()
        .map(|note| match note {
            EvidenceNote::SourceChanged { from, to } => format!("source {} → {}", p(&from), p(&to)),
            EvidenceNote::StanceFlipped { from, to } => format!("stance {from} → {to}"),
            EvidenceNote::Broken { was, is } => {
                paint.red(&format!("broken: anchored at {was}, now {is}"))
            }
            EvidenceNote::Moved { was, is } => format!("moved: {was} → {is}"),
            EvidenceNote::Repaired { was, is } => paint.green(&format!("repaired: {was} → {is}")),
        })
        .collect();
    let sign = if has(EvidenceChange::Broken) {
        "!"
    } else {
        "~"
    };
    let mut line = paint.yellow(&format!("{sign} {body}"));
    if !notes.is_empty() {
        line.push_str(&format!(" ({})", notes.join("; ")));
    }
    line
}

fn edge_line(edge: &EdgeChange, paint: &Paint) -> String {
    match edge.status {
        EdgeStatus::Added => paint.green(&format!("+ {} {}", edge.kind.as_str(), p(&edge.to))),
        EdgeStatus::Removed => paint.red(&format!("- {} {}", edge.kind.as_str(), p(&edge.to))),
        EdgeStatus::Flipped => paint.yellow(&format!(
            "~ {} → {} {}",
            edge.old_kind.map_or("?", |k| k.as_str()),
            edge.kind.as_str(),
            p(&edge.to)
        )),
    }
}

fn claim_block(out: &mut String, claim: &ClaimDiff, edges: &[&EdgeChange], paint: &Paint) {
    let header = match claim.status {
        ClaimStatus::Added => paint.wrap(GREEN.bold(), &format!("+ claim {}", p(&claim.id))),
        ClaimStatus::Removed => paint.wrap(RED.bold(), &format!("- claim {}", p(&claim.id))),
        ClaimStatus::Renamed => paint.wrap(
            YELLOW.bold(),
            &format!(
                "~ renamed {} → {}",
                p(claim.old_id.as_deref().unwrap_or("?")),
                p(&claim.id)
            ),
        ),
        ClaimStatus::Modified => paint.wrap(YELLOW.bold(), &format!("~ claim {}", p(&claim.id))),
    };
    let mut where_ = if claim.status == ClaimStatus::Removed {
        format!("old line {}", claim.line)
    } else {
        format!("line {}", claim.line)
    };
    if let Some(rename) = &claim.rename {
        where_.push_str(&match rename.basis {
            super::RenameBasis::SameText => ", same text".to_string(),
            super::RenameBasis::SameEvidence => ", same evidence".to_string(),
            super::RenameBasis::Similar => format!(", {:.0}% similar", rename.similarity * 100.0),
        });
    }
    let _ = writeln!(out, "{header} {}", paint.dim(&format!("({where_})")));
    match (&claim.text_change, claim.status) {
        (Some(change), _) => {
            let _ = writeln!(out, "  text: {}", words(&change.words, paint));
        }
        (None, ClaimStatus::Added | ClaimStatus::Removed) => {
            let _ = writeln!(out, "  text: {}", p(&claim.text));
        }
        _ => {}
    }
    if let Some(tags) = &claim.tags {
        let mut parts: Vec<String> = tags
            .added
            .iter()
            .map(|t| paint.green(&format!("+{}", p(t))))
            .collect();
        parts.extend(
            tags.removed
                .iter()
                .map(|t| paint.red(&format!("-{}", p(t)))),
        );
        let _ = writeln!(out, "  tags: {}", parts.join(" "));
    }
    if let Some(note) = &claim.note {
        let show = |n: &Option<String>| {
            n.as_deref().map_or("(none)".to_string(), |n| {
                format!("\"{}\"", cut(n, QUOTE_WIDTH))
            })
        };
        let _ = writeln!(out, "  note: {} → {}", show(&note.old), show(&note.new));
    }
    if !claim.evidence.is_empty() {
        let _ = writeln!(out, "  evidence:");
        for e in &claim.evidence {
            let _ = writeln!(out, "    {}", evidence_line(e, paint));
        }
    }
    if !edges.is_empty() {
        let _ = writeln!(out, "  edges:");
        for edge in edges {
            let _ = writeln!(out, "    {}", edge_line(edge, paint));
        }
    }
}

/// Each changed claim's block as the terminal shows it without colour, one list of runs per
/// line: (claim id, lines). Word diffs are runs of their own, deleted or inserted, so that the
/// HTML page can strike and underline them rather than print git's `[-old-]{+new+}`; the rest
/// of a line is one equal run. The page lists them in a claim's panel, in the same words.
pub fn claim_blocks(diff: &Diff) -> Vec<(String, Vec<Vec<WordOp>>)> {
    let paint = Paint {
        on: false,
        marks: true,
    };
    let by_from = edges_by_claim(diff);
    diff.claims
        .iter()
        .map(|claim| {
            let mut out = String::new();
            let edges = by_from
                .get(claim.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            claim_block(&mut out, claim, edges, &paint);
            (claim.id.clone(), out.lines().map(runs).collect())
        })
        .collect()
}

/// A line of marked output cut into runs (a stray mark is dropped, never shown).
fn runs(line: &str) -> Vec<WordOp> {
    let mut out: Vec<WordOp> = Vec::new();
    let mut tag = WordTag::Equal;
    let mut text = String::new();
    let mut flush = |tag: WordTag, text: &mut String| {
        if !text.is_empty() {
            out.push(WordOp {
                op: tag,
                text: std::mem::take(text),
            });
        }
    };
    for c in line.chars() {
        let next = match c {
            DELETE => WordTag::Delete,
            INSERT => WordTag::Insert,
            END => WordTag::Equal,
            _ => {
                text.push(c);
                continue;
            }
        };
        flush(tag, &mut text);
        tag = next;
    }
    flush(tag, &mut text);
    out
}

/// The changed edges of each claim, by the id of the claim that lists them.
fn edges_by_claim(diff: &Diff) -> HashMap<&str, Vec<&EdgeChange>> {
    let mut by_from: HashMap<&str, Vec<&EdgeChange>> = HashMap::new();
    for edge in &diff.edges {
        by_from.entry(edge.from.as_str()).or_default().push(edge);
    }
    by_from
}

/// Prints the diff for a terminal.
pub fn text(diff: &Diff, labels: &Labels, style: TextStyle) -> String {
    let paint = Paint {
        on: style.color,
        marks: false,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint.bold(&format!("diff {} → {}", labels.old, labels.new))
    );
    for (side, parsed) in [
        (&labels.old, diff.old_parsed),
        (&labels.new, diff.new_parsed),
    ] {
        if !parsed {
            let _ = writeln!(
                out,
                "{}",
                paint.red(&format!(
                    "! the map of {side} does not parse: only check findings are compared"
                ))
            );
        }
    }
    let by_from = edges_by_claim(diff);
    if let Some(title) = &diff.title {
        let show =
            |t: &Option<String>| t.as_deref().map_or("(none)".into(), |t| format!("\"{t}\""));
        let _ = writeln!(
            out,
            "\n{}",
            paint.yellow(&format!(
                "~ title: {} → {}",
                show(&title.old),
                show(&title.new)
            ))
        );
    }
    for claim in &diff.claims {
        out.push('\n');
        let edges = by_from
            .get(claim.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        claim_block(&mut out, claim, edges, &paint);
    }
    if !diff.sources.is_empty() {
        let _ = writeln!(out, "\nsources:");
        for source in &diff.sources {
            let line = match source.status {
                SourceStatus::Added => {
                    paint.green(&format!("+ {} ({})", p(&source.id), p(&source.file)))
                }
                SourceStatus::Removed => {
                    paint.red(&format!("- {} ({})", p(&source.id), p(&source.file)))
                }
                SourceStatus::Modified => {
                    let parts = source.summary_parts(&SourceStyle {
                        quote: &|v| format!("\"{}\"", p(v)),
                        minus: "-",
                        broken_mark: "",
                    });
                    paint.yellow(&format!(
                        "~ {} ({}): {}",
                        p(&source.id),
                        p(&source.file),
                        parts.join("; ")
                    ))
                }
            };
            let _ = writeln!(out, "  {line}");
        }
    }
    if !diff.verdicts.is_empty() {
        let _ = writeln!(
            out,
            "\nverdicts (grounded labels, as `claimgraph analyze` reads the map)"
        );
        for v in &diff.verdicts {
            let line = format!("~ {}: {} → {}", p(&v.id), v.old.as_str(), v.new.as_str());
            let _ = writeln!(out, "  {}", paint.yellow(&line));
        }
    }
    let findings = &diff.findings;
    let b = findings.new_counts;
    if findings.introduced.is_empty() && findings.fixed.is_empty() && b.errors + b.warnings > 0 {
        // Findings are matched by what they are about, not by message or file name: say that
        // the ones there are did not change, so a two-file diff is not read as a regression.
        let _ = writeln!(
            out,
            "\ncheck: unchanged ({}, {})",
            plural(b.errors, "error"),
            plural(b.warnings, "warning")
        );
    }
    if !findings.introduced.is_empty() || !findings.fixed.is_empty() {
        let (a, b) = (findings.old_counts, findings.new_counts);
        let _ = writeln!(
            out,
            "\ncheck: {} → {} errors, {} → {} warnings",
            a.errors, b.errors, a.warnings, b.warnings
        );
        for (sign, list) in [("+", &findings.introduced), ("-", &findings.fixed)] {
            for f in list {
                let place = match f.line {
                    Some(line) => format!("{}:{line}", p(&f.file)),
                    None => p(&f.file).into_owned(),
                };
                let text = format!(
                    "{sign} {}[{}] {place}: {}{}",
                    f.severity.as_str(),
                    f.code,
                    p(&f.message),
                    if sign == "-" { " (fixed)" } else { "" }
                );
                let painted = if sign == "+" {
                    paint.red(&text)
                } else {
                    paint.green(&text)
                };
                let _ = writeln!(out, "  {painted}");
            }
        }
    }
    let summary = diff.summary();
    if summary.total() == 0 {
        let note = if diff.bytes_differ {
            "no semantic change (the files differ only in formatting, order or comments)"
        } else {
            "no change"
        };
        let _ = writeln!(out, "{note}");
    } else {
        let _ = writeln!(out, "\n{}", paint.bold(&summary.line()));
    }
    out
}
