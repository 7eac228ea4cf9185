"""The public functions: evaluate, compare, break-even, team cost, register, and the catalog
(defaults, sources, parameters, presets) the engine was built from."""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _catalog, _core
from ._catalog import ENGINE as _ENGINE
from ._convert import date_text, dumps, money_text, to_contract
from ._errors import (
    ConflictingFieldsError,
    FloatMoneyError,
    InvalidAmountError,
    InvalidDateError,
    InconsistentRegisterError,
    InvalidParameterError,
    MissingFieldError,
    ParseError,
    RefusionError,
    UnknownFieldError,
    WrongTypeError,
)
from ._format import display_lang
from .model import BreakEvenQuery, Policy, Scenario, TeamModel
from .results import (
    BreakEven,
    BudgetResult,
    Comparison,
    CurvePoint,
    Evaluation,
    MonteCarloResult,
    Placement,
    PlanResult,
    PolicyComparison,
    RegisterCsvResult,
    RegisterResult,
    TeamCost,
    TornadoResult,
    _dated,
    _pyarrow,
)

__all__ = [
    "cohort",
    "plan",
    "budget",
    "monte_carlo",
    "tornado",
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
    "defaults",
    "sources",
    "parse_amount",
    "read_scenario",
    "load_case",
    "evaluate_register",
    "evaluate_register_csv",
    "read_register",
    "compare_register",
    "compare_budget",
]

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
    ...     support=refusion.SupportOffer(method="m-act", annual_cost=95000)))
    >>> b.municipality.night, b.public_sector.night
    (119, 148)
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


def defaults() -> Dict[str, Any]:
    """The figures the engine fills in when a query leaves them out, each with its citation and
    address, as the core's catalog gives them (a fresh copy; figures as ``Decimal``)::

        {"m_act": {"mean", "low", "high", "price_year", "price_year_basis", "scope",
                   "citation", "url"},
         "act": {"mean", "price_year", "price_year_basis", "scope", "citation", "url"},
         "discount_rate": {"value", "shown": {"da", "en"}, "citation", "url"},
         "support_years": {"value", "shown", "citation", "url"},
         "own_payment": {"value", "shown", "citation", "url"},
         "amount_rule": {"da", "en"},            # how to type an amount
         "presets": [{"name", "title": {"da", "en"}, "description": {"da", "en"}}, ...],
         "comparisons": [{"name", "title": {"da", "en"}, "da", "en", "base", "policy"}, ...],
         "illustrative": [{"name", "value", "shown", "description", "basis"}, ...]}

    ``mean``/``low``/``high`` and the ``value`` of ``discount_rate`` and ``own_payment`` are
    ``Decimal``; ``support_years`` is an ``int``; ``shown`` is the value as people read it.
    ``comparisons`` are the ready comparisons :func:`compare_register` and
    :func:`compare_budget` take by name (``compare="step-2026"``). ``illustrative`` are the
    defaults no source gives (the budget's team size, caseload, establishment cost, share
    discharged and the uncertainty ranges), each with why it is only illustrative; their
    ``value`` stays the text a query takes (``"0.7"``, ``"24"``, a range ``"50..90"``).

    >>> import refusion
    >>> d = refusion.defaults()
    >>> d["m_act"]["low"] < d["m_act"]["mean"] < d["m_act"]["high"]
    True
    >>> refusion.SupportOffer().annual_cost == d["m_act"]["mean"]
    True
    >>> d["support_years"]["value"] == refusion.parameters()["parameters"]["support_refund_years"]["steps"][0]["value"]
    True
    >>> [(c["name"], c["policy"], c["base"]) for c in d["comparisons"]]
    [('reform', 'statutory', 'pre-reform'), ('step-2026', 'statutory', 'reform-2023')]
    """
    return _catalog.defaults()


def sources() -> Dict[str, Dict[str, Any]]:
    """Every source of the catalog by id, with what uses it::

        {id: {"issuer", "title", "law"?, "url", "version", "checked", "quote", "citation",
              "note"?, "used_by": [{"kind", "name"}, ...]}}

    ``kind`` is what uses the source (a parameter, rule, preset, reference, cohort or
    economics) and ``name`` which one; ``checked`` is the ISO date the source was last read.

    >>> import refusion
    >>> s = refusion.sources()
    >>> {"kind": "parameter", "name": "cap_nights"} in s["sbst-omstilling"]["used_by"]
    True
    >>> all(src["url"].startswith("https://") for src in s.values() if src["url"])
    True
    """
    return _catalog.catalog()["sources"]


def parse_amount(text: str) -> Decimal:
    """An amount as people type it, read by the core's typed-amount rule (the rule of the web
    page, the command line and register CSV files): ``1234.50`` or the Danish ``1.234,50``,
    spaces between thousands and a trailing ``kr.`` allowed, and a dot followed by exactly
    three digits read as a thousands separator. Anything else raises ``InvalidAmountError``
    (code ``invalid_amount``); ``refusion.defaults()["amount_rule"]`` states the rule.

    >>> import refusion
    >>> refusion.parse_amount("1.234,50"), refusion.parse_amount("95 000 kr."), refusion.parse_amount("1.400")
    (Decimal('1234.50'), Decimal('95000'), Decimal('1400'))
    >>> refusion.parse_amount("1,234.50")
    Traceback (most recent call last):
    refusion._errors.InvalidAmountError: "1,234.50" is not an amount: write 1234.50 or the Danish 1.234,50 (a comma for decimals, dots or spaces between thousands, an optional "kr.")
    """
    if not isinstance(text, str):
        raise WrongTypeError("amount", f"{type(text).__name__} is not text; parse_amount reads a str such as \"1.234,50\"")
    return Decimal(_core.parse_amount(text))


def m_act_reference() -> Dict[str, Any]:
    """The Rambøll M-ACT reference (``m_act``) and the VIVE/Rambøll ACT figure (``act``) of the
    catalog: ``mean`` (and for M-ACT ``low`` and ``high``) as ``Decimal``, ``price_year``,
    ``price_year_basis``, ``scope``, and ``sources``: the full source records (as
    :func:`sources` gives them, each with its ``id``).

    >>> import refusion
    >>> ref = refusion.m_act_reference()
    >>> ref["m_act"]["mean"] == refusion.defaults()["m_act"]["mean"]
    True
    >>> [s["id"] for s in ref["m_act"]["sources"]]
    ['ramboll-mact', 'soem-mact']
    """
    cat = _catalog.catalog()
    out: Dict[str, Any] = {}
    for key, ref in cat["reference"].items():
        item = _catalog._decimals(ref)
        item["sources"] = [{"id": sid, **cat["sources"][sid]} for sid in ref["sources"]]
        out[key] = item
    return out


