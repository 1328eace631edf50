//! Quote → byte span in its source: the check that makes a map honest.
//!
//! A quote anchors when, after [`normalize`] of both sides, it occurs in its source (case and
//! punctuation exact). An elision (`...`, `…`, `[...]`) splits a quote into fragments that must
//! occur in order, each starting at most [`MAX_ELISION_GAP`] characters after the previous one
//! ends. All quotes of one source are found in a single Aho-Corasick pass over its text.

mod cache;
mod closest;
pub mod normalize;

pub use cache::{Cache, anchor_map_cached};

use foldhash::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

use crate::model::{Anchor, AnchorResult, LineIndex, Map, NotFound, floor_char_boundary};
use normalize::{Normalized, normalize, normalize_quote};

/// Most characters of source text an elision may skip between two fragments.
pub const MAX_ELISION_GAP: usize = 400;
/// Occurrences of one fragment remembered per source (enough to tell "ambiguous").
const MAX_POSITIONS: usize = 4096;
/// Bytes of each fragment the scan filters on; the rest is compared at each hit.
const KEY_BYTES: usize = 8;
/// Size of the scan's filter: 2^16 bits.
const FILTER_BITS: u32 = 16;
/// Bytes of normalised source text the closest-passage searches may scan per run. Each
/// search is charged at least a thousandth of it, so at most 1000 searches are made; without
/// the byte bound, 1000 misquotes of an 8 MB source took minutes.
const CLOSEST_SEARCH_BYTES: usize = 64 * 1024 * 1024;
/// Quotes that did not anchor that are also looked for in the other sources, per run.
const MAX_CROSS_SOURCE_SEARCHES: usize = 200;

/// Splits a normalised quote at its elisions into non-empty fragments.
pub fn fragments(normalized_quote: &str) -> Vec<&str> {
    normalized_quote
        .split("[...]")
        .flat_map(|part| part.split("..."))
        .map(|f| f.trim_matches(' '))
        .filter(|f| !f.is_empty())
        .collect()
}

/// Anchors one quote in one text (convenience for tests and tools; [`anchor_map`] batches).
pub fn find(text: &str, quote: &str) -> AnchorResult {
    let normalized = normalize(text);
    let lines = LineIndex::new(text);
    let mut found = anchor_quotes(text, &normalized, &lines, &[quote]);
    let mut budget = CLOSEST_SEARCH_BYTES;
    fill_closest(text, &normalized, &lines, &mut found, &mut budget);
    found.pop().unwrap_or_default()
}

/// One source's share of the work: its quotes' places in the map and their results.
struct SourceJob<'m> {
    text: &'m str,
    places: &'m [(usize, usize)],
    quotes: Vec<&'m str>,
}

/// A source's quotes anchored, and what the closest-passage search needs if some did not.
struct SourceDone {
    results: Vec<AnchorResult>,
    misses: Option<(Normalized, LineIndex)>,
}

