//! Semantic diff of two maps: what an edit does to the argument, not which YAML lines moved.
//!
//! Argument maps are curated in git by several people over months; a reviewer needs to see
//! claims added, removed and renamed, texts reworded, quotes edited or broken by a corpus edit,
//! edges added and flipped, and whether `check` got better or worse. Everything that only changes
//! how the YAML is written (order of claims and lists, comments, whitespace, quoting style) is
//! no change.
//!
//! The module is pure: it takes two [`crate::Checked`] maps (from disk, or from a git revision
//! through [`crate::load::git`]) and returns a [`Diff`], plain data that the printers turn into
//! text, JSON or Markdown, and that [`overlay`] turns into a coloured union diagram.
//!
//! - `matching`: which old claim is which new claim (ids, then renames);
//! - `changes`: the changes of matched claims, their evidence, edges, sources, quote drift and
//!   the check verdict;
//! - `words`: word-level diffs and line alignment of source texts;
//! - [`text`], [`json`], [`markdown`]: the printers; [`overlay`]: the diagram.

mod changes;
pub mod json;
pub mod markdown;
pub(crate) mod matching;
pub mod overlay;
pub mod text;
pub(crate) mod words;

use serde::Serialize;

use crate::diagnostic::{Counts, Severity};
use crate::model::EdgeKind;

pub use changes::diff;
pub use matching::{Rename, RenameBasis};
pub use words::{WordOp, WordTag};

/// A value before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    /// Before.
    pub old: T,
    /// After.
    pub new: T,
}

/// Everything that changed between two maps.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Diff {
    /// False when the old map file could not be parsed (only findings are compared then).
    pub old_parsed: bool,
    /// False when the new map file could not be parsed.
    pub new_parsed: bool,
    /// The map's title, when it changed.
    pub title: Option<Change<Option<String>>>,
    /// Claims added, removed, renamed or edited, in the new map's order (removed claims after,
    /// in the old map's order).
    pub claims: Vec<ClaimDiff>,
    /// Edges added, removed or flipped, by new claim ids (a removed claim keeps its old id).
    pub edges: Vec<EdgeChange>,
    /// Sources added, removed or changed, by id.
    pub sources: Vec<SourceDiff>,
    /// Findings of `check` that the change introduced and that it fixed.
    pub findings: FindingsDiff,
    /// Claims in both maps whose grounded label (`claimgraph analyze`) changed, by new id, in
    /// the new map's order.
    pub verdicts: Vec<VerdictChange>,
    /// The map files or corpus texts differ in bytes, even when nothing above changed (then the
    /// difference is formatting, order or comments).
    pub bytes_differ: bool,
}

/// A claim whose acceptability changed: `taliban-need-western-aid: in → out`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerdictChange {
    /// The claim's id in the new map.
    pub id: String,
    /// Its grounded label in the old map.
    pub old: crate::analyze::Label,
    /// Its grounded label in the new map.
    pub new: crate::analyze::Label,
}

/// What happened to a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    /// Only in the new map.
    Added,
    /// Only in the old map.
    Removed,
    /// Its id changed (it may have other changes too).
    Renamed,
    /// Same id, something else changed.
    Modified,
}

impl ClaimStatus {
    /// The name used in the JSON document and on the HTML page.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Added => "added",
            ClaimStatus::Removed => "removed",
            ClaimStatus::Renamed => "renamed",
            ClaimStatus::Modified => "modified",
        }
    }
}

/// The changes of one claim.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimDiff {
    /// Added, removed, renamed or modified.
    pub status: ClaimStatus,
    /// The id in the new map (the old id for a removed claim).
    pub id: String,
    /// The old id, when it was renamed.
    pub old_id: Option<String>,
    /// Why it was taken for a rename.
    pub rename: Option<Rename>,
    /// Line of the claim in the new map file (in the old one for a removed claim).
    pub line: u32,
    /// The claim's text (the new one; the old one for a removed claim).
    pub text: String,
    /// The text before and after with its word-level diff, when it changed.
    pub text_change: Option<TextChange>,
    /// Tags added and removed.
    pub tags: Option<ListChange>,
    /// The note, when it changed.
    pub note: Option<Change<Option<String>>>,
    /// Evidence added, removed or changed.
    pub evidence: Vec<EvidenceDiff>,
}

