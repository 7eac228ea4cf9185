//! Cohorts, plans, Monte Carlo and tornado: valid generated registers, reproducible results on one core or many.
//! The body is `refusion_fuzz::fuzzing::cohort` (crates/refusion-core/tests/reference/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| refusion_fuzz::fuzzing::cohort(data));
