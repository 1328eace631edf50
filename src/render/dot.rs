//! Graphviz DOT: the diagram as a graphviz-rust AST, printed by graphviz-rust's printer.
//!
//! Building an AST rather than formatting strings keeps the structure right; the printer does not
//! escape (its quoted ids are written verbatim), so every value goes through [`quoted`] (DOT
//! string with `"` and `\` escaped) or [`html_label`] (an HTML-like label with XML escaping).
//! The output is deterministic: the same map and options give the same bytes.
//!
//! Attributes are chosen for layout speed as well as looks: no edge labels, and plain line
//! splines past a few hundred nodes (spline routing dominates Graphviz's time on large maps).

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Port, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::scene::{Link, Scene};
use super::text;
use super::{EvidenceMode, Mark, RenderError, RenderOptions};
use crate::diagnostic::Diagnostic;
use crate::model::{EdgeKind, Map, Stance};

/// Font stack of every label.
pub(crate) const FONT: &str = "Helvetica,Arial,sans-serif";
/// Nodes past which edges are drawn as straight lines (spline routing is slow on big graphs).
const SPLINE_LIMIT: usize = 400;

/// Colours of the visual language, shared with the builtin SVG engine.
pub(crate) mod palette {
    /// Supports edges.
    pub const SUPPORTS: &str = "#2f855a";
    /// Contradicts edges.
    pub const CONTRADICTS: &str = "#c53030";
    /// A passage that only reports a view (`stance: reports`): neither side's colour.
    pub const REPORTS: &str = "#5a6577";
    /// Claim box border.
    pub const CLAIM_BORDER: &str = "#4a5568";
    /// Claim box fill.
    pub const CLAIM_FILL: &str = "#ffffff";
    /// Contested claim border and fill.
    pub const CONTESTED_BORDER: &str = "#b7791f";
    /// Contested claim fill.
    pub const CONTESTED_FILL: &str = "#fff8e1";
    /// Claim with check errors: border.
    pub const ERROR_BORDER: &str = "#c53030";
    /// Claim with check errors: fill.
    pub const ERROR_FILL: &str = "#fdecea";
    /// Evidence note fill.
    pub const NOTE_FILL: &str = "#fbf8ef";
    /// Evidence note border.
    pub const NOTE_BORDER: &str = "#a89f84";
    /// Main text.
    pub const TEXT: &str = "#1a202c";
    /// Small type (ids, source lines): at least 5.1:1 on every fill (WCAG AA asks 4.5:1; the old #718096 had 3.5–4.0).
    pub const SMALL: &str = "#5a6577";
    /// Cluster background.
    pub const GROUP_FILL: &str = "#f4f6f8";
    /// Cluster border.
    pub const GROUP_BORDER: &str = "#cbd5e0";
    /// Overlay: added.
    pub const ADDED: &str = "#2f855a";
    /// Overlay: added fill.
    pub const ADDED_FILL: &str = "#e6f4ea";
    /// Overlay: removed.
    pub const REMOVED: &str = "#c53030";
    /// Overlay: removed fill.
    pub const REMOVED_FILL: &str = "#fdecea";
    /// Overlay: changed.
    pub const CHANGED: &str = "#dd6b20";
    /// Overlay: changed fill.
    pub const CHANGED_FILL: &str = "#fff1e0";
    /// Overlay: unchanged claim border.
    pub const UNCHANGED: &str = "#a0aec0";
    /// Overlay: an unchanged supports edge, [`SUPPORTS`] muted (45% on white), so a diff still
    /// tells the kinds apart while the changes stand out.
    pub const SUPPORTS_MUTED: &str = "#a1c8b5";
    /// Overlay: an unchanged contradicts edge, [`CONTRADICTS`] muted (45% on white).
    pub const CONTRADICTS_MUTED: &str = "#e5a2a2";
    /// Overlay: unchanged fill.
    pub const UNCHANGED_FILL: &str = "#f7fafc";
}

