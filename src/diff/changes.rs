//! Computing the [`Diff`]: matched claims compared field by field, evidence matched within each
//! claim, edges compared as sets through renames, sources by id, and the findings of `check`
//! compared as multisets.
//!
//! Everything is compared the way it is meant, not the way it is written: texts and quotes with
//! whitespace folded (a re-wrapped YAML scalar is the same text), tags, evidence and edges as
//! unordered collections, claims by id then by rename. So a commit that only reorders, reflows
//! or re-quotes the YAML yields an empty diff.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::Path;
use std::rc::Rc;

use super::matching::{Rename, fold, match_claims};
use super::words::{LineMap, word_diff};
use super::{
    AnchorState, Change, ClaimDiff, ClaimStatus, Diff, EdgeChange, EdgeStatus, EvidenceChange,
    EvidenceDiff, EvidenceSide, FieldChange, Finding, FindingsDiff, ListChange, SourceDiff,
    SourceStatus, TextChange, TextStats,
};
use crate::Checked;
use crate::diagnostic::{Counts, Diagnostic};
use crate::model::{Anchor, AnchorResult, Claim, EdgeKind, Evidence, Map, Source, SourceContent};

/// Minimum similarity (normalised Levenshtein) for a removed and an added quote of the same
/// claim and source to be shown as one edited quote.
pub const QUOTE_EDIT_THRESHOLD: f64 = 0.5;

/// Past this many removed × added quotes on one claim, quotes are not paired as edits.
const MAX_QUOTE_PAIRS: usize = 1024;

/// Compares two checked maps.
pub fn diff(old: &Checked, new: &Checked) -> Diff {
    let mut diff = Diff {
        old_parsed: old.map.is_some(),
        new_parsed: new.map.is_some(),
        bytes_differ: old.yaml != new.yaml,
        ..Diff::default()
    };
    let mut renames: HashMap<String, String> = HashMap::new();
    if let (Some(old_map), Some(new_map)) = (&old.map, &new.map) {
        let context = Context::new(old_map, new_map);
        let matching = match_claims(&old_map.claims, &new_map.claims);
        for &(i, j, rename) in &matching.pairs {
            if rename.is_some() {
                renames.insert(
                    old_map.claims[i].id.value.clone(),
                    new_map.claims[j].id.value.clone(),
                );
            }
        }
        diff.edges = compare_edges(old_map, new_map, &renames, &matching.removed);
        let edge_owners: BTreeSet<&str> = diff.edges.iter().map(|e| e.from.as_str()).collect();
        // Matched and added claims in the new map's order, then removed ones in the old order.
        // A claim whose only change is its edges gets an entry too, so printers can group by
        // claim.
        let mut ordered: Vec<(usize, ClaimDiff)> = Vec::new();
        for &(i, j, rename) in &matching.pairs {
            let (old_claim, new_claim) = (&old_map.claims[i], &new_map.claims[j]);
            if rename.is_none()
                && !edge_owners.contains(new_claim.id.value.as_str())
                && context.written_alike(old_claim, new_claim)
            {
                continue;
            }
            let claim = compare_claims(old_claim, new_claim, rename, &context);
            if rename.is_some()
                || claim.content_changed()
                || edge_owners.contains(claim.id.as_str())
            {
                ordered.push((j, claim));
            }
        }
        for &j in &matching.added {
            ordered.push((j, one_sided(&new_map.claims[j], ClaimStatus::Added)));
        }
        ordered.sort_by_key(|(j, _)| *j);
        diff.claims = ordered.into_iter().map(|(_, c)| c).collect();
        for &i in &matching.removed {
            diff.claims
                .push(one_sided(&old_map.claims[i], ClaimStatus::Removed));
        }
        diff.verdicts = verdicts(old_map, new_map, &matching.pairs);
        diff.sources = compare_sources(old_map, new_map, &context);
        diff.bytes_differ |= !diff.sources.is_empty();
        if old_map.title != new_map.title {
            diff.title = Some(Change {
                old: old_map.title.clone(),
                new: new_map.title.clone(),
            });
        }
    }
    diff.findings = compare_findings(old, new, &renames);
    diff
}

