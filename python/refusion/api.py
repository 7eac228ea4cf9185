"""The public functions: evaluate, compare, break-even, team cost, register, parameters."""

from __future__ import annotations

import datetime as _dt
import json
import os
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _core
from ._convert import date_text, dumps, money_text, to_contract
from ._errors import (
    FloatMoneyError,
    InvalidDateError,
    MissingFieldError,
    WrongTypeError,
)
from .model import BreakEvenQuery, Policy, Scenario, TeamModel
from .results import BreakEven, Comparison, CurvePoint, Evaluation, Placement, RegisterResult, TeamCost, _dated

__all__ = [
    "evaluate",
    "compare",
    "cumulative",
    "break_even",
    "team_cost",
    "illustrative_team",
    "place_cost",
    "m_act_reference",
    "presets",
    "parameters",
    "read_scenario",
    "load_case",
    "evaluate_register",
]

_ENGINE = _core.Engine()

ScenarioLike = Union[Scenario, Mapping[str, Any], "os.PathLike[str]"]
PolicyLike = Union[str, Policy, Mapping[str, Any]]


def _scenario_dict(scenario: ScenarioLike, policy: Optional[PolicyLike]) -> Dict[str, Any]:
    if isinstance(scenario, os.PathLike):
        d = read_scenario(scenario)
    elif isinstance(scenario, str):
        raise WrongTypeError(
            "scenario",
            "a str is ambiguous; pass a pathlib.Path for a file, or a dict / refusion.Scenario",
        )
    else:
        d = to_contract(scenario)
    if not isinstance(d, dict):
        raise WrongTypeError("scenario", "expected a refusion.Scenario, a dict or a file path")
    if policy is not None:
        d = {**d, "policy": to_contract(policy, "policy")}
    return d


def evaluate(scenario: ScenarioLike, *, policy: Optional[PolicyLike] = None) -> Evaluation:
    """Evaluates one scenario: totals by payer, lines, years, windows and the trace.

    ``scenario`` is a :class:`refusion.Scenario`, a dict in the contract shape, or a
    ``pathlib.Path`` to a JSON/TOML scenario (or case) file. ``policy`` replaces the scenario's.

    >>> import refusion
    >>> e2 = {"citizen": {"birth_date": "1988-04-20"},
    ...       "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
    ...                          "daily_rate": "1400", "own_payment_per_night": "100"}]}
    >>> refusion.evaluate(e2).totals.municipal_net
    Decimal('219700.00')
    >>> refusion.evaluate(e2, policy="pre-reform").totals.state_refusion
    Decimal('139100.00')
    """
    d = _scenario_dict(scenario, policy)
    return Evaluation(json.loads(_ENGINE.evaluate(json.dumps(d, ensure_ascii=False))), d)


def compare(a: ScenarioLike, b: ScenarioLike) -> Comparison:
    """Compares two pathways: both totals, B − A by payer and by calendar year.

    >>> import refusion
    >>> base = {"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
    ...     {"admitted": "2026-06-01", "discharged": "2027-01-01", "daily_rate": 1400, "own_payment_per_night": 100}]}
    >>> c = refusion.compare(base, {**base, "policy": "pre-reform"})
    >>> c.difference.municipal_net   # what the reform costs this municipality for E2
    Decimal('-80600.00')
    """
    da, db = _scenario_dict(a, None), _scenario_dict(b, None)
    raw = json.loads(_ENGINE.compare(json.dumps(da, ensure_ascii=False), json.dumps(db, ensure_ascii=False)))
    return Comparison(raw, da, db)


def cumulative(scenario: ScenarioLike, *, policy: Optional[PolicyLike] = None) -> List[CurvePoint]:
    """Cumulative cost at every date where the daily cost changes (for plotting).

    >>> import refusion
    >>> pts = refusion.cumulative({"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
    ...     {"admitted": "2026-06-01", "discharged": "2027-01-01", "daily_rate": 1400, "own_payment_per_night": 100}]})
    >>> [(str(p.date), p.municipal_net) for p in pts]
    [('2026-06-01', Decimal('0.00')), ('2026-08-30', Decimal('58500.00')), ('2027-01-01', Decimal('219700.00'))]
    """
    d = _scenario_dict(scenario, policy)
    return [_dated(CurvePoint, p) for p in json.loads(_ENGINE.cumulative(json.dumps(d, ensure_ascii=False)))]


def break_even(query: Union[BreakEvenQuery, Mapping[str, Any]]) -> BreakEven:
    """The first night from which discharge to support is cheaper than staying.

    >>> import refusion
    >>> from datetime import date
    >>> b = refusion.break_even(refusion.BreakEvenQuery(
    ...     citizen=refusion.Citizen(birth_date=date(1988, 4, 20)), admitted=date(2026, 6, 1),
    ...     daily_rate=1400, own_payment_per_night=100,
    ...     support=refusion.SupportOffer(method="m-act", annual_cost=104000)))
    >>> b.municipality.night, b.public_sector.night
    (126, 162)
    """
    raw = json.loads(_ENGINE.break_even(dumps(query)))
    return BreakEven(raw)


