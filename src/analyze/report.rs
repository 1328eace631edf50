//! The analysis as text (for a terminal), Markdown (for a pull request or a wiki) and JSON
//! (for programs; the fields of [`Analysis`]).

use std::fmt::Write as _;

use super::semantics::{Label, Semantics};
use super::{Analysis, Crux, Question};
use crate::diagnostic::printable;

/// The semantics in a sentence.
fn semantics_phrase(analysis: &Analysis) -> String {
    match analysis.semantics {
        Semantics::Grounded => "grounded semantics".to_string(),
        s => format!(
            "{} semantics, {} extension{}",
            s.as_str(),
            analysis.extensions,
            if analysis.extensions == 1 { "" } else { "s" }
        ),
    }
}

fn count(analysis: &Analysis, label: Label) -> usize {
    analysis.claims.iter().filter(|c| c.label == label).count()
}

fn ids_with(analysis: &Analysis, label: Label) -> Vec<String> {
    analysis
        .claims
        .iter()
        .filter(|c| c.label == label)
        .map(|c| printable(&c.id).into_owned())
        .collect()
}

fn path_words(crux: &Crux) -> String {
    crux.path
        .iter()
        .map(|(from, relation, to)| format!("{} {relation} {}", printable(from), printable(to)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn sources(n: usize) -> String {
    format!("{n} voice{}", if n == 1 { "" } else { "s" })
}

fn questions_heading(analysis: &Analysis) -> &'static str {
    if analysis.questions_by_fallback {
        "questions (conclusions with the most support; choose with --question ID)"
    } else {
        "questions"
    }
}

fn crux_note(q: &Question) -> &'static str {
    if q.complete {
        ""
    } else {
        " (the budget ran out: only the closest claims were tried)"
    }
}

/// The analysis for a terminal.
pub fn text(analysis: &Analysis, map: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{map}: {}, supports read deductively (docs/analyze.md)",
        semantics_phrase(analysis)
    );
    let _ = writeln!(
        out,
        "{} claims: {} in, {} out, {} undecided",
        analysis.claims.len(),
        count(analysis, Label::In),
        count(analysis, Label::Out),
        count(analysis, Label::Undecided)
    );
    if analysis.semantics == Semantics::Stable && analysis.extensions == 0 {
        let _ = writeln!(
            out,
            "no stable extension exists, so every claim is undecided; try --semantics preferred"
        );
    }
    let _ = writeln!(out, "\n{}", questions_heading(analysis));
    if analysis.questions.is_empty() {
        let _ = writeln!(
            out,
            "  none: no claim is supported without supporting another"
        );
    }
    for q in &analysis.questions {
        let _ = writeln!(out, "  {}: {}", printable(&q.id), q.label.as_str());
        if q.cruxes.is_empty() {
            let _ = writeln!(
                out,
                "    no single claim changes its label when taken out{}",
                crux_note(q)
            );
        } else {
            let _ = writeln!(out, "    cruxes{}:", crux_note(q));
        }
        for c in &q.cruxes {
            let _ = writeln!(
                out,
                "      {}: without it {}",
                printable(&c.id),
                c.without.as_str()
            );
            if !c.path.is_empty() {
                let _ = writeln!(out, "        {}", path_words(c));
            }
        }
    }
    let _ = writeln!(out, "\nlabels");
    for label in [Label::In, Label::Out, Label::Undecided] {
        let ids = ids_with(analysis, label);
        let _ = writeln!(
            out,
            "  {} ({}): {}",
            label.as_str(),
            ids.len(),
            if ids.is_empty() {
                "-".to_string()
            } else {
                ids.join(", ")
            }
        );
    }
    let _ = writeln!(
        out,
        "\nevidence (quotes for / against and their voices; reported: quotes that only report the view)"
    );
    let width = analysis
        .claims
        .iter()
        .map(|c| c.id.chars().count())
        .max()
        .unwrap_or(0);
    for c in &analysis.claims {
        let b = &c.evidence;
        let mut line = format!(
            "  {:width$}  {:9}  for {} ({})",
            printable(&c.id),
            c.label.as_str(),
            b.supporting,
            sources(b.supporting_voices.len()),
        );
        if b.contradicting > 0 {
            let _ = write!(
                line,
                ", against {} ({})",
                b.contradicting,
                sources(b.contradicting_voices.len())
            );
        }
        if b.reporting > 0 {
            let _ = write!(line, ", reported {}", b.reporting);
        }
        if let Some(n) = c.in_extensions {
            let _ = write!(line, ", in {n} of {} extensions", analysis.extensions);
        }
        let _ = writeln!(out, "{line}");
    }
    let list = |ids: &[String]| {
        ids.iter()
            .map(|i| printable(i).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "\nresting on one voice ({}): {}",
        analysis.single_source.len(),
        list(&analysis.single_source)
    );
    if !analysis.uncited.is_empty() {
        let _ = writeln!(
            out,
            "no supporting quote ({}): {}",
            analysis.uncited.len(),
            list(&analysis.uncited)
        );
    }
    if !analysis.reported_only.is_empty() {
        let _ = writeln!(
            out,
            "only reported as someone's view, argued by no source ({}): {}",
            analysis.reported_only.len(),
            list(&analysis.reported_only)
        );
    }
    if let Some(w) = &analysis.without {
        let _ = writeln!(out, "\nwithout {}", printable(&w.source));
        let _ = writeln!(
            out,
            "  left uncited, so taken out ({}): {}",
            w.uncited.len(),
            if w.uncited.is_empty() {
                "-".to_string()
            } else {
                list(&w.uncited)
            }
        );
        if w.changes.is_empty() {
            let _ = writeln!(out, "  no other label changes");
        } else {
            let _ = writeln!(out, "  labels that change ({}):", w.changes.len());
        }
        for c in &w.changes {
            let _ = writeln!(
                out,
                "    {}: {} -> {}",
                printable(&c.id),
                c.before.as_str(),
                c.after.as_str()
            );
        }
    }
    out
}

/// Escapes text for a Markdown table cell or line.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in printable(text).chars() {
        if matches!(
            ch,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The analysis as Markdown.
pub fn markdown(analysis: &Analysis, map: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Analysis of {}\n", md(map));
    let _ = writeln!(
        out,
        "{}; supports read deductively (docs/analyze.md). {} claims: {} in, {} out, {} undecided.\n",
        semantics_phrase(analysis),
        analysis.claims.len(),
        count(analysis, Label::In),
        count(analysis, Label::Out),
        count(analysis, Label::Undecided)
    );
    let _ = writeln!(
        out,
        "## {}\n",
        if analysis.questions_by_fallback {
            "Questions (conclusions with the most support)"
        } else {
            "Questions"
        }
    );
    for q in &analysis.questions {
        let _ = writeln!(
            out,
            "- **{}**: {}{}",
            md(&q.id),
            q.label.as_str(),
            crux_note(q)
        );
        for c in &q.cruxes {
            let why = if c.path.is_empty() {
                String::new()
            } else {
                format!(" ({})", md(&path_words(c)))
            };
            let _ = writeln!(
                out,
                "  - {}: without it {}{why}",
                md(&c.id),
                c.without.as_str()
            );
        }
    }
    let _ = writeln!(out, "\n## Claims\n");
    let _ = writeln!(out, "| claim | label | for | against | reported |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for c in &analysis.claims {
        let b = &c.evidence;
        let _ = writeln!(
            out,
            "| {} | {} | {} ({}) | {} ({}) | {} |",
            md(&c.id),
            c.label.as_str(),
            b.supporting,
            sources(b.supporting_voices.len()),
            b.contradicting,
            sources(b.contradicting_voices.len()),
            b.reporting
        );
    }
    let list = |ids: &[String]| ids.iter().map(|i| md(i)).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        out,
        "\nResting on one voice ({}): {}",
        analysis.single_source.len(),
        list(&analysis.single_source)
    );
    if !analysis.reported_only.is_empty() {
        let _ = writeln!(
            out,
            "\nOnly reported as someone's view, argued by no source ({}): {}",
            analysis.reported_only.len(),
            list(&analysis.reported_only)
        );
    }
    if let Some(w) = &analysis.without {
        let _ = writeln!(out, "\n## Without {}\n", md(&w.source));
        let _ = writeln!(
            out,
            "Left uncited, so taken out ({}): {}\n",
            w.uncited.len(),
            list(&w.uncited)
        );
        for c in &w.changes {
            let _ = writeln!(
                out,
                "- {}: {} → {}",
                md(&c.id),
                c.before.as_str(),
                c.after.as_str()
            );
        }
    }
    out
}

/// The analysis as JSON.
pub fn json(analysis: &Analysis) -> String {
    let mut text = serde_json::to_string_pretty(analysis).unwrap_or_default();
    text.push('\n');
    text
}
