//! Break-even, on cases worked out by hand (see README "Break-even, precisely").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use refusion_core::planning::pathway::BreakEvenQuery;
use refusion_core::{model::read, Engine};

fn query(extra: &str) -> BreakEvenQuery {
    read::from_json_str(&format!(
        r#"{{"citizen": {{"birth_date": "1988-04-20"}}, "admitted": "2026-06-01",
            "daily_rate": "1400", "own_payment_per_night": "100",
            "support": {{"method": "m-act", "annual_cost": "104000"}} {extra} }}"#
    ))
    .unwrap()
}

fn nights(q: &BreakEvenQuery) -> (Option<i64>, Option<i64>) {
    let b = Engine::new().unwrap().break_even(q).unwrap();
    (
        b.municipality.map(|p| p.night),
        b.public_sector.map(|p| p.night),
    )
}

/// Support pathway: 1 night (650 municipal) + 730 days of M-ACT: 208,000, half refunded:
/// municipal 104,650, public 209,300. Staying: 650 for 90 nights then 1,300:
/// 58,500 + (n − 90)·1,300 > 104,650 ⇒ n = 126; 1,300·n > 209,300 ⇒ n = 162.
#[test]
fn default_discharge_the_morning_after_the_first_night() {
    let q = query("");
    let b = Engine::new().unwrap().break_even(&q).unwrap();
    let m = b.municipality.unwrap();
    assert_eq!(
        (m.night, m.date.to_string()),
        (126, "2026-10-04".to_string())
    );
    assert_eq!(m.stay_cost.to_string(), "105300.00"); // 58,500 + 36 × 1,300
    assert_eq!(m.support_cost.to_string(), "104650.00");
    let p = b.public_sector.unwrap();
    assert_eq!(
        (p.night, p.stay_cost.to_string(), p.support_cost.to_string()),
        (162, "210600.00".to_string(), "209300.00".to_string())
    );
    assert_eq!(b.horizon_end.to_string(), "2028-06-01");
    // The curves start at zero and end at the whole-horizon totals.
    assert_eq!(
        b.stay_curve.first().unwrap().totals.gross.to_string(),
        "0.00"
    );
    assert_eq!(b.stay_curve.last().unwrap().totals, b.stay_whole_horizon);
    assert_eq!(b.support_curve.last().unwrap().totals, b.support_pathway);
}

/// Discharge on 2026-07-01 after 30 nights (19,500 municipal, 39,000 public), then
/// 2026-07-01 → 2028-06-01 = 701 days: 104,000 × 701 / 365 = 199,736.9863…, half refunded.
/// Municipal 119,368.49…: 58,500 + (n − 90)·1,300 > 119,368.49 ⇒ n − 90 ≥ 47 ⇒ n = 137.
/// Public 238,736.99…: 1,300·n > 238,736.99 ⇒ n = 184.
#[test]
fn later_discharge() {
    assert_eq!(
        nights(&query(r#", "discharge": "2026-07-01""#)),
        (Some(137), Some(184))
    );
}

/// Not decided before discharge: no § 176 a refund. Municipal 650 + 208,000 = 208,650:
/// 58,500 + (n − 90)·1,300 > 208,650 ⇒ n − 90 ≥ 116 ⇒ n = 206. The public sector is unchanged.
#[test]
fn support_not_decided_before_discharge() {
    let q = query("").support;
    let mut q2 = query("");
    q2.support.decided_before_discharge = false;
    assert!(q.decided_before_discharge);
    assert_eq!(nights(&q2), (Some(206), Some(162)));
}

/// pre-reform: every night costs the municipality 650 and support is not refunded:
/// 650·n > 208,650 ⇒ n = 322 (within the 731-night horizon); public unchanged at 162.
#[test]
fn pre_reform_policy() {
    assert_eq!(
        nights(&query(r#", "policy": "pre-reform""#)),
        (Some(322), Some(162))
    );
}

/// A cheap shelter (300/night, own 0) against ACT at 200,000 a year, not decided, one year:
/// support pathway ≥ 150 + 200,000 × 364 / 365 ≈ 199,602; staying the whole year costs the
/// municipality 90 × 150 + 275 × 300 = 96,000 and the public sector 109,500: no break-even.
#[test]
fn no_break_even_within_the_horizon() {
    let q: BreakEvenQuery = read::from_json_str(
        r#"{"citizen": {"birth_date": "1988-04-20"}, "admitted": "2026-06-01",
            "daily_rate": "300", "own_payment_per_night": "0", "horizon_years": 1,
            "support": {"method": "act", "annual_cost": "200000", "decided_before_discharge": false}}"#,
    )
    .unwrap();
    assert_eq!(nights(&q), (None, None));
    let b = Engine::new().unwrap().break_even(&q).unwrap();
    assert_eq!(b.stay_whole_horizon.municipal_net.to_string(), "96000.00");
}

#[test]
fn bad_queries_name_the_field() {
    let engine = Engine::new().unwrap();
    let e = engine
        .break_even(&query(r#", "discharge": "2026-05-01""#))
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("date_order", "discharge"));
    let e = engine
        .break_even(&query(r#", "horizon_years": 0"#))
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("limit", "horizon_years"));
    let e = read::from_json_str::<BreakEvenQuery>(
        r#"{"citizen": {"birth_date": "1988-04-20"}, "admitted": "2026-06-01",
            "daily_rate": 1400.0, "own_payment_per_night": "0",
            "support": {"method": "m-act", "annual_cost": "104000"}}"#,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("float_money", "daily_rate"));
    let mut q = query("");
    q.own_payment_per_night = refusion_core::Money::from_kr(2000);
    let e = engine.break_even(&q).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        ("invalid_amount", "own_payment_per_night")
    );
}
