"""Every scenario file in tests/cases/ through the Python API: the same exact figures as Rust."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

import refusion
from refusion._errors import _BY_CODE

from conftest import CASES

FILES = sorted(p for p in CASES.iterdir() if p.suffix in (".json", ".toml"))
PAYERS = ("gross", "citizen_payment", "state_refusion", "municipal_net")


def test_there_are_many_cases():
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_case_file(path: Path):
    case = refusion.load_case(path)
    expected = case["expected"]
    if "error" in expected:
        want = _BY_CODE[expected["error"]["code"]]
        for attempt in (lambda: refusion.evaluate(case["scenario"]), lambda: refusion.evaluate(path)):
            with pytest.raises(want) as info:
                attempt()
            assert info.value.code == expected["error"]["code"]
            if "field" in expected["error"]:
                assert info.value.field == expected["error"]["field"]
        return
    for result in (refusion.evaluate(case["scenario"]), refusion.evaluate(path)):
        for k in PAYERS:
            got = getattr(result.totals, k)
            assert isinstance(got, Decimal)
            assert str(got) == expected["totals"][k], (path.name, k)
            assert got == Decimal(expected["totals"][k])
        t = result.totals
        assert t.gross == t.citizen_payment + t.state_refusion + t.municipal_net
        for k, v in expected.get("nights", {}).items():
            assert getattr(result.nights, k) == v, (path.name, k)
        for want in expected.get("years", []):
            got_year = next(y for y in result.years if y.year == want["year"])
            for k in PAYERS:
                if k in want:
                    assert str(getattr(got_year, k)) == want[k], (path.name, want["year"], k)
        for got_w, want_w in zip(result.windows, expected.get("windows", [])):
            assert str(got_w.start) == want_w["start"]
            assert got_w.refunded_nights == want_w["refunded_nights"]
