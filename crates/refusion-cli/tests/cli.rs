//! The `refusion` binary end to end.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Writes a scenario to a temporary file.
fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refusion-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const E2: &str = r#"{"citizen": {"birth_date": "1988-04-20"},
  "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
                     "daily_rate": "1400", "own_payment_per_night": "100"}]}"#;

#[test]
fn the_main_job_runs_on_the_shipped_example() {
    let o = refusion(&["evaluate", "examples/discharge_to_m_act.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Municipal net"));
    assert!(out.contains("Explanation"));
}

#[test]
fn evaluate_e2_as_table_and_json() {
    let p = temp("e2.json", E2);
    let o = refusion(&["evaluate", p.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("219,700.00"));
    let o = refusion(&["evaluate", "--json", p.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["totals"]["municipal_net"], "219700.00");
    assert_eq!(v["totals"]["state_refusion"], "58500.00");
    // --policy replaces the file's policy: E6.
    let o = refusion(&[
        "evaluate",
        "--json",
        "--policy",
        "pre-reform",
        p.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["totals"]["municipal_net"], "139100.00");
}

fn assert_one_line_error(o: &Output, code: &str, field: &str) {
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout {} stderr {}",
        stdout(o),
        stderr(o)
    );
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(&format!("[{code}]")), "{err}");
    assert!(err.contains(field), "{err}");
}

#[test]
fn a_float_amount_is_rejected_naming_the_field() {
    let p = temp("float.json", &E2.replace("\"1400\"", "1400.5"));
    let o = refusion(&["evaluate", p.to_str().unwrap()]);
    assert_one_line_error(&o, "float_money", "shelter_stays[0].daily_rate");
    assert!(
        stderr(&o).contains("\"1400.5\""),
        "shows the fix: {}",
        stderr(&o)
    );
}

#[test]
fn a_discharge_before_admission_is_rejected_naming_the_field() {
    let p = temp("reversed.json", &E2.replace("2027-01-01", "2026-05-01"));
    let o = refusion(&["evaluate", p.to_str().unwrap()]);
    assert_one_line_error(&o, "date_order", "shelter_stays[0].discharged");
}

#[test]
fn overlapping_stays_are_rejected_naming_the_field() {
    let text = r#"{"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
      {"admitted": "2026-06-01", "discharged": "2026-08-01", "daily_rate": "1400", "own_payment_per_night": "100"},
      {"admitted": "2026-07-15", "discharged": "2026-09-01", "daily_rate": "1400", "own_payment_per_night": "100"}]}"#;
    let p = temp("overlap.json", text);
    let o = refusion(&["evaluate", p.to_str().unwrap()]);
    assert_one_line_error(&o, "overlap", "shelter_stays[1].admitted");
}

#[test]
fn unknown_policy_lists_the_known_ones() {
    let p = temp(
        "policy.json",
        &E2.replace("{\"citizen\"", "{\"policy\": \"age26\", \"citizen\""),
    );
    let o = refusion(&["evaluate", p.to_str().unwrap()]);
    assert_one_line_error(&o, "unknown_policy", "policy");
    assert!(stderr(&o).contains("age-26, pre-reform, statutory"));
}

#[test]
fn unreadable_file_exits_3_and_usage_errors_exit_2() {
    let o = refusion(&["evaluate", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(3));
    let o = refusion(&["evaluate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn toml_scenarios_work() {
    let o = refusion(&["evaluate", "--json", "examples/young_citizen_age_26.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Born 2000-08-09, 26 on 2026-08-09: nights 2026-05-01..2026-08-08 (100) are refunded under
    // cap 120; from the birthday the cap is 90 < 100. 100 × 0.5 × 1300 = 65,000.
    assert_eq!(v["totals"]["state_refusion"], "65000.00");
    assert_eq!(v["nights"]["shelter_refunded_nights"], 100);
}

#[test]
fn compare_two_files() {
    let o = refusion(&[
        "compare",
        "--json",
        "examples/stay_in_shelter.json",
        "examples/discharge_to_m_act.json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["difference"]["municipal_net"]
        .as_str()
        .unwrap()
        .starts_with('-'));
    assert!(refusion(&[
        "compare",
        "examples/stay_in_shelter.json",
        "examples/discharge_to_m_act.json"
    ])
    .status
    .success());
}

#[test]
fn break_even_from_flags_and_file() {
    // Hand-worked in README "Break-even": municipality night 126, public sector night 162.
    let o = refusion(&[
        "break-even",
        "--json",
        "--birth-date",
        "1988-04-20",
        "--admitted",
        "2026-06-01",
        "--daily-rate",
        "1400",
        "--own-payment",
        "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["municipality"]["night"], 126);
    assert_eq!(v["public_sector"]["night"], 162);
    let o = refusion(&["break-even", "examples/break_even.json"]);
    assert!(stdout(&o).contains("night 126"));
    let o = refusion(&[
        "break-even",
        "--admitted",
        "2026-06-01",
        "--daily-rate",
        "1400",
    ]);
    assert_one_line_error(&o, "missing_field", "--birth-date");
    let o = refusion(&[
        "break-even",
        "--birth-date",
        "1988-04-20",
        "--admitted",
        "2026-06-01",
        "--daily-rate",
        "1400.0.0",
    ]);
    assert_one_line_error(&o, "invalid_amount", "--daily-rate");
}

#[test]
fn team_and_reference() {
    let o = refusion(&["team", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // (2 × 460,000 + 520,000 + 480,000 + 0.5 × 560,000 + 60,000 + 90,000 + 30,000) / 24
    // = 2,380,000 / 24 = 99,166.666… → 99,166.67
    assert_eq!(v["cost"]["operating_per_citizen_year"], "99166.67");
    assert!(stdout(&refusion(&["team"])).contains("ILLUSTRATIVE"));
    let o = refusion(&["team", "examples/team.toml", "--caseload", "20"]);
    assert!(stdout(&o).contains("119,000.00"), "{}", stdout(&o)); // 2,380,000 / 20
    let o = refusion(&["reference", "--place", "130000"]);
    assert!(stdout(&o).contains("above the range"));
    assert!(refusion(&["params", "--policy", "age-26"]).status.success());
}
