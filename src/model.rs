//! The resolved argument map: what every later stage (validation, rendering, diff, the HTML
//! view) works on.
//!
//! The model is deliberately forgiving: it holds whatever the curator wrote, including dangling
//! ids and quotes that do not anchor, so that `validate` can report every finding in one run and
//! `render --allow-errors` can still draw a broken map. Every value that came from `claims.yaml`
//! keeps its [`Span`] so that diagnostics and diffs can point back at the line.

use foldhash::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

/// A place in a text file: byte range plus 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Length in bytes.
    pub len: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, counted in characters.
    pub column: u32,
}

impl Span {
    /// The byte range covered by the span.
    pub fn range(&self) -> Range<usize> {
        self.start..self.start + self.len
    }
}

/// A string value from `claims.yaml` together with where it was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where the value stands in `claims.yaml`.
    #[serde(skip)]
    pub span: Span,
}

impl<T> Located<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A loaded argument map.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Map {
    /// The map file as given on the command line (used in diagnostics).
    pub path: PathBuf,
    /// The full text of the map file, for diagnostics snippets.
    pub yaml: Arc<String>,
    /// Format version (currently always 1).
    pub version: u32,
    /// Optional title of the map.
    pub title: Option<String>,
    /// The corpus folder, as resolved relative to the map file.
    pub corpus_dir: PathBuf,
    /// Every source: each corpus file, plus entries declared in `sources:` whose file is absent.
    pub sources: Vec<Source>,
    /// Claims in file order.
    pub claims: Vec<Claim>,
    /// Warning codes silenced for the whole map, as written (`allow:` at the top).
    pub allow: Vec<Located<String>>,
    /// The map's central questions, as written (`questions:` at the top): claim ids.
    pub questions: Vec<Located<String>>,
    /// Files of the corpus folder in a document format claimgraph does not read (`.pdf`,
    /// `.docx`, `.html`, …), by name: they are no sources until their text is extracted.
    pub unsupported: Vec<String>,
}

impl Map {
    /// Index of the first claim with this id.
    pub fn claim_index(&self) -> HashMap<&str, usize> {
        let mut index = HashMap::with_capacity_and_hasher(self.claims.len(), Default::default());
        for (i, claim) in self.claims.iter().enumerate() {
            index.entry(claim.id.value.as_str()).or_insert(i);
        }
        index
    }

    /// The first source with each id: for lookups in loops ([`Map::source`] is a linear scan,
    /// and once per quote made drawing a 100k-claim map quadratic).
    pub fn source_index(&self) -> HashMap<&str, &Source> {
        let mut index = HashMap::with_capacity_and_hasher(self.sources.len(), Default::default());
        for source in &self.sources {
            index.entry(source.id.as_str()).or_insert(source);
        }
        index
    }

    /// The claim with this id, if any.
    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id.value == id)
    }

    /// The source with this id, if any.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The text of a file a finding points into: the map file, or a source that was read.
    pub fn text_of(&self, file: &std::path::Path) -> Option<Arc<String>> {
        if self.path == file {
            return Some(self.yaml.clone());
        }
        self.sources
            .iter()
            .find(|s| s.path == file)
            .and_then(|s| match &s.content {
                SourceContent::Text(text) => Some(text.clone()),
                _ => None,
            })
    }

    /// The claims with an edge into the claim at `index`, with the edge kind, by position
    /// (the first claim of a duplicated id stands for it, as in every drawing).
    pub fn incoming(&self, index: usize) -> Vec<(usize, EdgeKind)> {
        crate::graph::ClaimGraph::new(self).incoming(index)
    }

    /// Every claim-to-claim edge, in file order (dangling targets included).
    pub fn edges(&self) -> impl Iterator<Item = Edge<'_>> {
        self.claims.iter().flat_map(|claim| {
            let supports = claim.supports.iter().map(move |target| Edge {
                from: &claim.id.value,
                to: target,
                kind: EdgeKind::Supports,
            });
            let contradicts = claim.contradicts.iter().map(move |target| Edge {
                from: &claim.id.value,
                to: target,
                kind: EdgeKind::Contradicts,
            });
            supports.chain(contradicts)
        })
    }
}

/// How a claim relates to another claim, or a passage to a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// The claim (or passage) gives a reason for the target.
    Supports,
    /// The claim (or passage) gives a reason against the target.
    Contradicts,
}

