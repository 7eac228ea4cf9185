//! Register workbooks (.xlsx, .ods, or a sheet's XML in an .xlsx) through the workbook reader
//! and the engine. The body is `refusion_fuzz::workbook_fuzz::workbook`
//! (crates/refusion-xlsx/tests/reference/workbook_fuzz.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| refusion_fuzz::workbook_fuzz::workbook(data));
