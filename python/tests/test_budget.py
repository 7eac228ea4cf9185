"""Cohorts, plans, budgets, Monte Carlo and tornado from Python."""

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import refusion

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "debug" / "refusion"

PLAN = {"cohort": {"seed": 5, "citizens": 120, "first_year": 2026, "years": 1},
        "horizon_years": 3, "discharge_after_nights": 90, "share_discharged": "0.7",
        "caseload": 20, "establishment_cost_per_team": "300000"}
MC = {"plan": PLAN, "run": {"draws": 40, "seed": 42}}

# domain.md-style hand-worked budget (tests/budget.rs in the core): 12 citizens in 2027, one
# on the 1st of each month; 30 nights at 1,000 against 1 night then support at 36,500/yr.
# Every citizen is discharged (share_discharged 100 %; a budget discharges 70 % by default).
BUDGET = {"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12, "share_discharged": "100 %",
          "average_stay_nights": 30,
          "nights_before_discharge": 1, "daily_rate": "1000", "own_payment_per_night": "0",
          "annual_costs": [{"label": "x", "annual_cost": "36500"}], "caseload": 10,
          "team_size_fte": "4.5", "establishment_cost_per_team": "50000"}


def cli(*args: str) -> str:
    if not CLI.exists():
        pytest.skip("build the CLI first: cargo build -p refusion-cli")
    return subprocess.run([str(CLI), *args], check=True, capture_output=True, text=True).stdout


def test_hand_worked_budget_frame():
    f = refusion.budget(BUDGET).to_frame().loc[("x", 2027)]
    assert f.baseline_shelter == Decimal("360000.00")
    assert f.baseline_municipal_net == Decimal("180000.00")
    assert f.effect_gross == Decimal("-111000.00")
    assert f.effect_municipal_net == Decimal("-55500.00")
    assert f.support_citizen_years == Decimal("6.49")
    assert (f.teams, f.new_teams) == (1, 1)
    assert f.establishment == Decimal("50000.00")
    assert f.municipal_effect == Decimal("-5500.00")


def test_budget_discharges_70_percent_by_default():
    # Left out, the share discharged is the middle of its illustrative range (70 %): the status
    # quo holds all 12 citizens (360,000.00 of shelter, hand-worked above), and the effect by
    # payer is 0.7 times that of discharging all of them (-111,000.00 / -55,500.00).
    query = {k: v for k, v in BUDGET.items() if k != "share_discharged"}
    b = refusion.budget(query)
    assert b.raw["share_discharged_percent"] == 70
    f = b.to_frame().loc[("x", 2027)]
    assert f.baseline_shelter == Decimal("360000.00")
    assert f.effect_gross == Decimal("-111000.00") * Decimal("0.7")
    assert f.effect_municipal_net == Decimal("-55500.00") * Decimal("0.7")


def test_monte_carlo_is_identical_to_the_cli(tmp_path):
    path = tmp_path / "mc.json"
    path.write_text(json.dumps(MC))
    mc = refusion.monte_carlo(MC)
    assert mc.raw == json.loads(cli("monte-carlo", str(path), "--json"))
    assert mc.raw == refusion.monte_carlo(MC).raw
    other = refusion.monte_carlo({**MC, "run": {"draws": 40, "seed": 43}})
    assert other.raw != mc.raw
    frame = mc.to_frame()
    assert list(frame.index) == [2026, 2027, 2028]
    assert (frame.p5 <= frame.p50).all() and (frame.p50 <= frame.p95).all()
    assert all(isinstance(v, Decimal) for v in frame.p50)


def test_tornado_and_plan_are_identical_to_the_cli(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps(MC))
    t = refusion.tornado(MC)
    assert t.raw == json.loads(cli("tornado", str(path), "--json"))
    swings = t.to_frame().swing.tolist()
    assert swings == sorted(swings, reverse=True)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(PLAN))
    p = refusion.plan(PLAN)
    assert p.raw == json.loads(cli("plan", str(plan_path), "--json"))
    assert p.discount_rate == Decimal("0.035")
    frame = p.to_frame()
    assert frame.municipal_effect.sum() == p.total_municipal_effect


def test_cohort_is_seeded():
    a, sa = refusion.cohort(200, seed=3)
    b, sb = refusion.cohort(200, seed=3)
    assert a.equals(b) and sa.equals(sb)
    assert not a.equals(refusion.cohort(200, seed=4)[0])
    assert a.citizen_id.nunique() == 200


def test_plots_draw():
    plt = pytest.importorskip("matplotlib.pyplot")
    import matplotlib

    import refusion.plot

    matplotlib.use("Agg")
    ax = refusion.plot.fan_chart(refusion.monte_carlo(MC))
    assert ax.get_title()
    ax = refusion.plot.tornado(refusion.tornado(MC))
    assert len(ax.patches) >= 4
    plt.close("all")


@pytest.mark.parametrize(
    "call, exc, field",
    [
        (lambda: refusion.plan({**PLAN, "caseload": 0}), refusion.InvalidParameterError, "caseload"),
        (lambda: refusion.plan({**PLAN, "support_annual_cost": 104000.0}), refusion.FloatMoneyError, "support_annual_cost"),
        (lambda: refusion.plan({**PLAN, "horizon_years": 11}), refusion.LimitError, "horizon_years"),
        (lambda: refusion.plan({**PLAN, "colour": "red"}), refusion.UnknownFieldError, "colour"),
        (lambda: refusion.monte_carlo({**MC, "run": {"draws": 0}}), refusion.LimitError, "run.draws"),
        (lambda: refusion.monte_carlo({**MC, "run": {"draws": 10_000_000}}), refusion.LimitError, "run.draws"),
        (lambda: refusion.budget({**BUDGET, "daily_rate": "-1"}), refusion.NegativeAmountError, "daily_rate"),
        (lambda: refusion.cohort(0), refusion.LimitError, "citizens"),
        (lambda: refusion.cohort(10, seed=-1), refusion.RefusionError, "seed"),
    ],
)
def test_bad_queries_name_the_field(call, exc, field):
    with pytest.raises(exc) as e:
        call()
    assert e.value.field == field, str(e.value)
