//! Times `Engine::evaluate_register` on a register file (a JSON list of stay rows), the same
//! work `benches/register_python.py` times through the Python batch API.
//!
//! Usage: `cargo run --release -p refusion-benches --bin register_native -- FILE.json`

use std::process::ExitCode;
use std::time::Duration;

use refusion_core::{Engine, PolicySpec, StayRow};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: register_native FILE.json");
        return ExitCode::from(2);
    };
    let rows: Vec<StayRow> = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|t| refusion_core::scenario::from_json_str(&t).map_err(|e| e.to_string()))
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(1);
        }
    };
    let run = || -> Result<(), refusion_core::Error> {
        let engine = Engine::new()?;
        let policy = engine.resolve(&PolicySpec::Statutory)?;
        let (best, result) = refusion_benches::best_of(Duration::from_secs(3), || {
            engine.evaluate_register(&policy, &rows, &[])
        });
        let result = result?;
        let secs = best.as_secs_f64();
        println!(
            "{{\"stays\": {}, \"citizens\": {}, \"seconds\": {secs:.6}, \"stays_per_second\": {:.0}, \"municipal_net\": \"{}\"}}",
            rows.len(),
            result.citizens.len(),
            rows.len() as f64 / secs,
            result.totals.municipal_net
        );
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
