//! The self-contained interactive HTML page: the diagram, the map's data and a little plain
//! JavaScript, in one file that works offline from disk.
//!
//! A diagram shows the shape of an argument but hides its substance, the quotes; this page lets
//! a reader click a claim and read each quote inside its source. Everything the page shows comes
//! from a hostile file, so the page is built to fail safe:
//! - the diagram is rebuilt through an allowlist ([`sanitize_svg`]);
//! - the data travels as JSON in a `<script type="application/json">` block with `<`, `>`, `&`
//!   and the JavaScript line separators escaped, and the page script writes it with
//!   `textContent` only;
//! - a Content-Security-Policy allows exactly the page's own script and stylesheet (by hash),
//!   no other origin and no inline handler, so even markup that slipped through could not run.
//!
//! The script and stylesheet live next to this file (`html/page.js`, `html/page.css`).

mod legend;
mod sanitize;

use std::fmt::Write as _;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::json::JsonSource;
use crate::anchor;
use crate::diagnostic::json::JsonDiagnostic;
use crate::diagnostic::{Diagnostic, Subject, Summary, display_path, plural};
use crate::model::{AnchorResult, Map};

pub(crate) use legend::legend;
pub use sanitize::sanitize_svg;

/// The page's script; its hash goes into the Content-Security-Policy.
const SCRIPT: &str = include_str!("html/page.js");
/// The page's stylesheet; its hash goes into the Content-Security-Policy.
const STYLE: &str = include_str!("html/page.css");

/// Characters of source text shown on each side of a quote when no option says otherwise.
pub const DEFAULT_CONTEXT_CHARS: usize = 280;

/// Options of the HTML page.
#[derive(Clone, Debug)]
pub struct PageOptions {
    /// Title shown in the header and the browser tab; defaults to the map's title, then the
    /// map file's name.
    pub title: Option<String>,
    /// Characters of source text shown on each side of a quote (0 means the default).
    pub context_chars: usize,
    /// What changed, when the page shows a diff (`claimgraph diff --format html`): the map is
    /// then the union of both revisions, drawn with the change marks.
    pub changes: Option<PageChanges>,
    /// The version of a page served live (`claimgraph serve`): the page then listens to the
    /// server's update stream at `/events`, fetches `/` again when the version there differs
    /// from its own, and swaps the drawing and data in place. Its Content-Security-Policy adds
    /// `connect-src 'self'` for that, and nothing else. `None` (the default) is the offline
    /// page, which makes no request at all.
    pub live: Option<String>,
    /// How the page draws the map: an SVG (small maps) or a canvas (big ones).
    pub drawing: Drawing,
}

/// How the page draws the map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Drawing {
    /// An SVG up to [`CANVAS_FROM`] boxes, a canvas from there.
    #[default]
    Auto,
    /// The SVG of the chosen engine, one element per claim and edge: sharp, printable, and
    /// every claim in the accessibility tree at once.
    Svg,
    /// The builtin layout drawn on a `<canvas>` with level of detail, a grid for hit-testing and
    /// focusable elements for the claims in view: fast from a thousand claims to a hundred
    /// thousand.
    Canvas,
}

/// Boxes (claims and drawn evidence notes) from which [`Drawing::Auto`] chooses the canvas.
/// Measured (benches/README.md, "Interactive page"): at 1,000 claims the SVG page already took
/// 305 ms per click and drew 6 frames a second while zooming.
pub const CANVAS_FROM: usize = 600;

/// The drawing a page embeds.
pub(crate) enum Diagram<'a> {
    /// An SVG document (either engine), sanitised into the page.
    Svg(&'a str),
    /// The canvas document of [`super::canvas`].
    Canvas(&'a str),
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            title: None,
            context_chars: DEFAULT_CONTEXT_CHARS,
            changes: None,
            live: None,
            drawing: Drawing::Auto,
        }
    }
}

