//! What a diagram shows, decided once for every format: the selected claims, their wrapped
//! labels and states, evidence notes, edges, clusters and stable element ids.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::text::{self, CLAIM_MAX_LINES, CLAIM_WRAP};
use super::{EvidenceMode, GroupBy, Mark, RenderError, RenderOptions};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::graph::ClaimGraph;
use crate::model::{AnchorResult, Claim, EdgeKind, Map};

/// The id fragment used for a claim id in element ids: the id itself when it follows the id
/// rule (`[a-z0-9-]`), else every other byte written as `_xx` (hex), so that distinct ids never
/// share an element id.
pub fn dom_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for &b in id.as_bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

/// A claim as drawn.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub claim: &'a Claim,
    /// `claim-<dom id>`.
    pub id: String,
    /// Wrapped text.
    pub lines: Vec<String>,
    /// The small line under the text: id and badges.
    pub small: String,
    pub contested: bool,
    /// The first error code found on the claim.
    pub error: Option<Code>,
    pub mark: Option<Mark>,
    /// Index into [`Scene::groups`].
    pub group: Option<usize>,
}

impl Node<'_> {
    /// `claim`, plus `contested`, `error` and the change mark.
    pub fn class(&self) -> String {
        let mut class = String::from("claim");
        if self.contested {
            class.push_str(" contested");
        }
        if self.error.is_some() {
            class.push_str(" error");
        }
        if let Some(mark) = self.mark {
            class.push(' ');
            class.push_str(mark.as_str());
        }
        class
    }

    /// Full text for the tooltip.
    pub fn tooltip(&self) -> String {
        let mut tip = text::clean_multiline(&self.claim.text.value);
        if let Some(code) = self.error {
            tip.push_str(&format!("\n(check: {code})"));
        }
        tip
    }
}

/// An evidence passage drawn as its own note.
#[derive(Debug)]
pub(crate) struct Note {
    /// Index into [`Scene::nodes`] of its claim.
    pub node: usize,
    /// Index of the passage in its claim's evidence.
    pub evidence: usize,
    /// `evidence-<claim dom id>-<n>`.
    pub id: String,
    pub stance: crate::model::Stance,
    /// Wrapped excerpt of the quote, in quotation marks.
    pub lines: Vec<String>,
    /// Source short name and line.
    pub small: String,
    /// Full quote and where it is.
    pub tooltip: String,
    /// Edge id `edge-evidence-<claim dom id>-<n>`.
    pub edge_id: String,
}

/// A claim-to-claim edge as drawn.
#[derive(Debug)]
pub(crate) struct Link {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// `edge-<from>-<kind>-<to>`.
    pub id: String,
    pub mark: Option<Mark>,
}

impl Link {
    /// `edge supports|contradicts`, plus the change mark.
    pub fn class(&self) -> String {
        match self.mark {
            Some(mark) => format!("edge {} {}", self.kind.as_str(), mark.as_str()),
            None => format!("edge {}", self.kind.as_str()),
        }
    }
}

/// A cluster of claims.
#[derive(Debug)]
pub(crate) struct Group {
    /// `group-tag-<x>` / `group-source-<x>`.
    pub id: String,
    pub label: String,
}

/// Everything a format needs to draw.
#[derive(Debug)]
pub(crate) struct Scene<'a> {
    pub nodes: Vec<Node<'a>>,
    pub notes: Vec<Note>,
    pub links: Vec<Link>,
    pub groups: Vec<Group>,
    /// Whether any drawn claim is contested / has errors (the legend shows only what occurs).
    pub any_contested: bool,
    pub any_error: bool,
}

