"""CSV files in the core's two dialects, written by the core's writer.

Every ``to_csv`` of the package builds its table here as column keys and rows of plain strings
(the engine's spellings: ``"-1234.50"``, ``"2027"``, ``"2026-06-01"``, text) and hands them to
the compiled core (``refusion_core::model::export::write_csv``), the writer the command line and
the web page use, so the files are byte for byte the ones they write:

* ``dialect="en"`` (the default): ``,`` between fields, a decimal point, the column keys as
  headers, UTF-8 without a byte-order mark, ``\\n`` line ends: what pandas, R and scripts read.
* ``dialect="da"``: for Danish Excel and LibreOffice: ``;`` between fields, a decimal comma,
  Danish headers ("Kommunens nettoudgift (kr.)"), UTF-8 with a byte-order mark (so Excel
  picks the encoding) and ``\\r\\n`` line ends. Numbers have no thousands separator, so a Danish
  spreadsheet reads them as numbers.

Text cells are guarded against being run as a spreadsheet formula (a leading ``'`` before
``=``, ``+``, ``-``, ``@``).

pandas' own ``df.to_csv(sep=";", decimal=",")`` does not give the Danish file: ``decimal=``
applies to float columns only, and the amounts here are exact ``Decimal`` objects, which pandas
writes with ``str()`` — keeping the dot, so Danish Excel reads ``219700.00`` as text (or as
21,970,000). It also writes neither the Danish headers nor the byte-order mark.
"""

from __future__ import annotations

import datetime as _dt
import os
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any, Iterable, List, Optional, Sequence, Union

from . import _core
from ._errors import WrongTypeError

PathOrBuffer = Union[str, "os.PathLike[str]", IO[str], None]


def dialect_of(dialect: Any) -> str:
    """The dialect as text; the core checks that it is ``"da"`` or ``"en"`` (else
    ``InvalidParameterError``, field ``dialect``)."""
    if not isinstance(dialect, str):
        raise WrongTypeError("dialect", f"{dialect!r} is not a CSV dialect; write \"da\" or \"en\"")
    return dialect


def total_label(dialect: str) -> str:
    """The first cell of a total row, as the core's and the command line's CSV write it."""
    return "I alt" if dialect == "da" else "total"


def plain(value: Any) -> str:
    """A cell's plain spelling: a ``Decimal`` as its plain decimal (never an exponent), an int
    as digits, a date as ISO, ``None`` as empty, text as it is."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return str(int(value))
    if isinstance(value, _dt.datetime):  # also a pandas Timestamp
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def money(value: Any) -> str:
    """An amount as the core writes it in CSV: rounded half away from zero to the øre, always
    two decimals, never ``-0.00`` (``Money::round_ore``)."""
    if value is None or value == "":
        return ""
    d = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format(d.copy_abs() if d.is_zero() else d, "f")


def normalized(value: Any) -> str:
    """A decimal count (FTE, citizen-years) as the core writes it: trailing zeros dropped."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], dialect: str) -> str:
    """One table through the core's writer."""
    return _core.write_csv(list(header), [[plain(v) for v in row] for row in rows], dialect_of(dialect))


def blocks(parts: Sequence[str], dialect: str) -> str:
    """Several tables as one file, as the command line writes a report: an empty line between
    tables, and only the first table's byte-order mark."""
    gap = "\r\n" if dialect == "da" else "\n"
    out: List[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append(gap)
            part = part[1:] if part.startswith("\ufeff") else part
        out.append(part)
    return "".join(out)


def emit(text: str, path: PathOrBuffer) -> Optional[str]:
    """Writes the CSV to ``path`` (a file path or an open text file) exactly as the core wrote
    it (UTF-8, line ends untouched), or returns it when ``path`` is ``None``."""
    if path is None:
        return text
    if hasattr(path, "write"):
        path.write(text)  # type: ignore[union-attr]
        return None
    with open(os.fspath(path), "w", encoding="utf-8", newline="") as f:  # type: ignore[arg-type]
        f.write(text)
    return None
