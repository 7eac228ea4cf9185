//! The engine is `Send + Sync` and holds no global state: scenarios, registers and seeded
//! Monte Carlo runs evaluated from several threads at once give exactly what one thread gives.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Barrier;

use refusion_core::planning::plan::PlanQuery;
use refusion_core::planning::uncertainty::McRun;
use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::{model::read, Engine, Evaluation, PolicySpec, Scenario};

fn cases() -> Vec<Scenario> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(['e', 'w', 's'])
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            Scenario::from_json(&v["scenario"].to_string()).unwrap()
        })
        .collect()
}

#[test]
fn threads_at_once_give_identical_results() {
    let engine = Engine::new().unwrap();
    let scenarios = cases();
    assert!(scenarios.len() >= 10);
    let cohort = generate(&CohortSpec::new(3, 3000, 2026, 2), engine.catalog()).unwrap();
    let (rows, support) = cohort.rows();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let query: PlanQuery = read::from_json_str(
        r#"{"cohort": {"seed": 4, "citizens": 200, "first_year": 2026, "years": 1},
            "discharge_after_nights": 60, "caseload": 20}"#,
    )
    .unwrap();
    let run = McRun {
        draws: 30,
        seed: 5,
        ..McRun::default()
    };

    let alone: Vec<Evaluation> = scenarios
        .iter()
        .map(|s| engine.evaluate(s).unwrap())
        .collect();
    let register = engine.evaluate_register(&policy, &rows, &support).unwrap();
    let mc = engine.plan_monte_carlo(&query, &run).unwrap();

    let threads = 8;
    let barrier = Barrier::new(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (engine, scenarios, barrier) = (&engine, &scenarios, &barrier);
                let (policy, rows, support, query, run) = (&policy, &rows, &support, &query, &run);
                scope.spawn(move || {
                    barrier.wait();
                    // Each thread takes the work in another order.
                    let mut order: Vec<usize> = (0..scenarios.len()).collect();
                    order.rotate_left(t % scenarios.len());
                    let mut got = vec![None; scenarios.len()];
                    for i in order {
                        got[i] = Some(engine.evaluate(&scenarios[i]).unwrap());
                    }
                    let register = engine.evaluate_register(policy, rows, support).unwrap();
                    let mc = engine.plan_monte_carlo(query, run).unwrap();
                    (got, register, mc)
                })
            })
            .collect();
        for h in handles {
            let (got, r, m) = h.join().unwrap();
            for (g, a) in got.iter().zip(&alone) {
                assert_eq!(g.as_ref().unwrap(), a);
            }
            assert_eq!(r, register);
            assert_eq!(m, mc);
        }
    });
}

#[test]
fn the_engine_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Engine>();
    check::<Evaluation>();
}
