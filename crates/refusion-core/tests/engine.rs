//! The engine as a library: thread safety and the pathway API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod reference;

use std::sync::Arc;

use proptest::prelude::*;
use refusion_core::{Engine, Scenario};

#[test]
fn the_engine_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    assert_send_sync::<Scenario>();
    assert_send_sync::<refusion_core::Evaluation>();
    assert_send_sync::<refusion_core::Error>();
}

#[test]
fn threads_sharing_one_engine_get_identical_results() {
    let engine = Arc::new(Engine::new().unwrap());
    let scenarios: Vec<Scenario> = (0..64u32)
        .map(|i| {
            let raw = reference::strategy::Raw {
                anchor: (i % 8) as usize,
                offset: i64::from(i) * 7 - 200,
                stays: vec![
                    (0, 30 + i64::from(i) * 5, 140_000, 10_000),
                    (i64::from(i) * 11, 200, 99_999, 9_671),
                ],
                birth_mode: (i % 4) as u8,
                birth_offset: i64::from(i) * 13 - 300,
                policy: (i % 9) as u8,
                cap: 1 + i,
                switch_offset: i64::from(i) - 30,
                supports: vec![(0, i64::from(i), 700, 104_000, (0, i % 2 == 0, 0))],
                temporaries: vec![(0, 0, 90, 900, (0, true, 0))],
                reading: (i % 2) as u8,
            };
            reference::strategy::build(&raw)
        })
        .collect();
    let sequential: Vec<_> = scenarios
        .iter()
        .map(|s| engine.evaluate(s).unwrap())
        .collect();
    let scenarios = Arc::new(scenarios);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let engine = Arc::clone(&engine);
            let scenarios = Arc::clone(&scenarios);
            std::thread::spawn(move || {
                scenarios
                    .iter()
                    .map(|s| engine.evaluate(s).unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), sequential);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A comparison's differences are B − A of the two evaluations, in total and per year.
    #[test]
    fn comparison_differences_are_exact(a in reference::strategy::raw(), b in reference::strategy::raw()) {
        let engine = Engine::new().unwrap();
        let (sa, sb) = (reference::strategy::build(&a), reference::strategy::build(&b));
        let c = engine.compare(&sa, &sb).unwrap();
        let (ea, eb) = (engine.evaluate(&sa).unwrap(), engine.evaluate(&sb).unwrap());
        prop_assert_eq!(c.difference, eb.totals.difference(&ea.totals).unwrap());
        for y in &c.years {
            prop_assert_eq!(y.difference, y.b.difference(&y.a).unwrap());
        }
    }
}