/// How a claim box looks: border, fill, border width, dashed.
pub(crate) fn claim_style(
    contested: bool,
    error: bool,
    mark: Option<Mark>,
) -> (&'static str, &'static str, f64, bool) {
    use palette::*;
    match mark {
        Some(Mark::Added) => (ADDED, ADDED_FILL, 2.0, false),
        Some(Mark::Removed) => (REMOVED, REMOVED_FILL, 2.0, true),
        Some(Mark::Changed) => (CHANGED, CHANGED_FILL, 2.0, false),
        Some(Mark::Unchanged) => (UNCHANGED, UNCHANGED_FILL, 1.0, false),
        None if error => (ERROR_BORDER, ERROR_FILL, 2.0, true),
        None if contested => (CONTESTED_BORDER, CONTESTED_FILL, 2.0, false),
        None => (CLAIM_BORDER, CLAIM_FILL, 1.2, false),
    }
}

/// How an edge looks: colour, dashed, pen width.
pub(crate) fn edge_style(kind: EdgeKind, mark: Option<Mark>) -> (&'static str, bool, f64) {
    use palette::*;
    let dashed = kind == EdgeKind::Contradicts;
    match mark {
        Some(Mark::Added) => (ADDED, dashed, 2.2),
        Some(Mark::Removed) => (REMOVED, true, 2.2),
        Some(Mark::Changed) => (CHANGED, dashed, 2.2),
        Some(Mark::Unchanged) if kind == EdgeKind::Supports => (SUPPORTS_MUTED, dashed, 1.2),
        Some(Mark::Unchanged) => (CONTRADICTS_MUTED, dashed, 1.2),
        None if kind == EdgeKind::Supports => (SUPPORTS, false, 1.6),
        None => (CONTRADICTS, true, 1.6),
    }
}

/// The legend's words, shared by both engines so that a reader meets the same terms in every
/// drawing (and in the page's panel, which says "supports" and "contradicts" too).
pub(crate) mod legend_words {
    /// A supports edge.
    pub const SUPPORTS: &str = "supports";
    /// A contradicts edge.
    pub const CONTRADICTS: &str = "contradicts";
    /// A contested claim.
    pub const CONTESTED: &str = "contested: reasons for and against";
    /// A claim with check errors.
    pub const ERROR: &str = "⚠ fails check";
    /// An evidence note.
    pub const PASSAGE: &str = "quoted passage";
}

/// A DOT quoted string: `"` and `\` escaped, line breaks as `\n`, control characters dropped.
pub fn quoted(value: &str) -> Id {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// At most this many characters of a label's text are drawn (and of a tooltip's, shown):
/// Graphviz refuses any string of 16,384 bytes or more, and a longer text is unreadable in a
/// diagram anyway. The HTML page's panel has the whole text.
const MAX_LABEL_CHARS: usize = 1_000;
/// See [`MAX_LABEL_CHARS`].
const MAX_TOOLTIP_CHARS: usize = 2_000;

/// `value` cut to `max` characters, with an ellipsis when it was longer.
fn bounded(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(max) {
        None => value.into(),
        Some((at, _)) => format!("{}…", value.get(..at).unwrap_or_default()).into(),
    }
}

/// A DOT quoted string for an attribute Graphviz reads as text (label, tooltip): besides
/// [`quoted`]'s escapes, a backslash is written so that Graphviz's own escapes (`\N` the node
/// name, `\G` the graph's, `\L` a line break) show as written, and `&` so that entities in the
/// map's text (`&#x3C;`) are not decoded. Bounded to [`MAX_TOOLTIP_CHARS`].
fn text_value(value: &str) -> Id {
    let value = bounded(value, MAX_TOOLTIP_CHARS);
    let Id::Escaped(quoted) = quoted(&value.replace('&', "&amp;")) else {
        return Id::Escaped("\"\"".to_string());
    };
    // `quoted` wrote each backslash as `\\`, which Graphviz reads as one backslash that
    // still starts its escapes; doubled again, it is a backslash in the picture.
    Id::Escaped(quoted.replace("\\\\", "\\\\\\\\"))
}

fn text_attr(key: &str, value: &str) -> Attribute {
    attr(key, text_value(value))
}

/// Text for an HTML-like label: XML-escaped, and backslashes doubled (Graphviz applies its
/// `\N`-style escapes to HTML labels too).
fn label_text(value: &str) -> String {
    text::xml(value).replace('\\', "\\\\")
}

/// An HTML-like label: text lines, then a line in small type. Graphviz rejects an empty
/// `<FONT>` element, so empty parts are left out.
fn html_label(lines: &[String], small: &str, size: f64, small_size: f64, italic: bool) -> Id {
    let mut parts: Vec<String> = Vec::new();
    let mut budget = MAX_LABEL_CHARS;
    let mut text: Vec<String> = Vec::new();
    for line in lines {
        if budget == 0 {
            if let Some(last) = text.last_mut() {
                last.push('…');
            }
            break;
        }
        let shown = bounded(line, budget);
        budget = budget.saturating_sub(line.chars().count());
        let escaped = label_text(&shown);
        if !escaped.is_empty() {
            text.push(escaped);
        }
    }
    let (open, close) = if italic { ("<I>", "</I>") } else { ("", "") };
    if !text.is_empty() {
        parts.push(format!(
            "<FONT POINT-SIZE=\"{size}\" COLOR=\"{}\">{open}{}{close}</FONT>",
            palette::TEXT,
            text.join("<BR/>")
        ));
    }
    if !small.is_empty() {
        parts.push(format!(
            "<FONT POINT-SIZE=\"{small_size}\" COLOR=\"{}\">{}</FONT>",
            palette::SMALL,
            label_text(&bounded(small, MAX_LABEL_CHARS))
        ));
    }
    if parts.is_empty() {
        return Id::Html("< >".to_string());
    }
    // A 3-point blank line keeps the small type off the text.
    Id::Html(format!(
        "<{}>",
        parts.join("<BR/><FONT POINT-SIZE=\"3\"> </FONT><BR/>")
    ))
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(Id::Plain(key.to_string()), value)
}

fn s(key: &str, value: &str) -> Attribute {
    attr(key, quoted(value))
}

fn node(name: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(NodeId(quoted(name), None), attributes))
}

