//! Findings for people, as rustc prints them: `error[quote-not-found]: message`, an arrow to
//! `file:line:col`, the offending lines with the value underlined and its related places
//! labelled, then `help:` lines and the fixes `check --fix` would apply.
//!
//! Rendering is annotate-snippets (rustc's own renderer). Each snippet is cut from the file
//! around its span (a few lines, not the whole file), so printing every finding of a big map
//! stays linear.

use std::path::Path;
use std::sync::Arc;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{
    Applicability, Diagnostic, Positions, Severity, SourceLookup, display_path, printable,
};
use crate::model::{LineIndex, Span};

/// Options for human-readable output.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct HumanStyle {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

impl HumanStyle {
    /// The style for a terminal of `width` columns, coloured or not.
    pub fn new(color: bool, width: usize) -> Self {
        HumanStyle { color, width }
    }
}

/// A stretch of whole lines of one file, holding the spans shown in one snippet.
struct Window {
    path: String,
    text: Arc<String>,
    /// Byte offset of the first line shown.
    from: usize,
    /// Byte offset just past the last line shown.
    to: usize,
    /// 1-based number of the first line shown.
    first_line: usize,
}

impl Window {
    /// The lines around `span`: one before, the span's own, one after.
    fn around(path: &Path, text: Arc<String>, index: &LineIndex, span: Span) -> Self {
        let starts = index.starts();
        let start = span.start.min(text.len());
        let end = (span.start + span.len).min(text.len());
        let first = starts.partition_point(|&s| s <= start).saturating_sub(1);
        let last = starts
            .partition_point(|&s| s <= end.max(start))
            .saturating_sub(1);
        let first = first.saturating_sub(1);
        let to = starts.get(last + 2).copied().unwrap_or(text.len());
        Window {
            path: display_path(path),
            from: starts.get(first).copied().unwrap_or(0),
            to,
            first_line: first + 1,
            text,
        }
    }

    fn contains(&self, span: Span) -> bool {
        span.start >= self.from && span.start + span.len <= self.to
    }

    /// The span as a range of the window's text.
    fn local(&self, span: Span) -> std::ops::Range<usize> {
        let start = span.start.clamp(self.from, self.to) - self.from;
        let end = (span.start + span.len).clamp(self.from, self.to) - self.from;
        start..end.max(start)
    }

    fn source(&self) -> std::borrow::Cow<'_, str> {
        super::printable_same_length(self.text.get(self.from..self.to).unwrap_or_default())
    }
}

/// One snippet being assembled: its window and annotations.
struct Part<'a> {
    window: Window,
    annotations: Vec<(AnnotationKind, std::ops::Range<usize>, Option<&'a str>)>,
}

