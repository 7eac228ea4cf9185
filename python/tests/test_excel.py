"""Excel in and out (issue 18).

In: ``read_register`` and ``evaluate_register_csv`` read a register (and support table) from an
``.xlsx`` or ``.ods`` workbook beside CSV, with exactly the results of the CSV; a cell that is
not exact to the øre or a misspelt column is refused with the sheet, row and column.

Out: every ``to_excel`` writes a workbook (by ``refusion-xlsx``) that openpyxl reads back. Every
figure in it is checked against the engine's result to the øre — money cells are numbers, read
as ``Decimal(str(value))`` and compared exactly, never with a float tolerance. The tables are
found by their headers, which are the core's column labels (``_core.column_labels()``: Danish by
default, English with ``lang="en"``), so the test does not depend on where a table stands. No
cell holds a formula. A rounding-difference row appears exactly when the rounded per-citizen
rows do not add up to the total. LibreOffice converts a written workbook to CSV, which holds the
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

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAYERS = ("gross", "citizen_payment", "state_refusion", "municipal_net")
CENT = Decimal("0.01")
LABELS = _core.column_labels()
KEY_OF = {**{k: k for k, _, _ in LABELS}, **{da: k for k, da, _ in LABELS}, **{en: k for k, _, en in LABELS}}
DA_LABELS = {da for _, da, en in LABELS if da != en}
EN_LABELS = {en for _, da, en in LABELS if da != en}
TOTAL_LABELS = {"i alt", "total"}
COUNTS = ("stays", "nights", "refunded_nights", "support_days", "teams", "new_teams", "draws", "seed")

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


def tables(wb: Any) -> List[Tuple[str, List[str], List[Dict[str, Any]]]]:
    """Every table of the workbook: ``(sheet, keys, rows)``. A header row is one with at least
    two cells that are column labels of the core; its rows run to the next empty row. A row is
    ``{key: value}`` plus ``"_label"``, its first cell."""
    found = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        i = 0
        while i < len(rows):
            cells = rows[i]
            keys = [KEY_OF.get(v.strip()) if isinstance(v, str) else None for v in cells]
            if sum(k is not None for k in keys) >= 2:
                body = []
                i += 1
                while i < len(rows) and any(v not in (None, "") for v in rows[i]):
                    r = {k: v for k, v in zip(keys, rows[i]) if k is not None}
                    r["_label"] = next((v for v in rows[i] if v not in (None, "")), None)
                    body.append(r)
                    i += 1
                found.append((ws.title, [k for k in keys if k], body))
            else:
                i += 1
    return found


def is_total(row: Dict[str, Any]) -> bool:
    return isinstance(row["_label"], str) and row["_label"].strip().lower() in TOTAL_LABELS


def same(cell: Any, expected: Any) -> bool:
    if isinstance(expected, Decimal):
        return ore(cell) == expected.quantize(CENT)
    return cell == expected or (isinstance(cell, (int, float)) and Decimal(str(cell)) == Decimal(expected))


def check_records(wb: Any, expected: List[Dict[str, Any]], *, ident: Tuple[str, ...]) -> None:
    """Every row of a table that names one of the expected records (by the ``ident`` keys, or
    as a total row: ``_label`` "total") holds its figures exactly, and every expected record is
    found at least once with every figure it has a column for."""
    seen = [0] * len(expected)
    checked = 0
    for sheet, keys, rows in tables(wb):
        for row in rows:
            key = ("total",) if is_total(row) else tuple(row.get(k) for k in ident)
            if not is_total(row) and (None in key or not any(k in row for k in ident)):
                continue
            for n, want in enumerate(expected):
                if want["_ident"] != key:
                    continue
                common = [k for k in row if k in want and k not in ("_label", "_ident")]
                if not common:
                    continue
                for k in common:
                    assert same(row[k], want[k]), (sheet, key, k, row[k], want[k])
                    checked += 1
                seen[n] += 1
    missing = [w["_ident"] for w, s in zip(expected, seen) if not s]
    assert not missing, f"not in the workbook: {missing}"
    assert checked


def no_formulas_and_numbers(wb: Any) -> None:
    money = {k for k, _, _ in LABELS if k not in ("citizen_id", "year", "policy", "base", "variant", "section",
                                                   "pathway", "item", "label", "date", "rule", "text", "input",
                                                   "low_value", "high_value", "value")}
    for sheet, cell in all_cells(wb):
        assert not (isinstance(cell.value, str) and cell.value.startswith("=")), (sheet, cell.coordinate, cell.value)
        assert cell.data_type != "f", (sheet, cell.coordinate)
    for sheet, keys, rows in tables(wb):
        for row in rows:
            for k in keys:
                if k in money and row.get(k) not in (None, ""):
                    assert isinstance(row[k], (int, float)), (sheet, k, row[k])


def language(wb: Any, lang: str) -> None:
    """The headers are the core's labels in ``lang`` (and none of the other language's)."""
    texts = {c.value.strip() for _, c in all_cells(wb) if isinstance(c.value, str)}
    mine, other = (DA_LABELS, EN_LABELS) if lang == "da" else (EN_LABELS, DA_LABELS)
    assert texts & mine, f"no {lang} column labels"
    assert not (texts & other), f"{lang} workbook has labels of the other language: {sorted(texts & other)}"


def written(result: Any, **kw: Any) -> bytes:
    out = io.BytesIO()
    result.to_excel(out, **kw)
    data = out.getvalue()
    assert data[:2] == b"PK"
    return data


def totals_record(ident: Any, t: Any, prefix: str = "") -> Dict[str, Any]:
    return {"_ident": ident, **{f"{prefix}{k}": getattr(t, k) if hasattr(t, k) else Decimal(t[k]) for k in PAYERS}}


# --------------------------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------------------------


def register_expected(r: Any) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]], List[Dict[str, Any]]]:
    years = [{"_ident": (int(y),), **{k: Decimal(row[k]) for k in PAYERS}} for y, row in r.years.iterrows()]
    years.append(totals_record(("total",), r.totals))
    citizens = []
    for row in r.frame("citizens", money="decimal").itertuples(index=False):
        rec = {"_ident": (str(row.citizen_id),), **{k: getattr(row, k) for k in PAYERS}}
        rec.update({k: int(getattr(row, k)) for k in ("stays", "nights", "refunded_nights", "support_days")})
        citizens.append(rec)
    citizen_years = [{"_ident": (str(row.citizen_id), int(row.year)), **{k: getattr(row, k) for k in PAYERS}}
                     for row in r.frame("citizen_years", money="decimal").itertuples(index=False)]
    return years, citizens, citizen_years


def check_register_workbook(r: Any, data: bytes, lang: str = "da") -> Any:
    wb = load(data)
    no_formulas_and_numbers(wb)
    language(wb, lang)
    years, citizens, citizen_years = register_expected(r)
    check_records(wb, years[:-1], ident=("year",))
    # The total row: in the year table (its label "I alt"/"Total").
    check_records(wb, [years[-1]], ident=("year",))
    check_records(wb, citizens, ident=("citizen_id",))
    check_records(wb, citizen_years, ident=("citizen_id", "year"))
    return wb


def rounding_rows(wb: Any, r: Any) -> List[Dict[str, Any]]:
    """Rows of the citizens' table that are neither a citizen nor the total row: the rounding
    difference."""
    ids = {str(v) for v in r.citizens["citizen_id"]}
    out = []
    for _, keys, rows in tables(wb):
        if "citizen_id" not in keys or "year" in keys:
            continue
        for row in rows:
            if str(row.get("citizen_id")) in ids or is_total(row):
                continue
            if any(k in row and isinstance(row[k], (int, float)) for k in PAYERS):
                out.append(row)
    return out


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
    table = pa.Table.from_pandas(stays, preserve_index=False)
    r = refusion.evaluate_register(table, support=support)
    check_register_workbook(r, written(r, explain="c002"))


def test_rounding_difference_row_only_when_rows_do_not_add_up():
    # Ask the data: registers whose rounded citizens do not add up to the total, and ones
    # that do.
    off = up = None
    for seed in range(200):
        stays, support = generate(6, seed)
        r = refusion.evaluate_register(stays, support=support)
        if citizens_add_up(r):
            up = up or r
        else:
            off = off or r
        if off and up:
            break
    assert off is not None and up is not None, "no register found whose citizens do not add up"
    wb = load(written(off))
    rows = rounding_rows(wb, off)
    assert len(rows) == 1, rows
    c = off.frame("citizens", money="decimal")
    for k in PAYERS:
        if k in rows[0]:
            assert ore(rows[0][k]) == getattr(off.totals, k) - sum(c[k], Decimal(0)), k
    assert rounding_rows(load(written(up)), up) == []
    e2 = refusion.evaluate_register(E2)
    assert rounding_rows(load(written(e2)), e2) == []


def explanation_texts(wb: Any) -> set:
    return {c.value for _, c in all_cells(wb) if isinstance(c.value, str)}


def test_explain_puts_the_citizens_explanation_in_a_sheet_of_its_own():
    stays, support = generate(4, seed=6)
    r = refusion.evaluate_register(stays, support=support)
    plain = load(written(r))
    wb = load(written(r, explain="c001"))
    assert len(wb.sheetnames) == len(plain.sheetnames) + 1
    extra = [n for n in wb.sheetnames if n not in plain.sheetnames]
    assert len(extra) == 1
    rows = stays[stays.citizen_id == "c001"]
    sup = support[support.citizen_id == "c001"]
    e = refusion.evaluate({
        "citizen": {"birth_date": rows.birth_date.iloc[0]},
        "shelter_stays": [{"admitted": x.admitted, "discharged": x.discharged, "daily_rate": x.daily_rate,
                           "own_payment_per_night": x.own_payment_per_night} for x in rows.itertuples()],
        "home_support": [{"method": x.method, "start": x.start, "end": x.end, "annual_cost": x.annual_cost,
                          "decided_before_discharge": bool(x.decided_before_discharge)} for x in sup.itertuples()],
    })
    sheet = wb[extra[0]]
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert any(t.text_da in s for t in e.trace for s in texts), "the Danish explanation is not in the sheet"
    numbers = {ore(c.value) for row in sheet.iter_rows() for c in row
               if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)}
    assert e.totals.municipal_net in numbers and e.totals.state_refusion in numbers
    en = load(written(r, explain="c001", lang="en"))
    en_texts = {c.value for ws in en.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert any(t.text in s for t in e.trace for s in en_texts), "the English explanation is not in the sheet"
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
    check_register_workbook(r, data[0])
    with pytest.raises(refusion.InvalidParameterError) as err:
        r.to_excel(io.BytesIO(), lang="de")
    assert err.value.field == "lang"
    with pytest.raises(refusion.WrongTypeError):
        r.to_excel(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Comparisons, plans, budgets, Monte Carlo
# --------------------------------------------------------------------------------------------


def comparison_expected(c: Any) -> List[Dict[str, Any]]:
    out = []
    for y in c.raw["years"]:
        rec: Dict[str, Any] = {"_ident": (int(y["year"]),)}
        for side in ("base", "policy", "difference"):
            rec.update({f"{side}_{k}": Decimal(y[side][k]) for k in PAYERS})
        out.append(rec)
    total: Dict[str, Any] = {"_ident": ("total",)}
    for side, t in (("base", c.base_totals), ("policy", c.policy_totals), ("difference", c.difference)):
        total.update({f"{side}_{k}": getattr(t, k) for k in PAYERS})
    out.append(total)
    return out


@pytest.mark.parametrize("lang", ["da", "en"])
def test_comparison_workbooks(lang):
    stays, support = generate(6, seed=7)
    for c in (refusion.compare_register(stays, support, compare="step-2026"),
              refusion.compare_budget(json.loads((EXAMPLES / "budget.json").read_text()), compare="reform")):
        wb = load(written(c, lang=lang))
        no_formulas_and_numbers(wb)
        language(wb, lang)
        check_records(wb, comparison_expected(c), ident=("year",))


def plan_expected(raw: Dict[str, Any]) -> List[Dict[str, Any]]:
    out = []
    for y in raw["years"]:
        e = y["effect"]
        rec: Dict[str, Any] = {"_ident": (int(y["year"]),),
                               **{f"difference_{k}": Decimal(e[k]) for k in PAYERS},
                               **{k: Decimal(y[k]) for k in ("establishment", "municipal_effect", "present_value")},
                               "support_citizen_years": Decimal(y["support_citizen_years"]),
                               "teams": y["teams"], "new_teams": y["new_teams"]}
        if y.get("fte") is not None:
            rec["fte"] = Decimal(y["fte"])
        out.append(rec)
    return out


def plan_total(raw: Dict[str, Any]) -> Dict[str, Any]:
    return {"_ident": ("total",), **{f"difference_{k}": Decimal(raw["total_effect"][k]) for k in PAYERS},
            "municipal_effect": Decimal(raw["total_municipal_effect"]),
            "present_value": Decimal(raw["total_present_value"])}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_plan_workbook(lang):
    p = refusion.plan(json.loads((EXAMPLES / "plan.json").read_text()))
    wb = load(written(p, lang=lang))
    no_formulas_and_numbers(wb)
    language(wb, lang)
    check_records(wb, [*plan_expected(p.raw), plan_total(p.raw)], ident=("year",))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_budget_workbook(lang):
    b = refusion.budget(json.loads((EXAMPLES / "budget.json").read_text()))
    wb = load(written(b, lang=lang))
    no_formulas_and_numbers(wb)
    language(wb, lang)
    for v in b.raw["variants"]:
        # A variant's rows hold its figures (the rows of each variant found by their values:
        # whether the variant is a column or a sheet of its own is the writer's choice).
        years = plan_expected(v)
        found = [row for _, keys, rows in tables(wb) if "year" in keys for row in rows
                 if row.get("variant") in (None, v["label"])]
        for want in years:
            matches = [row for row in found if (row.get("year"),) == want["_ident"]
                       and all(same(row[k], want[k]) for k in row if k in want)]
            assert matches, (v["label"], want["_ident"])
        cost = Decimal(v["annual_cost"])
        assert any(isinstance(c.value, (int, float)) and ore(c.value) == cost for _, c in all_cells(wb)), cost


@pytest.mark.parametrize("lang", ["da", "en"])
def test_monte_carlo_workbook(lang):
    q = json.loads((EXAMPLES / "monte_carlo.json").read_text())
    q["plan"]["cohort"]["citizens"] = 100
    q["run"]["draws"] = 40
    mc = refusion.monte_carlo(q)
    wb = load(written(mc, lang=lang))
    no_formulas_and_numbers(wb)
    language(wb, lang)
    bands = ("p5", "p50", "p95", "min", "max")
    expected = [{"_ident": (int(y["year"]),), **{k: Decimal(y[k]) for k in bands}} for y in mc.raw["years"]]
    expected.append({"_ident": ("total",), **{k: mc.total[k] for k in bands}})
    check_records(wb, expected, ident=("year",))


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
