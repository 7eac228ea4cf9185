"""Excel in and out (issue 18).

In: ``read_register`` and ``evaluate_register_csv`` read a register (and support table) from an
``.xlsx`` or ``.ods`` workbook beside CSV, with exactly the results of the CSV; a cell that is
not exact to the øre or a misspelt column is refused with the sheet, row and column.

Out: every ``to_excel`` writes a workbook (by ``refusion-xlsx``) that openpyxl reads back. Every
figure in it is checked against the engine's result to the øre — money cells are numbers, read
as ``Decimal(str(value))`` and compared exactly, never with a float tolerance. The tables are
found by their headers, which are the core's column labels (``_core.column_labels()``) and the
writer's own (Danish by default, English with ``lang="en"``, as are the sheets' names). Each
table's data rows are exactly the engine's records, its totals row (after the data, maybe after
an empty row) the engine's totals, and a rounding row ("Afrunding"/"Rounding", total minus the
sum of the rounded rows, with its reason) appears exactly when the rows do not add up (C11). No
cell holds a formula; money cells are numbers in a "kr." format; the tables have frozen header
rows and autofilters. LibreOffice converts a written workbook to CSV, which holds the
figures: the workbook opens in a real spreadsheet program.

These tests need the workbook reader and writers of ``refusion-xlsx``; they fail (not skip)
until both have landed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pandas as pd
import pytest

import refusion
from refusion import _core

openpyxl = pytest.importorskip("openpyxl") if not os.environ.get("CI") else __import__("openpyxl")
from openpyxl.utils import get_column_letter  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAYERS = ("gross", "citizen_payment", "state_refusion", "municipal_net")
CENT = Decimal("0.01")
# The writer's own column labels (refusion-xlsx, write/book.rs OWN_COLUMNS), beside the core's.
OWN_LABELS = [
    ("parameter", "Parameter", "Parameter"), ("effective_from", "Gælder fra", "Effective from"),
    ("source", "Kilde", "Source"), ("url", "Adresse", "Address"), ("price_year", "Prisår", "Price year"),
    ("unit", "Enhed", "Unit"), ("note", "Bemærkning", "Note"), ("start", "Fra", "From"),
    ("end", "Til (ikke medregnet)", "Until (not included)"), ("spell", "Forløb i scenariet", "Spell"),
    ("rate", "Refusionssats", "Refund rate"), ("shelter", "Herberg, § 110 (kr.)", "Shelter, § 110 (DKK)"),
    ("support", "Støtte, § 85 a (kr.)", "Support, § 85 a (DKK)"), ("mode", "Mest sandsynlig", "Most likely"),
    ("cost_per_fte", "Pris pr. årsværk (kr.)", "Cost per FTE (DKK)"),
    ("share_percent", "Andel udskrevet (%)", "Share discharged (%)"),
    ("rate_percent", "Døgntakst (% af registreret)", "Daily rate (% of registered)"),
    ("stay_percent", "Opholdslængde (% af registreret)", "Stay length (% of registered)"),
]
LABELS = [*_core.column_labels(), *OWN_LABELS]
KEY_OF = {**{k: k for k, _, _ in LABELS}, **{da: k for k, da, _ in LABELS}, **{en: k for k, _, en in LABELS}}
DA_LABELS = {da for _, da, en in LABELS if da != en}
EN_LABELS = {en for _, da, en in LABELS if da != en}
TOTAL_LABELS = {"i alt", "total"}
ROUNDING = {"da": "Afrunding", "en": "Rounding"}
ROUNDING_LABELS = {v.lower() for v in ROUNDING.values()}
# The sheets of each workbook, in order (an explanation sheet last when asked for).
SHEETS = {
    "register": {"da": ("Oversigt", "År og betaler", "Borgere", "Borgere og år", "Parametre"),
                 "en": ("Overview", "Years by payer", "Citizens", "Citizens by year", "Parameters")},
    "comparison": {"da": ("Oversigt", "År og betaler", "Parametre"), "en": ("Overview", "Years by payer", "Parameters")},
    "plan": {"da": ("Oversigt", "År og betaler", "Forløb", "Parametre"),
             "en": ("Overview", "Years by payer", "Pathways", "Parameters")},
    "monte_carlo": {"da": ("Oversigt", "År", "Antagelser", "Træk", "Parametre"),
                    "en": ("Overview", "Years", "Assumptions", "Draws", "Parameters")},
}
SHEETS["budget"] = SHEETS["plan"]
EXPLANATION_SHEET = {"da": "Forklaring", "en": "Explanation"}

E2 = pd.DataFrame({
    "citizen_id": ["E2"], "birth_date": ["1988-04-20"], "admitted": ["2026-06-01"],
    "discharged": ["2027-01-01"], "daily_rate": ["1400"], "own_payment_per_night": ["100"],
})


# --------------------------------------------------------------------------------------------
# Reading workbooks back
# --------------------------------------------------------------------------------------------


def ore(value: Any) -> Decimal:
    """A number cell as an exact amount to the øre (no float tolerance)."""
    assert isinstance(value, (int, float, Decimal)) and not isinstance(value, bool), f"{value!r} is not a number cell"
    return Decimal(str(value)).quantize(CENT)


def load(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=False)


def all_cells(wb: Any) -> Iterator[Tuple[str, Any]]:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    yield ws.title, c


def filled(v: Any) -> bool:
    return v not in (None, "")


class Row:
    """A row of a table: its cells by column key, its kind ("data", "total", "rounding",
    "note": one sentence, "empty") and its label (the first filled cell)."""

    def __init__(self, number: int, cells: Dict[str, Any], values: List[Any]) -> None:
        self.number = number
        self.cells = cells
        full = [v for v in values if filled(v)]
        self.label = full[0] if full else None
        texts = {v.strip().lower() for v in full if isinstance(v, str)}
        if not full:
            self.kind = "empty"
        elif texts & TOTAL_LABELS:
            self.kind = "total"
        elif texts & ROUNDING_LABELS:
            self.kind = "rounding"
        elif len(full) == 1 and isinstance(full[0], str):
            self.kind = "note"
        else:
            self.kind = "data"

    def get(self, key: str) -> Any:
        c = self.cells.get(key)
        return None if c is None else c.value

    def __repr__(self) -> str:
        return f"<row {self.number} {self.kind}: {[(k, c.value) for k, c in self.cells.items()]}>"


class Table:
    """A table: its header row (1-based), the keys of its columns and the rows under it up to
    the next header row or two empty rows (so a totals row after an empty row belongs to it)."""

    def __init__(self, ws: Any, header: int, keys: List[Optional[str]], rows: List[Row]) -> None:
        self.ws, self.header, self.keys, self.rows = ws, header, keys, rows
        self.width = max(n for n, k in enumerate(keys, start=1) if k)

    def of(self, kind: str) -> List[Row]:
        return [r for r in self.rows if r.kind == kind]


def header_keys(cells: List[Any]) -> List[Optional[str]]:
    return [KEY_OF.get(c.value.strip()) if isinstance(c.value, str) else None for c in cells]


def tables(wb: Any) -> List[Table]:
    """Every table of the workbook. A header row is one with at least two cells that are column
    labels (the core's, ``_core.column_labels()``, or the writer's own)."""
    found = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows()]
        i = 0
        while i < len(rows):
            keys = header_keys(rows[i])
            if sum(k is not None for k in keys) < 2:
                i += 1
                continue
            header, body, empties = i + 1, [], 0
            i += 1
            while i < len(rows) and sum(k is not None for k in header_keys(rows[i])) < 2:
                row = Row(i + 1, {k: c for k, c in zip(keys, rows[i]) if k}, [c.value for c in rows[i]])
                empties = empties + 1 if row.kind == "empty" else 0
                if empties == 2:
                    break
                body.append(row)
                i += 1
            while body and body[-1].kind == "empty":
                body.pop()
            found.append(Table(ws, header, keys, body))
    return found


def table(wb: Any, sheet: int, n: int = 0) -> Table:
    """The ``n``-th table of the ``sheet``-th worksheet."""
    ws = wb.worksheets[sheet]
    ts = [t for t in tables(wb) if t.ws is ws]
    assert len(ts) > n, f"sheet {ws.title!r} has {len(ts)} tables"
    return ts[n]


class Segment:
    """Data rows, the totals row after them, and the rounding row and its reason if any."""

    def __init__(self, data: List[Row], total: Row) -> None:
        self.data, self.total = data, total
        self.rounding: Optional[Row] = None
        self.reason: Optional[Row] = None


def segments(t: Table) -> Tuple[List[Segment], List[Row]]:
    """The table's segments (a register's one, a budget's one per variant) and the rows after
    the last one."""
    out: List[Segment] = []
    data: List[Row] = []
    rows = t.rows
    i = 0
    while i < len(rows):
        r = rows[i]
        if r.kind == "total":
            seg = Segment(data, r)
            if i + 1 < len(rows) and rows[i + 1].kind == "rounding":
                seg.rounding = rows[i + 1]
                i += 1
                if i + 1 < len(rows) and rows[i + 1].kind == "note":
                    seg.reason = rows[i + 1]
                    i += 1
            out.append(seg)
            data = []
        elif r.kind != "empty":
            data.append(r)
        i += 1
    return out, data


def one_segment(t: Table) -> Segment:
    segs, rest = segments(t)
    assert len(segs) == 1, (t.ws.title, len(segs))
    assert not [r for r in rest if r.kind == "data"], (t.ws.title, rest)
    return segs[0]


def norm(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def same(cell: Any, expected: Any) -> bool:
    if isinstance(expected, Decimal):
        assert expected == expected.quantize(CENT), expected
        return ore(cell) == expected
    if isinstance(expected, int):
        return isinstance(cell, (int, float)) and not isinstance(cell, bool) and Decimal(str(cell)) == expected
    return cell == expected


def check_figures(where: str, row: Row, want: Dict[str, Any]) -> int:
    """Every figure of ``want`` is in the row, exactly (each must have a column)."""
    n = 0
    for k, v in want.items():
        if k == "_ident":
            continue
        assert k in row.cells, f"{where}: no column {k!r}"
        assert same(row.get(k), v), (where, want.get("_ident"), k, row.get(k), v)
        n += 1
    return n


def check_rows(where: str, rows: List[Row], expected: List[Dict[str, Any]], ident: Tuple[str, ...]) -> None:
    """The data rows are exactly the expected records (by their ``ident`` keys), each with
    every figure of the record."""
    got: Dict[Tuple[Any, ...], Row] = {}
    for r in rows:
        assert r.kind == "data", (where, r)
        key = tuple(norm(r.get(k)) for k in ident)
        assert key not in got, (where, "twice", key)
        got[key] = r
    want = [w["_ident"] for w in expected]
    assert len(want) == len(set(want))
    assert set(got) == set(want), (where, sorted(map(str, got)), sorted(map(str, want)))
    for w in expected:
        check_figures(where, got[w["_ident"]], w)


def check_rounding(where: str, seg: Segment, rows: List[Dict[str, Any]], total: Dict[str, Any],
                   keys: Tuple[str, ...]) -> Optional[Dict[str, Decimal]]:
    """The rounding row is there exactly when the rows (as the engine rounds them) do not add
    up to the total (C11), holding total − sum per column and followed by its reason."""
    diff = {k: total[k] - sum((r[k] for r in rows), Decimal(0)) for k in keys}
    if not any(diff.values()):
        assert seg.rounding is None, (where, "a rounding row, but the rows add up", seg.rounding)
        return None
    assert seg.rounding is not None, (where, "no rounding row, but the rows do not add up", diff)
    for k in keys:
        assert ore(seg.rounding.get(k)) == diff[k], (where, k, seg.rounding.get(k), diff[k])
    assert seg.reason is not None and len(seg.reason.label) > 30, (where, "the rounding row has no reason")
    return diff


def money_key(t: Table, key: Optional[str]) -> bool:
    if not key:
        return False
    header = t.ws.cell(row=t.header, column=t.keys.index(key) + 1).value
    return isinstance(header, str) and header.strip().endswith(("(kr.)", "(DKK)"))


def check_workbook(wb: Any, kind: str, lang: str, explain: bool = False) -> None:
    """Sheet names in the language, no formulas, the headers in the language, money as number
    cells in a "kr." format (totals rows too), frozen header rows and autofilters."""
    names = list(SHEETS[kind][lang]) + ([EXPLANATION_SHEET[lang]] if explain else [])
    assert wb.sheetnames == names
    for sheet, cell in all_cells(wb):
        assert not (isinstance(cell.value, str) and cell.value.startswith("=")), (sheet, cell.coordinate, cell.value)
        assert cell.data_type != "f", (sheet, cell.coordinate)
    language(wb, lang)
    money = 0
    found = tables(wb)
    for t in found:
        for r in t.rows:
            if r.kind not in ("data", "total", "rounding"):
                continue
            for k, c in r.cells.items():
                if money_key(t, k) and filled(c.value):
                    assert isinstance(c.value, (int, float)) and not isinstance(c.value, bool), \
                        (t.ws.title, c.coordinate, c.value)
                    assert "kr." in c.number_format, (t.ws.title, c.coordinate, c.number_format)
                    money += 1
            if r.kind == "total":
                assert any(money_key(t, k) and isinstance(c.value, (int, float)) for k, c in r.cells.items()), r
    assert money
    for ws in wb.worksheets[1:]:
        first = [t for t in found if t.ws is ws]
        assert first, f"sheet {ws.title!r} has no table"
        t = first[0]
        assert ws.freeze_panes == f"A{t.header + 1}", (ws.title, ws.freeze_panes)
        ref = ws.auto_filter.ref
        assert ref, f"sheet {ws.title!r} has no autofilter"
        top, bottom = ref.split(":")
        assert top == f"A{t.header}", (ws.title, ref)
        col = "".join(ch for ch in bottom if ch.isalpha())
        assert col == get_column_letter(t.width), (ws.title, ref)
        last = max([r.number for r in t.of("data")], default=t.header)
        assert int(bottom[len(col):]) >= last, (ws.title, ref, last)


def language(wb: Any, lang: str) -> None:
    """The headers are the labels in ``lang`` (and none of the other language's)."""
    texts = {c.value.strip() for _, c in all_cells(wb) if isinstance(c.value, str)}
    mine, other = (DA_LABELS, EN_LABELS) if lang == "da" else (EN_LABELS, DA_LABELS)
    assert texts & mine, f"no {lang} column labels"
    assert not (texts & other), f"{lang} workbook has labels of the other language: {sorted(texts & other)}"


def overview_money(wb: Any) -> List[Decimal]:
    """The money figures of the overview sheet (column B, in a "kr." format), in order."""
    ws = wb.worksheets[0]
    return [ore(r[1].value) for r in ws.iter_rows(min_col=1, max_col=2)
            if isinstance(r[1].value, (int, float)) and "kr." in r[1].number_format]


def written(result: Any, **kw: Any) -> bytes:
    out = io.BytesIO()
    result.to_excel(out, **kw)
    data = out.getvalue()
    assert data[:2] == b"PK"
    return data


def payers_of(t: Any) -> Dict[str, Decimal]:
    return {k: getattr(t, k) if hasattr(t, k) else Decimal(t[k]) for k in PAYERS}


# --------------------------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------------------------


def register_expected(r: Any) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]], List[Dict[str, Any]]]:
    years = [{"_ident": (int(y),), **{k: Decimal(row[k]) for k in PAYERS}} for y, row in r.years.iterrows()]
    citizens = []
    for row in r.frame("citizens", money="decimal").itertuples(index=False):
        rec = {"_ident": (str(row.citizen_id),), "citizen_id": str(row.citizen_id), **{k: getattr(row, k) for k in PAYERS}}
        rec.update({k: int(getattr(row, k)) for k in ("stays", "nights", "refunded_nights", "support_days")})
        citizens.append(rec)
    citizen_years = [{"_ident": (str(row.citizen_id), int(row.year)), **{k: getattr(row, k) for k in PAYERS}}
                     for row in r.frame("citizen_years", money="decimal").itertuples(index=False)]
    return years, citizens, citizen_years


