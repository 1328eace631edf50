//! Citations: every claim cited, every quote really in its source, once.

use foldhash::HashMap;

use super::edits;
use super::shown;
use crate::anchor::{MAX_ELISION_GAP, normalize::normalize_quote};
use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::model::{AnchorResult, Map};

/// For each citation of a claim, whether another citation of the same source anchored at the
/// same place (only then can the two be the same passage, see `check`).
fn twins(evidence: &[crate::model::Evidence]) -> Vec<bool> {
    // Most claims cite a few passages: pairs are compared; a claim citing many is indexed.
    const PAIRWISE: usize = 16;
    if evidence.len() <= PAIRWISE {
        return evidence
            .iter()
            .enumerate()
            .map(|(i, e)| {
                e.anchor.found().is_some_and(|a| {
                    evidence.iter().enumerate().any(|(j, o)| {
                        j != i && o.source.value == e.source.value && o.anchor.found() == Some(a)
                    })
                })
            })
            .collect();
    }
    // By the anchor's range: a coarser key than the whole anchor, so never a twin missed.
    let mut places: HashMap<(&str, usize, usize), usize> = HashMap::default();
    for e in evidence {
        if let Some(a) = e.anchor.found() {
            *places
                .entry((e.source.value.as_str(), a.start, a.end))
                .or_default() += 1;
        }
    }
    evidence
        .iter()
        .map(|e| {
            e.anchor.found().is_some_and(|a| {
                places
                    .get(&(e.source.value.as_str(), a.start, a.end))
                    .is_some_and(|&n| n > 1)
            })
        })
        .collect()
}

pub(super) fn check(map: &Map) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for claim in &map.claims {
        let id = shown(&claim.id.value);
        let own = claim.id.value.as_str();
        if claim.evidence.is_empty() {
            out.push(
                Diagnostic::new(Code::UncitedClaim, &map.path, Some(claim.id.span), format!("claim `{id}` cites no evidence"))
                    .on_claim(own)
                    .label("uncited")
                    .help("add `evidence:` with at least one `source:` and verbatim `quote:` from the corpus"),
            );
        }
        let mut seen: HashMap<(&str, String), crate::model::Span> = HashMap::default();
        // Only quotes of a source the claim cites more than once can repeat each other, and a
        // quote that anchored is not empty: other quotes need not be normalised again here
        // (doing so for all was a third of `validate` on big maps). Two quotes that anchored
        // are the same once normalised only if they anchored at the same place (equal
        // normalised quotes make the same search), so a quote that anchored is normalised
        // only when another of its source anchored where it did: that was still a fifth of a
        // re-check of a 10,000-claim map.
        let twins = twins(&claim.evidence);
        for (i, evidence) in claim.evidence.iter().enumerate() {
            let quote = &evidence.quote;
            if twins[i] || evidence.anchor.found().is_none() {
                let normalized = normalize_quote(&quote.value);
                if crate::anchor::fragments(&normalized).is_empty() {
                    out.push(
                        Diagnostic::new(
                            Code::EmptyText,
                            &map.path,
                            Some(quote.span),
                            format!("empty quote on claim `{id}`"),
                        )
                        .on_claim(own)
                        .key(["quote", evidence.source.value.as_str()])
                        .label("empty")
                        .help("paste the passage of the source that states the claim"),
                    );
                    continue;
                }
                let key = (evidence.source.value.as_str(), normalized);
                if let Some(first) = seen.get(&key) {
                    let removal =
                        edits::remove_block_item(map, &[evidence.source.span, quote.span])
                            .map(|edit| Fix::safe("remove the second citation", vec![edit]));
                    out.push(
                        Diagnostic::new(
                            Code::DuplicateEvidence,
                            &map.path,
                            Some(quote.span),
                            format!(
                                "claim `{id}` cites the same passage of `{}` twice",
                                shown(&evidence.source.value)
                            ),
                        )
                        .on_claim(own)
                        .key([key.0, key.1.as_str()])
                        .label("cited again")
                        .related(*first, "first cited here")
                        .help("remove one of the two citations")
                        .fixes(removal),
                    );
                } else {
                    seen.insert(key, quote.span);
                }
            }
            match &evidence.anchor {
                AnchorResult::Found(anchor) if anchor.occurrences > 1 => out.push(
                    Diagnostic::new(
                        Code::AmbiguousQuote,
                        &map.path,
                        Some(quote.span),
                        format!(
                            "quote occurs {} times in `{}`",
                            anchor.occurrences,
                            shown(&evidence.source.value)
                        ),
                    )
                    .on_claim(own)
                    .key([evidence.source.value.as_str(), quote.value.as_str()])
                    .label(format!("first at line {}", anchor.line))
                    .help("lengthen the quote until it names one passage"),
                ),
                AnchorResult::NotFound(not_found) => {
                    let source = shown(&evidence.source.value);
                    let mut d = Diagnostic::new(
                        Code::QuoteNotFound,
                        &map.path,
                        Some(quote.span),
                        format!("quote not found in `{source}`"),
                    )
                    .on_claim(own)
                    .key([evidence.source.value.as_str(), quote.value.as_str()]);
                    let mut help = Vec::new();
                    if not_found.elision_too_far {
                        d = d.label(format!(
                            "every fragment occurs, but not in this order within {MAX_ELISION_GAP} characters"
                        ));
                        help.push("check the order of the fragments, or cite the passages as two pieces of evidence".to_string());
                    } else if let Some(file) = blank_source(map, &evidence.source.value) {
                        d = d.label("the source has no text");
                        help.push(format!(
                            "{file} is empty or only whitespace: its extraction may have failed (a scanned PDF needs OCR first, e.g. `ocrmypdf in.pdf out.pdf && pdftotext -layout out.pdf`)"
                        ));
                    } else {
                        d = d.label("not in the source");
                        if normalize_quote(&quote.value) != not_found.missing_fragment {
                            help.push(format!(
                                "this fragment does not occur: \"{}\"",
                                cut(&not_found.missing_fragment)
                            ));
                        }
                        let whole = normalize_quote(&quote.value) == not_found.missing_fragment;
                        if let Some(fix) = not_found
                            .closest
                            .as_ref()
                            .filter(|_| whole)
                            .and_then(|c| wording_fix(map, quote.span, &quote.value, c))
                        {
                            d = d.fix(fix);
                        }
                        match &not_found.closest {
                            Some(c) => {
                                help.push(format!(
                                    "closest passage ({}% similar, line {}): \"{}\"",
                                    percent(c.similarity),
                                    c.line,
                                    c.passage
                                ));
                                if whole && let Some(how) = how_it_differs(&quote.value, c) {
                                    help.push(how);
                                }
                            }
                            None => help.push("quotes must be verbatim (case and punctuation); line breaks, typographic quotes and dashes may differ".to_string()),
                        }
                    }
                    if let Some((other, line)) = &not_found.found_in_other {
                        help.push(format!(
                            "the quote occurs verbatim in `{}` (line {line}): is that the source you meant?",
                            shown(other)
                        ));
                    }
                    out.push(d.help(help.join("\n")));
                }
                _ => {}
            }
        }
    }
    out
}

