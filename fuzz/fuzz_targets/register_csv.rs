//! The streaming CSV register reader (stays, NUL, support), against the in-memory register path.
//! The body is `refusion_fuzz::fuzzing::register_csv` (crates/refusion-core/tests/reference/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| refusion_fuzz::fuzzing::register_csv(data));
