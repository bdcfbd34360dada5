"""Any spreadsheet a voivode office publishes, as a grid of cells: .xls, .xlsx, .ods, .csv.

``.xls``/``.xlsx``/``.ods`` are read with python-calamine (values as shown, merged
ranges kept); ZIP-based formats pass the decompression guard first.  CSV files
are decoded as UTF-8 (or cp1250, the other encoding Polish offices use), their
delimiter is detected (comma, semicolon or tab) and ``\\r\\r\\n`` line ends count
as one line.  Text cells that a spreadsheet would run as a formula
(``= + - @``) are flagged (:attr:`Grid.formula_cells`); they stay plain text here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importers.parsers.archive import verify_inflated_sizes
from importers.parsers.errors import ImportValidationError
from importers.parsers.text import clean_text

__all__ = ["Grid", "SPREADSHEET_SUFFIXES", "looks_like_formula", "read_grids"]

SPREADSHEET_SUFFIXES = (".xls", ".xlsx", ".xlsm", ".ods", ".csv", ".txt")
_ZIP_BASED = (".xlsx", ".xlsm", ".ods")
_FORMULA_START = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
MAX_CELL_CHARS = 32_767  # Excel's own limit; a longer "cell" is a broken file


def looks_like_formula(value: object) -> bool:
    """Text a spreadsheet would evaluate: starts with = + - @ (a signed number is not)."""
    if not isinstance(value, str):
        return False
    text = value.lstrip()
    return len(text) > 1 and text.startswith(_FORMULA_START) and not _NUMBER.match(text)


@dataclass(slots=True)
class Grid:
    """One sheet: rows and columns are 1-based as a spreadsheet shows them."""

    file: str
    sheet: str
    cells: list[list[Any]]
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    formula_cells: list[tuple[int, int]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.cells), default=0)

    def raw(self, row: int, col: int) -> Any:
        if 1 <= row <= len(self.cells):
            line = self.cells[row - 1]
            if 1 <= col <= len(line):
                value = line[col - 1]
                return None if value == "" else value
        return None

    def value(self, row: int, col: int) -> Any:
        """The value shown: a merged range's value fills all its cells."""
        r, c = self.merged.get((row, col), (row, col))
        return self.raw(r, c)

    def is_continuation(self, row: int, col: int) -> bool:
        tl = self.merged.get((row, col))
        return tl is not None and tl != (row, col)

    def text(self, row: int, col: int, *, merged: bool = False) -> str:
        return cell_text(self.value(row, col) if merged else self.raw(row, col))

    def row_texts(self, row: int) -> list[str]:
        return [self.text(row, c) for c in range(1, self.n_cols + 1)]


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value).replace("''", '"'))


def read_grids(path: str | Path) -> list[Grid]:
    """All sheets of a spreadsheet file (a CSV file is one sheet)."""
    p = Path(path)
    if p.is_dir():
        raise ImportValidationError(
            p.name, None, None, "Podano katalog, a nie plik – wskaż plik arkusza (.xls, .xlsx, .ods albo .csv)."
        )
    if not p.exists():
        raise ImportValidationError(p.name, None, None, "Plik nie istnieje.")
    suffix = p.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise ImportValidationError(
            p.name,
            None,
            None,
            f"Nieobsługiwany typ pliku '{suffix or 'bez rozszerzenia'}' – oczekiwano .xls, .xlsx, .ods albo .csv.",
        )
    if suffix in (".csv", ".txt"):
        return [_read_csv(p)]
    if suffix in _ZIP_BASED:
        verify_inflated_sizes(p)
    return _read_calamine(p)


def _read_calamine(p: Path) -> list[Grid]:
    from python_calamine import CalamineError, CalamineWorkbook  # local: only spreadsheet readers need it

    try:
        wb = CalamineWorkbook.from_path(str(p))
    except (CalamineError, ValueError, OSError) as exc:
        raise ImportValidationError(
            p.name,
            None,
            None,
            "Nie można otworzyć pliku jako arkusza kalkulacyjnego (plik uszkodzony albo innego typu niż wskazuje rozszerzenie).",
        ) from exc
    grids: list[Grid] = []
    for name in wb.sheet_names:
        try:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            ranges = sheet.merged_cell_ranges or []
        except (CalamineError, ValueError) as exc:
            raise ImportValidationError(
                p.name, None, None, f"Nie można odczytać arkusza '{name[:40]}' (plik uszkodzony)."
            ) from exc
        grid = Grid(p.name, name, [list(r) for r in rows])
        for (r0, c0), (r1, c1) in ranges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    grid.merged[(r + 1, c + 1)] = (r0 + 1, c0 + 1)
        _flag_formulas(grid)
        grids.append(grid)
    return grids


def _flag_formulas(grid: Grid) -> None:
    for r, line in enumerate(grid.cells, 1):
        for c, value in enumerate(line, 1):
            if looks_like_formula(value):
                grid.formula_cells.append((r, c))


def _decode(p: Path) -> str:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ImportValidationError(
            p.name, None, None, "Nie można odczytać pliku (brak uprawnień albo błąd dysku)."
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1250", errors="replace")
    # "\r\r\n" (a CRLF file saved again on Windows) is one line end, not two
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def _delimiter(text: str) -> str:
    """The delimiter seen most often on one of the first lines (a spreadsheet saves ';' or tab)."""
    lines = [ln for ln in text.split("\n")[:5] if ln.strip()]
    counts = {d: max((ln.count(d) for ln in lines), default=0) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(p: Path) -> Grid:
    text = _decode(p)
    delim = _delimiter(text)
    csv.field_size_limit(MAX_CELL_CHARS)
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    line = 1
    try:
        for values in reader:
            rows.append(list(values))
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportValidationError(
                p.name, line, None, f"Pole dłuższe niż {MAX_CELL_CHARS} znaków – plik uszkodzony albo to nie jest CSV."
            ) from exc
        raise ImportValidationError(p.name, line, None, "Niezamknięty cudzysłów w polu CSV.") from exc
    grid = Grid(p.name, p.stem, rows)
    _flag_formulas(grid)
    return grid
