//! Times `Engine::evaluate_register` on workload W (generated with the same seed as the Python
//! and WebAssembly harnesses, so all three do the same work) and prints JSON.
//!
//! Usage: `cargo run --release -p refusion-benches --bin register_native -- [CITIZENS] [SEED] [parallel]`
//! (`parallel` uses every core: `Engine::evaluate_register_by_id(.., true)`).

use std::time::Duration;

use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::{Engine, PolicySpec};

fn main() {
    let mut args = std::env::args().skip(1);
    let citizens: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let parallel = args.next().is_some_and(|a| a == "parallel");
    let engine = Engine::new().expect("engine");
    let cohort =
        generate(&CohortSpec::workload_w(seed, citizens), engine.catalog()).expect("cohort");
    let (rows, support) = cohort.rows();
    let policy = engine.resolve(&PolicySpec::Statutory).expect("policy");
    let (best, result) = refusion_benches::best_of(Duration::from_secs(3), || {
        refusion_benches::evaluate_rows(&engine, &policy, &rows, &support, parallel)
    });
    let secs = best.as_secs_f64();
    println!(
        "{{\"citizens\": {citizens}, \"stays\": {}, \"seconds\": {secs:.6}, \"stays_per_second\": {:.0}, \"municipal_net\": \"{}\"}}",
        rows.len(),
        rows.len() as f64 / secs,
        result.totals.municipal_net
    );
}
