//! `render --format dot` of generated maps of 100, 1k and 10k claims (the map checked once).
//!
//! `cargo bench --bench render`.

#![allow(missing_docs)] // criterion's macros

use std::time::Duration;

use claimgraph::render::{self, Format, RenderOptions};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

#[allow(dead_code)]
#[path = "../examples/gen.rs"]
mod generator;

fn bench_dot(c: &mut Criterion) {
    let mut group = c.benchmark_group("render-dot");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for claims in [100usize, 1_000, 10_000] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        generator::generate(&generator::Options {
            claims,
            seed: 1,
            revise: 0.0,
        })
        .write(dir.path())
        .expect("write the map");
        let checked = claimgraph::check(&dir.path().join("claims.yaml")).expect("loads");
        let map = checked.map.as_ref().expect("a map");
        let options = RenderOptions::default();
        group.bench_with_input(BenchmarkId::from_parameter(claims), &claims, |b, _| {
            b.iter(|| {
                render::render(map, &checked.diagnostics, Format::Dot, &options)
                    .expect("renders")
                    .output
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_dot);
criterion_main!(benches);
