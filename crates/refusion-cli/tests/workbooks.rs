//! `refusion register` on workbooks, and `--xlsx` out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader as _, Xlsx};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn refusion(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refusion"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refusion-cli-books-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The example register as .xlsx and .ods (LibreOffice's files) gives the CSV's JSON, byte for
/// byte; the figures are those worked out by hand in `cli.rs`
/// (`register_on_the_shipped_example_gives_the_worked_examples_by_year`).
#[test]
fn the_example_register_as_workbooks_gives_the_csvs_answer() {
    let csv = refusion(&[
        "register",
        "examples/register.csv",
        "--support",
        "examples/register_support.csv",
        "--json",
    ]);
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout.clone()).unwrap();
    assert!(text.contains("\"municipal_net\": \"357242.46\""), "{text}");
    for (r, s) in [
        ("examples/register.xlsx", "examples/register_support.xlsx"),
        ("examples/register.ods", "examples/register_support.ods"),
        ("examples/register.xlsx", "examples/register_support.csv"),
    ] {
        let o = refusion(&["register", r, "--support", s, "--json"]);
        assert!(
            o.status.success(),
            "{r}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.stdout, csv.stdout, "{r} + {s}");
    }
}

/// Every hostile workbook of `tests/hostile/workbooks.json` that must be refused is refused
/// with exit 1, its code and its cell on standard error.
#[test]
fn hostile_workbooks_are_refused_with_their_cell() {
    let table: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/hostile/workbooks.json")).unwrap(),
    )
    .unwrap();
    for w in table["workbooks"].as_array().unwrap() {
        let (Some(code), Some(field)) = (w["code"].as_str(), w["field"].as_str()) else {
            continue;
        };
        let file = format!("tests/hostile/workbooks/{}", w["file"].as_str().unwrap());
        let o = refusion(&["register", &file]);
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        assert!(
            err.starts_with(&format!("refusion: error [{code}] {field}")),
            "{file}: {err}"
        );
    }
}

/// `--xlsx` writes a workbook: Danish sheets by default, English with `--xlsx-lang en`, money
/// as numbers equal to the hand-worked totals.
#[test]
fn xlsx_out_writes_the_register_and_the_other_results() {
    let out = temp("register.xlsx");
    let o = refusion(&[
        "register",
        "examples/register.xlsx",
        "--support",
        "examples/register_support.xlsx",
        "--xlsx",
        out.to_str().unwrap(),
        "--explain",
        "E5",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = book.sheet_names();
    assert!(names.len() >= 5, "{names:?}");
    // Somewhere in the workbook: the total municipal net 357,242.46 and refund 261,642.47 as
    // number cells.
    let mut numbers = Vec::new();
    for n in &names {
        let range = book.worksheet_range(n).unwrap();
        for c in range.used_cells() {
            if let Data::Float(f) = c.2 {
                numbers.push(*f);
            }
        }
    }
    for want in [357_242.46, 261_642.47, 634_084.93] {
        assert!(
            numbers.iter().any(|f| (f - want).abs() < 0.001),
            "{want} not in the workbook"
        );
    }
    let en = temp("register_en.xlsx");
    let o = refusion(&[
        "register",
        "examples/register.csv",
        "--xlsx",
        en.to_str().unwrap(),
        "--xlsx-lang",
        "en",
    ]);
    assert!(o.status.success());
    let book: Xlsx<_> = calamine::open_workbook(&en).unwrap();
    assert_ne!(book.sheet_names(), names);
    for (cmd, file) in [
        ("plan", "examples/plan.json"),
        ("budget", "examples/budget.json"),
        ("monte-carlo", "examples/monte_carlo.json"),
    ] {
        let out = temp(&format!("{cmd}.xlsx"));
        let o = refusion(&[cmd, file, "--xlsx", out.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    }
    let out = temp("compare.xlsx");
    let o = refusion(&[
        "register",
        "examples/register.csv",
        "--compare",
        "step-2026",
        "--xlsx",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
}
