//! The interval engine equals the night-by-night reference on random scenarios.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod reference;

use proptest::prelude::*;
use refusion_core::{Detail, Engine};

fn check(raw: &reference::strategy::Raw) -> Result<(), TestCaseError> {
    let engine = Engine::new().unwrap();
    let scenario = reference::strategy::build_with_conflicts(raw);
    let policy = engine.resolve(&scenario.policy).unwrap();
    if reference::conflict(&scenario) {
        let e = engine
            .evaluate(&scenario)
            .expect_err("decision fields that disagree are refused");
        prop_assert_eq!(e.code(), "conflicting_fields");
        return Ok(());
    }
    let got = engine
        .evaluate_with(
            &scenario,
            &policy,
            Detail {
                trace: true,
                lines: true,
            },
        )
        .map_err(|e| TestCaseError::fail(format!("engine error {e} on {scenario:?}")))?;
    let want = reference::evaluate(&scenario, &policy.parameters);
    let t = &got.totals;
    let got_totals = [
        t.gross.to_string(),
        t.citizen_payment.to_string(),
        t.state_refusion.to_string(),
        t.municipal_net.to_string(),
    ];
    prop_assert_eq!(
        &got_totals,
        &want.total.reported(),
        "totals of {:?}",
        scenario
    );
    prop_assert_eq!(got.nights.shelter_nights, want.shelter_nights);
    prop_assert_eq!(got.nights.shelter_refunded_nights, want.shelter_refunded);
    prop_assert_eq!(got.nights.support_days, want.support_days);
    prop_assert_eq!(got.nights.support_refunded_days, want.support_refunded);
    prop_assert_eq!(got.nights.temporary_housing_nights, want.th_nights);
    prop_assert_eq!(
        got.nights.temporary_housing_refunded_nights,
        want.th_refunded
    );
    let got_windows: Vec<_> = got
        .windows
        .iter()
        .map(|w| (w.start, w.refunded_nights))
        .collect();
    prop_assert_eq!(
        got_windows,
        want.windows.clone(),
        "windows of {:?}",
        scenario
    );
    prop_assert_eq!(got.years.len(), want.years.len());
    for y in &got.years {
        let w = want.years[&y.year].reported();
        let g = [
            y.totals.gross.to_string(),
            y.totals.citizen_payment.to_string(),
            y.totals.state_refusion.to_string(),
            y.totals.municipal_net.to_string(),
        ];
        prop_assert_eq!(&g, &w, "year {} of {:?}", y.year, scenario);
    }
    // Lines cover every night exactly once.
    let line_nights: i64 = got.lines.iter().map(|l| l.nights).sum();
    prop_assert_eq!(
        line_nights,
        want.shelter_nights + want.support_days + want.th_nights
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn engine_equals_night_by_night_reference(raw in reference::strategy::raw()) {
        check(&raw)?;
    }
}
