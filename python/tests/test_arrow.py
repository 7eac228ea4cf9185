"""Arrow in and out: a register as a pyarrow Table, a polars DataFrame, pandas with Arrow
dtypes, pandas with ``category`` columns and pandas with ``str`` columns gives identical
results; results come out as ``decimal128(38, 2)`` Arrow tables, polars frames and pandas
frames with Arrow-backed decimals; bad Arrow input gets the same typed errors as pandas."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

import refusion

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

PAYERS = ["gross", "citizen_payment", "state_refusion", "municipal_net"]


def w_register(n=400, seed=7):
    rows, support = refusion.cohort(n, seed=seed, workload_w=True)
    return rows, support


def as_arrow(frame):
    """A pandas register as a pyarrow Table: dates as date32, money as decimal128."""
    cols = {}
    for k in frame.columns:
        s = frame[k]
        if str(s.dtype).startswith("datetime64"):
            cols[k] = pa.array(s.dt.date, pa.date32())
        elif k in ("daily_rate", "own_payment_per_night", "annual_cost"):
            cols[k] = pa.array([Decimal(v) for v in s], pa.decimal128(18, 6))
        elif s.dtype == bool:
            cols[k] = pa.array(s.tolist(), pa.bool_())
        else:
            cols[k] = pa.array(s.tolist(), pa.string())
    return pa.table(cols)


def as_category(frame):
    out = frame.copy()
    for k in ("citizen_id", "daily_rate", "own_payment_per_night"):
        if k in out:
            out[k] = out[k].astype("category")
    return out


def canonical(result):
    """Every level as plain Python values (ids as text, money as Decimal)."""
    out = {}
    for level in ("citizens", "citizen_years", "years"):
        t = result.to_arrow(level)
        cols = {}
        for name in t.column_names:
            values = t.column(name).to_pylist()
            cols[name] = [str(v) for v in values] if name == "citizen_id" else values
        out[level] = cols
    out["totals"] = result.totals
    return out


def test_every_table_kind_gives_identical_results():
    rows, support = w_register()
    arrow_rows, arrow_support = as_arrow(rows), as_arrow(support)
    polars_rows = pl.from_arrow(arrow_rows).with_columns(pl.col("citizen_id").cast(pl.Categorical))
    polars_support = pl.from_arrow(arrow_support)
    arrow_pandas = arrow_rows.to_pandas(types_mapper=pd.ArrowDtype)
    inputs = {
        "pandas str": (rows, support),
        "pandas category": (as_category(rows), support),
        "pyarrow": (arrow_rows, arrow_support),
        "pyarrow dictionary ids": (
            arrow_rows.set_column(0, "citizen_id", arrow_rows.column("citizen_id").dictionary_encode()),
            arrow_support,
        ),
        "polars": (polars_rows, polars_support),
        "pandas ArrowDtype": (arrow_pandas, support),
    }
    results = {k: canonical(refusion.evaluate_register(r, support=s)) for k, (r, s) in inputs.items()}
    first = results["pandas str"]
    assert first["citizens"]["citizen_id"][:2] == ["C0000001", "C0000002"]
    for name, got in results.items():
        assert got == first, name
    # And the pandas frames agree with the Arrow tables.
    r = refusion.evaluate_register(arrow_rows, support=arrow_support)
    assert list(r.citizens.municipal_net) == first["citizens"]["municipal_net"]


def test_a_worked_example_from_arrow_columns():
    # E2 of domain.md: born 1988-04-20, one stay 1 June 2026 → 1 January 2027 at 1,400 a night,
    # own payment 100: 214 nights, 90 refunded at 50 % of 1,300 = 58,500.00; gross 299,600.00,
    # own payments 21,400.00, municipal net 299,600 − 21,400 − 58,500 = 219,700.00.
    t = pa.table({
        "citizen_id": pa.array([2], pa.int64()),
        "birth_date": pa.array([dt.date(1988, 4, 20)], pa.date32()),
        "admitted": pa.array([dt.date(2026, 6, 1)], pa.date32()),
        "discharged": pa.array([dt.date(2027, 1, 1)], pa.date32()),
        "daily_rate": pa.array([Decimal("1400.00")], pa.decimal128(10, 2)),
        "own_payment_per_night": pa.array(["100"], pa.string()).dictionary_encode(),
    })
    r = refusion.evaluate_register(t)
    c = r.to_arrow("citizens")
    assert c.column("citizen_id").type == pa.int64()  # the id column's type is kept
    assert c.column("citizen_id").to_pylist() == [2]
    assert c.column("refunded_nights").to_pylist() == [90]
    assert c.column("municipal_net").to_pylist() == [Decimal("219700.00")]
    assert c.column("state_refusion").to_pylist() == [Decimal("58500.00")]
    step = refusion.compare_register(t, compare="step-2026")
    assert step.difference.municipal_net == Decimal("19500.00")  # 30 nights × 650


def test_outputs_are_exact_arrow_without_python_objects():
    rows, support = w_register(60)
    r = refusion.evaluate_register(as_arrow(rows), support=as_arrow(support))
    for level in ("citizens", "citizen_years", "years"):
        t = r.to_arrow(level)
        for name in PAYERS:
            assert t.schema.field(name).type == pa.decimal128(38, 2)
        assert not any(pa.types.is_null(f.type) for f in t.schema)
        p = r.to_polars(level)
        assert p.schema["municipal_net"] == pl.Decimal(38, 2)
        assert p["municipal_net"].sum() == sum(t.column("municipal_net").to_pylist())
    # pandas: Arrow-backed decimals by default; Decimal objects and øre on request.
    assert isinstance(r.citizens.municipal_net.dtype, pd.ArrowDtype)
    total = sum(r.citizens.municipal_net.tolist(), Decimal(0))
    # Exact sums (the grand total is rounded from the unrounded sums, so it may differ from
    # the sum of the rounded years by an øre: the rounding convention, not the dtype).
    assert r.years.municipal_net.sum() == sum(r.frame("years", money="decimal").municipal_net, Decimal(0))
    as_objects = r.frame("citizens", money="decimal")
    assert as_objects.municipal_net.dtype == object
    assert sum(as_objects.municipal_net, Decimal(0)) == total
    in_ore = r.frame("citizens", money="ore")
    assert int(in_ore.municipal_net_ore.sum()) == int(total * 100)


def e1_table(**changes):
    cols = {
        "citizen_id": pa.array(["E1", "E1"]),
        "birth_date": pa.array([dt.date(1988, 4, 20)] * 2, pa.date32()),
        "admitted": pa.array([dt.date(2026, 6, 1), dt.date(2026, 9, 1)], pa.date32()),
        "discharged": pa.array([dt.date(2026, 7, 31), dt.date(2026, 9, 2)], pa.date32()),
        "daily_rate": pa.array([1400, 1400], pa.int64()),
        "own_payment_per_night": pa.array([100, 100], pa.int32()),
    }
    cols.update(changes)
    return pa.table(cols)


@pytest.mark.parametrize("change, error, field", [
    ({"daily_rate": pa.array([1400.0, 1400.0])}, refusion.FloatMoneyError, "daily_rate"),
    ({"discharged": pa.array([dt.date(2026, 7, 31), None], pa.date32())}, refusion.InvalidDateError, "rows[1].discharged"),
    ({"daily_rate": pa.array([1400, None], pa.int64())}, refusion.InvalidAmountError, "rows[1].daily_rate"),
    ({"citizen_id": pa.array(["E1", None])}, refusion.MissingFieldError, "rows[1].citizen_id"),
    ({"admitted": pa.array([dt.datetime(2026, 6, 1, 12), dt.datetime(2026, 9, 1)], pa.timestamp("us"))},
     refusion.WrongTypeError, "rows[0].admitted"),
    ({"daily_rate": pa.array(["1400", "1.400,50"])}, refusion.InvalidAmountError, "rows[1].daily_rate"),
    ({"daily_rate": pa.array([Decimal("-5"), Decimal("1400")], pa.decimal128(6, 0))}, refusion.RefusionError, "rows[0].daily_rate"),
    ({"discharged": pa.array([dt.date(2026, 5, 1), dt.date(2026, 9, 2)], pa.date32())}, refusion.RefusionError, "rows[0]"),
    ({"birth_date": pa.array([dt.date(1988, 4, 20), dt.date(1988, 4, 21)], pa.date32())},
     refusion.InconsistentRegisterError, "rows[1].birth_date"),
])
def test_bad_arrow_input_gets_typed_errors_naming_the_row(change, error, field):
    with pytest.raises(error) as e:
        refusion.evaluate_register(e1_table(**change))
    assert e.value.field.startswith(field), e.value.field


def test_unknown_and_missing_columns_are_named():
    with pytest.raises(refusion.UnknownFieldError, match="notes"):
        refusion.evaluate_register(e1_table(notes=pa.array(["x", "y"])))
    with pytest.raises(refusion.MissingFieldError, match="daily_rate"):
        refusion.evaluate_register(e1_table().drop_columns(["daily_rate"]))


def test_support_without_a_stay_and_polars_support():
    support = pl.DataFrame({
        "citizen_id": ["E9"], "method": ["m-act"],
        "start": [dt.date(2026, 9, 2)], "end": [dt.date(2027, 9, 2)],
        "annual_cost": pl.Series([Decimal("104000")], dtype=pl.Decimal(12, 0)),
        "decided_before_discharge": [True],
    })
    with pytest.raises(refusion.InconsistentRegisterError) as e:
        refusion.evaluate_register(e1_table(), support=support)
    assert e.value.field == "support[0].citizen_id"
    ok = support.with_columns(pl.lit("E1").alias("citizen_id"))
    r = refusion.evaluate_register(e1_table(), support=ok)
    assert r.citizens.support_days.tolist() == [365]


def test_arrow_in_ore_equals_the_decimals():
    rows, support = w_register(80)
    r = refusion.evaluate_register(as_arrow(rows), support=as_arrow(support))
    for level in ("citizens", "citizen_years", "years"):
        d, o = r.to_arrow(level), r.to_arrow(level, money="ore")
        for name in PAYERS:
            assert o.schema.field(f"{name}_ore").type == pa.int64()
            assert [int(v * 100) for v in d.column(name).to_pylist()] == o.column(f"{name}_ore").to_pylist()
    with pytest.raises(ValueError):
        r.to_arrow("citizens", money="float")