/// The matched claims whose grounded label differs between the two maps, in the new order.
fn verdicts(
    old: &Map,
    new: &Map,
    pairs: &[(usize, usize, Option<super::matching::Rename>)],
) -> Vec<super::VerdictChange> {
    let (before, after) = (
        crate::analyze::grounded_labels(old),
        crate::analyze::grounded_labels(new),
    );
    let mut changed: Vec<(usize, super::VerdictChange)> = pairs
        .iter()
        .filter(|&&(i, j, _)| before[i] != after[j])
        .map(|&(i, j, _)| {
            (
                j,
                super::VerdictChange {
                    id: new.claims[j].id.value.clone(),
                    old: before[i],
                    new: after[j],
                },
            )
        })
        .collect();
    changed.sort_by_key(|(j, _)| *j);
    changed.into_iter().map(|(_, v)| v).collect()
}

/// The sources of both sides by id, and line alignments of changed texts (made on demand).
struct Context<'a> {
    old_sources: HashMap<&'a str, &'a Source>,
    new_sources: HashMap<&'a str, &'a Source>,
    line_maps: RefCell<HashMap<String, Rc<LineMap>>>,
    /// Quotes broken and moved, by source id.
    drift: RefCell<HashMap<String, (usize, usize)>>,
    /// Sources with the same content on both sides.
    unchanged_sources: HashSet<&'a str>,
}

impl<'a> Context<'a> {
    fn new(old: &'a Map, new: &'a Map) -> Self {
        let index = |map: &'a Map| {
            let mut by_id = HashMap::new();
            for source in &map.sources {
                by_id.entry(source.id.as_str()).or_insert(source);
            }
            by_id
        };
        let (old_sources, new_sources) = (index(old), index(new));
        let unchanged_sources = old_sources
            .iter()
            .filter(|(id, a)| {
                new_sources
                    .get(*id)
                    .is_some_and(|b| match (&a.content, &b.content) {
                        (SourceContent::Text(x), SourceContent::Text(y)) => {
                            std::sync::Arc::ptr_eq(x, y) || x == y
                        }
                        (x, y) => x == y,
                    })
            })
            .map(|(id, _)| *id)
            .collect();
        Context {
            old_sources,
            new_sources,
            unchanged_sources,
            line_maps: RefCell::new(HashMap::new()),
            drift: RefCell::new(HashMap::new()),
        }
    }

    /// The two texts of a source, when both were read.
    fn texts(&self, id: &str) -> Option<(&'a str, &'a str)> {
        let old = self.old_sources.get(id)?.text()?;
        let new = self.new_sources.get(id)?.text()?;
        Some((old, new))
    }

    fn line_map(&self, id: &str, old: &str, new: &str) -> Rc<LineMap> {
        self.line_maps
            .borrow_mut()
            .entry(id.to_string())
            .or_insert_with(|| Rc::new(LineMap::new(old, new)))
            .clone()
    }

    /// Whether a quote found in both texts of `source` stands in the same place: on the line the
    /// old line became (same column), or inside the block that replaced it.
    fn same_place(&self, source: &str, old: &Anchor, new: &Anchor) -> bool {
        let Some((old_text, new_text)) = self.texts(source) else {
            return old.start == new.start;
        };
        if old_text == new_text {
            return old.start == new.start;
        }
        let map = self.line_map(source, old_text, new_text);
        let (lines, exact) = map.map(old.line as usize - 1);
        let new_line = new.line as usize - 1;
        lines.contains(&new_line) && (!exact || old.column == new.column)
    }

    /// A quick test for the common case of a claim written exactly alike in both maps, citing
    /// only sources whose text did not change: then nothing about it changed.
    fn written_alike(&self, old: &Claim, new: &Claim) -> bool {
        old.text.value == new.text.value
            && old.note == new.note
            && old.tags.len() == new.tags.len()
            && old
                .tags
                .iter()
                .zip(&new.tags)
                .all(|(a, b)| a.value == b.value)
            && old.evidence.len() == new.evidence.len()
            && old.evidence.iter().zip(&new.evidence).all(|(a, b)| {
                a.source.value == b.source.value
                    && a.quote.value == b.quote.value
                    && a.stance == b.stance
                    && a.anchor == b.anchor
                    && self.text_unchanged(&a.source.value)
            })
    }

    /// Whether a source has the same text (or the same unreadable state) on both sides.
    fn text_unchanged(&self, id: &str) -> bool {
        self.unchanged_sources.contains(id)
    }

    fn count_drift(&self, source: &str, change: EvidenceChange) {
        let mut drift = self.drift.borrow_mut();
        let entry = drift.entry(source.to_string()).or_default();
        match change {
            EvidenceChange::Broken => entry.0 += 1,
            EvidenceChange::Moved => entry.1 += 1,
            _ => {}
        }
    }
}

