//! The frameworks the semantics run on: a Dung framework (arguments and attacks) and the
//! bipolar one a map makes (attacks from `contradicts`, supports from `supports`).
//!
//! Supports are read deductively (Boella et al. 2010; Cayrol & Lagasquie-Schiex 2013): to
//! accept a claim is to accept everything it supports, directly or along a chain. So `a`
//! attacks `b` when something `a` leads to contradicts something `b` leads to: the direct,
//! supported, mediated and super-mediated attacks of Cayrol & Lagasquie-Schiex 2013, §3.
//! [`Bipolar::flatten`] builds that Dung framework explicitly (for the searches); the grounded
//! labelling never needs it (see `semantics::grounded`), so it stays linear.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::AnalyzeError;

/// A Dung abstract argumentation framework: arguments `0..len` and who attacks whom.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Framework {
    names: Vec<String>,
    attackers: Vec<Vec<u32>>,
    targets: Vec<Vec<u32>>,
}

impl Framework {
    /// A framework of `names.len()` arguments and no attacks.
    pub fn new(names: Vec<String>) -> Self {
        let n = names.len();
        Framework {
            names,
            attackers: vec![Vec::new(); n],
            targets: vec![Vec::new(); n],
        }
    }

    /// Adds the attack `from` → `to` (by index); a repeated attack is kept once.
    ///
    /// # Panics
    /// When an index is not an argument's.
    pub fn attack(&mut self, from: usize, to: usize) {
        let (f, t) = (from as u32, to as u32);
        if !self.targets[from].contains(&t) {
            self.targets[from].push(t);
            self.attackers[to].push(f);
        }
    }

    /// A framework from its arguments' names and a list of attacks by index (repeats are kept
    /// once).
    ///
    /// # Panics
    /// When an index is not an argument's.
    pub fn from_attacks(
        names: Vec<String>,
        attacks: impl IntoIterator<Item = (usize, usize)>,
    ) -> Self {
        let mut af = Framework::new(names);
        for (from, to) in attacks {
            af.targets[from].push(to as u32);
        }
        for list in &mut af.targets {
            list.sort_unstable();
            list.dedup();
        }
        for from in 0..af.len() {
            for i in 0..af.targets[from].len() {
                let to = af.targets[from][i] as usize;
                af.attackers[to].push(from as u32);
            }
        }
        af
    }

    /// How many arguments.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no arguments.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The name of argument `i`.
    pub fn name(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// The index of the argument called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The arguments attacking argument `i`.
    pub fn attackers(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.attackers[i].iter().map(|&a| a as usize)
    }

    /// The arguments argument `i` attacks.
    pub fn targets(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.targets[i].iter().map(|&a| a as usize)
    }

    /// Every attack, in the order added per attacker.
    pub fn attacks(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.len()).flat_map(move |a| self.targets(a).map(move |b| (a, b)))
    }
}

/// Arguments `0..len` with attacks and (deductive) supports between them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bipolar {
    pub len: usize,
    /// `attacks[a]`: the arguments `a` attacks directly.
    pub attacks: Vec<Vec<u32>>,
    /// `supports[a]`: the arguments `a` supports directly.
    pub supports: Vec<Vec<u32>>,
    /// Arguments taken out (a crux candidate, a discredited source's claims): no edges.
    pub removed: Vec<bool>,
}

impl Bipolar {
    pub fn new(len: usize) -> Self {
        Bipolar {
            len,
            attacks: vec![Vec::new(); len],
            supports: vec![Vec::new(); len],
            removed: vec![false; len],
        }
    }

    pub fn attack(&mut self, from: usize, to: usize) {
        if !self.attacks[from].contains(&(to as u32)) {
            self.attacks[from].push(to as u32);
        }
    }

    pub fn support(&mut self, from: usize, to: usize) {
        if from != to && !self.supports[from].contains(&(to as u32)) {
            self.supports[from].push(to as u32);
        }
    }

    /// The live edges of argument `a` (none when it or the other end is removed).
    pub fn attacks_of(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        let live = !self.removed[a];
        self.attacks[a]
            .iter()
            .map(|&b| b as usize)
            .filter(move |&b| live && !self.removed[b])
    }

