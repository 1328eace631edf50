//! Definitions, references, renames, the outline, and the "create the missing claim" fix.

use std::ops::Range;

use super::{Place, Target, target_at, unquoted};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::model::{AnchorResult, Claim, Map, Span};
use crate::validate::{id_scalar, is_valid_id, quoted};

fn in_map(map: &Map, span: Span) -> Place {
    Place {
        file: map.path.clone(),
        range: span.range(),
    }
}

/// Where a source is declared: its `sources:` entry, else its corpus file.
fn source_home(map: &Map, id: &str) -> Option<Place> {
    let source = map.source(id)?;
    Some(match source.meta.declared_at {
        Some(span) => in_map(map, span),
        None => Place {
            file: source.path.clone(),
            range: 0..0,
        },
    })
}

/// Where what is at `offset` is defined: a claim reference's claim, a source id's `sources:`
/// entry (or, from that entry, or for an undeclared source, its corpus file), a quote's
/// passage in the corpus file (the closest passage's line when it did not anchor).
pub fn definition(map: &Map, offset: usize) -> Vec<Place> {
    let Some(target) = target_at(map, offset) else {
        return Vec::new();
    };
    match target {
        Target::Claim(_) | Target::ClaimRef { .. } => target
            .claim_id(map)
            .and_then(|id| map.claim(id))
            .map(|c| vec![in_map(map, c.id.span)])
            .unwrap_or_default(),
        Target::SourceRef { .. } => target
            .source_id(map)
            .and_then(|id| source_home(map, id))
            .into_iter()
            .collect(),
        Target::SourceDef(i) => map
            .sources
            .get(i)
            .map(|s| {
                vec![Place {
                    file: s.path.clone(),
                    range: 0..0,
                }]
            })
            .unwrap_or_default(),
        Target::Quote { claim, evidence } => {
            let Some(evidence) = map.claims.get(claim).and_then(|c| c.evidence.get(evidence))
            else {
                return Vec::new();
            };
            let Some(source) = map.source(&evidence.source.value) else {
                return Vec::new();
            };
            match &evidence.anchor {
                AnchorResult::Found(anchor) => vec![Place {
                    file: source.path.clone(),
                    range: anchor.start..anchor.end,
                }],
                AnchorResult::NotFound(missed) => {
                    let Some(closest) = &missed.closest else {
                        return Vec::new();
                    };
                    let Some(text) = source.text() else {
                        return Vec::new();
                    };
                    let start = crate::model::LineIndex::new(text).line_start(closest.line);
                    vec![Place {
                        file: source.path.clone(),
                        range: start..start,
                    }]
                }
                AnchorResult::Pending => Vec::new(),
            }
        }
    }
}

/// Every place that names what is at `offset`: for a claim, each `supports`/`contradicts`
/// entry naming it; for a source, each evidence citing it; with the definition first when
/// `include_declaration`.
pub fn references(map: &Map, offset: usize, include_declaration: bool) -> Vec<Place> {
    let Some(target) = target_at(map, offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(id) = target.claim_id(map) {
        if include_declaration && let Some(claim) = map.claim(id) {
            out.push(in_map(map, claim.id.span));
        }
        out.extend(
            map.edges()
                .filter(|e| e.to.value == id)
                .map(|e| in_map(map, e.to.span)),
        );
    } else if let Some(id) = target.source_id(map) {
        if include_declaration && let Some(home) = source_home(map, id) {
            out.push(home);
        }
        out.extend(
            map.claims
                .iter()
                .flat_map(|c| &c.evidence)
                .filter(|e| e.source.value == id)
                .map(|e| in_map(map, e.source.span)),
        );
    }
    out
}

/// Whether what is at `offset` can be renamed: the range of the id (inside its quotes) and
/// the id, or why not.
pub fn prepare_rename(map: &Map, offset: usize) -> Result<(Range<usize>, String), String> {
    let target = target_at(map, offset).ok_or("only a claim id or a source id can be renamed")?;
    let span = target.span(map).ok_or("nothing to rename here")?;
    if let Some(id) = target.claim_id(map) {
        if map.claim(id).is_none() {
            return Err(format!("no claim has the id `{id}`"));
        }
        return Ok((unquoted(&map.yaml, span), id.to_string()));
    }
    if let Some(id) = target.source_id(map) {
        let source = map
            .source(id)
            .ok_or_else(|| format!("no source has the id `{id}`"))?;
        if source.meta.declared_at.is_none() {
            return Err(format!(
                "`{id}` is the name of its corpus file: rename the file (renaming files is not done here), or give it an id in `sources:`"
            ));
        }
        return Ok((unquoted(&map.yaml, span), id.to_string()));
    }
    Err("only a claim id or a source id can be renamed".to_string())
}

/// The edits that rename what is at `offset` to `new`, at its definition and every
/// reference, or why not.
pub fn rename(map: &Map, offset: usize, new: &str) -> Result<Vec<Edit>, String> {
    let (_, old) = prepare_rename(map, offset)?;
    if !is_valid_id(new) {
        return Err(format!(
            "`{new}` is not a valid id: use lowercase letters and digits in words joined by single `-`"
        ));
    }
    if new == old {
        return Ok(Vec::new());
    }
    let scalar = id_scalar(new);
    let edit = |span: Span| Edit::new(&map.path, span.range(), scalar.clone());
    let target = target_at(map, offset).ok_or("nothing to rename here")?;
    let mut edits = Vec::new();
    if target.claim_id(map).is_some() {
        if map.claim(new).is_some() {
            return Err(format!("a claim `{new}` already exists"));
        }
        for claim in map.claims.iter().filter(|c| c.id.value == old) {
            edits.push(edit(claim.id.span));
        }
        edits.extend(
            map.edges()
                .filter(|e| e.to.value == old)
                .map(|e| edit(e.to.span)),
        );
    } else {
        if map.source(new).is_some() {
            return Err(format!("a source `{new}` already exists"));
        }
        for source in map.sources.iter().filter(|s| s.id == old) {
            edits.extend(source.meta.declared_at.map(edit));
        }
        edits.extend(
            map.claims
                .iter()
                .flat_map(|c| &c.evidence)
                .filter(|e| e.source.value == old)
                .map(|e| edit(e.source.span)),
        );
    }
    edits.retain(|e| e.range != (0..0));
    edits.sort_by_key(|e| e.range.start);
    edits.dedup_by_key(|e| e.range.start);
    Ok(edits)
}

/// A claim in the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The claim's id.
    pub name: String,
    /// Its text.
    pub detail: String,
    /// The whole claim, from its id to its last value.
    pub range: Range<usize>,
    /// The id.
    pub selection: Range<usize>,
}