fn edge(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quoted(from), None)),
            Vertex::N(NodeId(quoted(to), None)),
        ),
        attributes,
    })
}

fn num(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The DOT source of the diagram.
pub fn dot(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<String, RenderError> {
    let scene = Scene::new(map, diagnostics, options)?;
    let mut out = print(&graph(map, &scene, options));
    out.push('\n');
    Ok(out)
}

/// The DOT text of `graph`, byte for byte what graphviz-rust's printer writes with its default
/// context (two-space indent, no semicolons, attributes on one line), written into one buffer.
///
/// Its printer returns a `String` from every node of the tree and joins them level by level,
/// so each byte is copied once per level and every attribute costs a few allocations: at
/// 100,000 claims that was a quarter of the render time (see benches/README.md). An edge with a
/// subgraph as an end (which this module never builds) goes to graphviz-rust's printer, whose
/// inline reprinting of short edges changes how a subgraph is written.
pub(crate) fn print(graph: &Graph) -> String {
    let (id, strict, stmts, directed) = match graph {
        Graph::Graph { id, strict, stmts } => (id, *strict, stmts, false),
        Graph::DiGraph { id, strict, stmts } => (id, *strict, stmts, true),
    };
    if has_subgraph_vertex(stmts) {
        return graph.print(&mut PrinterContext::default());
    }
    let mut out = String::with_capacity(stmts.len() * 256);
    if strict {
        out.push_str("strict ");
    }
    out.push_str(if directed { "digraph " } else { "graph " });
    push_id(&mut out, id);
    out.push_str(" {\n");
    let bond = if directed { " -> " } else { " -- " };
    push_stmts(&mut out, stmts, 2, bond);
    out.push_str("\n}");
    out
}

fn has_subgraph_vertex(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|stmt| match stmt {
        Stmt::Edge(Edge { ty, .. }) => match ty {
            EdgeTy::Pair(a, b) => matches!(a, Vertex::S(_)) || matches!(b, Vertex::S(_)),
            EdgeTy::Chain(vs) => vs.iter().any(|v| matches!(v, Vertex::S(_))),
        },
        Stmt::Subgraph(sub) => has_subgraph_vertex(&sub.stmts),
        _ => false,
    })
}

fn push_id(out: &mut String, id: &Id) {
    match id {
        Id::Html(v) | Id::Escaped(v) | Id::Plain(v) => out.push_str(v),
        Id::Anonymous(_) => {}
    }
}

fn push_node_id(out: &mut String, NodeId(id, port): &NodeId) {
    push_id(out, id);
    match port {
        Some(Port(Some(id), Some(d))) => {
            out.push(':');
            push_id(out, id);
            out.push(':');
            out.push_str(d);
        }
        Some(Port(None, Some(d))) => {
            out.push(':');
            out.push_str(d);
        }
        Some(Port(Some(id), None)) => {
            out.push(':');
            push_id(out, id);
        }
        Some(Port(None, None)) | None => {}
    }
}

fn push_attribute(out: &mut String, Attribute(key, value): &Attribute) {
    push_id(out, key);
    out.push('=');
    push_id(out, value);
}

/// `[a=1 b=2]`, or nothing for no attributes.
fn push_attributes(out: &mut String, attributes: &[Attribute]) {
    let Some((first, rest)) = attributes.split_first() else {
        return;
    };
    out.push('[');
    push_attribute(out, first);
    for a in rest {
        out.push(' ');
        push_attribute(out, a);
    }
    out.push(']');
}

fn push_vertex(out: &mut String, vertex: &Vertex) {
    if let Vertex::N(id) = vertex {
        push_node_id(out, id);
    }
}

/// The statements, one a line at `indent` spaces, joined by line breaks (no break after the
/// last).
fn push_stmts(out: &mut String, stmts: &[Stmt], indent: usize, bond: &str) {
    for (i, stmt) in stmts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', indent));
        match stmt {
            Stmt::Node(node) => {
                push_node_id(out, &node.id);
                push_attributes(out, &node.attributes);
            }
            Stmt::Subgraph(sub) => {
                out.push_str("subgraph ");
                push_id(out, &sub.id);
                out.push_str(" {\n");
                push_stmts(out, &sub.stmts, indent + 2, bond);
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indent));
                out.push('}');
            }
            Stmt::Attribute(a) => push_attribute(out, a),
            Stmt::GAttribute(g) => {
                let (word, attributes) = match g {
                    GraphAttributes::Graph(a) => ("graph", a),
                    GraphAttributes::Node(a) => ("node", a),
                    GraphAttributes::Edge(a) => ("edge", a),
                };
                out.push_str(word);
                push_attributes(out, attributes);
            }
            Stmt::Edge(Edge { ty, attributes }) => match ty {
                EdgeTy::Pair(a, b) => {
                    push_vertex(out, a);
                    out.push_str(bond);
                    push_vertex(out, b);
                    if !attributes.is_empty() {
                        out.push(' ');
                        push_attributes(out, attributes);
                    }
                }
                EdgeTy::Chain(vs) => {
                    for (j, v) in vs.iter().enumerate() {
                        if j > 0 {
                            out.push_str(bond);
                        }
                        push_vertex(out, v);
                    }
                    push_attributes(out, attributes);
                }
            },
        }
    }
}

