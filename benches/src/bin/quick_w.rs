//! Quick timing of the engine and the night-by-night reference on workload W.
#[path = "../../../crates/refusion-core/tests/reference/night_by_night.rs"]
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

use std::time::Instant;

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
    let mut best = f64::MAX;
    let mut net = String::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = engine
            .evaluate_cohort(&policy, &cohort)
            .unwrap_or_else(|e| panic!("{e}"));
        best = best.min(t.elapsed().as_secs_f64());
        net = r.totals.municipal_net.to_string();
    }
    println!("engine: {n} citizens in {best:.4} s; net {net}");
    let t = Instant::now();
    let mut nights = 0i64;
    for m in &cohort.members {
        let s = refusion_core::Scenario {
            name: None,
            policy: PolicySpec::Statutory,
            citizen: refusion_core::Citizen {
                birth_date: m.birth_date,
            },
            shelter_stays: m.stays.clone(),
            home_support: m.support.clone(),
            temporary_housing: vec![],
        };
        let out = reference::evaluate(&s, &policy.parameters);
        nights += out.shelter_nights;
    }
    let ref_s = t.elapsed().as_secs_f64();
    println!(
        "reference: {ref_s:.3} s ({nights} nights); ratio {:.1}x",
        ref_s / best
    );
}
