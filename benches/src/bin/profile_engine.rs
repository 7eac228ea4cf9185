//! Runs only the engine on workload W (for profiling).
use refusion_core::cohort::{generate, CohortSpec};
use refusion_core::{Engine, PolicySpec};

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let engine = Engine::new().unwrap_or_else(|e| panic!("{e}"));
    let cohort = generate(&CohortSpec::workload_w(1, n), &engine.catalog().cohort)
        .unwrap_or_else(|e| panic!("{e}"));
    let policy = engine
        .resolve(&PolicySpec::Statutory)
        .unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..30 {
        let r = engine
            .evaluate_cohort(&policy, &cohort)
            .unwrap_or_else(|e| panic!("{e}"));
        std::hint::black_box(r);
    }
}
