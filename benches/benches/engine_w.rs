//! Benchmark 1: the interval engine against the night-by-night reference on workload W
//! (100,000 citizens over 3 years, 1–6 stays each, 30 % with § 85 a support), single thread,
//! evaluated to per-citizen and per-year totals. Also timed: the floor
//! (`refusion_benches::floor`), a stripped kernel that prices W with nothing else, to show
//! how far any exact implementation can get.
//!
//! `cargo bench -p refusion-benches --bench engine_w` (W_CITIZENS=… for another size)
#[path = "../../crates/refusion-core/tests/reference/night_by_night.rs"]
#[allow(
    dead_code,
    clippy::all,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
mod reference;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::{Citizen, Engine, PolicySpec, Scenario};

fn engine_vs_reference(c: &mut Criterion) {
    let n = refusion_benches::env_u32("W_CITIZENS", 100_000);
    let engine = Engine::new().expect("engine");
    let cohort = generate(&CohortSpec::workload_w(1, n), engine.catalog()).expect("W");
    let policy = engine.resolve(&PolicySpec::Statutory).expect("policy");
    let scenarios: Vec<Scenario> = cohort
        .members
        .iter()
        .map(|m| Scenario {
            name: None,
            policy: PolicySpec::Statutory,
            citizen: Citizen {
                birth_date: m.birth_date,
            },
            shelter_stays: m.stays.clone(),
            home_support: m.support.clone(),
            temporary_housing: vec![],
        })
        .collect();
    // The two agree on W before they are timed.
    let totals = engine.evaluate_cohort(&policy, &cohort).expect("engine");
    for (s, t) in scenarios.iter().zip(&totals.citizens).take(2_000) {
        let r = reference::evaluate(s, &policy.parameters);
        assert_eq!(
            r.total.reported()[3],
            t.municipal_net.to_string(),
            "engine and reference differ"
        );
    }
    let floor = refusion_benches::floor::Floor::new(&policy.parameters);
    refusion_benches::floor::check(&floor.run(&cohort), &totals);
    let stays: usize = cohort.members.iter().map(|m| m.stays.len()).sum();
    let mut g = c.benchmark_group(format!("W_{n}"));
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(stays as u64));
    g.bench_function("engine", |b| {
        b.iter(|| engine.evaluate_cohort(&policy, &cohort).expect("engine"))
    });
    g.bench_function("floor", |b| b.iter(|| floor.run(&cohort)));
    g.bench_function("reference_night_by_night", |b| {
        b.iter(|| run_reference(&scenarios, &policy.parameters))
    });
    g.finish();
    interleaved_ratios(&engine, &policy, &cohort, &floor, &scenarios);
}

/// The night-by-night reference on every scenario (its nights, so that nothing is optimised away).
fn run_reference(
    scenarios: &[Scenario],
    parameters: &refusion_core::rules::parameters::Parameters,
) -> i64 {
    scenarios
        .iter()
        .map(|s| std::hint::black_box(reference::evaluate(s, parameters)).shelter_nights)
        .sum()
}

/// The ratios again, measured so that the machine's drift cannot skew them: each round times
/// the reference once and the engine and the floor (best of 3) right after it, and the ratio
/// of each round is taken before the median over the rounds. On a shared machine whose speed
/// wanders by a factor of two over minutes, criterion's groups (run one after the other) can
/// land in different phases; these cannot.
fn interleaved_ratios(
    engine: &Engine,
    policy: &refusion_core::Policy,
    cohort: &refusion_core::population::cohort::Cohort,
    floor: &refusion_benches::floor::Floor,
    scenarios: &[Scenario],
) {
    let rounds = refusion_benches::env_u32("W_ROUNDS", 7);
    let time = |f: &mut dyn FnMut()| {
        let t = std::time::Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };
    let best3 = |f: &mut dyn FnMut()| (0..3).map(|_| time(f)).fold(f64::MAX, f64::min);
    let (mut vs_engine, mut vs_floor) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let r = time(&mut || {
            std::hint::black_box(run_reference(scenarios, &policy.parameters));
        });
        let e = best3(&mut || {
            std::hint::black_box(engine.evaluate_cohort(policy, cohort).expect("engine"));
        });
        let f = best3(&mut || {
            std::hint::black_box(floor.run(cohort));
        });
        println!(
            "round: reference {:.0} ms, engine {:.1} ms, floor {:.1} ms: {:.1}x, floor {:.1}x",
            r * 1e3,
            e * 1e3,
            f * 1e3,
            r / e,
            r / f
        );
        vs_engine.push(r / e);
        vs_floor.push(r / f);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "interleaved over {rounds} rounds: engine {:.1}x the reference, floor {:.1}x (medians of the rounds' ratios)",
        median(&mut vs_engine),
        median(&mut vs_floor)
    );
}

criterion_group!(benches, engine_vs_reference);
criterion_main!(benches);
