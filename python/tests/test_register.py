"""The columnar batch API equals per-scenario evaluation on a generated register."""

import datetime as dt
import random
import time
from decimal import Decimal

import pandas as pd
import pytest

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
    assert r.citizens.citizen_id.tolist() == [1, 2]  # ids keep their type
    assert r.citizen_years[r.citizen_years.citizen_id == 1].year.tolist() == [2026, 2027]


def test_register_policies():
    df = generate(50, seed=1)
    a = refusion.evaluate_register(df, policy="pre-reform")
    b = refusion.evaluate_register(df, policy=refusion.Policy(preset="statutory", overrides={"cap_nights": 1000}))
    # With a cap above any window's nights, statutory refunds every night, like pre-reform.
    assert a.totals == b.totals
    assert a.policy == "pre-reform"


def _e5_register():
    """E5 (domain.md §5) as a register, plus citizen "b" with E1's stay and no support."""
    stays = pd.DataFrame({
        "citizen_id": ["e5", "b"],
        "birth_date": [dt.date(1988, 4, 20), dt.date(1979, 11, 11)],
        "admitted": [dt.date(2026, 10, 1), dt.date(2026, 6, 1)],
        "discharged": [dt.date(2027, 1, 1), dt.date(2026, 6, 11)],
        "daily_rate": [Decimal("1400"), Decimal("1400")],
        "own_payment_per_night": [Decimal("100"), Decimal("100")],
    })
    support = pd.DataFrame({
        "citizen_id": ["e5"],
        "method": ["m-act"],
        "start": [dt.date(2027, 1, 1)],
        "end": [dt.date(2029, 1, 1)],
        "annual_cost": ["104000"],
        "decided_before_discharge": [True],
    })
    return stays, support


def test_register_with_support_gives_e5():
    stays, support = _e5_register()
    r = refusion.evaluate_register(stays, support=support)
    c = r.citizens.set_index("citizen_id")
    # E5, worked by hand in domain.md §5: 337084.93 / 9200.00 / 162642.47 / 165242.46.
    assert [c.loc["e5", k] for k in PAYERS] == [Decimal("337084.93"), Decimal("9200.00"),
                                                 Decimal("162642.47"), Decimal("165242.46")]
    assert (c.loc["e5", "nights"], c.loc["e5", "refunded_nights"], c.loc["e5", "support_days"]) == (92, 90, 731)
    # b: 10 nights at 1400 (14000), own payment 1000, all refunded: 0.5 × 1300 × 10 = 6500.
    assert [c.loc["b", k] for k in PAYERS] == [Decimal("14000.00"), Decimal("1000.00"),
                                                Decimal("6500.00"), Decimal("6500.00")]
    # Support 2027: 104000 × 365/365 = 104000, half refunded; 2028: 104000 × 366/365.
    years = r.years
    assert years.loc[2027, "gross"] == Decimal("104000.00")
    assert years.loc[2027, "state_refusion"] == Decimal("52000.00")
    assert years.loc[2028, "gross"] == Decimal("104284.93")  # 104000 × 366 / 365 = 104284.9315…
    assert r.totals.gross == Decimal("337084.93") + Decimal("14000.00")


def test_register_support_errors():
    stays, support = _e5_register()
    bad = support.assign(citizen_id=["nobody"])
    with pytest.raises(refusion.InconsistentRegisterError) as e:
        refusion.evaluate_register(stays, support=bad)
    assert e.value.field == "support[0].citizen_id" and "no stay row" in str(e.value)
    with pytest.raises(refusion.FloatMoneyError):
        refusion.evaluate_register(stays, support=support.assign(annual_cost=[104000.0]))
    with pytest.raises(refusion.WrongTypeError) as e:
        refusion.evaluate_register(stays, support=support.assign(decided_before_discharge=["yes"]))
    assert e.value.field == "support[0].decided_before_discharge"
    with pytest.raises(refusion.InvalidParameterError) as e:
        refusion.evaluate_register(stays, support=support.assign(method=["hotel"]))
    assert e.value.field == "support[0].method"
    with pytest.raises(refusion.MissingFieldError):
        refusion.evaluate_register(stays, support=support.drop(columns=["end"]))


