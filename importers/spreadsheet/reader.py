"""Reading a Kooperacja spreadsheet: XLSX, a directory of CSV files, or a ZIP of them.

Produces raw cell values per data sheet, keyed by column, with spreadsheet row
numbers (header = 1).  Only structure is checked here (readable file, known
sheets, required columns present, no repeated headers); values are checked by
:mod:`importers.spreadsheet.validate`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importers.parsers.archive import check_archive, read_member, verify_inflated_sizes
from importers.parsers.errors import ZIP_DAMAGE, ImportValidationError, csv_error_message
from importers.parsers.text import clean_text, fold
from importers.spreadsheet.issues import SheetIssue
from importers.spreadsheet.schema import INFO_SHEETS, SHEETS, Sheet, sheet_for_name

__all__ = ["RawRow", "RawSheet", "Workbook", "read_workbook"]


@dataclass(frozen=True, slots=True)
class RawRow:
    row: int
    values: dict[str, Any]  # column key → raw cell value (str for CSV; str/int/float/date for XLSX)


@dataclass
class RawSheet:
    sheet: Sheet
    label: str  # how messages name it: the XLSX sheet title or the CSV file name
    rows: list[RawRow] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)  # column keys present in the header


@dataclass
class Workbook:
    source: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)  # sheet key → sheet
    issues: list[SheetIssue] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(len(s.rows) for s in self.sheets.values())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_key(sheet: Sheet, text: str) -> str | None:
    folded = fold(text.replace("*", ""))
    for col in sheet.columns:
        if folded in (fold(col.header), col.key):
            return col.key
    return None


def _take_rows(book: Workbook, sheet: Sheet, label: str, rows: list[tuple[int, list[Any]]]) -> None:
    if sheet.key in book.sheets:
        book.issues.append(
            SheetIssue(label, None, None, f"Arkusz '{sheet.title}' występuje dwa razy; wczytano pierwszy.")
        )
        return
    raw = RawSheet(sheet, label)
    book.sheets[sheet.key] = raw
    if not rows:
        return
    header_row, header = rows[0]
    keys: list[str | None] = []
    for text in (clean_text(str(h)) if h is not None else "" for h in header):
        if not text:
            keys.append(None)
            continue
        key = _header_key(sheet, text)
        if key is None:
            book.issues.append(
                SheetIssue(label, header_row, text, "Nieznana kolumna – pominięto jej zawartość.", "warning")
            )
        elif key in raw.columns:
            book.issues.append(SheetIssue(label, header_row, text, "Kolumna powtórzona w nagłówku."))
            key = None
        else:
            raw.columns.add(key)
        keys.append(key)
    for col in sheet.columns:
        if col.required and col.key not in raw.columns:
            book.issues.append(SheetIssue(label, header_row, col.header, "Brak wymaganej kolumny w nagłówku."))
    for number, cells in rows[1:]:
        if all(_blank(c) for c in cells):
            continue
        values = {k: v for k, v in zip(keys, cells, strict=False) if k is not None}
        if len(cells) > len(keys) and any(not _blank(c) for c in cells[len(keys) :]):
            book.issues.append(
                SheetIssue(label, number, None, "Wartości w kolumnach bez nagłówka – pominięto je.", "warning")
            )
        raw.rows.append(RawRow(number, values))


# ------------------------------------------------------------------- XLSX


def _read_xlsx(path: Path, book: Workbook) -> None:
    import openpyxl

    from importers.parsers._xlsx import damage_errors

    damaged = "Nie można otworzyć pliku jako arkusza XLSX (plik uszkodzony lub innego typu)."
    verify_inflated_sizes(path)  # a decompression bomb is refused before openpyxl inflates it
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except damage_errors() as exc:
        raise ImportValidationError(path.name, None, None, damaged) from exc
    try:
        # read-only mode parses each sheet while its rows are read: only that is guarded,
        # so an error of our own row handling is never reported as a damaged file
        sheets = [(ws.title, sheet_for_name(ws.title), ws) for ws in wb.worksheets]
        contents = {
            title: [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]
            for title, sheet, ws in sheets
            if sheet is not None
        }
    except damage_errors() as exc:
        raise ImportValidationError(path.name, None, None, damaged) from exc
    finally:
        wb.close()
    for title, sheet, _ in sheets:
        if sheet is None:
            if fold(title) not in {fold(n) for n in INFO_SHEETS}:
                book.issues.append(SheetIssue(title, None, None, "Nieznany arkusz – pominięto go.", "warning"))
            continue
        _take_rows(book, sheet, title, contents[title])


# ------------------------------------------------------------------- CSV


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportValidationError(
            label, line, None, "Plik nie jest zapisany w kodowaniu UTF-8 – zapisz go ponownie jako „CSV UTF-8”."
        ) from exc


def _csv_rows(text: str, label: str) -> list[tuple[int, list[Any]]]:
    text = text.replace("\r\r\n", "\n")  # a CRLF file saved again on Windows: one line end, not two
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # a spreadsheet saves ';' or tabs
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, values in enumerate(reader, start=1):
            rows.append((number, list(values)))
    except csv.Error as exc:
        raise ImportValidationError(label, len(rows) + 1, None, csv_error_message(exc)) from exc
    return rows


def _read_csv_files(files: list[tuple[str, bytes]], book: Workbook) -> None:
    for name, data in sorted(files):
        sheet = sheet_for_name(name)
        if sheet is None:
            book.issues.append(
                SheetIssue(
                    name,
                    None,
                    None,
                    "Nieznany plik – oczekiwano nazw: " + ", ".join(s.csv_name for s in SHEETS) + ".",
                    "warning",
                )
            )
            continue
        _take_rows(book, sheet, name, _csv_rows(_decode(data, name), name))


def read_workbook(path: str | Path) -> Workbook:
    """Read an XLSX file, a directory of CSV files or a ZIP of CSV files.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        The file cannot be read at all (missing, wrong type, not UTF-8, no data sheets).
    """
    p = Path(path)
    book = Workbook(p.name)
    if p.is_dir():
        files = [(f.name, f.read_bytes()) for f in p.iterdir() if f.suffix.lower() == ".csv"]
        _read_csv_files(files, book)
    elif not p.exists():
        raise ImportValidationError(p.name, None, None, "Plik nie istnieje.")
    elif p.suffix.lower() == ".zip":
        try:
            with check_archive(p) as zf:  # a decompression bomb is refused before anything is inflated
                files = [
                    (Path(info.filename).name, read_member(zf, info, p.name))
                    for info in zf.infolist()
                    if not info.is_dir()
                    and info.filename.lower().endswith(".csv")
                    and not Path(info.filename).name.startswith(".")
                ]
        except ZIP_DAMAGE as exc:
            raise ImportValidationError(
                p.name, None, None, "Nie można otworzyć archiwum ZIP (plik uszkodzony)."
            ) from exc
        _read_csv_files(files, book)
    elif p.suffix.lower() == ".csv":
        _read_csv_files([(p.name, p.read_bytes())], book)
    else:
        _read_xlsx(p, book)
    if not book.sheets:
        raise ImportValidationError(
            p.name,
            None,
            None,
            "Brak arkuszy z danymi (instytucje, usługi, kompetencje, współpraca, partnerstwa, członkowie).",
        )
    return book
