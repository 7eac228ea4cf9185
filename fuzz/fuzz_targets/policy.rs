//! Policy specs and overrides, resolved and applied to fixed scenarios.
//! The body is `refusion_fuzz::fuzzing::policy` (crates/refusion-core/tests/reference/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| refusion_fuzz::fuzzing::policy(data));
