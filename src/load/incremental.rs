//! Re-parsing only the claims an edit touched, for the language server's session
//! ([`crate::Session`]): a keystroke in one claim of a 10,000-claim map re-parses that claim,
//! not the 6 MB file.
//!
//! It rests on what makes the split parse (`split`) exact: a claim of the top-level `claims:`
//! block sequence is decided by its own lines (block structure is indentation), so an entry
//! parsed as a document of its own gives what the whole file gives, once the parser is seen
//! to agree with the cut (one claim per entry, each within its entry's lines). After a full
//! load whose parse agreed with the cut ([`layout`]), an edit confined to the lines of some
//! entries is handled by parsing those lines alone ([`reparse`]), every other claim kept with
//! its spans moved by the edit's byte and line deltas. Anything else (an edit in the head or
//! the tail, a line that is no longer an entry or a part of one, a syntax error, an unknown
//! key, a slip, an anchor or alias, a NUL byte, a conflict marker, a lone `\r`) declines, and
//! the caller loads the whole map, which reports it. A differential test replays random
//! edits and compares every finding with a full check.

use std::ops::Range;
use std::path::Path;

use super::limits::{self, options};
use super::raw::{RawClaim, RawMap};
use super::{resolve, split, unknown};
use crate::diagnostic::Diagnostic;
use crate::model::{Claim, LineIndex, Located, Map, Span};

/// Largest map re-parsed in part. Below it no budget of the parser but nesting can be reached
/// without aliases (which a re-parsed entry may not use): a YAML node takes at least a byte of
/// text, so 8 MiB hold fewer than half of [`limits::MAX_NODES`] nodes and a quarter of the
/// events allowed; nesting is checked in each piece (one level less than in the file).
const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Where the entries of the claims list stand in the text of the last load.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// Byte offset of each entry's first line.
    starts: Vec<usize>,
    /// 1-based line of each start.
    lines: Vec<u32>,
    /// Just past the list.
    end: usize,
    /// Indentation of the entries' `- `.
    width: usize,
}

/// The layout of a map whose parse was clean (no unknown key, nothing masked) when its claims
/// can be re-parsed one by one: the parser agreed with the cut, the list defines no anchor.
pub(super) fn layout(text: &str, raw: &RawMap) -> Option<Layout> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let entries = split::entries(text)?;
    if entries.starts.is_empty()
        || split::may_define_anchor(text.get(entries.starts[0]..entries.end)?)
        || raw.claims.len() != entries.starts.len()
    {
        return None;
    }
    let next = |i: usize| entries.starts.get(i + 1).copied().unwrap_or(entries.end);
    let agrees = raw.claims.iter().enumerate().all(|(i, claim)| {
        unknown::claim_extent(claim)
            .is_some_and(|r| entries.starts[i] <= r.start && r.end <= next(i) + entries.width)
    });
    if !agrees {
        return None;
    }
    let mut lines = Vec::with_capacity(entries.starts.len());
    let mut line = 1u32;
    let mut at = 0;
    for &start in &entries.starts {
        line += memchr::memchr_iter(b'\n', text.as_bytes().get(at..start)?).count() as u32;
        at = start;
        lines.push(line);
    }
    Some(Layout {
        starts: entries.starts,
        lines,
        end: entries.end,
        width: entries.width,
    })
}

/// What an edit changed, once its entries were parsed again.
pub(crate) struct Reparsed {
    /// Entries `replaced` of the old layout were replaced by `claims`.
    pub replaced: Range<usize>,
    /// The new claims, resolved, with spans in the new text (anchors pending).
    pub claims: Vec<Claim>,
    /// Everything at or after this byte of the old text moved by `delta` bytes and `lines`
    /// lines (columns are unchanged: the edit ends before the line that holds it).
    pub after: usize,
    /// See `after`.
    pub delta: isize,
    /// See `after`.
    pub lines: i64,
    /// The layout of the new text.
    pub layout: Layout,
}