impl ClaimDiff {
    /// Whether the claim's own content (text, tags, note, evidence) changed.
    pub fn content_changed(&self) -> bool {
        self.text_change.is_some()
            || self.tags.is_some()
            || self.note.is_some()
            || !self.evidence.is_empty()
    }
}

/// A text before and after, with the word-level diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextChange {
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
    /// The words kept, removed and added, in order.
    pub words: Vec<WordOp>,
}

/// Items added to and removed from an unordered list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListChange {
    /// Only in the new list.
    pub added: Vec<String>,
    /// Only in the old list.
    pub removed: Vec<String>,
}

/// One kind of change of a cited passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceChange {
    /// Newly cited.
    Added,
    /// No longer cited.
    Removed,
    /// Same source, the quote's wording changed.
    QuoteEdited,
    /// Same quote, now cited from another source.
    SourceChanged,
    /// Supports ↔ contradicts.
    StanceFlipped,
    /// It anchored in its source before and does not any more.
    Broken,
    /// It did not anchor before and does now.
    Repaired,
    /// It anchors in both, but in another place of the source (quote drift).
    Moved,
}

impl EvidenceChange {
    /// The kebab-case name used in JSON and Markdown.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceChange::Added => "added",
            EvidenceChange::Removed => "removed",
            EvidenceChange::QuoteEdited => "quote-edited",
            EvidenceChange::SourceChanged => "source-changed",
            EvidenceChange::StanceFlipped => "stance-flipped",
            EvidenceChange::Broken => "broken",
            EvidenceChange::Repaired => "repaired",
            EvidenceChange::Moved => "moved",
        }
    }
}

/// Where a quote stands in its source, as far as the diff is concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum AnchorState {
    /// Found, starting at this 1-based line and column of the source.
    Anchored {
        /// Line of the first byte.
        line: u32,
        /// Column (characters) of the first byte.
        column: u32,
    },
    /// Not found in its source.
    NotFound,
    /// Not looked up: the source is missing or unreadable.
    Unchecked,
}

impl AnchorState {
    /// Whether the quote was found.
    pub fn is_anchored(&self) -> bool {
        matches!(self, AnchorState::Anchored { .. })
    }

    /// Where the quote stands, in words: `line 12`, `not found` or `source unreadable`.
    pub fn describe(&self) -> String {
        match self {
            AnchorState::Anchored { line, .. } => format!("line {line}"),
            AnchorState::NotFound => "not found".to_string(),
            AnchorState::Unchecked => "source unreadable".to_string(),
        }
    }
}

/// One side of a cited passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceSide {
    /// The source id.
    pub source: String,
    /// The quote as written (whitespace folded).
    pub quote: String,
    /// Supports or contradicts the claim.
    pub stance: crate::model::Stance,
    /// Whether and where it anchors.
    pub anchor: AnchorState,
}

/// A cited passage that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceDiff {
    /// What changed (added and removed stand alone; the others may combine).
    pub changes: Vec<EvidenceChange>,
    /// Before (absent when added).
    pub old: Option<EvidenceSide>,
    /// After (absent when removed).
    pub new: Option<EvidenceSide>,
    /// The quote's word-level diff, when it was edited.
    pub quote_words: Option<Vec<WordOp>>,
}

impl EvidenceDiff {
    /// The side to show: the new one, or the old one when removed.
    pub fn shown(&self) -> Option<&EvidenceSide> {
        self.new.as_ref().or(self.old.as_ref())
    }

    /// What happened to a quote kept on both sides, in the order every printer lists it
    /// (the printers only style these; a quote edit is shown in the body, not here).
    pub fn notes(&self) -> Vec<EvidenceNote> {
        let (old, new) = (self.old.as_ref(), self.new.as_ref());
        let Some(shown) = self.shown() else {
            return Vec::new();
        };
        let has = |c: EvidenceChange| self.changes.contains(&c);
        let place =
            |side: Option<&EvidenceSide>| side.map(|s| s.anchor.describe()).unwrap_or_default();
        let (was, is) = (place(old), place(new));
        let mut notes = Vec::new();
        if has(EvidenceChange::SourceChanged) {
            let from = old.map_or("?", |o| o.source.as_str()).to_string();
            notes.push(EvidenceNote::SourceChanged {
                from,
                to: shown.source.clone(),
            });
        }
        if has(EvidenceChange::StanceFlipped) {
            notes.push(EvidenceNote::StanceFlipped {
                from: old.map_or("?", |o| o.stance.as_str()),
                to: shown.stance.as_str(),
            });
        }
        if has(EvidenceChange::Broken) {
            notes.push(EvidenceNote::Broken {
                was: was.clone(),
                is: is.clone(),
            });
        }
        if has(EvidenceChange::Moved) {
            notes.push(EvidenceNote::Moved {
                was: was.clone(),
                is: is.clone(),
            });
        }
        if has(EvidenceChange::Repaired) {
            notes.push(EvidenceNote::Repaired { was, is });
        }
        notes
    }
}