fn anchor_state(anchor: &AnchorResult) -> AnchorState {
    match anchor {
        AnchorResult::Found(a) => AnchorState::Anchored {
            line: a.line,
            column: a.column,
        },
        AnchorResult::NotFound(_) => AnchorState::NotFound,
        AnchorResult::Pending => AnchorState::Unchecked,
    }
}

fn side(evidence: &Evidence) -> EvidenceSide {
    EvidenceSide {
        source: evidence.source.value.clone(),
        quote: fold(&evidence.quote.value),
        stance: evidence.stance,
        anchor: anchor_state(&evidence.anchor),
    }
}

/// A claim only in one map: all its evidence added (or removed).
fn one_sided(claim: &Claim, status: ClaimStatus) -> ClaimDiff {
    let change = if status == ClaimStatus::Added {
        EvidenceChange::Added
    } else {
        EvidenceChange::Removed
    };
    let evidence = claim
        .evidence
        .iter()
        .map(|e| {
            let s = Some(side(e));
            EvidenceDiff {
                changes: vec![change],
                old: if change == EvidenceChange::Removed {
                    s.clone()
                } else {
                    None
                },
                new: if change == EvidenceChange::Added {
                    s
                } else {
                    None
                },
                quote_words: None,
            }
        })
        .collect();
    ClaimDiff {
        evidence,
        ..bare(claim, status)
    }
}

/// An entry for `claim` with no changes listed.
fn bare(claim: &Claim, status: ClaimStatus) -> ClaimDiff {
    ClaimDiff {
        status,
        id: claim.id.value.clone(),
        old_id: None,
        rename: None,
        line: claim.id.span.line,
        text: fold(&claim.text.value),
        text_change: None,
        tags: None,
        note: None,
        evidence: Vec::new(),
    }
}

/// The changes of a matched pair (possibly none).
fn compare_claims(
    old: &Claim,
    new: &Claim,
    rename: Option<Rename>,
    context: &Context<'_>,
) -> ClaimDiff {
    if rename.is_none() && context.written_alike(old, new) {
        return bare(new, ClaimStatus::Modified);
    }
    let (old_text, new_text) = (fold(&old.text.value), fold(&new.text.value));
    let text_change = (old_text != new_text).then(|| TextChange {
        words: word_diff(&old_text, &new_text),
        old: old_text,
        new: new_text.clone(),
    });
    let tag_set =
        |claim: &Claim| -> BTreeSet<String> { claim.tags.iter().map(|t| fold(&t.value)).collect() };
    let (old_tags, new_tags) = (tag_set(old), tag_set(new));
    let tags = (old_tags != new_tags).then(|| ListChange {
        added: new_tags.difference(&old_tags).cloned().collect(),
        removed: old_tags.difference(&new_tags).cloned().collect(),
    });
    let folded_note = |claim: &Claim| claim.note.as_deref().map(fold).filter(|n| !n.is_empty());
    let (old_note, new_note) = (folded_note(old), folded_note(new));
    let note = (old_note != new_note).then_some(Change {
        old: old_note,
        new: new_note,
    });
    let evidence = compare_evidence(old, new, context);
    ClaimDiff {
        status: if rename.is_some() {
            ClaimStatus::Renamed
        } else {
            ClaimStatus::Modified
        },
        id: new.id.value.clone(),
        old_id: rename.map(|_| old.id.value.clone()),
        rename,
        line: new.id.span.line,
        text: new_text,
        text_change,
        tags,
        note,
        evidence,
    }
}

