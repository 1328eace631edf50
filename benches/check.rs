//! `check` (load + anchor + validate) on generated maps of 1k and 10k claims.
//!
//! `cargo bench --bench check`. The maps come from `examples/gen.rs` (included below), written
//! once into a temporary folder; each iteration reads them from disk like the CLI does.

#![allow(missing_docs)] // criterion's macros

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[allow(dead_code)]
#[path = "../examples/gen.rs"]
mod generator;

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for claims in [1_000usize, 10_000] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let generated = generator::generate(&generator::Options {
            claims,
            seed: 1,
            revise: 0.0,
        });
        generated.write(dir.path()).expect("write the map");
        let bytes: usize = generated.files.iter().map(|(_, c)| c.len()).sum();
        let map = dir.path().join("claims.yaml");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(claims), &map, |b, map| {
            b.iter(|| {
                let checked = claimgraph::check(map).expect("loads");
                assert_eq!(checked.counts().errors, 0);
                checked
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
