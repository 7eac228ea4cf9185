//! Replays, on stable, the `workbook` fuzz target's committed corpus and every input that once
//! broke it (`fuzz/corpus/workbook/`, `fuzz/regressions/workbook/`), through the target's body
//! (`tests/reference/workbook_fuzz.rs`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "reference/workbook_fuzz.rs"]
mod workbook_fuzz;

use std::path::PathBuf;

#[test]
fn workbook_inputs() {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut seen = 0;
    for dir in ["regressions", "corpus"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join("workbook")) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| workbook_fuzz::workbook(&bytes));
            assert!(outcome.is_ok(), "{} fails", path.display());
            seen += 1;
        }
    }
    assert!(seen > 0, "no corpus for workbook");
}