def scenario_of(stays: pd.DataFrame, support: Optional[pd.DataFrame], cid: str) -> Dict[str, Any]:
    """A register citizen's rows as a scenario, for the engine's explanation."""
    rows = stays[stays.citizen_id == cid]
    sup = support[support.citizen_id == cid] if support is not None else stays.iloc[0:0]
    return {
        "citizen": {"birth_date": str(rows.birth_date.iloc[0])},
        "shelter_stays": [{"admitted": str(x.admitted), "discharged": str(x.discharged), "daily_rate": str(x.daily_rate),
                           "own_payment_per_night": str(x.own_payment_per_night)} for x in rows.itertuples()],
        "home_support": [{"method": x.method, "start": str(x.start), "end": str(x.end), "annual_cost": str(x.annual_cost),
                          "decided_before_discharge": bool(x.decided_before_discharge)} for x in sup.itertuples()],
    }


def check_explanation(wb: Any, cid: str, e: Any, lang: str) -> None:
    """The explanation sheet: the engine's trace for the citizen, entry by entry (rule, dates,
    nights, the text in the workbook's language), and the citizen's amounts per year and in all."""
    ws = wb[EXPLANATION_SHEET[lang]]
    assert cid in str(ws["A1"].value)
    trace = table(wb, len(wb.worksheets) - 1, 0)
    rows = trace.of("data")
    assert len(rows) == len(e.trace), (len(rows), len(e.trace))
    for row, t in zip(rows, e.trace):
        assert row.get("rule") == t.rule
        assert row.get("text") == (t.text_da if lang == "da" else t.text)
        assert row.get("start").date() == t.start and row.get("end").date() == t.end
        assert same(row.get("nights"), int(t.nights)) and same(row.get("refunded_nights"), int(t.refunded_nights))
    amounts = one_segment(table(wb, len(wb.worksheets) - 1, 1))
    check_rows("explanation", amounts.data, [{"_ident": (y.year,), **payers_of(y)} for y in e.years], ("year",))
    check_figures("explanation total", amounts.total, payers_of(e.totals))