/// Evidence matched by (source, quote), then removed/added pairs taken for edits.
fn compare_evidence(old: &Claim, new: &Claim, context: &Context<'_>) -> Vec<EvidenceDiff> {
    let key = |e: &Evidence| (e.source.value.clone(), fold(&e.quote.value));
    let mut by_key: HashMap<(String, String), VecDeque<usize>> = HashMap::new();
    for (i, e) in old.evidence.iter().enumerate() {
        by_key.entry(key(e)).or_default().push_back(i);
    }
    // (position for ordering, diff)
    let mut out: Vec<(usize, EvidenceDiff)> = Vec::new();
    let mut old_left = vec![true; old.evidence.len()];
    let mut new_left: Vec<usize> = Vec::new();
    for (j, e) in new.evidence.iter().enumerate() {
        let Some(i) = by_key.get_mut(&key(e)).and_then(VecDeque::pop_front) else {
            new_left.push(j);
            continue;
        };
        old_left[i] = false;
        let before = &old.evidence[i];
        let mut changes = Vec::new();
        if before.stance != e.stance {
            changes.push(EvidenceChange::StanceFlipped);
        }
        let drift = match (&before.anchor, &e.anchor) {
            (AnchorResult::Found(a), AnchorResult::Found(b)) => {
                (!context.same_place(&e.source.value, a, b)).then_some(EvidenceChange::Moved)
            }
            (AnchorResult::Found(_), _) => Some(EvidenceChange::Broken),
            (_, AnchorResult::Found(_)) => Some(EvidenceChange::Repaired),
            _ => None,
        };
        if let Some(drift) = drift {
            context.count_drift(&e.source.value, drift);
            changes.push(drift);
        }
        if !changes.is_empty() {
            out.push((
                j,
                EvidenceDiff {
                    changes,
                    old: Some(side(before)),
                    new: Some(side(e)),
                    quote_words: None,
                },
            ));
        }
    }
    let old_left: Vec<usize> = (0..old.evidence.len()).filter(|&i| old_left[i]).collect();

    // Pair leftovers: same quote from another source, or a reworded quote of the same source.
    let mut candidates: Vec<(u8, f64, usize, usize)> = Vec::new();
    if old_left.len().saturating_mul(new_left.len()) <= MAX_QUOTE_PAIRS {
        for &i in &old_left {
            for &j in &new_left {
                let (a, b) = (&old.evidence[i], &new.evidence[j]);
                let (qa, qb) = (fold(&a.quote.value), fold(&b.quote.value));
                if qa == qb {
                    candidates.push((2, 1.0, i, j));
                } else if a.source.value == b.source.value {
                    let similarity = strsim::normalized_levenshtein(&qa, &qb);
                    if similarity >= QUOTE_EDIT_THRESHOLD {
                        candidates.push((1, similarity, i, j));
                    }
                }
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.total_cmp(&x.1))
            .then(x.2.cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let mut old_paired = vec![false; old.evidence.len()];
    let mut new_paired = vec![false; new.evidence.len()];
    for (rank, _, i, j) in candidates {
        if old_paired[i] || new_paired[j] {
            continue;
        }
        old_paired[i] = true;
        new_paired[j] = true;
        let (a, b) = (&old.evidence[i], &new.evidence[j]);
        let mut changes = Vec::new();
        let mut quote_words = None;
        if rank == 2 {
            changes.push(EvidenceChange::SourceChanged);
        } else {
            changes.push(EvidenceChange::QuoteEdited);
            quote_words = Some(word_diff(&a.quote.value, &b.quote.value));
        }
        if a.stance != b.stance {
            changes.push(EvidenceChange::StanceFlipped);
        }
        match (a.anchor.found(), b.anchor.found()) {
            (Some(_), None) => {
                context.count_drift(&b.source.value, EvidenceChange::Broken);
                changes.push(EvidenceChange::Broken);
            }
            (None, Some(_)) => changes.push(EvidenceChange::Repaired),
            _ => {}
        }
        out.push((
            j,
            EvidenceDiff {
                changes,
                old: Some(side(a)),
                new: Some(side(b)),
                quote_words,
            },
        ));
    }
    for &j in &new_left {
        if !new_paired[j] {
            out.push((
                j,
                EvidenceDiff {
                    changes: vec![EvidenceChange::Added],
                    old: None,
                    new: Some(side(&new.evidence[j])),
                    quote_words: None,
                },
            ));
        }
    }
    out.sort_by_key(|(j, _)| *j);
    for &i in &old_left {
        if !old_paired[i] {
            out.push((
                usize::MAX,
                EvidenceDiff {
                    changes: vec![EvidenceChange::Removed],
                    old: Some(side(&old.evidence[i])),
                    new: None,
                    quote_words: None,
                },
            ));
        }
    }
    out.into_iter().map(|(_, d)| d).collect()
}

/// Edges as sets of kinds per (from, to), old ids taken through renames.
fn compare_edges<'a>(
    old: &'a Map,
    new: &'a Map,
    renames: &'a HashMap<String, String>,
    removed: &[usize],
) -> Vec<EdgeChange> {
    let through = |id: &'a str| renames.get(id).map_or(id, String::as_str);
    // Kinds per (from, to): bit 0 supports, bit 1 contradicts; old in .0, new in .1.
    let bit = |kind: EdgeKind| match kind {
        EdgeKind::Supports => 1u8,
        EdgeKind::Contradicts => 2u8,
    };
    let mut kinds: HashMap<(&str, &str), (u8, u8)> = HashMap::new();
    for edge in old.edges() {
        kinds
            .entry((through(edge.from), through(&edge.to.value)))
            .or_default()
            .0 |= bit(edge.kind);
    }
    for edge in new.edges() {
        kinds
            .entry((edge.from, edge.to.value.as_str()))
            .or_default()
            .1 |= bit(edge.kind);
    }
    let set = |bits: u8| -> BTreeSet<EdgeKind> {
        [EdgeKind::Supports, EdgeKind::Contradicts]
            .into_iter()
            .filter(|&k| bits & bit(k) != 0)
            .collect()
    };
    let mut differing: Vec<_> = kinds.into_iter().filter(|(_, (a, b))| a != b).collect();
    differing.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    let mut changes = Vec::new();
    for ((from, to), (before, after)) in differing {
        let (before, after) = (set(before), set(after));
        let edge = |status, kind, old_kind| EdgeChange {
            status,
            from: from.to_string(),
            to: to.to_string(),
            kind,
            old_kind,
        };
        if before.len() == 1 && after.len() == 1 {
            let (was, is) = (before.iter().next(), after.iter().next());
            if let (Some(&was), Some(&is)) = (was, is) {
                changes.push(edge(EdgeStatus::Flipped, is, Some(was)));
                continue;
            }
        }
        for &kind in after.difference(&before) {
            changes.push(edge(EdgeStatus::Added, kind, None));
        }
        for &kind in before.difference(&after) {
            changes.push(edge(EdgeStatus::Removed, kind, None));
        }
    }
    // Order by the `from` claim's place: new map order, then removed claims in old order.
    let mut place: HashMap<&str, usize> = HashMap::new();
    for (j, claim) in new.claims.iter().enumerate() {
        place.entry(claim.id.value.as_str()).or_insert(j);
    }
    for (k, &i) in removed.iter().enumerate() {
        place
            .entry(old.claims[i].id.value.as_str())
            .or_insert(new.claims.len() + k);
    }
    changes.sort_by_key(|e| place.get(e.from.as_str()).copied().unwrap_or(usize::MAX));
    changes
}

fn content_state(content: &SourceContent) -> &'static str {
    match content {
        SourceContent::Text(_) => "text",
        SourceContent::Missing => "missing",
        SourceContent::NotUtf8 { .. } => "not-utf8",
        SourceContent::TooLarge(_) => "too-large",
        SourceContent::Unreadable(_) => "unreadable",
        SourceContent::OutsideCorpus(_) => "outside-corpus",
    }
}

fn compare_sources(old: &Map, new: &Map, context: &Context<'_>) -> Vec<SourceDiff> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for source in &new.sources {
        if !seen.insert(source.id.as_str()) {
            continue;
        }
        let Some(before) = context.old_sources.get(source.id.as_str()) else {
            out.push(SourceDiff {
                status: SourceStatus::Added,
                id: source.id.clone(),
                file: source.file.clone(),
                fields: Vec::new(),
                readable: None,
                text: None,
            });
            continue;
        };
        let mut fields = Vec::new();
        let mut field = |name: &'static str, a: Option<String>, b: Option<String>| {
            if a != b {
                fields.push(FieldChange {
                    field: name,
                    old: a,
                    new: b,
                });
            }
        };
        let authors = |s: &Source| Some(s.meta.authors.join("; ")).filter(|a| !a.is_empty());
        field("file", Some(before.file.clone()), Some(source.file.clone()));
        field(
            "title",
            before.meta.title.clone(),
            source.meta.title.clone(),
        );
        field("authors", authors(before), authors(source));
        field(
            "published",
            before.meta.published.clone(),
            source.meta.published.clone(),
        );
        field(
            "publisher",
            before.meta.publisher.clone(),
            source.meta.publisher.clone(),
        );
        field("url", before.meta.url.clone(), source.meta.url.clone());
        let (was, is) = (
            content_state(&before.content),
            content_state(&source.content),
        );
        let readable = (was != is).then(|| Change {
            old: was.to_string(),
            new: is.to_string(),
        });
        let text = match (before.text(), source.text()) {
            (Some(a), Some(b)) if a != b => {
                let (lines_added, lines_removed) = context.line_map(&source.id, a, b).counts();
                let (quotes_broken, quotes_moved) = context
                    .drift
                    .borrow()
                    .get(&source.id)
                    .copied()
                    .unwrap_or_default();
                Some(TextStats {
                    lines_added,
                    lines_removed,
                    quotes_broken,
                    quotes_moved,
                })
            }
            _ => None,
        };
        if !fields.is_empty() || readable.is_some() || text.is_some() {
            out.push(SourceDiff {
                status: SourceStatus::Modified,
                id: source.id.clone(),
                file: source.file.clone(),
                fields,
                readable,
                text,
            });
        }
    }
    let mut removed_seen = BTreeSet::new();
    for source in &old.sources {
        if !context.new_sources.contains_key(source.id.as_str())
            && removed_seen.insert(source.id.as_str())
        {
            out.push(SourceDiff {
                status: SourceStatus::Removed,
                id: source.id.clone(),
                file: source.file.clone(),
                fields: Vec::new(),
                readable: None,
                text: None,
            });
        }
    }
    out
}

