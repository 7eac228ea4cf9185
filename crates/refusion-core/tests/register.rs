//! The register API equals per-scenario evaluation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod reference;

use proptest::prelude::*;
use refusion_core::{Engine, PolicySpec, Scenario, StayRow};

fn rows_of(id: &str, s: &Scenario) -> Vec<StayRow> {
    s.shelter_stays
        .iter()
        .map(|st| StayRow {
            citizen_id: id.to_string(),
            birth_date: s.citizen.birth_date,
            admitted: st.admitted,
            discharged: st.discharged,
            daily_rate: st.daily_rate,
            own_payment_per_night: st.own_payment_per_night,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn register_equals_per_scenario(raws in prop::collection::vec(reference::strategy::raw(), 1..20), policy in 0usize..3) {
        let engine = Engine::new().unwrap();
        let name = ["statutory", "age-26", "pre-reform"][policy];
        let resolved = engine.resolve(&PolicySpec::preset(name)).unwrap();
        let mut rows = Vec::new();
        let mut scenarios = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            let mut s = reference::strategy::build(raw);
            s.home_support.clear();
            s.temporary_housing.clear();
            s.policy = PolicySpec::preset(name);
            rows.extend(rows_of(&format!("c{i}"), &s));
            scenarios.push(s);
        }
        // Interleave rows of different citizens: order must not matter.
        rows.reverse();
        let r = engine.evaluate_register(&resolved, &rows, &[]).unwrap();
        prop_assert_eq!(r.citizens.len(), scenarios.len());
        for c in &r.citizens {
            let i: usize = c.citizen_id[1..].parse().unwrap();
            let e = engine.evaluate(&scenarios[i]).unwrap();
            prop_assert_eq!(c.totals, e.totals);
            prop_assert_eq!(c.nights, e.nights.shelter_nights);
            prop_assert_eq!(c.refunded_nights, e.nights.shelter_refunded_nights);
            let mine: Vec<_> = r.citizen_years.iter().filter(|y| y.citizen_id == c.citizen_id).collect();
            prop_assert_eq!(mine.len(), e.years.len());
            for (a, b) in mine.iter().zip(&e.years) {
                prop_assert_eq!((a.year, a.totals), (b.year, b.totals));
            }
        }
    }
}

#[test]
fn errors_name_the_row_and_citizen() {
    let engine = Engine::new().unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let d = |s: &str| refusion_core::model::calendar::parse_date(s).unwrap();
    let row = |id: &str, birth: &str, a: &str, b: &str| StayRow {
        citizen_id: id.into(),
        birth_date: d(birth),
        admitted: d(a),
        discharged: d(b),
        daily_rate: refusion_core::Money::from_kr(1400),
        own_payment_per_night: refusion_core::Money::from_kr(100),
    };
    let rows = vec![
        row("a", "1980-01-01", "2026-01-01", "2026-02-01"),
        row("b", "1980-01-01", "2026-01-01", "2026-02-01"),
        row("a", "1980-01-01", "2026-01-15", "2026-03-01"),
    ];
    let e = engine.evaluate_register(&policy, &rows, &[]).unwrap_err();
    assert_eq!((e.code(), e.field()), ("overlap", "rows[2].admitted"));
    assert!(
        e.message().contains("citizen \"a\"") && e.message().contains("rows[0]"),
        "{e}"
    );
    let rows = vec![
        row("a", "1980-01-01", "2026-01-01", "2026-02-01"),
        row("a", "1981-01-01", "2026-03-01", "2026-04-01"),
    ];
    let e = engine.evaluate_register(&policy, &rows, &[]).unwrap_err();
    assert_eq!(e.field(), "rows[1].birth_date");
    let rows = vec![row("a", "1980-01-01", "2026-01-01", "2025-02-01")];
    let e = engine.evaluate_register(&policy, &rows, &[]).unwrap_err();
    assert_eq!((e.code(), e.field()), ("date_order", "rows[0].discharged"));
    let empty = engine.evaluate_register(&policy, &[], &[]).unwrap();
    assert_eq!(empty.totals.gross.to_string(), "0.00");
}

/// Found by the `register_csv` fuzz target: the streaming reader used to leave out, silently,
/// the support of a citizen without stays, where the in-memory path refuses it.
#[test]
fn streamed_support_without_stays_is_refused_like_in_memory() {
    use refusion_core::population::register::csv::{evaluate_csv, read_support};
    let engine = Engine::new().unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let stays = "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\n\
                 E1,1988-04-20,2026-06-01,2026-07-31,1400,100\n";
    let support = "citizen_id,method,start,end,annual_cost,decided_before_discharge\n\
                   E1,m-act,2026-07-31,2027-07-31,104000,true\n\
                   E2,m-act,2027-01-01,2029-01-01,104000,true\n";
    let support = read_support(std::io::Cursor::new(support.as_bytes().to_vec())).unwrap();
    let e = evaluate_csv(
        &engine,
        &policy,
        std::io::Cursor::new(stays.as_bytes().to_vec()),
        &support,
        None,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        ("inconsistent_register", "support row 2, citizen_id")
    );
    assert!(e.message().contains("\"E2\" has support but no stay row"));
    let rows = vec![StayRow {
        citizen_id: "E1".into(),
        birth_date: "1988-04-20".parse().unwrap(),
        admitted: "2026-06-01".parse().unwrap(),
        discharged: "2026-07-31".parse().unwrap(),
        daily_rate: refusion_core::Money::from_kr(1400),
        own_payment_per_night: refusion_core::Money::from_kr(100),
    }];
    let e = engine
        .evaluate_register(&policy, &rows, &support)
        .unwrap_err();
    assert_eq!(e.field(), "support[1].citizen_id");
}

/// Columns with borrowed ids: E5 (domain.md §5) and E4 as two citizens give their worked
/// totals; columns of different lengths are refused.
#[test]
fn columns_with_text_ids_give_the_worked_examples() {
    use refusion_core::population::register::StayColumns;
    use refusion_core::{HomeSupport, Money, ShelterStay, SupportMethod};
    let engine = Engine::new().unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let d = |s: &str| refusion_core::model::calendar::parse_date(s).unwrap();
    let stay = |a: &str, b: &str, rate: i64, own: i64| ShelterStay {
        admitted: d(a),
        discharged: d(b),
        daily_rate: Money::from_kr(rate),
        own_payment_per_night: Money::from_kr(own),
    };
    let text = String::from("E5 E4");
    let ids: Vec<&str> = text.split(' ').collect();
    let columns = StayColumns {
        citizen_id: &ids,
        birth_date: &[d("1988-04-20"), d("1979-11-11")],
        stays: &[
            stay("2026-10-01", "2027-01-01", 1400, 100),
            stay("2024-02-01", "2024-09-01", 1000, 0),
        ],
    };
    let support = [HomeSupport {
        method: SupportMethod::MAct,
        start: d("2027-01-01"),
        end: d("2029-01-01"),
        annual_cost: Money::from_kr(104_000),
        decided_before_discharge: Some(true),
        decided_on: None,
    }];
    let (r, names) = engine
        .evaluate_register_by_id(&policy, &columns, (&["E5"], &support), false)
        .unwrap();
    assert_eq!(names, ["E5", "E4"]);
    let net: Vec<String> = r
        .citizens
        .iter()
        .map(|c| c.totals.municipal_net.to_string())
        .collect();
    assert_eq!(net, ["165242.46", "153000.00"]);
    // 165,242.46 + 153,000.00, each citizen's and the grand totals rounded from exact sums.
    assert_eq!(r.totals.municipal_net.to_string(), "318242.46");
    let e = engine
        .evaluate_register_by_id(&policy, &columns, (&["E5", "E4"], &support), false)
        .unwrap_err();
    assert_eq!(e.code(), "invalid_parameter");
    let e = engine
        .evaluate_register_by_id(&policy, &columns, (&["E9"], &support), false)
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        ("inconsistent_register", "support[0].citizen_id")
    );
}

