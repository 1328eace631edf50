//! Edges and citations must name things that exist, and make sense as a pair.

use foldhash::HashSet;

use super::edits;
use super::shown;
use crate::diagnostic::{Code, Diagnostic, Fix, did_you_mean, single_match};
use crate::model::{EdgeKind, Map};

pub(super) fn check(map: &Map) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids: HashSet<&str> = map.claims.iter().map(|c| c.id.value.as_str()).collect();
    let source_ids: HashSet<&str> = map.sources.iter().map(|s| s.id.as_str()).collect();
    // Readable corpus files nobody cites: a cited id close to one of them is most likely that
    // file renamed (`barro-2021.txt` for `barro-2021-little-leverage`). Only an unknown source
    // asks, so the list is made on the first one, not on every check.
    let uncited_cell = std::cell::OnceCell::new();
    let uncited = || {
        uncited_cell.get_or_init(|| {
            let cited = super::cited_sources(map);
            let mut list: Vec<&crate::model::Source> = map
                .sources
                .iter()
                .filter(|s| !cited.contains(s.id.as_str()) && s.text().is_some())
                .collect();
            list.sort_by(|a, b| a.id.cmp(&b.id));
            list
        })
    };

    out.extend(reversed_pairs(map));
    out.extend(unknown_questions(map, &ids));
    for claim in &map.claims {
        let from = claim.id.value.as_str();
        for (kind, list) in [
            (EdgeKind::Supports, &claim.supports),
            (EdgeKind::Contradicts, &claim.contradicts),
        ] {
            let mut listed = HashSet::default();
            for target in list {
                let to = target.value.as_str();
                if to == from {
                    out.push(
                        Diagnostic::new(
                            Code::SelfReference,
                            &map.path,
                            Some(target.span),
                            format!("claim `{}` {} itself", shown(from), kind.as_str()),
                        )
                        .on_claim(from)
                        .key([kind.as_str()])
                        .label("names the claim it belongs to")
                        .help("remove it; an argument cannot be its own reason")
                        .fixes(
                            edits::remove_list_entry(map, target.span).map(|edit| {
                                Fix::unsafe_(
                                    format!("remove `{}` from `{}`", shown(to), kind.as_str()),
                                    vec![edit],
                                )
                            }),
                        ),
                    );
                } else if !ids.contains(to) {
                    let help = match did_you_mean(to, ids.iter().copied()) {
                        // The reference is right and the claim's own id is misspelt (`Foo-Bar`
                        // for `foo-bar`): point at the id to fix, not at the reference.
                        Some(best)
                            if super::ids::is_valid_id(to)
                                && !super::ids::is_valid_id(best)
                                && (best.eq_ignore_ascii_case(to)
                                    || super::ids::slug(best) == *to) =>
                        {
                            format!(
                                "the claim is written `{best}`, which breaks the id rule: rename it `{to}`"
                            )
                        }
                        Some(best) => format!("did you mean `{best}`?"),
                        None => {
                            "define a claim with this id, or remove it from the list".to_string()
                        }
                    };
                    let fix = single_match(to, ids.iter().copied())
                        .filter(|best| super::ids::is_valid_id(best))
                        .and_then(|best| {
                            let edit =
                                edits::replace_scalar(map, target.span, edits::id_scalar(best))?;
                            Some(Fix::unsafe_(format!("write `{best}`"), vec![edit]))
                        });
                    out.push(
                        Diagnostic::new(
                            Code::UnknownClaim,
                            &map.path,
                            Some(target.span),
                            format!(
                                "unknown claim `{}` in `{}` of `{}`",
                                shown(to),
                                kind.as_str(),
                                shown(from)
                            ),
                        )
                        .on_claim(from)
                        .key([kind.as_str(), to])
                        .label("no claim has this id")
                        .help(help)
                        .fixes(fix),
                    );
                }
                if !listed.insert(to) {
                    out.push(
                        Diagnostic::new(
                            Code::DuplicateEdge,
                            &map.path,
                            Some(target.span),
                            format!(
                                "`{}` is listed twice in `{}` of `{}`",
                                shown(to),
                                kind.as_str(),
                                shown(from)
                            ),
                        )
                        .on_claim(from)
                        .key([kind.as_str(), to])
                        .label("listed again")
                        .help("remove the repeated entry")
                        .fixes(
                            edits::remove_list_entry(map, target.span).map(|edit| {
                                Fix::safe(format!("remove the second `{}`", shown(to)), vec![edit])
                            }),
                        ),
                    );
                }
            }
        }
        for target in &claim.contradicts {
            if let Some(support) = claim.supports.iter().find(|s| s.value == target.value) {
                out.push(
                    Diagnostic::new(
                        Code::ConflictingEdges,
                        &map.path,
                        Some(target.span),
                        format!(
                            "claim `{}` both supports and contradicts `{}`",
                            shown(from),
                            shown(&target.value)
                        ),
                    )
                    .on_claim(from)
                    .key([target.value.as_str()])
                    .label("contradicts")
                    .related(support.span, "supports")
                    .help(
                        "decide which it is; if it is both in different respects, split the claim",
                    ),
                );
            }
        }
        for evidence in &claim.evidence {
            let source = evidence.source.value.as_str();
            if source_ids.contains(source) {
                continue;
            }
            let mut known: Vec<&str> = source_ids.iter().copied().collect();
            known.sort_unstable();
            let unreadable = map.unsupported.iter().find(|name| {
                name.rsplit_once('.')
                    .is_some_and(|(stem, _)| stem == source)
            });
            let renamed = uncited().iter().find(|s| {
                source.starts_with(s.id.as_str())
                    || s.id.starts_with(source)
                    || did_you_mean(source, [s.id.as_str()]).is_some()
            });
            let help = match did_you_mean(source, known.iter().copied()) {
                _ if renamed.is_some() && unreadable.is_none() => {
                    let file = renamed.map_or("", |s| s.file.as_str());
                    format!(
                        "renamed? {file} is never cited: add `- id: {source}` with `file: {file}` under `sources:`, or cite `{}`",
                        renamed.map_or("", |s| s.id.as_str())
                    )
                }
                _ if unreadable.is_some() => format!(
                    "{} is not plain text: extract it to {}/{source}.txt (see the unsupported-source warning)",
                    unreadable.map(String::as_str).unwrap_or_default(),
                    crate::diagnostic::display_path(&map.corpus_dir)
                ),
                Some(best) => format!("did you mean `{best}`?"),
                None if known.is_empty() => format!(
                    "the corpus folder {} has no sources: add the text as `{source}.txt`",
                    crate::diagnostic::display_path(&map.corpus_dir)
                ),
                None => format!(
                    "add the text as {}/{source}.txt, or cite one of: {}",
                    crate::diagnostic::display_path(&map.corpus_dir),
                    known.iter().take(8).copied().collect::<Vec<_>>().join(", ")
                ),
            };
            let fix = single_match(source, known.iter().copied()).and_then(|best| {
                let edit =
                    edits::replace_scalar(map, evidence.source.span, edits::id_scalar(best))?;
                Some(Fix::unsafe_(format!("cite `{best}`"), vec![edit]))
            });
            out.push(
                Diagnostic::new(
                    Code::UnknownSource,
                    &map.path,
                    Some(evidence.source.span),
                    format!("unknown source `{}`", shown(source)),
                )
                .on_claim(from)
                .key([source])
                .label("no corpus file has this id")
                .help(help)
                .fixes(fix),
            );
        }
    }
    out
}