def check_register_workbook(r: Any, data: bytes, lang: str = "da", explain: Optional[Tuple[str, Any]] = None) -> Any:
    """Every figure of the register's workbook against the engine: the overview's totals, the
    years, the citizens (counts too) and the citizen-years, each with its totals row and, where
    the rows do not add up, the rounding row (the citizen-years also per year)."""
    wb = load(data)
    check_workbook(wb, "register", lang, explain=explain is not None)
    years, citizens, citizen_years = register_expected(r)
    total = payers_of(r.totals)
    assert overview_money(wb) == [total[k] for k in PAYERS]

    seg = one_segment(table(wb, 1))
    check_rows("years", seg.data, years, ("year",))
    check_figures("years total", seg.total, total)
    check_rounding("years", seg, years, total, PAYERS)

    seg = one_segment(table(wb, 2))
    check_rows("citizens", seg.data, citizens, ("citizen_id",))
    counts = {k: sum(int(c[k]) for c in citizens) for k in ("stays", "nights", "refunded_nights", "support_days")}
    check_figures("citizens total", seg.total, {**total, **counts})
    check_rounding("citizens", seg, citizens, total, PAYERS)

    segs, rest = segments(table(wb, 3))
    assert len(segs) == 1
    seg = segs[0]
    check_rows("citizen-years", seg.data, citizen_years, ("citizen_id", "year"))
    check_figures("citizen-years total", seg.total, total)
    check_rounding("citizen-years", seg, citizen_years, total, PAYERS)
    # Per year: the year's total minus its citizen-years, where they do not add up.
    per_year = {}
    for y in years:
        rows = [c for c in citizen_years if c["_ident"][1] == y["_ident"][0]]
        d = {k: y[k] - sum((c[k] for c in rows), Decimal(0)) for k in PAYERS}
        if any(d.values()):
            per_year[y["_ident"][0]] = d
    found = {norm(row.get("year")): row for row in rest if row.kind == "rounding"}
    assert set(found) == set(per_year), (found, per_year)
    for y, d in per_year.items():
        check_figures(f"citizen-years rounding {y}", found[y], d)
    assert not [row for row in rest if row.kind == "data"], rest
    if per_year:
        assert [row for row in rest if row.kind == "note"], "the per-year rounding rows have no explanation"
    if explain is not None:
        check_explanation(wb, explain[0], explain[1], lang)
    return wb


