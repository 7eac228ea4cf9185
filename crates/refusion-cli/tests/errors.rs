//! The error contract of `docs/errors.md`, walked through the `refusion` binary with every
//! hostile input of `tests/hostile/*.json`: exit code 1 and one line
//! `refusion: error [code] field: message` for each documented error, exit code 0 and the exact
//! totals for each documented acceptance. Register rows have no CLI form (the CLI reads CSV).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../../refusion-core/tests/support/hostile.rs"]
mod hostile;

use std::path::PathBuf;
use std::process::{Command, Output};

use hostile::{Expect, Input};
use serde_json::Value;

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("refusion-cli-errors-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, bytes: &[u8]) -> String {
    let p = dir().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

fn refusion(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refusion"))
        .args(args)
        .output()
        .unwrap()
}

/// The CLI call for an input, or `None` when the CLI has no form for it.
fn call(input: &Input) -> Option<Vec<String>> {
    let id = &input.id;
    let json = |v: &Value| v.to_string().into_bytes();
    let args = match input.target.as_str() {
        "scenario" | "scenario_toml" => {
            let ext = if input.target == "scenario" {
                "json"
            } else {
                "toml"
            };
            let bytes = match input.generate("stays") {
                Some(n) => hostile::generated_scenario(n).into_bytes(),
                None => input.bytes().unwrap(),
            };
            vec![
                "evaluate".into(),
                "--json".into(),
                write(&format!("{id}.{ext}"), &bytes),
            ]
        }
        "register_csv" => {
            let bytes = match input.generate("citizens") {
                Some(c) => hostile::generated_csv(c, input.generate("stays_each").unwrap()),
                None => input.bytes().unwrap(),
            };
            let mut a = vec![
                "register".into(),
                "--json".into(),
                write(&format!("{id}.csv"), &bytes),
            ];
            if let Some(s) = input.get("support").and_then(Value::as_str) {
                a.push("--support".into());
                a.push(write(&format!("{id}.support.csv"), s.as_bytes()));
            }
            a
        }
        "plan" | "monte_carlo" | "budget" => {
            let sub = input.target.replace('_', "-");
            vec![
                sub,
                "--json".into(),
                write(&format!("{id}.json"), &json(input.get("query").unwrap())),
            ]
        }
        _ => return None,
    };
    Some(args)
}

/// The totals in a JSON result: `totals` (evaluate, register) or `total_effect` (plan).
fn totals_of(out: &Value) -> Option<[String; 4]> {
    let t = out.get("totals").or_else(|| out.get("total_effect"))?;
    Some(
        [
            "gross",
            "citizen_payment",
            "state_refusion",
            "municipal_net",
        ]
        .map(|k| t[k].as_str().unwrap().to_string()),
    )
}

#[test]
fn every_hostile_input_gets_its_documented_answer_from_the_binary() {
    let mut failures = Vec::new();
    let mut walked = 0;
    for input in hostile::inputs() {
        let Some(args) = call(&input) else { continue };
        walked += 1;
        let o = refusion(&args);
        let (out, err) = (
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
        );
        let verdict = match &input.expect {
            Expect::Ok(want) => {
                if o.status.code() != Some(0) {
                    Some(format!("exit {:?}: {err}", o.status.code()))
                } else if matches!(input.target.as_str(), "monte_carlo" | "budget") {
                    None
                } else {
                    let v: Value = serde_json::from_str(&out).unwrap();
                    (totals_of(&v).as_ref() != Some(want))
                        .then(|| format!("totals {:?}", totals_of(&v)))
                }
            }
            Expect::Error { code, field } => {
                let line = err.trim_end();
                let prefix = format!("refusion: error [{code}] ");
                let field_ok = field
                    .as_ref()
                    .is_none_or(|f| f.is_empty() || line.starts_with(&format!("{prefix}{f}: ")));
                (o.status.code() != Some(1)
                    || err.lines().count() != 1
                    || !line.starts_with(&prefix)
                    || !field_ok)
                    .then(|| format!("exit {:?}, stderr {line:?}", o.status.code()))
            }
        };
        if let Some(v) = verdict {
            failures.push(format!(
                "{}/{}: expected {:?}, got {v}",
                input.file, input.id, input.expect
            ));
        }
    }
    let _ = std::fs::remove_dir_all(dir());
    assert!(walked > 100, "only {walked} inputs have a CLI form");
    assert!(
        failures.is_empty(),
        "{} inputs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_error_table_gives_exit_code_1_for_every_error() {
    for row in hostile::table() {
        assert_eq!(row.cli, "exit 1", "{}", row.code);
    }
}

#[test]
fn usage_errors_exit_2_and_unreadable_files_exit_3() {
    let o = refusion(&["evaluat".into()]);
    assert_eq!(o.status.code(), Some(2));
    let o = refusion(&["evaluate".into(), "/nonexistent/scenario.json".into()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr)
        .starts_with("refusion: cannot read /nonexistent/scenario.json"));
    let o = refusion(&[
        "evaluate".into(),
        std::env::temp_dir().to_str().unwrap().into(),
    ]);
    assert_eq!(o.status.code(), Some(3), "a directory cannot be read");
}
