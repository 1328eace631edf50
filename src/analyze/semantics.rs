//! Labellings: grounded in linear time, complete, preferred and stable by a search.
//!
//! Grounded is the standard counting algorithm (every argument counts its attackers not yet
//! out; at zero it is in, and what it attacks is out), run on the bipolar framework directly:
//! under the deductive reading a claim is in when nothing attacks anything it leads to, so the
//! count also waits for every claim it supports, and out spreads back along supports. Each
//! claim and edge is touched a bounded number of times, and the flattened framework, which can
//! have quadratically many attacks, is never built.
//!
//! The searches enumerate complete labellings (Caminada 2006: in iff every attacker is out,
//! out iff some attacker is in) over the arguments grounded left undecided, branching in /
//! out / undecided with propagation of those two rules after every choice, in the manner of
//! the labelling algorithms of Modgil & Caminada 2009 and Nofal, Atkinson & Dunne 2014.
//! Preferred keeps the maximal in-sets and prunes a branch whose in-set cannot grow past one
//! already found; stable forbids undecided. A budget of steps bounds the search: past it,
//! [`AnalyzeError::TooLarge`], never a hang.

use serde::Serialize;

use super::AnalyzeError;
use super::framework::{Bipolar, Framework};

/// A claim's (or argument's) status in a labelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Accepted: everything attacking it is out.
    In,
    /// Rejected: something attacking it is in.
    Out,
    /// Neither.
    Undecided,
}

impl Label {
    /// `in`, `out` or `undecided`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::In => "in",
            Label::Out => "out",
            Label::Undecided => "undecided",
        }
    }
}

/// Which extensions count (Dung 1995; Caminada 2006 for the labellings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Semantics {
    /// The one most sceptical complete labelling: linear time.
    #[default]
    Grounded,
    /// Every complete labelling (ICCMA's `CO`).
    Complete,
    /// The complete labellings with a maximal in-set.
    Preferred,
    /// The complete labellings with nothing undecided (there may be none).
    Stable,
}

impl Semantics {
    /// `grounded`, `complete`, `preferred` or `stable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semantics::Grounded => "grounded",
            Semantics::Complete => "complete",
            Semantics::Preferred => "preferred",
            Semantics::Stable => "stable",
        }
    }
}

/// How much work a search may do before it gives up (steps: labels set or re-checked).
pub const DEFAULT_BUDGET: u64 = 5_000_000;

