//! Hover: what a claim id, a source id or a quote stands for, as Markdown.

use std::fmt::Write as _;
use std::ops::Range;

use super::{Target, code, escape_markdown, target_at};
use crate::model::{AnchorResult, Claim, EdgeKind, Evidence, Map, Source, SourceContent, Stance};

/// Markdown about the value under the cursor, and the bytes of that value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The value hovered, in the map file.
    pub range: Range<usize>,
    /// What to show.
    pub markdown: String,
}

/// The hover at `offset` of the map file, if the cursor is on an id or a quote.
pub fn hover(map: &Map, offset: usize) -> Option<Hover> {
    let target = target_at(map, offset)?;
    let range = target.span(map)?.range();
    let markdown = match target {
        Target::Claim(_) | Target::ClaimRef { .. } => {
            let id = target.claim_id(map)?;
            match map.claim(id) {
                Some(claim) => claim_markdown(map, claim),
                None => format!("no claim has the id {}", code(id)),
            }
        }
        Target::SourceRef { .. } | Target::SourceDef(_) => {
            let id = target.source_id(map)?;
            match map.source(id) {
                Some(source) => source_markdown(map, source),
                None => format!("no source has the id {}", code(id)),
            }
        }
        Target::Quote { claim, evidence } => {
            let evidence = map.claims.get(claim)?.evidence.get(evidence)?;
            quote_markdown(map, evidence)
        }
    };
    Some(Hover { range, markdown })
}

fn ids(ids: &[&str]) -> String {
    ids.iter().map(|id| code(id)).collect::<Vec<_>>().join(", ")
}

fn values(list: &[crate::model::Located<String>]) -> Vec<&str> {
    list.iter().map(|t| t.value.as_str()).collect()
}

fn claim_markdown(map: &Map, claim: &Claim) -> String {
    let mut out = format!("**claim** {}\n\n{}\n", code(&claim.id.value), {
        let text = escape_markdown(&claim.text.value);
        if text.trim().is_empty() {
            "*(no text)*".to_string()
        } else {
            text
        }
    });
    let mut facts: Vec<String> = Vec::new();
    if !claim.tags.is_empty() {
        let tags: Vec<&str> = claim.tags.iter().map(|t| t.value.as_str()).collect();
        facts.push(format!("tags: {}", ids(&tags)));
    }
    let count = |stance: Stance| claim.evidence.iter().filter(|e| e.stance == stance).count();
    let (against, reports) = (count(Stance::Contradicts), count(Stance::Reports));
    let n = claim.evidence.len();
    let reporting = match reports {
        0 => String::new(),
        r => format!(", {r} only reporting it"),
    };
    facts.push(match n {
        0 => "evidence: none".to_string(),
        _ => format!(
            "evidence: {n} {} ({} for, {against} against{reporting})",
            if n == 1 { "passage" } else { "passages" },
            n - against - reports
        ),
    });
    if !claim.supports.is_empty() {
        facts.push(format!("supports: {}", ids(&values(&claim.supports))));
    }
    if !claim.contradicts.is_empty() {
        facts.push(format!("contradicts: {}", ids(&values(&claim.contradicts))));
    }
    let mut supported_by = Vec::new();
    let mut contradicted_by = Vec::new();
    for edge in map.edges().filter(|e| e.to.value == claim.id.value) {
        match edge.kind {
            EdgeKind::Supports => supported_by.push(edge.from),
            EdgeKind::Contradicts => contradicted_by.push(edge.from),
        }
    }
    if !supported_by.is_empty() {
        facts.push(format!("supported by: {}", ids(&supported_by)));
    }
    if !contradicted_by.is_empty() {
        facts.push(format!("contradicted by: {}", ids(&contradicted_by)));
    }
    facts.push(verdict(map, claim));
    out.push('\n');
    for fact in facts {
        let _ = writeln!(out, "- {fact}");
    }
    out
}

