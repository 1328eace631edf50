//! The evidence balance of each claim, and what discrediting a source changes.
//!
//! Quotes are grouped by who speaks, a *voice* ([`voices`]): sources with an author in common
//! are one voice, and a source's `voice:` names it outright (a brief repeating another paper's
//! argument), so two sources repeating one speaker count once. `reports` quotes are counted
//! apart: they show who holds a view, not that it is true.

use serde::Serialize;

use super::framework::Bipolar;
use super::semantics::Label;
use super::{AnalyzeError, Change, Options, SourceImpact, label};
use std::collections::BTreeSet;

use foldhash::HashMap;

use crate::model::{Claim, Evidence, Map, Source, Stance};

/// Who speaks in a quote.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub struct Voice {
    /// The name the voice goes by: the sources' `voice:`, else their authors, else the source
    /// id.
    pub id: String,
}

/// The voice of each source id: sources joined by a `voice:` they share or by any author they
/// have in common (transitively), named by the `voice:` or by the group's authors.
pub fn voices(map: &Map) -> HashMap<String, Voice> {
    let n = map.sources.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_with: HashMap<String, usize> = HashMap::default();
    for (i, source) in map.sources.iter().enumerate() {
        for key in voice_keys(source) {
            match first_with.get(&key) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    first_with.insert(key, i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Group> = HashMap::default();
    for (i, source) in map.sources.iter().enumerate() {
        let group = groups.entry(root(&mut parent, i)).or_default();
        if group.voice.is_none() {
            group.voice.clone_from(&source.meta.voice);
        }
        group.authors.extend(source.meta.authors.iter().cloned());
        group.ids.insert(source.id.clone());
    }
    let mut out = HashMap::default();
    for (i, source) in map.sources.iter().enumerate() {
        let group = &groups[&root(&mut parent, i)];
        let id = match &group.voice {
            Some(voice) => voice.clone(),
            None if !group.authors.is_empty() => join(&group.authors),
            None => join(&group.ids),
        };
        out.insert(source.id.clone(), Voice { id });
    }
    out
}

/// The sources of one voice.
#[derive(Default)]
struct Group {
    voice: Option<String>,
    authors: BTreeSet<String>,
    ids: BTreeSet<String>,
}

fn join(names: &BTreeSet<String>) -> String {
    names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" & ")
}

/// What joins a source to others: its `voice:` and each author, case folded.
fn voice_keys(source: &Source) -> Vec<String> {
    let mut keys: Vec<String> = source
        .meta
        .authors
        .iter()
        .map(|a| format!("author:{}", a.trim().to_lowercase()))
        .collect();
    if let Some(voice) = &source.meta.voice {
        keys.push(format!("voice:{}", voice.trim().to_lowercase()));
    }
    keys
}

/// The voice a quote is in: its source's (see [`voices`]), or the source id for a source the
/// map does not have.
pub fn voice_of(voices: &HashMap<String, Voice>, evidence: &Evidence) -> Voice {
    voices
        .get(&evidence.source.value)
        .cloned()
        .unwrap_or(Voice {
            id: evidence.source.value.clone(),
        })
}

/// A claim's quotes for and against, and the distinct voices behind each side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Balance {
    /// Quotes that back the claim.
    pub supporting: usize,
    /// Quotes that dispute it.
    pub contradicting: usize,
    /// The distinct voices of the backing quotes, sorted.
    pub supporting_voices: Vec<String>,
    /// The distinct voices of the disputing quotes, sorted.
    pub contradicting_voices: Vec<String>,
    /// Quotes that only report that someone holds the claim (`stance: reports`).
    pub reporting: usize,
    /// The distinct voices of the reporting quotes, sorted.
    pub reporting_voices: Vec<String>,
}

/// The balance of one claim's evidence, by the map's [`voices`].
pub(crate) fn balance(table: &HashMap<String, Voice>, claim: &Claim) -> Balance {
    let mut b = Balance::default();
    for e in &claim.evidence {
        let voice = voice_of(table, e).id;
        let (count, voices) = match e.stance {
            Stance::Supports => (&mut b.supporting, &mut b.supporting_voices),
            Stance::Contradicts => (&mut b.contradicting, &mut b.contradicting_voices),
            Stance::Reports => (&mut b.reporting, &mut b.reporting_voices),
        };
        *count += 1;
        if !voices.contains(&voice) {
            voices.push(voice);
        }
    }
    b.supporting_voices.sort();
    b.contradicting_voices.sort();
    b.reporting_voices.sort();
    b
}

/// What changes if `source` is discredited: the claims whose every backing quote is from it
/// lose their footing and are taken out of the framework; the other claims are labelled again.
pub(crate) fn impact(
    map: &Map,
    bf: &Bipolar,
    labels: &[Label],
    source: &str,
    options: &Options,
) -> Result<SourceImpact, AnalyzeError> {
    if map.source(source).is_none()
        && !map
            .claims
            .iter()
            .any(|c| c.evidence.iter().any(|e| e.source.value == source))
    {
        return Err(AnalyzeError::UnknownSource {
            id: source.to_string(),
            suggestion: crate::diagnostic::did_you_mean(
                source,
                map.sources.iter().map(|s| s.id.as_str()),
            )
            .map(str::to_string),
        });
    }
    let mut without = bf.clone();
    let mut uncited = Vec::new();
    for (i, claim) in map.claims.iter().enumerate() {
        let backing: Vec<&Evidence> = claim
            .evidence
            .iter()
            .filter(|e| e.stance == Stance::Supports)
            .collect();
        if !backing.is_empty() && backing.iter().all(|e| e.source.value == source) {
            without.removed[i] = true;
            uncited.push(claim.id.value.clone());
        }
    }
    let (after, _, _) = label(&without, options.semantics, options.budget)?;
    let changes = (0..map.claims.len())
        .filter(|&i| !without.removed[i] && after[i] != labels[i])
        .map(|i| Change {
            id: map.claims[i].id.value.clone(),
            before: labels[i],
            after: after[i],
        })
        .collect();
    Ok(SourceImpact {
        source: source.to_string(),
        uncited,
        changes,
    })
}
