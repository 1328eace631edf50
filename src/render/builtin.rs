//! The builtin SVG engine: boxes sized from the wrapped text, laid out by [`super::layout`],
//! written as plain SVG with the same element ids and classes as Graphviz's output.
//!
//! Only presentation attributes are used (no `style` element or attribute), so the drawing
//! survives the HTML page's sanitiser unchanged.

use std::fmt::Write as _;

use super::cluster;
use super::dot::{FONT, claim_style, edge_style, legend_words, palette};
use super::layout::{self, Point, Route};
use super::scene::Scene;
use super::text::{self, text_width};
use super::{EvidenceMode, GroupBy, Mark, RenderError, RenderOptions, Rendered};
use crate::model::{EdgeKind, Map, Stance};

/// Font size of claim text (px).
pub(crate) const FONT_SIZE: f64 = 12.0;
/// Line height of claim text.
pub(crate) const LINE: f64 = 15.0;
/// Font size of the small line (id and badges).
pub(crate) const SMALL_SIZE: f64 = 9.0;
/// Line height of the small line.
pub(crate) const SMALL_LINE: f64 = 13.0;
/// Font size of evidence notes.
pub(crate) const NOTE_SIZE: f64 = 10.0;
/// Line height of evidence notes.
pub(crate) const NOTE_LINE: f64 = 13.0;
/// Padding inside a box.
pub(crate) const PAD_X: f64 = 10.0;
pub(crate) const PAD_Y: f64 = 8.0;
/// Margin around the drawing.
const MARGIN: f64 = 20.0;