/// Anchors every quote of the map, source by source, filling [`crate::model::Evidence::anchor`].
/// Quotes whose source is unknown or unreadable stay [`AnchorResult::Pending`].
///
/// Sources are independent, so they are anchored on all cores; the closest-passage searches
/// for the quotes that did not anchor run afterwards, in source order, because they share one
/// budget and the findings must not depend on which thread finished first.
pub fn anchor_map(map: &mut Map) {
    let by_source = places_by_source(map);
    let jobs: Vec<SourceJob<'_>> = map
        .sources
        .iter()
        .filter_map(|source| {
            let places = by_source.get(source.id.as_str())?;
            let text = source.text()?;
            let quotes = places
                .iter()
                .map(|&(ci, ei)| map.claims[ci].evidence[ei].quote.value.as_str())
                .collect();
            Some(SourceJob {
                text,
                places,
                quotes,
            })
        })
        .collect();
    let done = on_all_cores(&jobs, |job| {
        let normalized = normalize(job.text);
        let lines = LineIndex::new(job.text);
        let results = anchor_quotes(job.text, &normalized, &lines, &job.quotes);
        let missed = results.iter().any(needs_closest);
        SourceDone {
            results,
            misses: missed.then_some((normalized, lines)),
        }
    });
    let mut done = done;
    // Which misses get a closest-passage search depends only on the order and the sizes of
    // the sources, never on the searches' results: decide in order, search on all cores.
    let mut budget = CLOSEST_SEARCH_BYTES;
    let mut searches: Vec<(usize, usize)> = Vec::new();
    for (j, source) in done.iter().enumerate() {
        let Some((normalized, _)) = &source.misses else {
            continue;
        };
        let wanted = source
            .results
            .iter()
            .enumerate()
            .filter(|(_, r)| needs_closest(r));
        for (r, _) in wanted {
            if charge(&mut budget, normalized) {
                searches.push((j, r));
            }
        }
    }
    // What a source without a search kept for one is freed now: one normalised copy and
    // offset map (about 5 bytes per source byte) per source with a miss adds up on a corpus
    // of many files.
    let mut searched = vec![false; done.len()];
    for &(j, _) in &searches {
        searched[j] = true;
    }
    for (source, searched) in done.iter_mut().zip(searched) {
        if !searched {
            source.misses = None;
        }
    }
    let found = on_all_cores(&searches, |&(j, r)| {
        let (Some((normalized, lines)), AnchorResult::NotFound(not_found)) =
            (&done[j].misses, &done[j].results[r])
        else {
            return None;
        };
        closest::closest(normalized, jobs[j].text, lines, &not_found.missing_fragment)
    });
    for ((j, r), closest) in searches.into_iter().zip(found) {
        if let AnchorResult::NotFound(not_found) = &mut done[j].results[r] {
            not_found.closest = closest;
        }
    }
    let mut results: Vec<((usize, usize), AnchorResult)> = Vec::new();
    for (job, source) in jobs.iter().zip(done) {
        results.extend(job.places.iter().copied().zip(source.results));
    }
    drop(jobs);
    look_in_other_sources(map, &mut results);
    for ((ci, ei), result) in results {
        map.claims[ci].evidence[ei].anchor = result;
    }
}

/// `f` applied to every item on rayon's pool, results in the items' order (an indexed
/// `collect`). Each item is a task of its own (`with_max_len(1)`): the items are sources or
/// searches of very different sizes, and a few large ones must not leave a core idle behind
/// a chunk of small ones.
fn on_all_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    items.par_iter().with_max_len(1).map(&f).collect()
}

/// Whether a result is a miss that a closest passage would help explain (a misordered
/// elision is not: every fragment was found).
fn needs_closest(result: &AnchorResult) -> bool {
    matches!(result, AnchorResult::NotFound(n) if !n.elision_too_far)
}

/// Charges one closest-passage search of `normalized` to the budget; false when it is spent.
fn charge(budget: &mut usize, normalized: &Normalized) -> bool {
    let cost = normalized.text.len().max(CLOSEST_SEARCH_BYTES / 1000);
    let Some(left) = budget.checked_sub(cost) else {
        return false;
    };
    *budget = left;
    true
}

/// Adds the closest passage to each quote of one source that did not anchor, while the budget
/// lasts (the sequential form of what [`anchor_map`] does on all cores).
fn fill_closest(
    original: &str,
    normalized: &Normalized,
    lines: &LineIndex,
    results: &mut [AnchorResult],
    budget: &mut usize,
) {
    for result in results {
        if !needs_closest(result) || !charge(budget, normalized) {
            continue;
        }
        if let AnchorResult::NotFound(not_found) = result {
            not_found.closest =
                closest::closest(normalized, original, lines, &not_found.missing_fragment);
        }
    }
}

/// (claim, evidence) places of every quote, by the id of the source it cites.
pub(super) fn places_by_source(map: &Map) -> HashMap<&str, Vec<(usize, usize)>> {
    let mut by_source: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
    for (ci, claim) in map.claims.iter().enumerate() {
        for (ei, evidence) in claim.evidence.iter().enumerate() {
            by_source
                .entry(evidence.source.value.as_str())
                .or_default()
                .push((ci, ei));
        }
    }
    by_source
}

/// Indices of the results that did not anchor, the first [`MAX_CROSS_SOURCE_SEARCHES`] of
/// them: those looked for in the other sources.
pub(super) fn unanchored(results: &[((usize, usize), AnchorResult)]) -> Vec<usize> {
    results
        .iter()
        .enumerate()
        .filter(|(_, (_, r))| matches!(r, AnchorResult::NotFound(_)))
        .map(|(i, _)| i)
        .take(MAX_CROSS_SOURCE_SEARCHES)
        .collect()
}

