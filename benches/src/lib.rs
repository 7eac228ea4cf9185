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