/// The file of source `id` when it holds no text at all (an extraction that failed), where
/// "not in the source" would send the curator looking for a typo.
fn blank_source(map: &Map, id: &str) -> Option<String> {
    let source = map.sources.iter().find(|s| s.id == id)?;
    source
        .text()?
        .trim()
        .is_empty()
        .then(|| crate::diagnostic::display_path(&source.path))
}

/// A similarity as a whole percentage, rounded down and never 100 for a miss (99.6% is not a
/// match, and printing "100% similar" beside "not found" reads as a bug).
fn percent(similarity: f64) -> u32 {
    ((similarity * 100.0).floor() as u32).min(99)
}

/// How a quote differs from the passage closest to it: letter case only, or the words that
/// differ (at most three changes), so the curator sees the slip at once.
fn how_it_differs(quote: &str, closest: &crate::model::Closest) -> Option<String> {
    /// Below this similarity the passage is another passage, not a miscopy of this one.
    const WORDS_FROM: f64 = 0.75;
    let (quote, passage) = (folded(quote), folded(&closest.passage));
    if quote == passage {
        return None;
    }
    if differs_only_in_case(&quote, &passage) {
        return Some("the quote differs from the source only in letter case".to_string());
    }
    if closest.similarity < WORDS_FROM {
        return None;
    }
    // The words both share at the start and the end are cut off first (linear), and only a
    // short middle is diffed: a pasted 1 MB quote must not cost a quadratic diff.
    const MAX_MIDDLE_WORDS: usize = 200;
    let (q, p): (Vec<&str>, Vec<&str>) = (quote.split(' ').collect(), passage.split(' ').collect());
    let head = q.iter().zip(&p).take_while(|(a, b)| a == b).count();
    let tail = q[head..]
        .iter()
        .rev()
        .zip(p[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (q, p) = (&q[head..q.len() - tail], &p[head..p.len() - tail]);
    if q.len().max(p.len()) > MAX_MIDDLE_WORDS {
        return None;
    }
    let (q, p) = (q.join(" "), p.join(" "));
    let diff = similar::TextDiff::from_words(&q, &p);
    let mut changes = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let flush = |removed: &mut String, added: &mut String, changes: &mut Vec<String>| {
        let (r, a) = (removed.trim(), added.trim());
        match (r.is_empty(), a.is_empty()) {
            (false, false) => changes.push(format!("`{}` → `{}`", cut(r), cut(a))),
            (false, true) => changes.push(format!("`{}` is not in the source", cut(r))),
            (true, false) => changes.push(format!("the source has `{}` here", cut(a))),
            (true, true) => {}
        }
        removed.clear();
        added.clear();
    };
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Delete => removed.push_str(change.value()),
            similar::ChangeTag::Insert => added.push_str(change.value()),
            similar::ChangeTag::Equal if change.value().trim().is_empty() => {}
            similar::ChangeTag::Equal => flush(&mut removed, &mut added, &mut changes),
        }
    }
    flush(&mut removed, &mut added, &mut changes);
    if changes.is_empty() || changes.len() > 3 {
        return None;
    }
    Some(format!("differs from the source: {}", changes.join("; ")))
}

/// The words of `text` with single spaces between them.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a quote and a passage have the same words but for letter case.
fn differs_only_in_case(quote: &str, passage: &str) -> bool {
    folded(quote).to_lowercase() == folded(passage).to_lowercase()
}

/// Similarity from which a closest passage counts as the same passage miscopied (case,
/// typography, a word or two), so that replacing the quote by it is offered as a fix.
const NEAR_IDENTICAL: f64 = 0.9;

/// Replaces a quote by the source's own wording of a near-identical passage.
fn wording_fix(
    map: &Map,
    span: crate::model::Span,
    quote: &str,
    closest: &crate::model::Closest,
) -> Option<Fix> {
    let case_only = differs_only_in_case(quote, &closest.passage);
    if (closest.similarity < NEAR_IDENTICAL && !case_only) || closest.passage.trim().is_empty() {
        return None;
    }
    let edit = edits::replace_scalar(map, span, edits::quoted(&closest.passage))?;
    Some(Fix::unsafe_(
        format!("quote the source's wording (line {})", closest.line),
        vec![edit],
    ))
}

fn cut(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}