/// For quotes that did not anchor, tells whether another source has them verbatim: the most
/// common cause is citing the wrong source.
fn look_in_other_sources(map: &Map, results: &mut [((usize, usize), AnchorResult)]) {
    let missing = unanchored(results);
    if missing.is_empty() {
        return;
    }
    let normalized: Vec<(&str, &str, Normalized)> = map
        .sources
        .iter()
        .filter_map(|s| s.text().map(|t| (s.id.as_str(), t, normalize(t))))
        .collect();
    for i in missing {
        let ((ci, ei), result) = &mut results[i];
        let evidence = &map.claims[*ci].evidence[*ei];
        let AnchorResult::NotFound(not_found) = result else {
            continue;
        };
        let quote = normalize_quote(&evidence.quote.value);
        let parts = fragments(&quote);
        for (id, text, norm) in &normalized {
            if *id == evidence.source.value {
                continue;
            }
            if let Some(at) = chain(&norm.text, &parts, &mut HashMap::default()).first() {
                let line = LineIndex::new(text).line(norm.original_offset(*at));
                not_found.found_in_other = Some((id.to_string(), line));
                break;
            }
        }
    }
}

/// Finds every start of `parts` chained within the elision bound (used across sources).
fn chain(text: &str, parts: &[&str], cache: &mut HashMap<String, Vec<usize>>) -> Vec<usize> {
    let mut positions: Vec<Vec<usize>> = Vec::new();
    for part in parts {
        let found = cache
            .entry(part.to_string())
            .or_insert_with(|| {
                memchr::memmem::find_iter(text.as_bytes(), part.as_bytes())
                    .take(MAX_POSITIONS)
                    .collect()
            })
            .clone();
        positions.push(found);
    }
    chain_positions(text, parts, &positions)
}

/// Starts of full chains: fragment `k+1` begins after fragment `k` ends, within the gap bound.
fn chain_positions(text: &str, parts: &[&str], positions: &[Vec<usize>]) -> Vec<usize> {
    let Some(first) = positions.first() else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    'start: for &start in first {
        let mut end = start + parts[0].len();
        for (k, part) in parts.iter().enumerate().skip(1) {
            let candidates = &positions[k];
            let at = candidates.partition_point(|&p| p < end);
            let Some(&next) = candidates.get(at) else {
                continue 'start;
            };
            if text
                .get(end..next)
                .is_none_or(|gap| gap.chars().count() > MAX_ELISION_GAP)
            {
                continue 'start;
            }
            end = next + part.len();
        }
        starts.push(start);
    }
    starts
}

/// Every start of every pattern in `text` (at most [`MAX_POSITIONS`] each, in order).
///
/// One pass over the text looks at every 8-byte window: a bitmap of the patterns' first
/// [`KEY_BYTES`] (8 KiB, it stays in L1) rejects almost every window at once, and a hit is
/// confirmed by comparing the whole pattern. That is several times faster than an overlapping
/// Aho-Corasick search, which was most of `check` on big maps, and costs nothing to build.
/// Patterns shorter than the key are left to an automaton. A text made to defeat the filter
/// (a key occurring everywhere, a long pattern failing late) would make the comparisons
/// quadratic: past a budget linear in the text the whole patterns are matched by Aho-Corasick
/// instead, which is linear whatever the input.
fn find_all(text: &str, patterns: &[&str]) -> Vec<Vec<usize>> {
    let budget = 8 * text.len() + 8 * patterns.iter().map(|p| p.len()).sum::<usize>() + 4096;
    find_by_key(text, patterns, budget).unwrap_or_else(|| find_whole(text, patterns))
}

/// Slot of a window's key in the filter bitmap (a multiplicative hash: the top bits).
fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

