//! Mermaid `flowchart`: GitHub and GitLab draw it inline in Markdown, so a map can live in a
//! README or a pull request.
//!
//! Mermaid node ids allow fewer characters than ours, so `-` becomes `__` (escapes from
//! [`super::dom_id`] are `_` plus two hex digits, so the mapping stays one-to-one). Every id is
//! prefixed (`claim__`, `evidence__`, `group__`), so no claim id can be a Mermaid keyword
//! (`end`, `graph`, `style`, `click`…).
//!
//! Labels use Mermaid's `#…;` entity codes, and not only for characters that would end a quoted
//! label: before its grammar sees the source, mermaid runs regular expressions over the whole
//! text, quotes or not (mermaid 11: `preprocess.ts`, `utils.ts`'s `encodeEntities`), so label
//! text must not look like what they match. [`label`] says which and why;
//! `tests/e2e/mermaid.mjs` renders hostile labels with the real mermaid to prove it.
//!
//! Mermaid also has limits a page embedding it sets once (`maxEdges`, `maxTextSize`) and a
//! diagram cannot raise; a flowchart over them is not drawn, so [`mermaid`] warns.

use std::fmt::Write as _;

use super::dot::{claim_style, edge_style, palette};
use super::scene::Scene;
use super::{Mark, RenderError, RenderOptions, Rendered, text};
use crate::diagnostic::Diagnostic;
use crate::model::{EdgeKind, Map, Stance};

fn mermaid_id(element_id: &str) -> String {
    element_id.replace('-', "__")
}

/// Mermaid 11's default `maxEdges`: parsing a flowchart with more edges fails ("Edge limit
/// exceeded"), and nothing is drawn.
pub(crate) const MAX_EDGES: usize = 500;
/// Mermaid 11's default `maxTextSize`, in UTF-16 code units: a longer source is drawn as a
/// "Maximum text size in diagram exceeded" box instead of the diagram.
pub(crate) const MAX_TEXT_SIZE: usize = 50_000;

/// Escapes one line of a quoted Mermaid label (lines are joined with `<br/>` afterwards, so an
/// escape is never split by wrapping).
///
/// Besides what ends a quoted label (`"`) or is markup (`<`, `>`, `&`, backticks for Markdown
/// strings), these reach mermaid's whole-text regular expressions and are escaped too:
/// - `#`: `#word;` anywhere is an entity code to mermaid, so a literal `#gt;` would show as `>`;
/// - `%`: `%%{…}%%` anywhere is a directive, cut from the text and applied as configuration
///   (an unclosed one cuts everything after it), and a line starting `%%` is a comment;
/// - `:` unless a space follows: on a line where `style` or `classDef` (the keywords, or in an
///   id or a label) is followed by `:`, non-spaces and `#`, mermaid drops the line's last `;` (to
///   keep `style x fill:#f00;` working), which breaks the entity before it: with `<br/>` in
///   place of the space a line ended on, `style:` then `#gt;` showed `#gt` literally;
/// - `\n`, `ﬂ°` and `¶ß` get an empty `<span></span>` between their two characters, as no escape
///   helps there: mermaid decodes entity codes before it turns `\n` into a line break (`C:\new`
///   showed `C:` over `ew`), and it keeps entity codes as `ﬂ°…¶ß` while rendering, then turns
///   every such sequence in its SVG back into `&…;` (literal `ﬂ°amp¶ß` showed `&`).
fn label(text: &str) -> String {
    let text = text::clean(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '%' => out.push_str("#37;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            ':' if chars.peek() != Some(&' ') => out.push_str("#58;"),
            c => {
                out.push(c);
                if chars.peek().is_some_and(|&next| mermaid_pair(c, next)) {
                    out.push_str("<span></span>");
                }
            }
        }
    }
    out
}

/// Whether `c` then `next` is a sequence mermaid rewrites inside a label (see [`label`]).
fn mermaid_pair(c: char, next: char) -> bool {
    matches!((c, next), ('\\', 'n') | ('\u{FB02}', '°') | ('¶', 'ß'))
}

/// A warning when mermaid will not draw `source` (of `edges` edges): one, naming every limit
/// it is over, with one help line.
fn limit_warning(source: &str, edges: usize) -> Option<String> {
    let size = source.encode_utf16().count();
    let mut over = Vec::new();
    if edges > MAX_EDGES {
        over.push(format!(
            "{edges} edges, over its limit of {MAX_EDGES} (it refuses the whole diagram: \
             \"edge limit exceeded\")"
        ));
    }
    if size > MAX_TEXT_SIZE {
        over.push(format!(
            "{size} characters, over its limit of {MAX_TEXT_SIZE} (it draws \"maximum text \
             size in diagram exceeded\" instead)"
        ));
    }
    if over.is_empty() {
        return None;
    }
    Some(format!(
        "mermaid will not draw this flowchart: {}; a page embedding mermaid can raise its \
         maxEdges and maxTextSize, a diagram cannot\n  help: draw part of the map \
         (`claimgraph render --format mermaid --focus ID --depth N`, or `--tag TAG`), or use \
         --format svg or html",
        over.join(", and ")
    ))
}

/// The Mermaid source, with a warning for each of mermaid's limits it is over.
pub fn mermaid(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
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
            Stance::Supports => "-->",
            Stance::Contradicts => "-.-x",
            Stance::Reports => "-.-o",
        };
        let _ = writeln!(
            out,
            "  {} {arrow} {}",
            mermaid_id(&note.id),
            mermaid_id(&claim.id)
        );
        let (color, dashed, _) = super::dot::note_style(note.stance, claim.mark);
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
    Ok(Rendered {
        warnings: limit_warning(&out, count).into_iter().collect(),
        output: out,
        engine: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_escapes_what_mermaid_rewrites() {
        assert_eq!(
            label("%%{init: {'theme':'dark'}}%%"),
            "#37;#37;{init: {'theme'#58;'dark'}}#37;#37;"
        );
        assert_eq!(
            label("a \"b\" #gt; & <i> `c`"),
            "a #quot;b#quot; #35;gt; #amp; #lt;i#gt; #96;c#96;"
        );
        assert_eq!(label("style:"), "style#58;", "a `:` that ends a line");
        assert_eq!(
            label("Note: fine"),
            "Note: fine",
            "a `:` before a space stays"
        );
    }

    #[test]
    fn label_breaks_sequences_no_escape_protects() {
        assert_eq!(label(r"C:\new \x"), r"C#58;\<span></span>new \x");
        assert_eq!(label("ﬂ°x ¶ß ﬂ ¶"), "ﬂ<span></span>°x ¶<span></span>ß ﬂ ¶");
    }

    #[test]
    fn limit_warning_names_the_count_the_limit_and_the_fix() {
        assert_eq!(limit_warning("flowchart BT\n", MAX_EDGES), None);
        let edges = limit_warning("flowchart BT\n", MAX_EDGES + 1).unwrap_or_default();
        assert!(
            edges.starts_with(
                "mermaid will not draw this flowchart: 501 edges, over its limit of 500"
            ),
            "{edges}"
        );
        assert!(
            edges.contains("\n  help: ")
                && edges.contains("--focus ID")
                && edges.contains("--tag TAG")
        );
        // Mermaid counts UTF-16 code units: an emoji is two.
        let size = limit_warning(&"🚲".repeat(25_001), 0).unwrap_or_default();
        assert!(
            size.contains("50002 characters, over its limit of 50000"),
            "{size}"
        );
        assert_eq!(limit_warning(&"a".repeat(MAX_TEXT_SIZE), 0), None);
    }
}
