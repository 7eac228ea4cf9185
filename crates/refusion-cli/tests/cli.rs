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
    assert!(stderr(&o).contains("age-26, pre-reform, reform-2023, statutory"));
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

/// `examples/register.csv`: the worked examples E1, E4 and E5 (with its M-ACT support from
/// `examples/register_support.csv`) as three citizens, written the Danish way (`;`, "1.400,00").
/// By year, from domain.md §5:
/// 2024: E4 — 213,000 / 0 / 60,000 / 153,000.
/// 2026: E1 + E5's stay — 84,000 + 128,800 = 212,800; 6,000 + 9,200 = 15,200;
///       39,000 + 58,500 = 97,500; net 100,100.
/// 2027: 365 days of M-ACT at 104,000 a year = 104,000, half refunded: 52,000.
/// 2028: 366 days = 104,284.9315… → 104,284.93; refund 52,142.4657… → 52,142.47; net 52,142.46.
/// Total: 634,084.93 / 15,200.00 / 261,642.47 / 357,242.46 (= 39,000 + 153,000 + 165,242.46).
#[test]
fn register_on_the_shipped_example_gives_the_worked_examples_by_year() {
    let out = temp("citizens.csv", "");
    let o = refusion(&[
        "register",
        "examples/register.csv",
        "--support",
        "examples/register_support.csv",
        "--citizens-out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let years: Vec<(i64, [&str; 4])> = v["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap(),
                [
                    y["gross"].as_str().unwrap(),
                    y["citizen_payment"].as_str().unwrap(),
                    y["state_refusion"].as_str().unwrap(),
                    y["municipal_net"].as_str().unwrap(),
                ],
            )
        })
        .collect();
    assert_eq!(
        years,
        vec![
            (2024, ["213000.00", "0.00", "60000.00", "153000.00"]),
            (2026, ["212800.00", "15200.00", "97500.00", "100100.00"]),
            (2027, ["104000.00", "0.00", "52000.00", "52000.00"]),
            (2028, ["104284.93", "0.00", "52142.47", "52142.46"]),
        ]
    );
    assert_eq!(v["totals"]["municipal_net"], "357242.46");
    assert_eq!(v["totals"]["state_refusion"], "261642.47");
    assert_eq!(
        (v["rows"].as_u64(), v["citizens"].as_u64()),
        (Some(3), Some(3))
    );
    let citizens = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = citizens.lines().collect();
    assert_eq!(
        lines,
        vec![
            "citizen_id,stays,nights,refunded_nights,support_days,gross,citizen_payment,state_refusion,municipal_net",
            "E1,1,60,60,0,84000.00,6000.00,39000.00,39000.00",
            "E4,1,213,120,0,213000.00,0.00,60000.00,153000.00",
            "E5,1,92,90,731,337084.93,9200.00,162642.47,165242.46",
        ]
    );
    // The table names the refund claim by year.
    let o = refusion(&[
        "register",
        "examples/register.csv",
        "--support",
        "examples/register_support.csv",
    ]);
    assert!(stdout(&o).contains("357,242.46"), "{}", stdout(&o));
}

