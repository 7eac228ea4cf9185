//! The register paths on workload W: Rust rows (one core and every core), the columnar core
//! on arrays (day numbers, decimal units, citizen numbers: what the Arrow path of the Python
//! binding hands it), and the streaming CSV reader that `refusion register` uses.
//!
//! `cargo bench -p refusion-benches --bench register`

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::population::register::csv::evaluate_csv;
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
    let arrays = refusion_benches::Arrays::of(&rows);
    for parallel in [false, true] {
        let name = if parallel {
            "arrays_every_core"
        } else {
            "arrays_one_core"
        };
        g.bench_function(name, |b| {
            b.iter(|| arrays.evaluate(&engine, &policy, &rows, &support, parallel))
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