/// The folder paths in findings are shown relative to: the map's folder.
fn base_of(checked: &Checked) -> Option<&Path> {
    match &checked.map {
        Some(map) => map.path.parent(),
        None => checked.diagnostics.first().and_then(|d| d.file.parent()),
    }
}

fn relative(file: &Path, base: Option<&Path>) -> String {
    let shown = base
        .filter(|b| !b.as_os_str().is_empty())
        .and_then(|b| file.strip_prefix(b).ok())
        .unwrap_or(file);
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What makes two findings the same across the maps: code, subject and the rule's key, with
/// the old map's claim ids renamed to the new ones; never the message or the file name, so a
/// reworded message, a moved line or a map compared under another name is the same finding.
fn finding_key(
    d: &Diagnostic,
    renames: Option<&HashMap<String, String>>,
) -> (
    crate::diagnostic::Code,
    crate::diagnostic::Subject,
    Vec<String>,
) {
    d.identity_renamed(&|id| renames.and_then(|r| r.get(id)).cloned())
}

fn finding(d: &Diagnostic, base: Option<&Path>) -> Finding {
    Finding {
        code: d.code.as_str(),
        severity: d.severity,
        message: d.message.clone(),
        file: relative(&d.file, base),
        line: d.span.map(|s| s.line),
    }
}

fn compare_findings(
    old: &Checked,
    new: &Checked,
    renames: &HashMap<String, String>,
) -> FindingsDiff {
    let (old_base, new_base) = (base_of(old), base_of(new));
    let mut old_keys: HashMap<_, usize> = HashMap::new();
    for d in &old.diagnostics {
        *old_keys.entry(finding_key(d, Some(renames))).or_default() += 1;
    }
    let mut new_keys: HashMap<_, usize> = HashMap::new();
    for d in &new.diagnostics {
        *new_keys.entry(finding_key(d, None)).or_default() += 1;
    }
    let mut introduced = Vec::new();
    for d in &new.diagnostics {
        match old_keys.get_mut(&finding_key(d, None)) {
            Some(count) if *count > 0 => *count -= 1,
            _ => introduced.push(finding(d, new_base)),
        }
    }
    let mut fixed = Vec::new();
    for d in &old.diagnostics {
        match new_keys.get_mut(&finding_key(d, Some(renames))) {
            Some(count) if *count > 0 => *count -= 1,
            _ => fixed.push(finding(d, old_base)),
        }
    }
    FindingsDiff {
        old_counts: Counts::of(&old.diagnostics),
        new_counts: Counts::of(&new.diagnostics),
        introduced,
        fixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn findings_match_whatever_the_order_of_the_names_and_through_renames() {
        let cycle = |file: &str, members: [&str; 2]| {
            Diagnostic::new(Code::SupportCycle, Path::new(file), None, "a circle")
                .on_claim(members[0])
                .key(members)
        };
        let a = cycle("maps/claims.yaml", ["a", "b"]);
        // Another file name and message: the same finding.
        let mut b = cycle("old.yaml", ["a", "b"]);
        b.message = "reworded".to_string();
        assert_eq!(finding_key(&a, None), finding_key(&b, None));

        let renames = HashMap::from([("a".to_string(), "c".to_string())]);
        let new = cycle("claims.yaml", ["b", "c"]);
        assert_eq!(finding_key(&a, Some(&renames)), finding_key(&new, None));
        let other = Diagnostic::new(Code::IsolatedClaim, Path::new("x"), None, "m").on_claim("c");
        assert_ne!(finding_key(&other, None), finding_key(&new, None));
    }
}