#[test]
fn register_errors_name_the_line() {
    let header = "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\n";
    let row = |id: &str, adm: &str, dis: &str| format!("{id},1980-01-01,{adm},{dis},1000,0\n");
    // A citizen that comes back after another: the streaming reader needs rows grouped.
    let p = temp(
        "ungrouped.csv",
        &format!(
            "{header}{}{}{}",
            row("a", "2026-01-01", "2026-01-10"),
            row("b", "2026-01-01", "2026-01-10"),
            row("a", "2026-02-01", "2026-02-10")
        ),
    );
    assert_one_line_error(
        &refusion(&["register", p.to_str().unwrap()]),
        "inconsistent_register",
        "line 4, citizen_id",
    );
    let p = temp(
        "bad_amount.csv",
        &format!("{header}a,1980-01-01,2026-01-01,2026-01-10,\"1,234.50\",0\n"),
    );
    assert_one_line_error(
        &refusion(&["register", p.to_str().unwrap()]),
        "invalid_amount",
        "line 2, daily_rate",
    );
    let p = temp(
        "bad_column.csv",
        "citizen_id,birth_date,admitted,discharged,rate,own_payment_per_night\n",
    );
    assert_one_line_error(
        &refusion(&["register", p.to_str().unwrap()]),
        "unknown_field",
        "rate",
    );
    let p = temp(
        "reversed.csv",
        &format!("{header}{}", row("a", "2026-02-01", "2026-01-10")),
    );
    assert_one_line_error(
        &refusion(&["register", p.to_str().unwrap()]),
        "date_order",
        "line 2",
    );
    // A byte-order mark is skipped.
    let p = temp(
        "bom.csv",
        &format!("\u{feff}{header}{}", row("a", "2026-01-01", "2026-01-11")),
    );
    let o = refusion(&["register", "--json", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // 10 nights at 1,000, all refunded: 10,000 gross, 5,000 refund, 5,000 net.
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["totals"]["municipal_net"], "5000.00");
}

#[test]
fn cohort_is_seeded_and_registers_stream() {
    let a = temp("cohort_a.csv", "");
    let b = temp("cohort_b.csv", "");
    let s = temp("cohort_s.csv", "");
    for p in [&a, &b] {
        let o = refusion(&[
            "cohort",
            "--citizens",
            "500",
            "--seed",
            "3",
            "--years",
            "2",
            "--out",
            p.to_str().unwrap(),
            "--support-out",
            s.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("500 citizens"), "{}", stdout(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let o = refusion(&[
        "register",
        "--json",
        a.to_str().unwrap(),
        "--support",
        s.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["citizens"], 500);
    let o = refusion(&["cohort", "--citizens", "0", "--out", a.to_str().unwrap()]);
    assert_one_line_error(&o, "limit", "citizens");
}

/// The hand-worked one-year budget of crates/refusion-core/tests/budget.rs (every citizen
/// discharged).
#[test]
fn budget_plan_monte_carlo_and_tornado() {
    let q = temp(
        "budget.json",
        r#"{"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12, "share_discharged": "100 %",
            "average_stay_nights": 30, "nights_before_discharge": 1,
            "daily_rate": "1000", "own_payment_per_night": "0",
            "annual_costs": [{"label": "x", "annual_cost": "36500"}],
            "caseload": 10, "team_size_fte": "4.5", "establishment_cost_per_team": "50000"}"#,
    );
    let o = refusion(&["budget", "--json", q.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["variants"][0]["years"][0]["municipal_effect"], "-5500.00");
    assert_eq!(v["discount_rate"], "0.035");
    for (cmd, file) in [
        ("budget", "examples/budget.json"),
        ("plan", "examples/plan.json"),
        ("tornado", "examples/monte_carlo.json"),
    ] {
        let o = refusion(&[cmd, file]);
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        assert!(!stdout(&o).is_empty());
    }
    let mc = |seed: &str| {
        let o = refusion(&[
            "monte-carlo",
            "examples/monte_carlo.json",
            "--draws",
            "50",
            "--seed",
            seed,
            "--json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(mc("7"), mc("7"));
    assert_ne!(mc("7"), mc("8"));
    let v: serde_json::Value = serde_json::from_str(&mc("7")).unwrap();
    assert_eq!(v["draws"], 50);
    let o = refusion(&["monte-carlo", "examples/monte_carlo.json", "--draws", "0"]);
    assert_one_line_error(&o, "limit", "run.draws");
}

#[test]
fn docs_sources_md_is_generated_from_the_catalog() {
    let o = refusion(&["sources", "--markdown"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let committed = std::fs::read_to_string(root().join("docs/sources.md")).unwrap();
    assert!(
        stdout(&o) == committed,
        "docs/sources.md is out of date: run `cargo run -q -p refusion-cli -- sources --markdown > docs/sources.md`"
    );
    let o = refusion(&["sources"]);
    assert!(
        !stdout(&o).contains(" nothing"),
        "a source is cited by nothing:\n{}",
        stdout(&o)
    );
}

#[test]
fn params_shows_each_step_with_its_rule_and_source() {
    let o = refusion(&["params"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let cap: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("cap_nights ") && l.contains("sbst.dk"))
        .collect();
    assert_eq!(cap.len(), 2, "{out}");
    assert!(
        cap[0].contains(" R2 ") && cap[1].contains(" R3 "),
        "{cap:?}"
    );
    assert!(out.contains("cap_nights / cap_switch_date"), "{out}");
    let o = refusion(&["params", "--json", "--policy", "age-26"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["name"], "age-26");
    assert_eq!(v["parameters"][2]["steps"][0]["value"], "age");
}

#[test]
fn params_marks_the_steps_a_policy_does_not_use() {
    let line = |policy: &str, name: &str| -> Vec<String> {
        let o = refusion(&["params", "--policy", policy]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("{name} ")))
            // the table's rows, not the override-names list below it
            .filter(|l| !l.contains("): "))
            .map(String::from)
            .collect()
    };
    // statutory caps by date: the age steps are shown but not used; age-26 the reverse.
    assert!(line("statutory", "cap_nights_by_age")
        .iter()
        .all(|l| l.contains("not used")));
    assert!(line("statutory", "cap_nights")
        .iter()
        .all(|l| !l.contains("not used")));
    assert!(line("age-26", "cap_nights")
        .iter()
        .all(|l| l.contains("not used")));
    assert!(line("age-26", "cap_nights_by_age")
        .iter()
        .all(|l| !l.contains("not used")));
    // pre-reform has no cap and no § 176 a refund.
    for name in ["cap_nights", "window_mode", "support_refund_years"] {
        let rows = line("pre-reform", name);
        assert!(
            !rows.is_empty() && rows.iter().all(|l| l.contains("not used")),
            "{name}: {rows:?}"
        );
    }
    let o = refusion(&["params", "--json", "--policy", "pre-reform"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let cap = v["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "cap_nights")
        .unwrap();
    assert_eq!(cap["unused"]["en"], "not used: no cap under this policy");
}

#[test]
fn the_explanation_is_the_cores_in_danish_or_english() {
    let p = temp("e2-lang.json", E2);
    let da = stdout(&refusion(&[
        "evaluate",
        "--lang",
        "da",
        p.to_str().unwrap(),
    ]));
    assert!(da.contains("Forklaring"), "{da}");
    assert!(
        da.contains("1. jun. 2026–29. aug. 2026: 90 nætter refunderes med 50 %"),
        "{da}"
    );
    let en = stdout(&refusion(&["evaluate", p.to_str().unwrap()]));
    assert!(
        en.contains("2026-06-01–2026-08-29: 90 nights refunded at 50 %"),
        "{en}"
    );
}

#[test]
fn typed_amounts_on_the_command_line_follow_the_danish_rule() {
    // The same parser as a CSV register and the web page: "1.400" is 1,400 kr., "104 000 kr."
    // is read, "1,400.00" is refused naming the flag.
    let args = |rate: &str| {
        refusion(&[
            "break-even",
            "--birth-date",
            "1988-04-20",
            "--admitted",
            "2026-06-01",
            "--daily-rate",
            rate,
            "--own-payment",
            "100",
            "--annual-cost",
            "95 000 kr.",
            "--json",
        ])
    };
    let a = stdout(&args("1.400"));
    let b = stdout(&args("1400"));
    assert_eq!(a, b);
    let o = args("1,400.00");
    assert_one_line_error(&o, "invalid_amount", "--daily-rate");
}

/// A support file may state the decision by its date (`decided_on`) instead of the boolean:
/// E5's support decided on 15 December 2026, before the discharge on 1 January 2027, gives the
/// same totals as `decided_before_discharge = ja`; decided on 2 January 2027 (after it) the
/// support gets no refund: 2027 and 2028 refund nothing, so the total refund falls by
/// 52,000 + 52,142.4657… (exactly 104,142.4657…), from 261,642.47 to 157,500.00.
#[test]
fn register_support_may_state_the_decision_by_its_date() {
    let run = |decided_on: &str| {
        let support = temp(
            &format!("support-{decided_on}.csv"),
            &format!("citizen_id;method;start;end;annual_cost;decided_on\nE5;m-act;2027-01-01;2029-01-01;104.000,00;{decided_on}\n"),
        );
        let o = refusion(&[
            "register",
            "examples/register.csv",
            "--support",
            support.to_str().unwrap(),
            "--json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["totals"]["state_refusion"].as_str().unwrap().to_string()
    };
    assert_eq!(run("2026-12-15"), "261642.47");
    assert_eq!(run("2027-01-02"), "157500.00");
}

/// Runs the binary with `input` on standard input.
fn refusion_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_refusion"))
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Worked example E2 as a one-citizen register: one stay 2026-06-01 → 2027-01-01 (214 nights,
/// all in 2026) at 1,400 a night, own payment 100. Gross 214 × 1,400 = 299,600.00; own payment
/// 214 × 100 = 21,400.00. Statutory (cap 90 from 1 April 2026): 90 × 50 % × 1,300 = 58,500.00
/// refunded, net 219,700.00. reform-2023 (cap 120 throughout): 120 × 650 = 78,000.00, net
/// 200,200.00. The 2026 step costs the municipality 219,700 − 200,200 = 19,500.00 and the state
/// refunds 19,500.00 less.
const E2_REGISTER: &str = "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\nE2,1988-04-20,2026-06-01,2027-01-01,1400,100\n";

#[test]
fn register_compare_gives_the_cost_of_the_2026_step_on_e2() {
    let p = temp("e2-register.csv", E2_REGISTER);
    let file = p.to_str().unwrap();
    let run = |compare: &str| {
        let o = refusion(&["register", file, "--compare", compare, "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let json = run("reform-2023");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (v["base"].as_str(), v["policy"].as_str()),
        (Some("reform-2023"), Some("statutory"))
    );
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 1, "{json}");
    let y = &years[0];
    assert_eq!(y["year"], 2026);
    assert_eq!(y["base"]["municipal_net"], "200200.00");
    assert_eq!(y["policy"]["municipal_net"], "219700.00");
    assert_eq!(y["difference"]["municipal_net"], "19500.00");
    assert_eq!(y["difference"]["state_refusion"], "-19500.00");
    assert_eq!(v["difference"]["municipal_net"], "19500.00");
    // The ready comparison step-2026 is statutory against reform-2023: the same answer.
    assert_eq!(run("step-2026"), json);
    // --policy with a preset: statutory is the default policy.
    let o = refusion(&[
        "register",
        file,
        "--policy",
        "statutory",
        "--compare",
        "reform-2023",
        "--json",
    ]);
    assert_eq!(stdout(&o), json);
    // The whole reform: pre-reform (no cap, E6) leaves 139,100.00: 80,600.00 more under
    // statutory.
    let v: serde_json::Value = serde_json::from_str(&run("reform")).unwrap();
    assert_eq!(v["base"], "pre-reform");
    assert_eq!(v["base_totals"]["municipal_net"], "139100.00");
    assert_eq!(v["difference"]["municipal_net"], "80600.00");

    // The table: per year and in all, what is compared in plain words, and the sign.
    let o = refusion(&["register", file, "--compare", "step-2026"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("What does the 2026 step (120 → 90 nights) cost?"),
        "{out}"
    );
    assert!(
        out.contains("Policy: The rules in force (statutory)"),
        "{out}"
    );
    assert!(
        out.contains("Base:   The 2023 rules without the 2026 step (120 nights) (reform-2023)"),
        "{out}"
    );
    assert!(out.contains("Difference = policy − base"), "{out}");
    let row = |label: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} row in {out}"))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(
        row("2026"),
        [
            "2026",
            "200,200.00",
            "219,700.00",
            "19,500.00",
            "-19,500.00"
        ]
    );
    assert_eq!(
        row("Total"),
        [
            "Total",
            "200,200.00",
            "219,700.00",
            "19,500.00",
            "-19,500.00"
        ]
    );
    assert!(
        out.contains(
            "costs the municipality DKK 19,500.00 more; the state refunds DKK 19,500.00 less"
        ),
        "{out}"
    );

    // In Danish, from standard input.
    let o = refusion_stdin(
        &["register", "-", "--compare", "reform-2023", "--lang", "da"],
        E2_REGISTER,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Gældende regler (statutory)"), "{out}");
    assert!(
        out.contains(
            "Sammenlignet med: Reglerne fra 2023 uden 2026-trinnet (120 nætter) (reform-2023)"
        ),
        "{out}"
    );
    let cells: Vec<&str> = out
        .lines()
        .find(|l| l.trim_start().starts_with("I alt "))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        cells,
        [
            "I",
            "alt",
            "200.200,00",
            "219.700,00",
            "19.500,00",
            "-19.500,00"
        ]
    );
    assert!(
        out.contains("koster ændringen kommunen 19.500,00 kr. mere"),
        "{out}"
    );
}

#[test]
fn register_tables_as_danish_or_english_csv() {
    let p = temp("e2-register-csv.csv", E2_REGISTER);
    let file = p.to_str().unwrap();
    let o = refusion(&["register", file, "--csv-dialect", "da"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "\u{feff}År;Bruttoudgift (kr.);Borgerens egenbetaling (kr.);Statens refusion (kr.);Kommunens nettoudgift (kr.)\r\n\
         2026;299600,00;21400,00;58500,00;219700,00\r\n\
         I alt;299600,00;21400,00;58500,00;219700,00\r\n"
    );
    let o = refusion(&["register", file, "--csv-dialect", "en"]);
    assert_eq!(
        stdout(&o),
        "year,gross,citizen_payment,state_refusion,municipal_net\n\
         2026,299600.00,21400.00,58500.00,219700.00\n\
         total,299600.00,21400.00,58500.00,219700.00\n"
    );
    // The comparison as CSV: the core's PolicyComparison::to_csv (base, policy, difference).
    let o = refusion(&[
        "register",
        file,
        "--compare",
        "reform-2023",
        "--csv-dialect",
        "da",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("\u{feff}År;Regelsæt;Sammenlignet med;"),
        "{out}"
    );
    assert!(
        out.contains("Kommunens nettoudgift, regelsæt (kr.)"),
        "{out}"
    );
    assert!(
        out.contains("\r\n2026;statutory;reform-2023;299600,00;21400,00;78000,00;200200,00;299600,00;21400,00;58500,00;219700,00;0,00;0,00;-19500,00;19500,00\r\n"),
        "{out}"
    );
    // The Danish table on the terminal.
    let o = refusion(&["register", file, "--lang", "da"]);
    let out = stdout(&o);
    assert!(out.contains("219.700,00"), "{out}");
    assert!(
        out.contains("(regelsæt: Gældende regler (statutory)): 1 rækker, 1 borgere"),
        "{out}"
    );
    // --citizens-out follows the dialect: the same columns through write_csv.
    let citizens = temp("e2-citizens-da.csv", "");
    let o = refusion(&[
        "register",
        file,
        "--csv-dialect",
        "da",
        "--citizens-out",
        citizens.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&citizens).unwrap(),
        "\u{feff}Borger-id;Ophold;Nætter;Refunderede nætter;Dage med støtte;Bruttoudgift (kr.);Borgerens egenbetaling (kr.);Statens refusion (kr.);Kommunens nettoudgift (kr.)\r\n\
         E2;1;214;90;0;299600,00;21400,00;58500,00;219700,00\r\n"
    );
    let o = refusion(&[
        "register",
        file,
        "--citizens-out",
        citizens.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&citizens).unwrap(),
        "citizen_id,stays,nights,refunded_nights,support_days,gross,citizen_payment,state_refusion,municipal_net\n\
         E2,1,214,90,0,299600.00,21400.00,58500.00,219700.00\n"
    );
}

#[test]
fn register_compare_errors() {
    let p = temp("e2-register-err.csv", E2_REGISTER);
    let file = p.to_str().unwrap();
    let o = refusion(&["register", file, "--compare", "reform2023"]);
    assert_one_line_error(&o, "unknown_policy", "--compare");
    let err = stderr(&o);
    for name in [
        "age-26",
        "pre-reform",
        "reform-2023",
        "statutory",
        "step-2026",
        "reform",
    ] {
        assert!(err.contains(name), "{name}: {err}");
    }
    // A ready comparison fixes its policy.
    let o = refusion(&[
        "register",
        file,
        "--compare",
        "step-2026",
        "--policy",
        "age-26",
    ]);
    assert_one_line_error(&o, "invalid_parameter", "--policy");
    // Usage errors: --json with --csv-dialect, --citizens-out with --compare, a bad dialect.
    for args in [
        vec!["register", file, "--json", "--csv-dialect", "da"],
        vec![
            "register",
            file,
            "--compare",
            "reform-2023",
            "--citizens-out",
            "x.csv",
        ],
        vec!["register", file, "--csv-dialect", "de"],
        vec!["params", "--json", "--csv-dialect", "en"],
        vec!["params", "--lang", "fr"],
    ] {
        let o = refusion(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn params_lists_the_illustrative_defaults_and_the_presets_title() {
    let o = refusion(&["params"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Policy: statutory — The rules in force"),
        "{out}"
    );
    let (_, section) = out
        .split_once("Illustrative defaults (no source; replace them with your own)")
        .unwrap_or_else(|| panic!("no illustrative section: {out}"));
    let line = |name: &str| {
        section
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name}: {section}"))
            .to_string()
    };
    assert!(line("caseload").contains("24 citizens"));
    assert!(line("caseload").contains("citizens a team supports at one time"));
    assert!(line("team_size_fte").contains("4.5 FTE"));
    assert!(line("share_discharged").contains("70 %"));
    assert!(line("establishment_cost_per_team").contains("DKK 300,000.00"));
    assert!(line("uncertain.share_discharged_percent").contains("50 … 90 %"));
    let o = refusion(&["params", "--lang", "da", "--policy", "reform-2023"]);
    let out = stdout(&o);
    assert!(
        out.contains("Regelsæt: reform-2023 — Reglerne fra 2023 uden 2026-trinnet (120 nætter)"),
        "{out}"
    );
    assert!(
        out.contains("Illustrative standardværdier (ingen kilde; erstat dem med jeres egne)"),
        "{out}"
    );
    assert!(out.contains("borgere ad gangen pr. team"), "{out}");
    assert!(out.contains("4,5 årsværk"), "{out}");
    // As CSV: the parameters, then the illustrative defaults with the values a query takes.
    let o = refusion(&["params", "--csv-dialect", "en"]);
    let out = stdout(&o);
    let blocks: Vec<&str> = out.split("\n\n").collect();
    assert_eq!(blocks.len(), 2, "{out}");
    assert!(
        blocks[0].starts_with("item,rule,value,date,text\n"),
        "{out}"
    );
    assert!(blocks[1].starts_with("item,value,text\n"), "{out}");
    assert!(blocks[1].contains("\ncaseload,24,"), "{out}");
    assert!(blocks[1].contains("\nshare_discharged,0.7,"), "{out}");
}

/// The budget of crates/refusion-core/tests/budget.rs with the share discharged left out: the
/// middle of the illustrative range, 70 %; municipal effect −38,850 + 50,000 = 11,150. The
/// cost per FTE the annual cost implies: 36,500 × 10 citizens at one time ÷ 4.5 FTE =
/// 81,111.11.
#[test]
fn budget_shows_the_share_the_caseload_and_the_cost_per_fte() {
    let q = temp(
        "budget-70.json",
        r#"{"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12,
            "average_stay_nights": 30, "nights_before_discharge": 1,
            "daily_rate": "1000", "own_payment_per_night": "0",
            "annual_costs": [{"label": "x", "annual_cost": "36500"}],
            "caseload": 10, "team_size_fte": "4.5", "establishment_cost_per_team": "50000"}"#,
    );
    let o = refusion(&["budget", q.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Share of the eligible citizens discharged to support: 70 %; citizens a team supports at one time (caseload): 10"),
        "{out}"
    );
    assert!(
        out.contains("M-ACT x (36,500.00 per citizen-year, which implies 81,111.11 per FTE)"),
        "{out}"
    );
    let row: Vec<&str> = out
        .lines()
        .find(|l| l.trim_start().starts_with("2027 "))
        .unwrap()
        .split_whitespace()
        .collect();
    // Year, shelter base/plan, support, refusion effect, municipal effect, teams, FTE,
    // establishment, municipal total, present value.
    assert_eq!(row[6], "1");
    assert_eq!(row[7], "4.5");
    assert_eq!(row[9], "11,150.00");
    let o = refusion(&["budget", q.to_str().unwrap(), "--lang", "da"]);
    let out = stdout(&o);
    assert!(out.contains("borgere ad gangen pr. team: 10"), "{out}");
    assert!(out.contains("81.111,11 pr. årsværk"), "{out}");
    assert!(out.contains("11.150,00"), "{out}");
    let o = refusion(&["budget", q.to_str().unwrap(), "--csv-dialect", "en"]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "variant,annual_cost,year,support_citizen_years,teams,new_teams,fte,difference_gross,difference_state_refusion,difference_municipal_net,establishment,municipal_effect,present_value"
    );
    assert!(
        lines[1].starts_with("x,36500.00,2027,4.55,1,1,4.5,-77700.00,"),
        "{out}"
    );
    assert!(
        lines[1].ends_with(",-38850.00,50000.00,11150.00,11150.00"),
        "{out}"
    );
    // The team's caseload is citizens at one time, not per year.
    let help = stdout(&refusion(&["team", "--help"]));
    assert!(help.contains("at one time"), "{help}");
    assert!(!help.contains("per year"), "{help}");
}

/// Every command that prints tables takes --lang and --csv-dialect.
#[test]
fn every_table_command_speaks_danish_and_writes_csv() {
    let e2 = temp("e2-all.json", E2);
    let e2 = e2.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["evaluate", e2],
        vec![
            "compare",
            "examples/stay_in_shelter.json",
            "examples/discharge_to_m_act.json",
        ],
        vec!["break-even", "examples/break_even.json"],
        vec!["team"],
        vec!["params"],
        vec![
            "register",
            "examples/register.csv",
            "--support",
            "examples/register_support.csv",
        ],
        vec!["budget", "examples/budget.json"],
        vec!["plan", "examples/plan.json"],
        vec!["monte-carlo", "examples/monte_carlo.json", "--draws", "20"],
        vec!["tornado", "examples/monte_carlo.json"],
        vec!["reference", "--place", "95000"],
    ];
    for args in commands {
        let with = |extra: &[&str]| {
            let mut a = args.clone();
            a.extend_from_slice(extra);
            let o = refusion(&a);
            assert!(o.status.success(), "{a:?}: {}", stderr(&o));
            stdout(&o)
        };
        let en = with(&[]);
        let da = with(&["--lang", "da"]);
        assert_ne!(en, da, "{args:?}");
        let csv = with(&["--csv-dialect", "da"]);
        assert!(csv.starts_with('\u{feff}'), "{args:?}: {csv}");
        assert_eq!(csv.matches('\u{feff}').count(), 1, "{args:?}: {csv}");
        assert!(csv.contains(';') && csv.contains("\r\n"), "{args:?}: {csv}");
        let csv = with(&["--csv-dialect", "en"]);
        assert!(
            !csv.starts_with('\u{feff}') && csv.contains(','),
            "{args:?}: {csv}"
        );
    }
    // The Danish evaluation: Danish numbers and dates.
    let o = refusion(&["evaluate", e2, "--lang", "da"]);
    let out = stdout(&o);
    assert!(out.contains("219.700,00"), "{out}");
    assert!(
        out.contains("shelter_stays[0] 1. jun. 2026–29. aug. 2026"),
        "{out}"
    );
}
