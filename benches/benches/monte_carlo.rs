//! Benchmark 5: Monte Carlo, 1,000 draws × a 1,000-citizen cohort, on every core and on one
//! (identical results), and how the time scales with the draws and with the cohort size.
//!
//! `cargo bench -p refusion-benches --bench monte_carlo`

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use refusion_core::planning::plan::PlanQuery;
use refusion_core::planning::uncertainty::McRun;
use refusion_core::{model::read, Engine};

fn query(citizens: u32) -> PlanQuery {
    read::from_json_str(&format!(
        r#"{{"cohort": {{"seed": 2026, "citizens": {citizens}, "first_year": 2026, "years": 1}},
            "horizon_years": 3, "discharge_after_nights": 90, "share_discharged": "0.7",
            "caseload": 20, "establishment_cost_per_team": "300000"}}"#
    ))
    .expect("query")
}

fn run(draws: u32, parallel: bool) -> McRun {
    McRun {
        draws,
        seed: 42,
        parallel,
        ..McRun::default()
    }
}

fn monte_carlo(c: &mut Criterion) {
    let engine = Engine::new().expect("engine");
    let q = query(1000);
    assert_eq!(
        engine.plan_monte_carlo(&q, &run(200, true)).expect("mc"),
        engine.plan_monte_carlo(&q, &run(200, false)).expect("mc"),
        "parallel and serial differ"
    );
    let mut g = c.benchmark_group("mc_1000_draws_x_1000_citizens");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    for parallel in [true, false] {
        let name = if parallel { "every_core" } else { "one_core" };
        g.bench_function(name, |b| {
            b.iter(|| {
                engine
                    .plan_monte_carlo(&q, &run(1000, parallel))
                    .expect("mc")
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("mc_scaling_draws_1000_citizens");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for draws in [125u32, 250, 500, 1000] {
        g.throughput(Throughput::Elements(u64::from(draws)));
        g.bench_with_input(BenchmarkId::from_parameter(draws), &draws, |b, &d| {
            b.iter(|| engine.plan_monte_carlo(&q, &run(d, true)).expect("mc"))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("mc_scaling_citizens_250_draws");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for citizens in [250u32, 500, 1000, 2000] {
        let q = query(citizens);
        g.throughput(Throughput::Elements(u64::from(citizens)));
        g.bench_with_input(BenchmarkId::from_parameter(citizens), &citizens, |b, _| {
            b.iter(|| engine.plan_monte_carlo(&q, &run(250, true)).expect("mc"))
        });
    }
    g.finish();
}

criterion_group!(benches, monte_carlo);
criterion_main!(benches);
