"""Formatting amounts for display (HTML tables in Jupyter), and the display language.

The rounding and grouping are the core's (``_core.format_amount``), so a table in Jupyter, the
command line and the web page show an amount alike.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Iterable, Optional, Sequence, Union

from . import _core
from ._convert import money_text

_LOCALE = {"value": "da"}
LANGS = ("da", "en")


def set_display_locale(locale: str) -> None:
    """Chooses the display language: ``"da"`` (the default) or ``"en"``.

    It decides how amounts are shown (``219.700,00`` or ``219,700.00``) and the language of
    explanations (:meth:`refusion.Evaluation.explain`, a trace entry printed) and of preset
    descriptions (:func:`refusion.presets`).

    >>> set_display_locale("en"); format_dkk(Decimal("219700"))
    '219,700.00'
    >>> set_display_locale("da"); format_dkk(Decimal("219700"))
    '219.700,00'
    """
    if locale not in LANGS:
        raise ValueError('locale must be "da" or "en"')
    _LOCALE["value"] = locale


def display_lang(lang: Optional[str] = None) -> str:
    """``lang`` checked, or the display locale when it is ``None``."""
    if lang is None:
        return _LOCALE["value"]
    if lang not in LANGS:
        raise ValueError(f'lang must be "da" or "en", not {lang!r}')
    return lang


def format_dkk(value: Union[Decimal, int, str], lang: Optional[str] = None, *, currency: bool = False) -> str:
    """An amount as people read it, by the core's formatter: rounded half away from zero to the
    øre, thousands grouped, in the display locale (or ``lang``); ``currency=True`` adds
    ``kr.`` (Danish) or ``DKK`` (English). A ``float`` raises ``FloatMoneyError``.

    >>> format_dkk(Decimal("-1234567.895"))
    '-1.234.567,90'
    >>> format_dkk(Decimal("219700"), "en", currency=True), format_dkk(219700, currency=True)
    ('DKK 219,700.00', '219.700,00 kr.')
    >>> format_dkk(Decimal(1000) / 3)
    '333,33'
    """
    return _core.format_amount(money_text(value, "value"), display_lang(lang), currency)


def html_table(header: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "") -> str:
    """A compact HTML table; numbers right-aligned. Every cell is escaped."""
    out = ['<table class="refusion" style="border-collapse:collapse">']
    if caption:
        out.append(f'<caption style="text-align:left;font-weight:bold">{html.escape(caption)}</caption>')
    out.append("<thead><tr>")
    for h in header:
        out.append(f'<th style="text-align:right;padding:2px 8px">{html.escape(str(h))}</th>')
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            if isinstance(cell, Decimal):
                text, align = format_dkk(cell), "right"
            else:
                text, align = str(cell), ("left" if i == 0 else "right")
            out.append(f'<td style="text-align:{align};padding:2px 8px">{html.escape(text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)
