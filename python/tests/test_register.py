"""The columnar batch API equals per-scenario evaluation on a generated register."""

import datetime as dt
import random
import time
from decimal import Decimal

import pandas as pd

import refusion

PAYERS = ("gross", "citizen_payment", "state_refusion", "municipal_net")


def generate(citizens: int, seed: int = 2026) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for c in range(citizens):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))
        t = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randint(0, 900))
        rate = Decimal(rng.randint(60000, 180000)) / 100
        own = Decimal(rng.choice([0, 9671, 10000])) / 100
        for _ in range(rng.randint(1, 5)):
            nights = rng.choice([rng.randint(1, 30), rng.randint(30, 150), rng.randint(150, 420)])
            rows.append((f"c{c:05d}", birth, t, t + dt.timedelta(days=nights), rate, own))
            t = t + dt.timedelta(days=nights + rng.choice([0, rng.randint(1, 60), rng.randint(60, 500)]))
    return pd.DataFrame(rows, columns=list(refusion.api.REGISTER_COLUMNS))


def test_batch_equals_per_scenario_on_10000_stays(capsys):
    df = generate(4000)
    assert len(df) >= 10_000
    start = time.perf_counter()
    result = refusion.evaluate_register(df)
    batch_s = time.perf_counter() - start
    assert result.rows == len(df)
    assert len(result.citizens) == 4000

    start = time.perf_counter()
    by_id = {}
    for cid, group in df.groupby("citizen_id", sort=False):
        scenario = refusion.Scenario(
            citizen=refusion.Citizen(birth_date=group.birth_date.iloc[0]),
            shelter_stays=[
                refusion.ShelterStay(admitted=r.admitted, discharged=r.discharged, daily_rate=r.daily_rate,
                                     own_payment_per_night=r.own_payment_per_night)
                for r in group.itertuples()
            ],
        )
        by_id[cid] = refusion.evaluate(scenario)
    single_s = time.perf_counter() - start

    for row in result.citizens.itertuples():
        e = by_id[row.citizen_id]
        for k in PAYERS:
            assert getattr(row, k) == getattr(e.totals, k), (row.citizen_id, k)
        assert row.nights == e.nights.shelter_nights
        assert row.refunded_nights == e.nights.shelter_refunded_nights
    # Per-year totals over the register are the exact sums, rounded once.
    exact_gross = sum((r.daily_rate * (r.discharged - r.admitted).days for r in df.itertuples()), Decimal(0))
    assert sum(result.years.gross) == exact_gross
    assert result.totals.gross == exact_gross
    with capsys.disabled():
        print(f"\n  register: {len(df)} stays in {batch_s:.3f} s batch ({len(df) / batch_s:,.0f} stays/s); "
              f"per-scenario {single_s:.3f} s ({len(df) / single_s:,.0f} stays/s)")


def test_datetime64_and_integer_columns():
    df = pd.DataFrame({
        "citizen_id": [1, 1, 2],
        "birth_date": pd.to_datetime(["1988-04-20", "1988-04-20", "1979-11-11"]),
        "admitted": pd.to_datetime(["2026-06-01", "2027-08-01", "2024-02-01"]),
        "discharged": pd.to_datetime(["2027-01-01", "2027-09-01", "2024-09-01"]),
        "daily_rate": [1400, 1400, 1000],
        "own_payment_per_night": [100, 100, 0],
    })
    r = refusion.evaluate_register(df)
    # citizen 1: E2 (219,700) + 31 refunded nights in a new window (31 × 650 = 20,150)
    assert r.citizens.municipal_net.tolist() == [Decimal("239850.00"), Decimal("153000.00")]
    assert r.citizens.citizen_id.tolist() == ["1", "2"]
    assert r.citizen_years[r.citizen_years.citizen_id == "1"].year.tolist() == [2026, 2027]


def test_register_policies():
    df = generate(50, seed=1)
    a = refusion.evaluate_register(df, policy="pre-reform")
    b = refusion.evaluate_register(df, policy=refusion.Policy(preset="statutory", overrides={"cap_nights": 1000}))
    # With a cap above any window's nights, statutory refunds every night, like pre-reform.
    assert a.totals == b.totals
    assert a.policy == "pre-reform"
