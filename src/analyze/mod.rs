//! `analyze`: what the map's structure says, beyond whether it is well formed.
//!
//! `check` proves every quote is in its source; it cannot say which claims survive their
//! contradictions, which claims a conclusion hangs on, or how much rests on one source. This
//! module answers those with the field's own tools: the claims become a bipolar argumentation
//! framework (`contradicts` are attacks; `supports`, read deductively, add the supported and
//! mediated attacks of Cayrol & Lagasquie-Schiex 2013), and every claim gets its label (in /
//! out / undecided) under grounded, preferred or stable semantics (Dung 1995). On top of the
//! labels: cruxes (the claims whose removal changes a question's label), the evidence balance
//! per claim (quotes for and against, from how many sources), and what discrediting a source
//! would change. docs/analyze.md explains each for a curator.
//!
//! The semantics are checked against the field's benchmark: [`iccma`] reads ICCMA's framework
//! formats and answers its tasks, and a differential test compares the extensions with an
//! independent implementation on random frameworks.
//!
//! ```
//! use claimgraph::analyze::{self, Label, Options};
//!
//! let checked = claimgraph::check(std::path::Path::new("tests/fixtures/check-clean/claims.yaml"))?;
//! let map = checked.map.as_ref().expect("the map parsed");
//! let analysis = analyze::analyze(map, &Options::default())?;
//! let label = analysis.label_of("sanctions-fail").expect("a claim of the map");
//! assert!(matches!(label, Label::In | Label::Out | Label::Undecided));
//!
//! // An ICCMA framework: a attacks b, b attacks c; grounded accepts a and c.
//! let af = analyze::iccma::parse("arg(a).\narg(b).\narg(c).\natt(a,b).\natt(b,c).\n")?;
//! let task = "SE-GR".parse().expect("an ICCMA task");
//! assert_eq!(analyze::iccma::solve(&af, task, None, analyze::DEFAULT_BUDGET)?, "w a c\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The library reads no file: the caller hands it a checked [`Map`] or a framework's text.

mod cruxes;
mod evidence;
pub(crate) mod framework;
pub mod iccma;
pub mod report;
pub(crate) mod semantics;

use serde::Serialize;

use crate::model::Map;
pub use evidence::{Balance, Voice};
pub use framework::Framework;
pub use semantics::{DEFAULT_BUDGET, Label, Semantics, extensions, grounded, labellings};

use framework::Bipolar;

/// Why an analysis could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzeError {
    /// The search for extensions passed its budget.
    #[error("the search for extensions passed its budget of {steps} steps")]
    TooLarge {
        /// The budget that was spent.
        steps: u64,
    },
    /// A question id names no claim.
    #[error("no claim has the id `{id}`")]
    UnknownQuestion {
        /// The id asked for.
        id: String,
        /// The closest claim id, if one is close.
        suggestion: Option<String>,
    },
    /// A source to leave out names no source.
    #[error("no source has the id `{id}`")]
    UnknownSource {
        /// The id asked for.
        id: String,
        /// The closest source id, if one is close.
        suggestion: Option<String>,
    },
    /// A `DC`/`DS` task without its argument.
    #[error("the task needs an argument to ask about")]
    NoArgument,
}

/// What to analyse.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Options {
    /// Which semantics labels the claims.
    pub semantics: Semantics,
    /// The questions whose cruxes are found, by claim id; `None`: the fallback (claims that
    /// support nothing, with the most support; see [`default_questions`]).
    pub questions: Option<Vec<String>>,
    /// A source to discredit: what changes without it.
    pub without: Option<String>,
    /// Steps the searches (preferred, stable, and the cruxes under them) may take.
    pub budget: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            semantics: Semantics::Grounded,
            questions: None,
            without: None,
            budget: DEFAULT_BUDGET,
        }
    }
}

/// A claim's result.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct ClaimResult {
    /// The claim's id.
    pub id: String,
    /// Its label: under preferred or stable, in (or out) when it is in (or out) in every
    /// extension, undecided otherwise.
    pub label: Label,
    /// Under preferred or stable: in how many extensions it is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_extensions: Option<usize>,
    /// Its quotes, for and against.
    pub evidence: Balance,
}

