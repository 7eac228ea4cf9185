//! Scenario parsing (JSON and TOML) and evaluation, and structured scenarios: typed errors or the invariants, and the night-by-night reference on small inputs.
//! The body is `refusion_fuzz::fuzzing::scenario` (crates/refusion-core/tests/reference/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| refusion_fuzz::fuzzing::scenario(data));
