//! Random scenarios for the property tests: stays, gaps, birth dates and policies clustered
//! around the dates where the rules change (2023-10-01, 2026-04-01, birthdays, 29 February),
//! with readmissions inside and outside the § 176 a period.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use refusion_core::model::policy_spec::OverrideValue;
use refusion_core::{
    Citizen, HomeSupport, Money, PolicySpec, Scenario, ShelterStay, SupportMethod, TemporaryStay,
};
use rust_decimal::Decimal;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const ANCHORS: [&str; 8] = [
    "2023-10-01",
    "2023-09-15",
    "2026-04-01",
    "2026-01-15",
    "2024-02-29",
    "2025-03-01",
    "2027-06-30",
    "2022-12-31",
];

/// Raw numbers that [`build`] turns into a valid scenario.
#[derive(Clone, Debug)]
pub struct Raw {
    pub anchor: usize,
    pub offset: i64,
    pub stays: Vec<(i64, i64, i64, i64)>, // (gap before, nights, rate øre, own øre)
    pub birth_mode: u8,
    pub birth_offset: i64,
    pub policy: u8,
    pub cap: u32,
    pub switch_offset: i64,
    pub supports: Vec<(u8, i64, i64, i64, Decision)>, // (after stay k, offset, days, annual, decision)
    pub temporaries: Vec<(u8, i64, i64, i64, Decision)>, // (in gap after stay k, offset after the last one there, nights, rate, decision)
    /// Reading of the § 107 months: 0 = the preset's (cumulative), 1 = consecutive.
    pub reading: u8,
}

/// How a spell states its decision: `(mode, decided, days from the spell's start)`. Mode 0:
/// the boolean only; 1: `decided_on` only; 2: both (they may disagree: an error).
pub type Decision = (u8, bool, i64);

fn decision() -> impl Strategy<Value = Decision> {
    (
        0u8..3,
        any::<bool>(),
        prop_oneof![-120i64..-1, -3i64..3, 0i64..120],
    )
}

pub fn raw() -> impl Strategy<Value = Raw> {
    let stay = (
        prop_oneof![Just(0i64), 1i64..40, 40i64..400, 400i64..900],
        prop_oneof![1i64..40, 40i64..200, 200i64..500],
        0i64..300_000,
        0i64..20_000,
    );
    (
        (0..ANCHORS.len(), -200i64..200),
        prop::collection::vec(stay, 1..5),
        (0u8..4, -500i64..500),
        (0u8..9, 1u32..200, -400i64..400),
        prop::collection::vec(
            (0u8..5, -30i64..400, 1i64..900, 0i64..200_000, decision()),
            0..3,
        ),
        prop::collection::vec(
            (
                0u8..5,
                prop_oneof![Just(0i64), 0i64..60],
                1i64..300,
                0i64..200_000,
                decision(),
            ),
            0..4,
        ),
        0u8..2,
    )
        .prop_map(
            |(
                (anchor, offset),
                stays,
                (birth_mode, birth_offset),
                (policy, cap, switch_offset),
                supports,
                temporaries,
                reading,
            )| Raw {
                anchor,
                offset,
                stays,
                birth_mode,
                birth_offset,
                policy,
                cap,
                switch_offset,
                supports,
                temporaries,
                reading,
            },
        )
}

fn money_ore(ore: i64) -> Money {
    Money::from_decimal(Decimal::new(ore, 2))
}

fn policy(raw: &Raw) -> PolicySpec {
    let spec = base_policy(raw);
    if raw.reading == 0 {
        return spec;
    }
    let consecutive = (
        "temporary_housing_months_reading".to_string(),
        OverrideValue::Text("consecutive".into()),
    );
    match spec {
        PolicySpec::Custom {
            preset,
            name,
            mut overrides,
        } => {
            overrides.insert(consecutive.0, consecutive.1);
            PolicySpec::Custom {
                preset,
                name,
                overrides,
            }
        }
        other => PolicySpec::Custom {
            preset: match other {
                PolicySpec::Preset(p) => Some(p),
                _ => None,
            },
            name: None,
            overrides: BTreeMap::from([consecutive]),
        },
    }
}

fn decided(start: NaiveDate, (mode, decided, days): Decision) -> (Option<bool>, Option<NaiveDate>) {
    let on = start + chrono::Duration::days(days);
    match mode {
        0 => (Some(decided), None),
        1 => (None, Some(on)),
        _ => (Some(decided), Some(on)),
    }
}

