//! Properties that hold for every scenario.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod reference;

use proptest::prelude::*;
use refusion_core::{Engine, Evaluation, Scenario, SpellKind, Totals};

use reference::fuzzing::{bounded, identity};

fn eval(s: &Scenario) -> Evaluation {
    Engine::new().unwrap().evaluate(s).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// gross = citizen + refusion + net exactly, and 0 <= refusion <= gross - citizen, for the
    /// totals, every year and every line.
    #[test]
    fn payer_identity_and_refund_bounds(raw in reference::strategy::raw()) {
        let r = eval(&reference::strategy::build(&raw));
        prop_assert!(identity(&r.totals) && bounded(&r.totals), "{:?}", r.totals);
        for y in &r.years {
            prop_assert!(identity(&y.totals) && bounded(&y.totals), "{:?}", y);
        }
        for l in &r.lines {
            let t = Totals {
                gross: l.gross,
                citizen_payment: l.citizen_payment,
                state_refusion: l.state_refusion,
                municipal_net: l.municipal_net,
            };
            prop_assert!(identity(&t) && bounded(&t), "{:?}", l);
            prop_assert!(l.refunded_nights >= 0 && l.refunded_nights <= l.nights);
        }
    }

    /// Refunded nights per window never exceed the largest cap in force in the window.
    #[test]
    fn refunded_nights_per_window_within_cap(raw in reference::strategy::raw()) {
        let r = eval(&reference::strategy::build(&raw));
        for w in &r.windows {
            prop_assert!(w.refunded_nights <= i64::from(w.max_cap), "{:?}", w);
            prop_assert!(w.refunded_nights <= w.nights);
        }
    }

    /// Extending the last stay by some nights never lowers gross or municipal net (§ 110 only;
    /// see `extending_an_earlier_stay_can_lower_municipal_net` for why "last" and "§ 110 only").
    #[test]
    fn extending_the_last_stay_never_lowers_gross_or_net(
        raw in reference::strategy::raw(),
        extra in 1i64..400,
    ) {
        let mut s = reference::strategy::build(&raw);
        s.home_support.clear();
        s.temporary_housing.clear();
        let before = eval(&s);
        let last = s.shelter_stays.iter_mut().max_by_key(|x| x.admitted).unwrap();
        last.discharged += chrono::Duration::days(extra);
        let after = eval(&s);
        prop_assert!(after.totals.gross >= before.totals.gross);
        prop_assert!(after.totals.municipal_net >= before.totals.municipal_net,
            "{:?} -> {:?}", before.totals, after.totals);
    }

    /// Extending any stay never lowers gross, whatever else the scenario holds.
    #[test]
    fn extending_any_stay_never_lowers_gross(
        raw in reference::strategy::raw(),
        which in 0usize..5,
        extra in 1i64..60,
    ) {
        let mut s = reference::strategy::build(&raw);
        let before = eval(&s);
        let i = which % s.shelter_stays.len();
        s.shelter_stays[i].discharged += chrono::Duration::days(extra);
        if let Ok(after) = Engine::new().unwrap().evaluate(&s) {
            prop_assert!(after.totals.gross >= before.totals.gross);
        }
    }

    /// Scenarios and results survive a JSON round trip unchanged.
    #[test]
    fn serde_round_trips(raw in reference::strategy::raw()) {
        let s = reference::strategy::build(&raw);
        let json = s.to_json().unwrap();
        let back = Scenario::from_json(&json).unwrap();
        prop_assert_eq!(&back, &s);
        let r = eval(&s);
        let text = serde_json::to_string(&r).unwrap();
        let again: Evaluation = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(again, r);
    }
}

/// In next-admission mode, extending an *earlier* stay by one night can lower the municipal
/// net: the extra night opens the next window earlier, so it also ends earlier and a later
/// stay reaches a fresh window sooner. This is a property of the rule (R4), not a defect.
///
/// Hand derivation (statutory, 1400/night, own payment 100, so 650 refunded per night):
/// * A 2027-01-01 → 2028-01-01 (365 nights, window W1 = 2027-01-01..2027-12-31, 90 refunded);
///   B 2028-01-31 → 2029-03-06 (400 nights).
/// * Before: W2 opens 2028-01-31 (90 refunded), W3 opens 2029-01-31 (34 nights to 2029-03-05,
///   all refunded). Refunded 90 + 90 + 34 = 214 → 139,100; gross 765 × 1400 = 1,071,000;
///   citizen 76,500; net 855,400.
/// * A extended to 2028-01-02: night 2028-01-01 opens W2 = 2028-01-01..2028-12-31 (1 refunded),
///   B gets 89 more in W2, W3 opens 2029-01-01 (64 nights, all refunded). Refunded
///   90 + 1 + 89 + 64 = 244 → 158,600; gross 1,072,400; citizen 76,600; net 837,200.
#[test]
fn extending_an_earlier_stay_can_lower_municipal_net() {
    let scenario = |a_end: &str| {
        Scenario::from_json(&format!(
            r#"{{"citizen": {{"birth_date": "1980-01-01"}}, "shelter_stays": [
              {{"admitted": "2027-01-01", "discharged": "{a_end}", "daily_rate": "1400", "own_payment_per_night": "100"}},
              {{"admitted": "2028-01-31", "discharged": "2029-03-06", "daily_rate": "1400", "own_payment_per_night": "100"}}]}}"#
        ))
        .unwrap()
    };
    let before = eval(&scenario("2028-01-01"));
    let after = eval(&scenario("2028-01-02"));
    assert_eq!(before.totals.municipal_net.to_string(), "855400.00");
    assert_eq!(before.totals.state_refusion.to_string(), "139100.00");
    assert_eq!(after.totals.municipal_net.to_string(), "837200.00");
    assert_eq!(after.totals.state_refusion.to_string(), "158600.00");
    assert_eq!(after.totals.gross.to_string(), "1072400.00");
}

/// Every night is in exactly one line, and lines of one spell do not overlap.
#[test]
fn lines_partition_the_spells() {
    let case: serde_json::Value = serde_json::from_str(include_str!(
        "../../../tests/cases/e5_discharge_to_m_act.json"
    ))
    .unwrap();
    let s = Scenario::from_json(&case["scenario"].to_string()).unwrap();
    let r = eval(&s);
    let shelter: i64 = r
        .lines
        .iter()
        .filter(|l| l.kind == SpellKind::Shelter)
        .map(|l| l.nights)
        .sum();
    assert_eq!(shelter, 92);
    let support: i64 = r
        .lines
        .iter()
        .filter(|l| l.kind == SpellKind::HomeSupport)
        .map(|l| l.nights)
        .sum();
    assert_eq!(support, 731);
}