fn find_by_key(text: &str, patterns: &[&str], mut budget: usize) -> Option<Vec<Vec<usize>>> {
    let mut positions: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
    let (long, short): (Vec<usize>, Vec<usize>) =
        (0..patterns.len()).partition(|&id| patterns[id].len() >= KEY_BYTES);

    if !short.is_empty() {
        let short_patterns: Vec<&str> = short.iter().map(|&id| patterns[id]).collect();
        let automaton = automaton(&short_patterns)?;
        for m in automaton.find_overlapping_iter(text) {
            let list = &mut positions[short[m.pattern().as_usize()]];
            if list.len() < MAX_POSITIONS {
                list.push(m.start());
            }
        }
    }
    if long.is_empty() {
        return Some(positions);
    }

    let key_of = |bytes: &[u8]| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(..KEY_BYTES)?.try_into().ok()?))
    };
    let mut by_key: HashMap<u64, Vec<usize>> = HashMap::default();
    let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
    for &id in &long {
        let key = key_of(patterns[id].as_bytes())?;
        by_key.entry(key).or_default().push(id);
        let at = slot(key);
        filter[at / 64] |= 1 << (at % 64);
    }
    let bytes = text.as_bytes();
    for (i, window) in bytes.windows(KEY_BYTES).enumerate() {
        let Some(key) = key_of(window) else { break };
        let at = slot(key);
        if filter[at / 64] & (1 << (at % 64)) == 0 {
            continue;
        }
        let Some(ids) = by_key.get(&key) else {
            continue;
        };
        for &id in ids {
            let list = &mut positions[id];
            if list.len() >= MAX_POSITIONS {
                budget = budget.checked_sub(1)?;
                continue;
            }
            let pattern = patterns[id].as_bytes();
            budget = budget.checked_sub(pattern.len() - KEY_BYTES + 1)?;
            if bytes[i..].starts_with(pattern) {
                list.push(i);
            }
        }
    }
    Some(positions)
}

fn find_whole(text: &str, patterns: &[&str]) -> Vec<Vec<usize>> {
    let mut positions: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
    if let Some(automaton) = automaton(patterns) {
        for m in automaton.find_overlapping_iter(text) {
            let list = &mut positions[m.pattern().as_usize()];
            if list.len() < MAX_POSITIONS {
                list.push(m.start());
            }
        }
    }
    positions
}

fn automaton(patterns: &[&str]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    // Never the DFA the builder picks for up to 100 patterns: its construction is quadratic in
    // long repetitive patterns (a 1 MB quote took minutes), and the contiguous NFA searches
    // about as fast.
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
        .ok()
}

/// Anchors `quotes` (as written) in one source text.
fn anchor_quotes(
    original: &str,
    normalized: &Normalized,
    lines: &LineIndex,
    quotes: &[&str],
) -> Vec<AnchorResult> {
    let normalized_quotes: Vec<String> = quotes.iter().map(|q| normalize_quote(q)).collect();
    let quote_parts: Vec<Vec<&str>> = normalized_quotes.iter().map(|q| fragments(q)).collect();

    let mut pattern_ids: HashMap<&str, usize> = HashMap::default();
    let mut patterns: Vec<&str> = Vec::new();
    for parts in &quote_parts {
        for part in parts {
            pattern_ids.entry(part).or_insert_with(|| {
                patterns.push(part);
                patterns.len() - 1
            });
        }
    }
    let positions = find_all(&normalized.text, &patterns);

    quote_parts
        .iter()
        .map(|parts| {
            if parts.is_empty() {
                return AnchorResult::Pending;
            }
            let part_positions: Vec<Vec<usize>> = parts
                .iter()
                .map(|p| positions[pattern_ids[p]].clone())
                .collect();
            let starts = chain_positions(&normalized.text, parts, &part_positions);
            if let Some(&start) = starts.first() {
                return AnchorResult::Found(make_anchor(
                    original,
                    normalized,
                    lines,
                    parts,
                    &part_positions,
                    start,
                    starts.len(),
                ));
            }
            let missing = parts
                .iter()
                .zip(&part_positions)
                .find(|(_, p)| p.is_empty())
                .map(|(part, _)| *part);
            let elision_too_far = missing.is_none();
            let fragment = missing.unwrap_or(parts[0]);
            AnchorResult::NotFound(Box::new(NotFound {
                missing_fragment: fragment.to_string(),
                elision_too_far,
                closest: None,
                found_in_other: None,
            }))
        })
        .collect()
}

