"""Formatting amounts for display (HTML tables in Jupyter)."""

from __future__ import annotations

import html
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

_LOCALE = {"value": "da"}


def set_display_locale(locale: str) -> None:
    """Chooses how tables show amounts: ``"da"`` (219.700,00, the default) or ``"en"``
    (219,700.00).

    >>> set_display_locale("en"); format_dkk(Decimal("219700"))
    '219,700.00'
    >>> set_display_locale("da"); format_dkk(Decimal("219700"))
    '219.700,00'
    """
    if locale not in ("da", "en"):
        raise ValueError('locale must be "da" or "en"')
    _LOCALE["value"] = locale


def format_dkk(value: Decimal) -> str:
    """An amount with thousands separators and øre, in the display locale.

    >>> format_dkk(Decimal("-1234567.891"))
    '-1.234.567,89'
    """
    q = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{q:,.2f}"
    if _LOCALE["value"] == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


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
