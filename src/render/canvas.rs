//! The drawing of a big map for the HTML page's canvas: the builtin layout's boxes, routes and
//! clusters as one compact JSON document, instead of one SVG element per node and edge.
//!
//! Past a few hundred claims an SVG in the page costs the browser a DOM node per part: a 5k map
//! made a 19 MB page that took seconds per click. The page's script draws this document on a
//! `<canvas>` with level of detail instead (clusters when far, boxes without text in between,
//! text where it is legible) and finds what is under the pointer in a grid. Everything is plain
//! data: texts travel as JSON strings (escaped by the page's `script_json`, written on the
//! canvas with `fillText`), colours come from the fixed palette, never from the map.
//!
//! The format (version 1), all coordinates in the drawing's units, y down:
//! ```text
//! { "v": 1, "w": W, "h": H,
//!   "text": { "claim": [size, line], "small": [size, line], "note": [size, line], "pad": [x, y] },
//!   "styles": [[stroke, fill, stroke width, dashed 0|1, note 0|1], ...],
//!   "edgeStyles": [[colour, width, dashed 0|1, head "s"|"c"|"r"], ...],
//!   "boxes": [[claim index, evidence index or -1, centre x, centre y, w, h, style, [line, ...], small], ...],
//!   "edges": [[from box, to box, edge style, [x0, y0, c1x, c1y, c2x, c2y, x1, y1, ...]], ...],
//!   "clusters": [[x, y, w, h, label, [box, ...]], ...] }
//! ```
//! `claim index` is the claim's place in the page data's `claims` (the map's order).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::builtin::{self, LaidOut};
use super::dot::note_style;
use super::scene::Scene;
use crate::model::{EdgeKind, Map, Stance};

/// A cluster's frame and members (indices into the scene's boxes: claims, then notes).
#[derive(Clone, Debug)]
pub(crate) struct ClusterFrame<'a> {
    pub members: &'a [usize],
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Margin around the drawing, as the SVG's.
const MARGIN: f64 = 20.0;
/// Characters of a cluster's label drawn from a claim's text.
const LABEL_CHARS: usize = 48;

/// The laid-out scene as the canvas document (see the module's documentation).
pub(crate) fn scene_json(
    map: &Map,
    scene: &Scene<'_>,
    laid: &LaidOut,
    clusters: &[ClusterFrame<'_>],
) -> String {
    let index: HashMap<*const crate::model::Claim, usize> = map
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c as *const _, i))
        .collect();
    let mut out = String::with_capacity(scene.nodes.len() * 260 + scene.links.len() * 60);
    let (width, height) = (
        laid.laid.width + 2.0 * MARGIN,
        laid.laid.height + 2.0 * MARGIN,
    );
    out.push_str("{\"v\":1,\"w\":");
    num(&mut out, width.ceil());
    out.push_str(",\"h\":");
    num(&mut out, height.ceil());
    let _ = write!(
        out,
        ",\"text\":{{\"claim\":[{},{}],\"small\":[{},{}],\"note\":[{},{}],\"pad\":[{},{}]}}",
        builtin::FONT_SIZE,
        builtin::LINE,
        builtin::SMALL_SIZE,
        builtin::SMALL_LINE,
        builtin::NOTE_SIZE,
        builtin::NOTE_LINE,
        builtin::PAD_X,
        builtin::PAD_Y
    );
    let styles = box_styles(&mut out, laid);
    let edge_styles = edge_styles(&mut out, laid);
    boxes(&mut out, scene, laid, &index, &styles);
    edges(&mut out, laid, &edge_styles);
    cluster_list(&mut out, map, scene, clusters);
    out.push('}');
    out
}

/// Key of a box style: stroke, fill, width in tenths, dashed, note.
type BoxStyle = (&'static str, &'static str, i64, bool, bool);
/// Key of an edge style: colour, width in tenths, dashed, head.
type EdgeStyle = (&'static str, i64, bool, &'static str);

fn box_style(b: &builtin::Boxed) -> BoxStyle {
    (
        b.stroke,
        b.fill,
        (b.stroke_width * 10.0).round() as i64,
        b.dashed,
        b.note,
    )
}