/// The 2026 step on one citizen (worked example E2: one stay 2026-06-01 → 2027-01-01 at
/// 1,400 kr., own payment 100): statutory refunds 90 nights × 650 = 58,500.00, reform-2023
/// 120 × 650 = 78,000.00, every night in 2026. The step costs the municipality 19,500.00.
#[test]
fn comparing_a_register_under_two_presets_gives_the_cost_of_the_2026_step() {
    use refusion_core::model::export::Dialect;
    use refusion_core::population::register::csv::compare_csv;
    let engine = Engine::new().unwrap();
    let text = "citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\nA;1988-04-20;2026-06-01;2027-01-01;1.400;100\n";
    let p = |n: &str| engine.resolve(&PolicySpec::Preset(n.into())).unwrap();
    let c = compare_csv(
        &engine,
        &p("reform-2023"),
        &p("statutory"),
        text.as_bytes(),
        &[],
    )
    .unwrap();
    assert_eq!(
        (c.base.as_str(), c.policy.as_str()),
        ("reform-2023", "statutory")
    );
    assert_eq!(c.years.len(), 1);
    let y = &c.years[0];
    assert_eq!(y.year, 2026);
    assert_eq!(y.base.state_refusion.to_string(), "78000.00");
    assert_eq!(y.policy.state_refusion.to_string(), "58500.00");
    assert_eq!(y.difference.state_refusion.to_string(), "-19500.00");
    assert_eq!(y.difference.municipal_net.to_string(), "19500.00");
    assert_eq!(y.difference.gross.to_string(), "0.00");
    assert_eq!(c.difference, y.difference);
    let csv = c.to_csv(Dialect::Da);
    assert!(
        csv.starts_with("\u{feff}År;Regelsæt;Sammenlignet med;"),
        "{csv}"
    );
    assert!(csv.contains("2026;statutory;reform-2023;299600,00;21400,00;78000,00;200200,00;299600,00;21400,00;58500,00;219700,00;0,00;0,00;-19500,00;19500,00\r\n"), "{csv}");
    assert!(csv.contains("I alt;"), "{csv}");
}