def presets(lang: Optional[str] = None) -> Dict[str, str]:
    """The policy presets and what each means, in the display language (``"da"`` unless
    :func:`refusion.set_display_locale` chose ``"en"``) or in ``lang``. Both languages, each
    preset's overrides and sources are in ``refusion.parameters(name)["preset_description"]``
    and the catalog.

    >>> import refusion
    >>> sorted(refusion.presets())
    ['age-26', 'pre-reform', 'reform-2023', 'statutory']
    >>> refusion.presets("en")["age-26"].startswith("A reading of a spoken source")
    True
    >>> refusion.presets()["age-26"].startswith("En læsning af en mundtlig kilde")
    True
    """
    key = display_lang(lang)
    return {k: v[key] for k, v in _catalog.catalog()["presets"].items()}


_TYPED_UNITS = ("kr", "rate")


def parameters(policy: PolicyLike = "statutory") -> Dict[str, Any]:
    """A policy resolved into its parameters, each with its rule, unit, description and the
    dated steps in force, every step with its source::

        {"name": "statutory + cap_switch_date",       # the policy's name
         "preset": "statutory",
         "preset_description": {"da", "en"},
         "overrides": ["cap_switch_date"],            # the override names given
         "parameters": {                              # by name, in the catalog's order
             "cap_nights": {"name", "rule", "unit", "description": {"da", "en"},
                            "max"?, "switch"?, "switch_max"?, "aliases"?, "choices"?,
                            "override_names",         # the names an override may use
                            "steps": [{"from" | "from_age", "value", "shown": {"da", "en"},
                                       "rule", "source", "citation", "url", "note"?}, ...]},
             ...}}

    A step's ``value`` is a ``Decimal`` for the units ``kr`` and ``rate``, an ``int`` for
    nights, years and months, and text for dates and choices; ``from`` is an ISO date. A step
    set by an override has the source ``override``.

    >>> import refusion
    >>> statutory = refusion.parameters()["parameters"]["cap_nights"]["steps"]
    >>> moved = refusion.parameters({"preset": "statutory",
    ...                              "overrides": {"cap_switch_date": "2027-01-01"}})
    >>> steps = moved["parameters"]["cap_nights"]["steps"]
    >>> steps[0] == statutory[0], [s["value"] for s in steps] == [s["value"] for s in statutory]
    (True, True)
    >>> steps[1]["from"], steps[1]["source"], moved["overrides"]
    ('2027-01-01', 'override', ['cap_switch_date'])
    """
    view = json.loads(_ENGINE.policy(json.dumps(to_contract(policy, "policy"), ensure_ascii=False)))
    by_name: Dict[str, Any] = {}
    for p in view["parameters"]:
        if p["unit"] in _TYPED_UNITS:
            p["steps"] = [{**s, "value": Decimal(s["value"])} for s in p["steps"]]
        by_name[p["name"]] = p
    view["parameters"] = by_name
    return view


def read_scenario(path: Union[str, "os.PathLike[str]"]) -> Dict[str, Any]:
    """Reads a JSON or TOML scenario file as a contract dict. For a case file of
    ``tests/cases/`` (which holds ``scenario`` and ``expected``), returns its scenario.

    >>> import refusion, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = p.write_text('[citizen]\\nbirth_date = 1988-04-20\\n')
    >>> refusion.read_scenario(p)["citizen"]
    {'birth_date': '1988-04-20'}
    """
    text = _read_text(path)
    try:
        doc = load_case(path, text=text)
    except RefusionError:
        doc = None  # the core's parser below says what is wrong
    if isinstance(doc, dict) and "scenario" in doc and "expected" in doc:
        return json.loads(_ENGINE.parse_scenario(json.dumps(doc["scenario"], ensure_ascii=False)))
    # The text itself goes to the core's strict parser (duplicate keys, NaN and floats refused).
    suffix = os.fspath(path).lower().rsplit(".", 1)[-1]
    return json.loads(_ENGINE.parse_scenario(text, suffix if suffix in ("json", "toml") else None))


def _read_text(path: Union[str, "os.PathLike[str]"]) -> str:
    """A file's text: UTF-8, a byte-order mark skipped; anything else is a ``ParseError``."""
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ParseError("", f"not UTF-8 text (byte {e.start + 1} on line {line}); save the file as UTF-8") from None


def load_case(path: Union[str, "os.PathLike[str]"], *, text: Optional[str] = None) -> Dict[str, Any]:
    """Reads any JSON or TOML document (e.g. a case file) as plain JSON data (money stays text).

    >>> import refusion, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.json"
    >>> _ = p.write_text('{"scenario": {"citizen": {"birth_date": "1988-04-20"}}, "expected": {}}')
    >>> refusion.load_case(p)["scenario"]["citizen"]["birth_date"]
    '1988-04-20'
    """
    if text is None:
        text = _read_text(path)
    if str(path).lower().endswith(".toml"):
        return json.loads(_ENGINE.toml_to_json(text))
    try:
        return json.loads(text)
    except ValueError as e:
        raise ParseError("", f"not valid JSON: {e}") from None


# --------------------------------------------------------------------------------------------
# The stay register
# --------------------------------------------------------------------------------------------

REGISTER_COLUMNS = ("citizen_id", "birth_date", "admitted", "discharged", "daily_rate", "own_payment_per_night")
SUPPORT_COLUMNS = ("citizen_id", "method", "start", "end", "annual_cost", "decided_before_discharge", "decided_on")
"""The columns of a support table, as the core's support CSV has them. The last two state the
decision: a table needs one of them or both, and a row may leave one empty."""
_SUPPORT_REQUIRED = SUPPORT_COLUMNS[:5]
_DECISION_COLUMNS = SUPPORT_COLUMNS[5:]
_EPOCH = _dt.date(1970, 1, 1)
_NOT_A_TIME = -(2**63)  # numpy's NaT as int64 ticks: a date not given (decided_on)


def _columns(register: Any, required: Sequence[str], what: str, optional: Sequence[str] = ()) -> Dict[str, Any]:
    if hasattr(register, "columns") and hasattr(register, "__getitem__"):
        cols = {c: register[c] for c in register.columns}
    elif isinstance(register, Mapping):
        cols = dict(register)
    else:
        raise WrongTypeError(what, "expected a pandas DataFrame or a mapping of columns")
    allowed = (*required, *optional)
    missing = [c for c in required if c not in cols]
    if missing:
        raise MissingFieldError(missing[0], f"the {what} needs a column {missing[0]!r}; columns are {', '.join(allowed)}")
    unknown = [c for c in cols if c not in allowed]
    if unknown:
        raise UnknownFieldError(str(unknown[0]), f"the {what} has an unknown column {unknown[0]!r}; the columns are {', '.join(allowed)} "
                                f"(select them with df[[{', '.join(repr(c) for c in allowed if c in cols)}]])")
    lengths = {len(cols[c]) for c in allowed if c in cols}
    if len(lengths) > 1:
        raise InvalidParameterError(what, f"the {what}'s columns have different lengths")
    return cols


