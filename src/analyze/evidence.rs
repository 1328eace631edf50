//! The evidence balance of each claim, and what discrediting a source changes.
//!
//! Quotes are grouped by who speaks: today that is the source a quote is from; when the format
//! gains `voice:` (a source quoting someone else), [`voice_of`] is the one place that changes,
//! so that two sources repeating one speaker count once.

use serde::Serialize;

use super::framework::Bipolar;
use super::semantics::Label;
use super::{AnalyzeError, Change, Options, SourceImpact, label};
use crate::model::{Claim, EdgeKind, Evidence, Map};

/// Who speaks in a quote: today its source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub struct Voice {
    /// The id the voice goes by (the source id).
    pub id: String,
}

/// The voice a quote is in. Until the format has `voice:`, a quote's voice is its source.
pub fn voice_of(evidence: &Evidence) -> Voice {
    Voice {
        id: evidence.source.value.clone(),
    }
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
}

/// The balance of one claim's evidence.
pub fn balance(_map: &Map, claim: &Claim) -> Balance {
    let mut b = Balance::default();
    for e in &claim.evidence {
        let voice = voice_of(e).id;
        let (count, voices) = match e.stance {
            EdgeKind::Supports => (&mut b.supporting, &mut b.supporting_voices),
            EdgeKind::Contradicts => (&mut b.contradicting, &mut b.contradicting_voices),
        };
        *count += 1;
        if !voices.contains(&voice) {
            voices.push(voice);
        }
    }
    b.supporting_voices.sort();
    b.contradicting_voices.sort();
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
            .filter(|e| e.stance == EdgeKind::Supports)
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