fn box_styles(out: &mut String, laid: &LaidOut) -> HashMap<BoxStyle, usize> {
    let mut styles: HashMap<BoxStyle, usize> = HashMap::new();
    let mut order: Vec<BoxStyle> = Vec::new();
    for b in &laid.boxes {
        let key = box_style(b);
        styles.entry(key).or_insert_with(|| {
            order.push(key);
            order.len() - 1
        });
    }
    out.push_str(",\"styles\":[");
    for (i, (stroke, fill, width, dashed, note)) in order.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "[\"{stroke}\",\"{fill}\",{},{},{}]",
            *width as f64 / 10.0,
            u8::from(*dashed),
            u8::from(*note)
        );
    }
    out.push(']');
    styles
}

/// An edge's look: its colour, pen, dashes and head, as the SVG draws it.
fn edge_look(kind: Stance, mark: Option<super::Mark>, thin: bool) -> EdgeStyle {
    let (colour, dashed, pen) = note_style(kind, mark);
    let pen = if thin { 0.9 } else { pen };
    let head = match kind.edge() {
        Some(EdgeKind::Contradicts) => "c",
        Some(EdgeKind::Supports) => "s",
        None => "r",
    };
    (colour, (pen * 10.0).round() as i64, dashed, head)
}

fn edge_styles(out: &mut String, laid: &LaidOut) -> HashMap<EdgeStyle, usize> {
    let mut styles: HashMap<EdgeStyle, usize> = HashMap::new();
    let mut order: Vec<EdgeStyle> = Vec::new();
    for (_, _, _, kind, mark, thin) in &laid.edge_info {
        let key = edge_look(*kind, *mark, *thin);
        styles.entry(key).or_insert_with(|| {
            order.push(key);
            order.len() - 1
        });
    }
    out.push_str(",\"edgeStyles\":[");
    for (i, (colour, width, dashed, head)) in order.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "[\"{colour}\",{},{},\"{head}\"]",
            *width as f64 / 10.0,
            u8::from(*dashed)
        );
    }
    out.push(']');
    styles
}

fn boxes(
    out: &mut String,
    scene: &Scene<'_>,
    laid: &LaidOut,
    index: &HashMap<*const crate::model::Claim, usize>,
    styles: &HashMap<BoxStyle, usize>,
) {
    out.push_str(",\"boxes\":[");
    for (i, (b, centre)) in laid.boxes.iter().zip(&laid.laid.centres).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (claim, evidence, body, small) = match i.checked_sub(scene.nodes.len()) {
            None => {
                let node = &scene.nodes[i];
                let claim = index.get(&(node.claim as *const _)).copied();
                (claim, None, &node.lines, node.small.as_str())
            }
            Some(k) => {
                let note = &scene.notes[k];
                let claim = scene
                    .nodes
                    .get(note.node)
                    .and_then(|n| index.get(&(n.claim as *const _)).copied());
                (claim, Some(note.evidence), &note.lines, note.small.as_str())
            }
        };
        let key = box_style(b);
        let _ = write!(
            out,
            "[{},{},",
            claim.map_or(-1, |c| c as i64),
            evidence.map_or(-1, |e: usize| e as i64)
        );
        num(out, centre.x + MARGIN);
        out.push(',');
        num(out, centre.y + MARGIN);
        let _ = write!(
            out,
            ",{},{},{},[",
            b.size.0,
            b.size.1,
            styles.get(&key).copied().unwrap_or(0)
        );
        for (k, line) in body.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            json_string(out, line);
        }
        out.push_str("],");
        json_string(out, small);
        out.push(']');
    }
    out.push(']');
}

fn edges(out: &mut String, laid: &LaidOut, styles: &HashMap<EdgeStyle, usize>) {
    out.push_str(",\"edges\":[");
    let mut first = true;
    for ((&(from, to), info), route) in laid.ends.iter().zip(&laid.edge_info).zip(&laid.laid.routes)
    {
        if route.segments.is_empty() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        let (_, _, _, kind, mark, thin) = info;
        let style = styles
            .get(&edge_look(*kind, *mark, *thin))
            .copied()
            .unwrap_or(0);
        let _ = write!(out, "[{from},{to},{style},[");
        num(out, route.start.x + MARGIN);
        out.push(',');
        num(out, route.start.y + MARGIN);
        for (c1, c2, end) in &route.segments {
            for p in [c1, c2, end] {
                out.push(',');
                num(out, p.x + MARGIN);
                out.push(',');
                num(out, p.y + MARGIN);
            }
        }
        out.push_str("]]");
    }
    out.push(']');
}

