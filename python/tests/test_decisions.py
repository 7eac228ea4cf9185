"""Decisions and § 176 a stk. 1 nr. 2 through the Python API: ``decided_on`` beside (or instead
of) ``decided_before_discharge`` on § 85 a support and § 107 stays, conflicting fields, route 2
(E7/E8 of domain.md §6) with its explanation, and support registers that state the decision by
date."""

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import refusion
from refusion.api import SUPPORT_COLUMNS

from conftest import CASES

PAYERS = ("gross", "citizen_payment", "state_refusion", "municipal_net")
D = dt.date


def totals(r):
    return tuple(str(getattr(r.totals, k)) for k in PAYERS)


def e7(temporary_start=D(2026, 3, 1), *, support_decided=None, support_on=None, temp_decided=None, temp_on=None):
    """E7 (domain.md §6) as dataclasses: § 110 to 2026-03-01, § 107 from ``temporary_start`` to
    2026-06-01, then § 85 a support for a year. E8 is the same with the § 107 stay starting a
    day after the discharge."""
    return refusion.Scenario(
        citizen=refusion.Citizen(birth_date=D(1990, 5, 5)),
        shelter_stays=[refusion.ShelterStay(admitted=D(2026, 1, 1), discharged=D(2026, 3, 1),
                                            daily_rate=Decimal("1000"), own_payment_per_night=Decimal("0"))],
        temporary_housing=[refusion.TemporaryStay(start=temporary_start, end=D(2026, 6, 1), daily_rate=Decimal("800"),
                                                  decided_before_discharge=temp_decided, decided_on=temp_on)],
        home_support=[refusion.HomeSupport(method="m-act", start=D(2026, 6, 1), end=D(2027, 6, 1),
                                           annual_cost=Decimal("36500"), decided_before_discharge=support_decided,
                                           decided_on=support_on)],
    )


E7 = ("169100.00", "0.00", "47750.00", "121350.00")
E8 = ("168300.00", "0.00", "29500.00", "138800.00")


def test_the_dataclasses_take_decided_on_and_emit_only_what_is_given():
    s = refusion.HomeSupport(method="m-act", start=D(2026, 6, 1), end=D(2027, 6, 1), annual_cost=36500,
                             decided_on=D(2026, 5, 20))
    assert s.to_dict() == {"method": "m-act", "start": "2026-06-01", "end": "2027-06-01", "annual_cost": 36500,
                           "decided_on": "2026-05-20"}
    both = dataclasses.replace(s, decided_before_discharge=False).to_dict()
    assert both["decided_before_discharge"] is False and both["decided_on"] == "2026-05-20"
    only_bool = refusion.HomeSupport(method="m-act", start=D(2026, 6, 1), end=D(2027, 6, 1), annual_cost=36500,
                                     decided_before_discharge=True).to_dict()
    assert "decided_on" not in only_bool and only_bool["decided_before_discharge"] is True
    t = refusion.TemporaryStay(start=D(2026, 3, 1), end=D(2026, 6, 1), daily_rate=800, decided_on=D(2026, 3, 15))
    assert t.to_dict() == {"start": "2026-03-01", "end": "2026-06-01", "daily_rate": 800,
                           "own_payment_per_night": "0", "decided_on": "2026-03-15"}
    # The positional order of before is kept (decided_before_discharge, then own payment).
    assert refusion.TemporaryStay(D(2026, 3, 1), D(2026, 6, 1), 800, True, 50).own_payment_per_night == 50
    with pytest.raises(refusion.WrongTypeError) as e:
        refusion.evaluate(e7(support_on=dt.datetime(2026, 5, 20, 9)))
    assert e.value.field == "home_support[0].decided_on"


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(support_decided=False, temp_decided=False),
        dict(support_on=D(2026, 5, 20), temp_on=D(2026, 3, 15)),
        dict(support_decided=False, support_on=D(2026, 5, 20), temp_decided=False, temp_on=D(2026, 3, 2)),
    ],
    ids=["booleans", "decided_on", "both agreeing"],
)
def test_e7_and_e8_with_booleans_or_decided_on(kwargs):
    r7 = refusion.evaluate(e7(**kwargs))
    assert totals(r7) == E7
    assert (r7.nights.support_refunded_days, r7.nights.temporary_housing_refunded_nights) == (365, 0)
    r8 = refusion.evaluate(e7(D(2026, 3, 2), **kwargs))
    assert totals(r8) == E8
    assert r8.nights.support_refunded_days == 0


