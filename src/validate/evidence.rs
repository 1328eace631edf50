//! Citations: every claim cited, every quote really in its source, once.

use foldhash::HashMap;

use super::shown;
use crate::anchor::{MAX_ELISION_GAP, normalize::normalize_quote};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AnchorResult, Map};

pub(super) fn check(map: &Map) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for claim in &map.claims {
        let id = shown(&claim.id.value);
        if claim.evidence.is_empty() {
            out.push(
                Diagnostic::new(Code::UncitedClaim, &map.path, Some(claim.id.span), format!("claim `{id}` cites no evidence"))
                    .label("uncited")
                    .help("add `evidence:` with at least one `source:` and verbatim `quote:` from the corpus"),
            );
        }
        let mut seen: HashMap<(&str, String), crate::model::Span> = HashMap::default();
        // Only quotes of a source the claim cites more than once can repeat each other, and a
        // quote that anchored is not empty: other quotes need not be normalised again here
        // (doing so for all was a third of `validate` on big maps).
        let mut per_source: HashMap<&str, usize> = HashMap::default();
        for evidence in &claim.evidence {
            *per_source
                .entry(evidence.source.value.as_str())
                .or_default() += 1;
        }
        for evidence in &claim.evidence {
            let quote = &evidence.quote;
            let repeated = per_source[evidence.source.value.as_str()] > 1;
            if repeated || evidence.anchor.found().is_none() {
                let normalized = normalize_quote(&quote.value);
                if crate::anchor::fragments(&normalized).is_empty() {
                    out.push(
                        Diagnostic::new(
                            Code::EmptyText,
                            &map.path,
                            Some(quote.span),
                            format!("empty quote on claim `{id}`"),
                        )
                        .label("empty")
                        .help("paste the passage of the source that states the claim"),
                    );
                    continue;
                }
                let key = (evidence.source.value.as_str(), normalized);
                if let Some(first) = seen.get(&key) {
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
                        .label("cited again")
                        .related(*first, "first cited here")
                        .help("remove one of the two citations"),
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
                    );
                    let mut help = Vec::new();
                    if not_found.elision_too_far {
                        d = d.label(format!(
                            "every fragment occurs, but not in this order within {MAX_ELISION_GAP} characters"
                        ));
                        help.push("check the order of the fragments, or cite the passages as two pieces of evidence".to_string());
                    } else {
                        d = d.label("not in the source");
                        if normalize_quote(&quote.value) != not_found.missing_fragment {
                            help.push(format!(
                                "this fragment does not occur: \"{}\"",
                                cut(&not_found.missing_fragment)
                            ));
                        }
                        match &not_found.closest {
                            Some(c) => help.push(format!(
                                "closest passage ({:.0}% similar, line {}): \"{}\"",
                                c.similarity * 100.0,
                                c.line,
                                c.passage
                            )),
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

fn cut(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}