/// The changes between two revisions, as the page shows them: a summary and a list in the
/// header, and each claim's changes in its panel.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PageChanges {
    /// The older side, e.g. `HEAD~1 (1fbce56)`.
    pub old: String,
    /// The newer side, e.g. `working tree (claims.yaml)`.
    pub new: String,
    /// The one-line summary, e.g. `+1 claim, 1 renamed, 2 edges flipped`.
    pub summary: String,
    /// Every changed claim, in the diff's order.
    pub claims: Vec<ChangedClaim>,
}

/// One changed claim on the page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ChangedClaim {
    /// The claim's id (its new id when renamed, its old one when removed).
    pub id: String,
    /// `added`, `removed`, `renamed` or `modified`.
    pub status: String,
    /// What changed, one line each, in the words of `claimgraph diff`; each line is a list of
    /// runs so that the page can show a word diff as struck and inserted text.
    pub lines: Vec<Vec<ChangeRun>>,
}

/// A piece of a change line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChangeRun {
    /// `equal` (context), `delete` (only in the old revision) or `insert` (only in the new).
    pub op: String,
    /// The text, never markup: the page writes it with `textContent`.
    pub text: String,
}

/// The one line that tells a newcomer what the page does; shown once the script runs, since
/// without it a click does nothing.
const HINT: &str =
    "Click a claim to read its quotes \u{b7} drag to pan \u{b7} scroll or +/\u{2212} to zoom";

/// One self-contained HTML page showing `svg` (from either engine) with the map's data.
pub fn page(map: &Map, diagnostics: &[Diagnostic], svg: &str, options: &PageOptions) -> String {
    assemble(map, diagnostics, &Diagram::Svg(svg), None, options)
}

/// [`page`], with the legend (from [`legend`]) pinned over the diagram.
pub(crate) fn assemble(
    map: &Map,
    diagnostics: &[Diagnostic],
    diagram: &Diagram<'_>,
    legend: Option<&str>,
    options: &PageOptions,
) -> String {
    let title = options
        .title
        .clone()
        .or_else(|| map.title.clone())
        .unwrap_or_else(|| {
            let name = display_path(&map.path);
            format!("Argument map: {name}")
        });
    let data = PageData::new(map, diagnostics, &title, options);
    let json = script_json(&data);
    let csp = content_security_policy(options.live.is_some());
    let drawn = match diagram {
        Diagram::Svg(svg) | Diagram::Canvas(svg) => svg.len(),
    };
    let mut out = String::with_capacity(json.len() + drawn + SCRIPT.len() + STYLE.len() + 4096);
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
    );
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"claimgraph {}\">",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    if options.live.is_some() {
        // Served over HTTP, a browser asks for /favicon.ico, which is not served: an empty icon
        // (a `data:` image, as the policy allows) saves the request and its 404.
        out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    }
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>");
    out.push_str("<body>\n");
    header(&mut out, &title, &data);
    out.push_str("<main id=\"cg-main\">\n<div id=\"cg-stage\">\n");
    out.push_str(
        "<div id=\"cg-diagram\" tabindex=\"0\" role=\"application\" aria-roledescription=\"argument diagram\" \
         aria-label=\"Argument diagram. Tab moves through the claims, Enter opens one; arrow keys pan, plus and minus zoom, 0 fits.\">\n",
    );
    match diagram {
        Diagram::Svg(svg) => out.push_str(&sanitize_svg(svg)),
        // The canvas is drawn by the script; the claims in view get focusable elements in
        // `cg-hot`, which is what the keyboard and the accessibility tree reach.
        Diagram::Canvas(_) => out.push_str(
            "<canvas id=\"cg-canvas\" aria-hidden=\"true\"></canvas><div id=\"cg-hot\"></div>",
        ),
    }
    out.push_str("\n</div>\n");
    let _ = writeln!(
        out,
        "<div id=\"cg-guide\"><p id=\"cg-hint\" hidden>{HINT}</p>{}</div>\n</div>",
        legend.unwrap_or_default()
    );
    out.push_str(
        "<aside id=\"cg-panel\" tabindex=\"-1\" aria-label=\"Claim details\" hidden></aside>\n</main>\n",
    );
    out.push_str("<section id=\"cg-print\" aria-label=\"All claims\"></section>\n");
    out.push_str(
        "<noscript><p class=\"cg-noscript\">The diagram is shown above; turn on JavaScript to read the evidence of each claim.</p></noscript>\n",
    );
    match diagram {
        Diagram::Svg(_) => {
            let _ = writeln!(
                out,
                "<script type=\"application/json\" id=\"cg-data\">{json}</script>"
            );
        }
        // A big map's data and drawing are most of its page: deflated and in base64 they take
        // a third of the room, and the script inflates them with the browser's own
        // DecompressionStream. Base64 cannot close the script element.
        Diagram::Canvas(scene) => {
            for (id, text) in [("cg-data", json.as_str()), ("cg-scene", scene)] {
                let _ = writeln!(
                    out,
                    "<script type=\"application/octet-stream\" id=\"{id}\" data-encoding=\"deflate-base64\">{}</script>",
                    base64(&deflate(text.as_bytes()))
                );
            }
        }
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script>");
    out.push_str("</body>\n</html>\n");
    out
}