def generate(citizens: int, seed: int) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """A register with § 85 a support at costs that do not divide into whole øre a day."""
    rng = random.Random(seed)
    stays, support = [], []
    for c in range(citizens):
        cid = f"c{c:03d}"
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 30))
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        end = start + dt.timedelta(days=rng.randint(20, 200))
        stays.append((cid, birth, start, end, Decimal(rng.randint(80000, 150000)) / 100, Decimal(rng.choice([0, 9671])) / 100))
        support.append((cid, "m-act", end, end + dt.timedelta(days=rng.randint(30, 500)),
                        Decimal(rng.randint(8_000_000, 12_000_000)) / 100, True))
    return (pd.DataFrame(stays, columns=list(refusion.api.REGISTER_COLUMNS)),
            pd.DataFrame(support, columns=["citizen_id", "method", "start", "end", "annual_cost",
                                           "decided_before_discharge"]))


def citizens_add_up(r: Any) -> bool:
    c = r.frame("citizens", money="decimal")
    return all(sum(c[k], Decimal(0)) == getattr(r.totals, k) for k in PAYERS)


def test_register_workbook_every_figure_danish_by_default():
    stays, support = generate(12, seed=3)
    r = refusion.evaluate_register(stays, support=support)
    check_register_workbook(r, written(r))


def test_register_workbook_english():
    stays, support = generate(5, seed=4)
    r = refusion.evaluate_register(stays, support=support)
    check_register_workbook(r, written(r, lang="en"), lang="en")


def test_register_workbook_arrow_and_polars_inputs():
    pa = pytest.importorskip("pyarrow")
    stays, support = generate(4, seed=5)
    table_ = pa.Table.from_pandas(stays, preserve_index=False)
    r = refusion.evaluate_register(table_, support=support)
    e = refusion.evaluate(scenario_of(stays, support, "c002"))
    check_register_workbook(r, written(r, explain="c002"), explain=("c002", e))


def rounding_rows(wb: Any) -> List[Row]:
    """The rounding rows of the years, citizens and citizen-years sheets."""
    return [r for n in (1, 2, 3) for r in table(wb, n).rows if r.kind == "rounding"]