/// A box to draw: its text lines with sizes.
/// Its fields are the crate's, so that the HTML page can draw the same boxes.
pub(crate) struct Boxed {
    /// Element id (`claim-…`, `evidence-…`).
    pub(crate) id: String,
    /// Element classes.
    pub(crate) class: String,
    pub(crate) tooltip: String,
    /// Each line: text, font size, line height, colour, italic.
    pub(crate) lines: Vec<(String, f64, f64, &'static str, bool)>,
    /// Width and height.
    pub(crate) size: (f64, f64),
    pub(crate) stroke: &'static str,
    pub(crate) fill: &'static str,
    pub(crate) stroke_width: f64,
    pub(crate) dashed: bool,
    /// An evidence note (drawn with a folded corner).
    pub(crate) note: bool,
}

fn boxed(
    id: String,
    class: String,
    tooltip: String,
    body: &[String],
    small: &str,
    (size, line): (f64, f64),
    italic: bool,
) -> Boxed {
    let mut lines: Vec<(String, f64, f64, &'static str, bool)> = body
        .iter()
        .map(|l| (l.clone(), size, line, palette::TEXT, italic))
        .collect();
    if !small.is_empty() {
        lines.push((
            small.to_string(),
            SMALL_SIZE,
            SMALL_LINE,
            palette::SMALL,
            false,
        ));
    }
    let width = lines
        .iter()
        .map(|(t, s, ..)| text_width(t, *s))
        .fold(40.0, f64::max)
        + 2.0 * PAD_X;
    let height = lines.iter().map(|l| l.2).sum::<f64>() + 2.0 * PAD_Y;
    Boxed {
        id,
        class,
        tooltip,
        lines,
        size: (width.ceil(), height.ceil()),
        stroke: palette::CLAIM_BORDER,
        fill: palette::CLAIM_FILL,
        stroke_width: 1.2,
        dashed: false,
        note: false,
    }
}

/// Draws the scene as SVG.
pub(crate) fn svg(
    map: &Map,
    scene: &Scene<'_>,
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    Ok(draw(map, scene, &lay_out(scene, options)?, options))
}

/// An edge's id, class, tooltip, stance, change mark and whether it is a thin evidence link.
pub(crate) type EdgeInfo = (String, String, String, Stance, Option<Mark>, bool);

/// The scene laid out: the boxes, the edges' looks and the layout. The legend is not part of
/// it (it only moves the drawing down), so one layout serves a drawing with the legend and one
/// without (`claimgraph build`'s map.svg and page).
pub(crate) struct LaidOut {
    /// The boxes: the scene's nodes, then its notes.
    pub(crate) boxes: Vec<Boxed>,
    /// The edges' looks, in the order of `laid.routes`.
    pub(crate) edge_info: Vec<EdgeInfo>,
    /// The boxes each edge joins (from, to), in the same order.
    pub(crate) ends: Vec<(usize, usize)>,
    pub(crate) laid: layout::Layout,
    /// The clusters of the clustered layout (big maps); empty for the layered layout.
    pub(crate) clusters: Vec<cluster::Cluster>,
}

/// Sizes the boxes and lays the scene out.
pub(crate) fn lay_out(scene: &Scene<'_>, options: &RenderOptions) -> Result<LaidOut, RenderError> {
    let mut boxes: Vec<Boxed> = Vec::with_capacity(scene.nodes.len() + scene.notes.len());
    for n in &scene.nodes {
        let mut b = boxed(
            n.id.clone(),
            format!("node {}", n.class()),
            n.tooltip(),
            &n.lines,
            &n.small,
            (FONT_SIZE, LINE),
            false,
        );
        let (stroke, fill, width, dashed) = claim_style(n.contested, n.error.is_some(), n.mark);
        (b.stroke, b.fill, b.stroke_width, b.dashed) = (stroke, fill, width, dashed);
        boxes.push(b);
    }
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut edge_info: Vec<EdgeInfo> = Vec::new();
    for note in &scene.notes {
        let mut b = boxed(
            note.id.clone(),
            format!("node evidence {}", note.stance.as_str()),
            note.tooltip.clone(),
            &note.lines,
            &note.small,
            (NOTE_SIZE, NOTE_LINE),
            true,
        );
        b.stroke = super::dot::note_colour(note.stance);
        b.fill = palette::NOTE_FILL;
        b.stroke_width = 0.8;
        b.note = true;
        edges.push((boxes.len(), note.node));
        let mark = scene.nodes.get(note.node).and_then(|n| n.mark);
        edge_info.push((
            note.edge_id.clone(),
            format!("edge evidence-link {}", note.stance.as_str()),
            note.tooltip.clone(),
            note.stance,
            mark,
            true,
        ));
        boxes.push(b);
    }
    for link in &scene.links {
        edges.push((link.from, link.to));
        let tooltip = match (scene.nodes.get(link.from), scene.nodes.get(link.to)) {
            (Some(a), Some(b)) => format!(
                "{} {} {}",
                a.claim.id.value,
                link.kind.as_str(),
                b.claim.id.value
            ),
            _ => String::new(),
        };
        edge_info.push((
            link.id.clone(),
            link.class(),
            tooltip,
            Stance::from(link.kind),
            link.mark,
            false,
        ));
    }
    let sizes: Vec<(f64, f64)> = boxes.iter().map(|b| b.size).collect();
    let (laid, clusters) = arrange(&sizes, &edges, options.rankdir)?;
    Ok(LaidOut {
        boxes,
        edge_info,
        ends: edges,
        laid,
        clusters,
    })
}

/// The clusters of a laid-out scene, as the canvas reads them (none from the layered layout).
pub(crate) fn cluster_frames(laid: &LaidOut) -> Vec<super::canvas::ClusterFrame<'_>> {
    laid.clusters
        .iter()
        .map(|c| super::canvas::ClusterFrame {
            members: &c.members,
            x: c.x,
            y: c.y,
            w: c.w,
            h: c.h,
        })
        .collect()
}

/// The layered layout for ordinary maps; the clustered one for big maps, and for a map whose
/// long edges would take the layered layout past its point budget.
fn arrange(
    sizes: &[(f64, f64)],
    edges: &[(usize, usize)],
    rankdir: super::RankDir,
) -> Result<(layout::Layout, Vec<cluster::Cluster>), RenderError> {
    if cluster::wants_clusters(sizes.len(), edges.len()) {
        return cluster::layout(sizes, edges, rankdir);
    }
    match layout::layout(sizes, edges, rankdir) {
        Ok(laid) => Ok((laid, Vec::new())),
        Err(RenderError::TooLarge { .. }) => cluster::layout(sizes, edges, rankdir),
        Err(e) => Err(e),
    }
}

/// Draws a laid-out scene, with the legend when the options ask for it.
pub(crate) fn draw(
    map: &Map,
    scene: &Scene<'_>,
    laid_out: &LaidOut,
    options: &RenderOptions,
) -> Rendered {
    let LaidOut {
        boxes,
        edge_info,
        laid,
        clusters,
        ..
    } = laid_out;
    let mut warnings = Vec::new();
    if options.group_by != GroupBy::None {
        warnings.push(
            "the builtin engine does not draw --group-by clusters; use --engine graphviz"
                .to_string(),
        );
    }
    let legend = if options.legend {
        legend(scene, options)
    } else {
        (String::new(), 0.0, 0.0)
    };
    let top = MARGIN + if legend.2 > 0.0 { legend.2 + 16.0 } else { 0.0 };
    let width = (laid.width + 2.0 * MARGIN)
        .max(legend.1 + 2.0 * MARGIN)
        .ceil();
    let height = (laid.height + top + MARGIN).ceil();
    let offset = |p: Point| Point {
        x: p.x + MARGIN,
        y: p.y + top,
    };

    let mut out = String::with_capacity(boxes.len() * 600 + edge_info.len() * 300);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\">",
        w = num(width),
        h = num(height)
    );
    if let Some(title) = &map.title {
        let _ = writeln!(out, "<title>{}</title>", text::xml(&text::clean(title)));
    }
    let _ = writeln!(
        out,
        "<g id=\"graph0\" class=\"graph\"><rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>",
        num(width),
        num(height)
    );
    for c in clusters {
        let corner = offset(Point { x: c.x, y: c.y });
        // Faint, behind everything: the frames group the claims without competing with them.
        let _ = writeln!(
            out,
            "<rect class=\"cluster\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.8\"><title>a cluster of {} boxes</title></rect>",
            num(corner.x),
            num(corner.y),
            num(c.w),
            num(c.h),
            palette::GROUP_FILL,
            palette::GROUP_BORDER,
            c.members.len()
        );
    }
    for ((id, class, tooltip, kind, mark, thin), route) in edge_info.iter().zip(&laid.routes) {
        if route.segments.is_empty() {
            continue;
        }
        let (color, dashed, pen) = super::dot::note_style(*kind, *mark);
        let pen = if *thin { 0.9 } else { pen };
        let _ = write!(
            out,
            "<g id=\"{}\" class=\"{}\"><title>{}</title><path d=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\"{}/>",
            text::xml(id),
            text::xml(class),
            text::xml(tooltip),
            path(route, &offset),
            num(pen),
            if dashed {
                " stroke-dasharray=\"5,3\""
            } else {
                ""
            }
        );
        out.push_str(&arrowhead(
            route,
            &offset,
            // A reporting passage's link ends in the supports arrow, in its own grey.
            kind.edge().unwrap_or(EdgeKind::Supports),
            color,
            if *thin { 0.7 } else { 1.0 },
        ));
        out.push_str("</g>\n");
    }
    for (b, centre) in boxes.iter().zip(&laid.centres) {
        let c = offset(*centre);
        draw_box(&mut out, b, c);
    }
    out.push_str("</g>\n");
    if options.legend {
        let _ = writeln!(
            out,
            "<g id=\"legend\" class=\"legend\" transform=\"translate({} {})\">{}</g>",
            num(MARGIN),
            num(MARGIN),
            legend.0
        );
    }
    out.push_str("</svg>\n");
    Rendered {
        output: out,
        warnings,
        engine: Some(super::Engine::Builtin),
    }
}

