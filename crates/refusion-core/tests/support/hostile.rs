//! The hostile inputs of `tests/hostile/*.json` and the error table of `docs/errors.md`, for the
//! table-driven error tests of the Rust API (`tests/errors.rs`) and the CLI
//! (`crates/refusion-cli/tests/errors.rs`). Python and JavaScript read the same files.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One hostile input.
#[derive(Clone, Debug)]
pub struct Input {
    pub file: String,
    pub id: String,
    pub target: String,
    pub raw: Value,
    pub expect: Expect,
}

/// What an interface must answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A documented error: its code and (when given) its field.
    Error { code: String, field: Option<String> },
    /// A documented acceptance with these totals (gross, citizen, refusion, net).
    Ok([String; 4]),
}

impl Input {
    /// The input's bytes: `hex` or `text`.
    pub fn bytes(&self) -> Option<Vec<u8>> {
        if let Some(h) = self.raw.get("hex").and_then(Value::as_str) {
            return Some(
                (0..h.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                    .collect(),
            );
        }
        self.raw
            .get("text")
            .and_then(Value::as_str)
            .map(|t| t.as_bytes().to_vec())
    }

    /// A field of the input, e.g. `support`, `rows`, `query`, `generate`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.raw.get(key)
    }

    /// `generate.{key}` as a number.
    pub fn generate(&self, key: &str) -> Option<usize> {
        self.raw
            .get("generate")?
            .get(key)?
            .as_u64()
            .map(|n| n as usize)
    }
}

/// Every input of every file, in file order.
pub fn inputs() -> Vec<Input> {
    let mut out = Vec::new();
    for file in ["scenarios.json", "registers.json", "queries.json"] {
        let path = repo().join("tests/hostile").join(file);
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for raw in doc["inputs"].as_array().unwrap() {
            let e = &raw["expect"];
            let expect = match e.get("ok") {
                Some(t) => Expect::Ok(
                    [
                        "gross",
                        "citizen_payment",
                        "state_refusion",
                        "municipal_net",
                    ]
                    .map(|k| t[k].as_str().unwrap().to_string()),
                ),
                None => Expect::Error {
                    code: e["code"].as_str().unwrap().to_string(),
                    field: e.get("field").and_then(Value::as_str).map(str::to_string),
                },
            };
            out.push(Input {
                file: file.to_string(),
                id: raw["id"].as_str().unwrap().to_string(),
                target: raw["target"].as_str().unwrap().to_string(),
                raw: raw.clone(),
                expect,
            });
        }
    }
    out
}

/// The generated register of `registers.json`: citizen k (`C0000000`…) born 1980-01-01 has
/// `each` one-night stays admitted 2026-06-01 + 2j days, at 1000 a night, own payment 0.
pub fn generated_csv(citizens: usize, each: usize) -> Vec<u8> {
    let mut out = String::with_capacity(citizens * each * 60 + 80);
    out.push_str("citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\n");
    let days: Vec<(String, String)> = (0..each)
        .map(|j| {
            let a = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
                + chrono::Duration::days(2 * j as i64);
            (a.to_string(), (a + chrono::Duration::days(1)).to_string())
        })
        .collect();
    for k in 0..citizens {
        for (a, d) in &days {
            let _ = writeln!(out, "C{k:07},1980-01-01,{a},{d},1000,0");
        }
    }
    out.into_bytes()
}

/// The scenario of `generate.stays`: `n` one-night stays two days apart from 2000-01-01.
pub fn generated_scenario(n: usize) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let stays: Vec<String> = (0..n)
        .map(|j| {
            let a = start + chrono::Duration::days(2 * j as i64);
            format!(
                r#"{{"admitted": "{a}", "discharged": "{}", "daily_rate": "1000", "own_payment_per_night": "0"}}"#,
                a + chrono::Duration::days(1)
            )
        })
        .collect();
    format!(
        r#"{{"citizen": {{"birth_date": "1980-01-01"}}, "shelter_stays": [{}]}}"#,
        stays.join(",")
    )
}

/// One row of the error table of `docs/errors.md`.
#[derive(Clone, Debug)]
pub struct Row {
    pub code: String,
    pub rust: String,
    pub cli: String,
    pub python: String,
    pub js: String,
}

/// The error table: the rows of the table under `## The error table` in `docs/errors.md`.
pub fn table() -> Vec<Row> {
    let text = std::fs::read_to_string(repo().join("docs/errors.md")).unwrap();
    let section = text
        .split("## The error table")
        .nth(1)
        .expect("docs/errors.md has a section `## The error table`");
    let cell = |s: &str| s.trim().trim_matches('`').to_string();
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
            assert!(c.len() >= 7, "a row of 7 columns: {l}");
            Row {
                code: cell(c[0]),
                rust: cell(c[3]),
                cli: cell(c[4]),
                python: cell(c[5]),
                js: cell(c[6]),
            }
        })
        .collect()
}
