"""Benchmark 2: the engine through the Python batch API against an honest pandas/numpy version.

`benches/pandas_statutory.py` writes the `statutory` rules the way a capable analyst would in
pandas/numpy. This script first checks that it gives exactly the engine's figures, then times
both on workload W. Target: the engine is >= 20x faster, while being exact.

    .venv/bin/python benches/pandas_compare.py [CITIZENS=100000] [SEED=1] [SAMPLE=3000]

Correctness (fails with a nonzero exit and the first differing citizens on any difference):

1. the worked example E5 of the domain notes, by hand;
2. the first SAMPLE citizens of W (all their stays and support rows): per citizen gross,
   citizen payment, state refusion, municipal net (to the øre), nights, refunded nights and
   support days, and the per-year totals, against `refusion.evaluate_register(...)`;
3. an edge register that W does not exercise (nights before the 2023 reform, same-day
   transfers, 29 February, support decided or not, starting before discharge, spanning
   several periods, amounts with six decimals), the same way.

Timing on the full W: the pandas version (best of 3 runs) against
`r = refusion.evaluate_register(stays, support=support); r.frame("citizens"); r.years`
(best of >= 3; money as Decimal) and the same with `r.frame("citizens", money="ore")`.
Prints one JSON object; `totals_agree` compares the full-W per-year totals (and their sums
over years) exactly, `citizens_agree` every citizen's figures.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

import refusion

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pandas_statutory  # noqa: E402

PAYERS = ["gross", "citizen_payment", "state_refusion", "municipal_net"]
COUNTS = ["nights", "refunded_nights", "support_days"]


def ore(values) -> np.ndarray:
    """Decimal kroner → exact int øre (refusing anything finer than the øre)."""
    out = []
    for d in values:
        o = Decimal(d) * 100
        if o != o.to_integral_value():
            raise ValueError(f"{d} is not a whole number of øre")
        out.append(int(o))
    return np.asarray(out, dtype=np.int64)


def engine_frames(stays: pd.DataFrame, support: pd.DataFrame):
    """The engine's per-citizen and per-year figures, money as int øre."""
    r = refusion.evaluate_register(stays, support=support)
    c = r.citizens
    citizens = pd.DataFrame({"citizen_id": c.citizen_id.to_numpy(),
                             **{f"{p}_ore": ore(c[p]) for p in PAYERS},
                             **{k: c[k].to_numpy() for k in COUNTS}})
    y = r.years
    years = pd.DataFrame({f"{p}_ore": ore(y[p]) for p in PAYERS}, index=y.index.astype(np.int64))
    return citizens, years