fn draw_box(out: &mut String, b: &Boxed, c: Point) {
    let (w, h) = b.size;
    let (x, y) = (c.x - w / 2.0, c.y - h / 2.0);
    let _ = write!(
        out,
        "<g id=\"{}\" class=\"{}\"><title>{}</title>",
        text::xml(&b.id),
        text::xml(&b.class),
        text::xml(&b.tooltip)
    );
    let dash = if b.dashed {
        " stroke-dasharray=\"5,3\""
    } else {
        ""
    };
    if b.note {
        // A note: a rectangle with its top right corner folded.
        let f = 8.0;
        let _ = write!(
            out,
            "<path d=\"M{} {}H{}L{} {}V{}H{}Z\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/><path d=\"M{} {}V{}H{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
            num(x),
            num(y),
            num(x + w - f),
            num(x + w),
            num(y + f),
            num(y + h),
            num(x),
            b.fill,
            b.stroke,
            num(b.stroke_width),
            num(x + w - f),
            num(y),
            num(y + f),
            num(x + w),
            b.stroke,
            num(b.stroke_width)
        );
    } else {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"7\" ry=\"7\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
            num(x),
            num(y),
            num(w),
            num(h),
            b.fill,
            b.stroke,
            num(b.stroke_width)
        );
    }
    let mut baseline = y + PAD_Y;
    for (line, size, height, color, italic) in &b.lines {
        baseline += height;
        // Baseline sits a quarter of the line height above the line's bottom.
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{color}\"{}>{}</text>",
            num(c.x),
            num(baseline - height * 0.25),
            num(*size),
            if *italic {
                " font-style=\"italic\""
            } else {
                ""
            },
            text::xml(line)
        );
    }
    out.push_str("</g>\n");
}