/// A question and its cruxes.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Question {
    /// The claim asked about.
    pub id: String,
    /// Its label.
    pub label: Label,
    /// The claims whose removal changes its label, the most decisive first.
    pub cruxes: Vec<Crux>,
    /// False when the budget ran out before every candidate was tried (the closest were).
    pub complete: bool,
}

/// A claim a question's label hangs on.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Crux {
    /// The claim.
    pub id: String,
    /// The question's label without it.
    pub without: Label,
    /// How it reaches the question: `(claim, relation, claim)` steps from the crux to the
    /// question, the relation as written in the map (`supports`, `contradicts`).
    pub path: Vec<(String, String, String)>,
}

/// A claim whose label changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The claim.
    pub id: String,
    /// Its label before.
    pub before: Label,
    /// Its label after.
    pub after: Label,
}

/// What discrediting one source changes.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct SourceImpact {
    /// The source.
    pub source: String,
    /// Claims whose every supporting quote is from it: left uncited, and taken out.
    pub uncited: Vec<String>,
    /// Labels of the other claims that change once those are taken out.
    pub changes: Vec<Change>,
}

/// The analysis of a map.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Analysis {
    /// The semantics used.
    pub semantics: Semantics,
    /// How many extensions there are (1 under grounded; may be 0 under stable).
    pub extensions: usize,
    /// Every claim in file order.
    pub claims: Vec<ClaimResult>,
    /// The questions, in the order asked (or of the fallback).
    pub questions: Vec<Question>,
    /// Whether the questions are the fallback rather than asked for.
    pub questions_by_fallback: bool,
    /// Claims whose supporting quotes all come from one voice (sources with an author or a
    /// `voice:` in common are one).
    pub single_source: Vec<String>,
    /// Claims with no supporting quote at all.
    pub uncited: Vec<String>,
    /// Claims whose only evidence for is `reports`: someone holds them, no source argues them.
    pub reported_only: Vec<String>,
    /// What `without` changes, when asked.
    pub without: Option<SourceImpact>,
}

impl Analysis {
    /// The label of the claim with this id.
    pub fn label_of(&self, id: &str) -> Option<Label> {
        self.claims.iter().find(|c| c.id == id).map(|c| c.label)
    }
}

/// Each claim's grounded label, in the map's claim order: linear in the size of the map, so
/// `diff` can say which verdicts a change turned.
pub fn grounded_labels(map: &Map) -> Vec<Label> {
    semantics::grounded_bipolar(&bipolar_of(map))
}

/// The claims as a bipolar framework: node `i` is claim `i`, edges to the first claim of each
/// id, dangling ids left out (check reports them).
pub(crate) fn bipolar_of(map: &Map) -> Bipolar {
    let index = map.claim_index();
    let mut bf = Bipolar::new(map.claims.len());
    for (from, claim) in map.claims.iter().enumerate() {
        for target in &claim.supports {
            if let Some(&to) = index.get(target.value.as_str()) {
                bf.support(from, to);
            }
        }
        for target in &claim.contradicts {
            if let Some(&to) = index.get(target.value.as_str()) {
                bf.attack(from, to);
            }
        }
    }
    bf
}

/// Each claim's label, in how many extensions it is in (`None` under grounded), and how many
/// extensions there are.
pub(crate) type Labelled = (Vec<Label>, Vec<Option<usize>>, usize);