fn parts<'a>(d: &'a Diagnostic, positions: &mut Positions<'_>) -> Vec<Part<'a>> {
    let mut parts: Vec<(std::path::PathBuf, Part<'a>)> = Vec::new();
    let places = d
        .span
        .map(|span| (d.file.as_path(), span, d.label.as_deref(), true))
        .into_iter()
        .chain(
            d.related
                .iter()
                .map(|l| (d.file_of(l), l.span, Some(l.message.as_str()), false)),
        );
    for (file, span, label, primary) in places {
        let Some((text, index)) = positions.file(file) else {
            continue;
        };
        let span = bounded(&text, span);
        let kind = if primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        if let Some((_, part)) = parts
            .iter_mut()
            .find(|(f, p)| f == file && p.window.contains(span))
        {
            let range = part.window.local(span);
            part.annotations.push((kind, range, label));
            continue;
        }
        let window = Window::around(file, text, &index, span);
        let range = window.local(span);
        parts.push((
            file.to_path_buf(),
            Part {
                window,
                annotations: vec![(kind, range, label)],
            },
        ));
    }
    parts.into_iter().map(|(_, part)| part).collect()
}

/// How much of a long value is underlined: its first line, at most this many characters, so a
/// pasted 1,300-character quote does not push its label hundreds of columns to the right.
const MAX_UNDERLINE_CHARS: usize = 72;

fn bounded(text: &str, span: Span) -> Span {
    let Some(value) = text.get(span.range()) else {
        return span;
    };
    // `split` yields at least one piece.
    let first_line = value.split(['\n', '\r']).next().unwrap_or_default();
    let len = first_line
        .char_indices()
        .nth(MAX_UNDERLINE_CHARS)
        .map_or(first_line.len(), |(i, _)| i);
    Span { len, ..span }
}

fn fix_line(d: &Diagnostic) -> Vec<String> {
    d.fixes
        .iter()
        .map(|fix| match fix.applicability {
            Applicability::Safe => format!("fix: {} (`check --fix`)", fix.description),
            Applicability::Unsafe => {
                format!("fix: {} (`check --fix --unsafe-fixes`)", fix.description)
            }
        })
        .collect()
}

fn render_one(
    d: &Diagnostic,
    positions: &mut Positions<'_>,
    renderer: &Renderer,
    out: &mut String,
) {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let parts = parts(d, positions);
    // Without a snippet annotate-snippets names no file: say it in the title.
    let title_text = if parts.is_empty() {
        format!("{}: {}", display_path(&d.file), printable(&d.message))
    } else {
        printable(&d.message).into_owned()
    };
    let mut group = Group::with_title(level.primary_title(title_text).id(d.code.as_str()));
    for part in &parts {
        let mut snippet = Snippet::source(part.window.source())
            .line_start(part.window.first_line)
            .path(part.window.path.clone())
            .fold(true);
        for (kind, range, label) in &part.annotations {
            let annotation = (*kind).span(range.clone());
            snippet = snippet.annotation(match label {
                Some(label) => annotation.label(printable(label)),
                None => annotation,
            });
        }
        group = group.element(snippet);
    }
    let fixes = fix_line(d);
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(printable(help)));
    }
    for fix in &fixes {
        group = group.element(Level::NOTE.no_name().message(fix.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    out.push_str(&renderer.render(&report));
    out.push_str("\n\n");
}

/// Renders diagnostics rustc-style.
pub fn to_human(
    diagnostics: &[Diagnostic],
    lookup: &dyn SourceLookup,
    style: HumanStyle,
) -> String {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(style.width)
    .decor_style(DecorStyle::Unicode);
    let mut positions = Positions::new(lookup);
    let mut out = String::new();
    let groups = repeats(diagnostics);
    for (i, d) in diagnostics.iter().enumerate() {
        match &groups[i] {
            Repeat::Alone => render_one(d, &mut positions, &renderer, &mut out),
            Repeat::First(others) => {
                render_one(d, &mut positions, &renderer, &mut out);
                let lines: Vec<String> = others
                    .iter()
                    .filter_map(|&j| diagnostics[j].span.map(|s| s.line.to_string()))
                    .collect();
                out.push_str(&format!(
                    "note: {} more {} like it (`{}`), at lines {}; `check -f short` lists each\n\n",
                    others.len(),
                    if others.len() == 1 {
                        "finding"
                    } else {
                        "findings"
                    },
                    printable(&d.key.join(" ")),
                    lines.join(", ")
                ));
            }
            Repeat::Shown => {}
        }
    }
    out
}

/// Where a finding stands among the findings of the same code and key (`unknown-source` of
/// one renamed file, on every quote citing it): the first is shown whole, the others in one
/// line after it.
enum Repeat {
    Alone,
    First(Vec<usize>),
    Shown,
}

/// How many findings of one code and key are shown whole before the rest are summed up.
const REPEATS_FROM: usize = 3;

fn repeats(diagnostics: &[Diagnostic]) -> Vec<Repeat> {
    let mut by_key: std::collections::HashMap<(super::Code, &[String]), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if !d.key.is_empty() {
            by_key
                .entry((d.code, d.key.as_slice()))
                .or_default()
                .push(i);
        }
    }
    let mut out: Vec<Repeat> = diagnostics.iter().map(|_| Repeat::Alone).collect();
    for members in by_key.into_values().filter(|m| m.len() >= REPEATS_FROM) {
        for &j in &members[1..] {
            out[j] = Repeat::Shown;
        }
        out[members[0]] = Repeat::First(members[1..].to_vec());
    }
    out
}
