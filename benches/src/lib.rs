//! Shared helpers for the refusion benchmarks and comparison harnesses.

pub mod floor;

use std::time::{Duration, Instant};

/// Runs `f` repeatedly for at least `budget` (and at least 3 times); returns the best time.
pub fn best_of<T>(budget: Duration, mut f: impl FnMut() -> T) -> (Duration, T) {
    let start = Instant::now();
    let mut runs = 0u32;
    let mut best = Duration::MAX;
    let mut last;
    loop {
        let t = Instant::now();
        last = f();
        best = best.min(t.elapsed());
        runs += 1;
        if runs >= 3 && start.elapsed() >= budget {
            return (best, last);
        }
    }
}

/// A whole number from the environment variable `name`, or `default`.
pub fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A register of rows as the columns [`refusion_core::Engine::evaluate_register_by_id`] takes
/// (what a Rust service holding rows does), evaluated on one core or on every core.
pub fn evaluate_rows(
    engine: &refusion_core::Engine,
    policy: &refusion_core::Policy,
    rows: &[refusion_core::StayRow],
    support: &[refusion_core::SupportRow],
    parallel: bool,
) -> refusion_core::population::register::ColumnsResult {
    let ids: Vec<&str> = rows.iter().map(|r| r.citizen_id.as_str()).collect();
    let birth: Vec<_> = rows.iter().map(|r| r.birth_date).collect();
    let stays: Vec<_> = rows.iter().map(refusion_core::StayRow::stay).collect();
    let columns = refusion_core::population::register::StayColumns {
        citizen_id: &ids,
        birth_date: &birth,
        stays: &stays,
    };
    let support_ids: Vec<&str> = support.iter().map(|s| s.citizen_id.as_str()).collect();
    let spells: Vec<_> = support
        .iter()
        .map(refusion_core::SupportRow::spell)
        .collect();
    engine
        .evaluate_register_by_id(policy, &columns, (&support_ids, &spells), parallel)
        .expect("register")
        .0
}

/// A register's stay rows as the arrays an Arrow table holds: date32 day numbers and
/// decimal128 units at scale 6 (see [`Arrays::evaluate`]).
pub struct Arrays {
    birth: Vec<i32>,
    admitted: Vec<i32>,
    discharged: Vec<i32>,
    rate: Vec<i128>,
    own: Vec<i128>,
}

impl Arrays {
    /// The arrays of `rows`.
    pub fn of(rows: &[refusion_core::StayRow]) -> Arrays {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
        let day = |d: chrono::NaiveDate| i32::try_from((d - epoch).num_days()).expect("day");
        let units = |m: refusion_core::Money| {
            let mut d = m.as_decimal();
            d.rescale(6);
            d.mantissa()
        };
        Arrays {
            birth: rows.iter().map(|r| day(r.birth_date)).collect(),
            admitted: rows.iter().map(|r| day(r.admitted)).collect(),
            discharged: rows.iter().map(|r| day(r.discharged)).collect(),
            rate: rows.iter().map(|r| units(r.daily_rate)).collect(),
            own: rows
                .iter()
                .map(|r| units(r.own_payment_per_night))
                .collect(),
        }
    }

    /// The register through the columnar core (`Engine::evaluate_arrays`), grouping included,
    /// as the Python binding's Arrow path runs it.
    pub fn evaluate(
        &self,
        engine: &refusion_core::Engine,
        policy: &refusion_core::Policy,
        rows: &[refusion_core::StayRow],
        support: &[refusion_core::SupportRow],
        parallel: bool,
    ) -> refusion_core::population::register::ColumnsResult {
        use refusion_core::population::register::{Amounts, Groups, OtherSpells, StayArrays};
        let arrays = StayArrays {
            birth_date: &self.birth,
            admitted: &self.admitted,
            discharged: &self.discharged,
            daily_rate: Amounts::Decimal {
                units: &self.rate,
                scale: 6,
            },
            own_payment_per_night: Amounts::Decimal {
                units: &self.own,
                scale: 6,
            },
        };
        let groups = Groups::from_text(rows.iter().map(|r| r.citizen_id.as_str()));
        let labels: Vec<&str> = groups
            .first_row
            .iter()
            .map(|&i| rows.get(i).map_or("", |r| r.citizen_id.as_str()))
            .collect();
        let support_group = groups
            .support_groups(
                |g| labels.get(g).copied().unwrap_or(""),
                support.iter().map(|s| s.citizen_id.as_str()),
            )
            .expect("support");
        let spells: Vec<_> = support
            .iter()
            .map(refusion_core::SupportRow::spell)
            .collect();
        let others = OtherSpells {
            support_group: &support_group,
            support: &spells,
            ..OtherSpells::default()
        };
        engine
            .evaluate_arrays(
                policy,
                &groups,
                &arrays,
                &others,
                &|g| g.to_string(),
                parallel,
            )
            .expect("arrays")
    }
}