def _support_table(support: Any) -> Dict[str, Any]:
    """The columns of a support table: the required ones and one or both decision columns."""
    if _arrow_like(support):
        support = _pyarrow().table(support).to_pandas()
    cols = _columns(support, _SUPPORT_REQUIRED, "support table", _DECISION_COLUMNS)
    if not any(c in cols for c in _DECISION_COLUMNS):
        raise MissingFieldError(
            "decided_before_discharge",
            "the support table needs a column 'decided_before_discharge' (True/False) or 'decided_on' "
            "(the date of the decision), or both; a row may leave one of them empty",
        )
    return cols


def _series(values: Any) -> Any:
    pd = _pandas()
    return values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)


def _codes_bytes(codes: Any) -> bytes:
    import numpy as np

    return np.asarray(codes, dtype="<i8").tobytes()


def _day_bytes(values: Any, name: str, where: str, missing_ok: bool = False) -> Tuple[bytes, int]:
    """A date column as ``(ticks, ticks_per_day)``: ticks since 1970-01-01 as little-endian
    int64 bytes. A datetime64 column passes its own ticks (Rust turns them into days and
    refuses a missing date or a time of day); other columns are factorised, each distinct value
    is checked once, and they pass day numbers (one tick a day). With ``missing_ok``, a missing
    value (None, NaN, NaT) passes as ``NaT`` (int64 minimum), a date not given."""
    import numpy as np

    pd = _pandas()
    s = _series(values)
    if str(s.dtype).startswith("datetime64"):
        if getattr(s.dt, "tz", None) is not None:
            raise WrongTypeError(name, f"column {name!r} has a time zone; pass dates")
        arr = s.to_numpy()
        unit, count = np.datetime_data(arr.dtype)
        per_day = int(np.timedelta64(1, "D") // np.timedelta64(count, unit))
        return arr.view("<i8").tobytes(), per_day
    codes, uniques = _factorize(s)
    if len(codes) and codes.min() < 0 and not missing_ok:
        raise InvalidDateError(f"{where}[{int((codes < 0).nonzero()[0][0])}].{name}", "the date is missing")
    first = _first_rows(codes, len(uniques))
    days = []
    for k, v in enumerate(uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)):
        field = f"{where}[{int(first[k])}].{name}"
        if isinstance(v, _dt.datetime):
            if v.time() != _dt.time(0) or v.tzinfo is not None:
                raise WrongTypeError(field, f"{v!r} has a time of day; pass dates")
            v = v.date()
        if isinstance(v, str):
            try:
                v = _dt.date.fromisoformat(date_text(v, field))
            except ValueError:
                raise InvalidDateError(field, f"{v!r} is not a date written YYYY-MM-DD") from None
        if not isinstance(v, _dt.date):
            raise WrongTypeError(field, f"{v!r} is not a date; use datetime.date or 'YYYY-MM-DD'")
        days.append((v - _EPOCH).days)
    # The last slot is for code -1 (missing; refused above unless missing_ok).
    days.append(_NOT_A_TIME)
    return np.asarray(days, dtype="<i8")[codes].astype("<i8").tobytes(), 1


def _renumber(raw: Any, count: int) -> Any:
    """Category codes ``0..count`` (-1: missing) renumbered in order of first appearance,
    unused ones dropped: ``(codes, used)`` with ``codes[i] = k`` for the category ``used[k]``."""
    import numpy as np

    raw = np.asarray(raw, dtype=np.int64)
    n = len(raw)
    first = np.full(count + 1, n, dtype=np.int64)  # the last slot collects the -1 codes
    first[raw[::-1]] = np.arange(n - 1, -1, -1)
    used = np.flatnonzero(first[:count] < n)
    order = first[used]
    if not (order[1:] > order[:-1]).all():  # already in order when sorted ids come sorted
        used = used[np.argsort(order, kind="stable")]
    if len(used) == count and (used == np.arange(count)).all():
        return raw, used  # every category, in order: the codes are already right
    remap = np.full(count + 1, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return remap[raw], used


def _factorize(s: Any) -> Any:
    """``(codes, uniques)`` of a column in order of first appearance, code -1 for a missing
    value, like ``pd.factorize(s, sort=False)``. A categorical column takes a fast path: its
    codes are renumbered in a few vectorised passes instead of hashing every value."""
    pd = _pandas()
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return pd.factorize(s, sort=False, use_na_sentinel=True)
    codes, used = _renumber(s.cat.codes, len(s.cat.categories))
    return codes, s.cat.categories[used]


def _first_rows(codes: Any, n: int) -> Any:
    """The first row holding each code (code -1, a missing value, is skipped)."""
    import numpy as np

    first = np.full(n, -1, dtype=np.int64)
    codes = np.asarray(codes)
    rows = np.arange(len(codes) - 1, -1, -1)
    backwards = codes[::-1]
    given = backwards >= 0
    first[backwards[given]] = rows[given]
    return first


_EXACT_KINDS = ("string", "decimal", "integer", "empty")


def _money_columns(values: Any, name: str, where: str) -> Any:
    """A money column as (codes bytes, newline-joined distinct exact decimal texts). Floats,
    bools and missing values are refused with the row; each distinct amount is checked once."""
    import numpy as np

    pd = _pandas()
    s = _series(values)
    dtype = str(s.dtype)
    if dtype.startswith("float") or dtype.startswith("Float"):
        raise FloatMoneyError(
            name,
            f"column {name!r} holds floats, which cannot hold money exactly; read it as text "
            f"(pd.read_csv(..., dtype={{{name!r}: str}})) or as Decimal "
            f"(converters={{{name!r}: decimal.Decimal}})",
        )
    if dtype in ("bool", "boolean"):
        raise WrongTypeError(name, f"column {name!r} holds bools, not amounts")
    if isinstance(s.dtype, pd.CategoricalDtype):
        kind = pd.api.types.infer_dtype(s.cat.categories, skipna=False)
        if str(s.cat.categories.dtype).lower().startswith("float"):
            raise FloatMoneyError(name, f"column {name!r} has float categories, which cannot hold money exactly")
    else:
        kind = pd.api.types.infer_dtype(s, skipna=False)
    if kind not in _EXACT_KINDS:
        # Mixed types: a float 1400.0 would hash like the int 1400, so check every row.
        for i, v in enumerate(s.tolist()):
            money_text(v, f"{where}[{i}].{name}")
    if isinstance(s.dtype, pd.CategoricalDtype):
        # The category codes as they are (Rust needs codes into the distinct amounts, in any
        # order); categories no row uses are not checked and never looked up.
        codes, uniques = s.cat.codes.to_numpy(), s.cat.categories
    else:
        codes, uniques = _factorize(s)
    if len(codes) and codes.min() < 0:
        raise InvalidAmountError(f"{where}[{int((codes < 0).nonzero()[0][0])}].{name}", "the amount is missing")
    used = np.bincount(codes, minlength=len(uniques)) > 0
    texts = []
    for k, v in enumerate(uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)):
        if not used[k]:
            texts.append("")  # unused
            continue
        try:
            t = money_text(v, "")
            if "\n" in t:
                raise InvalidAmountError("", "an amount may not contain a line break")
        except RefusionError as e:  # name the first row that holds the amount
            row = int(np.flatnonzero(codes == k)[0])
            raise type(e)(f"{where}[{row}].{name}", e.message) from None
        texts.append(t)
    return _codes_bytes(codes), "\n".join(texts)


