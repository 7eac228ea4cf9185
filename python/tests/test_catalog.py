"""The package takes its defaults, texts, amount rule and formatting from the core, and its
result classes match the core's types field for field."""

import dataclasses
import datetime as dt
import json
import re
import typing
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

import refusion
import refusion._format
from refusion import _core, results

PACKAGE = Path(refusion.__file__).resolve().parent
NOTEBOOK = PACKAGE.parent / "examples" / "budget.ipynb"


def catalog():
    return json.loads(_core.Engine().catalog())


# --------------------------------------------------------------------------------------------
# Defaults, sources, parameters
# --------------------------------------------------------------------------------------------


def test_defaults_are_the_catalogs_figures():
    cat, d = catalog(), refusion.defaults()
    m_act, act = cat["reference"]["m_act"], cat["reference"]["act"]
    for key in ("mean", "low", "high"):
        assert d["m_act"][key] == Decimal(m_act[key]) and isinstance(d["m_act"][key], Decimal)
    assert d["act"]["mean"] == Decimal(act["mean"])
    assert d["m_act"]["citation"] == cat["sources"][m_act["sources"][0]]["citation"]
    assert d["m_act"]["url"] == cat["sources"][m_act["sources"][0]]["url"]
    assert d["discount_rate"]["value"] == Decimal(cat["economics"]["discount_rate"])
    params = {p["name"]: p for p in cat["parameters"]}
    assert d["support_years"]["value"] == params["support_refund_years"]["steps"][-1]["value"]
    assert d["own_payment"]["value"] == Decimal(params["own_payment_reference"]["steps"][-1]["value"])
    assert [p["name"] for p in d["presets"]] == sorted(cat["presets"])
    # The package's own defaults are these figures.
    assert refusion.SupportOffer().annual_cost == d["m_act"]["mean"]
    assert refusion.m_act_reference()["m_act"]["high"] == d["m_act"]["high"]
    # A fresh copy each time: changing one does not change the package.
    d["m_act"]["mean"] = Decimal("1")
    assert refusion.defaults()["m_act"]["mean"] == Decimal(m_act["mean"])


def test_a_plan_without_support_figures_uses_the_defaults():
    d = refusion.defaults()
    query = {"cohort": {"seed": 1, "citizens": 40}, "discharge_after_nights": 90, "caseload": 20}
    explicit = {**query, "support_annual_cost": d["m_act"]["mean"], "support_years": d["support_years"]["value"],
                "discount_rate": d["discount_rate"]["value"]}
    assert refusion.plan(query).raw == refusion.plan(explicit).raw


def test_sources_list_what_uses_them():
    s = refusion.sources()
    assert s.keys() == catalog()["sources"].keys()
    used = {(u["kind"], u["name"]) for src in s.values() for u in src["used_by"]}
    assert ("parameter", "cap_nights") in used
    for src in s.values():
        assert {"issuer", "title", "url", "version", "checked", "quote", "citation", "used_by"} <= src.keys()
        dt.date.fromisoformat(src["checked"])


def test_parameters_by_name_in_catalog_order_with_typed_values():
    view = refusion.parameters("statutory")
    assert list(view["parameters"]) == [p["name"] for p in catalog()["parameters"]]
    rate = view["parameters"]["refund_rate"]
    assert rate["unit"] == "rate" and all(isinstance(s["value"], Decimal) for s in rate["steps"])
    own = view["parameters"]["own_payment_reference"]["steps"][-1]
    assert own["value"] == refusion.defaults()["own_payment"]["value"]
    assert set(view["preset_description"]) == {"da", "en"}
    overridden = refusion.parameters({"preset": "statutory", "overrides": {"support_refund_years": 3}})
    steps = overridden["parameters"]["support_refund_years"]["steps"]
    assert [(s["value"], s["source"]) for s in steps] == [(3, "override")]
    with pytest.raises(refusion.UnknownParameterError):
        refusion.parameters({"preset": "statutory", "overrides": {"cap_nightz": 60}})