/// Days since 1970-01-01.
fn day(d: chrono::NaiveDate) -> i32 {
    i32::try_from((d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The columnar core (day numbers, integer and decimal amounts, citizen numbers) equals
    /// the scenario engine citizen by citizen: random registers with § 85 a support and § 107
    /// stays, under every kind of policy the strategy makes (the presets, and overrides of
    /// the cap, the switch date and age, the refund rate and the § 107 reading), rows in any
    /// order, on one core and on every core.
    #[test]
    fn columnar_core_equals_per_scenario(
        raws in prop::collection::vec(reference::strategy::raw(), 1..16),
        parallel in any::<bool>(),
    ) {
        use refusion_core::population::register::{Amounts, Groups, Keys, OtherSpells, StayArrays};
        let engine = Engine::new().unwrap();
        let mut scenarios: Vec<Scenario> = raws.iter().map(reference::strategy::build).collect();
        // One register, one policy: the first citizen's.
        let spec = scenarios[0].policy.clone();
        for s in &mut scenarios {
            s.policy = spec.clone();
        }
        let Ok(policy) = engine.resolve(&spec) else { return Ok(()) };
        // Rows citizen by citizen, then interleaved: last citizen's rows first, each reversed.
        let mut rows: Vec<(usize, &refusion_core::ShelterStay)> = Vec::new();
        for (i, s) in scenarios.iter().enumerate() {
            rows.extend(s.shelter_stays.iter().map(|st| (i, st)));
        }
        rows.reverse();
        let ids: Vec<String> = rows.iter().map(|(i, _)| format!("c{i}")).collect();
        let groups = Groups::from_text(ids.iter().map(String::as_str));
        let citizen_of_group: Vec<usize> = groups.first_row.iter().map(|&r| rows[r].0).collect();
        let group_of_citizen = |i: usize| citizen_of_group.iter().position(|&c| c == i).map(|g| g as u32);
        let birth: Vec<i32> = rows.iter().map(|(i, _)| day(scenarios[*i].citizen.birth_date)).collect();
        let admitted: Vec<i32> = rows.iter().map(|(_, s)| day(s.admitted)).collect();
        let discharged: Vec<i32> = rows.iter().map(|(_, s)| day(s.discharged)).collect();
        // Rates as decimal128 units at scale 6; own payments as codes into distinct amounts.
        let units: Vec<i128> = rows
            .iter()
            .map(|(_, s)| {
                let mut d = s.daily_rate.as_decimal();
                d.rescale(6);
                d.mantissa()
            })
            .collect();
        let mut distinct: Vec<refusion_core::Money> = Vec::new();
        let codes: Vec<u16> = rows
            .iter()
            .map(|(_, s)| {
                let m = s.own_payment_per_night;
                match distinct.iter().position(|d| *d == m) {
                    Some(k) => k as u16,
                    None => { distinct.push(m); (distinct.len() - 1) as u16 }
                }
            })
            .collect();
        let values: Vec<Result<refusion_core::Money, refusion_core::Error>> = distinct.into_iter().map(Ok).collect();
        let stays = StayArrays {
            birth_date: &birth,
            admitted: &admitted,
            discharged: &discharged,
            daily_rate: Amounts::Decimal { units: &units, scale: 6 },
            own_payment_per_night: Amounts::Coded { keys: Keys::U16(&codes), values: &values },
        };
        let (mut support_group, mut support, mut temporary_group, mut temporary) = (vec![], vec![], vec![], vec![]);
        for (i, s) in scenarios.iter().enumerate().rev() {
            let g = group_of_citizen(i).unwrap();
            for h in s.home_support.iter().rev() {
                support_group.push(g);
                support.push(h.clone());
            }
            for t in s.temporary_housing.iter().rev() {
                temporary_group.push(g);
                temporary.push(t.clone());
            }
        }
        let others = OtherSpells {
            support_group: &support_group,
            support: &support,
            temporary_group: &temporary_group,
            temporary: &temporary,
        };
        let name = |g: usize| format!("#{g}");
        let r = engine.evaluate_arrays(&policy, &groups, &stays, &others, &name, parallel);
        // A scenario the engine refuses is refused by the columnar core too.
        let expected: Vec<_> = scenarios.iter().map(|s| engine.evaluate(s)).collect();
        if expected.iter().any(Result::is_err) {
            prop_assert!(r.is_err());
            return Ok(());
        }
        let r = r.unwrap();
        prop_assert_eq!(r.citizens.len(), scenarios.len());
        for c in &r.citizens {
            let e = expected[citizen_of_group[c.group as usize]].as_ref().unwrap();
            prop_assert_eq!(c.totals, e.totals);
            prop_assert_eq!(c.nights, e.nights.shelter_nights);
            prop_assert_eq!(c.refunded_nights, e.nights.shelter_refunded_nights);
            prop_assert_eq!(c.support_days, e.nights.support_days);
            let mine: Vec<_> = r.citizen_years.iter().filter(|y| y.group == c.group).collect();
            prop_assert_eq!(mine.len(), e.years.len());
            for (a, b) in mine.iter().zip(&e.years) {
                prop_assert_eq!((a.year, a.totals), (b.year, b.totals));
            }
        }
    }
}