def test_the_case_files_for_e7_and_e8_agree_with_the_dataclasses():
    assert totals(refusion.evaluate(CASES / "e7_route_two_straight_into_107.json")) == E7
    assert totals(refusion.evaluate(CASES / "e8_route_two_needs_a_straight_107_stay.json")) == E8


def test_decided_on_up_to_the_discharge_is_before_discharge():
    # Decided on the discharge date: route 1, the whole year refunded; the § 107 stay too.
    on = refusion.evaluate(e7(support_on=D(2026, 3, 1), temp_on=D(2026, 3, 1)))
    assert on.nights.temporary_housing_refunded_nights == 92
    routes = [t.facts.route for t in on.trace if t.kind == "support_refunded"]  # one line a calendar year
    assert routes and all(r == {"route": "before_discharge"} for r in routes)
    period = next(p for p in on.periods if p.rule == "R9")
    assert period.allowance is not None and period.refunded_nights == 92
    assert on.totals == refusion.evaluate(e7(support_decided=True, temp_decided=True)).totals


def test_conflicting_fields_name_decided_on():
    with pytest.raises(refusion.ConflictingFieldsError) as e:
        refusion.evaluate(e7(support_decided=True, support_on=D(2026, 5, 20), temp_decided=False))
    assert e.value.code == "conflicting_fields" and e.value.field == "home_support[0].decided_on"
    assert isinstance(e.value, refusion.RefusionError) and isinstance(e.value, ValueError)
    assert "decided_before_discharge" in e.value.message
    with pytest.raises(refusion.ConflictingFieldsError) as e:
        refusion.evaluate(e7(support_decided=False, temp_decided=False, temp_on=D(2026, 2, 1)))
    assert e.value.field == "temporary_housing[0].decided_on"
    assert "ConflictingFieldsError" in refusion.__all__
    assert refusion.ConflictingFieldsError is refusion._errors._BY_CODE["conflicting_fields"]


def test_a_spell_without_a_decision_is_a_missing_field():
    with pytest.raises(refusion.MissingFieldError) as e:
        refusion.evaluate(e7(temp_decided=False))
    assert e.value.field == "home_support[0].decided_before_discharge"


def test_route_two_is_explained_in_both_languages():
    r = refusion.evaluate(e7(support_on=D(2026, 5, 20), temp_on=D(2026, 3, 15)))
    line = next(t for t in r.trace if t.kind == "support_refunded")
    assert line.facts.route == {"route": "after_temporary", "temporary": 0, "discharge": "2026-03-01",
                                "temporary_end": "2026-06-01"}
    assert "§ 176 a stk. 1 nr. 2" in line.text
    assert "stk. 1, nr. 2" in line.text_da
    assert "§ 176 a stk. 1 nr. 2" in r.explain(lang="en") and "stk. 1, nr. 2" in r.explain(lang="da")
    # E8: no route, and the line says why.
    r8 = refusion.evaluate(e7(D(2026, 3, 2), support_decided=False, temp_decided=False))
    assert all(t.facts.route is None for t in r8.trace)
    assert any(t.kind == "support_not_decided" and "route 2" in t.text for t in r8.trace)


def test_the_reading_of_the_six_months_is_a_policy_override():
    path = CASES / "temporary_housing_consecutive_split_stays.json"
    case = refusion.load_case(path)
    r = refusion.evaluate(path)
    assert [str(getattr(r.totals, k)) for k in PAYERS] == [case["expected"]["totals"][k] for k in PAYERS]
    params = refusion.parameters()["parameters"]
    assert params["temporary_housing_months_reading"]["steps"][0]["value"] == "cumulative"
    scenario = refusion.read_scenario(CASES / "temporary_housing_cumulative_split_stays.json")
    cumulative = refusion.evaluate(scenario)
    period = next(p for p in cumulative.periods if p.rule == "R9")
    assert period.allowance is not None and period.refunded_nights is not None
    facts = [t.facts.period for t in cumulative.trace if t.facts.period and t.facts.period.get("reading")]
    assert facts and facts[0]["reading"] == "cumulative"
    consecutive = refusion.evaluate(scenario, policy={"preset": "statutory",
                                                      "overrides": {"temporary_housing_months_reading": "consecutive"}})
    assert consecutive.totals.state_refusion <= cumulative.totals.state_refusion