/// The bytes a claim's values cover, from its id to its last value.
fn claim_range(claim: &Claim) -> Range<usize> {
    let mut spans = vec![claim.id.span, claim.text.span];
    spans.extend(claim.note_span);
    spans.extend(claim.tags.iter().map(|t| t.span));
    spans.extend(claim.supports.iter().map(|t| t.span));
    spans.extend(claim.contradicts.iter().map(|t| t.span));
    spans.extend(claim.allow.iter().map(|t| t.span));
    for e in &claim.evidence {
        spans.push(e.source.span);
        spans.push(e.quote.span);
    }
    spans.retain(|s| *s != Span::default());
    let start = spans.iter().map(|s| s.start).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.start + s.len).max().unwrap_or(start);
    start..end.max(start)
}

/// The claims as an outline, in file order.
pub fn symbols(map: &Map) -> Vec<Symbol> {
    map.claims
        .iter()
        .filter(|c| c.id.span != Span::default())
        .map(|claim| {
            let range = claim_range(claim);
            let selection = claim.id.span.range();
            Symbol {
                name: claim.id.value.clone(),
                detail: claim.text.value.clone(),
                range: range.start.min(selection.start)..range.end.max(selection.end),
                selection,
            }
        })
        .collect()
}

/// For an `unknown-claim` finding: a fix that adds the claim it names, with an empty text
/// for the curator to write, right after the claim whose list names it.
pub fn create_claim(map: &Map, diagnostic: &Diagnostic) -> Option<Fix> {
    if diagnostic.code != Code::UnknownClaim || diagnostic.file != map.path {
        return None;
    }
    let span = diagnostic.span?;
    let missing = map.yaml.get(unquoted(&map.yaml, span))?.to_string();
    if !is_valid_id(&missing) || map.claim(&missing).is_some() {
        return None;
    }
    let from = map.claim(diagnostic.subject.claim()?)?;
    let text = map.yaml.as_str();
    // The `- id:` line of the claim that names it gives the indentation.
    let line_start = text
        .get(..from.id.span.start)?
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let prefix = text.get(line_start..from.id.span.start)?;
    let dash = prefix.strip_suffix("id: ")?;
    if !dash.trim_start().starts_with('-') || dash.contains(['{', '[']) {
        return None;
    }
    let indent = " ".repeat(dash.len());
    let end = claim_range(from).end;
    let after = match text.get(end..)?.find(['\n', '\r']) {
        Some(i) => end + i,
        None => text.len(),
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let insert = format!(
        "{newline}{dash}id: {}{newline}{indent}text: {}",
        id_scalar(&missing),
        quoted("")
    );
    Some(Fix::unsafe_(
        format!("create the missing claim `{missing}`"),
        vec![Edit::new(&map.path, after..after, insert)],
    ))
}
