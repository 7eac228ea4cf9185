//! Shared helpers for the refusion benchmarks and comparison harnesses.

pub mod floor;

use std::time::{Duration, Instant};

/// Runs `f` repeatedly for at least `budget` (and at least 3 times); returns the best time.
pub fn best_of<T>(budget: Duration, mut f: impl FnMut() -> T) -> (Duration, T) {
    let start = Instant::now();
    let mut runs = 0u32;
    let mut best = Duration::MAX;
    let mut last;
    loop {
        let t = Instant::now();
        last = f();
        best = best.min(t.elapsed());
        runs += 1;
        if runs >= 3 && start.elapsed() >= budget {
            return (best, last);
        }
    }
}

/// A whole number from the environment variable `name`, or `default`.
pub fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A register of rows as the columns [`refusion_core::Engine::evaluate_register_by_id`] takes
/// (what a Rust service holding rows does), evaluated on one core or on every core.
pub fn evaluate_rows(
    engine: &refusion_core::Engine,
    policy: &refusion_core::Policy,
    rows: &[refusion_core::StayRow],
    support: &[refusion_core::SupportRow],
    parallel: bool,
) -> refusion_core::population::register::ColumnsResult {
    let ids: Vec<&str> = rows.iter().map(|r| r.citizen_id.as_str()).collect();
    let birth: Vec<_> = rows.iter().map(|r| r.birth_date).collect();
    let stays: Vec<_> = rows.iter().map(refusion_core::StayRow::stay).collect();
    let columns = refusion_core::population::register::StayColumns {
        citizen_id: &ids,
        birth_date: &birth,
        stays: &stays,
    };
    let support_ids: Vec<&str> = support.iter().map(|s| s.citizen_id.as_str()).collect();
    let spells: Vec<_> = support
        .iter()
        .map(refusion_core::SupportRow::spell)
        .collect();
    engine
        .evaluate_register_by_id(policy, &columns, (&support_ids, &spells), parallel)
        .expect("register")
        .0
}
