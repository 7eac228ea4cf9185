"""refusion: exact costs and state refunds of Danish homelessness support.

The model is the Rust crate ``refusion-core``; this package is a thin, typed layer over it for
analysts in Jupyter. Money is ``decimal.Decimal`` in and out (``int`` and numeric ``str`` are
accepted too; a ``float`` raises ``FloatMoneyError``, a ``TypeError``), dates are
``datetime.date``, and every error is a :class:`RefusionError` (a ``ValueError``) naming the
field. Every sourced default — the M-ACT reference cost, the § 176 a period, the discount rate —
comes from the compiled core's catalog (:func:`defaults`, :func:`parameters`, :func:`sources`),
and explanations are the core's, in Danish or English (:func:`set_display_locale`).

>>> import refusion
>>> r = refusion.evaluate({
...     "citizen": {"birth_date": "1988-04-20"},
...     "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
...                        "daily_rate": "1400", "own_payment_per_night": "100"}]})
>>> r.totals.municipal_net
Decimal('219700.00')
"""

from __future__ import annotations

from ._errors import (
    AmountOverflowError,
    ConflictingFieldsError,
    DateOrderError,
    FloatMoneyError,
    InconsistentRegisterError,
    InternalError,
    InvalidAmountError,
    InvalidDateError,
    InvalidParameterError,
    LimitError,
    MissingFieldError,
    NegativeAmountError,
    OverlapError,
    ParseError,
    RefusionError,
    UnknownFieldError,
    UnknownParameterError,
    UnknownPolicyError,
    WrongTypeError,
)
from ._format import format_dkk, set_display_locale
from .api import (
    budget,
    cohort,
    monte_carlo,
    plan,
    tornado,
    break_even,
    compare,
    cumulative,
    defaults,
    evaluate,
    evaluate_register,
    evaluate_register_csv,
    read_register,
    compare_budget,
    compare_register,
    illustrative_team,
    load_case,
    m_act_reference,
    parameters,
    parse_amount,
    place_cost,
    presets,
    read_scenario,
    sources,
    team_cost,
)
from .model import (
    BreakEvenQuery,
    Citizen,
    CostLine,
    Establishment,
    HomeSupport,
    Policy,
    Scenario,
    ShelterStay,
    StaffLine,
    SupportOffer,
    TeamModel,
    TemporaryStay,
)
from .results import (
    BudgetResult,
    MonteCarloResult,
    PlanResult,
    PolicyComparison,
    TornadoResult,
    BreakEven,
    Comparison,
    CurvePoint,
    Evaluation,
    Placement,
    RegisterCsvResult,
    RegisterResult,
    TeamCost,
    Totals,
    TraceEntry,
    TraceFacts,
    TraceSource,
)
from . import _core

__version__: str = _core.__version__

__all__ = [
    "AmountOverflowError", "ConflictingFieldsError", "DateOrderError", "FloatMoneyError", "InconsistentRegisterError", "InternalError",
    "InvalidAmountError", "InvalidDateError", "InvalidParameterError", "LimitError",
    "MissingFieldError", "NegativeAmountError", "OverlapError", "ParseError", "RefusionError",
    "UnknownFieldError", "UnknownParameterError", "UnknownPolicyError", "WrongTypeError",
    "format_dkk", "set_display_locale",
    "break_even", "compare", "cumulative", "evaluate", "evaluate_register", "evaluate_register_csv", "read_register",
    "compare_register", "compare_budget", "illustrative_team",
    "load_case", "m_act_reference", "parameters", "place_cost", "presets", "read_scenario",
    "team_cost", "cohort", "plan", "budget", "monte_carlo", "tornado",
    "defaults", "sources", "parse_amount",
    "BudgetResult", "MonteCarloResult", "PlanResult", "PolicyComparison", "TornadoResult",
    "BreakEvenQuery", "Citizen", "CostLine", "Establishment", "HomeSupport", "Policy", "Scenario",
    "ShelterStay", "StaffLine", "SupportOffer", "TeamModel", "TemporaryStay",
    "BreakEven", "Comparison", "CurvePoint", "Evaluation", "Placement", "RegisterCsvResult", "RegisterResult",
    "TeamCost", "Totals", "TraceEntry", "TraceFacts", "TraceSource",
]
