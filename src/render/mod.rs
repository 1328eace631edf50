//! Drawing a map: DOT, SVG (Graphviz or the builtin layered layout), Mermaid, JSON and the HTML
//! page.
//!
//! Readers come to an argument map for the diagram, so every format shares one visual language,
//! decided once in `scene`: which claims are drawn (focus and filters), how each looks
//! (contested, has check errors, change marks of a diff), and the stable element ids the HTML
//! page and other tools rely on:
//! - claim nodes `claim-<id>`, class `claim` (plus `contested`, `error`);
//! - evidence nodes `evidence-<claim-id>-<n>`, class `evidence supports|contradicts`;
//! - edges `edge-<from>-supports-<to>` / `edge-<from>-contradicts-<to>`, class
//!   `edge supports|contradicts`.
//!
//! Ids outside `[a-z0-9-]` are escaped by [`dom_id`]. The only process this library starts is
//! Graphviz `dot`, in [`svg`].

mod builtin;
mod canvas;
pub(crate) mod cluster;
pub(crate) mod dot;
pub mod html;
pub(crate) mod json;
mod layout;
pub(crate) mod mermaid;
mod scene;
pub mod svg;
mod text;

use std::collections::HashMap;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::model::{EdgeKind, Map};

pub use scene::dom_id;

/// An output format of `claimgraph render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Graphviz DOT source.
    Dot,
    /// An SVG picture, laid out by the chosen [`Engine`].
    Svg,
    /// A Mermaid `flowchart`, for Markdown on GitHub and GitLab.
    Mermaid,
    /// The resolved graph as JSON.
    Json,
    /// The self-contained interactive page (see [`html`]).
    Html,
}

/// Which program lays out an SVG.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz when `dot` is on PATH, else the builtin layout.
    #[default]
    Auto,
    /// Graphviz `dot -Tsvg`.
    Graphviz,
    /// The builtin layered layout: works without Graphviz.
    Builtin,
}

/// How evidence passages are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EvidenceMode {
    /// Each passage as its own note-shaped node linked to its claim.
    Show,
    /// Not at all.
    Hide,
    /// A count of citations on each claim.
    #[default]
    Count,
}

/// Clustering of claims.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// No clusters.
    #[default]
    None,
    /// One cluster per claim's first tag.
    Tag,
    /// One cluster per source of the claim's first evidence passage.
    Source,
}

/// The direction edges flow in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RankDir {
    /// Top to bottom: conclusions at the bottom.
    TB,
    /// Bottom to top: reasons below, conclusions on top, like a hand-drawn argument map.
    #[default]
    BT,
    /// Left to right.
    LR,
    /// Right to left.
    RL,
}

impl RankDir {
    /// The Graphviz `rankdir` value.
    pub fn as_str(self) -> &'static str {
        match self {
            RankDir::TB => "TB",
            RankDir::BT => "BT",
            RankDir::LR => "LR",
            RankDir::RL => "RL",
        }
    }
}

/// How a claim or edge changed between two revisions, for the diff overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Only in the new revision: green.
    Added,
    /// Only in the old revision: red and dashed.
    Removed,
    /// In both, different: orange.
    Changed,
    /// In both, the same: grey.
    Unchanged,
}

impl Mark {
    /// The CSS class added to marked elements.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Changed => "changed",
            Mark::Unchanged => "unchanged",
        }
    }
}

/// Change marks drawn over a map (normally the union of two revisions).
///
/// Claims and edges missing from the maps are drawn as [`Mark::Unchanged`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overlay {
    /// Mark of each claim, by claim id.
    pub claims: HashMap<String, Mark>,
    /// Mark of each edge, by (from id, to id, kind).
    pub edges: HashMap<(String, String, EdgeKind), Mark>,
}

/// Everything that decides what is drawn and how. `Default` gives the choices of
/// `claimgraph build`.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Draw only this claim and its neighbourhood.
    pub focus: Option<String>,
    /// How many edges out from `focus` to go (both directions).
    pub depth: usize,
    /// Draw only claims with one of these tags (all when empty).
    pub tags: Vec<String>,
    /// Draw only claims citing one of these sources (all when empty).
    pub sources: Vec<String>,
    /// How evidence is drawn.
    pub evidence: EvidenceMode,
    /// Clusters.
    pub group_by: GroupBy,
    /// Direction of the edges.
    pub rankdir: RankDir,
    /// Layout engine for SVG (and for the diagram in HTML).
    pub engine: Engine,
    /// Draw the legend.
    pub legend: bool,
    /// Change marks (for `claimgraph diff`).
    pub overlay: Option<Overlay>,
    /// How long Graphviz may take before it is stopped.
    pub timeout: Duration,
    /// Options of the HTML page.
    pub page: html::PageOptions,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            focus: None,
            depth: 1,
            tags: Vec::new(),
            sources: Vec::new(),
            evidence: EvidenceMode::default(),
            group_by: GroupBy::default(),
            rankdir: RankDir::default(),
            engine: Engine::default(),
            legend: true,
            overlay: None,
            timeout: Duration::from_secs(60),
            page: html::PageOptions::default(),
        }
    }
}

/// A rendered document and what the user should know about how it was made.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The document (DOT, SVG, Mermaid, JSON or HTML text).
    pub output: String,
    /// Non-fatal notes, e.g. Graphviz warnings or an engine switch.
    pub warnings: Vec<String>,
    /// The engine that laid the drawing out (SVG and HTML; `None` for the text formats).
    pub engine: Option<Engine>,
}

