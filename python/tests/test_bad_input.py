"""The bad-input matrix: every bad input raises the right exception with a helpful message."""

import datetime as dt
import random
from decimal import Decimal

import pandas as pd
import pytest

import refusion
from refusion import (
    Citizen,
    DateOrderError,
    FloatMoneyError,
    InvalidAmountError,
    InvalidDateError,
    InvalidParameterError,
    MissingFieldError,
    NegativeAmountError,
    OverlapError,
    RefusionError,
    Scenario,
    ShelterStay,
    UnknownFieldError,
    UnknownParameterError,
    UnknownPolicyError,
    WrongTypeError,
)

BIRTH = dt.date(1988, 4, 20)


def stay(**kw):
    base = dict(admitted=dt.date(2026, 6, 1), discharged=dt.date(2027, 1, 1), daily_rate=Decimal("1400"),
                own_payment_per_night=Decimal("100"))
    base.update(kw)
    return ShelterStay(**base)


def scenario(*stays, **kw):
    return Scenario(citizen=Citizen(birth_date=kw.pop("birth", BIRTH)), shelter_stays=list(stays) or [stay()], **kw)


def as_dict(**kw):
    s = {"admitted": "2026-06-01", "discharged": "2027-01-01", "daily_rate": "1400", "own_payment_per_night": "100"}
    s.update(kw)
    return {"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [s]}


FIELD = "shelter_stays[0].daily_rate"

MATRIX = [
    # (id, scenario, exception, field, text that must appear in the message)
    ("float", scenario(stay(daily_rate=1400.5)), FloatMoneyError, FIELD, 'Decimal("1400.5")'),
    ("float-dict", as_dict(daily_rate=1400.5), FloatMoneyError, FIELD, 'Decimal("1400.5")'),
    ("float-whole", as_dict(daily_rate=1400.0), FloatMoneyError, FIELD, 'Decimal("1400.0")'),
    ("nan-float", as_dict(daily_rate=float("nan")), FloatMoneyError, FIELD, "not a number"),
    ("inf-float", as_dict(daily_rate=float("inf")), FloatMoneyError, FIELD, "not a number"),
    ("nan-decimal", as_dict(daily_rate=Decimal("NaN")), InvalidAmountError, FIELD, "not a finite amount"),
    ("inf-decimal", as_dict(daily_rate=Decimal("-Infinity")), InvalidAmountError, FIELD, "not a finite amount"),
    ("bool", scenario(stay(daily_rate=True)), WrongTypeError, FIELD, "found boolean"),
    ("list", as_dict(daily_rate=[1400]), WrongTypeError, FIELD, "money"),
    ("object", as_dict(daily_rate=object()), WrongTypeError, FIELD, "cannot be converted"),
    ("int-date", {"citizen": {"birth_date": 19880420}}, WrongTypeError, "citizen.birth_date", "YYYY-MM-DD"),
    ("datetime", scenario(stay(admitted=dt.datetime(2026, 6, 1, 12))), WrongTypeError, "shelter_stays[0].admitted", "datetime.date"),
    ("bad-date", as_dict(admitted="2026-02-30"), InvalidDateError, "shelter_stays[0].admitted", "calendar date"),
    ("ancient", scenario(stay(admitted=dt.date(1899, 12, 1))), InvalidDateError, "shelter_stays[0].admitted", "1900-01-01"),
    ("reversed", scenario(stay(discharged=dt.date(2026, 5, 1))), DateOrderError, "shelter_stays[0].discharged", "not after"),
    ("zero-nights", scenario(stay(discharged=dt.date(2026, 6, 1))), DateOrderError, "shelter_stays[0].discharged", "not after"),
    ("before-birth", scenario(stay(), birth=dt.date(2026, 7, 1)), DateOrderError, "shelter_stays[0].admitted", "birth"),
    ("overlap", scenario(stay(), stay(admitted=dt.date(2026, 12, 1), discharged=dt.date(2027, 2, 1))),
     OverlapError, "shelter_stays[1].admitted", "overlaps shelter_stays[0]"),
    ("negative", scenario(stay(daily_rate=Decimal("-1"))), NegativeAmountError, FIELD, "negative"),
    ("own-above-rate", scenario(stay(own_payment_per_night=2000)), InvalidAmountError,
     "shelter_stays[0].own_payment_per_night", "exceeds the daily rate"),
    ("huge-int", scenario(stay(daily_rate=10**15)), InvalidAmountError, FIELD, "10^15"),
    ("enormous-int", scenario(stay(daily_rate=10**40)), InvalidAmountError, FIELD, "10^15"),
    ("huge-decimal", scenario(stay(daily_rate=Decimal("1e30"))), InvalidAmountError, FIELD, "10^15"),
    ("digits", scenario(stay(daily_rate=Decimal("1.0000000000000000000000000001"))), InvalidAmountError, FIELD, "decimals"),
    ("exponent-str", as_dict(daily_rate="1e3"), InvalidAmountError, FIELD, "exponents"),
    ("danish-str", as_dict(daily_rate="1.234,50"), InvalidAmountError, FIELD, "dot for decimals"),
    ("unknown-policy", scenario(policy="age26"), UnknownPolicyError, "policy", "age-26, pre-reform, reform-2023, statutory"),
    ("unknown-override", scenario(policy=refusion.Policy(overrides={"cap_night": 60})), UnknownParameterError,
     "policy.overrides.cap_night", "cap_nights"),
    ("float-override", scenario(policy=refusion.Policy(overrides={"refund_rate": 0.5})), FloatMoneyError,
     "policy.overrides.refund_rate", 'Decimal("0.5")'),
    ("bad-override", scenario(policy=refusion.Policy(overrides={"window_mode": "yearly"})), InvalidParameterError,
     "policy.overrides.window_mode", "fixed-anniversaries"),
    ("missing", {"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [{"admitted": "2026-06-01"}]},
     MissingFieldError, "shelter_stays[0].discharged", "required"),
    ("typo", as_dict(dayly_rate="1"), UnknownFieldError, "shelter_stays[0].dayly_rate", "spelling"),
    ("no-citizen", {"shelter_stays": []}, MissingFieldError, "citizen", "required"),
]


@pytest.mark.parametrize("case", MATRIX, ids=[m[0] for m in MATRIX])
def test_matrix(case):
    _, bad, exc, field, text = case
    with pytest.raises(exc) as info:
        refusion.evaluate(bad)
    e = info.value
    assert isinstance(e, RefusionError) and isinstance(e, ValueError)
    assert e.field == field, str(e)
    assert text in e.message, str(e)
    assert str(e).startswith(field)
    assert e.code == type(e).code


def test_type_errors_are_type_errors():
    with pytest.raises(TypeError):
        refusion.evaluate(as_dict(daily_rate=1.5))
    with pytest.raises(TypeError):
        refusion.evaluate(scenario(stay(daily_rate=False)))


def test_a_plain_string_is_not_a_scenario():
    with pytest.raises(WrongTypeError):
        refusion.evaluate("tests/cases/e2_cap_90_reached.json")


def test_other_entry_points_check_money_too():
    with pytest.raises(FloatMoneyError) as info:
        refusion.place_cost(99000.0)
    assert info.value.field == "cost"
    with pytest.raises(FloatMoneyError) as info:
        refusion.break_even({"citizen": {"birth_date": "1988-04-20"}, "admitted": dt.date(2026, 6, 1),
                             "daily_rate": 1400.0, "own_payment_per_night": 0,
                             "support": {"method": "m-act", "annual_cost": 104000}})
    assert info.value.field == "daily_rate"
    with pytest.raises(FloatMoneyError) as info:
        refusion.team_cost({"caseload": 10, "staff": [{"role": "x", "function": "health", "fte": 0.5, "annual_salary": 1}]})
    assert info.value.field == "staff[0].fte"
    with pytest.raises(InvalidParameterError):
        refusion.team_cost(caseload=0)


REGISTER = dict(
    citizen_id=["a", "a"],
    birth_date=[BIRTH, BIRTH],
    admitted=[dt.date(2026, 1, 1), dt.date(2026, 3, 1)],
    discharged=[dt.date(2026, 2, 1), dt.date(2026, 4, 1)],
    daily_rate=["1400", "1400"],
    own_payment_per_night=["100", "100"],
)


@pytest.mark.parametrize(
    "change, exc, field",
    [
        (dict(daily_rate=[1400.0, 1400.0]), FloatMoneyError, "daily_rate"),
        (dict(daily_rate=["1400", 1400.5]), FloatMoneyError, "rows[1].daily_rate"),
        (dict(own_payment_per_night=["100", True]), WrongTypeError, "rows[1].own_payment_per_night"),
        (dict(admitted=[dt.date(2026, 1, 1), "2026-13-01"]), InvalidDateError, "rows[1].admitted"),
        (dict(admitted=[dt.date(2026, 1, 1), dt.date(2026, 1, 15)]), OverlapError, "rows[1].admitted"),
        (dict(discharged=[dt.date(2025, 2, 1), dt.date(2026, 4, 1)]), DateOrderError, "rows[0].discharged"),
        (dict(birth_date=[BIRTH, dt.date(1990, 1, 1)]), refusion.InconsistentRegisterError, "rows[1].birth_date"),
        (dict(daily_rate=["1400", "-5"]), NegativeAmountError, "rows[1].daily_rate"),
        (dict(citizen_id=["a"]), InvalidParameterError, "register"),
    ],
)
def test_register_bad_input(change, exc, field):
    frame = pd.DataFrame({**REGISTER, **change}) if "citizen_id" not in change else {**REGISTER, **change}
    with pytest.raises(exc) as info:
        refusion.evaluate_register(frame)
    assert info.value.field == field, str(info.value)


def test_register_missing_column():
    cols = dict(REGISTER)
    del cols["own_payment_per_night"]
    with pytest.raises(MissingFieldError) as info:
        refusion.evaluate_register(pd.DataFrame(cols))
    assert info.value.field == "own_payment_per_night"


def _junk(rng, depth=0):
    pool = [None, True, 1.5, float("nan"), -3, 10**20, "", "x", "2026-06-01", "1400", Decimal("1"),
            dt.date(2026, 6, 1), [], {}]
    if depth < 3 and rng.random() < 0.4:
        keys = ["citizen", "birth_date", "shelter_stays", "admitted", "discharged", "daily_rate",
                "own_payment_per_night", "home_support", "policy", "method", "start", "end", "overrides"]
        return {rng.choice(keys): _junk(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    if depth < 3 and rng.random() < 0.2:
        return [_junk(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return rng.choice(pool)


def test_random_junk_only_ever_raises_refusion_errors():
    rng = random.Random(7)
    for _ in range(2000):
        junk = _junk(rng)
        if isinstance(junk, dict):
            junk.setdefault("citizen", {"birth_date": "1988-04-20"})
        try:
            refusion.evaluate(junk if isinstance(junk, dict) else {"citizen": junk})
        except RefusionError:
            pass
