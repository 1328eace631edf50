//! Unknown keys in `claims.yaml`: where each one is written and which field was meant.
//!
//! A misspelt key (`suports:`) must not hide the rest of the map's findings, so the loader
//! parses leniently and collects every ignored key with `serde_ignored`, instead of letting
//! `deny_unknown_fields` stop at the first one. `serde_ignored` reports a key by its path
//! (`claims.3.suports`) but not by its place in the file; the place is found here, in the stretch
//! of text between the known values of the neighbouring entries, which always encloses the key
//! of a well-formed block or flow mapping.

use std::ops::Range;
use std::path::Path;

use serde_ignored::Path as IgnoredPath;
use serde_saphyr::Spanned;

use super::raw::{RawClaim, RawEvidence, RawMap, RawSource};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::{LineIndex, Span};

/// The fields of each kind of entry, as the map format defines them (a test pins them to the
/// JSON Schema, so they cannot drift from the types).
pub(super) const MAP_FIELDS: &[&str] = &[
    "version",
    "title",
    "corpus",
    "sources",
    "allow",
    "questions",
    "claims",
];
/// See [`MAP_FIELDS`].
pub(super) const SOURCE_FIELDS: &[&str] = &[
    "id",
    "file",
    "title",
    "authors",
    "published",
    "publisher",
    "url",
    "voice",
];
/// See [`MAP_FIELDS`].
pub(super) const CLAIM_FIELDS: &[&str] = &[
    "id",
    "text",
    "tags",
    "note",
    "evidence",
    "supports",
    "contradicts",
    "allow",
];
/// See [`MAP_FIELDS`].
pub(super) const EVIDENCE_FIELDS: &[&str] = &["source", "quote", "stance", "holder"];

/// One step of a path to an ignored key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// The marker key through which `serde_saphyr::Spanned` receives its span: `serde_ignored`
/// sees it go unused, but it is the parser's own, never the curator's.
const SPANNED_MARKER: &str = "__serde_saphyr_private";

/// The steps from the root to an ignored key the curator wrote, outermost first; `None` for
/// `Spanned`'s internal marker, which every spanned value reports. That is once per value of the
/// map, so it is told apart here, walking the path without allocating anything.
pub(super) fn written(path: &IgnoredPath<'_>) -> Option<Vec<Step>> {
    let mut at = path;
    loop {
        at = match at {
            IgnoredPath::Root => break,
            IgnoredPath::Map { key, .. } if key.starts_with(SPANNED_MARKER) => return None,
            IgnoredPath::Map { parent, .. }
            | IgnoredPath::Seq { parent, .. }
            | IgnoredPath::Some { parent }
            | IgnoredPath::NewtypeStruct { parent }
            | IgnoredPath::NewtypeVariant { parent } => parent,
        };
    }
    Some(steps(path))
}

/// The steps from the document root to the ignored key, outermost first.
fn steps(path: &IgnoredPath<'_>) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut at = path;
    loop {
        at = match at {
            IgnoredPath::Root => break,
            IgnoredPath::Seq { parent, index } => {
                steps.push(Step::Index(*index));
                parent
            }
            IgnoredPath::Map { parent, key } => {
                steps.push(Step::Key(key.clone()));
                parent
            }
            IgnoredPath::Some { parent }
            | IgnoredPath::NewtypeStruct { parent }
            | IgnoredPath::NewtypeVariant { parent } => parent,
        };
    }
    steps.reverse();
    steps
}

