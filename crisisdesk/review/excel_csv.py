"""CSV files that open cleanly in a spreadsheet: UTF-8 with a byte-order mark (without it
Windows Excel reads Arabic as mojibake), and no cell a spreadsheet would run as a formula.

The public's text lands in cells: ``=HYPERLINK(…)``, ``+1``, ``-2+3`` or ``@SUM(1+1)`` would be
evaluated (CSV injection), and an ordinary handle like ``@user1007`` would show ``#NAME?``.
As OWASP recommends, a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (or their full-width forms) gets a leading apostrophe; numbers the product
itself computes are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any, Protocol

BOM = "\ufeff"
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


class _Writes(Protocol):
    def write(self, text: str, /) -> int: ...


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet evaluates; ``None`` is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


class SafeWriter:
    """``csv.writer`` over ``target`` that writes the BOM first and neutralises every cell.

    ``text_columns`` (indexes) limits the check to the columns that can hold text from
    outside; the others hold numbers, times and hashes the product writes itself, and go
    to ``csv`` as they are (``None`` is an empty cell there too). The header is always
    checked.
    """

    def __init__(
        self, target: _Writes | IO[str], text_columns: Iterable[int] | None = None
    ) -> None:
        target.write(BOM)
        self._writer = csv.writer(target, lineterminator="\r\n")
        self._columns = None if text_columns is None else tuple(text_columns)

    def writeheader(self, names: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in names])

    def writerow(self, row: Iterable[Any]) -> None:
        starts = FORMULA_STARTS
        if self._columns is not None:
            cells = row if isinstance(row, list) else list(row)
            for i in self._columns:
                v = cells[i]
                if v.__class__ is str and v and v[0] in starts:
                    cells[i] = "'" + v
                elif v is not None and v.__class__ is not str:
                    cells[i] = safe_cell(v)
            self._writer.writerow(cells)
            return
        self._writer.writerow(
            [
                ("'" + v if v and v[0] in starts else v) if v.__class__ is str else safe_cell(v)
                for v in row
            ]
        )