/// Builds the AST.
pub(crate) fn graph(_map: &Map, scene: &Scene<'_>, options: &RenderOptions) -> Graph {
    let big = scene.nodes.len() + scene.notes.len() > SPLINE_LIMIT;
    let mut stmts: Vec<Stmt> = Vec::new();
    let mut graph_attrs = vec![
        s("rankdir", options.rankdir.as_str()),
        s("fontname", FONT),
        s("bgcolor", "white"),
        s("pad", "0.3"),
        s("nodesep", "0.3"),
        s("ranksep", "0.55"),
        s("splines", if big { "line" } else { "spline" }),
        s("outputorder", "edgesfirst"),
    ];
    if options.group_by != super::GroupBy::None {
        // Global ranking: avoids Graphviz's "trouble in init_rank" with many clusters.
        graph_attrs.push(s("newrank", "true"));
    }
    if big {
        // Fewer crossing-minimisation passes: layout time grows fast with node count.
        graph_attrs.push(s("mclimit", "0.3"));
        graph_attrs.push(s("nslimit", "2"));
        graph_attrs.push(s("nslimit1", "2"));
        graph_attrs.push(s("searchsize", "20"));
    }
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)));
    stmts.push(Stmt::GAttribute(GraphAttributes::Node(vec![
        s("shape", "box"),
        s("style", "rounded,filled"),
        s("fontname", FONT),
        s("margin", "0.14,0.08"),
        s("penwidth", "1.2"),
        s("color", palette::CLAIM_BORDER),
        s("fillcolor", palette::CLAIM_FILL),
    ])));
    stmts.push(Stmt::GAttribute(GraphAttributes::Edge(vec![
        s("fontname", FONT),
        s("arrowsize", "0.8"),
    ])));

    // Claims, inside their cluster when grouped.
    let mut grouped: Vec<Vec<Stmt>> = scene.groups.iter().map(|_| Vec::new()).collect();
    for (i, n) in scene.nodes.iter().enumerate() {
        let (color, fill, pen, dashed) = claim_style(n.contested, n.error.is_some(), n.mark);
        let mut attrs = vec![
            s("id", &n.id),
            s("class", &n.class()),
            attr("label", html_label(&n.lines, &n.small, 12.0, 8.0, false)),
            text_attr("tooltip", &n.tooltip()),
        ];
        if color != palette::CLAIM_BORDER {
            attrs.push(s("color", color));
        }
        if fill != palette::CLAIM_FILL {
            attrs.push(s("fillcolor", fill));
        }
        if pen != 1.2 {
            attrs.push(s("penwidth", &num(pen)));
        }
        if dashed {
            attrs.push(s("style", "rounded,filled,dashed"));
        }
        let stmt = node(&n.id, attrs);
        match n.group.and_then(|g| grouped.get_mut(g)) {
            Some(list) => list.push(stmt),
            None => stmts.push(stmt),
        }
        // Evidence notes go with their claim's cluster.
        for note in scene.notes.iter().filter(|note| note.node == i) {
            let color = note_colour(note.stance);
            let note_stmt = node(
                &note.id,
                vec![
                    s("id", &note.id),
                    s("class", &format!("evidence {}", note.stance.as_str())),
                    s("shape", "note"),
                    s("style", "filled"),
                    s("fillcolor", palette::NOTE_FILL),
                    s("color", color),
                    s("penwidth", "0.8"),
                    s("margin", "0.1,0.05"),
                    attr(
                        "label",
                        html_label(&note.lines, &note.small, 9.0, 7.5, true),
                    ),
                    text_attr("tooltip", &note.tooltip),
                ],
            );
            match n.group.and_then(|g| grouped.get_mut(g)) {
                Some(list) => list.push(note_stmt),
                None => stmts.push(note_stmt),
            }
        }
    }
    for (group, members) in scene.groups.iter().zip(grouped) {
        let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
            s("id", &group.id),
            s("class", "group"),
            text_attr("label", &group.label),
            s("fontsize", "11"),
            s("fontcolor", palette::SMALL),
            s("style", "rounded,filled"),
            s("color", palette::GROUP_BORDER),
            s("fillcolor", palette::GROUP_FILL),
            s("margin", "12"),
        ]))];
        body.extend(members);
        stmts.push(Stmt::Subgraph(Subgraph {
            id: quoted(&format!("cluster_{}", group.id)),
            stmts: body,
        }));
    }

    for note in &scene.notes {
        let Some(claim) = scene.nodes.get(note.node) else {
            continue;
        };
        let (color, dashed, _) = note_style(note.stance, claim.mark);
        let mut attrs = vec![
            s("id", &note.edge_id),
            s(
                "class",
                &format!("edge evidence-link {}", note.stance.as_str()),
            ),
            s("color", color),
            s("penwidth", "0.9"),
            s("arrowsize", "0.6"),
            s("arrowhead", note_arrowhead(note.stance)),
            text_attr("tooltip", &note.tooltip),
        ];
        if dashed {
            attrs.push(s("style", "dashed"));
        }
        stmts.push(edge(&note.id, &claim.id, attrs));
    }
    for link in &scene.links {
        stmts.push(link_stmt(scene, link));
    }
    if options.legend {
        stmts.push(legend(scene, options));
    }
    Graph::DiGraph {
        id: quoted("claimgraph"),
        strict: false,
        stmts,
    }
}