/// `a` supports `b` while `b` contradicts `a`: a reason its own conclusion attacks. Most often
/// one of the two edges was written on the wrong claim (the direction reversed).
/// A `questions:` entry that names no claim: the page and `analyze` would have nothing to open
/// or report on.
fn unknown_questions(map: &Map, ids: &HashSet<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for question in &map.questions {
        let id = question.value.as_str();
        if ids.contains(id) {
            continue;
        }
        let help = match did_you_mean(id, ids.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "name the id of the claim the map is about".to_string(),
        };
        let fix = single_match(id, ids.iter().copied())
            .filter(|best| super::ids::is_valid_id(best))
            .and_then(|best| {
                let edit = edits::replace_scalar(map, question.span, edits::id_scalar(best))?;
                Some(Fix::unsafe_(format!("write `{best}`"), vec![edit]))
            });
        out.push(
            Diagnostic::new(
                Code::UnknownClaim,
                &map.path,
                Some(question.span),
                format!("unknown claim `{}` in `questions`", shown(id)),
            )
            .key(["questions", id])
            .label("no claim has this id")
            .help(help)
            .fixes(fix),
        );
    }
    out
}

fn reversed_pairs(map: &Map) -> Vec<Diagnostic> {
    let supports: foldhash::HashMap<(&str, &str), crate::model::Span> = map
        .claims
        .iter()
        .flat_map(|c| {
            c.supports
                .iter()
                .map(move |t| ((c.id.value.as_str(), t.value.as_str()), t.span))
        })
        .collect();
    let mut out = Vec::new();
    for claim in &map.claims {
        let b = claim.id.value.as_str();
        for target in &claim.contradicts {
            let a = target.value.as_str();
            if a == b {
                continue;
            }
            let Some(support) = supports.get(&(a, b)) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    Code::ConflictingEdges,
                    &map.path,
                    Some(target.span),
                    format!(
                        "claim `{}` contradicts `{}`, which supports it",
                        shown(b),
                        shown(a)
                    ),
                )
                .on_claim(b)
                .key([a, "supports it"])
                .label("contradicts")
                .related(*support, format!("`{}` supports `{}` here", shown(a), shown(b)))
                .help("one of the two edges is probably on the wrong claim: a reason that its conclusion attacks is rarely meant; keep the one you mean"),
            );
        }
    }
    out
}
