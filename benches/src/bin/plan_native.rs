//! Times `Engine::plan` on a plan query given as JSON (the WebAssembly harness gives `plan` the
//! same query): a generated cohort, its baseline and the plan, evaluated entirely inside the
//! engine, with a small result. Prints JSON.
//!
//! Usage: `cargo run --release -p refusion-benches --bin plan_native -- 'QUERY_JSON'`

use std::time::Duration;

use refusion_core::planning::plan::PlanQuery;
use refusion_core::{model::read, Engine};

fn main() {
    let text = std::env::args().nth(1).expect("a plan query as JSON");
    let query: PlanQuery = read::from_json_str(&text).expect("query");
    let engine = Engine::new().expect("engine");
    let (best, result) = refusion_benches::best_of(Duration::from_secs(3), || {
        engine.plan(&query).expect("plan")
    });
    println!(
        "{{\"seconds\": {:.6}, \"total_municipal_effect\": \"{}\"}}",
        best.as_secs_f64(),
        result.total_municipal_effect
    );
}