    pub fn supports_of(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        let live = !self.removed[a];
        self.supports[a]
            .iter()
            .map(|&b| b as usize)
            .filter(move |&b| live && !self.removed[b])
    }

    /// The same framework with argument `a` taken out as well.
    pub fn without(&self, a: usize) -> Bipolar {
        let mut copy = self.clone();
        copy.removed[a] = true;
        copy
    }

    /// The strongly connected components of the live supports: members of one component
    /// lead to the same claims, so they always share a label. `component[a]` and the members
    /// of each component; a support cycle (a `check` error) is just one component.
    pub fn support_components(&self) -> (Vec<usize>, Vec<Vec<usize>>) {
        let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(self.len, self.len);
        for _ in 0..self.len {
            graph.add_node(());
        }
        for a in 0..self.len {
            for b in self.supports_of(a) {
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
            }
        }
        let mut component = vec![0; self.len];
        let mut members = Vec::new();
        for (c, scc) in tarjan_scc(&graph).into_iter().enumerate() {
            let mut list: Vec<usize> = scc.iter().map(|n| n.index()).collect();
            list.sort_unstable();
            for &a in &list {
                component[a] = c;
            }
            members.push(list);
        }
        (component, members)
    }

    /// What argument `a` leads to: itself and everything it supports along a chain.
    fn closure(
        &self,
        a: usize,
        seen: &mut [u32],
        stamp: u32,
        out: &mut Vec<usize>,
        steps: &mut u64,
    ) {
        out.clear();
        if self.removed[a] {
            return;
        }
        seen[a] = stamp;
        out.push(a);
        let mut i = 0;
        while i < out.len() {
            let x = out[i];
            i += 1;
            for y in self.supports_of(x) {
                *steps += 1;
                if seen[y] != stamp {
                    seen[y] = stamp;
                    out.push(y);
                }
            }
        }
    }

    /// The Dung framework of the deductive reading over the arguments in `keep` (in that
    /// order): `a` attacks `b` when something `a` leads to directly attacks something `b`
    /// leads to. At most `budget` steps of work, since it can have quadratically many attacks.
    pub fn flatten(
        &self,
        keep: &[usize],
        names: Vec<String>,
        budget: u64,
    ) -> Result<Framework, AnalyzeError> {
        let mut af = Framework::new(names);
        let mut position = vec![u32::MAX; self.len];
        for (i, &a) in keep.iter().enumerate() {
            position[a] = i as u32;
        }
        // Reverse supports, to walk from a hit claim back to everything that leads to it.
        let mut supported_by: Vec<Vec<u32>> = vec![Vec::new(); self.len];
        for a in 0..self.len {
            for b in self.supports_of(a) {
                supported_by[b].push(a as u32);
            }
        }
        let mut steps = 0u64;
        let mut seen = vec![0u32; self.len];
        let mut stamp = 0u32;
        let mut reach = Vec::new();
        let mut hit = Vec::new();
        for (i, &a) in keep.iter().enumerate() {
            stamp += 1;
            self.closure(a, &mut seen, stamp, &mut reach, &mut steps);
            // Everything `a` leads to attacks directly, then everything leading to those.
            stamp += 1;
            hit.clear();
            for &x in &reach {
                for c in self.attacks_of(x) {
                    steps += 1;
                    if seen[c] != stamp {
                        seen[c] = stamp;
                        hit.push(c);
                    }
                }
            }
            let mut j = 0;
            while j < hit.len() {
                let c = hit[j];
                j += 1;
                for &p in &supported_by[c] {
                    steps += 1;
                    let p = p as usize;
                    if !self.removed[p] && seen[p] != stamp {
                        seen[p] = stamp;
                        hit.push(p);
                    }
                }
            }
            for &b in &hit {
                if position[b] != u32::MAX {
                    // `hit` holds each claim once, so no attack is added twice.
                    af.targets[i].push(position[b]);
                    af.attackers[position[b] as usize].push(i as u32);
                }
            }
            if steps > budget {
                return Err(AnalyzeError::TooLarge { steps: budget });
            }
        }
        Ok(af)
    }
}