impl<'a> Scene<'a> {
    /// Selects and describes what to draw.
    pub fn new(
        map: &'a Map,
        diagnostics: &[Diagnostic],
        options: &RenderOptions,
    ) -> Result<Self, RenderError> {
        let selected = select(map, options)?;
        let sources = map.source_index();
        let errors = claim_errors(map, diagnostics);
        let (supported, contradicted) = stances(map);
        let mut groups: Vec<Group> = Vec::new();
        let mut group_index: HashMap<String, usize> = HashMap::new();
        let mut position: HashMap<usize, usize> = HashMap::new();
        let mut nodes = Vec::with_capacity(selected.len());
        for &i in &selected {
            let claim = &map.claims[i];
            let key = match options.group_by {
                GroupBy::None => None,
                GroupBy::Tag => claim.tags.first().map(|t| {
                    (
                        format!("group-tag-{}", dom_id(&t.value)),
                        format!("#{}", t.value),
                    )
                }),
                GroupBy::Source => claim.evidence.first().map(|e| {
                    let name = sources
                        .get(e.source.value.as_str())
                        .map_or(e.source.value.as_str(), |s| s.short_name());
                    (
                        format!("group-source-{}", dom_id(&e.source.value)),
                        name.to_string(),
                    )
                }),
            };
            let group = key.map(|(id, label)| {
                *group_index.entry(id.clone()).or_insert_with(|| {
                    groups.push(Group {
                        id,
                        label: text::excerpt(&label, 60),
                    });
                    groups.len() - 1
                })
            });
            let mut small = claim.id.value.clone();
            if options.evidence == EvidenceMode::Count {
                let n = claim.evidence.len();
                small.push_str(&format!(
                    " · {n} {}",
                    if n == 1 { "quote" } else { "quotes" }
                ));
            }
            let contested = supported.contains(&i) && contradicted.contains(&i);
            if contested {
                small.push_str(" · contested");
            }
            let error = errors.get(&i).copied();
            if let Some(code) = error {
                small.push_str(&format!(" · ⚠ {code}"));
            }
            let mark = options.overlay.as_ref().map(|o| {
                o.claims
                    .get(&claim.id.value)
                    .copied()
                    .unwrap_or(Mark::Unchanged)
            });
            position.insert(i, nodes.len());
            nodes.push(Node {
                claim,
                id: format!("claim-{}", dom_id(&claim.id.value)),
                lines: text::wrap(&claim.text.value, CLAIM_WRAP, CLAIM_MAX_LINES),
                small: text::clean(&small),
                contested,
                error,
                mark,
                group,
            });
        }

        let index = map.claim_index();
        let mut links = Vec::new();
        let mut seen = HashSet::new();
        for edge in map.edges() {
            let (Some(&from), Some(&to)) =
                (index.get(edge.from), index.get(edge.to.value.as_str()))
            else {
                continue;
            };
            let (Some(&a), Some(&b)) = (position.get(&from), position.get(&to)) else {
                continue;
            };
            if from == to || !seen.insert((a, b, edge.kind)) {
                continue;
            }
            let mark = options.overlay.as_ref().map(|o| {
                let key = (edge.from.to_string(), edge.to.value.clone(), edge.kind);
                o.edges.get(&key).copied().unwrap_or(Mark::Unchanged)
            });
            links.push(Link {
                from: a,
                to: b,
                kind: edge.kind,
                id: format!(
                    "edge-{}-{}-{}",
                    dom_id(edge.from),
                    edge.kind.as_str(),
                    dom_id(&edge.to.value)
                ),
                mark,
            });
        }

        let mut notes = Vec::new();
        if options.evidence == EvidenceMode::Show {
            for (node_index, node) in nodes.iter().enumerate() {
                let claim_dom = dom_id(&node.claim.id.value);
                for (n, e) in node.claim.evidence.iter().enumerate() {
                    let source = sources.get(e.source.value.as_str());
                    let name = source.map_or(e.source.value.as_str(), |s| s.short_name());
                    let place = match &e.anchor {
                        AnchorResult::Found(a) => format!(", line {}", a.line),
                        AnchorResult::NotFound(_) => " · ⚠ not found".to_string(),
                        AnchorResult::Pending => String::new(),
                    };
                    let small = format!("— {}{place}", text::excerpt(name, 40));
                    let quote = text::excerpt(&e.quote.value, 110);
                    notes.push(Note {
                        node: node_index,
                        evidence: n,
                        id: format!("evidence-{claim_dom}-{n}"),
                        stance: e.stance,
                        lines: text::wrap(&format!("“{quote}”"), 34, 5),
                        small: text::clean(&small),
                        tooltip: format!(
                            "“{}”\n— {}{place}",
                            text::clean_multiline(&e.quote.value),
                            text::clean(name)
                        ),
                        edge_id: format!("edge-evidence-{claim_dom}-{n}"),
                    });
                }
            }
        }

        Ok(Scene {
            any_contested: nodes.iter().any(|n| n.contested),
            any_error: nodes.iter().any(|n| n.error.is_some()),
            nodes,
            notes,
            links,
            groups,
        })
    }
}

