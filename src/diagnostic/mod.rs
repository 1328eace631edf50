//! Findings about a map, and the three ways of printing them (human, JSON, GitHub annotations).
//!
//! A [`Diagnostic`] is data, not an error: validation returns a list of them and never fails on
//! bad content. Each one points at a place in a file (nearly always `claims.yaml`) so that a
//! curator can fix it from the message alone.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::model::Span;

mod suggest;

pub use suggest::{did_you_mean, single_match};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: `check` exits 1.
    Error,
    /// Should be looked at: `check` exits 1 only with `--deny-warnings`.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident;)*) => {
        /// The stable identifier of a kind of finding (documented in `docs/format.md`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name printed in diagnostics.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity findings of this code have.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    /// The file is not valid YAML (or not UTF-8, or has merge-conflict markers).
    YamlSyntax = "yaml-syntax", Error;
    /// A field is unknown, missing or of the wrong type.
    Schema = "schema", Error;
    /// The map exceeds a documented limit (file size, nesting, aliases, id length).
    Limit = "limit", Error;
    /// Two claims (or two sources) share an id.
    DuplicateId = "duplicate-id", Error;
    /// An id breaks the id rule.
    InvalidId = "invalid-id", Error;
    /// `supports`/`contradicts` names no claim.
    UnknownClaim = "unknown-claim", Error;
    /// Evidence names no corpus file.
    UnknownSource = "unknown-source", Error;
    /// A source `file` resolves outside the corpus folder.
    SourceOutsideCorpus = "source-outside-corpus", Error;
    /// A corpus file is missing, unreadable or not UTF-8.
    UnreadableSource = "unreadable-source", Error;
    /// A quote does not occur in its source.
    QuoteNotFound = "quote-not-found", Error;
    /// A claim has no evidence.
    UncitedClaim = "uncited-claim", Error;
    /// A claim's text or a quote is empty.
    EmptyText = "empty-text", Error;
    /// A claim supports or contradicts itself.
    SelfReference = "self-reference", Error;
    /// A quote occurs more than once in its source.
    AmbiguousQuote = "ambiguous-quote", Warning;
    /// Claims support each other in a circle.
    SupportCycle = "support-cycle", Warning;
    /// A claim both supports and contradicts the same claim.
    ConflictingEdges = "conflicting-edges", Warning;
    /// A claim is linked to no other claim.
    IsolatedClaim = "isolated-claim", Warning;
    /// A corpus file is never cited.
    UnusedSource = "unused-source", Warning;
    /// The same quote from the same source is cited twice on one claim.
    DuplicateEvidence = "duplicate-evidence", Warning;
    /// The same target is listed twice in one `supports` or `contradicts` list.
    DuplicateEdge = "duplicate-edge", Warning;
    /// A claim's text is longer than a claim should be (over 40 words).
    LongClaim = "long-claim", Warning;
    /// The corpus folder has no `.txt` or `.md` file.
    EmptyCorpus = "empty-corpus", Warning;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place shown with a diagnostic (e.g. the first of two duplicate ids).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where, in the diagnostic's file.
    pub span: Span,
    /// What this place is.
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of finding.
    pub code: Code,
    /// Error or warning (normally `code.severity()`).
    pub severity: Severity,
    /// One line, lowercase, no trailing period.
    pub message: String,
    /// The file the finding is about.
    pub file: PathBuf,
    /// The offending value; `None` for findings about a whole file.
    pub span: Option<Span>,
    /// Text under the primary underline.
    pub label: Option<String>,
    /// Other places worth showing.
    pub related: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: Code, file: &Path, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            file: file.to_path_buf(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the text under the primary underline.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary place.
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// Sorts diagnostics by file, then position, then code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let pos = |d: &Diagnostic| d.span.map(|s| (s.line, s.column)).unwrap_or((0, 0));
        (&a.file, pos(a), a.code, &a.message).cmp(&(&b.file, pos(b), b.code, &b.message))
    });
}

/// Counts of a diagnostic list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