impl EdgeKind {
    /// The word used in `claims.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Supports => "supports",
            EdgeKind::Contradicts => "contradicts",
        }
    }
}

/// What a passage says about its claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The source argues for the claim.
    Supports,
    /// The source argues against the claim.
    Contradicts,
    /// The source shows that someone holds the claim without endorsing it: evidence of the
    /// view, not of its truth. Counts neither for nor against the claim.
    Reports,
}

impl Stance {
    /// The word used in `claims.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
            Stance::Reports => "reports",
        }
    }

    /// The relation to the claim's truth, if the passage takes a side.
    pub fn edge(self) -> Option<EdgeKind> {
        match self {
            Stance::Supports => Some(EdgeKind::Supports),
            Stance::Contradicts => Some(EdgeKind::Contradicts),
            Stance::Reports => None,
        }
    }
}

impl From<EdgeKind> for Stance {
    fn from(kind: EdgeKind) -> Self {
        match kind {
            EdgeKind::Supports => Stance::Supports,
            EdgeKind::Contradicts => Stance::Contradicts,
        }
    }
}

/// One claim-to-claim edge as written in the map.
#[derive(Clone, Copy, Debug)]
pub struct Edge<'a> {
    /// Id of the claim that has the `supports`/`contradicts` list.
    pub from: &'a str,
    /// The target id as written (may name no claim).
    pub to: &'a Located<String>,
    /// Supports or contradicts.
    pub kind: EdgeKind,
}

/// A claim: a proposition in the curator's words, its citations and its relations.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Claim {
    /// Unique id (lowercase letters, digits and `-`).
    pub id: Located<String>,
    /// The proposition.
    pub text: Located<String>,
    /// Theme tags.
    pub tags: Vec<Located<String>>,
    /// Free-text curator's note.
    pub note: Option<String>,
    /// Where the note was written.
    pub note_span: Option<Span>,
    /// Source passages cited for (or against) the claim.
    pub evidence: Vec<Evidence>,
    /// Ids of the claims this claim supports.
    pub supports: Vec<Located<String>>,
    /// Ids of the claims this claim contradicts.
    pub contradicts: Vec<Located<String>>,
    /// Warning codes silenced for this claim, as written.
    pub allow: Vec<Located<String>>,
}

/// A cited passage of a source.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Evidence {
    /// The source id as written.
    pub source: Located<String>,
    /// The quote as written.
    pub quote: Located<String>,
    /// Whether the passage backs or disputes the claim, or reports that someone holds it.
    pub stance: Stance,
    /// Who holds the view a `reports` passage reports, as written.
    pub holder: Option<String>,
    /// Where the quote was found; filled by anchoring (part of [`crate::check`]).
    pub anchor: AnchorResult,
}

/// The outcome of looking a quote up in its source.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AnchorResult {
    /// Not looked up (the source is missing or unreadable, or anchoring has not run).
    #[default]
    Pending,
    /// The quote occurs in the source.
    Found(Anchor),
    /// The quote does not occur in the source.
    NotFound(Box<NotFound>),
}

impl AnchorResult {
    /// The anchor, when the quote was found.
    pub fn found(&self) -> Option<&Anchor> {
        match self {
            AnchorResult::Found(anchor) => Some(anchor),
            _ => None,
        }
    }
}

/// Where a quote stands in the original (unnormalised) text of its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Anchor {
    /// Byte range of the whole quote (first fragment's start to last fragment's end).
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub column: u32,
    /// 1-based line of the last byte.
    pub end_line: u32,
    /// Byte ranges of each fragment (one unless the quote has elisions).
    pub fragments: Vec<Range<usize>>,
    /// How many places in the source the quote matches (more than one is ambiguous).
    pub occurrences: usize,
}

/// Why a quote did not anchor, with the closest passage found instead.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NotFound {
    /// The fragment that did not occur (the whole quote unless it has elisions).
    pub missing_fragment: String,
    /// True when every fragment occurs but not in order or not close together.
    pub elision_too_far: bool,
    /// The most similar passage in the cited source.
    pub closest: Option<Closest>,
    /// Another source in which the quote occurs verbatim.
    pub found_in_other: Option<(String, u32)>,
}

/// A near match for a quote that did not anchor.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Closest {
    /// The passage, from the original text, whitespace folded.
    pub passage: String,
    /// 1-based line where it starts.
    pub line: u32,
    /// Similarity between 0 and 1 (normalised Levenshtein over characters).
    pub similarity: f64,
}

