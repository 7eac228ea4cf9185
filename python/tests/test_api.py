"""The Python API beyond the case files: objects, frames, HTML, plots, files and threads."""

import datetime as dt
import json
import threading
from decimal import Decimal
from pathlib import Path

import pandas as pd

import refusion
import refusion.plot
from conftest import CASES, ROOT

E5 = dict(
    citizen=refusion.Citizen(birth_date=dt.date(1988, 4, 20)),
    shelter_stays=[refusion.ShelterStay(admitted=dt.date(2026, 10, 1), discharged=dt.date(2027, 1, 1),
                                        daily_rate=Decimal("1400"), own_payment_per_night=Decimal("100"))],
    home_support=[refusion.HomeSupport(method="m-act", start=dt.date(2027, 1, 1), end=dt.date(2029, 1, 1),
                                       annual_cost=Decimal("104000"), decided_before_discharge=True)],
)


def test_dataclass_scenario_gives_e5():
    r = refusion.evaluate(refusion.Scenario(**E5))
    assert (r.totals.gross, r.totals.citizen_payment, r.totals.state_refusion, r.totals.municipal_net) == (
        Decimal("337084.93"), Decimal("9200.00"), Decimal("162642.47"), Decimal("165242.46"))
    assert r.nights.support_refunded_days == 731
    assert isinstance(r.lines[0].start, dt.date)


def test_frames_html_and_explain():
    r = refusion.evaluate(refusion.Scenario(**E5))
    f = r.to_frame()
    assert list(f.columns[:4]) == ["kind", "spell", "start", "end"]
    assert f.nights.sum() == 92 + 731
    y = r.by_year()
    assert list(y.index) == [2026, 2027, 2028]
    assert y.loc[2028, "gross"] == Decimal("104284.93")
    html = r._repr_html_()
    assert "337.084,93" in html and "Municipal net" in html
    refusion.set_display_locale("en")
    try:
        assert "337,084.93" in r._repr_html_()
    finally:
        refusion.set_display_locale("da")
    assert "[R8/R10] 1. jan. 2027: udskrivningen åbner § 176 a-perioden" in r.explain()
    assert "[R8/R10] 2027-01-01: discharge opens the § 176 a period" in r.explain(lang="en")
    refusion.set_display_locale("en")
    try:
        assert r.explain() == r.explain(lang="en")
        assert str(r.trace[0]) == f"[{r.trace[0].rule}] {r.trace[0].text}"
    finally:
        refusion.set_display_locale("da")
    assert str(r.trace[0]) == f"[{r.trace[0].rule}] {r.trace[0].text_da}"
    assert r.trace_frame().shape[0] == len(r.trace)


def test_html_escapes_user_text():
    s = refusion.Scenario(**E5, name="<img src=x onerror=alert(1)>")
    c = refusion.compare(s, s.with_policy("pre-reform"))
    html = c._repr_html_()
    assert "<img" not in html and "&lt;img" in html


def test_comparison_frames():
    base = refusion.Scenario(**E5, name="m-act")
    c = refusion.compare(base, base.with_policy("pre-reform"))
    tidy = c.to_frame()
    assert set(tidy.columns) == {"pathway", "year", "payer", "amount"}
    assert len(tidy) == 3 * 3 * 4  # pathways × years × payers
    t = c.totals_frame()
    assert t.loc["B − A", "municipal_net"] == c.difference.municipal_net
    assert "Comparison" in c._repr_html_()


def test_paths_toml_and_case_files():
    r = refusion.evaluate(ROOT / "examples" / "young_citizen_age_26.toml")
    assert r.totals.state_refusion == Decimal("65000.00")
    assert refusion.evaluate(CASES / "e2_cap_90_reached.json").totals.municipal_net == Decimal("219700.00")
    s = refusion.read_scenario(ROOT / "examples" / "discharge_to_m_act.json")
    assert s["home_support"][0]["method"] == "m-act"


def test_break_even_and_curves():
    b = refusion.break_even(refusion.BreakEvenQuery(
        citizen=refusion.Citizen(birth_date=dt.date(1988, 4, 20)), admitted=dt.date(2026, 6, 1),
        daily_rate=1400, own_payment_per_night=100, discharge=dt.date(2026, 7, 1)))
    # Hand-worked in crates/refusion-core/tests/break_even.rs: 137 and 184.
    assert (b.municipality.night, b.public_sector.night) == (137, 184)
    frame = b.curves_frame()
    assert set(frame.pathway) == {"stay", "support"}
    assert "Break-even" in b._repr_html_()


def test_plots_draw():
    ax = refusion.plot.cumulative_cost(refusion.Scenario(**E5, name="E5"))
    assert ax.get_title() == "Cumulative cost by pathway"
    assert any(t.get_text() == "refund cap reached" for t in ax.texts)


def test_team_reference_presets_parameters():
    ref = refusion.m_act_reference()
    assert ref["m_act"]["sources"][0]["id"] == "ramboll-mact"
    assert all(s["url"].startswith("https://") for s in ref["m_act"]["sources"])
    assert ref["act"]["mean"] == refusion.defaults()["act"]["mean"]
    model = refusion.TeamModel(
        staff=[refusion.StaffLine(role="bostøtte", function="social-support", fte="2", annual_salary=450000),
               refusion.StaffLine(role="sygeplejerske", function="health", fte=Decimal("1"), annual_salary=500000),
               refusion.StaffLine(role="sagsbehandler", function="administrative", fte=1, annual_salary=480000),
               refusion.StaffLine(role="koordinator", function="coordinator", fte="0.5", annual_salary=560000)],
        operating=[refusion.CostLine(item="transport", annual=50000)],
        establishment=refusion.Establishment(cost=240000, spread_years=4),
        caseload=25)
    c = refusion.team_cost(model)
    # (900,000 + 500,000 + 480,000 + 280,000 + 50,000) / 25 = 2,210,000 / 25 = 88,400
    assert c.operating_per_citizen_year == Decimal("88400.00")
    # + 240,000 / 4 = 60,000 a year: 2,270,000 / 25 = 90,800
    assert c.total_per_citizen_year == Decimal("90800.00")
    assert not c.illustrative and "88.400,00" in c._repr_html_()
    assert refusion.presets("en")["age-26"].startswith("A reading of a spoken source")
    assert refusion.presets()["age-26"].startswith("En læsning af en mundtlig kilde")
    p = refusion.parameters("pre-reform")
    assert [s["value"] for s in p["parameters"]["cap_basis"]["steps"]] == ["none"]
    assert p["preset"] == "pre-reform" and set(p["preset_description"]) == {"da", "en"}


def test_threads_get_identical_results():
    scenario = refusion.Scenario(**E5)
    want = refusion.evaluate(scenario).raw
    results = []

    def work():
        for _ in range(50):
            results.append(refusion.evaluate(scenario).raw == want)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results and all(results)


def test_results_are_json_serialisable_raw():
    r = refusion.evaluate(refusion.Scenario(**E5))
    assert json.loads(json.dumps(r.raw))["totals"]["gross"] == "337084.93"
