"""Small helpers shared by the CSV parsers (decoding, header checks, numbers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from importers.parsers.errors import ImportValidationError, csv_error_message, delimiter_hint, os_error_message

__all__ = ["CsvRecord", "parse_float", "read_csv_records", "read_text_utf8", "shown"]

_MAX_SHOWN = 40


def read_text_utf8(path: Path) -> str:
    """Read a file as UTF-8 (BOM allowed); a clear error when it is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportValidationError(path.name, None, None, os_error_message(exc)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportValidationError(
            path.name,
            line,
            None,
            f"Plik nie jest zapisany w kodowaniu UTF-8 (niepoprawny bajt 0x{data[exc.start]:02X})"
            " – zapisz go ponownie jako UTF-8.",
        ) from exc


class CsvRecord:
    """One data record: values by column name and ``row`` as a spreadsheet numbers it."""

    __slots__ = ("row", "values")

    def __init__(self, row: int, values: dict[str, str]) -> None:
        self.row = row
        self.values = values

    def __getitem__(self, key: str) -> str:
        return self.values[key]


def read_csv_records(path: Path, required: Sequence[str], delimiter: str = ",") -> Iterator[CsvRecord]:
    """Yield records of a CSV file with a header; multi-line quoted fields allowed.

    ``row`` counts records like a spreadsheet does (header = 1, first record = 2), not
    physical lines, because quoted fields may contain line breaks.
    """
    text = read_text_utf8(path).replace("\r\r\n", "\n")  # "\r\r\n" is one line end, not two
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportValidationError(path.name, 1, None, "Plik jest pusty.") from None
    except csv.Error as exc:
        raise ImportValidationError(path.name, 1, None, "Niepoprawny nagłówek CSV.") from exc
    for col in required:
        if col not in header:
            raise ImportValidationError(
                path.name,
                1,
                col,
                f"Brak wymaganej kolumny '{col}' w nagłówku." + delimiter_hint(text.split("\n", 1)[0], delimiter),
            )
    row = 1
    try:
        for values in reader:
            row += 1
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(header):
                missing = header[len(values)] if len(values) < len(header) else None
                raise ImportValidationError(
                    path.name,
                    row,
                    missing,
                    f"Wiersz ma {len(values)} pól zamiast {len(header)} – plik jest uszkodzony lub ucięty.",
                )
            yield CsvRecord(row, dict(zip(header, values, strict=True)))
    except csv.Error as exc:
        raise ImportValidationError(path.name, row + 1, None, csv_error_message(exc, text.split("\n", 1)[0])) from exc


def shown(value: str) -> str:
    """A value cut to a safe length for a message (only for non-personal values)."""
    return value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN] + "…"


def parse_float(
    value: str,
    file: str,
    row: int,
    field: str,
    lo: float,
    hi: float,
) -> float:
    """Parse a decimal number (dot or comma) and check ``lo <= x <= hi``."""
    raw = value.strip().replace(",", ".")
    try:
        x = float(raw)
    except ValueError:
        raise ImportValidationError(file, row, field, f"Nieprawidłowa liczba '{shown(value)}'.") from None
    if not lo <= x <= hi:
        raise ImportValidationError(file, row, field, f"Wartość {x} poza dozwolonym zakresem {lo}–{hi}.")
    return x
