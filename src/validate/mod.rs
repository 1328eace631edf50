//! Every rule a map must follow, one file per family of rules.
//!
//! Each rule family returns `Vec<Diagnostic>` and never fails: a broken map yields findings,
//! not errors, so that one run reports everything. Quotes must have been anchored first
//! ([`crate::anchor::anchor_map`]).

mod allow;
mod edits;
pub(crate) use edits::{id_scalar, quoted};
mod evidence;
mod ids;
pub(crate) use ids::slug;
mod references;
mod sources;
mod structure;
mod values;

use crate::diagnostic::{self, Diagnostic};
use crate::model::Map;

/// Runs every rule over an anchored map; findings come sorted by file and position.
///
/// The families are independent, so on a big map two of them run as a second rayon task, on
/// another core when one is free (on 100k claims they take 0.4 s in a row); the findings are
/// sorted afterwards, so the order in which they finish does not show.
pub fn validate(map: &Map) -> Vec<Diagnostic> {
    const PARALLEL_FROM_CLAIMS: usize = 2_000;
    let names = || {
        let mut found = ids::check(map);
        found.extend(references::check(map));
        found
    };
    let citations = || {
        let mut found = evidence::check(map);
        found.extend(sources::check(map));
        found.extend(values::check(map));
        found
    };
    let (mut all, cited, structure) = if map.claims.len() >= PARALLEL_FROM_CLAIMS {
        // A rule's panic (only a bug) comes back out of `join` on this thread.
        let ((all, structure), cited) = rayon::join(|| (names(), structure::check(map)), citations);
        (all, cited, structure)
    } else {
        (names(), citations(), structure::check(map))
    };
    // The same order whether or not they ran in parallel, before the (stable) sort.
    all.extend(cited);
    all.extend(structure);
    allow::apply(map, &mut all);
    diagnostic::sort(&mut all);
    all
}

/// An id shown in a message: long hostile ids are cut so messages stay readable.
pub(crate) fn shown(id: &str) -> String {
    const MAX: usize = 60;
    if id.chars().count() <= MAX {
        id.to_string()
    } else {
        let cut: String = id.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// The ids of the sources some evidence cites (both `references` and `sources` ask).
pub(crate) fn cited_sources(map: &Map) -> foldhash::HashSet<&str> {
    map.claims
        .iter()
        .flat_map(|c| c.evidence.iter().map(|e| e.source.value.as_str()))
        .collect()
}
