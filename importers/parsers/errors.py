"""Errors and issue reports shared by all parsers.

Messages are in Polish (they are shown to the people who prepare the files).
Never put a value that could be personal data (e-mail, phone, person's name)
into a message: name the field instead.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import Literal

__all__ = ["ZIP_DAMAGE", "ImportIssue", "ImportValidationError", "Severity", "format_location"]

Severity = Literal["error", "warning"]

#: What reading a member of a damaged ZIP raises: a broken archive, a corrupt
#: deflate stream, a member cut short.
ZIP_DAMAGE: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


def format_location(file: str, row: int | None, field: str | None) -> str:
    """``plik.csv, wiersz 12, pole 'WOJ'`` (parts that are unknown are left out)."""
    parts = [file]
    if row is not None:
        parts.append(f"wiersz {row}")
    if field is not None:
        parts.append(f"pole '{field}'")
    return ", ".join(parts)


class ImportValidationError(Exception):
    """A file cannot be imported: the first fatal problem found, with its location.

    ``row`` is the row as a spreadsheet shows it (the header is row 1) for CSV and
    XLSX files, and the line number for XML files.
    """

    def __init__(self, file: str, row: int | None, field: str | None, message: str) -> None:
        super().__init__(file, row, field, message)
        self.file = file
        self.row = row
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{format_location(self.file, self.row, self.field)}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"ImportValidationError(file={self.file!r}, row={self.row!r}, "
            f"field={self.field!r}, message={self.message!r})"
        )


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """A non-fatal problem (or a collected error) reported alongside parsed records."""

    file: str
    row: int | None
    field: str | None
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        label = "błąd" if self.severity == "error" else "ostrzeżenie"
        return f"{format_location(self.file, self.row, self.field)}: {label}: {self.message}"
