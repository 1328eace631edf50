//! The shape of the argument: no circular support, no claim left on its own.

use super::shown;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::ClaimGraph;
use crate::model::Map;

pub(super) fn check(map: &Map) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let graph = ClaimGraph::new(map);
    for cycle in graph.support_cycles() {
        let names: Vec<String> = cycle
            .iter()
            .map(|&i| format!("`{}`", shown(&map.claims[i].id.value)))
            .collect();
        let mut circle = names.join(" → ");
        circle.push_str(" → ");
        circle.push_str(&names[0]);
        // Point at each `supports` entry that closes a step of the circle.
        let step = |k: usize| {
            let from = &map.claims[cycle[k]];
            let to = &map.claims[cycle[(k + 1) % cycle.len()]].id.value;
            from.supports
                .iter()
                .find(|t| &t.value == to)
                .map(|t| t.span)
        };
        let mut members: Vec<&str> = cycle
            .iter()
            .map(|&i| map.claims[i].id.value.as_str())
            .collect();
        members.sort_unstable();
        let mut d = Diagnostic::new(
            Code::SupportCycle,
            &map.path,
            step(0),
            format!("claims support each other in a circle: {circle}"),
        )
        .on_claim(members[0])
        .key(members.iter().copied())
        .label("this support closes the circle")
        .help("an argument cannot rest on itself: remove one of these supports, or make one claim contradict instead");
        for k in 1..cycle.len() {
            if let Some(span) = step(k) {
                d = d.related(span, "part of the circle");
            }
        }
        out.push(d);
    }
    for (i, claim) in map.claims.iter().enumerate() {
        // A claim whose only links are dangling is reported as `unknown-claim` already.
        let has_links = !claim.supports.is_empty() || !claim.contradicts.is_empty();
        if map.claims.len() > 1 && !has_links && !graph.is_linked(i) {
            out.push(
                Diagnostic::new(
                    Code::IsolatedClaim,
                    &map.path,
                    Some(claim.id.span),
                    format!("claim `{}` is linked to no other claim", shown(&claim.id.value)),
                )
                .on_claim(&claim.id.value)
                .label("isolated")
                .help("say which claim it supports or contradicts (`supports:`/`contradicts:`), or remove it"),
            );
        }
    }
    out
}