/// Labels of every claim under `semantics`, and how many extensions: grounded directly on the
/// bipolar framework; the searches on the flattened framework of what grounded left undecided
/// (every complete labelling agrees with grounded elsewhere).
pub(crate) fn label(
    bf: &Bipolar,
    semantics: Semantics,
    budget: u64,
) -> Result<Labelled, AnalyzeError> {
    let ground = semantics::grounded_bipolar(bf);
    if semantics == Semantics::Grounded {
        return Ok((ground, vec![None; bf.len], 1));
    }
    let open: Vec<usize> = (0..bf.len)
        .filter(|&a| !bf.removed[a] && ground[a] == Label::Undecided)
        .collect();
    let names = open.iter().map(|a| a.to_string()).collect();
    let af = bf.flatten(&open, names, budget)?;
    let labellings = semantics::labellings(&af, semantics, budget)?;
    let mut labels = ground.clone();
    let mut counts: Vec<Option<usize>> = (0..bf.len)
        .map(|a| (!bf.removed[a]).then_some(usize::from(ground[a] == Label::In) * labellings.len()))
        .collect();
    for (i, &a) in open.iter().enumerate() {
        let ins = labellings.iter().filter(|l| l[i] == Label::In).count();
        let outs = labellings.iter().filter(|l| l[i] == Label::Out).count();
        counts[a] = Some(ins);
        labels[a] = if labellings.is_empty() {
            Label::Undecided
        } else if ins == labellings.len() {
            Label::In
        } else if outs == labellings.len() {
            Label::Out
        } else {
            Label::Undecided
        };
    }
    if labellings.is_empty() {
        // No stable extension: nothing is accepted or rejected by it.
        labels.iter_mut().for_each(|l| *l = Label::Undecided);
    }
    Ok((labels, counts, labellings.len()))
}

/// The fallback questions, for a map without `questions:`: the claims that support no
/// other claim (conclusions) and that at least one claim supports, the most supported first
/// (ties by id), at most five.
pub fn default_questions(map: &Map) -> Vec<String> {
    let bf = bipolar_of(map);
    let mut supporters = vec![0usize; bf.len];
    for a in 0..bf.len {
        for b in bf.supports_of(a) {
            supporters[b] += 1;
        }
    }
    let index = map.claim_index();
    let mut candidates: Vec<(usize, &str)> = (0..bf.len)
        .filter(|&a| index.get(map.claims[a].id.value.as_str()) == Some(&a))
        .filter(|&a| bf.supports_of(a).next().is_none() && supporters[a] > 0)
        .map(|a| (supporters[a], map.claims[a].id.value.as_str()))
        .collect();
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)));
    candidates
        .into_iter()
        .take(5)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// Analyses a checked map.
pub fn analyze(map: &Map, options: &Options) -> Result<Analysis, AnalyzeError> {
    let bf = bipolar_of(map);
    let index = map.claim_index();
    let (labels, counts, extensions) = label(&bf, options.semantics, options.budget)?;
    let (question_ids, by_fallback) = match &options.questions {
        Some(ids) => (ids.clone(), false),
        None if !map.questions.is_empty() => (
            map.questions.iter().map(|q| q.value.clone()).collect(),
            false,
        ),
        None => (default_questions(map), true),
    };
    let mut questions_at = Vec::new();
    for id in &question_ids {
        match index.get(id.as_str()) {
            Some(&q) => questions_at.push(q),
            None => {
                return Err(AnalyzeError::UnknownQuestion {
                    id: id.clone(),
                    suggestion: crate::diagnostic::did_you_mean(
                        id,
                        map.claims.iter().map(|c| c.id.value.as_str()),
                    )
                    .map(str::to_string),
                });
            }
        }
    }
    let questions = cruxes::cruxes(map, &bf, &labels, &questions_at, options)?;
    let voices = evidence::voices(map);
    let balances: Vec<Balance> = map
        .claims
        .iter()
        .map(|c| evidence::balance(&voices, c))
        .collect();
    let claims = map
        .claims
        .iter()
        .zip(balances)
        .enumerate()
        .map(|(i, (claim, evidence))| ClaimResult {
            id: claim.id.value.clone(),
            label: labels[i],
            in_extensions: counts[i],
            evidence,
        })
        .collect::<Vec<_>>();
    let single_source = claims
        .iter()
        .filter(|c| c.evidence.supporting_voices.len() == 1)
        .map(|c| c.id.clone())
        .collect();
    let uncited = claims
        .iter()
        .filter(|c| c.evidence.supporting == 0)
        .map(|c| c.id.clone())
        .collect();
    let reported_only = claims
        .iter()
        .filter(|c| c.evidence.supporting == 0 && c.evidence.reporting > 0)
        .map(|c| c.id.clone())
        .collect();
    let without = match &options.without {
        None => None,
        Some(source) => Some(evidence::impact(map, &bf, &labels, source, options)?),
    };
    Ok(Analysis {
        semantics: options.semantics,
        extensions,
        claims,
        questions,
        questions_by_fallback: by_fallback,
        single_source,
        uncited,
        reported_only,
        without,
    })
}