def test_rounding_difference_row_only_when_rows_do_not_add_up():
    # Worked by hand (the writer's own test): three citizens, one night each at 1,400.01 with
    # 100.00 own payment. The refund of each is 650.005 → 650.01 (half away from zero), the
    # rows 1,950.03; the total 1,950.015 → 1,950.02: −0.01. The net is the rest: each row
    # 1,400.01 − 100.00 − 650.01 = 650.00 (1,950.00), the total 4,200.03 − 300.00 − 1,950.02 =
    # 1,950.01: +0.01.
    three = pd.DataFrame({
        "citizen_id": ["a", "b", "c"], "birth_date": ["1980-01-01"] * 3, "admitted": ["2026-06-01"] * 3,
        "discharged": ["2026-06-02"] * 3, "daily_rate": ["1400.01"] * 3, "own_payment_per_night": ["100.00"] * 3,
    })
    r = refusion.evaluate_register(three)
    c = r.frame("citizens", money="decimal")
    assert c.state_refusion.tolist() == [Decimal("650.01")] * 3 and c.municipal_net.tolist() == [Decimal("650.00")] * 3
    assert (r.totals.state_refusion, r.totals.municipal_net) == (Decimal("1950.02"), Decimal("1950.01"))
    for lang in ("da", "en"):
        wb = check_register_workbook(r, written(r, lang=lang), lang=lang)
        want = {"gross": Decimal("0.00"), "citizen_payment": Decimal("0.00"),
                "state_refusion": Decimal("-0.01"), "municipal_net": Decimal("0.01")}
        rows = rounding_rows(wb)
        # Citizens, citizen-years and citizen-years of 2026; the one year adds up.
        assert [row.label for row in rows] == [ROUNDING[lang]] * 3, rows
        assert [norm(r.get("year")) for r in rows] == [None, None, 2026]
        for row in rows:
            check_figures("rounding", row, want)
        assert one_segment(table(wb, 1)).rounding is None
    # Registers whose citizens add up and ones that do not, from the generated ones.
    off = up = None
    for seed in range(200):
        stays, support = generate(6, seed)
        g = refusion.evaluate_register(stays, support=support)
        if citizens_add_up(g):
            up = up or g
        else:
            off = off or g
        if off and up:
            break
    assert off is not None and up is not None, "no register found whose citizens do not add up"
    wb = check_register_workbook(off, written(off))
    assert one_segment(table(wb, 2)).rounding is not None
    wb = check_register_workbook(up, written(up))
    assert one_segment(table(wb, 2)).rounding is None
    # E2 (one citizen, whole kroner): no rounding row anywhere.
    e2 = refusion.evaluate_register(E2)
    assert rounding_rows(check_register_workbook(e2, written(e2))) == []


def explanation_texts(wb: Any) -> set:
    return {c.value for _, c in all_cells(wb) if isinstance(c.value, str)}


