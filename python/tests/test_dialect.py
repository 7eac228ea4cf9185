"""Ready policy comparisons (compare_register, compare_budget) and CSV in the Danish dialect.

Every figure here is worked out by hand in the comments (worked example E2 of the domain notes
and the core's hand-worked budget), never copied from the code's output.
"""

import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import refusion

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "debug" / "refusion"
EXAMPLES = ROOT / "examples"
BOM = b"\xef\xbb\xbf"

# E2: one citizen, one stay 2026-06-01 → 2027-01-01 (214 nights, all in 2026) at 1,400 a night,
# own payment 100. Gross 214 × 1,400 = 299,600.00; own payment 214 × 100 = 21,400.00. A refunded
# night is refunded at 50 % of 1,400 − 100 = 650.00.
#   statutory (cap 90 for nights from 1 April 2026): 90 × 650 = 58,500.00 refunded,
#       municipal net 299,600 − 21,400 − 58,500 = 219,700.00;
#   reform-2023 (cap 120 throughout): 120 × 650 = 78,000.00, net 278,200 − 78,000 = 200,200.00;
#   pre-reform (no cap): 214 × 650 = 139,100.00, net 278,200 − 139,100 = 139,100.00.
# So the 2026 step costs the municipality 219,700 − 200,200 = 19,500.00 (30 nights × 650) and
# the state refunds 19,500.00 less; the whole reform costs it 219,700 − 139,100 = 80,600.00.
E2 = pd.DataFrame({
    "citizen_id": ["E2"], "birth_date": ["1988-04-20"], "admitted": ["2026-06-01"],
    "discharged": ["2027-01-01"], "daily_rate": ["1400"], "own_payment_per_night": ["100"],
})
E2_CSV = (b"citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\n"
          b"E2;1988-04-20;2026-06-01;2027-01-01;1.400,00;100,00\n")
D = Decimal


def test_e2_under_statutory_and_reform_2023():
    statutory = refusion.evaluate_register(E2)
    assert statutory.totals.state_refusion == D("58500.00")
    assert statutory.totals.municipal_net == D("219700.00")
    assert statutory.citizens.refunded_nights.tolist() == [90]
    step_off = refusion.evaluate_register(E2, "reform-2023")
    assert step_off.totals.state_refusion == D("78000.00")
    assert step_off.totals.municipal_net == D("200200.00")
    assert step_off.citizens.refunded_nights.tolist() == [120]


def test_step_2026_comparison_on_e2():
    c = refusion.compare_register(E2, compare="step-2026")
    assert (c.name, c.policy, c.base) == ("step-2026", "statutory", "reform-2023")
    assert c.title["da"].startswith("Hvad koster 2026-trinnet")
    y = c.years.loc[2026]
    assert y.difference_municipal_net == D("19500.00")
    assert y.difference_state_refusion == D("-19500.00")
    assert y.difference_gross == D("0.00") and y.difference_citizen_payment == D("0.00")
    assert (y.base_municipal_net, y.policy_municipal_net) == (D("200200.00"), D("219700.00"))
    assert (y.base_state_refusion, y.policy_state_refusion) == (D("78000.00"), D("58500.00"))
    assert list(c.years.index) == [2026]
    assert all(isinstance(v, Decimal) for v in c.years.iloc[0])
    assert c.difference.municipal_net == D("19500.00") and c.difference.state_refusion == D("-19500.00")
    assert c.policy_totals.municipal_net == D("219700.00") and c.base_totals.municipal_net == D("200200.00")
    totals = c.totals_frame()
    assert totals.loc["difference", "municipal_net"] == D("19500.00")
    assert "19.500,00" in c._repr_html_()


def test_reform_comparison_on_e2():
    c = refusion.compare_register(E2, compare="reform")
    assert (c.policy, c.base) == ("statutory", "pre-reform")
    assert c.base_totals.state_refusion == D("139100.00")
    assert c.difference.municipal_net == D("80600.00")
    assert c.difference.state_refusion == D("-80600.00")


def test_policy_and_base_without_a_ready_comparison():
    default = refusion.compare_register(E2)  # no arguments: step-2026
    assert (default.name, default.policy, default.base) == ("step-2026", "statutory", "reform-2023")
    c = refusion.compare_register(E2, base="reform-2023")
    assert c.name is None and c.title is None
    assert c.raw == default.raw
    # A custom base: the 2023 cap of 120, written as an override of the rules in force.
    custom = refusion.compare_register(E2, base=refusion.Policy(overrides={"cap_nights": 120}))
    assert custom.difference.municipal_net == D("19500.00")
    # Swapping the two turns the sign.
    swapped = refusion.compare_register(E2, policy="reform-2023", base="statutory")
    assert swapped.difference.municipal_net == D("-19500.00")