fn make_anchor(
    original: &str,
    normalized: &Normalized,
    lines: &LineIndex,
    parts: &[&str],
    positions: &[Vec<usize>],
    start: usize,
    occurrences: usize,
) -> Anchor {
    let mut fragments = Vec::with_capacity(parts.len());
    let mut at = start;
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            let candidates = &positions[k];
            at = candidates[candidates.partition_point(|&p| p < at)];
        }
        fragments.push(normalized.original_range(original, at, at + part.len()));
        at += part.len();
    }
    let first = fragments.first().map_or(0, |r| r.start);
    let last = fragments.last().map_or(first, |r| r.end);
    let span = lines.span(original, first, last - first);
    Anchor {
        start: first,
        end: last,
        line: span.line,
        column: span.column,
        end_line: lines.line(last.saturating_sub(1).max(first)),
        fragments,
        occurrences,
    }
}

/// A quote in its surroundings: up to `max_chars` of text on each side, cut at sentence ends
/// where possible, whitespace folded. Used by `show` and the HTML view.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Context {
    /// Text before the quote.
    pub before: String,
    /// The quoted passage as it stands in the source.
    pub quote: String,
    /// Text after the quote.
    pub after: String,
}

/// The sentence(s) around an anchored quote.
pub fn context(text: &str, anchor: &Anchor, max_chars: usize) -> Context {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // An anchor of another (or an edited) text may point inside a character: the context is
    // then cut at the character's start rather than panicking. With both ends on boundaries,
    // the `get`s below cannot fail.
    let start = floor_char_boundary(text, anchor.start);
    let end = floor_char_boundary(text, anchor.end).max(start);
    let before_all = text.get(..start).unwrap_or_default();
    let quote = text.get(start..end).unwrap_or_default();
    let after_all = text.get(end..).unwrap_or_default();
    // The last `max_chars` chars before the quote, begun after the last sentence end in them
    // if there is one.
    let before_window = before_all
        .char_indices()
        .rev()
        .take(max_chars)
        .last()
        .and_then(|(i, _)| before_all.get(i..))
        .unwrap_or_default();
    let before_window = before_window
        .rsplit_once(['.', '!', '?', '\n'])
        .map_or(before_window, |(_, sentence)| sentence);
    // The first `max_chars` chars after it, up to and including the first sentence end.
    let after_window = after_all
        .char_indices()
        .nth(max_chars)
        .and_then(|(i, _)| after_all.get(..i))
        .unwrap_or(after_all);
    let after_window = after_window
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or_default();
    let before = fold(before_window);
    let after = fold(after_window);
    let lead = if before_all.ends_with(char::is_whitespace) && !before.is_empty() {
        " "
    } else {
        ""
    };
    let trail = if after_all.starts_with(char::is_whitespace) && !after.is_empty() {
        " "
    } else {
        ""
    };
    Context {
        before: format!("{before}{lead}"),
        quote: fold(quote),
        after: format!("{trail}{after}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(text: &str, quote: &str) -> Anchor {
        match find(text, quote) {
            AnchorResult::Found(a) => a,
            other => panic!("{quote:?} did not anchor: {other:?}"),
        }
    }

    #[test]
    fn line_wrapped_quote_anchors_to_original_bytes() {
        let text =
            "Intro.\nIt should now be clear that foreign\naid will not moderate the Taliban. Next.";
        let a = anchor(
            text,
            "It should now be clear that foreign aid will not moderate the Taliban.",
        );
        assert_eq!(
            text.get(a.start..a.end),
            Some("It should now be clear that foreign\naid will not moderate the Taliban.")
        );
        assert_eq!((a.line, a.column, a.end_line), (2, 1, 3));
    }

    #[test]
    fn typographic_source_matches_ascii_quote() {
        let text = "the regime\u{2019}s \u{201c}urgent need\u{201d} for cash";
        let a = anchor(text, "the regime's \"urgent need\" for cash");
        assert_eq!(a.start, 0);
        assert_eq!(a.end, text.len());
    }

    #[test]
    fn crlf_source_anchors() {
        let text = "one\r\ntwo three\r\nfour";
        let a = anchor(text, "three four");
        assert_eq!(text.get(a.start..a.end), Some("three\r\nfour"));
        assert_eq!(a.line, 2);
    }

    #[test]
    fn elided_quote_needs_fragments_in_order_and_close() {
        let text = "Alpha beta gamma. Delta epsilon. Zeta eta theta.";
        let a = anchor(text, "Alpha beta ... Zeta eta");
        assert_eq!(a.fragments.len(), 2);
        assert_eq!(text.get(a.fragments[1].clone()), Some("Zeta eta"));
        assert!(
            matches!(find(text, "Zeta eta … Alpha beta"), AnchorResult::NotFound(n) if n.elision_too_far)
        );
        let far = format!("Alpha beta {} Zeta eta", "x ".repeat(MAX_ELISION_GAP));
        assert!(matches!(
            find(&far, "Alpha beta [...] Zeta eta"),
            AnchorResult::NotFound(_)
        ));
    }

    #[test]
    fn ambiguous_quote_counts_occurrences() {
        let a = anchor("same words. same words.", "same words");
        assert_eq!(a.occurrences, 2);
    }

    #[test]
    fn missing_quote_reports_closest_passage() {
        let text = "The Taliban prioritize internal cohesion over foreign money.";
        match find(
            text,
            "The Taliban prioritise internal cohesion over foreign money.",
        ) {
            AnchorResult::NotFound(n) => {
                let c = n.closest.expect("closest");
                assert!(c.similarity > 0.95);
                assert_eq!(c.line, 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn context_is_cut_at_sentence_ends() {
        let text = "First sentence. Second starts here and the quote is here, then more. Third.";
        let a = anchor(text, "the quote is here");
        let c = context(text, &a, 200);
        assert_eq!(c.before, "Second starts here and ");
        assert_eq!(c.quote, "the quote is here");
        assert_eq!(c.after, ", then more.");
    }

    #[test]
    fn context_of_an_anchor_inside_a_character_is_cut_at_its_start() {
        // An anchor of an edited text: its ends now fall inside the `é`s.
        let text = "Caf\u{e9} one. The quote caf\u{e9} here. After.";
        let mut a = anchor(text, "The quote");
        a.start = text.find('\u{e9}').map_or(0, |i| i + 1);
        a.end = text.rfind('\u{e9}').map_or(0, |i| i + 1);
        let c = context(text, &a, 200);
        assert_eq!(c.before, "Caf");
        assert_eq!(c.quote, "\u{e9} one. The quote caf");
        assert_eq!(c.after, "\u{e9} here.");
    }

    #[test]
    fn long_repetitive_quote_does_not_build_a_quadratic_dfa() {
        // Regression: a 1 MB quote of a repetitive text kept the DFA builder busy for minutes.
        let text = "aid leverage cohesion Taliban sanctions policy\n".repeat(6_000);
        let quote = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // (It finishes in well under a second; before the fix it ran for minutes.)
        let a = anchor(&text, &quote);
        assert_eq!((a.start, a.end), (0, text.len() - 1));
    }

    /// Words whose normalised form differs from the original (typographic quotes, ligature,
    /// combining accents, dash), each made unique by a number so that every cut occurs once.
    const WORDS: &[&str] = &[
        "aid",
        "Taliban\u{2019}s",
        "\u{201c}cohesion\u{201d}",
        "\u{fb01}ne",
        "e\u{301}te\u{301}",
        "\u{2014}",
        "so\u{00ad}ft",
        "\u{6f22}\u{5b57}",
        "x",
    ];
    const SEPARATORS: &[&str] = &[" ", "\n", "\r\n", "  ", "\u{a0}", "\t", " \n  "];

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(256))]
        #[test]
        fn anchoring_a_substring_finds_its_true_position(
            words in proptest::collection::vec(
                (proptest::sample::select(WORDS), proptest::sample::select(SEPARATORS)),
                1..60,
            ),
            cut in (0usize..60, 0usize..60),
        ) {
            // The text, and the byte range of every word in it.
            let mut text = String::new();
            let mut ranges = Vec::new();
            for (i, (word, separator)) in words.iter().enumerate() {
                let start = text.len();
                text.push_str(&format!("{word}_{i}_"));
                ranges.push(start..text.len());
                text.push_str(separator);
            }
            let first = cut.0.min(cut.1) % words.len();
            let last = (cut.0.max(cut.1) % words.len()).max(first);
            let (start, end) = (ranges[first].start, ranges[last].end);
            let quote = text.get(start..end).expect("the ranges are where words were pushed");
            match find(&text, quote) {
                AnchorResult::Found(a) => {
                    proptest::prop_assert_eq!((a.start, a.end), (start, end), "{:?}", quote);
                    proptest::prop_assert_eq!(a.occurrences, 1);
                }
                other => proptest::prop_assert!(false, "{:?} not found: {:?}", quote, other),
            }
        }
    }

    #[test]
    fn key_filter_falls_back_on_a_text_made_to_defeat_it() {
        // Every position starts the prefix, every comparison fails at the very end.
        let text = "a".repeat(200_000);
        let pattern = format!("{}b", "a".repeat(5_000));
        let budget = 8 * text.len();
        assert!(find_by_key(&text, &[&pattern], budget).is_none());
        assert_eq!(find_all(&text, &[&pattern]), vec![Vec::<usize>::new()]);
        let found = find_all(&text, &["aaa"]);
        assert_eq!(found[0].len(), MAX_POSITIONS);
        assert_eq!(found[0][..3], [0, 1, 2]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(256))]
        #[test]
        fn key_filter_finds_what_whole_matching_finds(
            text in "[ab ]{0,300}",
            patterns in proptest::collection::vec("[ab ]{1,60}", 1..6),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(find_all(&text, &patterns), find_whole(&text, &patterns));
        }
    }

    #[test]
    fn closest_search_is_bounded_by_the_bytes_it_scans() {
        // Regression: 1000 misquotes of an 8 MB source ran for minutes (a linear scan each).
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa. ".repeat(2_000);
        let normalized = normalize(&text);
        let lines = LineIndex::new(&text);
        let quotes: Vec<String> = (0..10).map(|i| format!("alpha beta omega {i}")).collect();
        let quotes: Vec<&str> = quotes.iter().map(String::as_str).collect();
        let mut budget = 3 * normalized.text.len();
        let mut results = anchor_quotes(&text, &normalized, &lines, &quotes);
        fill_closest(&text, &normalized, &lines, &mut results, &mut budget);
        let with_closest = results
            .iter()
            .filter(|r| matches!(r, AnchorResult::NotFound(n) if n.closest.is_some()))
            .count();
        assert_eq!(with_closest, 3);
        assert!(
            results
                .iter()
                .all(|r| matches!(r, AnchorResult::NotFound(_)))
        );
    }

    #[test]
    fn word_hyphenated_at_a_pdf_line_end_anchors_with_or_without_its_hyphen() {
        let text =
            "aid came with condi-\ntionality and\ntied the rank-and-\nfile to anti-\nTaliban aims.";
        for quote in [
            "with conditionality and tied",
            "with condi-tionality and tied",
            "with condi- tionality and tied",
        ] {
            let a = anchor(text, quote);
            assert_eq!(
                text.get(a.start..a.end),
                Some("with condi-\ntionality and\ntied")
            );
        }
        for quote in ["the rank-and-file to", "the rankandfile to"] {
            let a = anchor(text, quote);
            assert_eq!(text.get(a.start..a.end), Some("the rank-and-\nfile to"));
        }
        let a = anchor(text, "to anti-Taliban aims.");
        assert_eq!(text.get(a.start..a.end), Some("to anti-\nTaliban aims."));
        // Only a hyphen before a lower-case letter is optional: a capital keeps it.
        assert!(matches!(
            find(text, "to antiTaliban aims."),
            AnchorResult::NotFound(_)
        ));
    }

    #[test]
    fn pdf_footnote_marks_doubled_apostrophes_and_stray_bars_do_not_break_a_quote() {
        // All three are in the repository's own corpus (the 2024 Netherlands brief).
        let text = "enough |leverage to push\nfor a regime.? This mode on women'\u{2019}s rights";
        let a = anchor(
            text,
            "enough leverage to push for a regime. This mode on women's rights",
        );
        assert_eq!((a.start, a.end), (0, text.len()));
    }

    #[test]
    fn case_matters() {
        assert!(matches!(
            find("The Taliban", "the taliban"),
            AnchorResult::NotFound(_)
        ));
    }
}
