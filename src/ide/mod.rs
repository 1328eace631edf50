//! What an editor asks about a map, answered from a checked [`Map`]: what is at a place
//! (hover), where it is defined and used (definition, references, rename), an outline, quick
//! fixes beyond the findings' own, and completions.
//!
//! Everything here is a pure function of the map (and, for completion, the text being typed,
//! which may not parse) and a byte offset: no I/O, no protocol types. The language server in
//! the binary (`claimgraph lsp`) converts positions with [`position::Lines`] and wraps the
//! answers in the protocol's types; a test or another front end can call the same functions.

mod complete;
mod hover;
mod navigate;
pub mod position;

use std::ops::Range;
use std::path::PathBuf;

pub use complete::{Completion, CompletionKind, complete};
pub use hover::{Hover, hover};
pub use navigate::{Symbol, create_claim, definition, prepare_rename, references, rename, symbols};

use crate::model::{EdgeKind, Map, Span};

/// A range of bytes in a file: the map file or a corpus file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub file: PathBuf,
    /// The bytes.
    pub range: Range<usize>,
}

/// What stands at an offset of the map file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The id of the claim at this index, where it is defined.
    Claim(usize),
    /// An id in a `supports`/`contradicts` list of the claim at `from`.
    ClaimRef {
        from: usize,
        kind: EdgeKind,
        index: usize,
    },
    /// The `source:` of an evidence entry.
    SourceRef { claim: usize, evidence: usize },
    /// The `id:` of a `sources:` entry: the source at this index of `map.sources`.
    SourceDef(usize),
    /// The `quote:` of an evidence entry.
    Quote { claim: usize, evidence: usize },
}

/// Whether `offset` is on the value at `span` (its end included: a cursor just past an id
/// is still on it).
fn on(span: Span, offset: usize) -> bool {
    span != Span::default() && span.start <= offset && offset <= span.start + span.len
}

/// What is at `offset` of the map file.
pub(crate) fn target_at(map: &Map, offset: usize) -> Option<Target> {
    for (i, claim) in map.claims.iter().enumerate() {
        if on(claim.id.span, offset) {
            return Some(Target::Claim(i));
        }
        for (kind, list) in [
            (EdgeKind::Supports, &claim.supports),
            (EdgeKind::Contradicts, &claim.contradicts),
        ] {
            if let Some(index) = list.iter().position(|t| on(t.span, offset)) {
                return Some(Target::ClaimRef {
                    from: i,
                    kind,
                    index,
                });
            }
        }
        for (e, evidence) in claim.evidence.iter().enumerate() {
            if on(evidence.source.span, offset) {
                return Some(Target::SourceRef {
                    claim: i,
                    evidence: e,
                });
            }
            if on(evidence.quote.span, offset) {
                return Some(Target::Quote {
                    claim: i,
                    evidence: e,
                });
            }
        }
    }
    map.sources
        .iter()
        .position(|s| s.meta.declared_at.is_some_and(|span| on(span, offset)))
        .map(Target::SourceDef)
}

impl Target {
    /// The claim id this target names, if it names one.
    fn claim_id(self, map: &Map) -> Option<&str> {
        match self {
            Target::Claim(i) => map.claims.get(i).map(|c| c.id.value.as_str()),
            Target::ClaimRef { from, kind, index } => {
                let claim = map.claims.get(from)?;
                let list = match kind {
                    EdgeKind::Supports => &claim.supports,
                    EdgeKind::Contradicts => &claim.contradicts,
                };
                list.get(index).map(|t| t.value.as_str())
            }
            _ => None,
        }
    }

    /// The source id this target names, if it names one.
    fn source_id(self, map: &Map) -> Option<&str> {
        match self {
            Target::SourceRef { claim, evidence } => map
                .claims
                .get(claim)?
                .evidence
                .get(evidence)
                .map(|e| e.source.value.as_str()),
            Target::SourceDef(i) => map.sources.get(i).map(|s| s.id.as_str()),
            _ => None,
        }
    }

    /// Where the target's own value is written.
    fn span(self, map: &Map) -> Option<Span> {
        match self {
            Target::Claim(i) => map.claims.get(i).map(|c| c.id.span),
            Target::ClaimRef { from, kind, index } => {
                let claim = map.claims.get(from)?;
                let list = match kind {
                    EdgeKind::Supports => &claim.supports,
                    EdgeKind::Contradicts => &claim.contradicts,
                };
                list.get(index).map(|t| t.span)
            }
            Target::SourceRef { claim, evidence } => map
                .claims
                .get(claim)?
                .evidence
                .get(evidence)
                .map(|e| e.source.span),
            Target::Quote { claim, evidence } => map
                .claims
                .get(claim)?
                .evidence
                .get(evidence)
                .map(|e| e.quote.span),
            Target::SourceDef(i) => map.sources.get(i)?.meta.declared_at,
        }
    }
}

/// The bytes of a scalar's value inside its quotes, if it is quoted (`"x"` → `x`).
pub(crate) fn unquoted(text: &str, span: Span) -> Range<usize> {
    let range = span.range();
    match text.get(range.clone()) {
        Some(s) if s.len() >= 2 && (s.starts_with('"') || s.starts_with('\'')) => {
            range.start + 1..range.end - 1
        }
        _ => range,
    }
}

/// Map text made safe for Markdown: every ASCII punctuation character that Markdown could
/// read as markup is backslash-escaped (CommonMark allows it before any of them), and line
/// breaks become spaces so a value stays in its paragraph.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '+'
            | '-' | '.' | '!' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An id as a Markdown code span, whatever backticks it holds.
pub(crate) fn code(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if id.contains('`') {
        format!("`` {id} ``")
    } else {
        format!("`{id}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(
            escape_markdown("a *b* [c](d)\n#e"),
            r"a \*b\* \[c\]\(d\) \#e"
        );
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
