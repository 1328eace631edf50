//! `claimgraph show ID`: one claim as a curator needs it: its evidence in the words around each
//! quote, and every claim it touches.

use std::fmt::Write as _;
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use anyhow::Result;

use super::{Color, EXIT_CLEAN, Fatal};
use claimgraph::diagnostic::{display_path, printable};
use claimgraph::model::{AnchorResult, EdgeKind, Map, Source, Stance};

/// Arguments of `show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Id of the claim.
    id: String,
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
}

/// The styles of the output: all empty without colour, and an empty style prints nothing.
struct Palette {
    bold: Style,
    dim: Style,
    green: Style,
    red: Style,
}

/// `text` in `style`, reset after it.
fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    let checked = claimgraph::check(&args.map).map_err(Fatal::from)?;
    let Some(map) = &checked.map else {
        return Err(Fatal::new(
            format!("{} is not a valid map", display_path(&args.map)),
            format!(
                "run `claimgraph check {}` to see why",
                display_path(&args.map)
            ),
        )
        .into());
    };
    let Some(index) = map.claims.iter().position(|c| c.id.value == args.id) else {
        let hint = match claimgraph::diagnostic::did_you_mean(
            &args.id,
            map.claims.iter().map(|c| c.id.value.as_str()),
        ) {
            Some(best) => format!("did you mean `{best}`?"),
            None => {
                "list the ids with `claimgraph render --format json`, or grep the map for `id:`"
                    .to_string()
            }
        };
        return Err(Fatal::new(format!("no claim has the id `{}`", args.id), hint).into());
    };
    let style = if color.enabled(true) {
        Palette {
            bold: Style::new().bold(),
            dim: Style::new().dimmed(),
            green: AnsiColor::Green.on_default(),
            red: AnsiColor::Red.on_default(),
        }
    } else {
        Palette {
            bold: Style::new(),
            dim: Style::new(),
            green: Style::new(),
            red: Style::new(),
        }
    };
    super::out(&describe(map, index, &style))?;
    Ok(EXIT_CLEAN)
}

fn relation(kind: EdgeKind, s: &Palette) -> String {
    match kind {
        EdgeKind::Supports => paint(s.green, "supports"),
        EdgeKind::Contradicts => paint(s.red, "contradicts"),
    }
}

fn stance(evidence: &claimgraph::model::Evidence, s: &Palette) -> String {
    match evidence.stance {
        Stance::Supports => paint(s.green, "supports"),
        Stance::Contradicts => paint(s.red, "contradicts"),
        Stance::Reports => match &evidence.holder {
            Some(holder) => paint(s.dim, format!("reports: held by {}", printable(holder))),
            None => paint(s.dim, "reports"),
        },
    }
}

fn citation(source: &Source) -> String {
    let meta = &source.meta;
    let mut parts = Vec::new();
    if let Some(title) = &meta.title {
        parts.push(format!("\"{title}\""));
    }
    if !meta.authors.is_empty() {
        parts.push(meta.authors.join(", "));
    }
    if let Some(publisher) = &meta.publisher {
        parts.push(publisher.clone());
    }
    if let Some(date) = &meta.published {
        parts.push(date.clone());
    }
    if parts.is_empty() {
        parts.push(source.file.clone());
    }
    parts.join(", ")
}

fn describe(map: &Map, index: usize, s: &Palette) -> String {
    let claim = &map.claims[index];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        paint(s.bold, printable(&claim.id.value)),
        paint(
            s.dim,
            format_args!("({}:{})", display_path(&map.path), claim.id.span.line)
        )
    );
    let _ = writeln!(out, "  {}", printable(claim.text.value.trim()));
    if !claim.tags.is_empty() {
        let tags: Vec<&str> = claim.tags.iter().map(|t| t.value.as_str()).collect();
        let _ = writeln!(out, "  tags: {}", printable(&tags.join(", ")));
    }
    if let Some(note) = &claim.note {
        let _ = writeln!(out, "  note: {}", printable(note.trim()));
    }

    let _ = writeln!(
        out,
        "\n{} ({})",
        paint(s.bold, "evidence"),
        claim.evidence.len()
    );
    for evidence in &claim.evidence {
        let source = map.source(&evidence.source.value);
        let name = source.map_or_else(|| evidence.source.value.clone(), citation);
        match (&evidence.anchor, source.and_then(|src| src.text())) {
            (AnchorResult::Found(a), Some(text)) => {
                let _ = writeln!(
                    out,
                    "  [{}] {} — {}, line {}",
                    stance(evidence, s),
                    printable(&evidence.source.value),
                    printable(&name),
                    a.line
                );
                let c = claimgraph::context(text, a, 240);
                let _ = writeln!(
                    out,
                    "    {}\u{ab}{}\u{bb}{}",
                    paint(s.dim, printable(&c.before)),
                    paint(s.bold, printable(&c.quote)),
                    paint(s.dim, printable(&c.after))
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "  [{}] {} — {} (quote not anchored: run `claimgraph check`)",
                    stance(evidence, s),
                    printable(&evidence.source.value),
                    printable(&name)
                );
                let _ = writeln!(
                    out,
                    "    \u{ab}{}\u{bb}",
                    printable(evidence.quote.value.trim())
                );
            }
        }
    }

    let text_of = |id: &str| {
        map.claim(id).map_or("(no such claim)".to_string(), |c| {
            printable(c.text.value.trim()).into_owned()
        })
    };
    let mut relations = Vec::new();
    for target in &claim.supports {
        relations.push(format!(
            "  {} → {}: {}",
            relation(EdgeKind::Supports, s),
            printable(&target.value),
            text_of(&target.value)
        ));
    }
    for target in &claim.contradicts {
        relations.push(format!(
            "  {} → {}: {}",
            relation(EdgeKind::Contradicts, s),
            printable(&target.value),
            text_of(&target.value)
        ));
    }
    for (from, kind) in map.incoming(index) {
        let other = &map.claims[from];
        let verb = match kind {
            EdgeKind::Supports => paint(s.green, "supported by"),
            EdgeKind::Contradicts => paint(s.red, "contradicted by"),
        };
        relations.push(format!(
            "  {verb} ← {}: {}",
            printable(&other.id.value),
            printable(other.text.value.trim())
        ));
    }
    let _ = writeln!(
        out,
        "\n{} ({})",
        paint(s.bold, "relations"),
        relations.len()
    );
    for line in relations {
        let _ = writeln!(out, "{line}");
    }
    out
}