/// Why a map could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// `--focus` names no claim.
    #[error("no claim has the id `{id}`")]
    UnknownFocus {
        /// The id asked for.
        id: String,
        /// The closest existing id.
        suggestion: Option<String>,
    },
    /// A filter matched nothing.
    #[error("no claim matches {what}")]
    NothingSelected {
        /// The filter, e.g. "tag `x`".
        what: String,
        /// The values that exist.
        available: Vec<String>,
    },
    /// `dot` is not installed.
    #[error("graphviz `dot` was not found on PATH")]
    NoGraphviz,
    /// `dot` ran and failed.
    #[error("graphviz failed ({status}): {stderr}")]
    Graphviz {
        /// Exit status as text.
        status: String,
        /// What `dot` wrote on stderr (trimmed).
        stderr: String,
    },
    /// `dot` took longer than allowed.
    #[error("graphviz did not finish within {0:?}")]
    Timeout(Duration),
    /// The graph is too large for the layered layout: routing its long edges would need more
    /// points (one per layer an edge crosses) than the limit.
    #[error(
        "{nodes} nodes and {edges} edges are too many for the builtin layered layout (routing them needs over {limit} points)"
    )]
    TooLarge {
        /// Nodes drawn (claims and evidence notes).
        nodes: usize,
        /// Edges drawn.
        edges: usize,
        /// The most routing points the layout makes.
        limit: usize,
    },
    /// Running `dot` failed.
    #[error("could not run graphviz `dot`: {0}")]
    Io(#[from] std::io::Error),
}

impl RenderError {
    /// One line telling the user what to do.
    pub fn hint(&self) -> String {
        match self {
            RenderError::UnknownFocus {
                suggestion: Some(s),
                ..
            } => {
                format!("did you mean `{s}`?")
            }
            RenderError::UnknownFocus { .. } => {
                "`claimgraph render --format json` lists the claims' ids; ids are lowercase"
                    .to_string()
            }
            RenderError::NothingSelected { available, .. } if available.is_empty() => {
                "the map has none; drop the filter".to_string()
            }
            RenderError::NothingSelected { available, .. } => {
                let mut list = available
                    .iter()
                    .take(12)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if available.len() > 12 {
                    list.push_str(", …");
                }
                format!("the map has: {list}")
            }
            RenderError::NoGraphviz => {
                "install Graphviz (apt-get install graphviz) or use --engine builtin".to_string()
            }
            RenderError::Graphviz { stderr, .. } if stderr.contains("trouble in init_rank") => {
                "a Graphviz bug in ranking clusters; try without --group-by, or --engine builtin"
                    .to_string()
            }
            RenderError::Graphviz { .. } => {
                "try --engine builtin, or --format dot to inspect the input".to_string()
            }
            RenderError::Timeout(_) => {
                "draw less with --focus ID or --tag TAG, or use --engine builtin".to_string()
            }
            RenderError::TooLarge { .. } => {
                "draw part of the map (--focus ID --depth N, --tag TAG, \
                 --source SOURCE), or --format dot for the whole (Graphviz's sfdp lays out \
                 large graphs); --engine graphviz --timeout 900 may also finish"
                    .to_string()
            }
            RenderError::Io(_) => "check that `dot -V` runs".to_string(),
        }
    }
}

/// `claimgraph build`'s SVG and HTML page: the same bytes as [`render`] with [`Format::Svg`]
/// and with [`Format::Html`], from one scene and, with the builtin engine, one layout.
pub fn render_svg_and_html(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<(Rendered, Rendered), RenderError> {
    let (svg, drawing, legend) = svg::svg_and_page_drawing(map, diagnostics, options)?;
    Ok((svg, page_of(map, diagnostics, drawing, legend, options)))
}

/// The HTML page around its drawing, with the drawing's warnings and engine.
fn page_of(
    map: &Map,
    diagnostics: &[Diagnostic],
    drawing: svg::PageDrawing,
    legend: Option<String>,
    options: &RenderOptions,
) -> Rendered {
    Rendered {
        output: html::assemble(
            map,
            diagnostics,
            &drawing.diagram(),
            legend.as_deref(),
            &options.page,
        ),
        warnings: drawing.rendered.warnings,
        engine: drawing.rendered.engine,
    }
}

/// Draws `map` in `format`. `diagnostics` (from [`crate::check`]) mark claims that have errors.
///
/// DOT, Mermaid and JSON are pure functions of their input (same map, same bytes); SVG and HTML
/// may run Graphviz `dot` (see [`svg::svg`]).
pub fn render(
    map: &Map,
    diagnostics: &[Diagnostic],
    format: Format,
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    match format {
        Format::Dot => Ok(Rendered {
            output: dot::dot(map, diagnostics, options)?,
            warnings: Vec::new(),
            engine: None,
        }),
        Format::Mermaid => mermaid::mermaid(map, diagnostics, options),
        Format::Json => Ok(Rendered {
            output: json::json(map, diagnostics, options)?,
            warnings: Vec::new(),
            engine: None,
        }),
        Format::Svg => svg::svg(map, diagnostics, options),
        Format::Html => {
            let (drawing, legend) = svg::page_drawing(map, diagnostics, options)?;
            Ok(page_of(map, diagnostics, drawing, legend, options))
        }
    }
}
