"""The error contract of docs/errors.md, walked through the Python API.

Every hostile input of ``tests/hostile/*.json`` gives its documented error (the exception class
of the table's Python column, with the documented ``code`` and ``field``) or its documented,
exact acceptance. Then the Python-only values: floats, ``Decimal`` NaN and infinities, numpy
scalars, bools, ``None``, datetimes. And several threads at once get identical results.
"""

import datetime as dt
import io
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import refusion
from refusion.api import REGISTER_COLUMNS, SUPPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
PAYERS = ("gross", "citizen_payment", "state_refusion", "municipal_net")


def table():
    """The rows of the table under ``## The error table`` in docs/errors.md, by code."""
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    section = text.split("## The error table", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    out = {}
    for line in rows[2:]:
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) < 7:
            break
        out[cells[0]] = {"rust": cells[3], "cli": cells[4], "python": cells[5], "js": cells[6]}
    return out


TABLE = table()


def inputs():
    out = []
    for name in ("scenarios.json", "registers.json", "queries.json"):
        doc = json.loads((ROOT / "tests" / "hostile" / name).read_text(encoding="utf-8"))
        out += [pytest.param(i, id=f"{name[:-5]}/{i['id']}") for i in doc["inputs"]]
    return out


def raw_bytes(i):
    return bytes.fromhex(i["hex"]) if "hex" in i else i["text"].encode("utf-8")


def generated_csv(citizens, each):
    """The generated register of registers.json (see its "generate" note)."""
    days = [(dt.date(2026, 6, 1) + dt.timedelta(days=2 * j)) for j in range(each)]
    pairs = [(d.isoformat(), (d + dt.timedelta(days=1)).isoformat()) for d in days]
    lines = ["citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night"]
    for k in range(citizens):
        lines += [f"C{k:07d},1980-01-01,{a},{d},1000,0" for a, d in pairs]
    return ("\n".join(lines) + "\n").encode()


def generated_scenario(n):
    start = dt.date(2000, 1, 1)
    stays = [{"admitted": (start + dt.timedelta(days=2 * j)).isoformat(),
              "discharged": (start + dt.timedelta(days=2 * j + 1)).isoformat(),
              "daily_rate": "1000", "own_payment_per_night": "0"} for j in range(n)]
    return json.dumps({"citizen": {"birth_date": "1980-01-01"}, "shelter_stays": stays}).encode()


def run(i, tmp_path):
    """Runs one hostile input through the Python API; returns the four totals."""
    target = i["target"]
    if target in ("scenario", "scenario_toml"):
        suffix = ".json" if target == "scenario" else ".toml"
        p = tmp_path / f"{i['id']}{suffix}"
        gen = i.get("generate", {})
        p.write_bytes(generated_scenario(gen["stays"]) if "stays" in gen else raw_bytes(i))
        return refusion.evaluate(p).totals
    if target == "register_csv":
        gen = i.get("generate")
        stays = generated_csv(gen["citizens"], gen["stays_each"]) if gen else raw_bytes(i)
        support = i["support"].encode() if "support" in i else None
        return refusion.evaluate_register_csv(stays, support=support, citizens=False).totals
    if target == "register_rows":
        gen = i.get("generate")
        if gen:
            frame = pd.read_csv(io.BytesIO(generated_csv(gen["citizens"], gen["stays_each"])), dtype=str)
        else:
            frame = pd.DataFrame(i["rows"], columns=list(REGISTER_COLUMNS))
        support = pd.DataFrame(i["support"], columns=list(SUPPORT_COLUMNS)) if "support" in i else None
        return refusion.evaluate_register(frame, support=support).totals
    if target == "plan":
        return refusion.plan(i["query"]).total_effect
    if target == "monte_carlo":
        refusion.monte_carlo(i["query"])
        return None
    if target == "budget":
        refusion.budget(i["query"])
        return None
    raise AssertionError(f"unknown target {target}")


@pytest.mark.parametrize("i", inputs())
def test_every_hostile_input_gets_its_documented_answer(i, tmp_path):
    expect = i["expect"]
    if "ok" in expect:
        totals = run(i, tmp_path)
        if totals is not None:
            assert [str(getattr(totals, k)) for k in PAYERS] == [expect["ok"][k] for k in PAYERS]
        return
    cls = getattr(refusion, TABLE[expect["code"]]["python"])
    with pytest.raises(refusion.RefusionError) as e:
        run(i, tmp_path)
    assert type(e.value) is cls, f"{type(e.value).__name__}: {e.value}"
    assert e.value.code == expect["code"]
    if "field" in expect:
        assert e.value.field == expect["field"], str(e.value)
    assert e.value.message and str(e.value).endswith(e.value.message)


def test_the_error_table_names_every_python_class():
    codes = list(TABLE)
    assert codes == [*refusion._core.error_codes(), "internal"]
    for code, row in TABLE.items():
        cls = getattr(refusion, row["python"])
        assert issubclass(cls, refusion.RefusionError) and cls.code == code, code
        assert row["js"] == code
    covered = {i.values[0]["expect"].get("code") for i in inputs()}
    assert set(refusion._core.error_codes()) <= covered, "every code has a hostile input"