/// One thing that happened to a kept quote (see [`EvidenceDiff::notes`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceNote {
    /// Now cited from another source.
    SourceChanged {
        /// The old source id.
        from: String,
        /// The new source id.
        to: String,
    },
    /// Supports became contradicts or the other way round.
    StanceFlipped {
        /// The old stance.
        from: &'static str,
        /// The new stance.
        to: &'static str,
    },
    /// Anchored before, not now.
    Broken {
        /// Where it was ([`AnchorState::describe`]).
        was: String,
        /// Where it is.
        is: String,
    },
    /// Anchored on both sides, somewhere else now.
    Moved {
        /// Where it was.
        was: String,
        /// Where it is.
        is: String,
    },
    /// Not anchored before, anchored now.
    Repaired {
        /// Where it was.
        was: String,
        /// Where it is.
        is: String,
    },
}

/// What happened to an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeStatus {
    /// Only in the new map.
    Added,
    /// Only in the old map.
    Removed,
    /// Supports became contradicts or the other way round.
    Flipped,
}

/// An edge that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EdgeChange {
    /// Added, removed or flipped.
    pub status: EdgeStatus,
    /// The claim with the `supports`/`contradicts` list.
    pub from: String,
    /// The target claim.
    pub to: String,
    /// The kind now (the old kind for a removed edge).
    pub kind: EdgeKind,
    /// The kind before, for a flipped edge.
    pub old_kind: Option<EdgeKind>,
}

/// What happened to a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceStatus {
    /// Only in the new corpus.
    Added,
    /// Only in the old corpus.
    Removed,
    /// Its file, metadata or text changed.
    Modified,
}

/// A source metadata field before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `file`, `title`, `authors`, `published`, `publisher` or `url`.
    pub field: &'static str,
    /// Before (authors joined by `; `).
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// How a source's text changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextStats {
    /// Lines added.
    pub lines_added: usize,
    /// Lines removed.
    pub lines_removed: usize,
    /// Quotes (of claims in both maps) that no longer anchor because of it.
    pub quotes_broken: usize,
    /// Quotes that anchor elsewhere because of it.
    pub quotes_moved: usize,
}

/// A source that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceDiff {
    /// Added, removed or modified.
    pub status: SourceStatus,
    /// The source id.
    pub id: String,
    /// The file inside the corpus folder (new, or old when removed).
    pub file: String,
    /// Metadata fields (and `file`) that changed.
    pub fields: Vec<FieldChange>,
    /// Whether the text could be read, when that changed (`text`, `missing`, `not-utf8`, ...).
    pub readable: Option<Change<String>>,
    /// How the text changed, when it did.
    pub text: Option<TextStats>,
}

/// How a printer writes the pieces of a modified source's summary.
pub(crate) struct SourceStyle<'a> {
    /// A field's value, quoted (and escaped) for the output.
    pub quote: &'a dyn Fn(&str) -> String,
    /// The sign of removed lines (`-` or `−`).
    pub minus: &'a str,
    /// Put before the count of broken quotes (a warning sign, or nothing).
    pub broken_mark: &'a str,
}