@pytest.mark.parametrize(
    "change, exc, field",
    [
        # A float hashes like the int it equals: a mixed column is checked row by row.
        (dict(daily_rate=pd.Series([1400, 1400.0], dtype=object)), refusion.FloatMoneyError, "rows[1].daily_rate"),
        (dict(daily_rate=[1400, 1400.0]), refusion.FloatMoneyError, "daily_rate"),
        (dict(daily_rate=[Decimal("NaN"), Decimal("1400")]), refusion.InvalidAmountError, "rows[0].daily_rate"),
        (dict(daily_rate=[None, "1400"]), refusion.InvalidAmountError, "rows[0].daily_rate"),
        (dict(citizen_id=[None, "b"]), refusion.MissingFieldError, "rows[0].citizen_id"),
        (dict(admitted=[None, dt.date(2026, 6, 1)]), refusion.InvalidDateError, "rows[0].admitted"),
        (dict(admitted=pd.to_datetime(["2026-10-01 12:00", "2026-06-01 00:00"])), refusion.WrongTypeError, "rows[0].admitted"),
        (dict(admitted=[dt.datetime(2026, 10, 1, 12), dt.date(2026, 6, 1)]), refusion.WrongTypeError, "rows[0].admitted"),
        (dict(admitted=[dt.date(1850, 1, 1), dt.date(2026, 6, 1)]), refusion.InvalidDateError, "rows[0].admitted"),
        (dict(extra=[1, 2]), refusion.UnknownFieldError, "extra"),
    ],
)
def test_register_hostile_columns(change, exc, field):
    stays, _ = _e5_register()
    frame = stays.assign(**change)
    with pytest.raises(exc) as e:
        refusion.evaluate_register(frame)
    assert e.value.field == field, str(e.value)


def test_register_empty_and_text_columns():
    stays, _ = _e5_register()
    empty = refusion.evaluate_register(stays.iloc[0:0])
    assert empty.rows == 0 and len(empty.citizens) == 0 and empty.totals.gross == Decimal("0.00")
    as_text = stays.astype(str)  # everything as text, as pd.read_csv(..., dtype=str) gives
    assert refusion.evaluate_register(as_text).totals == refusion.evaluate_register(stays).totals


def test_generated_cohort_round_trips_and_matches_cli(tmp_path):
    stays, support = refusion.cohort(300, seed=11, years=2)
    assert len(stays) >= 300 and set(support.citizen_id) <= set(stays.citizen_id)
    r = refusion.evaluate_register(stays, support=support)
    assert r.n_citizens == 300
    # The same seed through the CLI gives the same register, byte for byte.
    import subprocess
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    cli = root / "target" / "debug" / "refusion"
    if not cli.exists():
        pytest.skip("build the CLI first: cargo build -p refusion-cli")
    out, sup = tmp_path / "w.csv", tmp_path / "s.csv"
    subprocess.run([str(cli), "cohort", "--citizens", "300", "--seed", "11", "--years", "2",
                    "--out", str(out), "--support-out", str(sup)], check=True)
    csv = pd.read_csv(out, dtype=str)
    assert csv.citizen_id.tolist() == stays.citizen_id.tolist()
    assert csv.daily_rate.tolist() == stays.daily_rate.tolist()
    assert csv.admitted.tolist() == stays.admitted.dt.strftime("%Y-%m-%d").tolist()


def test_parallel_and_serial_are_identical():
    stays, support = refusion.cohort(9000, seed=4, years=2)  # more than one block of 4,096
    a = refusion.evaluate_register(stays, support=support, parallel=True)
    b = refusion.evaluate_register(stays, support=support, parallel=False)
    assert a.totals == b.totals
    assert a.frame("citizens", money="ore").equals(b.frame("citizens", money="ore"))
    assert a.frame("citizen_years").equals(b.frame("citizen_years"))
    assert a.years.equals(b.years)
    ore = a.frame("citizens", money="ore")
    assert list(ore.columns[-4:]) == ["gross_ore", "citizen_payment_ore", "state_refusion_ore", "municipal_net_ore"]
    assert int(ore.gross_ore.sum()) == sum(int(d * 100) for d in a.citizens.gross)


