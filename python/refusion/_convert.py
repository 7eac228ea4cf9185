"""Conversion between Python values and the scenario contract (JSON with decimal strings).

Money goes in as ``decimal.Decimal``, ``int`` or a numeric ``str``; a ``float`` anywhere raises
``FloatMoneyError`` (a ``TypeError``) with the ``Decimal("…")`` fix. Dates are
``datetime.date`` (or ISO strings). Paths in errors match the Rust core's, e.g.
``shelter_stays[0].daily_rate``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import numbers
import re
from decimal import Decimal
from typing import Any, Dict, Mapping

from ._errors import FloatMoneyError, InvalidAmountError, WrongTypeError

_BIG = 2**63
_DANISH_THOUSANDS = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def money_text(value: Any, field: str) -> str:
    """A money value as an exact decimal string, or a typed error naming ``field``.

    >>> money_text(Decimal("1400.50"), "x"), money_text(1400, "x"), money_text("97.25", "x")
    ('1400.50', '1400', '97.25')
    >>> money_text(1400.5, "daily_rate")
    Traceback (most recent call last):
    refusion._errors.FloatMoneyError: daily_rate: 1400.5 is a float, which cannot hold money exactly; write Decimal("1400.5")
    """
    if _is_bool(value):
        raise WrongTypeError(field, f"{value!r} is a bool, not an amount; write Decimal(\"…\")")
    if _is_float(value):
        raise _float_error(float(value), field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidAmountError(field, f"{value} is not a finite amount")
        text = format(value, "f")
        # The core refuses "1.400" as ambiguous (Danish 1400, or 1.4); a Decimal is not, so send
        # the same value with one more decimal.
        return text + "0" if _DANISH_THOUSANDS.fullmatch(text) else text
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, str):
        return value
    raise WrongTypeError(
        field,
        f"{type(value).__name__} is not an amount; use decimal.Decimal, int or a numeric str",
    )


def _is_bool(value: Any) -> bool:
    """A Python or numpy boolean."""
    return isinstance(value, bool) or (type(value).__module__ == "numpy" and type(value).__name__.startswith("bool"))


def _is_float(value: Any) -> bool:
    """A binary float of any kind (Python, numpy float16/32/64): never exact money."""
    return isinstance(value, float) or (
        isinstance(value, numbers.Real) and not isinstance(value, (numbers.Integral, Decimal))
    )


def _float_error(value: float, field: str) -> FloatMoneyError:
    if math.isnan(value) or math.isinf(value):
        return FloatMoneyError(
            field,
            f"{value!r} is a float and not a number; money must be exact, e.g. Decimal(\"1400.50\")",
        )
    return FloatMoneyError(
        field,
        f"{value!r} is a float, which cannot hold money exactly; write Decimal(\"{value!r}\")",
    )


def date_text(value: Any, field: str) -> str:
    """A date as ``YYYY-MM-DD``; ``datetime`` objects are refused (their time is ambiguous)."""
    if isinstance(value, _dt.datetime):
        raise WrongTypeError(
            field, f"{value!r} is a datetime; pass a datetime.date (e.g. value.date())"
        )
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise WrongTypeError(field, f"{type(value).__name__} is not a date; use datetime.date")


def to_contract(value: Any, path: str = "") -> Any:
    """Converts dataclasses, mappings, sequences, Decimals and dates to JSON-ready values.

    Floats are refused wherever they occur, because no field of the contract is a float.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hook = getattr(value, "_to_contract", None)
        if hook is not None:
            return hook(path)
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if v is None:
                continue
            out[f.name] = to_contract(v, _join(path, f.name))
        return out
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise WrongTypeError(path, f"key {k!r} is not a string")
            if v is None:
                continue
            out[k] = to_contract(v, _join(path, k))
        return out
    if isinstance(value, (list, tuple)):
        return [to_contract(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if _is_bool(value) or value is None:
        return None if value is None else bool(value)
    if _is_float(value):
        raise _float_error(float(value), path)
    if isinstance(value, Decimal):
        return money_text(value, path)
    if isinstance(value, numbers.Integral):
        value = int(value)
        return str(value) if abs(value) >= _BIG else value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return date_text(value, path)
    if isinstance(value, str):
        return value
    raise WrongTypeError(path, f"{type(value).__name__} cannot be converted; use str, int, Decimal or date")


def dumps(value: Any) -> str:
    """The contract JSON of a Python value."""
    return json.dumps(to_contract(value), ensure_ascii=False)


def dec(text: str) -> Decimal:
    """A decimal string from the core as ``Decimal``."""
    return Decimal(text)


def day(text: str) -> _dt.date:
    """An ISO date string from the core as ``date``."""
    return _dt.date.fromisoformat(text)


def pick(d: Mapping[str, Any], *keys: str) -> Dict[str, Any]:
    return {k: d[k] for k in keys}
