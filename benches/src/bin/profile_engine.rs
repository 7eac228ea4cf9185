//! Runs only the engine on workload W, for profiling (`perf record`, callgrind), and prints the
//! best time of the runs: `cargo run --release -p refusion-benches --bin profile_engine -- [CITIZENS] [RUNS] [floor]`
//! (`floor` times the floor kernel of `refusion_benches::floor` instead; `arrays` the columnar
//! core on day numbers and decimal units, one thread, grouping included).
use std::time::Instant;

use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::{Engine, PolicySpec};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);
    let mode = args.next().unwrap_or_default();
    let floor = mode == "floor";
    let engine = Engine::new().unwrap_or_else(|e| panic!("{e}"));
    let cohort =
        generate(&CohortSpec::workload_w(1, n), engine.catalog()).unwrap_or_else(|e| panic!("{e}"));
    let policy = engine
        .resolve(&PolicySpec::Statutory)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut best = f64::MAX;
    let mut net = String::new();
    if floor {
        let kernel = refusion_benches::floor::Floor::new(&policy.parameters);
        for _ in 0..runs {
            let t = Instant::now();
            let r = kernel.run(&cohort);
            best = best.min(t.elapsed().as_secs_f64());
            net = format!("{:?} øre", r.total.ore()[3]);
            std::hint::black_box(r);
        }
        println!(
            "floor: best {:.2} ms over {runs} runs; municipal net {net}",
            best * 1e3
        );
        return;
    }
    if mode == "arrays" {
        let (rows, support) = cohort.rows();
        let arrays = refusion_benches::Arrays::of(&rows);
        for _ in 0..runs {
            let t = Instant::now();
            let r = arrays.evaluate(&engine, &policy, &rows, &support, false);
            best = best.min(t.elapsed().as_secs_f64());
            net = r.totals.municipal_net.to_string();
            std::hint::black_box(r);
        }
        println!(
            "arrays: best {:.2} ms over {runs} runs; municipal net {net}",
            best * 1e3
        );
        return;
    }
    for _ in 0..runs {
        let t = Instant::now();
        let r = engine
            .evaluate_cohort(&policy, &cohort)
            .unwrap_or_else(|e| panic!("{e}"));
        best = best.min(t.elapsed().as_secs_f64());
        net = r.totals.municipal_net.to_string();
        std::hint::black_box(r);
    }
    println!(
        "best {:.2} ms over {runs} runs; municipal net {net}",
        best * 1e3
    );
}
