//! Budget plans, Monte Carlo and tornado.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use refusion_core::planning::plan::PlanQuery;
use refusion_core::planning::plan::PlanSettings;
use refusion_core::planning::uncertainty::{McRun, Uncertain};
use refusion_core::population::cohort::{CohortSpec, Member};
use refusion_core::{
    calendar::parse_date, model::read, Engine, Money, PolicySpec, Rate, ShelterStay,
};

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

/// One citizen, 200 nights from 2027-01-01 at 1,000 (own 0); the plan cuts the stay at 90
/// nights (discharge 2027-04-01) and adds support at 36,500 a year (100 a day) for two years.
///
/// Baseline 2027: gross 200,000; cap 90 → refund 45,000; net 155,000.
/// Plan 2027: 90 nights 90,000 (all refunded, 45,000) + support 2027-04-01..2027-12-31 = 275
/// days = 27,500, refunded 13,750: gross 117,500, refund 58,750, net 58,750.
/// Effect 2027: net −96,250; support 275/365 = 0.75 citizen-years → 1 team, established for
/// 50,000 → municipal −46,250 (present value the same, year 0).
/// Plan 2028: 366 days = 36,600, refund 18,300, net 18,300 = effect; 1.00 citizen-year, no new
/// team; present value 18,300 / 1.035 = 17,681.159… → 17,681.16.
/// Totals: municipal −27,950; present value −28,568.84.
#[test]
fn hand_worked_plan() {
    let engine = Engine::new().unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let member = Member {
        citizen_id: "a".into(),
        birth_date: d("1980-06-15"),
        stays: vec![ShelterStay {
            admitted: d("2027-01-01"),
            discharged: d("2027-07-20"),
            daily_rate: Money::from_kr(1000),
            own_payment_per_night: Money::ZERO,
        }],
        support: vec![],
    };
    let settings = PlanSettings {
        first_year: 2027,
        horizon_years: 2,
        discharge_after_nights: 90,
        share_discharged: Rate::ONE,
        selection_seed: 0,
        support_method: refusion_core::SupportMethod::MAct,
        support_annual_cost: Money::from_kr(36_500),
        support_years: 2,
        caseload: 10,
        team_size_fte: None,
        establishment_cost_per_team: Money::from_kr(50_000),
        discount_rate: Rate::parse("0.035").unwrap(),
    };
    let r = engine.plan_for(&policy, &[member], &settings).unwrap();
    let (y1, y2) = (&r.years[0], &r.years[1]);
    assert_eq!(y1.baseline.totals.gross.to_string(), "200000.00");
    assert_eq!(y1.baseline.totals.municipal_net.to_string(), "155000.00");
    assert_eq!(y1.plan.shelter.to_string(), "90000.00");
    assert_eq!(y1.plan.support.to_string(), "27500.00");
    assert_eq!(y1.plan.totals.state_refusion.to_string(), "58750.00");
    assert_eq!(y1.effect.municipal_net.to_string(), "-96250.00");
    assert_eq!(y1.support_citizen_years.to_string(), "0.75");
    assert_eq!((y1.teams, y1.new_teams), (1, 1));
    assert_eq!(y1.municipal_effect.to_string(), "-46250.00");
    assert_eq!(y1.present_value.to_string(), "-46250.00");
    assert_eq!(y2.effect.municipal_net.to_string(), "18300.00");
    assert_eq!((y2.teams, y2.new_teams), (1, 0));
    assert_eq!(y2.present_value.to_string(), "17681.16");
    assert_eq!(r.total_municipal_effect.to_string(), "-27950.00");
    assert_eq!(r.total_present_value.to_string(), "-28568.84");
}

fn query() -> PlanQuery {
    read::from_json_str(
        r#"{"cohort": {"seed": 7, "citizens": 300, "first_year": 2026, "years": 1},
            "horizon_years": 3, "discharge_after_nights": 60, "share_discharged": "0.7",
            "caseload": 20, "establishment_cost_per_team": "300000"}"#,
    )
    .unwrap()
}

#[test]
fn a_generated_plan_is_reproducible_and_saves_with_default_figures() {
    let engine = Engine::new().unwrap();
    let a = engine.plan(&query()).unwrap();
    assert_eq!(a, engine.plan(&query()).unwrap());
    assert_eq!(a.years.len(), 3);
    assert_eq!(a.discount_rate, Rate::parse("0.035").unwrap()); // Finansministeriet
                                                                // Cutting long stays at 60 nights and paying M-ACT lowers the shelter cost.
    assert!(a.years[0].plan.shelter < a.years[0].baseline.shelter);
    assert!(a.years[0].plan.support > a.years[0].baseline.support);
}

#[test]
fn monte_carlo_is_seeded_and_identical_with_one_thread_or_many() {
    let engine = Engine::new().unwrap();
    let run = McRun {
        draws: 40,
        seed: 42,
        uncertain: Uncertain::default(),
        parallel: true,
    };
    let a = engine.plan_monte_carlo(&query(), &run).unwrap();
    let b = engine
        .plan_monte_carlo(
            &query(),
            &McRun {
                parallel: false,
                ..run
            },
        )
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a, engine.plan_monte_carlo(&query(), &run).unwrap());
    let c = engine
        .plan_monte_carlo(&query(), &McRun { seed: 43, ..run })
        .unwrap();
    assert_ne!(a.total, c.total);
    for y in &a.years {
        assert!(
            y.band.min <= y.band.p5
                && y.band.p5 <= y.band.p50
                && y.band.p50 <= y.band.p95
                && y.band.p95 <= y.band.max
        );
    }
    assert!(a
        .sample
        .iter()
        .all(|d| (78_000..=121_000).contains(&d.support_cost.as_decimal().mantissa())));
}

#[test]
fn tornado_rows_are_sorted_and_the_base_is_the_plan() {
    let engine = Engine::new().unwrap();
    let t = engine
        .plan_tornado(&query(), &Uncertain::default())
        .unwrap();
    assert_eq!(t.rows.len(), 4);
    assert!(t.rows.windows(2).all(|w| w[0].swing >= w[1].swing));
    // The base case is the plan itself (support at the Rambøll mean, share 70 %).
    let mut q = query();
    q.support_annual_cost = Some(Money::from_kr(104_000));
    assert_eq!(t.base, engine.plan(&q).unwrap().total_municipal_effect);
    // A dearer support raises the municipality's cost.
    let cost = t.rows.iter().find(|r| r.input == "support_cost").unwrap();
    assert!(cost.at_high > cost.at_low);
}

#[test]
fn bad_plans_name_the_field() {
    let engine = Engine::new().unwrap();
    let mut q = query();
    q.horizon_years = 11;
    assert_eq!(engine.plan(&q).unwrap_err().field(), "horizon_years");
    let mut q = query();
    q.cohort = CohortSpec {
        citizens: 3_000_000,
        ..q.cohort
    };
    assert_eq!(engine.plan(&q).unwrap_err().field(), "cohort.citizens");
    let run = McRun {
        draws: 0,
        ..McRun::default()
    };
    assert_eq!(
        engine.plan_monte_carlo(&query(), &run).unwrap_err().field(),
        "draws"
    );
}
