//! The diff as a diagram: the union of both maps with change marks, drawn by the ordinary
//! renderers (`render::render` with [`RenderOptions::overlay`](crate::render::RenderOptions)).
//!
//! The union is the new map plus what only the old map had: removed claims (their edges taken
//! through renames, so they attach to today's claims), removed edges between surviving claims,
//! and removed sources (so removed claims' evidence still has a source). Added elements are
//! marked green, removed ones red and dashed, changed ones (renamed or edited claims, flipped
//! edges) orange, the rest grey.

use std::collections::{HashMap, HashSet};

use super::{ClaimStatus, Diff, EdgeStatus};
use crate::model::{EdgeKind, Located, Map};
use crate::render::{Mark, Overlay};

/// The union map of `old` and `new` and the marks to draw over it.
pub fn union(old: &Map, new: &Map, diff: &Diff) -> (Map, Overlay) {
    let mut map = new.clone();
    let mut overlay = Overlay::default();
    let renames: HashMap<&str, &str> = diff
        .claims
        .iter()
        .filter_map(|c| c.old_id.as_deref().map(|old| (old, c.id.as_str())))
        .collect();
    let through = |id: &str| renames.get(id).map_or(id, |new| *new).to_string();
    let old_index = old.claim_index();

    for claim in &diff.claims {
        let mark = match claim.status {
            ClaimStatus::Added => Mark::Added,
            ClaimStatus::Removed => Mark::Removed,
            ClaimStatus::Renamed => Mark::Changed,
            ClaimStatus::Modified if claim.content_changed() => Mark::Changed,
            ClaimStatus::Modified => continue,
        };
        overlay.claims.insert(claim.id.clone(), mark);
        if claim.status != ClaimStatus::Removed {
            continue;
        }
        if let Some(removed) = old_index.get(claim.id.as_str()).map(|&i| &old.claims[i]) {
            let mut removed = removed.clone();
            for target in removed.supports.iter_mut().chain(&mut removed.contradicts) {
                target.value = through(&target.value);
            }
            map.claims.push(removed);
        }
    }

    let present: HashSet<String> = new.claims.iter().map(|c| c.id.value.clone()).collect();
    for edge in &diff.edges {
        let mark = match edge.status {
            EdgeStatus::Added => Mark::Added,
            EdgeStatus::Removed => Mark::Removed,
            EdgeStatus::Flipped => Mark::Changed,
        };
        overlay
            .edges
            .insert((edge.from.clone(), edge.to.clone(), edge.kind), mark);
        // Removed claims brought their edges along; removed edges of surviving claims are added.
        if edge.status == EdgeStatus::Removed
            && present.contains(&edge.from)
            && let Some(claim) = map.claims.iter_mut().find(|c| c.id.value == edge.from)
        {
            let list = match edge.kind {
                EdgeKind::Supports => &mut claim.supports,
                EdgeKind::Contradicts => &mut claim.contradicts,
            };
            list.push(Located::new(edge.to.clone(), Default::default()));
        }
    }

    let sources: HashSet<String> = map.sources.iter().map(|s| s.id.clone()).collect();
    for source in &old.sources {
        if !sources.contains(&source.id) {
            map.sources.push(source.clone());
        }
    }
    (map, overlay)
}