impl SourceDiff {
    /// The parts of a modified source's one-line summary, in the order every printer shows them:
    /// changed fields, readability, then the text edit with its broken and moved quotes.
    pub(crate) fn summary_parts(&self, style: &SourceStyle<'_>) -> Vec<String> {
        let show = |v: &Option<String>| v.as_deref().map_or("(none)".to_string(), style.quote);
        let mut parts: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{} {} → {}", f.field, show(&f.old), show(&f.new)))
            .collect();
        if let Some(readable) = &self.readable {
            parts.push(format!("content {} → {}", readable.old, readable.new));
        }
        if let Some(text) = &self.text {
            let mut t = format!(
                "text edited (+{} {}{} lines)",
                text.lines_added, style.minus, text.lines_removed
            );
            for (count, mark, what) in [
                (text.quotes_broken, style.broken_mark, "broken"),
                (text.quotes_moved, "", "moved"),
            ] {
                if count > 0 {
                    let noun = if count == 1 { "quote" } else { "quotes" };
                    t.push_str(&format!(", {mark}{count} {noun} {what}"));
                }
            }
            parts.push(t);
        }
        parts
    }
}

/// A finding of `check`, as compared across the two maps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The diagnostic code, e.g. `quote-not-found`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// The file, relative to the map's folder.
    pub file: String,
    /// 1-based line in that file, when the finding points at one.
    pub line: Option<u32>,
}

/// Findings introduced and fixed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FindingsDiff {
    /// Errors and warnings of the old map.
    pub old_counts: Counts,
    /// Errors and warnings of the new map.
    pub new_counts: Counts,
    /// In the new map's findings, not the old one's (with new lines).
    pub introduced: Vec<Finding>,
    /// In the old map's findings, not the new one's (with old lines).
    pub fixed: Vec<Finding>,
}

/// Counts of every kind of change, for the one-line summary and CI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Claims only in the new map.
    pub claims_added: usize,
    /// Claims only in the old map.
    pub claims_removed: usize,
    /// Claims whose id changed.
    pub claims_renamed: usize,
    /// Claims in both whose text, tags, note or evidence changed.
    pub claims_edited: usize,
    /// Edges only in the new map.
    pub edges_added: usize,
    /// Edges only in the old map.
    pub edges_removed: usize,
    /// Edges flipped between supports and contradicts.
    pub edges_flipped: usize,
    /// Quotes newly cited (added claims' included).
    pub quotes_added: usize,
    /// Quotes no longer cited (removed claims' included).
    pub quotes_removed: usize,
    /// Quotes reworded or cited from another source.
    pub quotes_edited: usize,
    /// Evidence whose stance flipped.
    pub stances_flipped: usize,
    /// Quotes that anchored and no longer do.
    pub quotes_broken: usize,
    /// Quotes that anchor in another place of their source.
    pub quotes_moved: usize,
    /// Quotes that did not anchor and now do.
    pub quotes_repaired: usize,
    /// Sources added.
    pub sources_added: usize,
    /// Sources removed.
    pub sources_removed: usize,
    /// Sources whose file, metadata or text changed.
    pub sources_changed: usize,
    /// Findings of check the change introduced.
    pub findings_introduced: usize,
    /// Findings of check the change fixed.
    pub findings_fixed: usize,
    /// 1 when the map's title changed.
    pub title_changed: usize,
}

impl Summary {
    /// The number of changes of every kind together (0: no semantic change).
    pub fn total(&self) -> usize {
        let Summary {
            claims_added,
            claims_removed,
            claims_renamed,
            claims_edited,
            edges_added,
            edges_removed,
            edges_flipped,
            quotes_added,
            quotes_removed,
            quotes_edited,
            stances_flipped,
            quotes_broken,
            quotes_moved,
            quotes_repaired,
            sources_added,
            sources_removed,
            sources_changed,
            findings_introduced,
            findings_fixed,
            title_changed,
        } = *self;
        claims_added
            + claims_removed
            + claims_renamed
            + claims_edited
            + edges_added
            + edges_removed
            + edges_flipped
            + quotes_added
            + quotes_removed
            + quotes_edited
            + stances_flipped
            + quotes_broken
            + quotes_moved
            + quotes_repaired
            + sources_added
            + sources_removed
            + sources_changed
            + findings_introduced
            + findings_fixed
            + title_changed
    }

