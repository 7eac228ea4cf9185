//! Registers read from workbooks give exactly what the same register gives as CSV.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use refusion_core::population::register::csv::evaluate_csv_full;
use refusion_core::{Engine, PolicySpec};
use refusion_xlsx::{FileKind, RegisterFile};

fn example(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn the_example_register_as_xlsx_and_ods_equals_the_csv() {
    let engine = Engine::new().unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let csv = RegisterFile::read(
        example("register.csv"),
        Some(example("register_support.csv")),
    )
    .unwrap();
    let (want, _, _) = csv.evaluate(&engine, &policy, false).unwrap();
    for (stays, support) in [
        ("register.xlsx", "register_support.xlsx"),
        ("register.ods", "register_support.ods"),
    ] {
        let bytes = example(stays);
        assert_ne!(FileKind::of(&bytes, "register").unwrap(), FileKind::Csv);
        let f = RegisterFile::read(bytes, Some(example(support))).unwrap();
        let (got, cols, support_rows) = f.evaluate(&engine, &policy, false).unwrap();
        assert_eq!(got, want, "{stays}");
        assert_eq!(cols.citizen_id(0), "E1");
        assert_eq!(support_rows.len(), 1);
        // The same through the core directly, from the CSV text the workbook became.
        let (again, _) =
            evaluate_csv_full(&engine, &policy, f.stays_csv(), &support_rows, false).unwrap();
        assert_eq!(again, want);
    }
}
