"""Errors and issue reports shared by all parsers.

Messages are in Polish (they are shown to the people who prepare the files).
Never put a value that could be personal data (e-mail, phone, person's name)
into a message: name the field instead.
"""

from __future__ import annotations

import errno
import zipfile
import zlib
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ZIP_DAMAGE",
    "ImportIssue",
    "ImportValidationError",
    "Severity",
    "csv_error_message",
    "delimiter_hint",
    "format_location",
    "os_error_message",
]

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


_ERRNO_PL = {
    errno.ENOENT: "plik nie istnieje",
    errno.EISDIR: "podano katalog, a nie plik",
    errno.EACCES: "brak uprawnień do odczytu",
    errno.EPERM: "brak uprawnień do odczytu",
    errno.ENOTDIR: "ścieżka prowadzi przez coś, co nie jest katalogiem",
    errno.ENAMETOOLONG: "zbyt długa nazwa pliku",
    errno.EIO: "błąd wejścia/wyjścia dysku",
}


def os_error_message(exc: OSError) -> str:
    """Why a file could not be read, in Polish (never the system's English ``strerror``)."""
    if isinstance(exc, IsADirectoryError):
        return "Nie można odczytać pliku: podano katalog, a nie plik."
    reason = _ERRNO_PL.get(exc.errno or 0, f"błąd systemu nr {exc.errno}" if exc.errno else "błąd systemu")
    return f"Nie można odczytać pliku: {reason}."


def csv_error_message(exc: Exception, first_line: str = "") -> str:
    """A Polish message for :class:`csv.Error`: a field over the size limit is not an open quote.

    ``first_line`` (the header) adds a hint when a spreadsheet saved the file with ';' or tabs.
    """
    text = str(exc)
    if "field larger than field limit" in text:
        message = "Pole dłuższe niż dopuszczalne (131 072 znaków) – plik uszkodzony albo to nie jest plik CSV."
    elif "new-line character seen in unquoted field" in text:
        message = "Znak nowego wiersza wewnątrz pola bez cudzysłowu – plik CSV jest uszkodzony."
    else:
        message = "Niepoprawny format CSV (np. niezamknięty cudzysłów)."
    return message + delimiter_hint(first_line)


def delimiter_hint(first_line: str, expected: str = ",") -> str:
    """ " Wygląda na plik rozdzielany średnikami/tabulatorami …" when the header suggests another delimiter."""
    counts = {d: first_line.count(d) for d in (";", "\t", ",") if d != expected}
    other = max(counts, key=lambda d: counts[d])
    if other != expected and counts[other] > first_line.count(expected):
        name = "średnikami" if other == ";" else "tabulatorami"
        return f" Wskazówka: nagłówek wygląda na rozdzielany {name} (zapis z arkusza kalkulacyjnego) – zapisz plik jako CSV rozdzielany przecinkami."
    return ""