def test_presets_follow_the_display_language():
    cat = catalog()["presets"]
    assert refusion.presets() == {k: v["da"] for k, v in cat.items()}
    assert refusion.presets("en") == {k: v["en"] for k, v in cat.items()}
    refusion.set_display_locale("en")
    try:
        assert refusion.presets() == refusion.presets("en")
    finally:
        refusion.set_display_locale("da")
    with pytest.raises(ValueError):
        refusion.presets("de")


# --------------------------------------------------------------------------------------------
# One amount rule, one formatter
# --------------------------------------------------------------------------------------------


def test_parse_amount_is_the_cores_typed_rule():
    assert refusion.parse_amount("1.234,50") == Decimal("1234.50")
    assert refusion.parse_amount("104 000 kr.") == Decimal("104000")
    assert refusion.parse_amount(" 1400 ") == Decimal("1400")
    for bad in ("1,234.50", "1.2.3,4", "12,3,4", "1e3", ""):
        with pytest.raises(refusion.InvalidAmountError) as e:
            refusion.parse_amount(bad)
        assert e.value.code == "invalid_amount"
    with pytest.raises(refusion.WrongTypeError):
        refusion.parse_amount(1234.5)


@pytest.mark.parametrize("value, da, en", [
    ("-1234567.895", "-1.234.567,90", "-1,234,567.90"),
    ("-1234567.894", "-1.234.567,89", "-1,234,567.89"),
    ("0.005", "0,01", "0.01"),
    ("-0.005", "-0,01", "-0.01"),
    ("2.675", "2,68", "2.68"),
    ("-0.004", "0,00", "0.00"),
    ("999999.995", "1.000.000,00", "1,000,000.00"),
    ("0", "0,00", "0.00"),
])
def test_format_dkk_rounds_half_away_from_zero_to_the_ore(value, da, en):
    assert refusion.format_dkk(Decimal(value)) == da
    assert refusion.format_dkk(Decimal(value), "en") == en
    assert refusion.format_dkk(value) == _core.format_amount(value)


def test_format_dkk_is_the_cores_formatter(monkeypatch):
    calls = []
    monkeypatch.setattr(refusion._format._core, "format_amount",
                        lambda value, lang, currency: calls.append((value, lang, currency)) or "x")
    assert refusion.format_dkk(Decimal("1.5"), "en", currency=True) == "x"
    assert calls == [("1.5", "en", True)]


def test_format_dkk_currency_many_decimals_and_floats():
    assert refusion.format_dkk(Decimal("219700"), currency=True) == "219.700,00 kr."
    assert refusion.format_dkk(Decimal("219700"), "en", currency=True) == "DKK 219,700.00"
    # A Decimal from a division carries up to 28 digits; the third decimal decides.
    assert refusion.format_dkk(Decimal(2) / 3) == "0,67"
    assert refusion.format_dkk(-Decimal(1000) / 3) == "-333,33"
    assert refusion.format_dkk(Decimal("0.0049999999999")) == "0,00"
    with pytest.raises(refusion.FloatMoneyError):
        refusion.format_dkk(1.5)
    with pytest.raises(refusion.InvalidAmountError):
        refusion.format_dkk(Decimal("NaN"))
    with pytest.raises(ValueError):
        refusion.format_dkk(Decimal("1"), "de")


# --------------------------------------------------------------------------------------------
# Explanations in the display language, following the policy
# --------------------------------------------------------------------------------------------

NOV_2023 = {
    "citizen": {"birth_date": "1988-04-20"},
    "shelter_stays": [{"admitted": "2023-11-01", "discharged": "2024-03-01", "daily_rate": "1400",
                       "own_payment_per_night": "100"}],
    "home_support": [{"method": "m-act", "start": "2024-03-01", "end": "2027-06-01", "annual_cost": "95000",
                      "decided_before_discharge": True}],
}


