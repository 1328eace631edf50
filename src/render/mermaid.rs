//! Mermaid `flowchart`: GitHub and GitLab draw it inline in Markdown, so a map can live in a
//! README or a pull request.
//!
//! Mermaid node ids allow fewer characters than ours, so `-` becomes `__` (escapes from
//! [`super::dom_id`] are `_` plus two hex digits, so the mapping stays one-to-one). Labels use
//! Mermaid's `#…;` entity codes for characters that would end a label.

use std::fmt::Write as _;

use super::dot::{claim_style, edge_style, palette};
use super::scene::Scene;
use super::{Mark, RenderError, RenderOptions, text};
use crate::diagnostic::Diagnostic;
use crate::model::{EdgeKind, Map};

fn mermaid_id(element_id: &str) -> String {
    element_id.replace('-', "__")
}

/// Escapes a label for a quoted Mermaid node label.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text::clean(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

/// The Mermaid source.
pub fn mermaid(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<String, RenderError> {
    let scene = Scene::new(map, diagnostics, options)?;
    let mut out = String::new();
    let _ = writeln!(out, "flowchart {}", options.rankdir.as_str());
    let mut classes: Vec<(&str, String)> = Vec::new();
    let mut node_line = |out: &mut String, indent: &str, i: usize| {
        let Some(n) = scene.nodes.get(i) else { return };
        let text = n
            .lines
            .iter()
            .map(|l| label(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        let _ = writeln!(
            out,
            "{indent}{}(\"{text}<br/><small>{}</small>\")",
            mermaid_id(&n.id),
            label(&n.small)
        );
        let class = match (n.mark, n.error.is_some(), n.contested) {
            (Some(mark), _, _) => mark.as_str(),
            (None, true, _) => "error",
            (None, false, true) => "contested",
            (None, false, false) => "claim",
        };
        classes.push((class, mermaid_id(&n.id)));
    };
    for i in (0..scene.nodes.len()).filter(|&i| scene.nodes[i].group.is_none()) {
        node_line(&mut out, "  ", i);
    }
    for (g, group) in scene.groups.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            mermaid_id(&group.id),
            label(&group.label)
        );
        for i in (0..scene.nodes.len()).filter(|&i| scene.nodes[i].group == Some(g)) {
            node_line(&mut out, "    ", i);
        }
        let _ = writeln!(out, "  end");
    }
    for note in &scene.notes {
        let _ = writeln!(
            out,
            "  {}>\"{}<br/><small>{}</small>\"]",
            mermaid_id(&note.id),
            note.lines
                .iter()
                .map(|l| label(l))
                .collect::<Vec<_>>()
                .join("<br/>"),
            label(&note.small)
        );
        classes.push(("evidence", mermaid_id(&note.id)));
    }
    // Links are numbered in order of appearance; linkStyle refers to them by number.
    let mut link_styles: Vec<(usize, &'static str, bool)> = Vec::new();
    let mut count = 0;
    for note in &scene.notes {
        let Some(claim) = scene.nodes.get(note.node) else {
            continue;
        };
        let arrow = match note.stance {
            EdgeKind::Supports => "-->",
            EdgeKind::Contradicts => "-.-x",
        };
        let _ = writeln!(
            out,
            "  {} {arrow} {}",
            mermaid_id(&note.id),
            mermaid_id(&claim.id)
        );
        let (color, dashed, _) = edge_style(note.stance, claim.mark);
        link_styles.push((count, color, dashed));
        count += 1;
    }
    for link in &scene.links {
        let (Some(from), Some(to)) = (scene.nodes.get(link.from), scene.nodes.get(link.to)) else {
            continue;
        };
        let arrow = match (link.kind, link.mark) {
            (_, Some(Mark::Removed)) | (EdgeKind::Contradicts, _) => match link.kind {
                EdgeKind::Supports => "-.->",
                EdgeKind::Contradicts => "-.-x",
            },
            (EdgeKind::Supports, _) => "-->",
        };
        let _ = writeln!(
            out,
            "  {} {arrow} {}",
            mermaid_id(&from.id),
            mermaid_id(&to.id)
        );
        let (color, dashed, _) = edge_style(link.kind, link.mark);
        link_styles.push((count, color, dashed));
        count += 1;
    }
    let defs: [(&str, bool, bool, Option<Mark>); 8] = [
        ("claim", false, false, None),
        ("contested", true, false, None),
        ("error", false, true, None),
        ("added", false, false, Some(Mark::Added)),
        ("removed", false, false, Some(Mark::Removed)),
        ("changed", false, false, Some(Mark::Changed)),
        ("unchanged", false, false, Some(Mark::Unchanged)),
        ("evidence", false, false, None),
    ];
    for (name, contested, error, mark) in defs {
        if !classes.iter().any(|(c, _)| *c == name) {
            continue;
        }
        let (stroke, fill, width, dashed) = if name == "evidence" {
            (palette::NOTE_BORDER, palette::NOTE_FILL, 1.0, false)
        } else {
            claim_style(contested, error, mark)
        };
        let dash = if dashed { ",stroke-dasharray:5 3" } else { "" };
        let _ = writeln!(
            out,
            "  classDef {name} fill:{fill},stroke:{stroke},stroke-width:{width}px,color:{}{dash}",
            palette::TEXT
        );
        let members: Vec<&str> = classes
            .iter()
            .filter(|(c, _)| *c == name)
            .map(|(_, id)| id.as_str())
            .collect();
        for chunk in members.chunks(40) {
            let _ = writeln!(out, "  class {} {name}", chunk.join(","));
        }
    }
    for (n, color, dashed) in link_styles {
        let dash = if dashed { ",stroke-dasharray:5 3" } else { "" };
        let _ = writeln!(
            out,
            "  linkStyle {n} stroke:{color},stroke-width:1.6px{dash}"
        );
    }
    Ok(out)
}