/// The page's Content-Security-Policy: its own script and stylesheet by hash, images only as
/// `data:` URLs, nothing else from anywhere. A page served live (`live`) may also connect to
/// the origin it came from, for its update stream; `claimgraph serve` sends the same policy as
/// a header.
pub fn content_security_policy(live: bool) -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; {}base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE),
        if live { "connect-src 'self'; " } else { "" }
    )
}

/// A diff's summary and the list of changed claims, each a link that opens it.
fn changes_status(out: &mut String, changes: &PageChanges) {
    let _ = write!(
        out,
        "<details id=\"cg-status\" class=\"changes\"><summary>changes: {}</summary><ol id=\"cg-changes\">",
        escape(&changes.summary)
    );
    for claim in &changes.claims {
        let _ = write!(
            out,
            "<li class=\"{status}\"><span class=\"cg-code\">{status}</span> <a href=\"#{}\">{}</a></li>",
            escape(&fragment(&claim.id)),
            escape(&claim.id),
            status = escape(&claim.status),
        );
    }
    out.push_str("</ol></details>\n");
}

/// The header: title, check summary and the list of findings (rendered here, so that they show
/// without JavaScript and in print), and the slots the script fills with search and filters.
fn header(out: &mut String, title: &str, data: &PageData<'_>) {
    let summary = &data.summary;
    let (class, status) = match (summary.counts.errors, summary.counts.warnings) {
        (0, 0) => ("clean", "check: clean".to_string()),
        (errors, warnings) => (
            if errors > 0 { "errors" } else { "warnings" },
            format!(
                "check: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
        ),
    };
    out.push_str("<header id=\"cg-header\">\n<div class=\"cg-titlebar\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(title));
    let _ = writeln!(
        out,
        "<p id=\"cg-stats\">{} · {} · {}/{} quotes anchored · {}</p>",
        plural(summary.claims, "claim"),
        plural(summary.edges, "link"),
        summary.anchored,
        summary.quotes,
        plural(summary.sources, "source"),
    );
    for q in &data.questions {
        let cruxes: Vec<String> = q
            .cruxes
            .iter()
            .map(|c| format!("<a href=\"#{}\">{}</a>", escape(&fragment(c)), escape(c)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"cg-question\">question <a href=\"#{}\">{}</a>: <span class=\"cg-verdict {v}\">{v}</span>{}</p>",
            escape(&fragment(&q.id)),
            escape(&q.id),
            if cruxes.is_empty() {
                String::new()
            } else {
                format!(" · hangs on {}", cruxes.join(", "))
            },
            v = q.verdict.as_str(),
        );
    }
    if let Some(changes) = data.changes {
        changes_status(out, changes);
    } else if data.diagnostics.is_empty() {
        let _ = writeln!(out, "<p id=\"cg-status\" class=\"{class}\">{status}</p>");
    } else {
        let _ = write!(
            out,
            "<details id=\"cg-status\" class=\"{class}\"><summary>{status}</summary><ol id=\"cg-findings\">"
        );
        for d in &data.diagnostics {
            let place = match d.line {
                Some(line) => format!("{}:{line}", d.file),
                None => d.file.clone(),
            };
            let _ = write!(
                out,
                "<li class=\"{}\"><span class=\"cg-code\">{}[{}]</span> {}",
                d.severity.as_str(),
                d.severity.as_str(),
                d.code,
                escape(d.message)
            );
            let _ = write!(out, " <span class=\"cg-place\">{}</span>", escape(&place));
            if let Subject::Claim(claim) = d.subject {
                let _ = write!(
                    out,
                    " <a href=\"#{}\">{}</a>",
                    escape(&fragment(claim)),
                    escape(claim)
                );
            }
            out.push_str("</li>");
        }
        out.push_str("</ol></details>\n");
    }
    out.push_str("</div>\n<div id=\"cg-tools\"></div>\n</header>\n");
}

/// A claim id as a URL fragment: characters outside the id alphabet are percent-encoded so the
/// script can decode `location.hash` back to the id.
fn fragment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Escapes text for HTML element content and double- or single-quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON that can sit inside `<script type="application/json">`: no `<`, `>` or `&` (so neither
/// `</script>` nor `<!--` can occur) and no U+2028/U+2029. All of them can only occur inside
/// JSON strings, where `\u` escapes mean the same characters.
fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    script_safe(&json)
}

/// [`script_json`]'s escaping of JSON text already written.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// `bytes` in the zlib format, which `DecompressionStream('deflate')` reads. The fastest level:
/// the best one saves a sixth more for four times the time.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// `sha256-<base64>` of an inline script or stylesheet, as CSP expects it.
fn csp_hash(content: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(content.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Everything the script needs, as one JSON document.
#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    sources: Vec<JsonSource<'a>>,
    claims: Vec<PageClaim<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a PageChanges>,
    /// Present only on a page served by `claimgraph serve`: the script connects to the update
    /// stream only then.
    #[serde(skip_serializing_if = "Option::is_none")]
    live: Option<PageLive<'a>>,
    /// What `claimgraph analyze` says about the map's questions (not on a diff page, whose map
    /// is the union of two revisions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    questions: Vec<PageQuestion>,
}

/// A question of the map, its grounded label and the claims it hangs on.
#[derive(Serialize)]
struct PageQuestion {
    id: String,
    verdict: crate::analyze::Label,
    cruxes: Vec<String>,
}

#[derive(Serialize)]
struct PageLive<'a> {
    version: &'a str,
}

/// A claim for the script. What the script can work out is left out (who supports and
/// contradicts it is found from the other claims' lists), and so are empty and default values:
/// the data is most of a big map's page.
#[derive(Serialize)]
struct PageClaim<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<PageEvidence<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    supports: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contradicts: Vec<&'a str>,
    /// Its grounded label (`claimgraph analyze`); absent on a diff page.
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<crate::analyze::Label>,
    /// The questions whose label this claim's removal would change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    crux_of: Vec<String>,
}

/// A piece of evidence for the script; absent fields have their usual value (`anchored`, one
/// occurrence, ending on its first line, no closest passage).
#[derive(Serialize)]
struct PageEvidence<'a> {
    source: &'a str,
    stance: crate::model::Stance,
    /// Who holds the view a `reports` passage reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    holder: Option<&'a str>,
    quote: &'a str,
    /// `anchored` (left out), `not-found` or `unchecked` (the source could not be read).
    #[serde(skip_serializing_if = "is_anchored")]
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    /// Left out when the passage ends on its first line.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "is_one")]
    occurrences: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<PageContext>,
    /// Line of the closest passage, when the quote did not anchor.
    #[serde(skip_serializing_if = "Option::is_none")]
    closest_line: Option<u32>,
}

fn is_anchored(status: &&str) -> bool {
    *status == "anchored"
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// A quote in its source: text before, the passage as `[text, is_quoted]` runs (elided gaps
/// are not quoted), text after. The passage is left out when it is the quote itself, as most
/// are.
#[derive(Serialize)]
struct PageContext {
    before: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    passage: Vec<(String, bool)>,
    after: String,
}

impl<'a> PageData<'a> {
    fn new(
        map: &'a Map,
        diagnostics: &'a [Diagnostic],
        title: &'a str,
        options: &'a PageOptions,
    ) -> Self {
        let context_chars = if options.context_chars == 0 {
            DEFAULT_CONTEXT_CHARS
        } else {
            options.context_chars
        };
        let sources = map.source_index();
        let questions = match options.changes {
            Some(_) => Vec::new(),
            None => page_questions(map),
        };
        let verdicts = match options.changes {
            Some(_) => Vec::new(),
            None => crate::analyze::grounded_labels(map),
        };
        let claims: Vec<PageClaim<'a>> = map
            .claims
            .iter()
            .enumerate()
            .map(|(i, claim)| PageClaim {
                id: &claim.id.value,
                text: &claim.text.value,
                tags: dedup(claim.tags.iter().map(|t| t.value.as_str())),
                note: claim.note.as_deref(),
                evidence: claim
                    .evidence
                    .iter()
                    .map(|e| evidence(&sources, e, context_chars))
                    .collect(),
                supports: dedup(claim.supports.iter().map(|t| t.value.as_str())),
                contradicts: dedup(claim.contradicts.iter().map(|t| t.value.as_str())),
                verdict: verdicts.get(i).copied(),
                crux_of: questions
                    .iter()
                    .filter(|q| q.cruxes.contains(&claim.id.value))
                    .map(|q| q.id.clone())
                    .collect(),
            })
            .collect();
        // The same entries as `check -f json` and `render -f json`: one view model.
        let text_of = |file: &std::path::Path| map.text_of(file);
        let summary = Summary::of(Some(map), diagnostics);
        let diagnostics = crate::diagnostic::json::views(diagnostics, &text_of);
        let sources = map.sources.iter().map(JsonSource::of).collect();
        PageData {
            title,
            summary,
            diagnostics,
            sources,
            claims,
            changes: options.changes.as_ref(),
            live: options.live.as_deref().map(|version| PageLive { version }),
            questions,
        }
    }
}

/// Past this many claims the page leaves cruxes out: finding them labels the map again once
/// per candidate (`claimgraph analyze` still reports them).
const CRUX_LIMIT: usize = 2_000;

/// The map's `questions:` with their labels and cruxes, as `claimgraph analyze` finds them.
fn page_questions(map: &Map) -> Vec<PageQuestion> {
    if map.questions.is_empty() || map.claims.len() > CRUX_LIMIT {
        return Vec::new();
    }
    match crate::analyze::analyze(map, &crate::analyze::Options::default()) {
        Ok(analysis) => analysis
            .questions
            .into_iter()
            .map(|q| PageQuestion {
                id: q.id,
                verdict: q.label,
                cruxes: q.cruxes.into_iter().map(|c| c.id).collect(),
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn dedup<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn evidence<'a>(
    sources: &foldhash::HashMap<&str, &'a crate::model::Source>,
    e: &'a crate::model::Evidence,
    context_chars: usize,
) -> PageEvidence<'a> {
    let text = sources.get(e.source.value.as_str()).and_then(|s| s.text());
    let (status, line, end_line, occurrences, context, closest_line) = match (&e.anchor, text) {
        (AnchorResult::Found(a), Some(text)) => {
            let around = anchor::context(text, a, context_chars);
            let mut runs = passage(text, &a.fragments);
            if matches!(runs.as_slice(), [(run, true)] if *run == e.quote.value) {
                runs.clear();
            }
            let context = PageContext {
                before: around.before,
                passage: runs,
                after: around.after,
            };
            (
                "anchored",
                Some(a.line),
                (a.end_line != a.line).then_some(a.end_line),
                a.occurrences,
                Some(context),
                None,
            )
        }
        (AnchorResult::Found(a), None) => (
            "anchored",
            Some(a.line),
            (a.end_line != a.line).then_some(a.end_line),
            a.occurrences,
            None,
            None,
        ),
        (AnchorResult::NotFound(nf), _) => (
            "not-found",
            None,
            None,
            0,
            None,
            nf.closest.as_ref().map(|c| c.line),
        ),
        (AnchorResult::Pending, _) => ("unchecked", None, None, 0, None, None),
    };
    PageEvidence {
        source: &e.source.value,
        stance: e.stance,
        holder: e.holder.as_deref(),
        quote: &e.quote.value,
        status,
        line,
        end_line,
        occurrences,
        context,
        closest_line,
    }
}

/// The quoted passage as runs: each fragment quoted, the elided text between them not, with
/// whitespace folded like [`anchor::context`] folds it.
fn passage(text: &str, fragments: &[std::ops::Range<usize>]) -> Vec<(String, bool)> {
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for range in fragments {
        let (start, end) = (range.start.min(text.len()), range.end.min(text.len()));
        if let Some(gap_start) = previous_end
            && let Some(gap) = text.get(gap_start..start)
        {
            runs.push((squash(gap), false));
        }
        if let Some(quoted) = text.get(start..end.max(start)) {
            runs.push((squash(quoted), true));
        }
        previous_end = Some(end.max(start));
    }
    if let Some(first) = runs.first_mut() {
        first.0 = first.0.trim_start().to_string();
    }
    if let Some(last) = runs.last_mut() {
        last.0 = last.0.trim_end().to_string();
    }
    runs.retain(|(run, _)| !run.is_empty());
    runs
}

/// Folds each run of whitespace into one space, keeping a space at either end.
fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let json = script_json(&["</script><script>alert(1)</script>", "<!-- & \u{2028}"]);
        assert!(
            !json.contains('<') && !json.contains('>') && !json.contains('&'),
            "{json}"
        );
        assert!(!json.contains('\u{2028}'), "{json}");
        let back: Vec<String> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(
            back,
            ["</script><script>alert(1)</script>", "<!-- & \u{2028}"]
        );
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // sha256("") as CSP writes it (checked with `openssl dgst -sha256 -binary | base64`).
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn the_assets_cannot_end_their_own_elements() {
        assert!(!SCRIPT.to_lowercase().contains("</script"));
        assert!(!STYLE.to_lowercase().contains("</style"));
    }

    #[test]
    fn passage_marks_fragments_and_leaves_elided_text_unmarked() {
        let text = "One  two\nthree four five.";
        let runs = passage(text, &[0..3, 15..19]);
        assert_eq!(
            runs,
            [
                ("One".to_string(), true),
                (" two three ".to_string(), false),
                ("four".to_string(), true)
            ]
        );
    }

    #[test]
    fn only_a_live_page_may_connect_and_only_to_its_own_origin() {
        let offline = content_security_policy(false);
        let live = content_security_policy(true);
        assert!(!offline.contains("connect-src"), "{offline}");
        assert_eq!(
            live.replace("connect-src 'self'; ", ""),
            offline,
            "the live policy adds connect-src 'self' and nothing else"
        );
    }

    #[test]
    fn fragment_percent_encodes_everything_outside_the_id_alphabet() {
        assert_eq!(fragment("a-b_1"), "a-b_1");
        assert_eq!(fragment("a\"b c"), "a%22b%20c");
    }
}