def test_register_csv_files_compare_like_frames():
    # The same E2 register as a Danish CSV file (; and 1.400,00), by bytes and by path.
    frame = refusion.compare_register(E2, compare="step-2026")
    by_bytes = refusion.compare_register(E2_CSV, compare="step-2026")
    assert by_bytes.raw == frame.raw
    stays = EXAMPLES / "register.csv"
    support = EXAMPLES / "register_support.csv"
    by_path = refusion.compare_register(stays, support, compare="reform")
    assert by_path.raw == refusion.compare_register(str(stays), support=str(support), compare="reform").raw
    # Relational: each side is the register evaluated under that policy alone.
    alone = refusion.evaluate_register_csv(stays, "pre-reform", support=support)
    assert by_path.base_totals == alone.totals
    assert by_path.policy_totals == refusion.evaluate_register_csv(stays, support=support).totals


def test_comparison_errors_name_the_field():
    with pytest.raises(refusion.UnknownPolicyError) as e:
        refusion.compare_register(E2, compare="step2026")
    assert e.value.field == "compare" and "step-2026" in e.value.message
    with pytest.raises(refusion.ConflictingFieldsError) as e:
        refusion.compare_register(E2, compare="reform", base="reform-2023")
    assert e.value.field == "base"
    with pytest.raises(refusion.UnknownPolicyError) as e:
        refusion.compare_register(E2, base="reform2023")
    assert e.value.field == "base" and "reform-2023" in e.value.message
    with pytest.raises(refusion.UnknownParameterError) as e:
        refusion.compare_register(E2, base={"preset": "statutory", "overrides": {"cap_night": 120}})
    assert e.value.field == "base.overrides.cap_night"
    with pytest.raises(refusion.UnknownPolicyError) as e:
        refusion.compare_register(E2_CSV, policy="statutori")
    assert e.value.field == "policy"
    with pytest.raises(refusion.WrongTypeError) as e:
        refusion.compare_register(E2, EXAMPLES / "register_support.csv")
    assert e.value.field == "support"
    with pytest.raises(refusion.WrongTypeError) as e:
        refusion.compare_register(E2_CSV, pd.DataFrame())
    assert e.value.field == "support"


# The core's hand-worked budget comparison (tests/budget.rs): 12 citizens in 2027, one admitted
# on the 1st of each month, each staying 150 nights at 1,000 (own payment 0, so a refunded night
# is 500.00); only 2027 counts. Citizens admitted January–August stay all 150 nights in 2027,
# September 122 of them: each has at least 120, so the 2023 rules refund 120, the rules in force
# 90: 30 nights more for the municipality, 9 × 30 × 500 = 135,000.00. October: 92 nights, 92
# against 90: 2 × 500 = 1,000.00. November (61) and December (31) are under both caps. The step
# costs the municipality 136,000.00; gross and own payment do not change.
BUDGET = {"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12, "average_stay_nights": 150,
          "daily_rate": "1000", "own_payment_per_night": "0"}


def test_budget_comparison_step_2026():
    c = refusion.compare_budget(BUDGET, compare="step-2026")
    assert (c.name, c.policy, c.base) == ("step-2026", "statutory", "reform-2023")
    y = c.years.loc[2027]
    assert y.difference_municipal_net == D("136000.00")
    assert y.difference_state_refusion == D("-136000.00")
    assert y.difference_gross == D("0.00")
    # The status quo counts every eligible citizen, whatever share a budget discharges.
    assert refusion.compare_budget({**BUDGET, "share_discharged": "50 %"}).raw == c.raw
    # The nights inside 2027 at 1,000, under either policy: January–August 8 × 150, then
    # September 122, October 92, November 61, December 31: 1,506 nights.
    assert y.base_gross == y.policy_gross == D("1506000.00")
    with pytest.raises(refusion.ConflictingFieldsError):
        refusion.compare_budget({**BUDGET, "policy": "statutory"}, compare="reform")
    with pytest.raises(refusion.UnknownPolicyError) as e:
        refusion.compare_budget(BUDGET, base="nope")
    assert e.value.field == "base"


# ----------------------------------------------------------------------------------------------
# CSV: en (the default) and da (Danish Excel)
# ----------------------------------------------------------------------------------------------


def test_register_years_in_danish(tmp_path):
    r = refusion.evaluate_register(E2)
    path = tmp_path / "e2.csv"
    assert r.to_csv(path, dialect="da") is None
    data = path.read_bytes()
    assert data.startswith(BOM)
    text = data[len(BOM):].decode("utf-8")
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\n" not in text.replace("\r\n", "")
    assert lines[0].split(";") == ["År", "Bruttoudgift (kr.)", "Borgerens egenbetaling (kr.)",
                                   "Statens refusion (kr.)", "Kommunens nettoudgift (kr.)"]
    assert lines[1].split(";") == ["2026", "299600,00", "21400,00", "58500,00", "219700,00"]
    assert lines[2].split(";") == ["I alt", "299600,00", "21400,00", "58500,00", "219700,00"]