/// Parses again the entries of the claims list that the change from `old` to `new` touched,
/// or `None` when the change is not confined to whole entries of the list or what it made is
/// not a list of clean claims (the caller then loads the whole map).
pub(crate) fn reparse(old: &str, layout: &Layout, new: &str) -> Option<Reparsed> {
    if new.len() > MAX_BYTES || layout.starts.is_empty() {
        return None;
    }
    let (old_bytes, new_bytes) = (old.as_bytes(), new.as_bytes());
    let prefix = common_prefix(old_bytes, new_bytes);
    let room = old.len().min(new.len()) - prefix;
    let suffix = common_suffix(&old_bytes[prefix..], &new_bytes[prefix..]).min(room);
    let old_end = old.len() - suffix;
    let delta = new.len() as isize - old.len() as isize;
    // The entries holding the first and the last byte changed; a change at the start of a line
    // belongs to the line before (the insertion of whole lines after an entry).
    let first = if prefix > 0 && old_bytes[prefix - 1] == b'\n' {
        prefix - 1
    } else {
        prefix
    };
    let last = if old_end > prefix { old_end - 1 } else { first };
    if first < layout.starts[0] || last >= layout.end {
        return None;
    }
    let entry_of = |at: usize| layout.starts.partition_point(|&s| s <= at) - 1;
    let (a, b) = (entry_of(first), entry_of(last));
    let next = |i: usize| layout.starts.get(i + 1).copied().unwrap_or(layout.end);
    let old_range = layout.starts[a]..next(b);
    let new_end = usize::try_from(next(b) as isize + delta).ok()?;
    let base = layout.starts[a];
    let region = new.get(base..new_end)?;
    // The line after the region is the old text's (an entry, or the tail) and must still start
    // a line.
    if new_end < new.len() && new_bytes.get(new_end - 1) != Some(&b'\n') {
        return None;
    }
    let bytes = region.as_bytes();
    let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    if lone_cr
        || memchr::memchr(0, bytes).is_some()
        || super::yaml::conflict_marker(region).is_some()
        || split::may_define_anchor(region)
    {
        return None;
    }
    // The region's entries, found as `split` finds them; any line at or left of the entries'
    // column that does not begin one would end the list.
    let mut starts = Vec::new();
    let mut at = 0;
    for line in region.split_inclusive('\n') {
        match split::indent(line) {
            None if line.starts_with('\t') => return None,
            None => {}
            Some(n) if n == layout.width && split::is_entry(line, n) => starts.push(at),
            Some(n) if n <= layout.width => return None,
            Some(_) => {}
        }
        if at == 0 && starts.is_empty() {
            return None;
        }
        at += line.len();
    }
    // The piece as `split` writes it, without the blanks before it: the next line becomes a
    // comment in its column, so that a block scalar ending the piece ends as in the file.
    let mut doc = String::with_capacity(region.len() + 64);
    doc.push_str(region);
    let next_line = new.get(new_end..).unwrap_or_default();
    let column = next_line.bytes().take_while(|&b| b == b' ').count();
    if next_line
        .as_bytes()
        .get(column)
        .is_some_and(|&b| b != b'\n' && b != b'\r')
    {
        doc.extend(std::iter::repeat_n(' ', column));
        doc.push_str("#\n");
    }
    let claims = parse_piece(&doc)?;
    let local_next = |i: usize| starts.get(i + 1).copied().unwrap_or(region.len());
    if claims.len() != starts.len()
        || !claims.iter().enumerate().all(|(i, claim)| {
            unknown::claim_extent(claim)
                .is_some_and(|r| starts[i] <= r.start && r.end <= local_next(i) + layout.width)
        })
    {
        return None;
    }
    let index = LineIndex::new(&doc);
    let mut claims = resolve::resolve_claims(&doc, &index, claims)?;
    let base_line = layout.lines[a];
    for claim in &mut claims {
        shift_claim(claim, 0, base as isize, i64::from(base_line) - 1);
    }
    let old_lines = memchr::memchr_iter(b'\n', old_bytes.get(old_range.clone())?).count() as i64;
    let new_lines = memchr::memchr_iter(b'\n', bytes).count() as i64;
    let lines = new_lines - old_lines;

    let mut layout_starts = Vec::with_capacity(layout.starts.len() + starts.len());
    let mut layout_lines = Vec::with_capacity(layout.starts.len() + starts.len());
    layout_starts.extend_from_slice(&layout.starts[..a]);
    layout_lines.extend_from_slice(&layout.lines[..a]);
    let mut line = base_line;
    let mut from = 0;
    for &start in &starts {
        line += memchr::memchr_iter(b'\n', &bytes[from..start]).count() as u32;
        from = start;
        layout_starts.push(base + start);
        layout_lines.push(line);
    }
    for i in b + 1..layout.starts.len() {
        layout_starts.push(shift(layout.starts[i], delta));
        layout_lines.push(shift_line(layout.lines[i], lines));
    }
    Some(Reparsed {
        replaced: a..b + 1,
        claims,
        after: old_range.end,
        delta,
        lines,
        layout: Layout {
            starts: layout_starts,
            lines: layout_lines,
            end: shift(layout.end, delta),
            width: layout.width,
        },
    })
}

