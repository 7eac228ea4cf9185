#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Runs every scenario file in `tests/cases/` and checks its exact expected figures.
//!
//! A case file holds `scenario` and `expected`. `expected` is either
//! `{"totals": {...}, "nights": {...}?, "years": [...]?}` or `{"error": {"code", "field"}}`.

use std::path::{Path, PathBuf};

use refusion_core::{Engine, Scenario};
use serde_json::Value;

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "toml") {
        toml::from_str::<Value>(&text).unwrap()
    } else {
        serde_json::from_str::<Value>(&text).unwrap()
    }
}

fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(case_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
        .collect();
    files.sort();
    files
}

fn check_case(engine: &Engine, path: &Path) -> Result<(), String> {
    let case = load(path);
    for key in ["name", "derivation", "scenario", "expected"] {
        if case.get(key).is_none() {
            return Err(format!("missing `{key}`"));
        }
    }
    let scenario_text = case["scenario"].to_string();
    let expected = &case["expected"];
    let result = Scenario::from_json(&scenario_text).and_then(|s| engine.evaluate(&s));
    if let Some(err) = expected.get("error") {
        let e = match result {
            Ok(_) => return Err("expected an error, got a result".into()),
            Err(e) => e,
        };
        if e.code() != err["code"] {
            return Err(format!("error code {} != {}: {e}", e.code(), err["code"]));
        }
        if let Some(field) = err.get("field") {
            if e.field() != field {
                return Err(format!("error field {} != {field}: {e}", e.field()));
            }
        }
        return Ok(());
    }
    let result = result.map_err(|e| format!("unexpected error: {e}"))?;
    let got = serde_json::to_value(&result).unwrap();
    for key in [
        "gross",
        "citizen_payment",
        "state_refusion",
        "municipal_net",
    ] {
        let want = &expected["totals"][key];
        if got["totals"][key] != *want {
            return Err(format!(
                "totals.{key}: got {} want {want}",
                got["totals"][key]
            ));
        }
    }
    if let Some(nights) = expected.get("nights").and_then(Value::as_object) {
        for (k, want) in nights {
            if got["nights"][k] != *want {
                return Err(format!("nights.{k}: got {} want {want}", got["nights"][k]));
            }
        }
    }
    if let Some(years) = expected.get("years").and_then(Value::as_array) {
        for want in years {
            let year = &want["year"];
            let Some(g) = got["years"]
                .as_array()
                .unwrap()
                .iter()
                .find(|y| y["year"] == *year)
            else {
                return Err(format!("no year {year} in result"));
            };
            for (k, v) in want.as_object().unwrap() {
                if g[k] != *v {
                    return Err(format!("years[{year}].{k}: got {} want {v}", g[k]));
                }
            }
        }
    }
    if let Some(windows) = expected.get("windows").and_then(Value::as_array) {
        let got_w = got["windows"].as_array().unwrap();
        if got_w.len() != windows.len() {
            return Err(format!("{} windows, want {}", got_w.len(), windows.len()));
        }
        for (g, want) in got_w.iter().zip(windows) {
            for (k, v) in want.as_object().unwrap() {
                if g[k] != *v {
                    return Err(format!("windows.{k}: got {} want {v}", g[k]));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_case_file_gives_its_exact_figures() {
    let engine = Engine::new().unwrap();
    let files = case_files();
    assert!(
        files.len() >= 6,
        "expected the case files in {:?}",
        case_dir()
    );
    let failures: Vec<String> = files
        .iter()
        .filter_map(|p| {
            check_case(&engine, p)
                .err()
                .map(|e| format!("{}: {e}", p.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}

#[test]
fn case_files_are_well_formed() {
    for p in case_files() {
        let case = load(&p);
        let derivation = case["derivation"].as_array().map_or(0, Vec::len);
        assert!(derivation > 0, "{p:?} needs a written derivation");
        assert!(case["covers"].is_array(), "{p:?} needs `covers`");
    }
}