fn cluster_list(out: &mut String, map: &Map, scene: &Scene<'_>, clusters: &[ClusterFrame<'_>]) {
    out.push_str(",\"clusters\":[");
    for (i, c) in clusters.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (k, v) in [c.x + MARGIN, c.y + MARGIN, c.w, c.h]
            .into_iter()
            .enumerate()
        {
            if k > 0 {
                out.push(',');
            }
            num(out, v);
        }
        out.push(',');
        json_string(out, &cluster_label(map, scene, c.members));
        out.push_str(",[");
        for (k, m) in c.members.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let _ = write!(out, "{m}");
        }
        out.push_str("]]");
    }
    out.push(']');
}

/// What a cluster is about: its most common tag when most of its claims share it, else the text
/// of its most connected claim, shortened.
fn cluster_label(map: &Map, scene: &Scene<'_>, members: &[usize]) -> String {
    // A note stands for its claim, so a cluster of evidence notes is named after their claims.
    let claims: Vec<&crate::model::Claim> = members
        .iter()
        .filter_map(|&m| {
            let node = match m.checked_sub(scene.nodes.len()) {
                None => m,
                Some(k) => scene.notes.get(k)?.node,
            };
            scene.nodes.get(node).map(|n| n.claim)
        })
        .collect();
    let mut tags: HashMap<&str, usize> = HashMap::new();
    for claim in &claims {
        for tag in &claim.tags {
            *tags.entry(tag.value.as_str()).or_default() += 1;
        }
    }
    let mut best: Vec<(&str, usize)> = tags.into_iter().collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let degree = |c: &crate::model::Claim| c.supports.len() + c.contradicts.len();
    let hub = claims
        .iter()
        .max_by(|a, b| degree(a).cmp(&degree(b)).then(b.id.value.cmp(&a.id.value)));
    let text = hub.map(|c| shorten(&super::text::clean(&c.text.value)));
    match (best.first(), text) {
        (Some(&(tag, n)), _) if n * 2 > claims.len() && map.claims.len() > 1 => {
            format!("#{tag}")
        }
        (_, Some(text)) => text,
        (Some(&(tag, _)), None) => format!("#{tag}"),
        (None, None) => String::new(),
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > LABEL_CHARS / 2 => cut.get(..at).unwrap_or(&cut),
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// A coordinate with at most one decimal, written without allocating.
fn num(out: &mut String, value: f64) {
    let tenths = (value * 10.0).round();
    if !tenths.is_finite() {
        out.push('0');
        return;
    }
    let tenths = tenths as i64;
    if tenths < 0 {
        out.push('-');
    }
    let t = tenths.unsigned_abs();
    let _ = write!(out, "{}", t / 10);
    if !t.is_multiple_of(10) {
        let _ = write!(out, ".{}", t % 10);
    }
}

/// A JSON string. The page embeds the whole document through `script_json`'s escaping of
/// `<`, `>`, `&` and the line separators, so this only needs JSON's own escapes.
fn json_string(out: &mut String, text: &str) {
    // serde_json's escaping, for one string, straight into the buffer.
    match serde_json::to_string(text) {
        Ok(s) => out.push_str(&s),
        Err(_) => out.push_str("\"\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_one_decimal_and_never_print_minus_zero() {
        let mut s = String::new();
        for v in [0.0, -0.04, 1.25, -3.5, 12.0, f64::NAN] {
            num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0 0 1.3 -3.5 12 0 ");
    }

    #[test]
    fn a_long_label_is_cut_at_a_word() {
        let label = shorten(&"word ".repeat(30));
        assert!(label.ends_with('…'));
        assert!(label.chars().count() <= LABEL_CHARS);
    }
}