/// Tee arrowheads are drawn larger: at the default size the bar is hard to see.
fn arrowsize(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Supports => "0.8",
        EdgeKind::Contradicts => "1.3",
    }
}

/// An evidence note's border colour.
pub(crate) fn note_colour(stance: Stance) -> &'static str {
    match stance {
        Stance::Supports => palette::SUPPORTS,
        Stance::Contradicts => palette::CONTRADICTS,
        Stance::Reports => palette::REPORTS,
    }
}

/// [`edge_style`] for the link from an evidence note to its claim: a reporting passage is
/// dashed grey, for neither side.
pub(crate) fn note_style(stance: Stance, mark: Option<Mark>) -> (&'static str, bool, f64) {
    match stance.edge() {
        Some(kind) => edge_style(kind, mark),
        None => (palette::REPORTS, true, 1.2),
    }
}

fn note_arrowhead(stance: Stance) -> &'static str {
    match stance.edge() {
        Some(kind) => arrowhead(kind),
        None => "odot",
    }
}

fn arrowhead(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Supports => "normal",
        EdgeKind::Contradicts => "tee",
    }
}

fn link_stmt(scene: &Scene<'_>, link: &Link) -> Stmt {
    let (from, to) = match (scene.nodes.get(link.from), scene.nodes.get(link.to)) {
        (Some(a), Some(b)) => (a, b),
        _ => return Stmt::Attribute(attr("comment", quoted("missing node"))),
    };
    let (color, dashed, pen) = edge_style(link.kind, link.mark);
    let tooltip = format!(
        "{} {} {}",
        from.claim.id.value,
        link.kind.as_str(),
        to.claim.id.value
    );
    let mut attrs = vec![
        s("id", &link.id),
        s("class", &link.class()),
        s("color", color),
        s("penwidth", &num(pen)),
        s("arrowhead", arrowhead(link.kind)),
        s("arrowsize", arrowsize(link.kind)),
        text_attr("tooltip", &text::clean(&tooltip)),
    ];
    if dashed {
        attrs.push(s("style", "dashed"));
    }
    edge(&from.id, &to.id, attrs)
}