def test_register_years_in_english_by_default():
    text = refusion.evaluate_register(E2).to_csv()
    assert not text.startswith("\ufeff")
    assert text.splitlines() == ["year,gross,citizen_payment,state_refusion,municipal_net",
                                 "2026,299600.00,21400.00,58500.00,219700.00",
                                 "total,299600.00,21400.00,58500.00,219700.00"]
    # The English file reads back exactly with pandas.
    back = pd.read_csv(io.StringIO(text), dtype=str).set_index("year")
    assert D(back.loc["2026", "municipal_net"]) == D("219700.00")


def test_citizen_tables_in_danish():
    r = refusion.evaluate_register(E2)
    lines = r.to_csv(table="citizens", dialect="da").lstrip("\ufeff").split("\r\n")
    assert lines[0].split(";")[:5] == ["Borger-id", "Ophold", "Nætter", "Refunderede nætter", "Dage med støtte"]
    assert lines[1].split(";") == ["E2", "1", "214", "90", "0", "299600,00", "21400,00", "58500,00", "219700,00"]
    lines = r.to_csv(table="citizen_years", dialect="da").lstrip("\ufeff").split("\r\n")
    assert lines[1].split(";")[:2] == ["E2", "2026"] and lines[1].endswith(";219700,00")
    streamed = refusion.evaluate_register_csv(E2_CSV)
    assert streamed.to_csv(table="citizens", dialect="da") == r.to_csv(table="citizens", dialect="da")
    assert streamed.to_csv(dialect="da") == r.to_csv(dialect="da")
    with pytest.raises(ValueError):
        r.to_csv(table="lines")


def test_comparison_in_danish(tmp_path):
    c = refusion.compare_register(E2, compare="step-2026")
    path = tmp_path / "step.csv"
    c.to_csv(path, dialect="da")
    data = path.read_bytes()
    assert data.startswith(BOM)
    header, year, total, end = data[len(BOM):].decode("utf-8").split("\r\n")
    cols = header.split(";")
    assert cols[:3] == ["År", "Regelsæt", "Sammenlignet med"]
    assert cols[-1] == "Forskel i kommunens nettoudgift (kr.)"
    assert cols[-2] == "Forskel i statens refusion (kr.)"
    year = year.split(";")
    assert year[:3] == ["2026", "statutory", "reform-2023"]
    assert year[-2:] == ["-19500,00", "19500,00"]
    assert year[cols.index('"Kommunens nettoudgift, sammenligning (kr.)"')] == "200200,00"
    assert year[cols.index('"Kommunens nettoudgift, regelsæt (kr.)"')] == "219700,00"
    assert total.split(";")[0] == "I alt" and total.endswith(";-19500,00;19500,00") and end == ""
    en = c.to_csv()
    assert en.splitlines()[1].endswith(",-19500.00,19500.00")


def test_budget_and_monte_carlo_in_danish():
    b = refusion.budget({**BUDGET, "share_discharged": "100 %", "annual_costs": [{"label": "x", "annual_cost": "36500"}]})
    lines = b.to_csv(dialect="da").lstrip("\ufeff").split("\r\n")
    assert lines[0].startswith("Variant;Årlig pris pr. borger (kr.);År;")
    assert lines[1].startswith("x;36500,00;2027;")
    assert lines[2].startswith("x;36500,00;I alt;")
    mc = refusion.monte_carlo({"budget": {**BUDGET, "annual_costs": [{"label": "x", "annual_cost": "36500"}]},
                               "run": {"draws": 20, "seed": 7}})
    text = mc.to_csv(dialect="da")
    assert text.count("\ufeff") == 1 and text.startswith("\ufeffAntal træk;Startværdi\r\n20;7\r\n\r\nÅr;P5 (kr.);")
    rows = text.split("\r\n\r\n")[1].split("\r\n")
    assert rows[-2].startswith("I alt;")
    # Every amount has two decimals after a comma (no dot, no thousands separator).
    for row in rows[1:-1]:
        for cell in row.split(";")[1:]:
            whole, _, ore = cell.lstrip("-").partition(",")
            assert whole.isdigit() and len(ore) == 2, cell


def test_pandas_own_csv_keeps_the_dot():
    # Why to_csv goes through the core: pandas applies decimal="," to floats only, and the
    # amounts are Decimal objects, written with their dot.
    frame = refusion.evaluate_register(E2).years
    assert "219700.00" in frame.to_csv(sep=";", decimal=",")
    # The Danish file reads back as numbers with pandas' Danish settings.
    text = refusion.evaluate_register(E2).to_csv(dialect="da")
    back = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep=";", decimal=",")
    assert back["Kommunens nettoudgift (kr.)"].tolist() == [219700.0, 219700.0]


