//! Times a register CSV (text in memory → per-year totals and the per-citizen CSV) natively,
//! on the same bytes the WebAssembly harness gives `evaluateRegisterCsv`, both ways:
//! `register_csv::evaluate_csv` (the stream, one citizen in memory: the CLI's path) and
//! `register_csv::evaluate_csv_columns` (the whole file as columns: the path of
//! `evaluateRegisterCsv`). The two must agree to the øre and on the per-citizen CSV.
//!
//! Usage: `cargo run --release -p refusion-benches --bin register_csv_native -- STAYS.csv SUPPORT.csv`

use std::time::Duration;

use refusion_core::population::register::csv::{evaluate_csv, evaluate_csv_columns, read_support};
use refusion_core::{Engine, PolicySpec};

fn main() {
    let mut args = std::env::args().skip(1);
    let stays = std::fs::read(args.next().expect("STAYS.csv")).expect("read stays");
    let support = std::fs::read(args.next().expect("SUPPORT.csv")).expect("read support");
    let engine = Engine::new().expect("engine");
    let policy = engine.resolve(&PolicySpec::Statutory).expect("policy");
    let (best, summary) = refusion_benches::best_of(Duration::from_secs(3), || {
        let support_rows = read_support(std::io::Cursor::new(support.clone())).expect("support");
        let mut citizens = Vec::new();
        let s = evaluate_csv(
            &engine,
            &policy,
            std::io::Cursor::new(stays.clone()),
            &support_rows,
            Some(&mut citizens),
        )
        .expect("register");
        (s, citizens)
    });
    let (columns_best, columns_summary) = refusion_benches::best_of(Duration::from_secs(3), || {
        let support_rows = read_support(std::io::Cursor::new(support.clone())).expect("support");
        let mut citizens = String::new();
        let s = evaluate_csv_columns(&engine, &policy, &stays, &support_rows, Some(&mut citizens))
            .expect("register");
        (s, citizens)
    });
    assert_eq!(summary.0, columns_summary.0, "the two paths differ");
    assert_eq!(
        summary.1,
        columns_summary.1.as_bytes(),
        "the per-citizen CSVs differ"
    );
    let secs = best.as_secs_f64();
    let columns_secs = columns_best.as_secs_f64();
    let rows = summary.0.rows as f64;
    println!(
        "{{\"rows\": {}, \"seconds\": {secs:.6}, \"stays_per_second\": {:.0}, \"columns_seconds\": {columns_secs:.6}, \"columns_stays_per_second\": {:.0}, \"municipal_net\": \"{}\"}}",
        summary.0.rows,
        rows / secs,
        rows / columns_secs,
        summary.0.totals.municipal_net
    );
}