/// The claims of one piece's document, when it parses with nothing to report.
fn parse_piece(doc: &str) -> Option<Vec<RawClaim>> {
    let mut options = options(1);
    if let Some(budget) = options.budget.as_mut() {
        // In the file the piece is one level deeper, inside the top-level mapping.
        budget.max_depth = limits::MAX_DEPTH - 1;
    }
    // A document the parser panics on is declined, as `split` declines it.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut ignored = 0usize;
        let claims = serde_saphyr::with_deserializer_from_str_with_options(doc, options, |de| {
            serde_ignored::deserialize::<_, _, Vec<RawClaim>>(de, |at| {
                if unknown::written(&at).is_some() {
                    ignored += 1;
                }
            })
        })
        .ok()?;
        (ignored == 0).then_some(claims)
    }))
    .ok()
    .flatten()
}

/// How many bytes `a` and `b` start with in common (compared a block at a time: a map is
/// megabytes, and this runs on every keystroke).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= len && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` end with in common.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let len = a.len().min(b.len());
    let (a, b) = (&a[a.len() - len..], &b[b.len() - len..]);
    let mut matched = 0;
    while matched + BLOCK <= len
        && a[len - matched - BLOCK..len - matched] == b[len - matched - BLOCK..len - matched]
    {
        matched += BLOCK;
    }
    matched
        + a[..len - matched]
            .iter()
            .rev()
            .zip(b[..len - matched].iter().rev())
            .take_while(|(x, y)| x == y)
            .count()
}

fn shift(at: usize, delta: isize) -> usize {
    at.saturating_add_signed(delta)
}

fn shift_line(line: u32, lines: i64) -> u32 {
    u32::try_from(i64::from(line) + lines).unwrap_or(line)
}

/// `span` moved by `delta` bytes and `lines` lines if it starts at or after `after`; spans
/// without a place (line 0) stay.
pub(crate) fn shift_span(span: &mut Span, after: usize, delta: isize, lines: i64) {
    if span.line > 0 && span.start >= after {
        span.start = shift(span.start, delta);
        span.line = shift_line(span.line, lines);
    }
}

fn shift_located<T>(value: &mut Located<T>, after: usize, delta: isize, lines: i64) {
    shift_span(&mut value.span, after, delta, lines);
}

/// Every span of a claim moved (see [`shift_span`]).
pub(crate) fn shift_claim(claim: &mut Claim, after: usize, delta: isize, lines: i64) {
    shift_located(&mut claim.id, after, delta, lines);
    shift_located(&mut claim.text, after, delta, lines);
    if let Some(span) = &mut claim.note_span {
        shift_span(span, after, delta, lines);
    }
    for list in [
        &mut claim.tags,
        &mut claim.supports,
        &mut claim.contradicts,
        &mut claim.allow,
    ] {
        for value in list.iter_mut() {
            shift_located(value, after, delta, lines);
        }
    }
    for evidence in &mut claim.evidence {
        shift_located(&mut evidence.source, after, delta, lines);
        shift_located(&mut evidence.quote, after, delta, lines);
    }
}

/// The map's spans outside its claims moved: the top-level `allow:` and the sources' entries.
pub(crate) fn shift_head(map: &mut Map, after: usize, delta: isize, lines: i64) {
    for value in &mut map.allow {
        shift_located(value, after, delta, lines);
    }
    for source in &mut map.sources {
        if let Some(span) = &mut source.meta.declared_at {
            shift_span(span, after, delta, lines);
        }
    }
}

/// A finding's places in the map file moved: its span, related places and fixes' edits.
pub(crate) fn shift_diagnostic(
    d: &mut Diagnostic,
    map: &Path,
    after: usize,
    delta: isize,
    lines: i64,
) {
    if d.file == map
        && let Some(span) = &mut d.span
    {
        shift_span(span, after, delta, lines);
    }
    for label in &mut d.related {
        if label.file.as_deref().unwrap_or(&d.file) == map {
            shift_span(&mut label.span, after, delta, lines);
        }
    }
    for fix in &mut d.fixes {
        for edit in &mut fix.edits {
            if edit.file == map && edit.range.start >= after {
                edit.range = shift(edit.range.start, delta)..shift(edit.range.end, delta);
            }
        }
    }
}
