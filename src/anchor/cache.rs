//! Anchoring again and again as a map is edited (the language server's session): what each
//! source's normalised text, line index and every quote's result were, kept between runs.
//!
//! [`anchor_map_cached`] gives exactly what [`super::anchor_map`] gives. Each piece of work is a
//! pure function of its inputs, so it is kept under those inputs and done only for what is new:
//! a quote's matches depend on its source's text and the quote alone (the key filter and the
//! automaton find the same places, whatever other quotes share the pass), a closest passage on
//! the source and the missing fragment, and "found in another source" on the quote and every
//! source's text. What depends on the order of the whole map (which misses get a search while
//! the shared budgets last) is decided again on every run, in the same order as `anchor_map`,
//! which costs a loop over the results and no search.
//!
//! Unlike `anchor_map`, which frees each source's normalised copy as soon as it can (about 5
//! bytes per source byte, a lot on a 100 MB corpus), the cache keeps every one: that is what
//! makes a re-check cheap.

use std::path::PathBuf;
use std::sync::Arc;

use foldhash::HashMap;

use super::normalize::{Normalized, normalize, normalize_quote};
use super::{
    CLOSEST_SEARCH_BYTES, anchor_quotes, chain, charge, closest, fragments, needs_closest,
    on_all_cores, places_by_source, unanchored,
};
use crate::model::{AnchorResult, Closest, LineIndex, Map};

/// What anchoring learnt, by source file.
#[derive(Default)]
pub struct Cache {
    sources: HashMap<PathBuf, Indexed>,
    /// Where a missed quote occurs in another source, by (cited source id, quote as written);
    /// valid while the sources (ids, order and texts) are those of `corpus`.
    elsewhere: HashMap<(String, String), Option<(String, u32)>>,
    /// The sources `elsewhere` was found among: (id, text) in map order.
    corpus: Vec<(String, Arc<String>)>,
}

/// One source text, indexed, with what was looked up in it.
struct Indexed {
    text: Arc<String>,
    normalized: Normalized,
    lines: LineIndex,
    /// Each quote's result without its closest passage (by the quote as written).
    quotes: HashMap<String, AnchorResult>,
    /// Closest passage by missing fragment.
    closest: HashMap<String, Option<Closest>>,
}

impl Indexed {
    fn new(text: Arc<String>) -> Self {
        let normalized = normalize(&text);
        let lines = LineIndex::new(&text);
        Indexed {
            text,
            normalized,
            lines,
            quotes: HashMap::default(),
            closest: HashMap::default(),
        }
    }
}