/// The legend: a small cluster of sample nodes and edges explaining the visual language.
fn legend(scene: &Scene<'_>, options: &RenderOptions) -> Stmt {
    let sample = |name: &str, label: &str, color: &str, fill: &str, dashed: bool| {
        let style = if dashed {
            "rounded,filled,dashed"
        } else {
            "rounded,filled"
        };
        node(
            name,
            vec![
                s("id", name),
                s("class", "legend"),
                text_attr("label", label),
                s("fontsize", "9"),
                s("fontcolor", palette::TEXT),
                s("color", color),
                s("fillcolor", fill),
                s("style", style),
                s("margin", "0.08,0.03"),
                s("height", "0.3"),
            ],
        )
    };
    let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
        s("id", "legend"),
        s("class", "legend"),
        text_attr("label", "Legend"),
        s("fontsize", "10"),
        s("fontcolor", palette::SMALL),
        s("style", "rounded"),
        s("color", palette::GROUP_BORDER),
        s("margin", "8"),
    ]))];
    let overlay = options.overlay.is_some();
    body.push(sample(
        "legend-claim",
        "claim",
        palette::CLAIM_BORDER,
        palette::CLAIM_FILL,
        false,
    ));
    body.push(sample(
        "legend-reason",
        legend_words::SUPPORTS,
        palette::CLAIM_BORDER,
        palette::CLAIM_FILL,
        false,
    ));
    body.push(sample(
        "legend-objection",
        legend_words::CONTRADICTS,
        palette::CLAIM_BORDER,
        palette::CLAIM_FILL,
        false,
    ));
    let sample_edge = |from: &str, kind: EdgeKind| {
        let (color, dashed, pen) = edge_style(kind, None);
        let mut attrs = vec![
            s("id", &format!("{from}-edge")),
            s("class", &format!("legend {}", kind.as_str())),
            s("color", color),
            s("penwidth", &num(pen)),
            s("arrowhead", arrowhead(kind)),
            s("arrowsize", arrowsize(kind)),
        ];
        if dashed {
            attrs.push(s("style", "dashed"));
        }
        edge(from, "legend-claim", attrs)
    };
    body.push(sample_edge("legend-reason", EdgeKind::Supports));
    body.push(sample_edge("legend-objection", EdgeKind::Contradicts));
    if scene.any_contested && !overlay {
        body.push(sample(
            "legend-contested",
            &legend_words::CONTESTED.replacen(" for", "\nfor", 1),
            palette::CONTESTED_BORDER,
            palette::CONTESTED_FILL,
            false,
        ));
    }
    if scene.any_error && !overlay {
        body.push(sample(
            "legend-error",
            legend_words::ERROR,
            palette::ERROR_BORDER,
            palette::ERROR_FILL,
            true,
        ));
    }
    if options.evidence == EvidenceMode::Show {
        body.push(node(
            "legend-evidence",
            vec![
                s("id", "legend-evidence"),
                s("class", "legend"),
                text_attr("label", legend_words::PASSAGE),
                s("shape", "note"),
                s("style", "filled"),
                s("fontsize", "9"),
                s("fillcolor", palette::NOTE_FILL),
                s("color", palette::NOTE_BORDER),
                s("height", "0.3"),
            ],
        ));
    }
    if overlay {
        for (mark, label) in [
            (Mark::Added, "added"),
            (Mark::Removed, "removed"),
            (Mark::Changed, "changed"),
            (Mark::Unchanged, "unchanged"),
        ] {
            let (color, fill, _, dashed) = claim_style(false, false, Some(mark));
            body.push(sample(
                &format!("legend-{label}"),
                label,
                color,
                fill,
                dashed,
            ));
        }
    }
    Stmt::Subgraph(Subgraph {
        id: quoted("cluster_legend"),
        stmts: body,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_quotes_backslashes_and_newlines() {
        let Id::Escaped(q) = quoted("a \"b\" \\ c\nd\u{1}") else {
            panic!("not escaped")
        };
        assert_eq!(q, r#""a \"b\" \\ c\nd ""#);
    }

    /// Pieces that have broken DOT writers: quotes, backslashes (also before `n` and `N`, which
    /// Graphviz expands), markup, control characters, RTL and CJK text, emoji with joiners.
    const PIECES: &[&str] = &[
        "a",
        "Bc",
        " ",
        "\"",
        "\\",
        "\\n",
        "\\N",
        "\n",
        "\r",
        "\t",
        "<",
        ">",
        "{",
        "}",
        "|",
        "&",
        "&amp;",
        ";",
        "]]>",
        "-->",
        "Жизнь",
        "שלום",
        "漢字",
        "🚲",
        "👩\u{200d}👩\u{200d}👧",
        "\u{0}",
        "\u{7}",
        "\u{1b}",
        "\u{feff}",
        "\u{fffe}",
        "é",
        "e\u{301}",
    ];

    fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(PIECES), 0..30).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(48))]
        #[test]
        fn dot_parses_back_and_graphviz_accepts_it(
            texts in proptest::collection::vec((hostile_text(), hostile_text()), 1..5),
            show in proptest::bool::ANY,
        ) {
            let claims: Vec<_> = texts
                .iter()
                .enumerate()
                .map(|(i, (id, text))| {
                    // Ids are hostile too (as in a map drawn with --allow-errors).
                    let id = format!("{id}{i}");
                    let supports = if i > 0 { vec![format!("{}{}", texts[0].0, 0)] } else { vec![] };
                    (id, text.clone(), supports, vec![])
                })
                .collect();
            let map = crate::render::scene::test_map(&claims);
            let options = RenderOptions {
                evidence: if show { EvidenceMode::Show } else { EvidenceMode::Count },
                group_by: super::super::GroupBy::Tag,
                ..RenderOptions::default()
            };
            let source = dot(&map, &[], &options).unwrap();
            // The own printer writes what graphviz-rust's printer writes.
            let scene = Scene::new(&map, &[], &options).unwrap();
            let ast = graph(&map, &scene, &options);
            proptest::prop_assert_eq!(print(&ast), ast.print(&mut PrinterContext::default()));
            let parsed = graphviz_rust::parse(&source);
            proptest::prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), source);
            if super::super::svg::dot_available() {
                let svg = super::super::svg::run_dot(&source, std::time::Duration::from_secs(30));
                proptest::prop_assert!(svg.is_ok(), "{:?}\n{}", svg.err(), source);
                let svg = svg.unwrap();
                proptest::prop_assert!(svg.warnings.is_empty(), "{:?}\n{}", svg.warnings, source);
            }
        }
    }

    /// Every shape of statement, nested and at the ends of the file, printed by the own printer
    /// and by graphviz-rust's.
    #[test]
    fn the_printer_writes_what_graphviz_rust_writes() {
        use graphviz_rust::dot_structures::*;
        let n = |name: &str| NodeId(Id::Plain(name.to_string()), None);
        let a =
            |k: &str, v: &str| Attribute(Id::Plain(k.to_string()), Id::Escaped(format!("\"{v}\"")));
        let stmts = vec![
            Stmt::GAttribute(GraphAttributes::Graph(vec![a("rankdir", "LR")])),
            Stmt::GAttribute(GraphAttributes::Node(vec![])),
            Stmt::GAttribute(GraphAttributes::Edge(vec![
                a("color", "red"),
                a("penwidth", "2"),
            ])),
            Stmt::Attribute(a("comment", "x")),
            Stmt::Node(Node::new(n("a"), vec![])),
            Stmt::Node(Node::new(
                NodeId(
                    Id::Plain("b".into()),
                    Some(Port(Some(Id::Plain("p".into())), Some("n".into()))),
                ),
                vec![
                    a("label", "B"),
                    Attribute(Id::Plain("label".into()), Id::Html("<<B>b</B>>".into())),
                ],
            )),
            Stmt::Node(Node::new(
                NodeId(Id::Plain("c".into()), Some(Port(None, Some("s".into())))),
                vec![],
            )),
            Stmt::Node(Node::new(
                NodeId(
                    Id::Plain("d".into()),
                    Some(Port(Some(Id::Plain("q".into())), None)),
                ),
                vec![],
            )),
            Stmt::Node(Node::new(
                NodeId(Id::Anonymous("x".into()), None),
                vec![a("k", "v")],
            )),
            Stmt::Subgraph(Subgraph {
                id: Id::Plain("cluster_1".into()),
                stmts: vec![
                    Stmt::Node(Node::new(n("e"), vec![a("k", "v")])),
                    Stmt::Subgraph(Subgraph {
                        id: Id::Plain("cluster_2".into()),
                        stmts: vec![Stmt::Node(Node::new(n("f"), vec![]))],
                    }),
                    Stmt::Edge(Edge {
                        ty: EdgeTy::Pair(Vertex::N(n("e")), Vertex::N(n("f"))),
                        attributes: vec![],
                    }),
                ],
            }),
            Stmt::Subgraph(Subgraph {
                id: Id::Plain("empty".into()),
                stmts: vec![],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(n("a")), Vertex::N(n("b"))),
                attributes: vec![a("k", "v")],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(n("a")), Vertex::N(n("b"))),
                attributes: vec![a("a_long_attribute_name", &"v".repeat(100)), a("k", "v")],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Chain(vec![
                    Vertex::N(n("a")),
                    Vertex::N(n("b")),
                    Vertex::N(n("c")),
                ]),
                attributes: vec![],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Chain(vec![Vertex::N(n("a")), Vertex::N(n("b"))]),
                attributes: vec![a("k", "v")],
            }),
        ];
        for strict in [false, true] {
            for directed in [false, true] {
                let id = Id::Escaped("\"g\"".into());
                let g = if directed {
                    Graph::DiGraph {
                        id,
                        strict,
                        stmts: stmts.clone(),
                    }
                } else {
                    Graph::Graph {
                        id,
                        strict,
                        stmts: stmts.clone(),
                    }
                };
                assert_eq!(print(&g), g.print(&mut PrinterContext::default()));
            }
        }
        let empty = Graph::DiGraph {
            id: Id::Anonymous(String::new()),
            strict: false,
            stmts: vec![],
        };
        assert_eq!(print(&empty), empty.print(&mut PrinterContext::default()));
        // A subgraph as an edge's end goes to graphviz-rust's printer.
        let sub = Graph::DiGraph {
            id: Id::Plain("g".into()),
            strict: false,
            stmts: vec![Stmt::Edge(Edge {
                ty: EdgeTy::Pair(
                    Vertex::N(n("a")),
                    Vertex::S(Subgraph {
                        id: Id::Plain("s".into()),
                        stmts: vec![Stmt::Node(Node::new(n("z"), vec![]))],
                    }),
                ),
                attributes: vec![],
            })],
        };
        assert_eq!(print(&sub), sub.print(&mut PrinterContext::default()));
    }

    #[test]
    fn dot_is_deterministic() {
        let claims = vec![
            (
                "a".to_string(),
                "A".to_string(),
                vec!["b".to_string()],
                vec![],
            ),
            ("b".to_string(), "B".to_string(), vec![], vec![]),
        ];
        let map = crate::render::scene::test_map(&claims);
        let options = RenderOptions::default();
        assert_eq!(
            dot(&map, &[], &options).unwrap(),
            dot(&map, &[], &options).unwrap()
        );
    }
}
