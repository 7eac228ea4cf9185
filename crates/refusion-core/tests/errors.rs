//! The error contract of `docs/errors.md`, walked through the Rust API with every hostile input
//! of `tests/hostile/*.json`: each gives its documented error (code and field) or its
//! documented, exact acceptance — never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/hostile.rs"]
mod hostile;

use hostile::{Expect, Input};
use refusion_core::planning::budget::BudgetQuery;
use refusion_core::planning::plan::PlanQuery;
use refusion_core::planning::uncertainty::UncertaintyQuery;
use refusion_core::population::register::csv::{evaluate_csv, read_support};
use refusion_core::population::register::{StayRow, SupportRow};
use refusion_core::{model::read, Engine, Error, ErrorKind, PolicySpec, Scenario, Totals};

fn totals(t: &Totals) -> [String; 4] {
    [
        t.gross.to_string(),
        t.citizen_payment.to_string(),
        t.state_refusion.to_string(),
        t.municipal_net.to_string(),
    ]
}

/// Runs one input through the Rust API: the totals, or the error.
fn run(engine: &Engine, input: &Input) -> Result<[String; 4], Error> {
    match input.target.as_str() {
        "scenario" | "scenario_toml" => {
            let text = match input.generate("stays") {
                Some(n) => hostile::generated_scenario(n),
                None => read::text_of(&input.bytes().unwrap())?.to_string(),
            };
            let s = if input.target == "scenario" {
                Scenario::from_json(&text)?
            } else {
                Scenario::from_toml(&text)?
            };
            Ok(totals(&engine.evaluate(&s)?.totals))
        }
        "register_csv" => {
            let bytes = match input.generate("citizens") {
                Some(c) => hostile::generated_csv(c, input.generate("stays_each").unwrap()),
                None => input.bytes().unwrap(),
            };
            let support = match input.get("support").and_then(|v| v.as_str()) {
                Some(t) => read_support(std::io::Cursor::new(t.as_bytes().to_vec()))?,
                None => Vec::new(),
            };
            let policy = engine.resolve(&PolicySpec::Statutory)?;
            let summary =
                evaluate_csv(engine, &policy, std::io::Cursor::new(bytes), &support, None)?;
            Ok(totals(&summary.totals))
        }
        "register_rows" => {
            let rows: Vec<StayRow> = match input.generate("citizens") {
                Some(c) => {
                    let csv = hostile::generated_csv(c, input.generate("stays_each").unwrap());
                    let mut r = refusion_core::population::register::csv::StayReader::new(
                        std::io::Cursor::new(csv),
                    )?;
                    std::iter::from_fn(|| r.next_row())
                        .map(|x| x.map(|(_, row)| row))
                        .collect::<Result<_, _>>()?
                }
                None => read::from_json_str(&input.get("rows").unwrap().to_string())
                    .map_err(|e| e.within("rows"))?,
            };
            let support: Vec<SupportRow> = match input.get("support") {
                Some(v) => read::from_json_str(&v.to_string()).map_err(|e| e.within("support"))?,
                None => Vec::new(),
            };
            let policy = engine.resolve(&PolicySpec::Statutory)?;
            Ok(totals(
                &engine.evaluate_register(&policy, &rows, &support)?.totals,
            ))
        }
        "plan" => {
            let q: PlanQuery = read::from_json_str(&input.get("query").unwrap().to_string())?;
            Ok(totals(&engine.plan(&q)?.total_effect))
        }
        "monte_carlo" => {
            let q: UncertaintyQuery =
                read::from_json_str(&input.get("query").unwrap().to_string())?;
            engine.monte_carlo_query(&q)?;
            Ok(Default::default())
        }
        "budget" => {
            let q: BudgetQuery = read::from_json_str(&input.get("query").unwrap().to_string())?;
            engine.budget(&q)?;
            Ok(Default::default())
        }
        other => panic!("unknown target {other}"),
    }
}

#[test]
fn every_hostile_input_gets_its_documented_answer() {
    let engine = Engine::new().unwrap();
    let mut failures = Vec::new();
    for input in hostile::inputs() {
        let got = std::panic::catch_unwind(|| run(&engine, &input));
        if std::env::var_os("HOSTILE_PRINT").is_some() {
            // HOSTILE_PRINT=1 cargo test --test errors -- --nocapture: every answer, for docs.
            match &got {
                Ok(Err(e)) => println!(
                    "{}\t[{}]\t{}\t{}",
                    input.id,
                    e.code(),
                    e.field(),
                    e.message()
                ),
                Ok(Ok(t)) => println!("{}\tok\t{t:?}", input.id),
                Err(_) => println!("{}\tpanic", input.id),
            }
        }
        let verdict = match (&input.expect, got) {
            (_, Err(_)) => Some("panicked".to_string()),
            (Expect::Ok(want), Ok(Ok(t))) => (want != &t).then(|| format!("totals {t:?}")),
            (Expect::Ok(_), Ok(Err(e))) => Some(format!("error [{}] {e}", e.code())),
            (Expect::Error { .. }, Ok(Ok(t))) => Some(format!("accepted with {t:?}")),
            (Expect::Error { code, field }, Ok(Err(e))) => {
                let field_ok = field.as_ref().is_none_or(|f| f == e.field());
                (code != e.code() || !field_ok || e.message().is_empty())
                    .then(|| format!("error [{}] {e}", e.code()))
            }
        };
        if let Some(v) = verdict {
            failures.push(format!(
                "{}/{}: expected {:?}, got {v}",
                input.file, input.id, input.expect
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} inputs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_error_table_lists_every_kind_and_every_kind_has_a_hostile_input() {
    let table = hostile::table();
    let codes: Vec<&str> = table.iter().map(|r| r.code.as_str()).collect();
    let mut kinds: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    kinds.push("internal");
    assert_eq!(
        codes, kinds,
        "the table's rows are the kinds, in order, then internal"
    );
    for (row, kind) in table.iter().zip(ErrorKind::ALL) {
        assert_eq!(
            row.rust,
            format!("ErrorKind::{kind:?}"),
            "Rust column of {}",
            row.code
        );
        assert_eq!(row.cli, "exit 1", "CLI column of {}", row.code);
        assert_eq!(row.js, row.code, "JS column of {}", row.code);
    }
    let covered: std::collections::BTreeSet<String> = hostile::inputs()
        .into_iter()
        .filter_map(|i| match i.expect {
            Expect::Error { code, .. } => Some(code),
            Expect::Ok(_) => None,
        })
        .collect();
    for kind in ErrorKind::ALL {
        assert!(
            covered.contains(kind.code()),
            "no hostile input gives {}",
            kind.code()
        );
    }
}