def test_the_pandas_benchmark_baseline_agrees_with_the_engine():
    """benches/pandas_statutory.py (benchmark 2's baseline) gives the engine's figures exactly."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benches"))
    import pandas_statutory

    stays, support = refusion.cohort(400, seed=9, workload_w=True)
    citizens, years = pandas_statutory.evaluate(stays, support)
    ours = refusion.evaluate_register(stays, support=support)
    engine = ours.frame("citizens", money="ore").set_index("citizen_id")
    theirs = citizens.set_index("citizen_id") if "citizen_id" in citizens.columns else citizens
    for k in PAYERS:
        assert theirs[f"{k}_ore"].tolist() == engine[f"{k}_ore"].tolist(), k
    assert theirs["nights"].tolist() == engine["nights"].tolist()
    engine_years = ours.frame("years", money="ore")
    for k in PAYERS:
        assert [int(v) for v in years[f"{k}_ore"]] == engine_years[f"{k}_ore"].tolist(), k


def test_categorical_columns_take_the_fast_path_with_the_same_result():
    stays, support = refusion.cohort(3000, seed=21, years=2)
    cat = stays.astype({c: "category" for c in ("citizen_id", "daily_rate", "own_payment_per_night")})
    # Unused and reordered categories change nothing: ids keep their order of first appearance.
    cat["citizen_id"] = cat.citizen_id.cat.add_categories(["unused"]).cat.reorder_categories(
        ["unused", *reversed(cat.citizen_id.cat.categories.tolist())])
    for sup in (support, support.astype({"citizen_id": "category", "annual_cost": "category"})):
        a = refusion.evaluate_register(stays, support=support)
        b = refusion.evaluate_register(cat, support=sup)
        assert b.citizens.equals(a.citizens)
        assert b.citizen_years.equals(a.citizen_years)
        assert b.years.equals(a.years) and b.totals == a.totals


def test_categorical_amounts_check_only_the_categories_in_use():
    stays, support = _e5_register()
    expected = refusion.evaluate_register(stays, support=support)
    # An amount nobody uses is never looked at; the codes are read as they are.
    rates = pd.Categorical(["1400", "1400"], categories=["1.5e3", "1400", "oops"])
    r = refusion.evaluate_register(stays.assign(daily_rate=rates), support=support)
    assert r.totals == expected.totals
    # E5's net (165,242.46) and citizen b's (10 nights at 1,400 - 100, half refunded: 6,500).
    assert r.totals.municipal_net == Decimal("165242.46") + Decimal("6500.00")
    # One in use is refused at the first row that holds it.
    rates = pd.Categorical(["1400", "14OO"], categories=["1.5e3", "1400", "14OO"])
    with pytest.raises(refusion.InvalidAmountError) as e:
        refusion.evaluate_register(stays.assign(daily_rate=rates))
    assert e.value.field == "rows[1].daily_rate"
    owns = pd.Categorical([Decimal("100"), 100.5])
    with pytest.raises(refusion.FloatMoneyError) as e:
        refusion.evaluate_register(stays.assign(own_payment_per_night=owns))
    assert e.value.field == "rows[1].own_payment_per_night"


def test_support_ids_sharing_the_registers_categories_are_read_by_code():
    stays, support = refusion.cohort(2000, seed=4, years=2)
    expected = refusion.evaluate_register(stays, support=support)
    cat = stays.astype({"citizen_id": "category"})
    shared = support.astype({"citizen_id": cat.citizen_id.dtype})
    assert shared.citizen_id.dtype is cat.citizen_id.dtype
    r = refusion.evaluate_register(cat, support=shared)
    assert r.citizens.equals(expected.citizens) and r.citizen_years.equals(expected.citizen_years)
    assert r.totals == expected.totals
    # A category that only a support row uses is a citizen without stays.
    dtype = pd.CategoricalDtype([*cat.citizen_id.cat.categories, "nobody"])
    cat = stays.astype({"citizen_id": dtype})
    lonely = support.astype({"citizen_id": dtype})
    lonely.loc[len(lonely) - 1, "citizen_id"] = "nobody"
    with pytest.raises(refusion.InconsistentRegisterError) as e:
        refusion.evaluate_register(cat, support=lonely)
    assert e.value.field == f"support[{len(lonely) - 1}].citizen_id"


def test_categorical_columns_report_errors_like_text_columns():
    stays, support = _e5_register()
    cat = stays.astype({"citizen_id": "category"})
    bad = support.astype({"citizen_id": "category"}).assign(citizen_id=pd.Categorical(["nobody"]))
    with pytest.raises(refusion.InconsistentRegisterError) as e:
        refusion.evaluate_register(cat, support=bad)
    assert e.value.field == "support[0].citizen_id" and "'nobody' has support but no stay row" in str(e.value)
    with pytest.raises(refusion.MissingFieldError) as e:
        refusion.evaluate_register(cat, support=support.assign(citizen_id=[None]))
    assert e.value.field == "support[0].citizen_id"
    with pytest.raises(refusion.MissingFieldError) as e:
        refusion.evaluate_register(stays.assign(citizen_id=pd.Categorical([None, "b"])))
    assert e.value.field == "rows[0].citizen_id"
    with pytest.raises(refusion.FloatMoneyError):
        refusion.evaluate_register(stays.assign(daily_rate=pd.Categorical([1400.0, 1400.0])))
    with pytest.raises(refusion.InvalidAmountError) as e:
        refusion.evaluate_register(stays.assign(daily_rate=pd.Categorical(["1400", "14OO"])))
    assert e.value.field == "rows[1].daily_rate"