/// A source text in the corpus.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Source {
    /// The id evidence uses: the file stem, or the id of its `sources:` entry.
    pub id: String,
    /// The file name relative to the corpus folder as written (or found).
    pub file: String,
    /// The resolved path of the file.
    pub path: PathBuf,
    /// Metadata from the `sources:` entry, if any.
    pub meta: SourceMeta,
    /// The text, or why it could not be read.
    pub content: SourceContent,
    /// When `file` is written as a path to the corpus folder from elsewhere (an absolute path,
    /// or `corpus/x.txt` relative to the map) rather than inside it: the name inside it meant.
    pub meant: Option<String>,
}

impl Source {
    /// The text when it was read.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            SourceContent::Text(text) => Some(text),
            _ => None,
        }
    }

    /// A short name for diagrams: the title, or the id.
    pub fn short_name(&self) -> &str {
        self.meta.title.as_deref().unwrap_or(&self.id)
    }
}

/// Bibliographic metadata of a source, from its `sources:` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SourceMeta {
    /// Where the entry's `id` was written; `None` for undeclared corpus files.
    #[serde(skip)]
    pub declared_at: Option<Span>,
    /// Title.
    pub title: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Address of the original.
    pub url: Option<String>,
    /// Whose voice the text is, when its authors alone do not show it.
    pub voice: Option<String>,
}

/// The text of a source, or what went wrong reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceContent {
    /// The file was read and is valid UTF-8 (a leading BOM is kept: anchoring ignores it).
    Text(Arc<String>),
    /// The file does not exist.
    Missing,
    /// The file is not UTF-8; the byte offset and line of the first invalid byte.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: u32,
        /// A guess at the encoding, e.g. "UTF-16" or "Windows-1252".
        guess: Option<&'static str>,
    },
    /// Larger than the limit.
    TooLarge(u64),
    /// Could not be read.
    Unreadable(String),
    /// The file resolves outside the corpus folder.
    OutsideCorpus(PathBuf),
}

/// Line starts of a text, for turning byte offsets into line and column.
///
/// This is the program's one line-and-column rule, used for spans, anchors and every printer
/// (human, short, JSON, GitHub, SARIF, GitLab): `\n`, `\r\n` and a lone `\r` each end a line,
/// and columns count characters. Spans keep their byte range too, so a consumer that counts
/// columns differently (a language server's UTF-16) can derive its own.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass with memchr).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 60 + 1);
        starts.push(0);
        let mut after_cr = usize::MAX;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' && after_cr == i {
                // The `\n` of a `\r\n`: the line already ended at the `\r`.
                if let Some(last) = starts.last_mut() {
                    *last = i + 1;
                }
                continue;
            }
            starts.push(i + 1);
            if bytes[i] == b'\r' {
                after_cr = i + 1;
            }
        }
        LineIndex { starts }
    }

    /// Byte offsets where each line starts (the first is 0).
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// 1-based line and character column of a byte offset in `text`.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let span = self.span(text, offset, 0);
        (span.line, span.column)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&start| start <= offset);
        line.max(1) as u32
    }

    /// Byte offset where a 1-based line starts (clamped to the last line).
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) as usize - 1).min(self.starts.len() - 1);
        self.starts[i]
    }

    /// The span of `len` bytes at `offset` in `text`, with line and character column.
    pub fn span(&self, text: &str, offset: usize, len: usize) -> Span {
        let offset = floor_char_boundary(text, offset);
        let line = self.line(offset);
        let start = self.line_start(line);
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1) as u32;
        Span {
            start: offset,
            len: len.min(text.len() - offset),
            line,
            column,
        }
    }
}

/// The largest char boundary at or before `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_a_lone_cr_each_end_one_line() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.starts(), &[0, 2, 5, 7]);
        for (needle, line) in [("a", 1), ("b", 2), ("c", 3), ("d", 4)] {
            let at = text.find(needle).unwrap_or_default();
            assert_eq!(index.position(text, at), (line, 1), "{needle}");
        }
        // The `\n` of a `\r\n` is on the line it ends, not at the start of the next.
        assert_eq!(index.line(4), 2);
    }

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\nçé x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or_default();
        let span = index.span(text, x, 1);
        assert_eq!((span.line, span.column), (2, 4));
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(text.len()), 3);
    }
}
