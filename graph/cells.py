"""Cells of every file Kooperacja writes for spreadsheets: formulas never run.

Text that starts with ``= + - @`` (or a tab / carriage return) would be
evaluated by Excel or LibreOffice ("CSV injection", OWASP): ``=HYPERLINK(…)`` in an
institution's name becomes a live link.  CSV cells get a leading apostrophe;
XLSX cells are stored as text (openpyxl would otherwise store a formula).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["FORMULA_START", "append_text_safe", "is_formula_like", "neutralise", "restore"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: ``"=1+1"`` → ``"'=1+1"``; other values unchanged.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5"), neutralise(-5), neutralise("Dom")
    ("'=HYPERLINK(1)", "'-5", -5, 'Dom')
    """
    return "'" + value if is_formula_like(value) else value


def restore(value: str) -> str:
    """The text :func:`neutralise` was given (for reading our own CSV exports back).

    >>> restore("'=1+1"), restore("'quoted"), restore("=1")
    ('=1+1', "'quoted", '=1')
    """
    return value[1:] if value.startswith("'") and is_formula_like(value[1:]) else value


def append_text_safe(ws: Any, row: Iterable[Any]) -> None:
    """``ws.append(row)`` of openpyxl, with formula-like strings kept as text cells."""
    values = list(row)
    ws.append(values)
    r = ws.max_row
    for c, value in enumerate(values, 1):
        if is_formula_like(value):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # a string cell: shown as typed, never evaluated