def test_explain_puts_the_citizens_explanation_in_a_sheet_of_its_own():
    stays, support = generate(4, seed=6)
    r = refusion.evaluate_register(stays, support=support)
    plain = load(written(r))
    wb = load(written(r, explain="c001"))
    assert len(wb.sheetnames) == len(plain.sheetnames) + 1
    extra = [n for n in wb.sheetnames if n not in plain.sheetnames]
    assert extra == [EXPLANATION_SHEET["da"]]
    e = refusion.evaluate(scenario_of(stays, support, "c001"))
    sheet = wb[extra[0]]
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert all(t.text_da in texts for t in e.trace), "the Danish explanation is not in the sheet"
    numbers = {ore(c.value) for row in sheet.iter_rows() for c in row
               if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)}
    assert e.totals.municipal_net in numbers and e.totals.state_refusion in numbers
    # Every figure: the explanation against the engine's, and the citizen's amounts against
    # the register's row for the citizen.
    check_register_workbook(r, written(r, explain="c001"), explain=("c001", e))
    row = r.frame("citizens", money="decimal").set_index("citizen_id").loc["c001"]
    assert payers_of(e.totals) == {k: row[k] for k in PAYERS}
    en = check_register_workbook(r, written(r, explain="c001", lang="en"), lang="en", explain=("c001", e))
    en_texts = {c.value for ws in en.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert all(t.text in en_texts for t in e.trace), "the English explanation is not in the sheet"
    with pytest.raises(refusion.InvalidParameterError) as err:
        r.to_excel(io.BytesIO(), explain="nobody")
    assert err.value.field == "explain"


def test_to_excel_paths_and_bad_arguments(tmp_path):
    r = refusion.evaluate_register(E2)
    r.to_excel(tmp_path / "a.xlsx")
    r.to_excel(str(tmp_path / "b.xlsx"))
    with open(tmp_path / "c.xlsx", "wb") as f:
        r.to_excel(f)
    data = [(tmp_path / n).read_bytes() for n in ("a.xlsx", "b.xlsx", "c.xlsx")]
    assert all(d[:2] == b"PK" for d in data)
    for d in data:
        check_register_workbook(r, d)
    with pytest.raises(refusion.InvalidParameterError) as err:
        r.to_excel(io.BytesIO(), lang="de")
    assert err.value.field == "lang"
    with pytest.raises(refusion.WrongTypeError):
        r.to_excel(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Comparisons, plans, budgets, Monte Carlo
# --------------------------------------------------------------------------------------------


SIDES = ("base", "policy", "difference")


def comparison_expected(c: Any) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    years = []
    for y in c.raw["years"]:
        rec: Dict[str, Any] = {"_ident": (int(y["year"]),), "policy": c.policy, "base": c.base}
        for side in SIDES:
            rec.update({f"{side}_{k}": Decimal(y[side][k]) for k in PAYERS})
        years.append(rec)
    total: Dict[str, Any] = {"policy": c.policy, "base": c.base}
    for side, t in zip(SIDES, (c.base_totals, c.policy_totals, c.difference)):
        total.update({f"{side}_{k}": getattr(t, k) for k in PAYERS})
    return years, total


@pytest.mark.parametrize("lang", ["da", "en"])
def test_comparison_workbooks(lang):
    stays, support = generate(6, seed=7)
    budget = json.loads((EXAMPLES / "budget.json").read_text())
    assert budget["policy"] == "statutory"
    without_policy = {k: v for k, v in budget.items() if k != "policy"}
    comparisons = (refusion.compare_register(stays, support, compare="step-2026"),
                   # The query's own policy against a base …
                   refusion.compare_budget(budget, base="reform-2023"),
                   # … and a ready comparison (its two policies) for a query without one.
                   refusion.compare_budget(without_policy, compare="step-2026"))
    for c in comparisons:
        assert (c.policy, c.base) == ("statutory", "reform-2023")
        wb = load(written(c, lang=lang))
        check_workbook(wb, "comparison", lang)
        years, total = comparison_expected(c)
        assert overview_money(wb) == [total[f"{s}_{k}"] for s in SIDES for k in PAYERS]
        seg = one_segment(table(wb, 1))
        check_rows("comparison", seg.data, years, ("year",))
        check_figures("comparison total", seg.total, total)
        check_rounding("comparison", seg, years, total, tuple(f"{s}_{k}" for s in SIDES for k in PAYERS))


PLAN_MONEY = ("difference_gross", "difference_state_refusion", "difference_municipal_net", "establishment",
              "municipal_effect", "present_value")


def plan_expected(raw: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The plan CSV's columns per year (the effect on the citizens' own payment is in the
    pathways)."""
    out = []
    for y in raw["years"]:
        e = y["effect"]
        rec: Dict[str, Any] = {"_ident": (int(y["year"]),),
                               **{f"difference_{k}": Decimal(e[k]) for k in PAYERS if k != "citizen_payment"},
                               **{k: Decimal(y[k]) for k in ("establishment", "municipal_effect", "present_value")},
                               "support_citizen_years": Decimal(y["support_citizen_years"]),
                               "teams": y["teams"], "new_teams": y["new_teams"]}
        if y.get("fte") is not None:
            rec["fte"] = Decimal(y["fte"])
        out.append(rec)
    return out


def plan_total(raw: Dict[str, Any]) -> Dict[str, Any]:
    return {**{f"difference_{k}": Decimal(raw["total_effect"][k]) for k in PAYERS if k != "citizen_payment"},
            # Establishment is whole kroner a year: its total is the sum.
            "establishment": sum((Decimal(y["establishment"]) for y in raw["years"]), Decimal(0)),
            "municipal_effect": Decimal(raw["total_municipal_effect"]),
            "present_value": Decimal(raw["total_present_value"])}


PATHWAY_NAMES = {"da": ("Uændret (basis)", "Plan"), "en": ("Unchanged (baseline)", "Plan")}
VARIANT_NAMES = {"da": {"low": "lav", "mean": "gennemsnit", "high": "høj"}, "en": {}}


def pathways_expected(raw: Dict[str, Any], lang: str, lead: Dict[str, Any]) -> List[Dict[str, Any]]:
    out = []
    for y in raw["years"]:
        for name, side in zip(PATHWAY_NAMES[lang], ("baseline", "plan")):
            p = y[side]
            out.append({"_ident": (*lead.values(), int(y["year"]), name),
                        **{k: Decimal(p[k]) for k in ("shelter", "support", *PAYERS)}})
    return out


@pytest.mark.parametrize("lang", ["da", "en"])
def test_plan_workbook(lang):
    p = refusion.plan(json.loads((EXAMPLES / "plan.json").read_text()))
    wb = load(written(p, lang=lang))
    check_workbook(wb, "plan", lang)
    raw = p.raw
    assert overview_money(wb) == [*(Decimal(raw["total_effect"][k]) for k in PAYERS),
                                  Decimal(raw["total_municipal_effect"]), Decimal(raw["total_present_value"])]
    years, total = plan_expected(raw), plan_total(raw)
    seg = one_segment(table(wb, 1))
    check_rows("plan", seg.data, years, ("year",))
    check_figures("plan total", seg.total, total)
    check_rounding("plan", seg, years, total, PLAN_MONEY)
    t = table(wb, 2)
    assert not segments(t)[0]
    check_rows("pathways", t.rows, pathways_expected(raw, lang, {}), ("year", "pathway"))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_budget_workbook(lang):
    b = refusion.budget(json.loads((EXAMPLES / "budget.json").read_text()))
    wb = load(written(b, lang=lang))
    check_workbook(wb, "budget", lang)
    variants = b.raw["variants"]
    assert [v["label"] for v in variants] == ["low", "mean", "high"]
    name = {v["label"]: VARIANT_NAMES[lang].get(v["label"], v["label"]) for v in variants}
    money = []
    for v in variants:
        money += [Decimal(v["annual_cost"]), Decimal(v["total_municipal_effect"]), Decimal(v["total_present_value"])]
        if v.get("cost_per_fte") is not None:
            money.append(Decimal(v["cost_per_fte"]))
    assert overview_money(wb) == money
    ws = wb.worksheets[0]
    assert [r[1].value for r in ws.iter_rows(min_col=1, max_col=2) if r[0].value == "Variant"] == \
        [name[v["label"]] for v in variants]
    segs, rest = segments(table(wb, 1))
    assert len(segs) == len(variants) and not [r for r in rest if r.kind == "data"]
    pathways = []
    for seg, v in zip(segs, variants):
        lead = {"variant": name[v["label"]], "annual_cost": Decimal(v["annual_cost"])}
        years = [{**y, **lead} for y in plan_expected(v)]
        total = {**plan_total(v), **lead}
        check_rows(f"budget {v['label']}", seg.data, years, ("year",))
        check_figures(f"budget {v['label']} total", seg.total, total)
        check_rounding(f"budget {v['label']}", seg, years, total, PLAN_MONEY)
        pathways += pathways_expected(v, lang, {"variant": name[v["label"]]})
    t = table(wb, 2)
    assert not segments(t)[0]
    check_rows("budget pathways", t.rows, pathways, ("variant", "year", "pathway"))


BANDS = ("p5", "p50", "p95", "min", "max")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_monte_carlo_workbook(lang):
    q = json.loads((EXAMPLES / "monte_carlo.json").read_text())
    q["plan"]["cohort"]["citizens"] = 100
    q["run"]["draws"] = 40
    mc = refusion.monte_carlo(q)
    wb = load(written(mc, lang=lang))
    check_workbook(wb, "monte_carlo", lang)
    raw = mc.raw
    assert overview_money(wb)[:len(BANDS)] == [mc.total[k] for k in BANDS]
    years = [{"_ident": (int(y["year"]),), **{k: Decimal(y[k]) for k in BANDS}} for y in raw["years"]]
    segs, rest = segments(table(wb, 1))
    if raw.get("total") is None:
        assert not segs
        check_rows("monte carlo", [r for r in rest if r.kind == "data"], years, ("year",))
    else:
        # The total row is the whole horizon's band (percentiles of the sum over the years),
        # not a sum of the years' percentiles: no rounding row.
        assert len(segs) == 1
        seg = segs[0]
        check_rows("monte carlo", seg.data, years, ("year",))
        check_figures("monte carlo total", seg.total, {k: mc.total[k] for k in BANDS})
        assert seg.rounding is None
    # The distributions drawn from, and the draws shown.
    inputs = raw["inputs"]
    rows = table(wb, 2).of("data")
    cost = inputs["support_cost"]
    check_figures("assumptions", rows[0], {"low_value": Decimal(cost["low"]), "mode": Decimal(cost["mode"]),
                                           "high_value": Decimal(cost["high"])})
    percents = [inputs[k] for k in ("rate_change_percent", "stay_change_percent", "share_discharged_percent")
                if inputs.get(k) is not None]
    assert len(rows) == 1 + len(percents)
    for row, r in zip(rows[1:], percents):
        check_figures("assumptions", row, {"low_value": int(r["low"]), "high_value": int(r["high"])})
    draws = table(wb, 3).of("data")
    assert len(draws) == len(raw["sample"]) > 0
    for row, d in zip(draws, raw["sample"]):
        check_figures("draws", row, {"annual_cost": Decimal(d["support_cost"]), "rate_percent": int(d["rate_percent"]),
                                     "stay_percent": int(d["stay_percent"]), "share_percent": int(d["share_percent"])})


def test_explain_is_for_registers_only():
    p = refusion.plan(json.loads((EXAMPLES / "plan.json").read_text()))
    with pytest.raises(refusion.InvalidParameterError):
        p.to_excel(io.BytesIO(), explain="E1")


# --------------------------------------------------------------------------------------------
# LibreOffice opens a written workbook
# --------------------------------------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed; scripts/test.sh installs libreoffice-calc-nogui")
    pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")


def test_libreoffice_opens_the_workbook(tmp_path):
    soffice = _soffice()
    r = refusion.evaluate_register(E2)
    src = tmp_path / "e2.xlsx"
    r.to_excel(src, lang="en")
    out = tmp_path / "out"
    out.mkdir()
    # Every sheet (-1) to its own CSV: ',', '"', UTF-8, raw values (not as shown).
    filt = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,false,false,false,-1'
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([soffice, "--headless", "--convert-to", filt, "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180, env=env)
    csvs = sorted(out.glob("*.csv"))
    assert csvs, "LibreOffice wrote no CSV"
    numbers = []
    for f in csvs:
        for line in f.read_text(encoding="utf-8").splitlines():
            cells = [c.strip('"') for c in line.split(",")]
            row = set()
            for c in cells:
                try:
                    row.add(Decimal(c).quantize(CENT))
                except Exception:
                    pass
            numbers.append((cells, row))
    # E2: 299,600.00 gross, 21,400.00 own payment, 58,500.00 refund, 219,700.00 municipal net.
    want = {Decimal("299600.00"), Decimal("21400.00"), Decimal("58500.00"), Decimal("219700.00")}
    assert any(want <= row and "2026" in cells for cells, row in numbers), "the year 2026 row is not in the CSV"
    assert any(want <= row and "E2" in cells for cells, row in numbers), "the citizen E2 row is not in the CSV"


# --------------------------------------------------------------------------------------------
# Reading workbooks
# --------------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> Tuple[List[str], List[List[str]]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    return header, [line.split(";") for line in lines[1:] if line]


def workbook_from_csv(csv_path: Path, out: Path, sheet: str = "Ark1", change: Optional[Tuple[int, str, Any]] = None) -> Path:
    """The CSV as a workbook the way an analyst's would be: dates as real dates, amounts as
    numbers, ``ja`` as text. ``change`` = (data row, column, value) sets one cell."""
    header, rows = _csv_rows(csv_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for n, row in enumerate(rows, start=1):
        cells: List[Any] = []
        for key, text in zip(header, row):
            if key in ("birth_date", "admitted", "discharged", "start", "end", "decided_on"):
                cells.append(dt.date.fromisoformat(text))
            elif key in ("daily_rate", "own_payment_per_night", "annual_cost"):
                d = refusion.parse_amount(text)
                cells.append(int(d) if d == d.to_integral_value() else d)
            else:
                cells.append(text)
        if change and change[0] == n:
            cells[header.index(change[1])] = change[2]
        ws.append(cells)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, dt.date):
                c.number_format = "yyyy-mm-dd"
    wb.save(out)
    return out


def example(name: str) -> Path:
    p = EXAMPLES / name
    if not p.exists():
        pytest.fail(f"examples/{name} has not been added yet")
    return p


@pytest.fixture
def generated(tmp_path):
    return (workbook_from_csv(EXAMPLES / "register.csv", tmp_path / "register.xlsx"),
            workbook_from_csv(EXAMPLES / "register_support.csv", tmp_path / "support.xlsx"))


def frames_equal(a: Any, b: Any) -> None:
    assert a.totals == b.totals
    assert a.rows == b.rows and a.n_citizens == b.n_citizens
    pd.testing.assert_frame_equal(a.years.astype(object), b.years.astype(object), check_dtype=False)


def test_read_register_workbooks_equal_the_csv(generated):
    csv = refusion.read_register(EXAMPLES / "register.csv", support=EXAMPLES / "register_support.csv")
    stream = refusion.evaluate_register_csv(EXAMPLES / "register.csv", support=EXAMPLES / "register_support.csv")
    assert csv.totals == stream.totals
    sources = [generated,
               (example("register.xlsx"), example("register_support.xlsx")),
               (example("register.ods"), example("register_support.ods"))]
    for stays, support in sources:
        for given in ((stays, support), (stays.read_bytes(), support.read_bytes()), (str(stays), str(support))):
            r = refusion.read_register(given[0], support=given[1])
            frames_equal(r, csv)
            for level in ("citizens", "citizen_years"):
                pd.testing.assert_frame_equal(r.frame(level, money="decimal"), csv.frame(level, money="decimal"))
            assert r.citizens["citizen_id"].tolist() == ["E1", "E4", "E5"]
            s = refusion.evaluate_register_csv(given[0], support=given[1])
            assert s.totals == stream.totals
            assert s.years.equals(stream.years)
            assert s.citizens.equals(stream.citizens)
        # A workbook register with a CSV support file, and the other way round.
        assert refusion.evaluate_register_csv(stays, support=EXAMPLES / "register_support.csv").totals == stream.totals
        assert refusion.evaluate_register_csv(EXAMPLES / "register.csv", support=support).totals == stream.totals
        assert refusion.compare_register(stays, support, compare="step-2026").raw == \
            refusion.compare_register(EXAMPLES / "register.csv", EXAMPLES / "register_support.csv",
                                      compare="step-2026").raw


def test_read_register_result_is_a_register_result(generated):
    pa = pytest.importorskip("pyarrow")
    r = refusion.read_register(generated[0], support=generated[1])
    assert isinstance(r, refusion.RegisterResult)
    t = r.to_arrow("citizens")
    assert t.column("citizen_id").to_pylist() == ["E1", "E4", "E5"]
    assert t.schema.field("municipal_net").type == pa.decimal128(38, 2)
    polars = pytest.importorskip("polars")
    assert r.to_polars("years").height == len(r.years)
    check_register_workbook(r, written(r))
    # Its explanation comes from the register's own rows.
    wb = load(written(r, explain="E5", lang="en"))
    e5 = refusion.evaluate({
        "citizen": {"birth_date": "1988-04-20"},
        "shelter_stays": [{"admitted": "2026-10-01", "discharged": "2027-01-01", "daily_rate": "1400",
                           "own_payment_per_night": "100"}],
        "home_support": [{"method": "m-act", "start": "2027-01-01", "end": "2029-01-01", "annual_cost": "104000",
                          "decided_before_discharge": True}]})
    texts = {c.value for _, c in all_cells(wb) if isinstance(c.value, str)}
    assert any(t.text in s for t in e5.trace for s in texts)
    with pytest.raises(refusion.InvalidParameterError):
        r.to_excel(io.BytesIO(), explain="E9")


def test_an_amount_not_exact_to_the_ore_is_refused_by_sheet_row_and_column(tmp_path):
    # The third data row (row 4 of the sheet) holds 1400.0000001 in column E (daily_rate).
    bad = workbook_from_csv(EXAMPLES / "register.csv", tmp_path / "bad.xlsx", change=(3, "daily_rate", 1400.0000001))
    for call in (refusion.read_register, refusion.evaluate_register_csv):
        with pytest.raises(refusion.RefusionError) as err:
            call(bad)
        assert err.value.field == 'sheet "Ark1", row 4, column E (daily_rate)', err.value.field
    bad_support = workbook_from_csv(EXAMPLES / "register_support.csv", tmp_path / "bad_support.xlsx",
                                    change=(1, "annual_cost", 104000.001))
    with pytest.raises(refusion.RefusionError) as err:
        refusion.read_register(EXAMPLES / "register.csv", support=bad_support)
    assert err.value.field.endswith('sheet "Ark1", row 2, column E (annual_cost)'), err.value.field


def test_a_misspelt_column_is_refused(tmp_path):
    header, rows = _csv_rows(EXAMPLES / "register.csv")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["daily_rat" if h == "daily_rate" else h for h in header])
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / "misspelt.xlsx")
    for call in (refusion.read_register, refusion.evaluate_register_csv):
        with pytest.raises(refusion.RefusionError) as err:
            call(tmp_path / "misspelt.xlsx")
        assert "daily_rat" in str(err.value)


def test_hostile_workbooks_are_refused_with_their_code_and_cell():
    """Every hostile workbook of tests/hostile/workbooks.json that must be refused is refused by
    read_register with its code, the field starting as the table says (Rust, the CLI and Node
    walk the same table)."""
    table = json.loads((ROOT / "tests" / "hostile" / "workbooks.json").read_text(encoding="utf-8"))
    refused = [w for w in table["workbooks"] if "code" in w]
    assert len(refused) == 10
    for w in refused:
        path = ROOT / "tests" / "hostile" / "workbooks" / w["file"]
        with pytest.raises(refusion.RefusionError) as info:
            refusion.read_register(path)
        assert info.value.code == w["code"], (w["file"], info.value)
        assert info.value.field.startswith(w["field"]), (w["file"], info.value.field)
