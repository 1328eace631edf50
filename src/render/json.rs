//! The resolved graph as JSON, for other tools.
//!
//! The shape is stable (documented field by field on the types below; `version` changes when
//! it does not stay backwards compatible) and honours the same selection as the diagram
//! (`--focus`, `--tag`, `--source`):
//!
//! ```json
//! { "version": 1, "title": "…",
//!   "claims": [{ "id": "…", "text": "…", "tags": [], "note": null, "contested": false,
//!                "errors": ["uncited-claim"],
//!                "evidence": [{ "source": "…", "quote": "…", "stance": "supports",
//!                               "status": "anchored",
//!                               "anchor": { "line": 3, "column": 1, "end_line": 3,
//!                                           "start": 10, "end": 52, "occurrences": 1 } }],
//!                "supports": ["…"], "contradicts": [] }],
//!   "sources": [{ "id": "…", "file": "….md", "title": null, "authors": [], "published": null,
//!                 "publisher": null, "url": null }],
//!   "edges": [{ "id": "edge-a-supports-b", "from": "a", "to": "b", "kind": "supports" }] }
//! ```

use serde::Serialize;

use super::scene::Scene;
use super::{RenderError, RenderOptions};
use crate::diagnostic::Diagnostic;
use crate::model::{AnchorResult, EdgeKind, Map};

/// Format version of the JSON document.
pub const JSON_VERSION: u32 = 1;

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Document<'a> {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// The map's title.
    pub title: Option<&'a str>,
    /// Drawn claims, in file order.
    pub claims: Vec<JsonClaim<'a>>,
    /// Every source of the map.
    pub sources: Vec<JsonSource<'a>>,
    /// Edges among the drawn claims (dangling and duplicate edges left out).
    pub edges: Vec<JsonEdge<'a>>,
}

/// A claim.
#[derive(Debug, Serialize)]
pub struct JsonClaim<'a> {
    /// Id.
    pub id: &'a str,
    /// Element id in the SVG (`claim-<id>`).
    pub element_id: String,
    /// The proposition.
    pub text: &'a str,
    /// Tags.
    pub tags: Vec<&'a str>,
    /// Curator's note.
    pub note: Option<&'a str>,
    /// Both supported and contradicted.
    pub contested: bool,
    /// Codes of the first error on the claim (empty when it passes check).
    pub errors: Vec<&'static str>,
    /// Cited passages.
    pub evidence: Vec<JsonEvidence<'a>>,
    /// Targets of `supports`, as written.
    pub supports: Vec<&'a str>,
    /// Targets of `contradicts`, as written.
    pub contradicts: Vec<&'a str>,
}

/// A cited passage.
#[derive(Debug, Serialize)]
pub struct JsonEvidence<'a> {
    /// Source id.
    pub source: &'a str,
    /// The quote as written.
    pub quote: &'a str,
    /// Supports or contradicts the claim, or reports that someone holds it.
    pub stance: crate::model::Stance,
    /// Who holds the view a `reports` passage reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<&'a str>,
    /// `anchored`, `not-found` or `unchecked`.
    pub status: &'static str,
    /// Where the quote is in the source, when anchored.
    pub anchor: Option<JsonAnchor>,
}

/// Where a quote is.
#[derive(Debug, Serialize)]
pub struct JsonAnchor {
    /// 1-based first line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// 1-based last line.
    pub end_line: u32,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// Places in the source that match (more than one is ambiguous).
    pub occurrences: usize,
}

/// A source.
#[derive(Debug, Serialize)]
pub struct JsonSource<'a> {
    /// Id.
    pub id: &'a str,
    /// File name in the corpus folder.
    pub file: &'a str,
    /// Title.
    pub title: Option<&'a str>,
    /// Authors.
    pub authors: &'a [String],
    /// Publication date.
    pub published: Option<&'a str>,
    /// Publisher.
    pub publisher: Option<&'a str>,
    /// Address of the original.
    pub url: Option<&'a str>,
}

impl<'a> JsonSource<'a> {
    /// The source's id, file and metadata: the JSON export's entry, and the HTML page's.
    pub fn of(s: &'a crate::model::Source) -> Self {
        JsonSource {
            id: &s.id,
            file: &s.file,
            title: s.meta.title.as_deref(),
            authors: &s.meta.authors,
            published: s.meta.published.as_deref(),
            publisher: s.meta.publisher.as_deref(),
            url: s.meta.url.as_deref(),
        }
    }
}

/// A claim-to-claim edge.
#[derive(Debug, Serialize)]
pub struct JsonEdge<'a> {
    /// Element id in the SVG.
    pub id: &'a str,
    /// Source claim id.
    pub from: &'a str,
    /// Target claim id.
    pub to: &'a str,
    /// Supports or contradicts.
    pub kind: EdgeKind,
}

/// The JSON document, pretty-printed with a final newline.
pub fn json(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<String, RenderError> {
    let scene = Scene::new(map, diagnostics, options)?;
    let claims = scene
        .nodes
        .iter()
        .map(|n| JsonClaim {
            id: &n.claim.id.value,
            element_id: n.id.clone(),
            text: &n.claim.text.value,
            tags: n.claim.tags.iter().map(|t| t.value.as_str()).collect(),
            note: n.claim.note.as_deref(),
            contested: n.contested,
            errors: n.error.iter().map(|c| c.as_str()).collect(),
            evidence: n
                .claim
                .evidence
                .iter()
                .map(|e| JsonEvidence {
                    source: &e.source.value,
                    quote: &e.quote.value,
                    stance: e.stance,
                    holder: e.holder.as_deref(),
                    status: match e.anchor {
                        AnchorResult::Found(_) => "anchored",
                        AnchorResult::NotFound(_) => "not-found",
                        AnchorResult::Pending => "unchecked",
                    },
                    anchor: e.anchor.found().map(|a| JsonAnchor {
                        line: a.line,
                        column: a.column,
                        end_line: a.end_line,
                        start: a.start,
                        end: a.end,
                        occurrences: a.occurrences,
                    }),
                })
                .collect(),
            supports: n.claim.supports.iter().map(|t| t.value.as_str()).collect(),
            contradicts: n
                .claim
                .contradicts
                .iter()
                .map(|t| t.value.as_str())
                .collect(),
        })
        .collect();
    let sources = map.sources.iter().map(JsonSource::of).collect();
    let edges = scene
        .links
        .iter()
        .filter_map(|l| {
            Some(JsonEdge {
                id: &l.id,
                from: &scene.nodes.get(l.from)?.claim.id.value,
                to: &scene.nodes.get(l.to)?.claim.id.value,
                kind: l.kind,
            })
        })
        .collect();
    let document = Document {
        version: JSON_VERSION,
        title: map.title.as_deref(),
        claims,
        sources,
        edges,
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    Ok(out)
}
