//! The synthetic cohort generator: seeded, calibrated, and identical on every platform.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::{Engine, ParameterCatalog};

fn catalog() -> ParameterCatalog {
    ParameterCatalog::embedded().unwrap()
}

#[test]
fn calibration_targets_are_met() {
    let c = catalog();
    let cohort = generate(&CohortSpec::new(2026, 7_000, 2026, 1), &c).unwrap();
    let s = cohort.stats(1);
    let num = |x: &str| x.parse::<f64>().unwrap();
    // 7,000 users a year (DST 2022); 50 nights per stay (Ankestyrelsen); 36 % one night and
    // 14 % over 120 nights (Ankestyrelsen 2007); 129 nights per user per year (DST 2020).
    assert_eq!(s.citizens, 7_000);
    assert!((47.0..=53.0).contains(&num(&s.mean_stay_nights)), "{s:?}");
    assert!((34.5..=37.5).contains(&num(&s.one_night_percent)), "{s:?}");
    assert!((12.5..=15.5).contains(&num(&s.long_stay_percent)), "{s:?}");
    assert!(
        (110.0..=150.0).contains(&num(&s.nights_per_user_year)),
        "{s:?}"
    );
    assert!((1_900..=2_300).contains(&s.with_support), "{s:?}");
}

#[test]
fn same_seed_same_cohort_and_it_evaluates() {
    let c = catalog();
    let spec = CohortSpec::workload_w(9, 500);
    let a = generate(&spec, &c).unwrap();
    assert_eq!(a, generate(&spec, &c).unwrap());
    assert_ne!(a, generate(&CohortSpec::workload_w(10, 500), &c).unwrap());
    assert!(a.members.iter().all(|m| (1..=6).contains(&m.stays.len())));
    let (rows, support) = a.rows();
    let engine = Engine::new().unwrap();
    let policy = engine
        .resolve(&refusion_core::PolicySpec::Statutory)
        .unwrap();
    let r = engine.evaluate_register(&policy, &rows, &support).unwrap();
    assert_eq!(r.citizens.len(), 500);
    assert!(r.citizens.iter().any(|c| c.support_days > 0));
}
