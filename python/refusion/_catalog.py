"""The engine and the catalog it was built from.

Every sourced figure, date and citation lives once, in the core's ``data/parameters.toml``; the
package reads what it needs from the compiled core here, once, at import. Nothing in
``refusion`` writes such a figure itself.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any, Dict, Optional

from . import _core

ENGINE = _core.Engine()
"""The one engine of the package (immutable and thread-safe)."""

_AMOUNT_KEYS = frozenset({"mean", "low", "high", "value"})


def _decimals(value: Any) -> Any:
    """The core's JSON with the figures under ``mean``, ``low``, ``high`` and ``value`` (which
    the core writes as decimal strings) as ``Decimal``; whole numbers stay ``int``. The
    ``illustrative`` defaults keep their ``value`` as the text a query takes (a decimal, a whole
    number or a range ``low..high``)."""
    if isinstance(value, dict):
        return {
            k: Decimal(v) if k in _AMOUNT_KEYS and isinstance(v, str)
            else copy.deepcopy(v) if k == "illustrative" else _decimals(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


_DEFAULTS: Dict[str, Any] = _decimals(json.loads(ENGINE.defaults()))
_CATALOG: Optional[Dict[str, Any]] = None

M_ACT_MEAN: Decimal = _DEFAULTS["m_act"]["mean"]
"""The annual cost of M-ACT support the package defaults to (the catalog's reference mean)."""


def defaults() -> Dict[str, Any]:
    """A fresh copy of the core's defaults, figures as ``Decimal``."""
    return copy.deepcopy(_DEFAULTS)


def catalog() -> Dict[str, Any]:
    """A fresh copy of the core's catalog (plain JSON data: figures stay decimal strings)."""
    global _CATALOG
    if _CATALOG is None:
        _CATALOG = json.loads(ENGINE.catalog())
    return copy.deepcopy(_CATALOG)