/// Whether two texts are the same (the same allocation, or equal bytes).
fn same(a: &Arc<String>, b: &Arc<String>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

impl Cache {
    /// Forgets what was learnt about the file at `path` (its text changed).
    pub fn forget(&mut self, path: &std::path::Path) {
        self.sources.remove(path);
        self.elsewhere.clear();
        self.corpus.clear();
    }
}

/// [`super::anchor_map`], with the work kept in `cache` and only what is new done.
pub fn anchor_map_cached(map: &mut Map, cache: &mut Cache) {
    // The sources read this time; what the cache holds of a source whose text changed (or that
    // has gone) is dropped, new or changed texts are indexed on all cores.
    let texts: Vec<(PathBuf, Arc<String>)> = map
        .sources
        .iter()
        .filter_map(|s| match &s.content {
            crate::model::SourceContent::Text(text) => Some((s.path.clone(), text.clone())),
            _ => None,
        })
        .collect();
    let live: foldhash::HashSet<&PathBuf> = texts.iter().map(|(p, _)| p).collect();
    cache.sources.retain(|path, _| live.contains(path));
    let mut fresh: Vec<(PathBuf, Arc<String>)> = Vec::new();
    for (path, text) in &texts {
        let known = cache.sources.get(path).is_some_and(|i| same(&i.text, text));
        if !known && !fresh.iter().any(|(p, _)| p == path) {
            fresh.push((path.clone(), text.clone()));
        }
    }
    let indexed = on_all_cores(&fresh, |(_, text)| Indexed::new(text.clone()));
    for ((path, _), indexed) in fresh.into_iter().zip(indexed) {
        cache.sources.insert(path, indexed);
    }
    let corpus: Vec<(String, Arc<String>)> = map
        .sources
        .iter()
        .filter_map(|s| s.text().map(|_| (s.id.clone(), s.path.clone())))
        .filter_map(|(id, path)| Some((id, cache.sources.get(&path)?.text.clone())))
        .collect();
    let corpus_same = corpus.len() == cache.corpus.len()
        && corpus
            .iter()
            .zip(&cache.corpus)
            .all(|((a, ta), (b, tb))| a == b && same(ta, tb));
    if !corpus_same {
        cache.elsewhere.clear();
        cache.corpus = corpus;
    }

    // The jobs of `anchor_map`: each source with a text, in map order, and the places citing it.
    let by_source = places_by_source(map);
    let jobs: Vec<(PathBuf, &[(usize, usize)])> = map
        .sources
        .iter()
        .filter_map(|source| {
            let places = by_source.get(source.id.as_str())?;
            source.text()?;
            Some((source.path.clone(), places.as_slice()))
        })
        .collect();

    // Quotes not yet looked up in their source, batched per source as `anchor_map` does.
    let mut wanted: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for (path, places) in &jobs {
        let Some(indexed) = cache.sources.get(path) else {
            continue;
        };
        let mut quotes: Vec<String> = Vec::new();
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for &(ci, ei) in places.iter() {
            let quote = map.claims[ci].evidence[ei].quote.value.as_str();
            if !indexed.quotes.contains_key(quote) && seen.insert(quote) {
                quotes.push(quote.to_string());
            }
        }
        if !quotes.is_empty() {
            wanted.push((path.clone(), quotes));
        }
    }
    let sources = &cache.sources;
    let found = on_all_cores(&wanted, |(path, quotes)| {
        let Some(indexed) = sources.get(path) else {
            return Vec::new();
        };
        let quotes: Vec<&str> = quotes.iter().map(String::as_str).collect();
        anchor_quotes(&indexed.text, &indexed.normalized, &indexed.lines, &quotes)
    });
    for ((path, quotes), results) in wanted.into_iter().zip(found) {
        if let Some(indexed) = cache.sources.get_mut(&path) {
            indexed.quotes.extend(quotes.into_iter().zip(results));
        }
    }

    // Every job's results, from the cache, in `anchor_map`'s order.
    let mut results: Vec<Vec<AnchorResult>> = jobs
        .iter()
        .map(|(path, places)| {
            let indexed = cache.sources.get(path);
            places
                .iter()
                .map(|&(ci, ei)| {
                    let quote = map.claims[ci].evidence[ei].quote.value.as_str();
                    indexed
                        .and_then(|i| i.quotes.get(quote).cloned())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();

    // Closest passages: which misses get a search is decided in order under the one budget,
    // exactly as in `anchor_map`; the searches not made before are made on all cores.
    let mut budget = CLOSEST_SEARCH_BYTES;
    let mut searches: Vec<(usize, usize)> = Vec::new();
    for (j, source) in results.iter().enumerate() {
        let Some(indexed) = cache.sources.get(&jobs[j].0) else {
            continue;
        };
        for (r, result) in source.iter().enumerate() {
            if needs_closest(result) && charge(&mut budget, &indexed.normalized) {
                searches.push((j, r));
            }
        }
    }
    let missing_fragment = |j: usize, r: usize| match &results[j][r] {
        AnchorResult::NotFound(n) => Some(n.missing_fragment.clone()),
        _ => None,
    };
    let mut new_searches: Vec<(PathBuf, String)> = Vec::new();
    for &(j, r) in &searches {
        let (path, _) = &jobs[j];
        let (Some(fragment), Some(indexed)) = (missing_fragment(j, r), cache.sources.get(path))
        else {
            continue;
        };
        if !indexed.closest.contains_key(&fragment)
            && !new_searches
                .iter()
                .any(|(p, f)| p == path && *f == fragment)
        {
            new_searches.push((path.clone(), fragment));
        }
    }
    let sources = &cache.sources;
    let searched = on_all_cores(&new_searches, |(path, fragment)| {
        let indexed = sources.get(path)?;
        closest::closest(&indexed.normalized, &indexed.text, &indexed.lines, fragment)
    });
    for ((path, fragment), found) in new_searches.into_iter().zip(searched) {
        if let Some(indexed) = cache.sources.get_mut(&path) {
            indexed.closest.insert(fragment, found);
        }
    }
    for (j, r) in searches {
        let Some(indexed) = cache.sources.get(&jobs[j].0) else {
            continue;
        };
        if let AnchorResult::NotFound(not_found) = &mut results[j][r] {
            not_found.closest = indexed
                .closest
                .get(&not_found.missing_fragment)
                .cloned()
                .flatten();
        }
    }

    let mut placed: Vec<((usize, usize), AnchorResult)> = Vec::new();
    for ((_, places), source) in jobs.iter().zip(results) {
        placed.extend(places.iter().copied().zip(source));
    }
    look_in_other_sources(map, cache, &mut placed);
    for ((ci, ei), result) in placed {
        map.claims[ci].evidence[ei].anchor = result;
    }
}

/// `super::look_in_other_sources`, with each quote's answer kept.
fn look_in_other_sources(
    map: &Map,
    cache: &mut Cache,
    results: &mut [((usize, usize), AnchorResult)],
) {
    let missing = unanchored(results);
    for i in missing {
        let ((ci, ei), result) = &mut results[i];
        let evidence = &map.claims[*ci].evidence[*ei];
        let AnchorResult::NotFound(not_found) = result else {
            continue;
        };
        let key = (evidence.source.value.clone(), evidence.quote.value.clone());
        if let Some(found) = cache.elsewhere.get(&key) {
            not_found.found_in_other = found.clone();
            continue;
        }
        let quote = normalize_quote(&evidence.quote.value);
        let parts = fragments(&quote);
        let mut found = None;
        for source in &map.sources {
            let Some(indexed) = source.text().and_then(|_| cache.sources.get(&source.path)) else {
                continue;
            };
            if source.id == evidence.source.value {
                continue;
            }
            if let Some(at) =
                chain(&indexed.normalized.text, &parts, &mut HashMap::default()).first()
            {
                let line = indexed.lines.line(indexed.normalized.original_offset(*at));
                found = Some((source.id.clone(), line));
                break;
            }
        }
        not_found.found_in_other = found.clone();
        cache.elsewhere.insert(key, found);
    }
}
