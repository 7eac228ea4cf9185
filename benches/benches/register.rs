//! The register paths on workload W: Rust rows (one core and every core), the columnar core
//! on arrays (day numbers, decimal units, citizen numbers: what the Arrow path of the Python
//! binding hands it), and the streaming CSV reader that `refusion register` uses.
//!
//! `cargo bench -p refusion-benches --bench register`

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::population::register::csv::evaluate_csv;
use refusion_core::population::register::{Amounts, Groups, OtherSpells, StayArrays};
use refusion_core::{Engine, PolicySpec};

fn register(c: &mut Criterion) {
    let n = refusion_benches::env_u32("W_CITIZENS", 100_000);
    let engine = Engine::new().expect("engine");
    let cohort = generate(&CohortSpec::workload_w(1, n), engine.catalog()).expect("W");
    let (rows, support) = cohort.rows();
    let policy = engine.resolve(&PolicySpec::Statutory).expect("policy");
    let mut csv = String::from(
        "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\n",
    );
    for r in &rows {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.citizen_id,
            r.birth_date,
            r.admitted,
            r.discharged,
            r.daily_rate,
            r.own_payment_per_night
        ));
    }
    let mut g = c.benchmark_group(format!("register_W_{n}"));
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(rows.len() as u64));
    for parallel in [false, true] {
        let name = if parallel {
            "rows_every_core"
        } else {
            "rows_one_core"
        };
        g.bench_function(name, |b| {
            b.iter(|| refusion_benches::evaluate_rows(&engine, &policy, &rows, &support, parallel))
        });
    }
    // The columns an Arrow table holds: date32 day numbers and decimal128 units at scale 6.
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let day = |d: chrono::NaiveDate| i32::try_from((d - epoch).num_days()).expect("day");
    let units = |m: refusion_core::Money| {
        let mut d = m.as_decimal();
        d.rescale(6);
        d.mantissa()
    };
    let birth: Vec<i32> = rows.iter().map(|r| day(r.birth_date)).collect();
    let admitted: Vec<i32> = rows.iter().map(|r| day(r.admitted)).collect();
    let discharged: Vec<i32> = rows.iter().map(|r| day(r.discharged)).collect();
    let rate: Vec<i128> = rows.iter().map(|r| units(r.daily_rate)).collect();
    let own: Vec<i128> = rows
        .iter()
        .map(|r| units(r.own_payment_per_night))
        .collect();
    let arrays = StayArrays {
        birth_date: &birth,
        admitted: &admitted,
        discharged: &discharged,
        daily_rate: Amounts::Decimal {
            units: &rate,
            scale: 6,
        },
        own_payment_per_night: Amounts::Decimal {
            units: &own,
            scale: 6,
        },
    };
    for parallel in [false, true] {
        let name = if parallel {
            "arrays_every_core"
        } else {
            "arrays_one_core"
        };
        g.bench_function(name, |b| {
            b.iter(|| {
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
                let spells: Vec<_> = support.iter().map(|s| s.spell()).collect();
                let others = OtherSpells {
                    support_group: &support_group,
                    support: &spells,
                    ..OtherSpells::default()
                };
                engine
                    .evaluate_arrays(
                        &policy,
                        &groups,
                        &arrays,
                        &others,
                        &|g| g.to_string(),
                        parallel,
                    )
                    .expect("arrays")
            })
        });
    }
    g.bench_function("csv_stream", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            evaluate_csv(
                &engine,
                &policy,
                std::io::Cursor::new(csv.clone().into_bytes()),
                &support,
                Some(&mut out),
            )
            .expect("csv")
        })
    });
    g.finish();
}

criterion_group!(benches, register);
criterion_main!(benches);