impl Counts {
    /// Counts the diagnostics by severity.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Counts {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// Where a diagnostic's file text comes from when printing snippets.
pub trait SourceLookup {
    /// The text of `file`, if it can be shown.
    fn text_of(&self, file: &Path) -> Option<Arc<String>>;
}

impl<F: Fn(&Path) -> Option<Arc<String>>> SourceLookup for F {
    fn text_of(&self, file: &Path) -> Option<Arc<String>> {
        self(file)
    }
}

struct MietteView<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<Windowed>,
}

/// A file's text for miette, read through a window. miette's `SourceCode` for strings scans
/// from the start of the file for every snippet, which made printing many findings of a big
/// map quadratic (1,000 findings in a 6 MB map: 0.4 s of scanning). Here miette's own routine
/// runs on the text from a line start just before the span, and its answer is shifted back,
/// so snippets are exactly what miette would print.
struct Windowed {
    name: String,
    text: Arc<String>,
    /// Where each line starts, as miette counts lines (after `\n`, `\r\n` or a lone `\r`).
    line_starts: Arc<Vec<usize>>,
}

impl Windowed {
    fn line_starts(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut skip_lf_at = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if skip_lf_at == Some(i) {
                continue;
            }
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                skip_lf_at = Some(i + 1);
                starts.push(i + 2);
            } else {
                starts.push(i + 1);
            }
        }
        starts
    }
}

impl miette::SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let line = self
            .line_starts
            .partition_point(|&start| start <= span.offset())
            .saturating_sub(1);
        // One line more than the context: for an empty span miette looks at the byte before
        // it, which may end the previous line.
        let first = line.saturating_sub(context_lines_before + 1);
        let from = self.line_starts.get(first).copied().unwrap_or(0);
        let window: &'a [u8] = self.text.as_bytes().get(from..).unwrap_or_default();
        let local = miette::SourceSpan::new((span.offset() - from).into(), span.len());
        let contents = miette::SourceCode::read_span(
            window,
            &local,
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            miette::SourceSpan::new(
                (contents.span().offset() + from).into(),
                contents.span().len(),
            ),
            contents.line() + first,
            contents.column(),
            contents.line_count() + first,
        )))
    }
}

impl std::fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let text_len = self.source.as_ref().map_or(0, |s| s.text.len());
        let clamp = move |span: Span| {
            let start = span.start.min(text_len);
            (start, span.len.min(text_len - start))
        };
        let primary = self.diagnostic.span.map(|span| {
            miette::LabeledSpan::new_primary_with_span(self.diagnostic.label.clone(), clamp(span))
        });
        let related = self.diagnostic.related.iter().map(move |l| {
            miette::LabeledSpan::new_with_span(Some(l.message.clone()), clamp(l.span))
        });
        Some(Box::new(primary.into_iter().chain(related)))
    }
}

/// Options for human-readable output.
#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

/// Renders diagnostics rustc-style: severity, code, message, the offending line underlined, help.
pub fn to_human(
    diagnostics: &[Diagnostic],
    lookup: &dyn SourceLookup,
    style: HumanStyle,
) -> String {
    let theme = if style.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1)
        .with_links(false);
    let mut out = String::new();
    let mut line_starts: std::collections::HashMap<&Path, Arc<Vec<usize>>> =
        std::collections::HashMap::new();
    for diagnostic in diagnostics {
        let source = diagnostic
            .span
            .and_then(|_| lookup.text_of(&diagnostic.file))
            .map(|text| Windowed {
                name: display_path(&diagnostic.file),
                line_starts: line_starts
                    .entry(diagnostic.file.as_path())
                    .or_insert_with(|| Arc::new(Windowed::line_starts(&text)))
                    .clone(),
                text,
            });
        let view = MietteView { diagnostic, source };
        // Without a snippet miette does not say which file: put it in the message instead.
        if view.source.is_none() {
            let view_message =
                format!("{}: {}", display_path(&diagnostic.file), diagnostic.message);
            let owned = Diagnostic {
                message: view_message,
                ..diagnostic.clone()
            };
            let view = MietteView {
                diagnostic: &owned,
                source: None,
            };
            if handler.render_report(&mut out, &view).is_err() {
                let _ = writeln!(out, "{}: {}", owned.severity.as_str(), owned.message);
            }
        } else if handler.render_report(&mut out, &view).is_err() {
            let _ = writeln!(
                out,
                "{}: {}",
                diagnostic.severity.as_str(),
                diagnostic.message
            );
        }
        out.push('\n');
    }
    out
}

