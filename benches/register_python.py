"""Batch throughput: the same stay register through Python (refusion.evaluate_register) and
natively in Rust (Engine::evaluate_register), with identical totals checked.

Run from the repository root after installing the package (see README):
    .venv/bin/python benches/register_python.py [CITIZENS]
"""

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python" / "tests"))

import refusion  # noqa: E402
from test_register import generate  # noqa: E402  (the test suite's seeded generator)


def main() -> None:
    citizens = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000
    df = generate(citizens)
    out = ROOT / "target" / "bench-data"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"register_{citizens}.json"
    rows = [
        {"citizen_id": r.citizen_id, "birth_date": r.birth_date.isoformat(), "admitted": r.admitted.isoformat(),
         "discharged": r.discharged.isoformat(), "daily_rate": str(r.daily_rate),
         "own_payment_per_night": str(r.own_payment_per_night)}
        for r in df.itertuples()
    ]
    path.write_text(json.dumps(rows))

    best = float("inf")
    start = time.perf_counter()
    while True:
        t = time.perf_counter()
        result = refusion.evaluate_register(df)
        best = min(best, time.perf_counter() - t)
        if time.perf_counter() - start > 3:
            break
    native = json.loads(subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "refusion-benches", "--bin", "register_native", "--", str(path)],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    assert native["municipal_net"] == str(result.totals.municipal_net), "totals differ"
    py_rate = len(df) / best
    print(json.dumps({
        "stays": len(df), "citizens": citizens,
        "python_batch_stays_per_second": round(py_rate),
        "rust_native_stays_per_second": native["stays_per_second"],
        "python_share_of_native": round(py_rate / native["stays_per_second"], 3),
        "municipal_net": native["municipal_net"],
    }, indent=2))


if __name__ == "__main__":
    main()