/// A `schema` error for each ignored key, pointing at the key, with a did-you-mean.
pub(super) fn diagnostics(
    path: &Path,
    text: &str,
    index: &LineIndex,
    raw: &RawMap,
    ignored: &[Vec<Step>],
) -> Vec<Diagnostic> {
    ignored
        .iter()
        .filter_map(|steps| {
            let (key, parent) = steps.split_last()?;
            let Step::Key(key) = key else { return None };
            let (fields, region) = place(text, raw, parent);
            let span = region.and_then(|r| find_key(text, r, key, parent.is_empty()));
            let span = span.map(|start| index.span(text, start, key.len()));
            // Inside a claim or source entry the key is the path from that entry (whose id is
            // the subject), so reordering the list does not make it another finding.
            let from = match steps.as_slice() {
                [Step::Key(list), Step::Index(_), _, ..]
                    if list == "claims" || list == "sources" =>
                {
                    2
                }
                _ => 0,
            };
            let written: Vec<String> = steps[from..]
                .iter()
                .map(|s| match s {
                    Step::Key(k) => k.clone(),
                    Step::Index(i) => i.to_string(),
                })
                .collect();
            let d = unknown_field(path, span, key, fields).key([written.join(".")]);
            Some(match parent {
                [Step::Key(list), Step::Index(i), ..] if list == "claims" => {
                    match raw.claims.get(*i) {
                        Some(claim) => d.on_claim(&claim.id.value),
                        None => d,
                    }
                }
                [Step::Key(list), Step::Index(i), ..] if list == "sources" => {
                    match raw.sources.get(*i) {
                        Some(source) => d.on_source(&source.id.value),
                        None => d,
                    }
                }
                _ => d,
            })
        })
        .collect()
}

fn unknown_field(path: &Path, span: Option<Span>, key: &str, fields: &[&str]) -> Diagnostic {
    if key == "<<" {
        return Diagnostic::new(
            Code::Schema,
            path,
            span,
            "`<<` merges are YAML 1.1; claimgraph reads YAML 1.2, where `<<` is an ordinary key",
        )
        .label("not merged")
        .help("write the fields out in this entry; an alias (`*name`) may still stand for a whole value");
    }
    let allowed = fields.join(", ");
    Diagnostic::new(Code::Schema, path, span, format!("unknown field `{key}`"))
        .label("unknown field")
        .help(match did_you_mean(key, fields.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? (allowed here: {allowed})"),
            None => format!("allowed fields here: {allowed}"),
        })
}

/// The fields allowed in the entry at `parent`, and the stretch of text that holds its keys.
fn place(
    text: &str,
    raw: &RawMap,
    parent: &[Step],
) -> (&'static [&'static str], Option<Range<usize>>) {
    let whole = 0..text.len();
    match parent {
        [] => (MAP_FIELDS, Some(whole)),
        [Step::Key(list), Step::Index(i)] if list == "claims" => {
            (CLAIM_FIELDS, between(&raw.claims, *i, whole, claim_extent))
        }
        [Step::Key(list), Step::Index(i)] if list == "sources" => (
            SOURCE_FIELDS,
            between(&raw.sources, *i, whole, source_extent),
        ),
        [
            Step::Key(claims),
            Step::Index(c),
            Step::Key(evidence),
            Step::Index(e),
        ] if claims == "claims" && evidence == "evidence" => {
            let claim = between(&raw.claims, *c, whole, claim_extent);
            let region = match (raw.claims.get(*c), claim) {
                (Some(claim), Some(outer)) => {
                    between(&claim.evidence.entries, *e, outer, evidence_extent)
                }
                _ => None,
            };
            (EVIDENCE_FIELDS, region)
        }
        _ => (&[], None),
    }
}

/// The text after entry `i - 1`'s last known value and before entry `i + 1`'s first one, within
/// `outer`: entry `i`'s unknown key stands there.
fn between<T>(
    items: &[T],
    i: usize,
    outer: Range<usize>,
    extent: fn(&T) -> Option<Range<usize>>,
) -> Option<Range<usize>> {
    if i >= items.len() {
        return None;
    }
    let start = items[..i]
        .iter()
        .rev()
        .find_map(extent)
        .map_or(outer.start, |r| r.end);
    let end = items[i + 1..]
        .iter()
        .find_map(extent)
        .map_or(outer.end, |r| r.start);
    (start <= end).then_some(start..end)
}

fn range_of<T>(value: &Spanned<T>) -> Option<Range<usize>> {
    let span = value.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    Some(start..start + len)
}

fn hull(ranges: impl Iterator<Item = Option<Range<usize>>>) -> Option<Range<usize>> {
    ranges
        .flatten()
        .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
}

pub(super) fn claim_extent(claim: &RawClaim) -> Option<Range<usize>> {
    let own = [range_of(&claim.id), range_of(&claim.text)].into_iter();
    let lists = claim
        .tags
        .iter()
        .chain(&claim.supports)
        .chain(&claim.contradicts)
        .map(range_of);
    let evidence = claim.evidence.entries.iter().map(evidence_extent);
    hull(own.chain(lists).chain(evidence))
}

