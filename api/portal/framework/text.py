"""Polish text helpers of the portal (plural forms, dates)."""

from __future__ import annotations

import datetime as dt

__all__ = ["plural", "date_pl", "count_phrase"]

_MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
           "września", "października", "listopada", "grudnia")


def plural(n: int | None, one: str, few: str, many: str) -> str:
    """The Polish form for ``n``: 1 miejsce, 2–4 / 22–24 miejsca, 0 / 5–21 / 25… miejsc."""
    if n is None:
        return many
    n = abs(int(n))
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def count_phrase(n: int, one: str, few: str, many: str) -> str:
    return f"{n} {plural(n, one, few, many)}"


def date_pl(value: str | dt.date | dt.datetime | None) -> str:
    """``2026-03-01`` → ``1 marca 2026``; empty for no date."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    day = value.date() if isinstance(value, dt.datetime) else value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
