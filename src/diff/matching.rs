//! Which old claim is which new claim: by id, then renames.
//!
//! Curators rename ids as a map matures (`aid-fails` → `aid-conditionality-fails`); a reviewer
//! must see "renamed", not a removal and an unrelated addition, and the claim's edges must be
//! followed through the rename. The rule, applied only to claims left unmatched by id:
//!
//! 1. a removed and an added claim are a rename when their texts are the same (whitespace
//!    folded), or their evidence (the set of source and quote pairs) is the same and not empty,
//!    or when the larger of the text similarity (normalised Levenshtein over characters) and the
//!    evidence similarity (Jaccard of the sets) reaches [`RENAME_THRESHOLD`];
//! 2. candidates are assigned one to one, best first (same text, then same evidence, then by
//!    similarity; ties by file order), so the result does not depend on iteration order.
//!
//! Comparing every removed claim with every added one is quadratic, so it is done only when the
//! product is small ([`EXHAUSTIVE_PAIRS`]). Past that, candidates come from an inverted index of
//! the added claims' words and quotes: each removed claim is scored only against the
//! [`CANDIDATES`] added claims that share the most rare tokens with it, which keeps a 10,000-claim
//! diff linear in practice.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::Claim;

/// Minimum similarity (0 to 1) for an unmatched pair to count as a rename.
pub const RENAME_THRESHOLD: f64 = 0.8;

/// Up to this many removed × added pairs, every pair is scored.
const EXHAUSTIVE_PAIRS: usize = 4096;

/// Past [`EXHAUSTIVE_PAIRS`], how many candidates each removed claim is scored against.
const CANDIDATES: usize = 8;

/// Tokens shared by more added claims than this are too common to find candidates with.
const MAX_POSTING: usize = 64;

/// Why two claims with different ids were taken for one renamed claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RenameBasis {
    /// The texts are the same (whitespace folded).
    SameText,
    /// The evidence is the same set of quotes.
    SameEvidence,
    /// Text or evidence similarity reached `RENAME_THRESHOLD` (0.8).
    Similar,
}

/// A rename found by the matcher.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rename {
    /// Which rule matched.
    pub basis: RenameBasis,
    /// The similarity that decided it (1 for same text or evidence).
    pub similarity: f64,
}

/// The outcome: pairs (old index, new index, rename), and the claims left on each side.
#[derive(Debug, Default)]
pub(crate) struct Matching {
    pub pairs: Vec<(usize, usize, Option<Rename>)>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

/// Text with every run of whitespace folded to one space and both ends trimmed.
pub(crate) fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What rename matching needs of one claim, computed once.
struct Profile {
    text: String,
    evidence: Vec<(String, String)>,
}

impl Profile {
    fn of(claim: &Claim) -> Profile {
        let mut evidence: Vec<(String, String)> = claim
            .evidence
            .iter()
            .map(|e| (e.source.value.clone(), fold(&e.quote.value)))
            .collect();
        evidence.sort();
        evidence.dedup();
        Profile {
            text: fold(&claim.text.value),
            evidence,
        }
    }