fn base_policy(raw: &Raw) -> PolicySpec {
    let custom = |preset: &str, pairs: Vec<(&str, OverrideValue)>| PolicySpec::Custom {
        preset: Some(preset.to_string()),
        name: None,
        overrides: pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>(),
    };
    let fixed = (
        "window_mode",
        OverrideValue::Text("fixed-anniversaries".into()),
    );
    let switch = date("2026-04-01") + chrono::Duration::days(raw.switch_offset);
    match raw.policy {
        0 => PolicySpec::preset("statutory"),
        1 => PolicySpec::preset("age-26"),
        2 => PolicySpec::preset("pre-reform"),
        3 => custom("statutory", vec![fixed]),
        4 => custom("age-26", vec![fixed]),
        5 => custom(
            "statutory",
            vec![("cap_nights", OverrideValue::Integer(i64::from(raw.cap)))],
        ),
        6 => custom(
            "statutory",
            vec![("cap_switch_date", OverrideValue::Text(switch.to_string()))],
        ),
        7 => custom(
            "age-26",
            vec![(
                "cap_switch_age",
                OverrideValue::Integer(i64::from(raw.cap % 60 + 1)),
            )],
        ),
        _ => custom(
            "statutory",
            vec![
                ("refund_rate", OverrideValue::Text("0.75".into())),
                ("support_refund_years", OverrideValue::Integer(1)),
                ("reform_date", OverrideValue::Text(switch.to_string())),
            ],
        ),
    }
}

/// A valid scenario from raw numbers (a spell whose two decision fields disagree keeps only
/// `decided_on`).
pub fn build(raw: &Raw) -> Scenario {
    use super::night_by_night::{all_discharges, decision};
    let mut s = build_with_conflicts(raw);
    let ds = all_discharges(&s);
    for h in &mut s.home_support {
        if decision(&ds, h.start, h.decided_before_discharge, h.decided_on).1 {
            h.decided_before_discharge = None;
        }
    }
    for t in &mut s.temporary_housing {
        if decision(&ds, t.start, t.decided_before_discharge, t.decided_on).1 {
            t.decided_before_discharge = None;
        }
    }
    s
}

/// A scenario from raw numbers, valid except that a spell's two decision fields may disagree.
pub fn build_with_conflicts(raw: &Raw) -> Scenario {
    let mut t = date(ANCHORS[raw.anchor]) + chrono::Duration::days(raw.offset);
    let mut stays = Vec::new();
    let mut gaps: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new(); // free intervals after each stay
    for (i, (gap, nights, rate, own)) in raw.stays.iter().enumerate() {
        if i > 0 {
            t += chrono::Duration::days(*gap);
        }
        let admitted = t;
        let discharged = t + chrono::Duration::days(*nights);
        let own = (*own).min(*rate);
        stays.push(ShelterStay {
            admitted,
            discharged,
            daily_rate: money_ore(*rate),
            own_payment_per_night: money_ore(own),
        });
        t = discharged;
    }
    for (k, s) in stays.iter().enumerate() {
        gaps.push((s.discharged, stays.get(k + 1).map(|n| n.admitted)));
    }
    let first = stays[0].admitted;
    let birth = match raw.birth_mode {
        // 26th birthday near the first stay
        0 => {
            first - chrono::Duration::days(26 * 365 + 6) + chrono::Duration::days(raw.birth_offset)
        }
        1 => date("2000-02-29"),
        2 => date("1996-02-29"),
        _ => first - chrono::Duration::days(40 * 365) + chrono::Duration::days(raw.birth_offset),
    };
    let birth = birth.min(first);

    let mut supports: Vec<HomeSupport> = Vec::new();
    let mut support_end = NaiveDate::MIN;
    for (k, offset, days, annual, decision) in &raw.supports {
        let anchor = stays[*k as usize % stays.len()].discharged;
        let start = (anchor + chrono::Duration::days(*offset))
            .max(support_end)
            .max(birth);
        let end = start + chrono::Duration::days(*days);
        support_end = end;
        let (decided_before_discharge, decided_on) = decided(start, *decision);
        supports.push(HomeSupport {
            method: SupportMethod::MAct,
            start,
            end,
            annual_cost: Money::from_kr(*annual),
            decided_before_discharge,
            decided_on,
        });
    }

    let mut temporaries: Vec<TemporaryStay> = Vec::new();
    // Each gap holds stays one after the other (split § 107 stays, for the cumulative reading).
    let mut next_free: Vec<NaiveDate> = gaps.iter().map(|g| g.0).collect();
    for (k, offset, nights, rate, decision) in &raw.temporaries {
        let g = *k as usize % gaps.len();
        let (_, free_to) = gaps[g];
        let start = next_free[g] + chrono::Duration::days(*offset);
        let mut end = start + chrono::Duration::days(*nights);
        if let Some(limit) = free_to {
            end = end.min(limit);
        }
        if end <= start {
            continue;
        }
        next_free[g] = end;
        let (decided_before_discharge, decided_on) = decided(start, *decision);
        temporaries.push(TemporaryStay {
            start,
            end,
            daily_rate: Money::from_kr(*rate % 3000),
            own_payment_per_night: Money::ZERO,
            decided_before_discharge,
            decided_on,
        });
    }

    Scenario {
        name: None,
        policy: policy(raw),
        citizen: Citizen { birth_date: birth },
        shelter_stays: stays,
        home_support: supports,
        temporary_housing: temporaries,
    }
}
