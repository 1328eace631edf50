//! The one did-you-mean rule of the program. Unknown fields, unknown claims, unknown sources,
//! `show` and `render --focus` all ask it, so the same typo gets the same answer everywhere and
//! a tie between two equally close names is always broken the same way (by the name itself),
//! whatever order the candidates come in.

/// How close (Jaro-Winkler, 0 to 1) a name must be to count as a likely typo.
pub const THRESHOLD: f64 = 0.85;

/// The known name closest to `word`, if it is close enough to be a typo of it.
///
/// Ties go to the name that sorts first, so the answer does not depend on the order of
/// `known` (a hash set's order changes from run to run).
///
/// ```
/// use claimgraph::diagnostic::did_you_mean;
/// let known = ["aid-fails", "aid-works", "sanctions-bite"];
/// assert_eq!(did_you_mean("aid-fail", known), Some("aid-fails"));
/// assert_eq!(did_you_mean("something-else", known), None);
/// ```
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &'a str)> = None;
    for name in known {
        if name == word {
            continue;
        }
        let score = strsim::jaro_winkler(word, name);
        if score < THRESHOLD {
            continue;
        }
        let better = match best {
            None => true,
            Some((top, current)) => score > top || (score == top && name < current),
        };
        if better {
            best = Some((score, name));
        }
    }
    best.map(|(_, name)| name)
}

/// Whether `word` has exactly one good did-you-mean: the best candidate is clearly closer than
/// the runner-up. Fixes are offered only then; a help line may still name the best of several.
pub fn single_match<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut scored: Vec<(f64, &'a str)> = known
        .into_iter()
        .filter(|name| *name != word)
        .map(|name| (strsim::jaro_winkler(word, name), name))
        .filter(|(score, _)| *score >= THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    match scored.as_slice() {
        [(_, only)] => Some(only),
        [(top, best), (next, _), ..] if top - next >= 0.03 => Some(best),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_between_equally_close_names_does_not_depend_on_their_order() {
        // `ab-x` and `ab-y` are equally close to `ab-z`.
        let forward = did_you_mean("ab-z", ["ab-x", "ab-y"]);
        let backward = did_you_mean("ab-z", ["ab-y", "ab-x"]);
        assert_eq!(forward, Some("ab-x"));
        assert_eq!(forward, backward);
        assert_eq!(single_match("ab-z", ["ab-y", "ab-x"]), None);
    }

    #[test]
    fn a_clear_best_match_is_single() {
        assert_eq!(
            single_match("sanctions-bites", ["sanctions-bite", "aid-fails"]),
            Some("sanctions-bite")
        );
    }
}
