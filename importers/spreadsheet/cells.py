"""Typed reading of single spreadsheet cells.

Each reader takes the raw cell value (text from CSV; text, number, date or
bool from XLSX) and returns the typed value or raises :class:`CellError` with a
Polish message.  Messages quote a value only when it cannot be personal data
(codes, numbers, enum words) – never e-mails or phone numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from graph.enums import PolishEnum
from importers.parsers.krs import nip_is_valid, regon_is_valid
from importers.parsers.text import fold

__all__ = [
    "CellError",
    "shown",
    "text",
    "identifier",
    "integer",
    "decimal",
    "date",
    "enum_member",
    "email",
    "postal",
    "regon",
    "nip",
    "krs",
    "url",
    "items",
    "teryt_code",
]

_MAX_SHOWN = 40
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")
_POSTAL = re.compile(r"^\d{2}-\d{3}$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_LIST_SPLIT = re.compile(r"[;\n]")


class CellError(ValueError):
    """A cell value that cannot be read; ``str()`` is the Polish message."""


def shown(value: Any) -> str:
    s = text(value)
    return s if len(s) <= _MAX_SHOWN else s[:_MAX_SHOWN] + "…"


def text(value: Any) -> str:
    """The cell as text: integral floats without ".0", dates as RRRR-MM-DD, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\u00a0", " ").strip()


def identifier(value: Any) -> str:
    s = text(value)
    if not _ID.match(s):
        raise CellError(
            f"Niedozwolony identyfikator '{shown(s)}' – użyj liter bez polskich znaków, cyfr, kropki, myślnika lub dwukropka (bez spacji)."
        )
    if len(s) > 120:
        raise CellError("Identyfikator dłuższy niż 120 znaków.")
    return s


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("Oczekiwano liczby całkowitej.")
    if isinstance(value, int):
        result = value
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    else:
        s = re.sub(r"\s", "", text(value))
        if not re.fullmatch(r"-?\d+", s):
            raise CellError(f"Oczekiwano liczby całkowitej (jest '{shown(value)}').")
        result = int(s)
    if result < 0:
        raise CellError("Liczba nie może być ujemna.")
    return result


def decimal(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError("Oczekiwano liczby.")
    if isinstance(value, int | float):
        return float(value)
    s = text(value).replace(" ", "").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        raise CellError(f"Oczekiwano liczby, np. 49,8766 (jest '{shown(value)}').") from None


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = text(value)
    m = _DMY.match(s)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(s)
    except ValueError:
        raise CellError(f"Oczekiwano daty RRRR-MM-DD lub DD.MM.RRRR (jest '{shown(value)}').") from None


def enum_member(value: Any, enum: type[PolishEnum]) -> PolishEnum:
    """A member by its code or its Polish name (case and diacritics ignored)."""
    key = fold(text(value))
    for member in enum:
        if key in (fold(member.value), fold(member.label)):
            return member
    allowed = ", ".join(m.value for m in enum)
    raise CellError(
        f"Niedozwolona wartość '{shown(value)}' – dozwolone kody: {allowed} (albo ich nazwy z arkusza słowniki)."
    )


def email(value: Any) -> str:
    s = text(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", s):
        raise CellError("Nieprawidłowy adres e-mail.")  # never echo: may name a person
    if len(s) > 200:
        raise CellError("Adres e-mail dłuższy niż 200 znaków.")
    return s


def postal(value: Any) -> str:
    s = text(value)
    if not _POSTAL.match(s):
        raise CellError(f"Kod pocztowy musi mieć postać NN-NNN (jest '{shown(value)}').")
    return s


def _digits(value: Any) -> tuple[str, bool]:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return re.sub(r"[\s-]", "", text(value)), numeric


def regon(value: Any) -> str:
    s, numeric = _digits(value)
    if numeric and s.isdigit() and len(s) < 9:
        s = s.zfill(9)  # a number cell lost the leading zeros
    if not regon_is_valid(s):
        raise CellError("Nieprawidłowy REGON (9 lub 14 cyfr z poprawną sumą kontrolną).")
    return s[:9] if len(s) == 14 and s.endswith("00000") else s


def nip(value: Any) -> str:
    s, numeric = _digits(value)
    if numeric and s.isdigit() and len(s) < 10:
        s = s.zfill(10)
    if not nip_is_valid(s):
        raise CellError("Nieprawidłowy NIP (10 cyfr z poprawną sumą kontrolną).")
    return s


def krs(value: Any) -> str:
    s, _ = _digits(value)
    if not s.isdigit() or len(s) > 10:
        raise CellError(f"Numer KRS to do 10 cyfr (jest '{shown(value)}').")
    return s.zfill(10)


def url(value: Any) -> str:
    s = text(value)
    if " " in s or len(s) > 300:
        raise CellError("Nieprawidłowy adres strony (bez spacji, do 300 znaków).")
    return s


def items(value: Any) -> list[str]:
    """Values of a multi-value cell, separated by semicolons or line breaks."""
    return [part.strip() for part in _LIST_SPLIT.split(text(value)) if part.strip()]


def teryt_code(raw: Any) -> str:
    """Digits of a TERYT code; a number cell that lost its leading zero gets it back."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        s = text(raw)
        if len(s) in (1, 3, 5):
            s = "0" + s
    else:
        s = re.sub(r"\s", "", text(raw))
    if not re.fullmatch(r"\d{2}|\d{4}|\d{6}|\d{7}", s):
        raise CellError(f"Kod TERYT musi mieć 2, 4, 6 lub 7 cyfr (jest '{shown(raw)}').")
    return s
