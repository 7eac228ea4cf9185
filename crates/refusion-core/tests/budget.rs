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
/// established for 50,000: municipal effect −5,500.
#[test]
fn hand_worked_one_year_budget() {
    let q: BudgetQuery = read::from_json_str(
        r#"{"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12,
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
