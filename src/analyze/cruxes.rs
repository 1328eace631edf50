//! Cruxes: for each question, the claims whose removal changes its label.
//!
//! Candidates are tried closest first. Under grounded, complete and preferred semantics a
//! claim's label depends only on the claims it leads to (supports, along chains) and on
//! whatever contradicts those, recursively (directionality, Baroni & Giacomin 2007), so only
//! those are candidates; stable semantics is not directional (an odd cycle anywhere can leave
//! it without extensions), so every claim is. Each candidate costs one labelling; past the
//! budget the rest are skipped and the question says so.

use std::collections::VecDeque;

use super::framework::Bipolar;
use super::semantics::{Label, Semantics};
use super::{AnalyzeError, Crux, Options, Question, label};
use crate::model::Map;

pub(crate) fn cruxes(
    map: &Map,
    bf: &Bipolar,
    labels: &[Label],
    questions: &[usize],
    options: &Options,
) -> Result<Vec<Question>, AnalyzeError> {
    // Who contradicts each claim, for walking back from a question.
    let mut attacked_by: Vec<Vec<usize>> = vec![Vec::new(); bf.len];
    for a in 0..bf.len {
        for b in bf.attacks_of(a) {
            attacked_by[b].push(a);
        }
    }
    let edges: usize = (0..bf.len)
        .map(|a| bf.attacks_of(a).count() + bf.supports_of(a).count())
        .sum();
    let cost = (bf.len + edges + 1) as u64;
    let mut spent = 0u64;
    let id = |i: usize| map.claims[i].id.value.clone();
    let mut out = Vec::new();
    for &q in questions {
        // Breadth first from the question over what its label depends on; each claim reached
        // remembers the written edge that reached it.
        let mut parent: Vec<Option<(usize, &'static str, usize, usize)>> = vec![None; bf.len];
        let mut seen = vec![false; bf.len];
        let mut order = Vec::new();
        let mut queue = VecDeque::from([q]);
        seen[q] = true;
        while let Some(x) = queue.pop_front() {
            order.push(x);
            let next = bf
                .supports_of(x)
                .map(|y| (y, (x, "supports", y, x)))
                .chain(
                    attacked_by[x]
                        .iter()
                        .map(|&d| (d, (d, "contradicts", x, x))),
                )
                .collect::<Vec<_>>();
            for (y, step) in next {
                if !seen[y] && !bf.removed[y] {
                    seen[y] = true;
                    parent[y] = Some(step);
                    queue.push_back(y);
                }
            }
        }
        if options.semantics == Semantics::Stable {
            order.extend((0..bf.len).filter(|&a| !seen[a] && !bf.removed[a]));
        }
        let mut found = Vec::new();
        let mut complete = true;
        for &c in order.iter().skip(1) {
            spent += cost;
            if spent > options.budget {
                complete = false;
                break;
            }
            let after = match label(&bf.without(c), options.semantics, options.budget) {
                Ok((after, _, _)) => after,
                Err(AnalyzeError::TooLarge { .. }) => {
                    complete = false;
                    break;
                }
                Err(e) => return Err(e),
            };
            if after[q] == labels[q] {
                continue;
            }
            let mut path = Vec::new();
            let mut at = c;
            while let Some((from, relation, to, towards)) = parent[at] {
                path.push((id(from), relation.to_string(), id(to)));
                at = towards;
            }
            found.push(Crux {
                id: id(c),
                without: after[q],
                path,
            });
        }
        let flip = |c: &Crux| -> u8 {
            match (labels[q], c.without) {
                (Label::In, Label::Out) | (Label::Out, Label::In) => 0,
                _ => 1,
            }
        };
        found.sort_by(|a, b| {
            flip(a)
                .cmp(&flip(b))
                .then(a.path.len().cmp(&b.path.len()))
                .then(a.id.cmp(&b.id))
        });
        out.push(Question {
            id: id(q),
            label: labels[q],
            cruxes: found,
            complete,
        });
    }
    Ok(out)
}