def illustrative_team() -> Dict[str, Any]:
    """The illustrative M-ACT team model as a dict (salaries illustrative, not sourced).

    >>> import refusion
    >>> refusion.illustrative_team()["caseload"]
    24
    """
    return json.loads(_ENGINE.illustrative_team())


def team_cost(model: Union[TeamModel, Mapping[str, Any], None] = None, *, caseload: Optional[int] = None) -> TeamCost:
    """Cost per citizen-year of an M-ACT team, placed against the Rambøll reference.

    Without ``model`` the illustrative team is used (and flagged as illustrative).

    >>> import refusion
    >>> c = refusion.team_cost()
    >>> c.operating_per_citizen_year, c.placement.position
    (Decimal('99166.67'), 'within_range')
    >>> refusion.team_cost(caseload=20).operating_per_citizen_year
    Decimal('119000.00')
    """
    d = illustrative_team() if model is None else to_contract(model)
    if caseload is not None:
        d = {**d, "caseload": caseload}
    raw = json.loads(_ENGINE.team_cost(json.dumps(d, ensure_ascii=False)))
    return TeamCost(raw, d)


def place_cost(cost: Union[Decimal, int, str]) -> Placement:
    """Places a cost per citizen-year against the Rambøll M-ACT range (operating costs only).

    >>> import refusion
    >>> p = refusion.place_cost(130000)
    >>> p.position, p.vs_mean_percent
    ('above_range', Decimal('25.0'))
    """
    return Placement._from(json.loads(_ENGINE.place(money_text(cost, "cost"))))


def m_act_reference() -> Dict[str, Any]:
    """The Rambøll M-ACT reference and the VIVE/Rambøll ACT figure, with sources.

    >>> import refusion
    >>> ref = refusion.m_act_reference()
    >>> ref["m_act"]["mean"], ref["m_act"]["low"], ref["m_act"]["high"]
    (Decimal('104000'), Decimal('78000'), Decimal('121000'))
    """
    cat = json.loads(_ENGINE.catalog())
    out: Dict[str, Any] = {}
    for key, ref in cat["reference"].items():
        item = dict(ref)
        for k in ("mean", "low", "high"):
            if k in item:
                item[k] = Decimal(item[k])
        item["source"] = cat["sources"][ref["source"]]
        out[key] = item
    return out


def presets() -> Dict[str, str]:
    """The policy presets and what they mean.

    >>> import refusion
    >>> sorted(refusion.presets())
    ['age-26', 'pre-reform', 'statutory']
    """
    cat = json.loads(_ENGINE.catalog())
    return {k: v["description"] for k, v in cat["presets"].items()}


def parameters(policy: PolicyLike = "statutory") -> Dict[str, Any]:
    """The resolved parameters of a policy, each value with its ``from`` date and source id.

    >>> import refusion
    >>> p = refusion.parameters({"preset": "statutory", "overrides": {"cap_switch_date": "2027-01-01"}})
    >>> [(s["from"], s["value"]) for s in p["parameters"]["cap_nights"]]
    [('2023-10-01', 120), ('2027-01-01', 90)]
    """
    return json.loads(_ENGINE.policy(json.dumps(to_contract(policy, "policy"), ensure_ascii=False)))


def read_scenario(path: Union[str, "os.PathLike[str]"]) -> Dict[str, Any]:
    """Reads a JSON or TOML scenario file as a contract dict. For a case file of
    ``tests/cases/`` (which holds ``scenario`` and ``expected``), returns its scenario.

    >>> import refusion, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = p.write_text('[citizen]\\nbirth_date = 1988-04-20\\n')
    >>> refusion.read_scenario(p)["citizen"]
    {'birth_date': '1988-04-20'}
    """
    text = open(path, encoding="utf-8").read()
    doc = load_case(path, text=text)
    if "scenario" in doc and "expected" in doc:
        doc = doc["scenario"]
    return json.loads(_ENGINE.parse_scenario(json.dumps(doc, ensure_ascii=False)))


def load_case(path: Union[str, "os.PathLike[str]"], *, text: Optional[str] = None) -> Dict[str, Any]:
    """Reads any JSON or TOML document (e.g. a case file) as plain JSON data (money stays text).

    >>> import refusion, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.json"
    >>> _ = p.write_text('{"scenario": {"citizen": {"birth_date": "1988-04-20"}}, "expected": {}}')
    >>> refusion.load_case(p)["scenario"]["citizen"]["birth_date"]
    '1988-04-20'
    """
    if text is None:
        text = open(path, encoding="utf-8").read()
    if str(path).lower().endswith(".toml"):
        return json.loads(_ENGINE.toml_to_json(text))
    return json.loads(text)


# --------------------------------------------------------------------------------------------
# The stay register
# --------------------------------------------------------------------------------------------

