"""The Danish CSV opens as numbers in a Danish spreadsheet.

LibreOffice Calc, headless, imports the files ``to_csv(dialect="da")`` writes and saves them as
xlsx; openpyxl reads the cells back. Every amount must be a number cell holding the amount
(219700, not the text "219700,00"). Three imports:

* ``danish``: the CSV filter told ``;``, ``"``, UTF-8, from line 1, language 1030 (Danish);
* ``locale``: the same filter without a language, in a Danish locale (``LANG=da_DK.UTF-8``):
  the decimal comma is read by the locale alone;
* ``english``: language 1033 (en-US), the control: there the amounts stay text, so the two
  tests above really test the Danish reading.

Needs ``soffice`` (Debian's ``libreoffice-calc-nogui``; scripts/test.sh installs it). Without
it the test is skipped, except in CI (``CI`` set), where it fails.
"""

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import refusion

try:
    import openpyxl
except ImportError:  # pragma: no cover - requirements-dev.txt installs it
    if os.environ.get("CI"):
        raise
    pytest.skip("openpyxl is not installed (pip install -r requirements-dev.txt)", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# E2 (see test_dialect.py): statutory refunds 90 nights of 650.00 = 58,500.00; municipal net
# 299,600.00 − 21,400.00 − 58,500.00 = 219,700.00.
E2 = pd.DataFrame({
    "citizen_id": ["E2"], "birth_date": ["1988-04-20"], "admitted": ["2026-06-01"],
    "discharged": ["2027-01-01"], "daily_rate": ["1400"], "own_payment_per_night": ["100"],
})

IMPORTS = {
    "danish": ("CSV:59,34,76,1,,1030", "da_DK.UTF-8"),
    "locale": ("CSV:59,34,76,1", "da_DK.UTF-8"),
    "english": ("CSV:59,34,76,1,,1033", "da_DK.UTF-8"),
}


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed; scripts/test.sh installs libreoffice-calc-nogui")
    pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui "
                "(scripts/test.sh does) to open the Danish CSV in a Danish spreadsheet")


def _convert(files, how: str, tmp: Path):
    """The files imported by LibreOffice as ``how`` and saved as xlsx: ``{name: rows}``, each
    row a list of openpyxl cells."""
    soffice = _soffice()
    infilter, lang = IMPORTS[how]
    out = tmp / f"xlsx-{how}"
    env = {**os.environ, "LANG": lang, "LC_ALL": lang}
    profile = (tmp / "lo-profile").as_uri()  # its own profile: no clash with a running LibreOffice
    run = subprocess.run(
        [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile}",
         f"--infilter={infilter}", "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    sheets = {}
    for f in files:
        xlsx = out / (Path(f).stem + ".xlsx")
        assert xlsx.exists(), f"LibreOffice did not convert {f}: {run.stdout}\n{run.stderr}"
        sheets[Path(f).stem] = list(openpyxl.load_workbook(xlsx).active.iter_rows())
    return sheets


def _amount(cell) -> Decimal:
    """A number cell's value as the amount it holds (to the øre)."""
    assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (cell.coordinate, cell.value)
    return Decimal(repr(float(cell.value))).quantize(Decimal("0.01"))


@pytest.fixture(scope="module")
def danish_files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("danish-csv")
    e2 = refusion.evaluate_register(E2)
    e2.to_csv(tmp / "e2_years.csv", dialect="da")
    # The example register under the whole reform: amounts with øre and negative differences.
    reform = refusion.compare_register(EXAMPLES / "register.csv", EXAMPLES / "register_support.csv", compare="reform")
    reform.to_csv(tmp / "reform.csv", dialect="da")
    budget = refusion.budget(refusion.load_case(EXAMPLES / "budget.json"))
    budget.to_csv(tmp / "budget.csv", dialect="da")
    return tmp, reform, budget


@pytest.mark.parametrize("how", ["danish", "locale"])
def test_danish_csv_opens_as_numbers(danish_files, how):
    tmp, reform, budget = danish_files
    sheets = _convert([tmp / "e2_years.csv", tmp / "reform.csv", tmp / "budget.csv"], how, tmp)

    header, year, total = sheets["e2_years"]
    assert [c.value for c in header] == ["År", "Bruttoudgift (kr.)", "Borgerens egenbetaling (kr.)",
                                         "Statens refusion (kr.)", "Kommunens nettoudgift (kr.)"]
    assert year[0].value == 2026 and total[0].value == "I alt"
    for row in (year, total):
        assert [_amount(c) for c in row[1:]] == [Decimal("299600.00"), Decimal("21400.00"),
                                                 Decimal("58500.00"), Decimal("219700.00")]
    assert year[4].value == 219700.0

    # Every amount of the comparison, øre and signs included, is the number the result holds.
    rows = sheets["reform"]
    keys = [c.value for c in rows[0]]
    assert keys[-1] == "Forskel i kommunens nettoudgift (kr.)"
    frame = reform.years
    assert [r[0].value for r in rows[1:]] == [*frame.index, "I alt"]
    for r, (_, expected) in zip(rows[1:], frame.iterrows()):
        assert [c.value for c in r[1:3]] == ["statutory", "pre-reform"]
        assert [_amount(c) for c in r[3:]] == list(expected)
    assert [_amount(c) for c in rows[-1][-2:]] == [reform.difference.state_refusion, reform.difference.municipal_net]
    assert any(_amount(c) < 0 for r in rows[1:] for c in r[3:])
    assert any(_amount(c) % 1 for r in rows[1:] for c in r[3:])  # some amounts have øre

    # The budget: decimal counts (citizen-years, FTE) are numbers too; empty cells stay empty.
    rows = sheets["budget"]
    first = budget.to_frame().iloc[0]
    assert rows[1][0].value == "low" and _amount(rows[1][1]) == first.annual_cost
    assert _amount(rows[1][3]) == first.support_citizen_years
    assert isinstance(rows[1][6].value, float)  # FTE 4,5
    assert rows[4][2].value == "I alt" and rows[4][3].value is None


def test_english_import_keeps_the_danish_amounts_as_text(danish_files):
    # The control: with the en-US language the decimal comma is not read, so the amounts stay
    # text; the Danish imports above are what turns them into numbers.
    tmp, _, _ = danish_files
    year = _convert([tmp / "e2_years.csv"], "english", tmp)["e2_years"][1]
    assert year[4].value == "219700,00" and year[4].data_type == "s"
