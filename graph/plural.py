"""Polish plural forms – the one helper every message a user reads goes through.

Polish has three forms after a number: *1 wiersz*, *2–4 wiersze* (also 22–24,
32–34 … but not 12–14) and *5 wierszy* (0, 5–21, 25–31 …, 12–14, 112 …).
Fractions are not counted here (they take the genitive singular: *1,5 wiersza*).

>>> count(1, "wiersz", "wiersze", "wierszy")
'1 wiersz'
>>> count(22, "plik", "pliki", "plików")
'22 pliki'
>>> count(12, "plik", "pliki", "plików")
'12 plików'
"""

from __future__ import annotations

__all__ = [
    "EVENTS",
    "ERRORS",
    "EXISTING_RELS",
    "FILES",
    "MISSING_NODES",
    "RECORDS",
    "ROWS",
    "TRANSACTIONS",
    "WARNINGS",
    "Noun",
    "count",
    "form",
]


def form(n: int | None, one: str, few: str, many: str) -> str:
    """The form of the noun for ``n`` (``None`` counts as many: *brak danych o liczbie miejsc*)."""
    if n is None:
        return many
    n = abs(int(n))
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def count(n: int, one: str, few: str, many: str, *, thousands: bool = False) -> str:
    """``n`` and its noun: ``count(5, "wiersz", "wiersze", "wierszy") == "5 wierszy"``.

    ``thousands`` groups digits the Polish way (a non-breaking space: *12 345 wierszy*).
    """
    number = f"{n:,}".replace(",", "\u00a0") if thousands else str(n)
    return f"{number} {form(n, one, few, many)}"


class Noun:
    """A noun with its three forms, for nouns used in many messages: ``ROWS(5) == "5 wierszy"``."""

    __slots__ = ("few", "many", "one")

    def __init__(self, one: str, few: str, many: str):
        self.one, self.few, self.many = one, few, many

    def __call__(self, n: int, *, thousands: bool = False) -> str:
        return count(n, self.one, self.few, self.many, thousands=thousands)

    def form(self, n: int | None) -> str:
        return form(n, self.one, self.few, self.many)


ROWS = Noun("wiersz", "wiersze", "wierszy")
FILES = Noun("plik", "pliki", "plików")
WARNINGS = Noun("ostrzeżenie", "ostrzeżenia", "ostrzeżeń")
ERRORS = Noun("błąd", "błędy", "błędów")
RECORDS = Noun("rekord", "rekordy", "rekordów")
EVENTS = Noun("zdarzenie", "zdarzenia", "zdarzeń")
TRANSACTIONS = Noun("transakcja", "transakcje", "transakcji")
MISSING_NODES = Noun("nieistniejący węzeł", "nieistniejące węzły", "nieistniejących węzłów")
EXISTING_RELS = Noun("istniejąca relacja", "istniejące relacje", "istniejących relacji")
