//! The fuzz targets' bodies and the night-by-night reference, shared with the core crate's
//! tests (which replay the corpus and the regressions on stable): one copy of each.
#![allow(clippy::all, missing_docs, dead_code)]

#[path = "../../crates/refusion-core/tests/reference/night_by_night.rs"]
pub mod night_by_night;

#[path = "../../crates/refusion-core/tests/reference/fuzzing.rs"]
pub mod fuzzing;

#[path = "../../crates/refusion-xlsx/tests/reference/workbook_fuzz.rs"]
pub mod workbook_fuzz;