/// A path as shown to users: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").unwrap_or(&shown).to_string()
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    message: &'a str,
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    help: Option<&'a str>,
    related: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    line: u32,
    column: u32,
}

/// What the JSON report says about the map besides its findings.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Errors and warnings.
    #[serde(flatten)]
    pub counts: Counts,
    /// Number of claims (0 when the map did not load).
    pub claims: usize,
    /// Number of claim-to-claim edges.
    pub edges: usize,
    /// Number of sources.
    pub sources: usize,
    /// Number of evidence items.
    pub quotes: usize,
    /// Number of quotes that anchored.
    pub anchored: usize,
}

/// Renders the stable JSON document `{"diagnostics": [...], "summary": {...}}`.
pub fn to_json(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    text_of: &dyn SourceLookup,
) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| {
            let end_line = d.span.and_then(|span| {
                let text = text_of.text_of(&d.file)?;
                let end = (span.start + span.len.saturating_sub(1)).min(text.len());
                let extra = memchr::memchr_iter(b'\n', &text.as_bytes()[span.start.min(end)..end])
                    .count() as u32;
                Some(span.line + extra)
            });
            JsonDiagnostic {
                severity: d.severity,
                code: d.code.as_str(),
                message: &d.message,
                file: display_path(&d.file),
                line: d.span.map(|s| s.line),
                column: d.span.map(|s| s.column),
                end_line,
                help: d.help.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|l| JsonLabel {
                        message: &l.message,
                        line: l.span.line,
                        column: l.span.column,
                    })
                    .collect(),
            }
        })
        .collect();
    let document = serde_json::json!({ "diagnostics": items, "summary": summary });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

/// Renders GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::…`).
pub fn to_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let mut props = format!("file={}", escape_property(&display_path(&d.file)));
        if let Some(span) = d.span {
            let _ = write!(props, ",line={},col={}", span.line, span.column);
        }
        let _ = write!(props, ",title={}", escape_property(d.code.as_str()));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            d.severity.as_str(),
            props,
            escape_data(&message)
        );
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_newlines_and_commas() {
        let d = Diagnostic::new(
            Code::QuoteNotFound,
            Path::new("./a,b.yaml"),
            Some(Span {
                start: 0,
                len: 1,
                line: 3,
                column: 5,
            }),
            "quote not found\nsecond line",
        )
        .help("50% similar");
        let out = to_github(&[d]);
        assert_eq!(
            out,
            "::error file=a%2Cb.yaml,line=3,col=5,title=quote-not-found::quote not found%0Asecond line%0Ahelp: 50%25 similar\n"
        );
    }

    #[test]
    fn every_code_is_kebab_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert!(seen.insert(name), "duplicate {name}");
        }
    }

    proptest::proptest! {
        #[test]
        fn windowed_snippets_are_what_miette_reads_from_the_whole_file(
            text in "[ab\r\n]{0,80}",
            at in 0usize..90,
            len in 0usize..20,
            before in 0usize..3,
            after in 0usize..3,
        ) {
            use miette::SourceCode;
            let at = at.min(text.len());
            let len = len.min(text.len() - at);
            let span = miette::SourceSpan::new(at.into(), len);
            let windowed = Windowed {
                name: "m".into(),
                line_starts: Arc::new(Windowed::line_starts(&text)),
                text: Arc::new(text.clone()),
            };
            let whole = text.as_bytes().read_span(&span, before, after);
            let part = windowed.read_span(&span, before, after);
            match (whole, part) {
                (Ok(w), Ok(p)) => {
                    proptest::prop_assert_eq!(w.data(), p.data());
                    proptest::prop_assert_eq!(w.span(), p.span());
                    proptest::prop_assert_eq!(w.line(), p.line());
                    proptest::prop_assert_eq!(w.column(), p.column());
                    proptest::prop_assert_eq!(w.line_count(), p.line_count());
                }
                (Err(_), Err(_)) => {}
                (w, p) => proptest::prop_assert!(false, "{:?} vs {:?}", w.is_ok(), p.is_ok()),
            }
        }
    }
}