# --------------------------------------------------------------------------------------------
# Registers: the support table with decided_on
# --------------------------------------------------------------------------------------------


def _stays():
    """Three citizens discharged 2027-01-01 (E5's stay)."""
    return pd.DataFrame({
        "citizen_id": ["a", "b", "c"],
        "birth_date": [D(1988, 4, 20)] * 3,
        "admitted": [D(2026, 10, 1)] * 3,
        "discharged": [D(2027, 1, 1)] * 3,
        "daily_rate": ["1400"] * 3,
        "own_payment_per_night": ["100"] * 3,
    })


def _support(**decision):
    return pd.DataFrame({
        "citizen_id": ["a", "b", "c"],
        "method": ["m-act", "act", "m-act"],
        "start": [D(2027, 1, 1), D(2027, 2, 1), D(2027, 1, 1)],
        "end": [D(2029, 1, 1), D(2028, 2, 1), D(2027, 7, 1)],
        "annual_cost": ["104000", "95000", "104000"],
        **decision,
    })


# a: decided before the discharge; b: the day after it; c: on the discharge date.
DECIDED_ON = [D(2026, 12, 1), D(2027, 1, 2), D(2027, 1, 1)]


def _one_by_one(stays, support):
    """Each citizen through the scenario API."""
    out = {}
    for cid, group in stays.groupby("citizen_id", sort=False):
        rows = support[support.citizen_id == cid]
        out[cid] = refusion.evaluate(refusion.Scenario(
            citizen=refusion.Citizen(birth_date=group.birth_date.iloc[0]),
            shelter_stays=[refusion.ShelterStay(admitted=r.admitted, discharged=r.discharged, daily_rate=r.daily_rate,
                                                own_payment_per_night=r.own_payment_per_night)
                           for r in group.itertuples()],
            home_support=[refusion.HomeSupport(
                method=r["method"], start=r["start"], end=r["end"], annual_cost=r["annual_cost"],
                decided_before_discharge=None if pd.isna(r.get("decided_before_discharge")) else bool(r["decided_before_discharge"]),
                decided_on=None if pd.isna(r.get("decided_on")) else pd.Timestamp(r["decided_on"]).date())
                for _, r in rows.iterrows()],
        ))
    return out


@pytest.mark.parametrize(
    "decided_on",
    [DECIDED_ON, pd.to_datetime(DECIDED_ON), [d.isoformat() for d in DECIDED_ON]],
    ids=["date", "datetime64", "text"],
)
def test_a_register_with_only_decided_on_equals_the_scenario_api(decided_on):
    stays, support = _stays(), _support(decided_on=decided_on)
    r = refusion.evaluate_register(stays, support=support)
    single = _one_by_one(stays, support)
    by_id = r.citizens.set_index("citizen_id")
    for cid, e in single.items():
        assert [by_id.loc[cid, k] for k in PAYERS] == [getattr(e.totals, k) for k in PAYERS], cid
        assert by_id.loc[cid, "support_days"] == e.nights.support_days
    assert r.totals.state_refusion == sum((e.totals.state_refusion for e in single.values()), Decimal(0))
    # The same with booleans: a and c decided before discharge, b not.
    as_bool = refusion.evaluate_register(stays, support=_support(decided_before_discharge=[True, False, True]))
    assert as_bool.totals == r.totals
    assert single["b"].nights.support_refunded_days == 0 and single["a"].nights.support_refunded_days == 731


def test_a_register_may_leave_one_decision_cell_empty():
    stays = _stays()
    want = refusion.evaluate_register(stays, support=_support(decided_before_discharge=[True, False, True])).totals
    for decided, on in [
        ([True, None, np.nan], [None, D(2027, 1, 2), D(2027, 1, 1)]),
        (pd.array([True, None, None], dtype="boolean"), pd.to_datetime([None, "2027-01-02", "2027-01-01"])),
        ([None, False, True], [D(2026, 12, 1), pd.NaT, D(2027, 1, 1)]),
    ]:
        support = _support(decided_before_discharge=decided, decided_on=on)
        assert refusion.evaluate_register(stays, support=support).totals == want
    # The columns in SUPPORT_COLUMNS order, one of them all missing (as pd.DataFrame(rows,
    # columns=SUPPORT_COLUMNS) makes it for rows without decided_on).
    rows = [dict(zip(SUPPORT_COLUMNS[:5], r)) | {"decided_before_discharge": d}
            for r, d in zip(_support().itertuples(index=False), [True, False, True])]
    assert refusion.evaluate_register(stays, support=pd.DataFrame(rows, columns=list(SUPPORT_COLUMNS))).totals == want


