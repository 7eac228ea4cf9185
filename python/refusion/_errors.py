"""The error hierarchy: ``RefusionError(ValueError)`` and one subclass per stable code.

Every error carries ``code`` (stable, e.g. ``"float_money"``), ``field`` (a path such as
``shelter_stays[0].daily_rate``) and ``message``. Type problems (a float or a bool where money
belongs) are also ``TypeError`` subclasses, so ``except TypeError`` catches them too.
"""

from __future__ import annotations

from typing import Dict, Type

__all__ = [
    "RefusionError",
    "ParseError",
    "MissingFieldError",
    "UnknownFieldError",
    "WrongTypeError",
    "FloatMoneyError",
    "InvalidAmountError",
    "NegativeAmountError",
    "InvalidDateError",
    "DateOrderError",
    "OverlapError",
    "UnknownPolicyError",
    "UnknownParameterError",
    "InvalidParameterError",
    "AmountOverflowError",
    "LimitError",
    "InconsistentRegisterError",
    "ConflictingFieldsError",
    "InternalError",
]


class RefusionError(ValueError):
    """Base class of every refusion error.

    >>> import refusion
    >>> try:
    ...     refusion.evaluate({"citizen": {"birth_date": "1988-04-20"}, "policy": "age26"})
    ... except refusion.RefusionError as e:
    ...     print(e.code, e.field)
    unknown_policy policy
    """

    code = "error"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class ParseError(RefusionError):
    """The document is not valid JSON or TOML."""

    code = "syntax"


class MissingFieldError(RefusionError):
    """A required field is absent."""

    code = "missing_field"


class UnknownFieldError(RefusionError):
    """A field the format does not know (often a typo)."""

    code = "unknown_field"


class WrongTypeError(RefusionError, TypeError):
    """A value of the wrong type, e.g. a bool where an amount belongs."""

    code = "wrong_type"


class FloatMoneyError(RefusionError, TypeError):
    """A binary float was given for money or a rate; use ``decimal.Decimal("…")``."""

    code = "float_money"


class InvalidAmountError(RefusionError):
    """An amount is malformed, not finite, has more than 6 decimals or is 10^15 or more."""

    code = "invalid_amount"


class NegativeAmountError(RefusionError):
    """An amount that must not be negative is negative."""

    code = "negative_amount"


class InvalidDateError(RefusionError):
    """A date is malformed or outside 1900-01-01 … 9999-12-31."""

    code = "invalid_date"


class DateOrderError(RefusionError):
    """An end is not after its start, or a spell starts before birth."""

    code = "date_order"


class OverlapError(RefusionError):
    """Two spells that may not overlap do."""

    code = "overlap"


class UnknownPolicyError(RefusionError):
    """A policy preset that does not exist."""

    code = "unknown_policy"


class UnknownParameterError(RefusionError):
    """A policy override names a parameter that does not exist."""

    code = "unknown_parameter"


class InvalidParameterError(RefusionError):
    """A parameter or option has an impossible value."""

    code = "invalid_parameter"


class AmountOverflowError(RefusionError):
    """A result is too large to compute exactly."""

    code = "overflow"


class LimitError(RefusionError):
    """An input exceeds a documented limit."""

    code = "limit"


class InconsistentRegisterError(RefusionError):
    """The rows of a register contradict each other: one citizen with two birth dates, support
    for a citizen without stays, or a citizen who comes back after others in a streamed file."""

    code = "inconsistent_register"


class ConflictingFieldsError(RefusionError):
    """Two fields of one input say different things, e.g. ``decided_on`` after the spell's
    discharge while ``decided_before_discharge`` is ``True``; give one of the two, or make them
    agree."""

    code = "conflicting_fields"


class InternalError(RefusionError):
    """An internal error in the engine (please report it)."""

    code = "internal"


_BY_CODE: Dict[str, Type[RefusionError]] = {
    cls.code: cls
    for cls in [
        ParseError,
        MissingFieldError,
        UnknownFieldError,
        WrongTypeError,
        FloatMoneyError,
        InvalidAmountError,
        NegativeAmountError,
        InvalidDateError,
        DateOrderError,
        OverlapError,
        UnknownPolicyError,
        UnknownParameterError,
        InvalidParameterError,
        AmountOverflowError,
        LimitError,
        InconsistentRegisterError,
        ConflictingFieldsError,
        InternalError,
    ]
}


def _from_core(code: str, field: str, message: str) -> RefusionError:
    """Builds the exception for a core error (called from Rust)."""
    cls = _BY_CODE.get(code, RefusionError)
    return cls(field, message)
