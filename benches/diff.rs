//! `claimgraph diff` of two generated 10,000-claim maps with 1% of the claims changed.
//!
//! `cargo bench --bench diff`. A small generator below writes a map and a revision of it into
//! temporary folders: of 100 changed claims, 30 reworded, 20 renamed (references updated), 20
//! with an edge flipped, 15 removed, 15 added. Both are loaded and checked once (not timed);
//! `diff/10000` times the comparison itself (matching, renames, evidence, edges, sources,
//! findings), `diff+check/10000` the whole command minus printing: both sides checked, then
//! compared.

#![allow(missing_docs)] // criterion's macros

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

const CLAIMS: usize = 10_000;
const PER_SOURCE: usize = 50;
const WORDS: [&str; 24] = [
    "aid",
    "leverage",
    "sanctions",
    "trade",
    "schools",
    "roads",
    "courts",
    "elections",
    "prices",
    "harvest",
    "border",
    "militia",
    "council",
    "budget",
    "clinics",
    "water",
    "power",
    "exports",
    "donors",
    "refugees",
    "mines",
    "banks",
    "press",
    "police",
];

/// A tiny deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

struct Claim {
    id: String,
    text: String,
    source: usize,
    sentence: usize,
    supports: Vec<usize>,
    contradicts: Vec<usize>,
}

fn sentence(i: usize) -> String {
    format!(
        "Observation {i} shows that the {} and the {} moved together in district {}.",
        WORDS[i % WORDS.len()],
        WORDS[(i / 7) % WORDS.len()],
        i % 97
    )
}

fn claims() -> Vec<Claim> {
    let mut rng = Rng(0x5EED);
    (0..CLAIMS)
        .map(|i| {
            let text = (0..12)
                .map(|_| WORDS[rng.below(WORDS.len())])
                .collect::<Vec<_>>()
                .join(" ");
            let mut supports = Vec::new();
            let mut contradicts = Vec::new();
            if i > 0 {
                supports.push(i - 1 - rng.below(i.min(40)));
                if rng.below(3) == 0 {
                    let target = i - 1 - rng.below(i.min(40));
                    if !supports.contains(&target) {
                        contradicts.push(target);
                    }
                }
            }
            Claim {
                id: format!("claim-{i}"),
                text: format!("Claim {i} says {text}."),
                source: i / PER_SOURCE,
                sentence: i,
                supports,
                contradicts,
            }
        })
        .collect()
}

fn write(dir: &Path, claims: &[Claim]) {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    for source in 0..CLAIMS / PER_SOURCE {
        let mut text = String::new();
        for k in 0..PER_SOURCE {
            let _ = writeln!(text, "{}", sentence(source * PER_SOURCE + k));
        }
        std::fs::write(corpus.join(format!("source-{source}.txt")), text).expect("source");
    }
    let ids: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();
    let mut yaml = String::from("title: generated\nclaims:\n");
    for claim in claims {
        let _ = write!(
            yaml,
            "  - id: {}\n    text: {}\n    evidence:\n      - source: source-{}\n        quote: {}\n",
            claim.id,
            claim.text,
            claim.source,
            sentence(claim.sentence)
        );
        for (key, list) in [
            ("supports", &claim.supports),
            ("contradicts", &claim.contradicts),
        ] {
            let targets: Vec<&str> = list.iter().filter_map(|&t| ids.get(t).copied()).collect();
            if !targets.is_empty() {
                let _ = writeln!(yaml, "    {key}: [{}]", targets.join(", "));
            }
        }
    }
    std::fs::write(dir.join("claims.yaml"), yaml).expect("map");
}

/// The same map with 1% of the claims changed.
fn revise(claims: &mut Vec<Claim>) {
    let mut rng = Rng(0xD1FF);
    let mut picked = std::collections::BTreeSet::new();
    while picked.len() < CLAIMS / 100 {
        picked.insert(1 + rng.below(CLAIMS - 2));
    }
    let picked: Vec<usize> = picked.into_iter().collect();
    for (k, &i) in picked.iter().enumerate() {
        match k % 20 {
            0..=5 => claims[i].text.push_str(" Reworded."),
            6..=9 => claims[i].id = format!("renamed-{i}"),
            10..=13 => {
                let flipped = std::mem::take(&mut claims[i].supports);
                claims[i].contradicts.extend(flipped);
            }
            _ => {}
        }
    }
    // Removed: their edges go with them (dangling targets are dropped below).
    for (k, &i) in picked.iter().enumerate() {
        if (14..=16).contains(&(k % 20)) {
            claims[i].text = String::new();
        }
    }
    for (n, word) in WORDS.iter().enumerate().take(15) {
        claims.push(Claim {
            id: format!("added-{n}"),
            text: format!("An added claim number {n} about the {word}."),
            source: n,
            sentence: n * PER_SOURCE + 1,
            supports: vec![n * 10],
            contradicts: Vec::new(),
        });
    }
    // Drop the removed (blanked) claims and re-point the edges at the new indices.
    let keep: Vec<bool> = claims.iter().map(|c| !c.text.is_empty()).collect();
    let mut index = vec![usize::MAX; claims.len()];
    let mut next = 0;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            index[i] = next;
            next += 1;
        }
    }
    let old = std::mem::take(claims);
    for (i, mut claim) in old.into_iter().enumerate() {
        if !keep[i] {
            continue;
        }
        claim.supports = claim
            .supports
            .iter()
            .filter_map(|&t| (index[t] != usize::MAX).then_some(index[t]))
            .collect();
        claim.contradicts = claim
            .contradicts
            .iter()
            .filter_map(|&t| (index[t] != usize::MAX).then_some(index[t]))
            .collect();
        claims.push(claim);
    }
}

fn bench_diff(c: &mut Criterion) {
    let old_dir = tempfile::tempdir().expect("a temporary folder");
    let new_dir = tempfile::tempdir().expect("a temporary folder");
    let mut map = claims();
    write(old_dir.path(), &map);
    revise(&mut map);
    write(new_dir.path(), &map);
    let (old_map, new_map) = (
        old_dir.path().join("claims.yaml"),
        new_dir.path().join("claims.yaml"),
    );
    let old = claimgraph::check(&old_map).expect("old map loads");
    let new = claimgraph::check(&new_map).expect("new map loads");
    assert_eq!(old.counts().errors, 0, "{:?}", old.diagnostics.first());
    assert_eq!(new.counts().errors, 0, "{:?}", new.diagnostics.first());
    let summary = claimgraph::diff::diff(&old, &new).summary();
    eprintln!("diff of the generated maps: {}", summary.line());
    assert_eq!(summary.claims_renamed, 20, "{summary:?}");

    let mut group = c.benchmark_group("diff");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("diff/10000", |b| {
        b.iter(|| claimgraph::diff::diff(&old, &new));
    });
    group.bench_function("diff+check/10000", |b| {
        b.iter(|| {
            let old = claimgraph::check(&old_map).expect("loads");
            let new = claimgraph::check(&new_map).expect("loads");
            claimgraph::diff::diff(&old, &new)
        });
    });
    group.finish();
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