REGISTER_COLUMNS = ("citizen_id", "birth_date", "admitted", "discharged", "daily_rate", "own_payment_per_night")
_EPOCH = _dt.date(1970, 1, 1)


def _columns(register: Any) -> Dict[str, Any]:
    if hasattr(register, "columns") and hasattr(register, "__getitem__"):
        cols = {c: register[c] for c in register.columns}
    elif isinstance(register, Mapping):
        cols = dict(register)
    else:
        raise WrongTypeError("register", "expected a pandas DataFrame or a mapping of columns")
    for c in REGISTER_COLUMNS:
        if c not in cols:
            raise MissingFieldError(c, f"the register needs a column {c!r}; columns are {', '.join(REGISTER_COLUMNS)}")
    return cols


def _day_column(values: Any, name: str) -> List[int]:
    dtype = str(getattr(values, "dtype", ""))
    if dtype.startswith("datetime64"):
        if bool(values.isna().any()):
            i = int(values.isna().to_numpy().nonzero()[0][0])
            raise InvalidDateError(f"rows[{i}].{name}", "missing date")
        return values.to_numpy().astype("datetime64[D]").astype("int64").tolist()
    out = []
    for i, v in enumerate(list(values)):
        field = f"rows[{i}].{name}"
        if isinstance(v, _dt.datetime):
            if v.time() != _dt.time(0):
                raise WrongTypeError(field, f"{v!r} has a time of day; pass dates")
            v = v.date()
        if isinstance(v, str):
            try:
                v = _dt.date.fromisoformat(date_text(v, field))
            except ValueError:
                raise InvalidDateError(field, f"{v!r} is not a date written YYYY-MM-DD") from None
        if not isinstance(v, _dt.date):
            raise WrongTypeError(field, f"{v!r} is not a date")
        out.append((v - _EPOCH).days)
    return out


def _money_column(values: Any, name: str) -> List[str]:
    dtype = str(getattr(values, "dtype", ""))
    if dtype.startswith("float"):
        raise FloatMoneyError(
            name,
            f"column {name!r} holds floats, which cannot hold money exactly; read it as text "
            f"(pd.read_csv(..., dtype={{{name!r}: str}})) or as Decimal "
            f"(converters={{{name!r}: decimal.Decimal}})",
        )
    if dtype.startswith(("int", "uint")):
        return [str(v) for v in values.tolist()]
    return [money_text(v, f"rows[{i}].{name}") for i, v in enumerate(list(values))]


def evaluate_register(register: Any, policy: PolicyLike = "statutory") -> RegisterResult:
    """Evaluates a whole stay register in one call into Rust (the GIL is released meanwhile).

    ``register`` is a DataFrame (or a mapping of columns) with one row per stay and the columns
    ``citizen_id, birth_date, admitted, discharged, daily_rate, own_payment_per_night``. Money
    columns must be exact: ints, ``Decimal`` objects or numeric strings (a float column raises
    ``FloatMoneyError``). Returns per-citizen, per-citizen-year and per-year totals.

    >>> import refusion, pandas as pd
    >>> from datetime import date
    >>> df = pd.DataFrame({
    ...     "citizen_id": ["a", "b", "a"],
    ...     "birth_date": [date(1988, 4, 20), date(1979, 11, 11), date(1988, 4, 20)],
    ...     "admitted": [date(2026, 6, 1), date(2024, 2, 1), date(2027, 8, 1)],
    ...     "discharged": [date(2027, 1, 1), date(2024, 9, 1), date(2027, 9, 1)],
    ...     "daily_rate": ["1400", "1000", "1400"],
    ...     "own_payment_per_night": ["100", "0", "100"]})
    >>> r = refusion.evaluate_register(df)
    >>> r.citizens[["citizen_id", "nights", "refunded_nights", "municipal_net"]]
      citizen_id  nights  refunded_nights municipal_net
    0          a     245              121     239850.00
    1          b     213              120     153000.00
    >>> r.years
              gross citizen_payment state_refusion municipal_net
    year
    2024  213000.00            0.00       60000.00     153000.00
    2026  299600.00        21400.00       58500.00     219700.00
    2027   43400.00         3100.00       20150.00      20150.00
    """
    cols = _columns(register)
    ids = [str(v) for v in list(cols["citizen_id"])]
    raw = _core_register(
        to_contract(policy, "policy"),
        ids,
        _day_column(cols["birth_date"], "birth_date"),
        _day_column(cols["admitted"], "admitted"),
        _day_column(cols["discharged"], "discharged"),
        _money_column(cols["daily_rate"], "daily_rate"),
        _money_column(cols["own_payment_per_night"], "own_payment_per_night"),
    )
    return RegisterResult(raw)


def _core_register(policy: Any, *columns: Sequence[Any]) -> Dict[str, Any]:
    return _ENGINE.evaluate_register(json.dumps(policy, ensure_ascii=False), *columns)
