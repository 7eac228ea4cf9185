"""The numpy peer (`benches/numpy_peer.py`) against `refusion.evaluate_register`, checked, then
timed side by side (issue 17).

    .venv/bin/python benches/numpy_compare.py [ROUNDS=7] [CITIZENS=100000] [SEED=1]

1. Checks before timing (exits 1 with the differing rows on any difference):
   * hand cases: worked example E2 (one stay 2026-06-01 → 2027-01-01 at 1400 kr., own payment
     100), a stay across 2026-04-01, a stay across the reform date, a stay that outlives its
     window, a window opened on 29 February, and the `evaluate_register` docstring register;
   * the stays of `pandas_compare.edge_register` (nights before the reform, same-day transfers,
     29 February, six-decimal amounts; its support rows dropped);
   * workload W (support dropped), with `str` and with `category` columns: every citizen (the
     four payers in øre, nights, refunded nights), every citizen-year and every year.
2. Times, in ROUNDS interleaved rounds (each round runs every candidate once, in a shuffled
   order), from the DataFrame to the result frames (CSV reading not timed):
   * peer per-citizen: `numpy_peer.per_citizen(stays)`;
   * peer year-split: `numpy_peer.year_split(stays)` (citizens, citizen_years, years);
   * engine, citizens only: `refusion.evaluate_register(stays).frame("citizens", money="ore")`
     (like for like with the per-citizen peer);
   * engine, øre: `r = refusion.evaluate_register(stays)` and `r.frame(level, money="ore")`
     for the same three levels as the year-split peer;
   * engine, `Decimal` objects: the same with `money="decimal"` frames;
   * engine, default: the same with the default frames (Arrow-backed decimals, `pd.ArrowDtype`);
   each on `category` and on `str` columns;
   * engine from Arrow (issue 17): the register as a pyarrow Table (dictionary ids, `date32`
     dates, `decimal128(18, 6)` money) and as a polars DataFrame (categorical ids, `Date`,
     `Decimal`), read by the core where it lies; output per citizen as int64 øre
     (`r.to_arrow("citizens", money="ore")`) or as exact `decimal128(38, 2)`
     (`r.to_arrow("citizens")`, `r.to_polars("citizens")`), and the year split as
     `decimal128` tables for the three levels (before timing, the Arrow results are checked
     to equal the pandas ones to the øre). Prints the median and best of each and ratios
   (of medians) against the peer's faster input for each peer variant.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

import refusion

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy_peer  # noqa: E402
from pandas_compare import edge_register  # noqa: E402

PAYERS_ORE = ["gross_ore", "citizen_payment_ore", "state_refusion_ore", "municipal_net_ore"]
MONEY = ["citizen_id", "daily_rate", "own_payment_per_night"]


def as_category(stays: pd.DataFrame) -> pd.DataFrame:
    return stays.astype({c: "category" for c in MONEY})


def engine(stays: pd.DataFrame, money: "str | None" = "ore"):
    r = refusion.evaluate_register(stays)
    return tuple(r.frame(level, money=money) for level in ("citizens", "citizen_years", "years"))


def differ(label: str, mine: pd.DataFrame, theirs: pd.DataFrame, keys: list[str], cols: list[str]) -> bool:
    """Prints the rows that differ (or exist on one side only); True when identical."""
    m = mine[keys + cols].merge(theirs[keys + cols], on=keys, how="outer",
                                suffixes=("_peer", "_engine"), indicator=True)
    bad = (m["_merge"] != "both").to_numpy().copy()
    for c in cols:
        bad |= (m[f"{c}_peer"] != m[f"{c}_engine"]).to_numpy()
    if bad.any():
        print(f"FAIL {label}: {int(bad.sum())} of {len(m)} rows differ; the first few:", file=sys.stderr)
        print(m[bad].head(5).T.to_string(), file=sys.stderr)
        return False
    return True


def check(label: str, stays: pd.DataFrame) -> bool:
    pc = numpy_peer.per_citizen(stays)
    yc, ycy, yy = numpy_peer.year_split(stays)
    ec, ecy, ey = engine(stays)
    count = ["nights", "refunded_nights"]
    ok = differ(f"{label}, per citizen", pc, ec, ["citizen_id"], PAYERS_ORE + count)
    ok &= differ(f"{label}, year split: per citizen", yc, ec, ["citizen_id"], PAYERS_ORE + count)
    ok &= differ(f"{label}, year split: per citizen-year", ycy, ecy, ["citizen_id", "year"], PAYERS_ORE)
    ok &= differ(f"{label}, year split: per year", yy.reset_index(), ey.reset_index(), ["year"], PAYERS_ORE)
    if ok:
        print(f"ok {label}: {len(ec)} citizens, {len(ecy)} citizen-years, {len(ey)} years identical "
              f"to the øre", file=sys.stderr)
    return ok


def frame(rows) -> pd.DataFrame:
    st = pd.DataFrame(rows, columns=["citizen_id", "admitted", "discharged", "daily_rate", "own_payment_per_night"])
    st.insert(1, "birth_date", pd.to_datetime("1988-04-20"))
    for c in ("admitted", "discharged"):
        st[c] = pd.to_datetime(st[c], format="%Y-%m-%d")
    return st


def check_hand() -> bool:
    # E2: 214 nights at 1300 base; 90 refunded (all after 2026-04-01): 90 × 650 = 58,500.00.
    e2 = numpy_peer.per_citizen(frame([("E2", "2026-06-01", "2027-01-01", "1400", "100")]))
    got = [int(e2[c].iloc[0]) for c in PAYERS_ORE] + [int(e2.refunded_nights.iloc[0])]
    want = [29_960_000, 2_140_000, 5_850_000, 21_970_000, 90]
    if got != want:
        print(f"FAIL E2: the peer gives {got}, the worked example {want}", file=sys.stderr)
        return False
    print("ok E2 (worked example): 299,600.00 / 21,400.00 / 58,500.00 / 219,700.00", file=sys.stderr)
    cases = frame([
        # across 2026-04-01: 100 nights before (cap 120), then refused once 90 are reached
        ("switch", "2025-12-22", "2026-06-01", "1000", "0"),
        # across the reform date: 30 nights uncapped, then a window of 120
        ("reform", "2023-09-01", "2024-03-01", "1000", "100"),
        # outlives its window: two windows mid-stay, the second after the switch
        ("long", "2025-05-10", "2026-09-01", "1200.5", "96.71"),
        # a window opened on 29 February ends on 1 March
        ("feb29", "2024-02-29", "2024-03-10", "900", "0"),
        ("feb29", "2025-02-28", "2025-03-03", "900", "0"),
        # the evaluate_register docstring register
        ("a", "2026-06-01", "2027-01-01", "1400", "100"),
        ("b", "2024-02-01", "2024-09-01", "1000", "0"),
        ("a", "2027-08-01", "2027-09-01", "1400", "100"),
    ])
    return check("hand cases", cases) and check("hand cases, category", as_category(cases))


def as_arrow(stays: pd.DataFrame) -> pa.Table:
    """W as an analyst holds it in Arrow: dictionary ids, date32 dates, decimal128 money."""
    money = pa.decimal128(18, 6)
    return pa.table({
        "citizen_id": pa.array(stays.citizen_id.astype("category")),
        **{c: pa.array(stays[c].to_numpy().astype("datetime64[D]")) for c in ("birth_date", "admitted", "discharged")},
        **{c: pa.array(stays[c].to_numpy(dtype=str)).cast(money) for c in ("daily_rate", "own_payment_per_night")},
    })


def arrow_levels(r) -> tuple:
    return tuple(r.to_arrow(level) for level in ("citizens", "citizen_years", "years"))


def check_arrow(label: str, stays: pd.DataFrame, tables: dict) -> bool:
    """The Arrow inputs give the pandas input's results, to the øre, at every level."""
    want = engine(stays)
    ok = True
    for kind, table in tables.items():
        r = refusion.evaluate_register(table)
        got = tuple(r.frame(level, money="ore") for level in ("citizens", "citizen_years", "years"))
        for level, keys, g, w in zip(("citizens", "citizen_years", "years"), (["citizen_id"], ["citizen_id", "year"], ["year"]), got, want):
            g, w = g.reset_index() if level == "years" else g, w.reset_index() if level == "years" else w
            g = g.assign(citizen_id=g.citizen_id.astype(str)) if "citizen_id" in g else g
            w = w.assign(citizen_id=w.citizen_id.astype(str)) if "citizen_id" in w else w
            ok &= differ(f"{label}, {kind}, {level}", w, g, keys, PAYERS_ORE)
        decimals = r.to_arrow("citizens").column("municipal_net").to_numpy(zero_copy_only=False)
        ok &= [int(d * 100) for d in decimals[:1000]] == list(want[0].municipal_net_ore[:1000])
    if ok:
        print(f"ok {label}: {', '.join(tables)} give the pandas results to the øre", file=sys.stderr)
    return ok


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    args = [int(a) for a in sys.argv[1:]]
    rounds, citizens, seed = (args + [7, 100_000, 1][len(args):])[:3]
    text, _support = refusion.cohort(citizens, seed=seed, workload_w=True)  # support dropped
    inputs = {"category": as_category(text), "str": text}

    ok = check_hand()
    edge, _ = edge_register(2000, seed)
    ok &= check("edge register (stays only)", edge)
    for kind, stays in inputs.items():
        ok &= check(f"W ({citizens} citizens, {len(stays)} stays), {kind} columns", stays)
    arrow = as_arrow(text)
    tables = {"pyarrow": arrow, "polars": pl.from_arrow(arrow)}
    ok &= check_arrow(f"W ({citizens} citizens)", text, tables)
    if not ok:
        print("the numpy peer and the engine disagree; not timing", file=sys.stderr)
        return 1

    candidates = {}
    for kind, stays in inputs.items():
        candidates[("peer per-citizen", kind)] = lambda s=stays: numpy_peer.per_citizen(s)
        candidates[("peer year-split", kind)] = lambda s=stays: numpy_peer.year_split(s)
        candidates[("evaluate_register, citizens frame only (øre)", kind)] = \
            lambda s=stays: refusion.evaluate_register(s).frame("citizens", money="ore")
        candidates[("evaluate_register, øre frames", kind)] = lambda s=stays: engine(s, "ore")
        candidates[("evaluate_register, Decimal-object frames", kind)] = lambda s=stays: engine(s, "decimal")
        candidates[("evaluate_register, default frames (pd.ArrowDtype decimals)", kind)] = \
            lambda s=stays: engine(s, None)
    for kind, table in tables.items():
        candidates[("evaluate_register, citizens only (øre)", kind)] = \
            lambda s=table: refusion.evaluate_register(s).to_arrow("citizens", money="ore")
        candidates[("evaluate_register, citizens only (decimal128)", kind)] = \
            lambda s=table: refusion.evaluate_register(s).to_arrow("citizens")
        candidates[("evaluate_register, year split (decimal128)", kind)] = \
            lambda s=table: arrow_levels(refusion.evaluate_register(s))
    candidates[("evaluate_register, citizens only (polars frame)", "polars")] = \
        lambda s=tables["polars"]: refusion.evaluate_register(s).to_polars("citizens")
    for fn in candidates.values():  # warm up (imports, caches)
        fn()
    times = {k: [] for k in candidates}
    order = list(candidates)
    rng = random.Random(seed)
    for _ in range(rounds):
        rng.shuffle(order)
        for k in order:
            times[k].append(timed(candidates[k]))

    med = {k: statistics.median(v) for k, v in times.items()}
    best = {k: min(v) for k, v in times.items()}
    base = {}
    for variant in ("peer per-citizen", "peer year-split"):
        kind = min(inputs, key=lambda i: med[(variant, i)])
        base[variant] = ((variant, kind), f"× {variant} ({kind})")
    print(f"\nW: {citizens} citizens, {len(text)} stays, support dropped; {rounds} interleaved rounds; "
          f"times in seconds; ratios are of medians")
    head = f"| Candidate | Columns | Median | Best | Ratio vs {base['peer per-citizen'][1][2:]} | " \
           f"Ratio vs {base['peer year-split'][1][2:]} |"
    print(head)
    print("|---|---|---|---|---|---|")
    for (name, kind) in candidates:
        cells = [f"{med[(name, kind)] / med[b]:.2f}{label}" for b, label in base.values()]
        print(f"| {name} | {kind} | {med[(name, kind)]:.4f} | {best[(name, kind)]:.4f} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
