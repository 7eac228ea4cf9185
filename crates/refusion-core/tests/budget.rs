//! The budget model on a hand-worked case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use refusion_core::planning::budget::BudgetQuery;
use refusion_core::{model::read, Engine};

/// 12 citizens in 2027: one cohort on the 1st of each month.
/// Status quo: 30 nights at 1,000 (own 0), all refunded (30 < 90): 360,000 gross, 180,000 net.
/// Plan: 1 night (1,000, refunded 500) then support at 36,500/yr = 100/day from the 2nd of the
/// month for two years. Support days in 2027: Σ (364 − day-of-year index of the 1st) = 4,368 −
/// 1,998 = 2,370 → 237,000, half refunded → plan gross 249,000, refund 124,500, net 124,500.
/// Effect: gross −111,000, refund −55,500, net −55,500. Citizen-years 2,370/365 = 6.49 → 1 team,
/// established for 50,000: municipal effect −5,500. Every citizen is discharged (100 %).
#[test]
fn hand_worked_one_year_budget() {
    let q: BudgetQuery = read::from_json_str(
        r#"{"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12, "share_discharged": "100 %",
            "average_stay_nights": 30, "nights_before_discharge": 1,
            "daily_rate": "1000", "own_payment_per_night": "0",
            "annual_costs": [{"label": "x", "annual_cost": "36500"}],
            "caseload": 10, "team_size_fte": "4.5", "establishment_cost_per_team": "50000"}"#,
    )
    .unwrap();
    let b = Engine::new().unwrap().budget(&q).unwrap();
    let y = &b.variants[0].years[0];
    assert_eq!(y.year, 2027);
    assert_eq!(y.baseline.totals.gross.to_string(), "360000.00");
    assert_eq!(y.baseline.totals.municipal_net.to_string(), "180000.00");
    assert_eq!(y.plan.totals.gross.to_string(), "249000.00");
    assert_eq!(y.plan.totals.state_refusion.to_string(), "124500.00");
    assert_eq!(y.effect.gross.to_string(), "-111000.00");
    assert_eq!(y.effect.municipal_net.to_string(), "-55500.00");
    assert_eq!(y.support_citizen_years.to_string(), "6.49");
    assert_eq!((y.teams, y.new_teams), (1, 1));
    assert_eq!(y.fte.unwrap().to_string(), "4.5");
    assert_eq!(y.establishment.to_string(), "50000.00");
    assert_eq!(y.municipal_effect.to_string(), "-5500.00");
}

/// The same budget with the share discharged left out: the middle of the illustrative range
/// 50–90 %, 70 %. The status quo holds every eligible citizen: 360,000 gross, 180,000 net. Of
/// each monthly cohort 0.7 citizen is discharged: effect gross −111,000 × 0.7 = −77,700, net
/// −55,500 × 0.7 = −38,850, refund −38,850; the plan is the status quo plus the effect: gross
/// 282,300, refund 180,000 − 38,850 = 141,150 (= 30 % staying, 54,000, plus 70 % moved,
/// 87,150). Support 2,370 days × 0.7
/// = 1,659 days = 4.545… citizen-years → 4.55, one team of 10 at a time, established for
/// 50,000: municipal effect −38,850 + 50,000 = 11,150. Cost per FTE implied by 36,500 a
/// citizen-year, 10 citizens at a time and 4.5 FTE: 365,000 / 4.5 = 81,111.11.
#[test]
fn the_budget_uses_the_middle_of_the_share_range() {
    let q: BudgetQuery = read::from_json_str(
        r#"{"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12,
            "average_stay_nights": 30, "nights_before_discharge": 1,
            "daily_rate": "1000", "own_payment_per_night": "0",
            "annual_costs": [{"label": "x", "annual_cost": "36500"}],
            "caseload": 10, "team_size_fte": "4.5", "establishment_cost_per_team": "50000"}"#,
    )
    .unwrap();
    let b = Engine::new().unwrap().budget(&q).unwrap();
    assert_eq!(b.share_discharged_percent, 70);
    let v = &b.variants[0];
    let y = &v.years[0];
    assert_eq!(y.baseline.totals.gross.to_string(), "360000.00");
    assert_eq!(y.baseline.totals.municipal_net.to_string(), "180000.00");
    assert_eq!(y.plan.totals.gross.to_string(), "282300.00");
    assert_eq!(y.plan.totals.state_refusion.to_string(), "141150.00");
    assert_eq!(y.effect.gross.to_string(), "-77700.00");
    assert_eq!(y.effect.municipal_net.to_string(), "-38850.00");
    assert_eq!(y.support_citizen_years.to_string(), "4.55");
    assert_eq!((y.teams, y.new_teams), (1, 1));
    assert_eq!(y.municipal_effect.to_string(), "11150.00");
    assert_eq!(v.cost_per_fte.unwrap().to_string(), "81111.11");
}

