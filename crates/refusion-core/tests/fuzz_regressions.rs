//! Replays, on stable, every input that once broke a fuzz target (`fuzz/regressions/<target>/`)
//! and the committed seed corpus (`fuzz/corpus/<target>/`) through the fuzz targets' bodies
//! (`tests/reference/fuzzing.rs`), so a fixed defect stays fixed without nightly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod reference;

use std::path::PathBuf;

use reference::fuzzing;

fn replay(target: &str, run: fn(&[u8])) {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut seen = 0;
    for dir in ["regressions", "corpus"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{} fails", path.display());
            seen += 1;
        }
    }
    assert!(seen > 0, "no corpus for {target}");
}

#[test]
fn scenario_inputs() {
    replay("scenario", fuzzing::scenario);
}

#[test]
fn policy_inputs() {
    replay("policy", fuzzing::policy);
}

#[test]
fn register_csv_inputs() {
    replay("register_csv", fuzzing::register_csv);
}

#[test]
fn cohort_inputs() {
    replay("cohort", fuzzing::cohort);
}