E2 = {"citizen": {"birth_date": "1988-04-20"},
      "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
                         "daily_rate": "1400", "own_payment_per_night": "100"}]}


def with_rate(value, own="100"):
    s = json.loads(json.dumps(E2))
    s["shelter_stays"][0]["daily_rate"] = value
    s["shelter_stays"][0]["own_payment_per_night"] = own
    return s


@pytest.mark.parametrize(
    "value, exc",
    [
        (1400.5, refusion.FloatMoneyError),
        (1400.0, refusion.FloatMoneyError),
        (float("nan"), refusion.FloatMoneyError),
        (float("inf"), refusion.FloatMoneyError),
        (float("-inf"), refusion.FloatMoneyError),
        (np.float64(1400), refusion.FloatMoneyError),
        (np.float32(1400), refusion.FloatMoneyError),
        (Decimal("NaN"), refusion.InvalidAmountError),
        (Decimal("sNaN"), refusion.InvalidAmountError),
        (Decimal("Infinity"), refusion.InvalidAmountError),
        (Decimal("-Infinity"), refusion.InvalidAmountError),
        (Decimal("1E+15"), refusion.InvalidAmountError),
        (Decimal("1400.0000001"), refusion.InvalidAmountError),
        (Decimal("1" * 29), refusion.InvalidAmountError),
        (10**20, refusion.InvalidAmountError),
        (-5, refusion.NegativeAmountError),
        (True, refusion.WrongTypeError),
        ("1.400", refusion.InvalidAmountError),
        ("1400,50", refusion.InvalidAmountError),
        (b"1400", refusion.WrongTypeError),
        (None, refusion.MissingFieldError),
        ([1400], refusion.WrongTypeError),
    ],
    ids=repr,
)
def test_python_values_for_money(value, exc):
    with pytest.raises(exc) as e:
        refusion.evaluate(with_rate(value))
    assert e.value.field == "shelter_stays[0].daily_rate", str(e.value)
    if exc is refusion.FloatMoneyError:
        assert isinstance(e.value, TypeError) and "Decimal(" in str(e.value)


@pytest.mark.parametrize(
    "value, own, net",
    [
        (Decimal("1400"), "100", "219700.00"),
        (1400, "100", "219700.00"),
        (np.int64(1400), "100", "219700.00"),
        ("1400.000", "100", "219700.00"),
        # A Decimal is not ambiguous: Decimal("1.400") is 1.40 kr. (sent as "1.4000").
        # 214 nights × 1.40 = 299.60; 90 refunded × 0.5 × 1.40 = 63.00; net 236.60.
        (Decimal("1.400"), "0", "236.60"),
    ],
    ids=repr,
)
def test_python_values_accepted_for_money(value, own, net):
    assert str(refusion.evaluate(with_rate(value, own)).totals.municipal_net) == net


@pytest.mark.parametrize(
    "value, exc",
    [
        (dt.datetime(2026, 6, 1, 12), refusion.WrongTypeError),
        (pd.Timestamp("2026-06-01"), refusion.WrongTypeError),
        (dt.date(1899, 12, 31), refusion.InvalidDateError),
        ("2026-02-30", refusion.InvalidDateError),
        ("01-06-2026", refusion.InvalidDateError),
        (20260601, refusion.WrongTypeError),
    ],
    ids=repr,
)
def test_python_values_for_dates(value, exc):
    s = json.loads(json.dumps(E2))
    s["shelter_stays"][0]["admitted"] = value
    with pytest.raises(exc) as e:
        refusion.evaluate(s)
    assert e.value.field == "shelter_stays[0].admitted", str(e.value)


def test_a_str_scenario_is_refused_and_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(refusion.WrongTypeError):
        refusion.evaluate('{"citizen": {}}')
    with pytest.raises(FileNotFoundError):
        refusion.evaluate(tmp_path / "missing.json")
    with pytest.raises(OSError):
        refusion.evaluate_register_csv(str(tmp_path / "missing.csv"))


def test_threads_at_once_give_identical_results():
    """The engine is shared and the GIL is released while it runs: eight threads evaluating
    scenarios and registers at once give exactly what one thread gives."""
    cases = sorted((ROOT / "tests" / "cases").glob("e*.json"))
    scenarios = [refusion.read_scenario(p) for p in cases]
    stays, support = refusion.cohort(2000, seed=7, years=2)
    alone = [refusion.evaluate(s).totals for s in scenarios], refusion.evaluate_register(stays, support=support).totals
    barrier = threading.Barrier(8)

    def work(_):
        barrier.wait()
        return ([refusion.evaluate(s).totals for s in scenarios],
                refusion.evaluate_register(stays, support=support, parallel=False).totals)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert all(r == alone for r in results)