def test_danish_explanation_follows_the_policy_overrides():
    r = refusion.evaluate(NOV_2023, policy={"preset": "statutory", "overrides": {"reform_date": "2024-01-01"}})
    text = r.explain()
    assert "før reformen trådte i kraft 1. jan. 2024" in text
    assert "before the reform date 2024-01-01" in r.explain(lang="en")
    first = r.trace[0]
    assert first.facts.reform_date == dt.date(2024, 1, 1)
    assert first.sources[0].id == "override"
    r3 = refusion.evaluate(NOV_2023, policy={"preset": "statutory", "overrides": {"support_refund_years": 3}})
    assert "perioden på 3 år" in r3.explain()
    assert "the 3 years after a first discharge" in r3.explain(lang="en")
    assert any(t.facts.support_years == 3 for t in r3.trace)


def test_explain_and_trace_entries_use_the_display_locale():
    r = refusion.evaluate(NOV_2023)
    assert r.explain() == "\n".join(f"[{t.rule}] {t.text_da}" for t in r.trace)
    assert r.explain(lang="en") == "\n".join(f"[{t.rule}] {t.text}" for t in r.trace)
    refusion.set_display_locale("en")
    try:
        assert r.explain() == r.explain(lang="en")
        assert [str(t) for t in r.trace] == r.explain().splitlines()
    finally:
        refusion.set_display_locale("da")
    assert [str(t) for t in r.trace] == r.explain().splitlines()
    with pytest.raises(ValueError):
        r.explain(lang="sv")


# --------------------------------------------------------------------------------------------
# results.py matches the core's types, field for field
# --------------------------------------------------------------------------------------------

RICH = [
    {**NOV_2023,
     "temporary_housing": [{"start": "2024-03-01", "end": "2024-05-01", "daily_rate": "900",
                            "decided_before_discharge": True}],
     "policy": {"preset": "statutory", "overrides": {"reform_date": "2024-01-01", "support_refund_years": 3}}},
    {"citizen": {"birth_date": "2000-04-20"},
     "shelter_stays": [{"admitted": "2025-06-01", "discharged": "2026-09-01", "daily_rate": "1400",
                        "own_payment_per_night": "100"}],
     "policy": "age-26"},
    {"citizen": {"birth_date": "1988-04-20"},
     "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01", "daily_rate": "1400",
                        "own_payment_per_night": "100"}]},
    # E7 (domain.md §6), decided by date: route 2 of § 176 a stk. 1, a cumulative § 107 period.
    {"citizen": {"birth_date": "1990-05-05"},
     "shelter_stays": [{"admitted": "2026-01-01", "discharged": "2026-03-01", "daily_rate": "1000",
                        "own_payment_per_night": "0"}],
     "temporary_housing": [{"start": "2026-03-01", "end": "2026-06-01", "daily_rate": "800",
                            "decided_on": "2026-03-15"}],
     "home_support": [{"method": "m-act", "start": "2026-06-01", "end": "2027-06-01", "annual_cost": "36500",
                       "decided_on": "2026-05-20"}]},
]


def _optional(cls):
    hints = typing.get_type_hints(cls)
    return {f.name for f in dataclasses.fields(cls) if type(None) in typing.get_args(hints[f.name])}


def _matches(cls, items, what):
    """``cls``'s fields are exactly the keys the core emits: every key a field, every field
    emitted somewhere, and a field the core may leave out is ``Optional``."""
    fields = {f.name for f in dataclasses.fields(cls)}
    assert items, what
    seen = set().union(*(set(x) for x in items))
    assert seen == fields, f"{cls.__name__} ≠ the core's {what}: extra {fields - seen}, missing {seen - fields}"
    for x in items:
        assert fields - set(x) <= _optional(cls), f"{what}: {fields - set(x)} left out but not Optional"