/// What `claimgraph analyze` concludes about the claim (grounded semantics), and whether it is
/// one of the map's questions. Labelling is linear in the map, so a hover can afford it.
fn verdict(map: &Map, claim: &Claim) -> String {
    let at = map
        .claims
        .iter()
        .position(|c| std::ptr::eq(c, claim))
        .unwrap_or(usize::MAX);
    let label = crate::analyze::grounded_labels(map)
        .get(at)
        .map_or("unknown", |l| l.as_str());
    let question = if map.questions.iter().any(|q| q.value == claim.id.value) {
        ", one of the map's questions"
    } else {
        ""
    };
    format!("verdict: **{label}** (grounded){question}")
}

/// Title, authors, date and publisher, as one line.
fn source_line(source: &Source) -> String {
    let mut out = match &source.meta.title {
        Some(title) => format!("*{}*", escape_markdown(title)),
        None => code(&source.id),
    };
    if !source.meta.authors.is_empty() {
        let _ = write!(
            out,
            ", {}",
            escape_markdown(&source.meta.authors.join(", "))
        );
    }
    if let Some(publisher) = &source.meta.publisher {
        let _ = write!(out, ", {}", escape_markdown(publisher));
    }
    if let Some(date) = &source.meta.published {
        let _ = write!(out, ", {}", escape_markdown(date));
    }
    out
}

fn source_markdown(map: &Map, source: &Source) -> String {
    let mut out = format!(
        "**source** {}\n\n{}\n\n",
        code(&source.id),
        source_line(source)
    );
    let _ = writeln!(out, "- file: {}", code(&source.file));
    if let Some(url) = &source.meta.url {
        let _ = writeln!(out, "- address: {}", escape_markdown(url));
    }
    let state = match &source.content {
        SourceContent::Text(text) => {
            let lines = crate::model::LineIndex::new(text).starts().len();
            format!("{lines} lines")
        }
        SourceContent::Missing => "the file is missing".to_string(),
        SourceContent::NotUtf8 { .. } => "the file is not UTF-8".to_string(),
        SourceContent::TooLarge(_) => "the file is too large to read".to_string(),
        SourceContent::Unreadable(_) => "the file cannot be read".to_string(),
        SourceContent::OutsideCorpus(_) => "the file is outside the corpus folder".to_string(),
    };
    let _ = writeln!(out, "- text: {state}");
    let cited = map
        .claims
        .iter()
        .flat_map(|c| &c.evidence)
        .filter(|e| e.source.value == source.id)
        .count();
    let _ = writeln!(
        out,
        "- cited by {cited} {}",
        if cited == 1 { "quote" } else { "quotes" }
    );
    out
}

fn quote_markdown(map: &Map, evidence: &Evidence) -> String {
    let Some(source) = map.source(&evidence.source.value) else {
        return format!(
            "**quote** of {}: no source has this id",
            code(&evidence.source.value)
        );
    };
    let mut out = format!("**quote** from {}\n\n", source_line(source));
    match (&evidence.anchor, source.text()) {
        (AnchorResult::Found(anchor), Some(text)) => {
            let context = crate::anchor::context(text, anchor, 400);
            let _ = writeln!(
                out,
                "> {}**{}**{}\n",
                escape_markdown(&context.before),
                escape_markdown(&context.quote),
                escape_markdown(&context.after)
            );
            let at = if anchor.end_line > anchor.line {
                format!("lines {}–{}", anchor.line, anchor.end_line)
            } else {
                format!("line {}", anchor.line)
            };
            let _ = write!(out, "anchored at {at} of {}", code(&source.file));
            if anchor.occurrences > 1 {
                let _ = write!(
                    out,
                    " (and {} more places: ambiguous)",
                    anchor.occurrences - 1
                );
            }
            out.push('\n');
        }
        (AnchorResult::NotFound(missed), _) => {
            let _ = writeln!(out, "not found in {}", code(&source.file));
            if let Some(closest) = &missed.closest {
                let _ = writeln!(
                    out,
                    "\nclosest passage, line {} ({:.0}% alike):\n\n> {}",
                    closest.line,
                    closest.similarity * 100.0,
                    escape_markdown(&closest.passage)
                );
            }
            if let Some((other, line)) = &missed.found_in_other {
                let _ = writeln!(out, "\nfound verbatim in {} at line {line}", code(other));
            }
        }
        _ => {
            let _ = writeln!(
                out,
                "not looked up: the source's text could not be read ({})",
                code(&source.file)
            );
        }
    }
    out
}