def test_register_decision_errors():
    stays = _stays()
    with pytest.raises(refusion.ConflictingFieldsError) as e:
        refusion.evaluate_register(stays, support=_support(decided_before_discharge=[True, True, True],
                                                           decided_on=DECIDED_ON))
    assert e.value.field == "support[1].decided_on" and 'citizen "b"' in e.value.message
    with pytest.raises(refusion.MissingFieldError) as e:
        refusion.evaluate_register(stays, support=_support())
    assert e.value.field == "decided_before_discharge" and "decided_on" in e.value.message
    with pytest.raises(refusion.MissingFieldError) as e:
        refusion.evaluate_register(stays, support=_support(decided_before_discharge=[True, None, True],
                                                           decided_on=[None, None, None]))
    assert e.value.field == "support[1].decided_before_discharge"
    with pytest.raises(refusion.InvalidDateError) as e:
        refusion.evaluate_register(stays, support=_support(decided_on=["2026-12-01", "2027-02-30", None]))
    assert e.value.field == "support[1].decided_on"
    with pytest.raises(refusion.WrongTypeError) as e:
        refusion.evaluate_register(stays, support=_support(decided_on=[D(2026, 12, 1), None, 20270101]))
    assert e.value.field == "support[2].decided_on"
    with pytest.raises(refusion.WrongTypeError) as e:
        refusion.evaluate_register(stays, support=_support(decided_on=pd.to_datetime(["2026-12-01 08:00", None, None])))
    assert e.value.field == "support[0].decided_on"
    with pytest.raises(refusion.WrongTypeError) as e:
        refusion.evaluate_register(stays, support=_support(decided_before_discharge=[True, "no", None],
                                                           decided_on=DECIDED_ON))
    assert e.value.field == "support[1].decided_before_discharge"
    with pytest.raises(refusion.UnknownFieldError):
        refusion.evaluate_register(stays, support=_support(decided_on=DECIDED_ON, decided=[1, 2, 3]))


def test_a_support_csv_with_only_decided_on_equals_the_frames():
    stays, support = _stays(), _support(decided_on=DECIDED_ON)
    csv_stays = stays.to_csv(index=False).encode()
    csv_support = support.to_csv(index=False).encode()
    assert b"decided_before_discharge" not in csv_support
    r = refusion.evaluate_register_csv(csv_stays, support=csv_support)
    assert r.totals == refusion.evaluate_register(stays, support=support).totals


def test_the_core_binding_refuses_a_bad_decision_byte():
    stays, support = _stays().iloc[:1], _support(decided_before_discharge=[True, True, True]).iloc[:1]
    engine = refusion._core.Engine()
    day = (D(2027, 1, 1) - D(1970, 1, 1)).days
    i8 = lambda *v: np.asarray(v, dtype="<i8").tobytes()  # noqa: E731
    args = dict(
        policy_json=json.dumps("statutory"), citizens=1, names=None, groups=i8(0),
        birth_date=i8((D(1988, 4, 20) - D(1970, 1, 1)).days), admitted=i8(day - 92), discharged=i8(day),
        rate_codes=i8(0), rate_values="1400", own_codes=i8(0), own_values="100",
        support_groups=i8(0), support_method="m-act", support_start=i8(day), support_end=i8(day + 731),
        support_cost_codes=i8(0), support_cost_values="104000", support_decided=bytes([3]),
        support_decided_on=i8(-(2**63)), ticks_per_day=[1] * 6,
    )
    with pytest.raises(refusion.InvalidParameterError) as e:
        engine.evaluate_register(**args)
    assert e.value.field == "support[0].decided_before_discharge"
    ok = engine.evaluate_register(**{**args, "support_decided": bytes([2]), "support_decided_on": i8(day - 31)})
    assert ok.totals() == {k: str(v) for k, v in
                          refusion.evaluate_register(stays, support=support).totals.as_dict().items()}
