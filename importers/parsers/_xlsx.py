"""Helpers for human-formatted XLSX sheets (titles, merged cells, multi-row headers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from importers.parsers.archive import verify_inflated_sizes
from importers.parsers.errors import ZIP_DAMAGE, ImportValidationError
from importers.parsers.text import clean_text, fold

__all__ = [
    "Sheet",
    "cell_text",
    "find_polish_date",
    "load_sheets",
    "parse_int",
    "split_address",
]

_MONTHS = {
    "stycznia": 1,
    "lutego": 2,
    "marca": 3,
    "kwietnia": 4,
    "maja": 5,
    "czerwca": 6,
    "lipca": 7,
    "sierpnia": 8,
    "wrzesnia": 9,
    "pazdziernika": 10,
    "listopada": 11,
    "grudnia": 12,
}
_POLISH_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)\s+(\d{4})\b")
_POSTAL = re.compile(r"\b(\d{2})\s*-\s*(\d{3})\b")
_STREET_PREFIX = re.compile(r"^(?:ul|al|os|pl)\.\s?|^(?:ulica|aleja|osiedle|plac|rynek)\b", re.IGNORECASE)
_INNER_STREET = re.compile(r"\s(?=(?:ul|al|os|pl)\.\s)")
_NAME_WORDS = re.compile(r"\b(?:dom|domów|pomocy|społecznej|fundacja|caritas|zgromadzeni)", re.IGNORECASE)


class Sheet:
    """A worksheet with merged-cell lookup; rows/columns are 1-based as in Excel."""

    def __init__(self, ws: Any, file: str) -> None:
        self.ws = ws
        self.file = file
        self.title: str = ws.title
        self.max_row: int = ws.max_row
        self.max_col: int = ws.max_column
        self._top_left: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self._top_left[(r, c)] = (rng.min_row, rng.min_col)

    def raw(self, row: int, col: int) -> Any:
        return self.ws.cell(row=row, column=col).value

    def value(self, row: int, col: int) -> Any:
        """The value shown in the cell: a merged range's value fills all its cells."""
        r, c = self._top_left.get((row, col), (row, col))
        return self.ws.cell(row=r, column=c).value

    def is_continuation(self, row: int, col: int) -> bool:
        """True for a cell inside a merged range that is not its top-left cell."""
        tl = self._top_left.get((row, col))
        return tl is not None and tl != (row, col)

    def row_texts(self, row: int) -> list[str]:
        return [cell_text(self.raw(row, c)) for c in range(1, self.max_col + 1)]

    def rows(self, start: int = 1) -> Iterator[int]:
        yield from range(start, self.max_row + 1)


def damage_errors() -> tuple[type[BaseException], ...]:
    """What openpyxl raises for a damaged XLSX: a damaged ZIP (:data:`ZIP_DAMAGE`),
    malformed XML inside (``ParseError`` is a ``SyntaxError``), a missing part."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (*ZIP_DAMAGE, InvalidFileException, SyntaxError, KeyError, ValueError)


def load_sheets(path: str | Path) -> list[Sheet]:
    """Open an XLSX file (cached formula values, not formulas)."""
    import openpyxl  # local: only the XLSX parsers need it

    p = Path(path)
    if not p.is_file():
        raise ImportValidationError(p.name, None, None, "Plik nie istnieje.")
    if p.suffix.lower() in (".xls", ".ods"):
        raise ImportValidationError(
            p.name,
            None,
            None,
            f"Format {p.suffix.lower()} nie jest czytany przez ten importer (tylko .xlsx) – wczytaj plik poleceniem "
            "'kooperacja import register PLIK', które czyta .xls, .xlsx, .ods i CSV.",
        )
    verify_inflated_sizes(p)  # a decompression bomb is refused before openpyxl inflates it
    try:
        wb = openpyxl.load_workbook(p, data_only=True)
    except damage_errors() as exc:
        raise ImportValidationError(
            p.name,
            None,
            None,
            "Nie można otworzyć pliku jako arkusza XLSX (plik uszkodzony lub innego typu).",
        ) from exc
    return [Sheet(ws, p.name) for ws in wb.worksheets]


def cell_text(value: Any) -> str:
    """Cell value as single-spaced text ('' for empty); ''x'' quotes become "x"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value).replace("''", '"'))


def parse_int(value: Any, file: str, row: int, field: str, *, required: bool = True) -> int | None:
    """An integer cell (int, integral float or digits); clear error otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ImportValidationError(file, row, field, "Brak wymaganej liczby.")
        return None
    if isinstance(value, bool):
        raise ImportValidationError(file, row, field, "Oczekiwano liczby całkowitej.")
    if isinstance(value, int):
        result = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value)
    ):
        result = int(value)
    else:
        shown = cell_text(value)[:40]
        raise ImportValidationError(file, row, field, f"Oczekiwano liczby całkowitej (jest '{shown}').")
    if result < 0:
        raise ImportValidationError(file, row, field, "Liczba nie może być ujemna.")
    return result


def find_polish_date(text: str) -> date | None:
    """First date written like "8 stycznia 2026" in ``text``."""
    for m in _POLISH_DATE.finditer(fold(text)):
        month = _MONTHS.get(m.group(2))
        if month:
            try:
                return date(int(m.group(3)), month, int(m.group(1)))
            except ValueError:
                return None
    return None


def _is_address_part(segment: str) -> bool:
    if _STREET_PREFIX.match(segment):
        return True
    return bool(re.search(r"\d", segment)) and not _NAME_WORDS.search(segment)


def split_address(text: str) -> tuple[str, str | None, str | None, str | None]:
    """Split "Name, ul. Street 1, 32-700 Town" → (name, street, postal code, town).

    The town part may carry a house number ("32-854 Porąbka Uszewska 272").  Text without
    a postal code is returned whole as the name.
    """
    text = clean_text(text)
    matches = list(_POSTAL.finditer(text))
    if not matches:
        return text.rstrip(" ,"), None, None, None
    m = matches[-1]
    postal = f"{m.group(1)}-{m.group(2)}"
    before = text[: m.start()].rstrip(" ,")
    after = text[m.end() :].strip(" ,") or None
    segments = [s.strip() for s in before.split(",") if s.strip()]
    street_parts: list[str] = []
    while len(segments) > 1 and _is_address_part(segments[-1]):
        street_parts.insert(0, segments.pop())
    if not street_parts and segments:
        pieces = _INNER_STREET.split(segments[-1], maxsplit=1)
        if len(pieces) == 2:
            segments[-1] = pieces[0]
            street_parts = [pieces[1]]
    name = ", ".join(segments)
    return name, (", ".join(street_parts) or None), postal, after