def differences(mine: pd.DataFrame, theirs: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows (by `key`) where any column differs, side by side; empty when identical."""
    cols = [c for c in theirs.columns if c != key]
    m = mine.merge(theirs, on=key, how="outer", suffixes=("_pandas", "_engine"), indicator=True)
    bad = m["_merge"] != "both"
    for c in cols:
        bad |= m[f"{c}_pandas"] != m[f"{c}_engine"]
    return m[bad]


def check(label: str, stays: pd.DataFrame, support: pd.DataFrame) -> bool:
    mine_c, mine_y = pandas_statutory.evaluate(stays, support)
    eng_c, eng_y = engine_frames(stays, support)
    ok = True
    dc = differences(mine_c[["citizen_id", *(f"{p}_ore" for p in PAYERS), *COUNTS]], eng_c, "citizen_id")
    if len(dc):
        ok = False
        print(f"FAIL {label}: {len(dc)} of {len(eng_c)} citizens differ; the first few:", file=sys.stderr)
        print(dc.head(5).T.to_string(), file=sys.stderr)
    dy = differences(mine_y.reset_index(), eng_y.reset_index(), "year")
    if len(dy):
        ok = False
        print(f"FAIL {label}: per-year totals differ:", file=sys.stderr)
        print(dy.T.to_string(), file=sys.stderr)
    if ok:
        print(f"ok {label}: {len(eng_c)} citizens, {len(stays)} stays, {len(support)} support rows, "
              f"{len(eng_y)} years identical", file=sys.stderr)
    return ok


def check_e5() -> bool:
    """Domain example E5: shelter 92 nights (90 refunded), then two years of M-ACT."""
    stays = pd.DataFrame({"citizen_id": ["e5"], "birth_date": pd.to_datetime(["1988-04-20"]),
                          "admitted": pd.to_datetime(["2026-10-01"]),
                          "discharged": pd.to_datetime(["2027-01-01"]),
                          "daily_rate": ["1400"], "own_payment_per_night": ["100"]})
    support = pd.DataFrame({"citizen_id": ["e5"], "method": ["m-act"], "start": ["2027-01-01"],
                            "end": ["2029-01-01"], "annual_cost": ["104000"],
                            "decided_before_discharge": [True]})
    c, _ = pandas_statutory.evaluate(stays, support)
    got = [int(c[f"{p}_ore"].iloc[0]) for p in PAYERS]
    want = [33708493, 920000, 16264247, 16524246]
    if got != want or int(c.refunded_nights.iloc[0]) != 90:
        print(f"FAIL E5: pandas gives {got}, the domain notes {want}", file=sys.stderr)
        return False
    print("ok E5 (domain notes)", file=sys.stderr)
    return True


def edge_register(citizens: int, seed: int):
    """Random registers around the rule boundaries (not a calibrated cohort)."""
    rng = np.random.default_rng(seed)
    day = lambda s: np.datetime64(s, "D").astype(np.int64)  # noqa: E731
    firsts = [day("2023-09-15"), day("2024-02-29"), day("2026-03-20"), day("2025-09-30")]
    rates = ["1400", "900", "1234.567891", "1700.5", "1000"]
    owns = ["0", "96.71", "100", "93.000001"]
    costs = ["104000", "78000", "121000.123456", "107446"]
    stay_rows, support_rows = [], []
    for i in range(citizens):
        cid = f"E{i:05d}"
        birth = day("1960-01-01") + int(rng.integers(0, 16000))
        if rng.random() < 0.3:
            t = firsts[int(rng.integers(len(firsts)))] - int(rng.integers(0, 3))
        else:
            t = day("2022-06-01") + int(rng.integers(0, 2400))
        rate = rates[int(rng.integers(len(rates)))]
        own = owns[int(rng.integers(len(owns)))]
        discharges = []
        for k in range(int(rng.integers(1, 9))):
            if k:
                t += 0 if rng.random() < 0.15 else int(rng.choice([1, 30, 200, 400, 800]) * rng.random()) + 1
            u = rng.random()
            n = 1 if u < 0.3 else int(rng.integers(2, 60)) if u < 0.75 else int(rng.integers(100, 500))
            stay_rows.append((cid, birth, t, t + n, rate, own))
            discharges.append(t + n)
            t += n
        s = discharges[int(rng.integers(len(discharges)))] - int(rng.integers(0, 200)) * int(rng.random() < 0.3)
        for _ in range(int(rng.integers(0, 4))):
            e = s + int(rng.integers(1, 1200))
            support_rows.append((cid, "m-act", s, e, costs[int(rng.integers(len(costs)))], bool(rng.random() < 0.75)))
            s = e + int(rng.integers(0, 300))
    dates = lambda v: pd.to_datetime(np.asarray(v, dtype="datetime64[D]"))  # noqa: E731
    st = pd.DataFrame(stay_rows, columns=["citizen_id", "birth_date", "admitted", "discharged",
                                          "daily_rate", "own_payment_per_night"])
    for col in ("birth_date", "admitted", "discharged"):
        st[col] = dates(st[col].to_numpy())
    su = pd.DataFrame(support_rows, columns=["citizen_id", "method", "start", "end", "annual_cost",
                                             "decided_before_discharge"])
    for col in ("start", "end"):
        su[col] = pd.Series(np.asarray(su[col].to_numpy(), dtype="datetime64[D]")).astype(str).to_numpy()
    return st, su


def best_of(fn, runs: int, min_seconds: float = 0.0) -> tuple[float, int]:
    best, n, start = float("inf"), 0, time.perf_counter()
    while n < runs or time.perf_counter() - start < min_seconds:
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
        n += 1
    return best, n


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> int:
    args = [int(a) for a in sys.argv[1:]]
    citizens, seed, sample = (args + [100_000, 1, 3000][len(args):])[:3]
    stays, support = refusion.cohort(citizens, seed=seed, workload_w=True)

    # 1. Correctness.
    ids = stays.citizen_id.unique()[:sample]
    ok = check_e5()
    ok &= check(f"W sample (first {len(ids)} citizens)", stays[stays.citizen_id.isin(ids)],
                support[support.citizen_id.isin(ids)])
    edge_stays, edge_support = edge_register(2000, seed)
    ok &= check("edge register", edge_stays, edge_support)
    if not ok:
        print("pandas and the engine disagree; not timing", file=sys.stderr)
        return 1

    # 2. Timing on the full W.
    peak_before = peak_mib()
    result = {}

    def run_pandas():
        result["pandas"] = pandas_statutory.evaluate(stays, support)

    pandas_s, pandas_runs = best_of(run_pandas, 3)
    peak_pandas = peak_mib()

    def run_engine(money: str):
        def go():
            r = refusion.evaluate_register(stays, support=support)
            result[money] = (r, r.frame("citizens", money=money), r.years)
        return go

    engine_s, engine_runs = best_of(run_engine("decimal"), 3, 2.0)
    engine_ore_s, engine_ore_runs = best_of(run_engine("ore"), 3, 2.0)

    # 3. The full-W figures agree? (outside the timings)
    p_cit, p_years = result["pandas"]
    r, e_cit_ore, e_years = result["ore"]
    e_years_ore = pd.DataFrame({f"{p}_ore": ore(e_years[p]) for p in PAYERS}, index=e_years.index.astype(np.int64))
    years_agree = p_years.equals(e_years_ore.reindex(columns=p_years.columns))
    sums_pandas = {p: int(p_years[f"{p}_ore"].sum()) for p in PAYERS}
    sums_engine = {p: int(e_years_ore[f"{p}_ore"].sum()) for p in PAYERS}
    cols = ["citizen_id", *(f"{p}_ore" for p in PAYERS), *COUNTS]
    citizens_agree = len(differences(p_cit[cols], e_cit_ore[cols], "citizen_id")) == 0
    # The Decimal frame of the timed engine run gives the same figures as the øre frame.
    e_cit_dec = result["decimal"][1]
    decimal_frame_agrees = all((ore(e_cit_dec[p]) == e_cit_ore[f"{p}_ore"].to_numpy()).all() for p in PAYERS)

    nights = int((stays.discharged - stays.admitted).dt.days.sum())
    report = {
        "benchmark": "pandas/numpy statutory vs engine via Python batch API (workload W)",
        "citizens": citizens,
        "seed": seed,
        "stays": len(stays),
        "support_rows": len(support),
        "nights": nights,
        "sample_citizens_checked": len(ids),
        "edge_citizens_checked": int(edge_stays.citizen_id.nunique()),
        "pandas_seconds": round(pandas_s, 4),
        "pandas_runs": pandas_runs,
        "engine_seconds": round(engine_s, 4),
        "engine_runs": engine_runs,
        "engine_ore_seconds": round(engine_ore_s, 4),
        "engine_ore_runs": engine_ore_runs,
        "ratio": round(pandas_s / engine_s, 2),
        "ratio_ore": round(pandas_s / engine_ore_s, 2),
        "target": ">= 20",
        "meets_target": pandas_s / engine_s >= 20,
        "meets_target_ore": pandas_s / engine_ore_s >= 20,
        "totals_agree": years_agree and sums_pandas == sums_engine,
        "totals_ore": sums_engine,
        "citizens_agree": citizens_agree and decimal_frame_agrees,
        "peak_rss_mib_before_pandas": round(peak_before),
        "peak_rss_mib_after_pandas": round(peak_pandas),
    }
    print(json.dumps(report, indent=2))
    return 0 if report["totals_agree"] and report["citizens_agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