def _names(labels: Any) -> str:
    """The citizen ids, newline-joined (for error messages only)."""
    values = labels.tolist()
    if pd_kind(labels) == "string":
        text = "\n".join(values)
        if text.count("\n") == max(len(values) - 1, 0):
            return text
    return "\n".join(str(v).replace("\n", " ") for v in values)


_NO_SUPPORT = (b"", "", (b"", 1), (b"", 1), b"", "", b"", (b"", 1))


def _decided_bytes(cols: Mapping[str, Any], m: int) -> bytes:
    """``decided_before_discharge`` as one byte a row: 0 false, 1 true, 2 not given (a missing
    cell, or no such column)."""
    import numpy as np

    if "decided_before_discharge" not in cols:
        return bytes([2]) * m
    decided = _series(cols["decided_before_discharge"])
    if str(decided.dtype) == "bool":
        return decided.to_numpy(dtype=np.uint8).tobytes()
    missing = decided.isna().to_numpy(dtype=bool)
    out = np.full(m, 2, dtype=np.uint8)
    for j, (v, absent) in enumerate(zip(decided.tolist(), missing)):
        if absent:
            continue
        if not isinstance(v, (bool, np.bool_)):
            raise WrongTypeError(f"support[{j}].decided_before_discharge",
                                 f"{v!r} is not True or False (leave the cell empty to give decided_on instead)")
        out[j] = 1 if v else 0
    return out.tobytes()


def _support_columns(support: Any, groups: Any) -> Any:
    import numpy as np

    cols = _support_table(support)
    methods = _series(cols["method"]).tolist()
    method_text = "\n".join(methods) if pd_kind(cols["method"]) == "string" else "\n\n"
    if method_text.count("\n") != max(len(methods) - 1, 0):
        for j, m in enumerate(methods):
            if not isinstance(m, str) or "\n" in m:
                raise WrongTypeError(f"support[{j}].method", f"{m!r} is not a method; use 'm-act', 'act', 'icm', 'cti' or 'other'")
    m = len(methods)
    decided_bytes = _decided_bytes(cols, m)
    if "decided_on" in cols:
        decided_on = _day_bytes(cols["decided_on"], "decided_on", "support", missing_ok=True)
    else:
        decided_on = (np.full(m, _NOT_A_TIME, dtype="<i8").tobytes(), 1)
    cost_codes, cost_values = _money_columns(cols["annual_cost"], "annual_cost", "support")
    return (
        _codes_bytes(groups),
        method_text,
        _day_bytes(cols["start"], "start", "support"),
        _day_bytes(cols["end"], "end", "support"),
        cost_codes,
        cost_values,
        decided_bytes,
        decided_on,
    )


def pd_kind(s: Any) -> str:
    return str(_pandas().api.types.infer_dtype(s, skipna=False))


def evaluate_register(register: Any, policy: PolicyLike = "statutory", *, support: Any = None,
                      parallel: bool = True) -> RegisterResult:
    """Evaluates a whole stay register in one call into Rust (the GIL is released meanwhile).

    ``register`` is a DataFrame (or a mapping of columns) with one row per stay and the columns
    ``citizen_id, birth_date, admitted, discharged, daily_rate, own_payment_per_night``. Money
    columns must be exact: ints, ``Decimal`` objects or numeric strings (a float column raises
    ``FloatMoneyError``). Dates are ``datetime.date``, ISO text or a ``datetime64`` column.

    ``register`` may also be any Arrow table — an object with the Arrow PyCapsule interface
    (``__arrow_c_stream__`` or ``__arrow_c_array__``): a pyarrow Table or RecordBatch, a polars
    DataFrame, or a pandas DataFrame with Arrow dtypes (``pd.ArrowDtype``). The core then reads
    its columns where they lie: ``date32`` dates, ``decimal128`` and integer money, and
    dictionary (categorical) columns are not copied; text amounts are parsed once per distinct
    value; timestamps must be whole days; floats are refused. The support table may be Arrow
    too. The results are the same whichever form the register comes in; ``to_arrow`` and
    ``to_polars`` give them as ``decimal128(38, 2)`` tables.
    ``support`` optionally adds § 85 a rows (``citizen_id, method, start, end, annual_cost``
    and one or both of ``decided_before_discharge`` (``True``/``False``) and ``decided_on``
    (the date of the decision); a cell of either may be missing — ``None``, ``NaN``, ``NaT`` —
    when the other is given, and where both are given they must agree). Returns per-citizen, per-citizen-year and per-year totals.
    ``parallel=True`` uses every core; the result is identical either way.

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
    run, labels, scenario_of = _register_runner(register, support, parallel)
    policy_json = _policy_json(policy, "policy")
    raw = run(policy_json)

    def explain(g: int) -> Dict[str, Any]:
        return {**scenario_of(g), "policy": json.loads(policy_json)}

    if isinstance(labels, _ArrowIds):
        return RegisterResult(raw, None, labels.ids, policy_json=policy_json, scenario_of=explain)
    return RegisterResult(raw, labels, policy_json=policy_json, scenario_of=explain)


def _arrow_like(x: Any) -> bool:
    """True for an object with the Arrow PyCapsule interface that should be read as Arrow: a
    pyarrow Table or RecordBatch, a polars DataFrame, or a pandas DataFrame with at least one
    Arrow-backed column (``pd.ArrowDtype``). A plain pandas DataFrame keeps the pandas path,
    which also reads ``Decimal`` objects and ISO text."""
    if not (hasattr(x, "__arrow_c_stream__") or hasattr(x, "__arrow_c_array__")):
        return False
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(x, pd.DataFrame):
        return any(isinstance(t, pd.ArrowDtype) for t in x.dtypes)
    return True


class _ArrowIds:
    """The citizens' ids of the last Arrow evaluation (an Arrow array, in result order)."""

    ids: Any = None