fn num(value: f64) -> String {
    let text = format!("{value:.1}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

fn path(route: &Route, offset: &impl Fn(Point) -> Point) -> String {
    let s = offset(route.start);
    let mut d = format!("M{} {}", num(s.x), num(s.y));
    for &(c1, c2, end) in &route.segments {
        let (c1, c2, end) = (offset(c1), offset(c2), offset(end));
        if c1 == end && c2 == end {
            let _ = write!(d, "L{} {}", num(end.x), num(end.y));
        } else {
            let _ = write!(
                d,
                "C{} {} {} {} {} {}",
                num(c1.x),
                num(c1.y),
                num(c2.x),
                num(c2.y),
                num(end.x),
                num(end.y)
            );
        }
    }
    d
}

/// A filled triangle (supports) or a bar (contradicts) at the end of the route.
fn arrowhead(
    route: &Route,
    offset: &impl Fn(Point) -> Point,
    kind: EdgeKind,
    color: &str,
    scale: f64,
) -> String {
    let tip = offset(route.end());
    let (dx, dy) = route.arrival();
    let (px, py) = (-dy, dx);
    match kind {
        EdgeKind::Supports => {
            let (len, half) = (9.0 * scale, 4.5 * scale);
            let base = (tip.x - dx * len, tip.y - dy * len);
            format!(
                "<polygon points=\"{},{} {},{} {},{}\" fill=\"{color}\" stroke=\"{color}\" stroke-width=\"1\"/>",
                num(tip.x),
                num(tip.y),
                num(base.0 + px * half),
                num(base.1 + py * half),
                num(base.0 - px * half),
                num(base.1 - py * half)
            )
        }
        EdgeKind::Contradicts => {
            let half = 6.0 * scale;
            let at = (tip.x - dx * 2.0, tip.y - dy * 2.0);
            format!(
                "<path d=\"M{} {}L{} {}\" stroke=\"{color}\" stroke-width=\"{}\"/>",
                num(at.0 + px * half),
                num(at.1 + py * half),
                num(at.0 - px * half),
                num(at.1 - py * half),
                num(2.2 * scale)
            )
        }
    }
}

/// The legend as SVG (relative to its top left corner), its width and height.
fn legend(scene: &Scene<'_>, options: &RenderOptions) -> (String, f64, f64) {
    let mut out = String::new();
    let mut x = 10.0;
    let h = 34.0;
    let y = h / 2.0;
    let label = |out: &mut String, x: f64, text: &str| -> f64 {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"{}\">{}</text>",
            num(x),
            num(y + 3.5),
            palette::TEXT,
            text::xml(text)
        );
        x + text_width(text, 10.0) + 18.0
    };
    let swatch = |out: &mut String, x: f64, stroke: &str, fill: &str, dashed: bool| -> f64 {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"14\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{}/>",
            num(x),
            num(y - 7.0),
            if dashed {
                " stroke-dasharray=\"4,2\""
            } else {
                ""
            }
        );
        x + 28.0
    };
    x = label(&mut out, x, "Legend:") - 8.0;
    for kind in [EdgeKind::Supports, EdgeKind::Contradicts] {
        let (color, dashed, pen) = edge_style(kind, None);
        let route = Route {
            start: Point { x, y },
            segments: vec![(
                Point { x: x + 30.0, y },
                Point { x: x + 30.0, y },
                Point { x: x + 30.0, y },
            )],
        };
        let _ = write!(
            out,
            "<path d=\"M{} {}H{}\" stroke=\"{color}\" stroke-width=\"{}\"{}/>",
            num(x),
            num(y),
            num(x + 30.0),
            num(pen),
            if dashed {
                " stroke-dasharray=\"5,3\""
            } else {
                ""
            }
        );
        out.push_str(&arrowhead(&route, &|p| p, kind, color, 1.0));
        let word = match kind {
            EdgeKind::Supports => legend_words::SUPPORTS,
            EdgeKind::Contradicts => legend_words::CONTRADICTS,
        };
        x = label(&mut out, x + 36.0, word);
    }
    if options.overlay.is_some() {
        for mark in [Mark::Added, Mark::Removed, Mark::Changed, Mark::Unchanged] {
            let (stroke, fill, _, dashed) = claim_style(false, false, Some(mark));
            x = swatch(&mut out, x, stroke, fill, dashed);
            x = label(&mut out, x, mark.as_str());
        }
    } else {
        if scene.any_contested {
            x = swatch(
                &mut out,
                x,
                palette::CONTESTED_BORDER,
                palette::CONTESTED_FILL,
                false,
            );
            x = label(&mut out, x, legend_words::CONTESTED);
        }
        if scene.any_error {
            x = swatch(
                &mut out,
                x,
                palette::ERROR_BORDER,
                palette::ERROR_FILL,
                true,
            );
            x = label(&mut out, x, legend_words::ERROR);
        }
    }
    if options.evidence == EvidenceMode::Show {
        x = swatch(&mut out, x, palette::NOTE_BORDER, palette::NOTE_FILL, false);
        x = label(&mut out, x, legend_words::PASSAGE);
    }
    let frame = format!(
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"white\" stroke=\"{}\"/>",
        num(x),
        num(h),
        palette::GROUP_BORDER
    );
    (frame + &out, x, h)
}