fn evidence_extent(evidence: &RawEvidence) -> Option<Range<usize>> {
    let stance = evidence.stance.as_ref().and_then(range_of);
    hull(
        [
            range_of(&evidence.source),
            range_of(&evidence.quote),
            stance,
        ]
        .into_iter(),
    )
}

fn source_extent(source: &RawSource) -> Option<Range<usize>> {
    let file = source.file.as_ref().and_then(range_of);
    let published = source.published.as_ref().and_then(range_of);
    hull([range_of(&source.id), file, published].into_iter())
}

/// The first place in `region` where `key` is written as a mapping key: first on its line (after
/// indentation or a `- `), or after `{` or `,` in a flow mapping, and followed by `:`. Top-level
/// keys of a block mapping stand in column 1, which tells them from a nested key of that name.
pub(super) fn find_key(
    text: &str,
    region: Range<usize>,
    key: &str,
    top_level: bool,
) -> Option<usize> {
    let hay = text.get(region.clone())?;
    // `match_indices` steps over whole chars: the empty key (`"": x` is a YAML key) was
    // looked for again one byte on, which panicked inside a multi-byte character.
    for (at, _) in hay.match_indices(key) {
        let Some((before, from_key)) = hay.split_at_checked(at) else {
            continue;
        };
        let after = from_key.strip_prefix(key).unwrap_or_default();
        // The line up to the key: `rsplit` yields at least one piece.
        let line = before.rsplit('\n').next().unwrap_or_default();
        let lead = line.trim_start_matches([' ', '\t']);
        let keyish = match lead.trim_end() {
            "" | "-" => !top_level || line.is_empty(),
            rest => rest.ends_with('{') || rest.ends_with(','),
        };
        let followed_by_colon = after.trim_start_matches([' ', '\t']).starts_with(':');
        let quoted = ['"', '\'']
            .iter()
            .any(|q| before.ends_with(*q) && after.starts_with(*q));
        if keyish && followed_by_colon && !quoted {
            return Some(region.start + at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_block_key_and_not_a_value_or_a_nested_key() {
        let text = "title: suports\nclaims:\n  - id: a\n    suports: [b]\n";
        let start = find_key(text, 0..text.len(), "suports", false).expect("found");
        assert_eq!(text.get(start..start + 8), Some("suports:"));
        assert_eq!(find_key(text, 0..text.len(), "suports", true), None);
        let top = "claims: []\nclams: []\n";
        assert_eq!(find_key(top, 0..top.len(), "clams", true), Some(11));
    }

    #[test]
    fn unknown_field_hint_does_not_panic_on_an_empty_key_after_a_multibyte_char() {
        // `"": 1` is a YAML key like any other; it was looked for again one byte on, inside
        // the `é`.
        let text = "title: caf\u{e9}\n\"\": 1\n";
        assert_eq!(find_key(text, 0..text.len(), "", true), None);
        assert_eq!(find_key("\u{e9}: 1\n", 0..4, "", false), None);
    }

    #[test]
    fn finds_a_flow_key() {
        let text = "claims: [{id: a, suports: [b]}]";
        assert_eq!(find_key(text, 0..text.len(), "suports", false), Some(17));
    }

    #[test]
    fn field_lists_match_the_json_schema() {
        let schema = serde_json::to_value(schemars::schema_for!(RawMap)).expect("schema");
        let properties = |v: &serde_json::Value| -> Vec<String> {
            let mut keys: Vec<String> = v["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .cloned()
                .collect();
            keys.sort();
            keys
        };
        let sorted = |fields: &[&str]| {
            let mut f: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
            f.sort();
            f
        };
        assert_eq!(properties(&schema), sorted(MAP_FIELDS));
        let defs = &schema["$defs"];
        assert_eq!(properties(&defs["RawClaim"]), sorted(CLAIM_FIELDS));
        assert_eq!(properties(&defs["RawSource"]), sorted(SOURCE_FIELDS));
        assert_eq!(properties(&defs["RawEvidence"]), sorted(EVIDENCE_FIELDS));
        for def in ["RawClaim", "RawSource", "RawEvidence"] {
            assert_eq!(
                defs[def]["additionalProperties"], false,
                "{def} stays strict"
            );
        }
        assert_eq!(schema["additionalProperties"], false);
    }
}