    /// The one-line summary, e.g. `+3 claims, -1 claim, 1 renamed, 4 edges added, 1 flipped`;
    /// `no semantic change` when there is none.
    pub fn line(&self) -> String {
        fn n(count: usize, one: &str, many: &str) -> String {
            format!("{count} {}", if count == 1 { one } else { many })
        }
        let mut parts: Vec<String> = Vec::new();
        if self.claims_added > 0 {
            parts.push(format!("+{}", n(self.claims_added, "claim", "claims")));
        }
        if self.claims_removed > 0 {
            parts.push(format!("-{}", n(self.claims_removed, "claim", "claims")));
        }
        if self.claims_renamed > 0 {
            parts.push(format!("{} renamed", self.claims_renamed));
        }
        if self.claims_edited > 0 {
            parts.push(format!("{} edited", self.claims_edited));
        }
        // Within a group the noun goes with the first count: "4 edges added, 1 flipped".
        let mut group = |noun: (&str, &str), items: &[(usize, &str)]| {
            let mut first = true;
            for &(count, what) in items {
                if count == 0 {
                    continue;
                }
                if first {
                    parts.push(format!("{} {what}", n(count, noun.0, noun.1)));
                    first = false;
                } else {
                    parts.push(format!("{count} {what}"));
                }
            }
        };
        group(
            ("edge", "edges"),
            &[
                (self.edges_added, "added"),
                (self.edges_removed, "removed"),
                (self.edges_flipped, "flipped"),
            ],
        );
        group(
            ("quote", "quotes"),
            &[
                (self.quotes_added, "added"),
                (self.quotes_removed, "removed"),
                (self.quotes_edited, "edited"),
                (self.quotes_broken, "broken"),
                (self.quotes_moved, "moved"),
                (self.quotes_repaired, "repaired"),
            ],
        );
        group(("stance", "stances"), &[(self.stances_flipped, "flipped")]);
        group(
            ("source", "sources"),
            &[
                (self.sources_added, "added"),
                (self.sources_removed, "removed"),
                (self.sources_changed, "changed"),
            ],
        );
        group(
            ("finding", "findings"),
            &[
                (self.findings_introduced, "introduced"),
                (self.findings_fixed, "fixed"),
            ],
        );
        if self.title_changed > 0 {
            parts.push("title changed".to_string());
        }
        if parts.is_empty() {
            "no semantic change".to_string()
        } else {
            parts.join(", ")
        }
    }
}

impl Diff {
    /// Counts of every kind of change.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for claim in &self.claims {
            match claim.status {
                ClaimStatus::Added => s.claims_added += 1,
                ClaimStatus::Removed => s.claims_removed += 1,
                ClaimStatus::Renamed => {
                    s.claims_renamed += 1;
                    if claim.text_change.is_some() || claim.tags.is_some() || claim.note.is_some() {
                        s.claims_edited += 1;
                    }
                }
                ClaimStatus::Modified => {
                    if claim.text_change.is_some() || claim.tags.is_some() || claim.note.is_some() {
                        s.claims_edited += 1;
                    }
                }
            }
            for evidence in &claim.evidence {
                for change in &evidence.changes {
                    match change {
                        EvidenceChange::Added => s.quotes_added += 1,
                        EvidenceChange::Removed => s.quotes_removed += 1,
                        EvidenceChange::QuoteEdited | EvidenceChange::SourceChanged => {
                            s.quotes_edited += 1
                        }
                        EvidenceChange::StanceFlipped => s.stances_flipped += 1,
                        EvidenceChange::Broken => s.quotes_broken += 1,
                        EvidenceChange::Repaired => s.quotes_repaired += 1,
                        EvidenceChange::Moved => s.quotes_moved += 1,
                    }
                }
            }
        }
        for edge in &self.edges {
            match edge.status {
                EdgeStatus::Added => s.edges_added += 1,
                EdgeStatus::Removed => s.edges_removed += 1,
                EdgeStatus::Flipped => s.edges_flipped += 1,
            }
        }
        for source in &self.sources {
            match source.status {
                SourceStatus::Added => s.sources_added += 1,
                SourceStatus::Removed => s.sources_removed += 1,
                SourceStatus::Modified => s.sources_changed += 1,
            }
        }
        s.findings_introduced = self.findings.introduced.len();
        s.findings_fixed = self.findings.fixed.len();
        s.title_changed = usize::from(self.title.is_some());
        s
    }

    /// Whether nothing of meaning changed (the maps may still differ in formatting).
    pub fn is_empty(&self) -> bool {
        self.summary().total() == 0
    }
}

/// How the two sides are named in printed output, e.g. `HEAD~1` and `working tree`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// The old side.
    pub old: String,
    /// The new side.
    pub new: String,
}
