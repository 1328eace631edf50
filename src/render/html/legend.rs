//! The page's legend: the drawing's visual language as HTML, pinned over the diagram.
//!
//! Inside the drawing the legend pans and zooms with the map, so a large map opened at a
//! legible zoom had it off-screen, and Fit shrank it with everything else. As HTML it stays in
//! view at the page's own type size and wraps on a narrow window. The words are the engines'
//! ([`legend_words`]), the swatches their colours, and it lists only what the drawing has.

use std::fmt::Write as _;

use super::super::dot::{claim_style, edge_style, legend_words, palette};
use super::super::scene::Scene;
use super::super::{EvidenceMode, Mark, RenderOptions};
use crate::model::EdgeKind;

/// The legend's markup: a list of swatches with their words.
pub(crate) fn legend(scene: &Scene<'_>, options: &RenderOptions) -> String {
    let mut out = String::from("<ul id=\"cg-legend\" aria-label=\"Legend\">");
    for (kind, word) in [
        (EdgeKind::Supports, legend_words::SUPPORTS),
        (EdgeKind::Contradicts, legend_words::CONTRADICTS),
    ] {
        item(&mut out, &edge_swatch(kind), word);
    }
    if options.overlay.is_some() {
        for mark in [Mark::Added, Mark::Removed, Mark::Changed, Mark::Unchanged] {
            let (stroke, fill, _, dashed) = claim_style(false, false, Some(mark));
            item(&mut out, &box_swatch(stroke, fill, dashed), mark.as_str());
        }
    } else {
        if scene.any_contested {
            let swatch = box_swatch(palette::CONTESTED_BORDER, palette::CONTESTED_FILL, false);
            item(&mut out, &swatch, legend_words::CONTESTED);
        }
        if scene.any_error {
            let swatch = box_swatch(palette::ERROR_BORDER, palette::ERROR_FILL, true);
            item(&mut out, &swatch, legend_words::ERROR);
        }
    }
    if options.evidence == EvidenceMode::Show {
        let swatch = box_swatch(palette::NOTE_BORDER, palette::NOTE_FILL, false);
        item(&mut out, &swatch, legend_words::PASSAGE);
    }
    out.push_str("</ul>");
    out
}

/// One entry; the swatch is decoration (`aria-hidden`), the word says it all.
fn item(out: &mut String, swatch: &str, word: &str) {
    let _ = write!(out, "<li>{swatch}{word}</li>");
}

/// A short edge of `kind`: a line with its arrowhead (a triangle) or bar (a tee).
fn edge_swatch(kind: EdgeKind) -> String {
    let (color, dashed, pen) = edge_style(kind, None);
    let dash = if dashed {
        " stroke-dasharray=\"5,3\""
    } else {
        ""
    };
    let head = match kind {
        EdgeKind::Supports => format!("<polygon points=\"30,7 22,3 22,11\" fill=\"{color}\"/>"),
        EdgeKind::Contradicts => {
            format!("<path d=\"M29 1V13\" stroke=\"{color}\" stroke-width=\"2.4\"/>")
        }
    };
    format!(
        "<svg class=\"cg-swatch\" width=\"32\" height=\"14\" viewBox=\"0 0 32 14\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M1 7H{}\" stroke=\"{color}\" stroke-width=\"{pen}\"{dash}/>{head}</svg>",
        if kind == EdgeKind::Supports { 23 } else { 28 }
    )
}

/// A small rounded box in a claim's colours.
fn box_swatch(stroke: &str, fill: &str, dashed: bool) -> String {
    let dash = if dashed {
        " stroke-dasharray=\"4,2\""
    } else {
        ""
    };
    format!(
        "<svg class=\"cg-swatch\" width=\"24\" height=\"14\" viewBox=\"0 0 24 14\" aria-hidden=\"true\" focusable=\"false\"><rect x=\"1\" y=\"1\" width=\"22\" height=\"12\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/></svg>"
    )
}
