//! Quote → byte span in its source: the check that makes a map honest.
//!
//! A quote anchors when, after [`normalize`] of both sides, it occurs in its source (case and
//! punctuation exact). An elision (`...`, `…`, `[...]`) splits a quote into fragments that must
//! occur in order, each starting at most [`MAX_ELISION_GAP`] characters after the previous one
//! ends. All quotes of one source are found in a single Aho-Corasick pass over its text.

mod closest;
pub mod normalize;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::model::{Anchor, AnchorResult, LineIndex, Map, NotFound};
use normalize::{Normalized, normalize, normalize_quote};

/// Most characters of source text an elision may skip between two fragments.
pub const MAX_ELISION_GAP: usize = 400;
/// Occurrences of one fragment remembered per source (enough to tell "ambiguous").
const MAX_POSITIONS: usize = 4096;
/// Quotes that did not anchor for which a closest passage is searched, per run.
const MAX_CLOSEST_SEARCHES: usize = 1000;
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
    let mut budget = MAX_CLOSEST_SEARCHES;
    anchor_quotes(text, &normalized, &lines, &[quote], &mut budget)
        .pop()
        .unwrap_or_default()
}

/// Anchors every quote of the map, source by source, filling [`crate::model::Evidence::anchor`].
/// Quotes whose source is unknown or unreadable stay [`AnchorResult::Pending`].
pub fn anchor_map(map: &mut Map) {
    let mut by_source: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (ci, claim) in map.claims.iter().enumerate() {
        for (ei, evidence) in claim.evidence.iter().enumerate() {
            by_source
                .entry(evidence.source.value.as_str())
                .or_default()
                .push((ci, ei));
        }
    }
    let mut results: Vec<((usize, usize), AnchorResult)> = Vec::new();
    let mut budget = MAX_CLOSEST_SEARCHES;
    for source in &map.sources {
        let Some(places) = by_source.get(source.id.as_str()) else {
            continue;
        };
        let Some(text) = source.text() else { continue };
        let quotes: Vec<&str> = places
            .iter()
            .map(|&(ci, ei)| map.claims[ci].evidence[ei].quote.value.as_str())
            .collect();
        let normalized = normalize(text);
        let lines = LineIndex::new(text);
        let found = anchor_quotes(text, &normalized, &lines, &quotes, &mut budget);
        results.extend(places.iter().copied().zip(found));
    }
    look_in_other_sources(map, &mut results);
    for ((ci, ei), result) in results {
        map.claims[ci].evidence[ei].anchor = result;
    }
}

/// For quotes that did not anchor, tells whether another source has them verbatim: the most
/// common cause is citing the wrong source.
fn look_in_other_sources(map: &Map, results: &mut [((usize, usize), AnchorResult)]) {
    let missing: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, (_, r))| matches!(r, AnchorResult::NotFound(_)))
        .map(|(i, _)| i)
        .take(MAX_CROSS_SOURCE_SEARCHES)
        .collect();
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
            if let Some(at) = chain(&norm.text, &parts, &mut HashMap::new()).first() {
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

/// Anchors `quotes` (as written) in one source text.
fn anchor_quotes(
    original: &str,
    normalized: &Normalized,
    lines: &LineIndex,
    quotes: &[&str],
    closest_budget: &mut usize,
) -> Vec<AnchorResult> {
    let normalized_quotes: Vec<String> = quotes.iter().map(|q| normalize_quote(q)).collect();
    let quote_parts: Vec<Vec<&str>> = normalized_quotes.iter().map(|q| fragments(q)).collect();

    let mut pattern_ids: HashMap<&str, usize> = HashMap::new();
    let mut patterns: Vec<&str> = Vec::new();
    for parts in &quote_parts {
        for part in parts {
            pattern_ids.entry(part).or_insert_with(|| {
                patterns.push(part);
                patterns.len() - 1
            });
        }
    }
    let mut positions: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
    if !patterns.is_empty()
        && let Ok(automaton) = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
    {
        for m in automaton.find_overlapping_iter(&normalized.text) {
            let list = &mut positions[m.pattern().as_usize()];
            if list.len() < MAX_POSITIONS {
                list.push(m.start());
            }
        }
    }

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
            let closest = if *closest_budget > 0 && !elision_too_far {
                *closest_budget -= 1;
                closest::closest(normalized, original, lines, fragment)
            } else {
                None
            };
            AnchorResult::NotFound(Box::new(NotFound {
                missing_fragment: fragment.to_string(),
                elision_too_far,
                closest,
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
    let start = anchor.start.min(text.len());
    let end = anchor.end.clamp(start, text.len());
    let before_all = &text[..start];
    let mut from = before_all
        .char_indices()
        .rev()
        .take(max_chars)
        .last()
        .map_or(start, |(i, _)| i);
    // Begin after the last sentence end in the window, if there is one.
    if let Some(cut) = before_all[from..]
        .rfind(['.', '!', '?', '\n'])
        .map(|i| from + i + 1)
    {
        from = cut;
    }
    let after_all = &text[end..];
    let window_end = after_all
        .char_indices()
        .nth(max_chars)
        .map_or(after_all.len(), |(i, _)| i);
    let to = after_all[..window_end]
        .find(['.', '!', '?'])
        .map_or(window_end, |i| i + 1);
    let before = fold(&text[from..start]);
    let after = fold(&after_all[..to]);
    let lead = if text[..start].ends_with(char::is_whitespace) && !before.is_empty() {
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
        quote: fold(&text[start..end]),
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
            &text[a.start..a.end],
            "It should now be clear that foreign\naid will not moderate the Taliban."
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
        assert_eq!(&text[a.start..a.end], "three\r\nfour");
        assert_eq!(a.line, 2);
    }

    #[test]
    fn elided_quote_needs_fragments_in_order_and_close() {
        let text = "Alpha beta gamma. Delta epsilon. Zeta eta theta.";
        let a = anchor(text, "Alpha beta ... Zeta eta");
        assert_eq!(a.fragments.len(), 2);
        assert_eq!(&text[a.fragments[1].clone()], "Zeta eta");
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
    fn case_matters() {
        assert!(matches!(
            find("The Taliban", "the taliban"),
            AnchorResult::NotFound(_)
        ));
    }
}
