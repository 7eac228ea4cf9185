"""Excel workbooks (``.xlsx``), written by the core's workbook writers (``refusion-xlsx``, the
crate the command line and the web page use).

Every ``to_excel`` of the package hands the result to the compiled core and writes the bytes it
returns: money as number cells (to the øre, in a ``kr.`` number format), no formulas, the
parameters with their sources, Danish sheets by default and English ones with ``lang="en"``.
"""

from __future__ import annotations

import os
from typing import IO, Any, Union

from ._errors import WrongTypeError

PathOrBinary = Union[str, "os.PathLike[str]", IO[bytes]]


def lang_of(lang: Any) -> str:
    """The language as text; the core checks that it is ``"da"`` or ``"en"`` (else
    ``InvalidParameterError``, field ``lang``)."""
    if not isinstance(lang, str):
        raise WrongTypeError("lang", f"{lang!r} is not a language; write \"da\" or \"en\"")
    return lang


def emit(data: bytes, path: PathOrBinary) -> None:
    """Writes the workbook's bytes to ``path``: a file path (``str`` or ``os.PathLike``) or a
    binary file object (anything with ``write``, e.g. ``io.BytesIO`` or ``open(…, "wb")``)."""
    if hasattr(path, "write"):
        path.write(data)  # type: ignore[union-attr]
        return
    if not isinstance(path, (str, os.PathLike)):
        raise WrongTypeError("path", f"{type(path).__name__} is not a file path or a binary file object")
    with open(os.fspath(path), "wb") as f:
        f.write(data)