/// One story: the tornado's base is the budget's municipal total, and lies inside every
/// input's swing; a share range that does not hold the budget's share is refused.
#[test]
fn the_tornado_base_is_the_budget_and_lies_inside_every_range() {
    let engine = Engine::new().unwrap();
    let q: refusion_core::planning::uncertainty::UncertaintyQuery = read::from_json_str(
        r#"{"budget": {"first_year": 2027, "horizon_years": 2, "citizens_per_year": 20,
            "average_stay_nights": 180, "daily_rate": "1400", "own_payment_per_night": "100",
            "caseload": 20, "annual_costs": [{"label": "mean", "annual_cost": "104000"}]}}"#,
    )
    .unwrap();
    let t = engine.tornado_query(&q).unwrap();
    let b = engine.budget(q.budget.as_ref().unwrap()).unwrap();
    assert_eq!(t.base, b.variants[0].total_municipal_effect);
    for row in &t.rows {
        let (lo, hi) = if row.at_low <= row.at_high {
            (row.at_low, row.at_high)
        } else {
            (row.at_high, row.at_low)
        };
        assert!(
            lo <= t.base && t.base <= hi,
            "{}: {lo} … {hi} vs {}",
            row.input,
            t.base
        );
    }
    let bad: refusion_core::planning::uncertainty::UncertaintyQuery = read::from_json_str(
        r#"{"budget": {"first_year": 2027, "citizens_per_year": 20, "average_stay_nights": 180,
            "daily_rate": "1400", "own_payment_per_night": "100", "share_discharged": "100 %"},
            "run": {"uncertain": {"share_discharged_percent": {"low": 50, "high": 90}}}}"#,
    )
    .unwrap();
    let e = engine.tornado_query(&bad).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (
            "invalid_parameter",
            "run.uncertain.share_discharged_percent"
        )
    );
}

#[test]
fn default_variants_are_the_ramboll_range_and_errors_name_fields() {
    let engine = Engine::new().unwrap();
    let q: BudgetQuery = read::from_json_str(
        r#"{"first_year": 2027, "citizens_per_year": 30, "average_stay_nights": 200,
            "daily_rate": "1400", "own_payment_per_night": "100", "caseload": 20}"#,
    )
    .unwrap();
    let b = engine.budget(&q).unwrap();
    let labels: Vec<_> = b
        .variants
        .iter()
        .map(|v| (v.label.as_str(), v.annual_cost.to_string()))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("low", "78000".into()),
            ("mean", "104000".into()),
            ("high", "121000".into())
        ]
    );
    assert_eq!(b.variants[1].years.len(), 3);
    // A dearer support costs the municipality more.
    assert!(b.variants[0].total_municipal_effect < b.variants[2].total_municipal_effect);
    let mut bad = q.clone();
    bad.horizon_years = 11;
    let e = engine.budget(&bad).unwrap_err();
    assert_eq!((e.code(), e.field()), ("limit", "horizon_years"));
    let mut bad = q;
    bad.nights_before_discharge = 300;
    assert_eq!(
        engine.budget(&bad).unwrap_err().field(),
        "nights_before_discharge"
    );
}

/// The 2026 step on a budget's status quo: 12 citizens in 2027, one admitted on the 1st of each
/// month, each staying 180 nights at 1,000 kr. (own payment 0; horizon 2027 only). Refunded
/// nights in 2027 under statutory (cap 90) and reform-2023 (cap 120): January–September cohorts
/// 90 and 120 (30 more each: 270); October 90 and 92 (Oct 1 – Dec 31 is 92 nights: 2 more);
/// November 61 and 61; December 31 and 31. 272 nights × 500 = 136,000.00 less refund under
/// statutory: the step costs the municipality 136,000.00 in 2027.
#[test]
fn the_budget_status_quo_under_two_presets() {
    let q: BudgetQuery = read::from_json_str(
        r#"{"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12,
            "average_stay_nights": 180, "daily_rate": "1000", "own_payment_per_night": "0"}"#,
    )
    .unwrap();
    let c = Engine::new()
        .unwrap()
        .budget_policy_comparison(&q, &refusion_core::PolicySpec::Preset("reform-2023".into()))
        .unwrap();
    assert_eq!(
        (c.base.as_str(), c.policy.as_str()),
        ("reform-2023", "statutory")
    );
    let y = &c.years[0];
    assert_eq!(y.year, 2027);
    assert_eq!(y.difference.state_refusion.to_string(), "-136000.00");
    assert_eq!(y.difference.municipal_net.to_string(), "136000.00");
    assert_eq!(y.difference.gross.to_string(), "0.00");
}
