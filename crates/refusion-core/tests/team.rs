//! The M-ACT team cost model on hand-worked figures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use refusion_core::planning::team::{place, team_cost, Position, TeamModel};
use refusion_core::{model::read, Money, ParameterCatalog};

fn catalog() -> ParameterCatalog {
    ParameterCatalog::embedded().unwrap()
}

#[test]
fn illustrative_team() {
    let c = team_cost(&TeamModel::illustrative(), &catalog()).unwrap();
    // staff: 2 × 460,000 + 520,000 + 480,000 + 0.5 × 560,000 = 2,200,000
    assert_eq!(c.staff_cost.to_string(), "2200000.00");
    // + transport 60,000 + premises 90,000 + materials 30,000 = 2,380,000
    assert_eq!(c.operating_cost.to_string(), "2380000.00");
    // establishment 300,000 over 3 years = 100,000 a year; total 2,480,000
    assert_eq!(c.establishment_per_year.to_string(), "100000.00");
    assert_eq!(c.total_per_year.to_string(), "2480000.00");
    // per citizen-year over 24: 99,166.666… → 99,166.67 and 103,333.333… → 103,333.33
    assert_eq!(c.operating_per_citizen_year.to_string(), "99166.67");
    assert_eq!(c.total_per_citizen_year.to_string(), "103333.33");
    assert_eq!(c.placement.position, Position::WithinRange);
    // (99,166.67 − 104,000) / 104,000 = −4.647… % → −4.6
    assert_eq!(c.placement.vs_mean_percent.to_string(), "-4.6");
    assert!(c.illustrative && c.warnings.is_empty());
}

#[test]
fn placement_at_the_edges() {
    let p = |kr: i64| place(Money::from_kr(kr), &catalog()).unwrap().position;
    assert_eq!(p(77_999), Position::BelowRange);
    assert_eq!(p(78_000), Position::WithinRange);
    assert_eq!(p(121_000), Position::WithinRange);
    assert_eq!(p(121_001), Position::AboveRange);
    let mean = place(Money::from_kr(104_000), &catalog()).unwrap();
    assert_eq!(mean.vs_mean.to_string(), "0");
    assert!(mean.text.contains("equal to the mean"));
}

#[test]
fn a_missing_function_warns_and_bad_inputs_fail() {
    let model: TeamModel = read::from_json_str(
        r#"{"caseload": 10, "staff": [
             {"role": "bostøtte", "function": "social-support", "fte": "2", "annual_salary": "450000"}]}"#,
    )
    .unwrap();
    let c = team_cost(&model, &catalog()).unwrap();
    assert_eq!(c.operating_per_citizen_year.to_string(), "90000.00"); // 900,000 / 10
    assert_eq!(c.warnings.len(), 3);
    let mut zero = model.clone();
    zero.caseload = 0;
    assert_eq!(
        team_cost(&zero, &catalog()).unwrap_err().field(),
        "caseload"
    );
    let e = read::from_json_str::<TeamModel>(
        r#"{"caseload": 10, "staff": [{"role": "x", "function": "health", "fte": 0.5, "annual_salary": "1"}]}"#,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("float_money", "staff[0].fte"));
    let e = read::from_json_str::<TeamModel>(
        r#"{"caseload": 10, "staff": [{"role": "x", "function": "nurse", "fte": "1", "annual_salary": "1"}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.field(), "staff[0].function");
}
