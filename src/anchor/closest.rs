//! The passage of a source most like a quote that did not anchor.
//!
//! A curator needs to see at once whether a failed quote is a typo, a paraphrase or the wrong
//! source. Scoring every window by Levenshtein distance would be quadratic in the source, so
//! windows are first ranked by shared words (one linear pass), and only the best few are
//! compared character by character.

use foldhash::HashMap;

use super::normalize::Normalized;
use crate::model::{Closest, LineIndex};

/// How many of the best word-overlap windows are refined with edit distance.
const CANDIDATES: usize = 3;
/// Longest text (in characters) compared by edit distance; longer quotes are cut.
const MAX_COMPARE_CHARS: usize = 600;
/// Longest passage shown in a diagnostic, in characters.
const MAX_SHOWN_CHARS: usize = 240;

/// Finds the window of `source` most similar to `fragment` (both normalised).
pub fn closest(
    source: &Normalized,
    original: &str,
    lines: &LineIndex,
    fragment: &str,
) -> Option<Closest> {
    let quote_words: Vec<&str> = fragment.split(' ').filter(|w| !w.is_empty()).collect();
    if quote_words.is_empty() || source.text.is_empty() {
        return None;
    }
    // Each distinct quote word gets a slot; `limits[slot]` is how often the quote has it.
    let mut wanted: HashMap<String, usize> = HashMap::default();
    let mut limits: Vec<usize> = Vec::new();
    for word in &quote_words {
        let slot = *wanted.entry(key(word).into_owned()).or_insert_with(|| {
            limits.push(0);
            limits.len() - 1
        });
        limits[slot] += 1;
    }
    // Word starts in the normalised source.
    let mut starts = vec![0usize];
    starts.extend(source.text.match_indices(' ').map(|(i, _)| i + 1));
    let words: Vec<&str> = source.text.split(' ').collect();
    let width = quote_words.len().min(words.len());
    // Looked up once per source word, without allocating for words already in lowercase.
    let slots: Vec<Option<usize>> = words
        .iter()
        .map(|w| wanted.get(key(w).as_ref()).copied())
        .collect();

    // Sliding multiset overlap between the window and the quote's words.
    let mut have = vec![0usize; limits.len()];
    let mut overlap = 0usize;
    let mut scores: Vec<(usize, usize)> = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        if let Some(slot) = slots[i] {
            have[slot] += 1;
            if have[slot] <= limits[slot] {
                overlap += 1;
            }
        }
        if i + 1 > width
            && let Some(slot) = slots[i - width]
        {
            if have[slot] <= limits[slot] {
                overlap -= 1;
            }
            have[slot] -= 1;
        }
        if i + 1 >= width {
            scores.push((overlap, i + 1 - width));
        }
    }
    // Only the best few are refined: select them, then order just those.
    let order = |a: &(usize, usize), b: &(usize, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if scores.len() > CANDIDATES {
        scores.select_nth_unstable_by(CANDIDATES, order);
        scores.truncate(CANDIDATES);
    }
    scores.sort_by(order);

    let target: String = fragment.chars().take(MAX_COMPARE_CHARS).collect();
    let mut best: Option<(f64, usize, usize)> = None;
    let mut seen = Vec::new();
    for &(_, first) in scores.iter().take(CANDIDATES) {
        for shift in [-1isize, 0, 1] {
            for extra in [-1isize, 0, 1] {
                let from = (first as isize + shift).max(0) as usize;
                let len = (width as isize + extra).max(1) as usize;
                let to = (from + len).min(words.len());
                if from >= to || seen.contains(&(from, to)) {
                    continue;
                }
                seen.push((from, to));
                let window = words[from..to].join(" ");
                let window: String = window.chars().take(MAX_COMPARE_CHARS).collect();
                let similarity = strsim::normalized_levenshtein(&window, &target);
                if best.is_none_or(|(s, _, _)| similarity > s) {
                    best = Some((similarity, from, to));
                }
            }
        }
    }
    let (similarity, from, to) = best?;
    let norm_start = starts[from];
    let norm_end = starts[to - 1] + words[to - 1].len();
    let range = source.original_range(original, norm_start, norm_end);
    // `original_range` returns whole chars of `original`, so the `get` cannot fail.
    let folded: String = original
        .get(range.clone())
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut passage: String = folded.chars().take(MAX_SHOWN_CHARS).collect();
    if passage.len() < folded.len() {
        passage.push('…');
    }
    Some(Closest {
        passage,
        line: lines.line(range.start),
        similarity,
    })
}

/// Word identity for overlap: case and surrounding punctuation ignored.
fn key(word: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
    // Not `is_uppercase`: titlecase letters (ǅ, ᾈ) have lowercase forms too.
    if trimmed.chars().any(|c| {
        let mut lower = c.to_lowercase();
        !(lower.next() == Some(c) && lower.next().is_none())
    }) {
        std::borrow::Cow::Owned(trimmed.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::normalize::normalize;

    #[test]
    fn finds_the_passage_with_a_typo() {
        let original =
            "First line here.\nThe Taliban value cohesion\nabove aid and recognition. Other text.";
        let n = normalize(original);
        let lines = LineIndex::new(original);
        let c = closest(
            &n,
            original,
            &lines,
            "The Taliban values cohesion above aid and recognition.",
        );
        let c = c.expect("a closest passage");
        assert_eq!(c.line, 2);
        assert!(
            c.passage
                .starts_with("The Taliban value cohesion above aid"),
            "{}",
            c.passage
        );
        assert!(c.similarity > 0.9, "{}", c.similarity);
    }
}