def test_result_classes_match_the_core_types():
    engine = _core.Engine()
    raws = [json.loads(engine.evaluate(json.dumps(s))) for s in RICH]
    evaluations = [refusion.evaluate(s) for s in RICH]
    _matches(results.Totals, [r["totals"] for r in raws], "totals")
    _matches(results.Nights, [r["nights"] for r in raws], "nights")
    _matches(results.Line, [x for r in raws for x in r["lines"]], "lines")
    _matches(results.YearTotals, [x for r in raws for x in r["years"]], "years")
    _matches(results.RefundWindow, [x for r in raws for x in r["windows"]], "windows")
    _matches(results.RefundPeriod, [x for r in raws for x in r["periods"]], "periods")
    trace = [x for r in raws for x in r["trace"]]
    _matches(results.TraceEntry, trace, "trace entries")
    _matches(results.TraceFacts, [x["facts"] for x in trace], "trace facts")
    _matches(results.TraceSource, [s for x in trace for s in x["sources"]], "trace sources")
    for raw, ev in zip(raws, evaluations):
        attributes = {k for k in vars(ev) if k not in ("raw", "scenario")}
        assert attributes == set(raw), f"Evaluation ≠ the core's evaluation: {attributes ^ set(raw)}"
        assert len(ev.trace) == len(raw["trace"]) and len(ev.lines) == len(raw["lines"])
    points = json.loads(engine.cumulative(json.dumps(RICH[2])))
    _matches(results.CurvePoint, points, "curve points")
    _matches(results.Placement, [json.loads(engine.place("95000"))], "placement")
    b = json.loads(engine.break_even(json.dumps({
        "citizen": {"birth_date": "1988-04-20"}, "admitted": "2026-06-01", "daily_rate": "1400",
        "own_payment_per_night": "100", "support": {"method": "m-act", "annual_cost": "95000"}})))
    _matches(results.BreakEvenPoint, [b["municipality"], b["public_sector"]], "break-even points")


# --------------------------------------------------------------------------------------------
# No sourced figure is written in the package or the example notebook
# --------------------------------------------------------------------------------------------


def _sourced_figures():
    """The catalog's figures and dates, in the ways they could be written, built from the
    catalog (so this test names none of them itself)."""
    d = refusion.defaults()
    out = set()
    for amount in (d["m_act"]["mean"], d["m_act"]["low"], d["m_act"]["high"], d["act"]["mean"]):
        whole = int(amount)
        thousands, rest = divmod(whole, 1000)
        out |= {str(whole), f"{thousands}_{rest:03d}", f"{thousands}.{rest:03d}", f"{thousands},{rest:03d}",
                f"{thousands} {rest:03d}"}
    own = d["own_payment"]["value"]
    out |= {str(own), str(own).replace(".", ",")}
    rate = d["discount_rate"]["value"]
    out |= {str(rate), d["discount_rate"]["shown"]["da"], d["discount_rate"]["shown"]["en"]}
    steps = refusion.parameters()["parameters"]
    for name in ("reform_date", "cap_nights"):
        for s in steps[name]["steps"]:
            out |= {s["from"], _core.format_date(s["from"], "da"), _core.format_date(s["from"], "en")}
    return out


def test_no_sourced_figure_in_the_package_or_the_notebook():
    figures = _sourced_figures()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(PACKAGE.glob("*.py*")) if p.suffix in (".py", ".pyi")}
    nb = nbformat.read(NOTEBOOK, as_version=4)
    texts.update({f"budget.ipynb cell {i}": c.source for i, c in enumerate(nb.cells)})
    offenders = []
    for name, text in texts.items():
        for n, line in enumerate(text.splitlines(), 1):
            code = line.split("#")[0] if not name.startswith("budget") else line
            offenders += [f"{name}:{n}: {f}" for f in figures if re.search(rf"(?<![\d.,_]){re.escape(f)}(?![\d_])", code)]
    assert not offenders, "\n".join(offenders)