/// The grounded labelling of a bipolar framework under the deductive reading, in time linear
/// in its arguments, attacks and supports. Removed arguments are undecided (and unused).
pub(crate) fn grounded_bipolar(bf: &Bipolar) -> Vec<Label> {
    let (component, members) = bf.support_components();
    let k = members.len();
    // For each component: attacks into its members from outside-or-inside not yet out, plus
    // supports leaving it to components not yet in.
    let mut count = vec![0usize; k];
    let mut supported_by: Vec<Vec<usize>> = vec![Vec::new(); k];
    for a in 0..bf.len {
        for b in bf.attacks_of(a) {
            count[component[b]] += 1;
        }
        for b in bf.supports_of(a) {
            let (ca, cb) = (component[a], component[b]);
            if ca != cb {
                count[ca] += 1;
                supported_by[cb].push(ca);
            }
        }
    }
    let mut label: Vec<Option<Label>> = vec![None; k];
    let mut queue: Vec<usize> = Vec::new();
    for c in 0..k {
        if count[c] == 0 && !members[c].iter().all(|&a| bf.removed[a]) {
            label[c] = Some(Label::In);
            queue.push(c);
        }
    }
    let mut back = Vec::new();
    while let Some(c) = queue.pop() {
        match label[c] {
            Some(Label::In) => {
                for &p in &supported_by[c] {
                    count[p] -= 1;
                    if count[p] == 0 && label[p].is_none() {
                        label[p] = Some(Label::In);
                        queue.push(p);
                    }
                }
                // What it attacks is out, and so is everything leading to that.
                for &a in &members[c] {
                    for b in bf.attacks_of(a) {
                        back.push(component[b]);
                    }
                }
                while let Some(x) = back.pop() {
                    if label[x].is_some() {
                        continue;
                    }
                    label[x] = Some(Label::Out);
                    queue.push(x);
                    back.extend(supported_by[x].iter().copied());
                }
            }
            Some(Label::Out) => {
                for &a in &members[c] {
                    for b in bf.attacks_of(a) {
                        let cb = component[b];
                        count[cb] -= 1;
                        if count[cb] == 0 && label[cb].is_none() {
                            label[cb] = Some(Label::In);
                            queue.push(cb);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (0..bf.len)
        .map(|a| {
            if bf.removed[a] {
                Label::Undecided
            } else {
                label[component[a]].unwrap_or(Label::Undecided)
            }
        })
        .collect()
}

/// The grounded labelling of a Dung framework (linear time).
pub fn grounded(af: &Framework) -> Vec<Label> {
    let mut bf = Bipolar::new(af.len());
    for (a, b) in af.attacks() {
        bf.attack(a, b);
    }
    grounded_bipolar(&bf)
}

/// Every extension of `af` under `semantics`, as sorted argument indices, the extensions
/// sorted; at most `budget` steps of search.
pub fn extensions(
    af: &Framework,
    semantics: Semantics,
    budget: u64,
) -> Result<Vec<Vec<usize>>, AnalyzeError> {
    let labellings = labellings(af, semantics, budget)?;
    Ok(labellings
        .iter()
        .map(|l| (0..l.len()).filter(|&i| l[i] == Label::In).collect())
        .collect())
}

/// Every labelling of `af` under `semantics` (one for grounded), sorted by in-set.
pub fn labellings(
    af: &Framework,
    semantics: Semantics,
    budget: u64,
) -> Result<Vec<Vec<Label>>, AnalyzeError> {
    let ground = grounded(af);
    if semantics == Semantics::Grounded {
        return Ok(vec![ground]);
    }
    let mut search = Search {
        af,
        stable: semantics == Semantics::Stable,
        preferred: semantics == Semantics::Preferred,
        steps: 0,
        budget,
        found: Vec::new(),
    };
    let start: Vec<Option<Label>> = ground
        .iter()
        .map(|&l| if l == Label::Undecided { None } else { Some(l) })
        .collect();
    search.run(start)?;
    let mut found: Vec<Vec<Label>> = search.found;
    if semantics == Semantics::Preferred {
        let ins: Vec<Vec<bool>> = found
            .iter()
            .map(|l| l.iter().map(|&x| x == Label::In).collect())
            .collect();
        let keep: Vec<bool> = (0..found.len())
            .map(|i| !(0..found.len()).any(|j| j != i && strict_subset(&ins[i], &ins[j])))
            .collect();
        let mut i = 0;
        found.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    let key =
        |l: &Vec<Label>| -> Vec<usize> { (0..l.len()).filter(|&i| l[i] == Label::In).collect() };
    found.sort_by_key(key);
    found.dedup();
    Ok(found)
}

fn strict_subset(a: &[bool], b: &[bool]) -> bool {
    a.iter().zip(b).all(|(&x, &y)| !x || y) && a != b
}

struct Search<'a> {
    af: &'a Framework,
    stable: bool,
    preferred: bool,
    steps: u64,
    budget: u64,
    found: Vec<Vec<Label>>,
}

impl Search<'_> {
    fn step(&mut self) -> Result<(), AnalyzeError> {
        self.spend(1)
    }

    /// Counts `work` steps: copying the labels, comparing with every labelling found, and
    /// checking a full one cost in proportion to their size, so the budget bounds time.
    fn spend(&mut self, work: usize) -> Result<(), AnalyzeError> {
        self.steps += work as u64;
        if self.steps > self.budget {
            return Err(AnalyzeError::TooLarge { steps: self.budget });
        }
        Ok(())
    }

    /// Depth first over partial labellings; each branch copies the labels (the residue grounded
    /// leaves is small in argument maps, and the copy keeps backtracking trivially correct).
    fn run(&mut self, start: Vec<Option<Label>>) -> Result<(), AnalyzeError> {
        let n = self.af.len();
        let mut stack = vec![(start, None::<(usize, Label)>)];
        while let Some((mut labels, choice)) = stack.pop() {
            self.step()?;
            let pending: Vec<usize> = match choice {
                Some((a, l)) => {
                    labels[a] = Some(l);
                    vec![a]
                }
                None => (0..n).collect(),
            };
            if !self.propagate(&mut labels, pending)? {
                continue;
            }
            if self.preferred {
                self.spend(self.found.len() * n / 64 + 1)?;
            }
            if self.preferred && self.dominated(&labels) {
                continue;
            }
            match labels.iter().position(Option::is_none) {
                None => {
                    self.spend(n + 1)?;
                    let full: Vec<Label> = labels
                        .iter()
                        .map(|l| l.unwrap_or(Label::Undecided))
                        .collect();
                    if self.is_complete(&full) {
                        self.found.push(full);
                    }
                }
                Some(a) => {
                    self.spend(n / 16 + 1)?;
                    // Pushed in reverse: in is tried first, so big in-sets come early and prune.
                    if !self.stable {
                        stack.push((labels.clone(), Some((a, Label::Undecided))));
                    }
                    stack.push((labels.clone(), Some((a, Label::Out))));
                    stack.push((labels, Some((a, Label::In))));
                }
            }
        }
        Ok(())
    }

    /// Whether every completion's in-set is within a labelling already found.
    fn dominated(&self, labels: &[Option<Label>]) -> bool {
        self.found.iter().any(|f| {
            labels
                .iter()
                .zip(f)
                .all(|(l, &g)| matches!(l, Some(Label::Out | Label::Undecided)) || g == Label::In)
        })
    }

    fn is_complete(&self, labels: &[Label]) -> bool {
        (0..labels.len()).all(|x| {
            let mut any_in = false;
            let mut all_out = true;
            for a in self.af.attackers(x) {
                any_in |= labels[a] == Label::In;
                all_out &= labels[a] == Label::Out;
            }
            let want = if any_in {
                Label::Out
            } else if all_out {
                Label::In
            } else {
                Label::Undecided
            };
            labels[x] == want && !(self.stable && want == Label::Undecided)
        })
    }

    /// Applies the complete-labelling rules until nothing changes; false on a contradiction.
    fn propagate(
        &mut self,
        labels: &mut [Option<Label>],
        mut pending: Vec<usize>,
    ) -> Result<bool, AnalyzeError> {
        let af = self.af;
        let mut queued = vec![false; labels.len()];
        // Re-check `x`, its attackers and what it attacks whenever its label changes.
        let mut todo: Vec<usize> = Vec::new();
        for &x in &pending {
            queued[x] = true;
        }
        todo.append(&mut pending);
        let set = |labels: &mut [Option<Label>],
                   y: usize,
                   l: Label,
                   todo: &mut Vec<usize>,
                   queued: &mut [bool]|
         -> bool {
            match labels[y] {
                Some(old) => old == l,
                None => {
                    labels[y] = Some(l);
                    for z in std::iter::once(y)
                        .chain(af.attackers(y))
                        .chain(af.targets(y))
                    {
                        if !queued[z] {
                            queued[z] = true;
                            todo.push(z);
                        }
                    }
                    true
                }
            }
        };
        while let Some(x) = todo.pop() {
            queued[x] = false;
            self.step()?;
            let (mut ins, mut outs, mut undecs, mut unknown, mut last_unknown) =
                (0, 0, 0, 0, usize::MAX);
            let mut total = 0;
            for a in af.attackers(x) {
                total += 1;
                match labels[a] {
                    Some(Label::In) => ins += 1,
                    Some(Label::Out) => outs += 1,
                    Some(Label::Undecided) => undecs += 1,
                    None => {
                        unknown += 1;
                        last_unknown = a;
                    }
                }
            }
            let forced = if ins > 0 {
                Some(Label::Out)
            } else if outs == total {
                Some(Label::In)
            } else if unknown == 0 {
                Some(Label::Undecided)
            } else {
                None
            };
            if let Some(l) = forced {
                if self.stable && l == Label::Undecided {
                    return Ok(false);
                }
                if !set(labels, x, l, &mut todo, &mut queued) {
                    return Ok(false);
                }
            }
            if labels[x] == Some(Label::In) {
                // Every attacker must be out.
                for a in af.attackers(x) {
                    if !set(labels, a, Label::Out, &mut todo, &mut queued) {
                        return Ok(false);
                    }
                }
            }
            // An out argument whose one possible attacker is still open needs it in; an
            // undecided one whose other attackers are all out needs the last undecided (it
            // can be neither in, which would make it out, nor out, which would make it in).
            let implied = match labels[x] {
                Some(Label::Out) if ins == 0 && unknown == 1 => Some(Label::In),
                Some(Label::Undecided) if ins == 0 && undecs == 0 && unknown == 1 => {
                    Some(Label::Undecided)
                }
                _ => None,
            };
            if let Some(l) = implied
                && ((self.stable && l == Label::Undecided)
                    || !set(labels, last_unknown, l, &mut todo, &mut queued))
            {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn af(n: usize, attacks: &[(usize, usize)]) -> Framework {
        Framework::from_attacks(
            (0..n).map(|i| format!("a{i}")).collect(),
            attacks.iter().copied(),
        )
    }

    fn ext(af: &Framework, s: Semantics) -> Vec<Vec<usize>> {
        extensions(af, s, DEFAULT_BUDGET).expect("within budget")
    }

    #[test]
    fn a_chain_reinstates_every_other_argument() {
        let f = af(3, &[(0, 1), (1, 2)]);
        assert_eq!(grounded(&f), vec![Label::In, Label::Out, Label::In]);
        assert_eq!(ext(&f, Semantics::Preferred), vec![vec![0, 2]]);
        assert_eq!(ext(&f, Semantics::Stable), vec![vec![0, 2]]);
    }

    #[test]
    fn a_mutual_attack_is_undecided_in_grounded_and_splits_preferred() {
        let f = af(2, &[(0, 1), (1, 0)]);
        assert_eq!(grounded(&f), vec![Label::Undecided, Label::Undecided]);
        assert_eq!(ext(&f, Semantics::Preferred), vec![vec![0], vec![1]]);
        assert_eq!(ext(&f, Semantics::Complete), vec![vec![], vec![0], vec![1]]);
    }

    #[test]
    fn an_odd_cycle_has_no_stable_extension_and_an_empty_preferred_one() {
        let f = af(3, &[(0, 1), (1, 2), (2, 0)]);
        assert!(ext(&f, Semantics::Stable).is_empty());
        assert_eq!(ext(&f, Semantics::Preferred), vec![Vec::<usize>::new()]);
    }

    #[test]
    fn a_self_attacker_is_never_in() {
        let f = af(2, &[(0, 0), (0, 1)]);
        assert_eq!(grounded(&f), vec![Label::Undecided, Label::Undecided]);
        assert!(ext(&f, Semantics::Stable).is_empty());
    }

    #[test]
    fn the_budget_stops_a_big_search() {
        // 40 independent mutual attacks: 2^40 preferred extensions.
        let attacks: Vec<(usize, usize)> = (0..40)
            .flat_map(|i| [(2 * i, 2 * i + 1), (2 * i + 1, 2 * i)])
            .collect();
        let f = af(80, &attacks);
        assert!(matches!(
            extensions(&f, Semantics::Preferred, 10_000),
            Err(AnalyzeError::TooLarge { .. })
        ));
    }

    /// The deductive reading, computed by the linear grounded algorithm on the bipolar
    /// framework, equals grounded on the explicitly flattened Dung framework.
    #[test]
    fn grounded_on_the_bipolar_framework_equals_grounded_on_its_flattening() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let n = (next() % 10 + 1) as usize;
            let mut bf = Bipolar::new(n);
            for a in 0..n {
                for b in 0..n {
                    match next() % 10 {
                        0 => bf.attack(a, b),
                        1 | 2 => bf.support(a, b),
                        _ => {}
                    }
                }
            }
            if next() % 4 == 0 {
                bf.removed[(next() % n as u64) as usize] = true;
            }
            let keep: Vec<usize> = (0..n).filter(|&a| !bf.removed[a]).collect();
            let names = keep.iter().map(|a| a.to_string()).collect();
            let flat = bf.flatten(&keep, names, u64::MAX).expect("no budget");
            let direct = grounded_bipolar(&bf);
            let via_flat = grounded(&flat);
            let kept: Vec<Label> = keep.iter().map(|&a| direct[a]).collect();
            assert_eq!(kept, via_flat, "{bf:?}");
        }
    }
}