/// Indices of the claims to draw, in file order (a duplicated id is drawn once).
fn select(map: &Map, options: &RenderOptions) -> Result<Vec<usize>, RenderError> {
    let index = map.claim_index();
    let mut keep: Vec<usize> = (0..map.claims.len())
        .filter(|&i| index.get(map.claims[i].id.value.as_str()) == Some(&i))
        .collect();
    if let Some(focus) = &options.focus {
        let Some(&i) = index.get(focus.as_str()) else {
            let suggestion = crate::diagnostic::did_you_mean(
                focus,
                map.claims.iter().map(|c| c.id.value.as_str()),
            )
            .map(str::to_string);
            return Err(RenderError::UnknownFocus {
                id: focus.clone(),
                suggestion,
            });
        };
        let near = ClaimGraph::new(map).neighbourhood(i, options.depth);
        keep.retain(|i| near.contains(i));
    }
    if !options.tags.is_empty() {
        keep.retain(|&i| {
            map.claims[i]
                .tags
                .iter()
                .any(|t| options.tags.contains(&t.value))
        });
        if keep.is_empty() {
            let mut available: Vec<String> = map
                .claims
                .iter()
                .flat_map(|c| c.tags.iter().map(|t| t.value.clone()))
                .collect();
            available.sort();
            available.dedup();
            return Err(RenderError::NothingSelected {
                what: format!("tag `{}`", options.tags.join("`, `")),
                available,
            });
        }
    }
    if !options.sources.is_empty() {
        keep.retain(|&i| {
            map.claims[i]
                .evidence
                .iter()
                .any(|e| options.sources.contains(&e.source.value))
        });
        if keep.is_empty() {
            return Err(RenderError::NothingSelected {
                what: format!("source `{}`", options.sources.join("`, `")),
                available: map.sources.iter().map(|s| s.id.clone()).collect(),
            });
        }
    }
    Ok(keep)
}

/// Claims with an incoming supports edge and an incoming contradicts edge, over the whole map:
/// other claims argue both for and against them.
fn stances(map: &Map) -> (HashSet<usize>, HashSet<usize>) {
    let index = map.claim_index();
    let mut supported = HashSet::new();
    let mut contradicted = HashSet::new();
    for edge in map.edges() {
        if let Some(&to) = index.get(edge.to.value.as_str()) {
            match edge.kind {
                EdgeKind::Supports => supported.insert(to),
                EdgeKind::Contradicts => contradicted.insert(to),
            };
        }
    }
    (supported, contradicted)
}

/// The first error-severity finding on each claim, by the claim each finding is about (its
/// subject), first in the file when a claim has several.
fn claim_errors(map: &Map, diagnostics: &[Diagnostic]) -> HashMap<usize, Code> {
    let index = map.claim_index();
    let mut errors: BTreeMap<usize, (usize, Code)> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let Some(&claim) = d.subject.claim().and_then(|id| index.get(id)) else {
            continue;
        };
        let at = d.span.map_or(usize::MAX, |s| s.start);
        let entry = errors.entry(claim).or_insert((at, d.code));
        if at < entry.0 {
            *entry = (at, d.code);
        }
    }
    errors.into_iter().map(|(i, (_, code))| (i, code)).collect()
}

/// A map built in memory for tests: `(id, text, supports, contradicts)` per claim, each with
/// one evidence passage.
#[cfg(test)]
pub(crate) fn test_map(claims: &[(String, String, Vec<String>, Vec<String>)]) -> Map {
    use crate::model::{Evidence, Located, Span};
    let at = |value: &str| Located::new(value.to_string(), Span::default());
    Map {
        path: "claims.yaml".into(),
        yaml: std::sync::Arc::new(String::new()),
        version: 1,
        title: Some("test".to_string()),
        corpus_dir: "corpus".into(),
        sources: Vec::new(),
        claims: claims
            .iter()
            .map(|(id, text, supports, contradicts)| Claim {
                id: at(id),
                text: at(text),
                tags: vec![at("t")],
                note: None,
                note_span: None,
                evidence: vec![Evidence {
                    source: at("src"),
                    quote: at(text),
                    stance: crate::model::Stance::Supports,
                    holder: None,
                    anchor: AnchorResult::Pending,
                }],
                supports: supports.iter().map(|s| at(s)).collect(),
                contradicts: contradicts.iter().map(|s| at(s)).collect(),
                allow: Vec::new(),
            })
            .collect(),
        allow: Vec::new(),
        questions: Vec::new(),
        unsupported: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_id_keeps_valid_ids_and_escapes_the_rest_injectively() {
        assert_eq!(dom_id("aid-fails-2"), "aid-fails-2");
        assert_eq!(dom_id("Bad_Id"), "_42ad_5f_49d");
        assert_ne!(dom_id("a_"), dom_id("a-5f"));
        assert_eq!(dom_id("é"), "_c3_a9");
    }
}