def test_dialect_errors():
    r = refusion.evaluate_register(E2)
    with pytest.raises(refusion.InvalidParameterError) as e:
        r.to_csv(dialect="de")
    assert e.value.field == "dialect" and '"da"' in e.value.message
    with pytest.raises(refusion.InvalidParameterError):
        refusion.compare_register(E2).to_csv(dialect="DA")
    with pytest.raises(refusion.WrongTypeError):
        r.to_csv(dialect=None)


def test_to_csv_writes_to_an_open_file():
    buf = io.StringIO()
    assert refusion.compare_register(E2).to_csv(buf, dialect="da") is None
    assert buf.getvalue() == refusion.compare_register(E2).to_csv(dialect="da")


def _cli_has_dialects() -> bool:
    if not CLI.exists():
        return False
    out = subprocess.run([str(CLI), "register", "--help"], capture_output=True, text=True).stdout
    return "--csv-dialect" in out


@pytest.mark.parametrize("dialect", ["da", "en"])
def test_files_are_byte_for_byte_the_clis(tmp_path, dialect):
    if not _cli_has_dialects():
        pytest.skip("build the CLI first (cargo build -p refusion-cli): no --csv-dialect in target/debug/refusion")
    stays, support = EXAMPLES / "register.csv", EXAMPLES / "register_support.csv"

    def cli(*args: str) -> bytes:
        return subprocess.run([str(CLI), *args, "--csv-dialect", dialect], check=True, capture_output=True).stdout

    citizens = tmp_path / "citizens.csv"
    years = cli("register", str(stays), "--support", str(support), "--citizens-out", str(citizens))
    r = refusion.evaluate_register_csv(stays, support=support)
    assert r.to_csv(dialect=dialect).encode() == years
    assert r.to_csv(table="citizens", dialect=dialect).encode() == citizens.read_bytes()
    for name in ("step-2026", "reform"):
        c = refusion.compare_register(stays, support, compare=name)
        assert c.to_csv(dialect=dialect).encode() == cli("register", str(stays), "--support", str(support),
                                                          "--compare", name)
    for command, run in (("budget", refusion.budget), ("plan", refusion.plan), ("tornado", refusion.tornado)):
        file = EXAMPLES / ("monte_carlo.json" if command == "tornado" else f"{command}.json")
        result = run(refusion.load_case(file))
        assert result.to_csv(dialect=dialect).encode() == cli(command, str(file)), command
    file = EXAMPLES / "monte_carlo.json"
    query = refusion.load_case(file)
    mc = refusion.monte_carlo({**query, "run": {**query["run"], "draws": 40}})
    assert mc.to_csv(dialect=dialect).encode() == cli("monte-carlo", str(file), "--draws", "40")


def test_every_column_has_a_danish_label():
    # A key the core does not label would be written as it is in a Danish header.
    labels = {key: da for key, da, _ in refusion._core.column_labels()}
    results = {
        "register": refusion.evaluate_register(E2),
        "comparison": refusion.compare_register(E2),
        "budget": refusion.budget({**BUDGET, "annual_costs": [{"label": "x", "annual_cost": "36500"}]}),
        "plan": refusion.plan({"cohort": {"seed": 1, "citizens": 20}, "discharge_after_nights": 90, "caseload": 20}),
    }
    mc = {"budget": {**BUDGET, "annual_costs": [{"label": "x", "annual_cost": "36500"}]}, "run": {"draws": 10, "seed": 1}}
    results["monte_carlo"] = refusion.monte_carlo(mc)
    results["tornado"] = refusion.tornado(mc)
    headers = []
    for name, result in results.items():
        tables = ("years", "citizens", "citizen_years") if name == "register" else (None,)
        for table in tables:
            kw = {"table": table} if table else {}
            en = result.to_csv(**kw)
            da = result.to_csv(dialect="da", **kw)
            # Each block's header: the first line, and the line after each empty line.
            for en_block, da_block in zip(en.split("\n\n"), da.lstrip("\ufeff").split("\r\n\r\n")):
                keys, shown = en_block.split("\n")[0].split(","), da_block.split("\r\n")[0]
                headers.append((name, keys))
                assert all(k in labels for k in keys), (name, keys)
                assert shown.split(";") == [f'"{labels[k]}"' if ";" in labels[k] or "," in labels[k] else labels[k]
                                            for k in keys]
    assert len(headers) == 10


def test_the_comparison_reads_every_field_of_the_core():
    c = refusion.compare_register(E2)
    assert set(c.raw) == {"base", "policy", "years", "base_totals", "policy_totals", "difference"}
    assert set(c.raw["years"][0]) == {"year", "base", "policy", "difference"}
    assert c.base_totals == refusion.evaluate_register(E2, "reform-2023").totals