    /// Distinct lowercase words of three letters or more, and the quotes.
    fn tokens(&self) -> HashSet<String> {
        let mut tokens: HashSet<String> = self
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect();
        tokens.extend(
            self.evidence
                .iter()
                .map(|(source, quote)| format!("\u{1}{source}\u{1}{quote}")),
        );
        tokens
    }
}

/// Scores a removed/added pair; `None` when it is no rename.
fn score(old: &Profile, new: &Profile) -> Option<Rename> {
    if old.text == new.text {
        return Some(Rename {
            basis: RenameBasis::SameText,
            similarity: 1.0,
        });
    }
    if !old.evidence.is_empty() && old.evidence == new.evidence {
        return Some(Rename {
            basis: RenameBasis::SameEvidence,
            similarity: 1.0,
        });
    }
    let evidence = jaccard(&old.evidence, &new.evidence);
    // The edit distance is at least the difference in length: skip texts that cannot reach the
    // threshold without computing it.
    let (a, b) = (old.text.chars().count(), new.text.chars().count());
    let text = if (a.abs_diff(b) as f64) <= (1.0 - RENAME_THRESHOLD) * a.max(b) as f64 {
        strsim::normalized_levenshtein(&old.text, &new.text)
    } else {
        0.0
    };
    let similarity = text.max(evidence);
    (similarity >= RENAME_THRESHOLD).then_some(Rename {
        basis: RenameBasis::Similar,
        similarity,
    })
}

/// Jaccard similarity of two sorted, deduplicated lists (0 when both are empty).
fn jaccard(a: &[(String, String)], b: &[(String, String)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Rank of a candidate: same text first, then same evidence, then by similarity.
fn rank(rename: &Rename) -> (u8, f64) {
    let basis = match rename.basis {
        RenameBasis::SameText => 2,
        RenameBasis::SameEvidence => 1,
        RenameBasis::Similar => 0,
    };
    (basis, rename.similarity)
}

/// Matches the claims of two maps.
pub(crate) fn match_claims(old: &[Claim], new: &[Claim]) -> Matching {
    // 1. By id; a duplicated id pairs its occurrences in file order.
    let mut by_id: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, claim) in old.iter().enumerate() {
        by_id
            .entry(claim.id.value.as_str())
            .or_default()
            .push_back(i);
    }
    let mut matching = Matching::default();
    let mut old_taken = vec![false; old.len()];
    for (j, claim) in new.iter().enumerate() {
        match by_id
            .get_mut(claim.id.value.as_str())
            .and_then(|q| q.pop_front())
        {
            Some(i) => {
                old_taken[i] = true;
                matching.pairs.push((i, j, None));
            }
            None => matching.added.push(j),
        }
    }
    let removed: Vec<usize> = (0..old.len()).filter(|&i| !old_taken[i]).collect();
    if removed.is_empty() || matching.added.is_empty() {
        matching.removed = removed;
        return matching;
    }

    // 2. Renames among what is left.
    let old_profiles: Vec<Profile> = removed.iter().map(|&i| Profile::of(&old[i])).collect();
    let new_profiles: Vec<Profile> = matching
        .added
        .iter()
        .map(|&j| Profile::of(&new[j]))
        .collect();
    let mut candidates: Vec<(usize, usize, Rename)> = Vec::new();
    if removed.len().saturating_mul(matching.added.len()) <= EXHAUSTIVE_PAIRS {
        for (r, old_profile) in old_profiles.iter().enumerate() {
            for (a, new_profile) in new_profiles.iter().enumerate() {
                if let Some(rename) = score(old_profile, new_profile) {
                    candidates.push((r, a, rename));
                }
            }
        }
    } else {
        let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for (a, profile) in new_profiles.iter().enumerate() {
            for token in profile.tokens() {
                postings.entry(token).or_default().push(a);
            }
            by_text.entry(profile.text.as_str()).or_default().push(a);
        }
        for (r, old_profile) in old_profiles.iter().enumerate() {
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for token in old_profile.tokens() {
                if let Some(list) = postings.get(&token)
                    && list.len() <= MAX_POSTING
                {
                    for &a in list {
                        *shared.entry(a).or_default() += 1;
                    }
                }
            }
            let mut ranked: Vec<(usize, usize)> = shared.into_iter().collect();
            ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            let mut picked: Vec<usize> = ranked.iter().take(CANDIDATES).map(|x| x.0).collect();
            // Same text always competes, however common its words.
            if let Some(same) = by_text.get(old_profile.text.as_str()) {
                picked.extend(same.iter().take(CANDIDATES));
            }
            picked.sort_unstable();
            picked.dedup();
            for a in picked {
                if let Some(rename) = score(old_profile, &new_profiles[a]) {
                    candidates.push((r, a, rename));
                }
            }
        }
    }
    candidates.sort_by(|x, y| {
        let (rx, ry) = (rank(&x.2), rank(&y.2));
        ry.0.cmp(&rx.0)
            .then(ry.1.total_cmp(&rx.1))
            .then(x.0.cmp(&y.0))
            .then(x.1.cmp(&y.1))
    });
    let mut old_done = vec![false; removed.len()];
    let mut new_done = vec![false; matching.added.len()];
    for (r, a, rename) in candidates {
        if old_done[r] || new_done[a] {
            continue;
        }
        old_done[r] = true;
        new_done[a] = true;
        matching
            .pairs
            .push((removed[r], matching.added[a], Some(rename)));
    }
    matching.removed = removed
        .iter()
        .enumerate()
        .filter(|(r, _)| !old_done[*r])
        .map(|(_, &i)| i)
        .collect();
    matching.added = matching
        .added
        .iter()
        .enumerate()
        .filter(|(a, _)| !new_done[*a])
        .map(|(_, &j)| j)
        .collect();
    matching.pairs.sort_by_key(|p| p.1);
    matching
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnchorResult, Evidence, Located};

    fn claim(id: &str, text: &str, quotes: &[&str]) -> Claim {
        Claim {
            id: Located::new(id.into(), Default::default()),
            text: Located::new(text.into(), Default::default()),
            tags: Vec::new(),
            note: None,
            note_span: None,
            evidence: quotes
                .iter()
                .map(|q| Evidence {
                    source: Located::new("src".into(), Default::default()),
                    quote: Located::new((*q).into(), Default::default()),
                    stance: crate::model::Stance::Supports,
                    holder: None,
                    anchor: AnchorResult::Pending,
                })
                .collect(),
            supports: Vec::new(),
            contradicts: Vec::new(),
            allow: Vec::new(),
        }
    }

    fn renames(m: &Matching, old: &[Claim], new: &[Claim]) -> Vec<(String, String)> {
        m.pairs
            .iter()
            .filter(|p| p.2.is_some())
            .map(|&(i, j, _)| (old[i].id.value.clone(), new[j].id.value.clone()))
            .collect()
    }

    #[test]
    fn same_id_is_the_same_claim_whatever_the_text() {
        let old = [claim("a", "one thing", &["q"])];
        let new = [claim("a", "something else entirely", &["r"])];
        let m = match_claims(&old, &new);
        assert_eq!(m.pairs, vec![(0, 0, None)]);
        assert!(m.added.is_empty() && m.removed.is_empty());
    }

    #[test]
    fn same_text_or_same_evidence_is_a_rename() {
        let old = [
            claim("a", "Aid will not moderate the Taliban.", &["q1"]),
            claim("b", "Sanctions hurt civilians most.", &["q2", "q3"]),
        ];
        let new = [
            claim(
                "b2",
                "Sanctions mostly hurt ordinary people.",
                &["q3", "q2"],
            ),
            claim("a2", "Aid  will not moderate the Taliban.", &["other"]),
        ];
        let m = match_claims(&old, &new);
        assert_eq!(
            renames(&m, &old, &new),
            [("b".into(), "b2".into()), ("a".into(), "a2".into())]
        );
        assert_eq!(m.pairs[1].2.map(|r| r.basis), Some(RenameBasis::SameText));
        assert_eq!(
            m.pairs[0].2.map(|r| r.basis),
            Some(RenameBasis::SameEvidence)
        );
    }

    #[test]
    fn similar_text_is_a_rename_but_different_text_is_not() {
        let old = [
            claim(
                "x",
                "The blockade raised food prices in the north.",
                &["q1"],
            ),
            claim("y", "Elections were postponed twice.", &["q2"]),
        ];
        let new = [
            claim(
                "x2",
                "The blockade raised food prices in the north!",
                &["q9"],
            ),
            claim("z", "A completely different proposition.", &["q8"]),
        ];
        let m = match_claims(&old, &new);
        assert_eq!(renames(&m, &old, &new), [("x".into(), "x2".into())]);
        assert_eq!(m.removed, [1]);
        assert_eq!(m.added, [1]);
    }

    #[test]
    fn assignment_is_one_to_one_and_best_first() {
        // Both new claims resemble `a`; the identical one wins, the other stays added.
        let old = [claim("a", "Aid will not moderate the Taliban.", &[])];
        let new = [
            claim("near", "Aid will not moderate the Taliban!", &[]),
            claim("same", "Aid will not moderate the Taliban.", &[]),
        ];
        let m = match_claims(&old, &new);
        assert_eq!(renames(&m, &old, &new), [("a".into(), "same".into())]);
        assert_eq!(m.added, [0]);
    }

    #[test]
    fn large_sides_use_the_index_and_still_find_renames() {
        let old: Vec<Claim> = (0..200)
            .map(|i| {
                claim(
                    &format!("old-{i}"),
                    &format!("Claim number {i} about topic{i}"),
                    &[],
                )
            })
            .collect();
        let new: Vec<Claim> = (0..200)
            .map(|i| {
                claim(
                    &format!("new-{i}"),
                    &format!("Claim number {i} about topic{i}."),
                    &[],
                )
            })
            .collect();
        let m = match_claims(&old, &new);
        assert_eq!(m.pairs.len(), 200);
        assert!(m.pairs.iter().all(|&(i, j, _)| i == j));
    }
}
