"""Polish text helpers of the portal (plural forms, dates)."""

from __future__ import annotations

import datetime as dt

from graph.plural import count, form

__all__ = ["plural", "date_pl", "count_phrase"]

_MONTHS = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)


#: the one Polish plural helper (graph/plural.py), under the name the templates use
plural = form


def count_phrase(n: int, one: str, few: str, many: str) -> str:
    return count(n, one, few, many)


def date_pl(value: str | dt.date | dt.datetime | None) -> str:
    """``2026-03-01`` → ``1 marca 2026``; empty for no date."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
    day = value.date() if isinstance(value, dt.datetime) else value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