def _arrow_support(support: Any) -> Any:
    """A support table for the Arrow path: Arrow as it is; a pandas frame or a mapping of
    columns converted by pyarrow."""
    if support is None or _arrow_like(support):
        return support
    pd = _pandas()
    frame = support if isinstance(support, pd.DataFrame) else pd.DataFrame(dict(support))
    return _pyarrow().Table.from_pandas(frame, preserve_index=False)


def _register_runner(register: Any, support: Any, parallel: bool) -> Tuple[Any, Any, Any]:
    """Checks and converts a register (and its support rows) into the columns the core takes,
    once: ``(run, labels, scenario_of)``, where ``run(policy_json)`` evaluates them under a
    policy (the core's ``Register``), ``labels`` are the citizen ids in the order of the
    results and ``scenario_of(g)`` is citizen ``g``'s rows as a scenario without a policy (for
    an explanation). An Arrow register is read by the core where it lies (``labels`` is then an
    ``_ArrowIds``)."""
    import numpy as np

    if _arrow_like(register):
        arrow_support = _arrow_support(support)
        ids = _ArrowIds()

        def run_arrow(policy_json: str) -> Any:
            raw, ids.ids = _ENGINE.evaluate_register_arrow(policy_json, register, arrow_support, bool(parallel))
            return raw

        def arrow_scenario(g: int) -> Dict[str, Any]:
            return _arrow_scenario(register, arrow_support, _pyarrow().array(ids.ids)[g].as_py())

        return run_arrow, ids, arrow_scenario

    pd = _pandas()
    cols = _columns(register, REGISTER_COLUMNS, "register")
    ids = _series(cols["citizen_id"])
    n = len(ids)
    support_ids = None
    if support is not None:
        support_ids = _series(_support_table(support)["citizen_id"])
    if isinstance(ids.dtype, pd.CategoricalDtype):
        # Categorical ids (the fast path): the support ids are read against the same
        # categories; one unknown to them gets the extra code len(cats), so that it is reported
        # below as support without a stay row.
        cats = ids.cat.categories
        raw = [np.asarray(ids.cat.codes, dtype=np.int64)]
        if support_ids is not None and support_ids.dtype is ids.dtype:
            # The same categories (support.astype({"citizen_id": register.citizen_id.dtype})):
            # the codes mean the same citizens.
            raw.append(np.asarray(support_ids.cat.codes, dtype=np.int64))
        elif support_ids is not None:
            # Look the (few) distinct support ids up in `cats` (whose hash table pandas keeps
            # with the categories); -1 (missing) stays -1.
            sup_codes, sup_uniques = _factorize(support_ids)
            at = np.append(cats.get_indexer(sup_uniques), -1)  # the last slot: missing
            at[:-1][at[:-1] < 0] = len(cats)  # not a stay citizen
            raw.append(at[sup_codes])
        steps = np.diff(raw[0])
        first_last = (raw[0][0], raw[0][-1]) if len(raw[0]) else None
        if first_last == (0, len(cats) - 1) and ((steps == 0) | (steps == 1)).all():
            # Rows sorted by citizen and every category in use (a register sorted by id): the
            # order of first appearance is the order of the categories, the codes are right.
            codes, labels = np.concatenate(raw), cats
        else:
            codes, used = _renumber(np.concatenate(raw), len(cats) + 1)
            used = used[used < len(cats)]
            in_order = len(used) == len(cats) and (used == np.arange(len(cats))).all()
            labels = cats if in_order else cats[used]
    else:
        if support_ids is not None:
            # One factorisation over both tables: stay ids first, so their codes come first.
            ids = pd.concat([ids, support_ids], ignore_index=True)
        codes, labels = pd.factorize(ids, sort=False, use_na_sentinel=True)
    if len(codes) and codes.min() < 0:
        i = int((codes < 0).nonzero()[0][0])
        raise MissingFieldError(f"rows[{i}].citizen_id" if i < n else f"support[{i - n}].citizen_id",
                                "the citizen id is missing")
    stay_codes, support_codes = codes[:n], codes[n:]
    groups = int(stay_codes.max()) + 1 if n else 0
    if len(support_codes) and support_codes.max() >= groups:
        j = int((support_codes >= groups).nonzero()[0][0])
        raise InconsistentRegisterError(f"support[{j}].citizen_id",
                                    f"citizen {support_ids.iloc[j]!r} has support but no stay row")
    labels = labels[:groups]
    rate_codes, rate_values = _money_columns(cols["daily_rate"], "daily_rate", "rows")
    own_codes, own_values = _money_columns(cols["own_payment_per_night"], "own_payment_per_night", "rows")
    dates = [_day_bytes(cols[c], c, "rows") for c in ("birth_date", "admitted", "discharged")]
    (sup_groups, sup_methods, sup_start, sup_end, sup_cost_codes, sup_cost_values, sup_decided, sup_decided_on) = (
        _NO_SUPPORT if support is None else _support_columns(support, support_codes))
    dates += [sup_start, sup_end, sup_decided_on]

    def run(policy_json: str) -> Any:
        def call(names: Optional[str]) -> Any:
            return _ENGINE.evaluate_register(
                policy_json,
                groups, names, _codes_bytes(stay_codes), *(ticks for ticks, _ in dates[:3]),
                rate_codes, rate_values, own_codes, own_values,
                sup_groups, sup_methods, dates[3][0], dates[4][0], sup_cost_codes, sup_cost_values,
                sup_decided, dates[5][0], [per_day for _, per_day in dates], bool(parallel),
            )

        try:
            return call(None)  # the ids are needed only to name a citizen in an error
        except RefusionError:
            return call(_names(labels))  # raises the same error, naming the citizen

    def scenario_of(g: int) -> Dict[str, Any]:
        """Citizen ``g``'s rows as a scenario (without a policy), from the columns converted
        above (immutable bytes: later changes to the caller's frame do not reach them)."""
        def day_at(column: Tuple[bytes, int], i: int) -> str:
            ticks = int(np.frombuffer(column[0], dtype="<i8")[i])
            return (_EPOCH + _dt.timedelta(days=ticks // column[1])).isoformat()

        def amount_at(codes: bytes, values: str, i: int) -> str:
            return values.split("\n")[int(np.frombuffer(codes, dtype="<i8")[i])]

        rows = np.flatnonzero(np.asarray(stay_codes) == g)
        first = int(rows[0])
        stays = [{"admitted": day_at(dates[1], i), "discharged": day_at(dates[2], i),
                  "daily_rate": amount_at(rate_codes, rate_values, i),
                  "own_payment_per_night": amount_at(own_codes, own_values, i)} for i in map(int, rows)]
        home_support = []
        if support is not None:
            methods = sup_methods.split("\n")
            decided_on = np.frombuffer(dates[5][0], dtype="<i8")
            for j in map(int, np.flatnonzero(np.frombuffer(sup_groups, dtype="<i8") == g)):
                spell: Dict[str, Any] = {"method": methods[j], "start": day_at(dates[3], j), "end": day_at(dates[4], j),
                                         "annual_cost": amount_at(sup_cost_codes, sup_cost_values, j)}
                if sup_decided[j] != 2:
                    spell["decided_before_discharge"] = sup_decided[j] == 1
                if int(decided_on[j]) != _NOT_A_TIME:
                    spell["decided_on"] = day_at(dates[5], j)
                home_support.append(spell)
        return {"name": str(labels[g]), "citizen": {"birth_date": day_at(dates[0], first)},
                "shelter_stays": stays, "home_support": home_support}

    return run, labels, scenario_of


def _arrow_scenario(register: Any, support: Any, citizen: Any) -> Dict[str, Any]:
    """The rows of ``citizen`` in an Arrow register (and support table) as a scenario, without
    a policy (for one citizen's explanation)."""
    import pyarrow.compute as pc

    pa = _pyarrow()

    def rows(table: Any) -> List[Dict[str, Any]]:
        t = pa.table(table)
        ids = t.column("citizen_id")
        if pa.types.is_dictionary(ids.type):
            ids = ids.cast(ids.type.value_type)
        return list(t.filter(pc.equal(ids, pa.scalar(citizen, ids.type))).to_pylist())

    def day(v: Any) -> Any:
        return v.date() if isinstance(v, _dt.datetime) else v

    stays = rows(register)
    home_support = []
    for r in rows(support) if support is not None else []:
        spell = {k: r.get(k) for k in ("method", "annual_cost", "decided_before_discharge")}
        spell.update({k: day(r.get(k)) for k in ("start", "end", "decided_on")})
        home_support.append(spell)
    scenario = {
        "name": str(citizen),
        "citizen": {"birth_date": day(stays[0]["birth_date"]) if stays else None},
        "shelter_stays": [{"admitted": day(r["admitted"]), "discharged": day(r["discharged"]),
                           "daily_rate": r["daily_rate"], "own_payment_per_night": r["own_payment_per_night"]}
                          for r in stays],
        "home_support": home_support,
    }
    return dict(to_contract(scenario, "explain"))


def _policy_json(policy: PolicyLike, field: str) -> str:
    return json.dumps(to_contract(policy, field), ensure_ascii=False)


def _as_base(e: RefusionError) -> RefusionError:
    """A policy error of the base policy, named ``base…`` (the core names it ``policy…``)."""
    f = e.field
    if f == "policy" or f.startswith(("policy.", "policy[")):
        f = "base" + f[len("policy"):]
    elif not f.startswith("base"):
        f = f"base.{f}" if f else "base"
    return type(e)(f, e.message)


def _check_base(base_json: str) -> None:
    """Resolves the base policy once, so a wrong base is reported (as ``base…``) before any
    evaluation."""
    try:
        _ENGINE.policy(base_json)
    except RefusionError as e:
        raise _as_base(e) from None


def _ready_comparison(compare: Optional[str], policy: Any, base: Any) -> Tuple[Any, Any, Optional[Dict[str, Any]]]:
    """``(policy, base, ready)``: the policies to compare and the ready comparison used, if
    any. ``compare`` names a ready comparison of the catalog (its base and policy; an unknown
    name is an ``UnknownPolicyError`` listing the known ones) and excludes ``policy`` and
    ``base``; with none of the three, the ready comparison ``step-2026``."""
    if compare is None and policy is None and base is None:
        compare = "step-2026"
    if compare is None:
        return ("statutory" if policy is None else policy), ("reform-2023" if base is None else base), None
    if not isinstance(compare, str):
        raise WrongTypeError("compare", f"{compare!r} is not the name of a ready comparison (e.g. 'step-2026')")
    for name, given in (("policy", policy), ("base", base)):
        if given is not None:
            raise ConflictingFieldsError(
                name, f"compare={compare!r} sets both policies; leave out {name}= (or leave out compare= and give "
                      "policy= and base=)")
    ready = json.loads(_ENGINE.comparison(compare))
    return ready["policy"], ready["base"], {"name": compare, **ready}


_CSV_SOURCES = (str, bytes, bytearray, memoryview, os.PathLike)


def _csv_source(x: Any, what: str, hint: str) -> Any:
    """A CSV given as a path or as bytes: ``(path, None)``, ``(None, bytes)`` or ``(None, None)``."""
    if x is None:
        return None, None
    if isinstance(x, (bytes, bytearray, memoryview)):
        return None, bytes(x)
    if isinstance(x, (str, os.PathLike)):
        return os.fspath(x), None
    raise WrongTypeError(what, hint)


def compare_register(register: Any, support: Any = None, *, policy: Optional[PolicyLike] = None,
                     base: Optional[PolicyLike] = None, compare: Optional[str] = None,
                     parallel: bool = True) -> PolicyComparison:
    """The same register under two policies, per calendar year and in all: what a change of the
    rules costs each payer (**policy − base**; positive: the change costs that payer more).

    ``register`` (and ``support``) are what :func:`evaluate_register` takes — a DataFrame or a
    mapping of columns — or what :func:`evaluate_register_csv` takes: a register file's path or
    bytes — CSV (``,`` or ``;``, Danish amounts), an Excel workbook (``.xlsx``) or an
    OpenDocument spreadsheet (``.ods``) — with a support file likewise.

    Name a ready comparison of the catalog with ``compare`` — ``"step-2026"`` (what the 2026
    step from 120 to 90 nights costs: ``statutory`` against ``reform-2023``) or ``"reform"``
    (what the whole reform cost: ``statutory`` against ``pre-reform``); see
    ``refusion.defaults()["comparisons"]`` — or give ``policy`` (default ``"statutory"``) and
    ``base`` (default ``"reform-2023"``) as presets, :class:`Policy` objects or dicts. With
    none of them: ``step-2026``.

    Both evaluations and the difference are the core's; the register is checked and converted
    once.

    Worked example E2: one stay 1 June 2026 → 1 January 2027 at 1,400 a night, own payment 100.
    The rules in force refund 90 nights, the 2023 rules 120, each at 50 % of 1,300: the step
    costs the municipality 30 × 650 = 19,500.00, which the state no longer refunds:

    >>> import refusion, pandas as pd
    >>> e2 = pd.DataFrame({"citizen_id": ["E2"], "birth_date": ["1988-04-20"],
    ...     "admitted": ["2026-06-01"], "discharged": ["2027-01-01"],
    ...     "daily_rate": ["1400"], "own_payment_per_night": ["100"]})
    >>> c = refusion.compare_register(e2, compare="step-2026")
    >>> c.difference.municipal_net, c.difference.state_refusion
    (Decimal('19500.00'), Decimal('-19500.00'))
    >>> c.years[["base_municipal_net", "policy_municipal_net", "difference_municipal_net"]]
         base_municipal_net policy_municipal_net difference_municipal_net
    year
    2026          200200.00            219700.00                 19500.00
    >>> refusion.compare_register(e2, base="pre-reform").difference.municipal_net
    Decimal('80600.00')
    """
    policy, base, ready = _ready_comparison(compare, policy, base)
    policy_json = _policy_json(policy, "policy")
    base_json = _policy_json(base, "base")
    if isinstance(register, _CSV_SOURCES):
        def source(x: Any, what: str) -> Any:
            return _csv_source(x, what, "the register is a CSV file, so the support must be one "
                                        "too: a file path or the file's bytes")

        (stays_path, stays_bytes), (support_path, support_bytes) = source(register, "register"), source(support, "support")
        _ENGINE.policy(policy_json)
        _check_base(base_json)
        raw = _core.compare_register_file(_ENGINE, policy_json, base_json, stays_path, stays_bytes, support_path,
                                          support_bytes)
        return PolicyComparison(json.loads(raw), ready, raw)
    if isinstance(support, _CSV_SOURCES):
        raise WrongTypeError("support", "the register is a table, so the support must be one too "
                                        "(a DataFrame or a mapping of columns); or pass the register as a CSV file")
    run, _, _ = _register_runner(register, support, parallel)
    _ENGINE.policy(policy_json)
    _check_base(base_json)
    under_policy = run(policy_json)
    under_base = run(base_json)
    raw = under_policy.compared_with(under_base)
    return PolicyComparison(json.loads(raw), ready, raw)


def compare_budget(query: Mapping[str, Any], *, policy: Optional[PolicyLike] = None,
                   base: Optional[PolicyLike] = None, compare: Optional[str] = None) -> PolicyComparison:
    """A budget's status quo — every eligible citizen (``citizens_per_year``) staying
    ``average_stay_nights``, whatever ``share_discharged`` says — under two policies, per year:
    what a change of the rules costs each payer on these citizens (**policy − base**). The core's
    ``Engine::budget_policy_comparison``, as the page's ready comparisons show it.

    ``compare``, ``policy`` and ``base`` as in :func:`compare_register`; ``policy`` may also be
    the query's own ``"policy"`` (not both).

    >>> import refusion
    >>> q = {"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12, "average_stay_nights": 150,
    ...      "daily_rate": 1000, "own_payment_per_night": 0, "annual_costs": [{"label": "x", "annual_cost": 36500}]}
    >>> c = refusion.compare_budget(q, compare="step-2026")
    >>> c.name, c.base, c.policy
    ('step-2026', 'reform-2023', 'statutory')
    >>> c.difference.gross, c.difference.municipal_net == -c.difference.state_refusion
    (Decimal('0.00'), True)
    """
    query = to_contract(query)
    if not isinstance(query, dict):
        raise WrongTypeError("query", "expected a budget query (a dict)")
    if "policy" in query:
        if policy is not None or compare is not None:
            raise ConflictingFieldsError("policy", "the query has a policy; leave out policy= and compare=, "
                                                   "or the query's policy")
        policy = query["policy"]
    policy, base, ready = _ready_comparison(compare, policy, base)
    query = {**query, "policy": to_contract(policy, "policy")}
    base_json = _policy_json(base, "base")
    _check_base(base_json)
    raw = _ENGINE.budget_policy_comparison(json.dumps(query, ensure_ascii=False), base_json)
    return PolicyComparison(json.loads(raw), ready, raw)


def evaluate_register_csv(stays: Union[str, "os.PathLike[str]", bytes], policy: PolicyLike = "statutory", *,
                          support: Union[str, "os.PathLike[str]", bytes, None] = None,
                          citizens: bool = True) -> RegisterCsvResult:
    """Evaluates a register file (a path, or the file's bytes) with the streaming reader of
    ``refusion register``: the same columns, ``,`` or ``;``, a byte-order mark skipped, and
    Danish amounts read the Danish way (``1.234,50``, ``1.400``). Rows must be grouped by citizen;
    memory holds one citizen at a time, so CSV registers larger than RAM work. ``support`` is a
    § 85 a support file. ``citizens=False`` skips the per-citizen table.

    The register and the support table may also be an Excel workbook (``.xlsx``) or an
    OpenDocument spreadsheet (``.ods``), told apart from CSV by the file's bytes, not its name:
    the first visible sheet is read by the rules of the CSV (the same columns in any order,
    real dates or ``YYYY-MM-DD`` text, amounts as numbers exact to the øre or as text), and an
    error names the sheet, row and column of the cell (``sheet "Ark1", row 5, column E
    (daily_rate)``). A workbook is read whole. :func:`read_register` keeps the whole result.

    >>> import refusion
    >>> csv = (b"citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\\n"
    ...        b"E1;1988-04-20;2026-06-01;2026-07-31;1.400,00;100,00\\n")
    >>> r = refusion.evaluate_register_csv(csv)
    >>> r.totals.municipal_net, r.citizens.nights.tolist()
    (Decimal('39000.00'), [60])
    """
    def source(x: Any, what: str) -> Any:
        return _csv_source(x, what, "expected a file path or the file's bytes")

    (stays_path, stays_bytes), (support_path, support_bytes) = source(stays, "register"), source(support, "support")
    summary, citizens_csv = _core.evaluate_register_file(
        _ENGINE, json.dumps(to_contract(policy, "policy"), ensure_ascii=False),
        stays_path, stays_bytes, support_path, support_bytes, bool(citizens))
    return RegisterCsvResult(json.loads(summary), citizens_csv)


def read_register(stays: Union[str, "os.PathLike[str]", bytes], policy: PolicyLike = "statutory", *,
                  support: Union[str, "os.PathLike[str]", bytes, None] = None,
                  parallel: bool = True) -> RegisterResult:
    """Reads a register file — CSV, an Excel workbook (``.xlsx``) or an OpenDocument
    spreadsheet (``.ods``), told apart by the file's bytes — with an optional support file
    likewise, and evaluates it whole in the core: the same :class:`RegisterResult` as
    :func:`evaluate_register` (``citizens``, ``citizen_years``, ``years``, ``to_arrow``,
    ``to_polars``, ``to_excel``), labelled with the citizens' ids as text.

    A workbook's first visible sheet is read by the rules of the register CSV (see
    :func:`evaluate_register_csv`): the same columns in any order, dates as real dates or
    ``YYYY-MM-DD`` text, amounts as numbers exact to the øre (``1400.0000001`` is refused) or
    as text, and errors name the sheet, row and column of the cell. The results are those of
    the same register as CSV. The file is read whole (at most 512 MiB); ``parallel=True``
    evaluates on every core.

    >>> import refusion
    >>> csv = (b"citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\\n"
    ...        b"E1;1988-04-20;2026-06-01;2026-07-31;1.400,00;100,00\\n")
    >>> r = refusion.read_register(csv)
    >>> r.totals.municipal_net, r.citizens["citizen_id"].tolist()
    (Decimal('39000.00'), ['E1'])
    """
    def source(x: Any, what: str) -> Any:
        return _csv_source(x, what, "expected a file path or the file's bytes (CSV, .xlsx or .ods)")

    (stays_path, stays_bytes), (support_path, support_bytes) = source(stays, "register"), source(support, "support")
    policy_json = json.dumps(to_contract(policy, "policy"), ensure_ascii=False)
    raw, file = _core.read_register(_ENGINE, policy_json, stays_path, stays_bytes, support_path, support_bytes,
                                    bool(parallel))
    return RegisterResult(raw, None, policy_json=policy_json, file=file, ids=file.citizen_ids())


# --------------------------------------------------------------------------------------------
# Cohorts, plans, budgets and uncertainty
# --------------------------------------------------------------------------------------------


def cohort(citizens: int, *, seed: int = 0, first_year: int = 2026, years: int = 1, workload_w: bool = False,
           **options: Any) -> Any:
    """A seeded synthetic stay register, calibrated to published Danish figures (see
    ``refusion.m_act_reference`` for sources of the support cost; the calibration is documented
    in the README). The same seed gives the same register in Rust, Python and JavaScript.

    Returns ``(stays, support)`` DataFrames ready for :func:`evaluate_register`.

    >>> import refusion
    >>> stays, support = refusion.cohort(5, seed=1)
    >>> list(stays.columns)
    ['citizen_id', 'birth_date', 'admitted', 'discharged', 'daily_rate', 'own_payment_per_night']
    >>> stays.equals(refusion.cohort(5, seed=1)[0])
    True
    """
    pd = _pandas()
    spec: Dict[str, Any] = {"seed": seed, "citizens": citizens, "first_year": first_year, "years": years, **options}
    if workload_w:
        spec.update({"first_year": 2026, "years": 3, "stays": {"min": 1, "max": 6}})
    raw = _ENGINE.cohort(json.dumps(to_contract(spec), ensure_ascii=False))
    def split(k: str) -> List[str]:
        return raw[k].split("\n") if raw["rows"] else []
    stays = pd.DataFrame({
        "citizen_id": split("citizen_id"),
        "birth_date": pd.to_datetime(split("birth_date"), format="%Y-%m-%d"),
        "admitted": pd.to_datetime(split("admitted"), format="%Y-%m-%d"),
        "discharged": pd.to_datetime(split("discharged"), format="%Y-%m-%d"),
        "daily_rate": split("daily_rate"),
        "own_payment_per_night": split("own_payment_per_night"),
    })
    rows = json.loads(raw["support_json"])
    # The decision columns the generated rows state (the generator gives decided_before_discharge).
    given = [c for c in _DECISION_COLUMNS if any(c in r for r in rows)] or ["decided_before_discharge"]
    support = pd.DataFrame(rows, columns=[*_SUPPORT_REQUIRED, *given])
    for c in ("start", "end", *(["decided_on"] if "decided_on" in given else [])):
        support[c] = pd.to_datetime(support[c], format="%Y-%m-%d")
    if "decided_before_discharge" in given and support["decided_before_discharge"].notna().all():
        support["decided_before_discharge"] = support["decided_before_discharge"].astype(bool)
    return stays, support


def plan(query: Mapping[str, Any]) -> PlanResult:
    """A plan on a generated cohort: citizens whose stay reaches N nights are discharged to
    support; baseline against plan by year and payer, with teams, establishment and present
    values. Left out, ``discount_rate``, ``support_years`` and ``support_annual_cost`` come from
    the catalog (``refusion.defaults()``: Finansministeriet's discount rate, the § 176 a period,
    the M-ACT reference mean).

    >>> import refusion
    >>> p = refusion.plan({"cohort": {"seed": 1, "citizens": 50}, "discharge_after_nights": 90, "caseload": 20})
    >>> list(p.to_frame().index)
    [2026, 2027, 2028]
    """
    text = _ENGINE.plan(dumps(query))
    return PlanResult(json.loads(text), text)


def budget(query: Mapping[str, Any]) -> BudgetResult:
    """The budget effect of discharging eligible citizens (``citizens_per_year``) from shelter to
    M-ACT (representative cohorts), for the Rambøll low, mean and high cost.

    ``share_discharged`` is the share of the eligible citizens discharged (default: 70 %, the
    middle of its illustrative range; ``refusion.defaults()["illustrative"]``), ``caseload`` the
    citizens a team supports at one time (default: the illustrative team's). Here every citizen
    is discharged, as in the hand-worked example of the core's tests/budget.rs:

    >>> import refusion
    >>> b = refusion.budget({"first_year": 2027, "horizon_years": 1, "citizens_per_year": 12,
    ...     "share_discharged": "100 %",
    ...     "average_stay_nights": 30, "nights_before_discharge": 1, "daily_rate": 1000,
    ...     "own_payment_per_night": 0, "annual_costs": [{"label": "x", "annual_cost": 36500}],
    ...     "caseload": 10, "establishment_cost_per_team": 50000})
    >>> b.to_frame().loc[("x", 2027), "municipal_effect"]   # hand-worked in tests/budget.rs
    Decimal('-5500.00')
    """
    text = _ENGINE.budget(dumps(query))
    return BudgetResult(json.loads(text), text)


def monte_carlo(query: Mapping[str, Any]) -> MonteCarloResult:
    """Monte Carlo over the uncertain inputs of a ``plan`` or ``budget``: P5/P50/P95 of the
    municipality's net effect per year. Seeded: identical in Rust, Python and JavaScript.

    >>> import refusion
    >>> q = {"plan": {"cohort": {"seed": 1, "citizens": 40}, "discharge_after_nights": 90, "caseload": 20},
    ...      "run": {"draws": 20, "seed": 7}}
    >>> mc = refusion.monte_carlo(q)
    >>> mc.to_frame().columns.tolist()
    ['p5', 'p50', 'p95', 'min', 'max']
    >>> mc.raw == refusion.monte_carlo(q).raw
    True
    """
    text = _ENGINE.monte_carlo(dumps(query))
    return MonteCarloResult(json.loads(text), text)


def tornado(query: Mapping[str, Any]) -> TornadoResult:
    """One-at-a-time sensitivity of the total municipal effect (widest swing first).

    >>> import refusion
    >>> t = refusion.tornado({"plan": {"cohort": {"seed": 1, "citizens": 40}, "discharge_after_nights": 90, "caseload": 20}})
    >>> len(t.to_frame())
    4
    """
    return TornadoResult(json.loads(_ENGINE.tornado(dumps(query))))


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover
        raise ImportError("this needs pandas: pip install 'refusion[pandas]'") from e
    return pandas

