"""Small conversions between HSDS values and Kooperacja's fields.

Each function raises ``ValueError`` with a Polish message that names no value
(identifiers and phone numbers may be personal data of sole traders).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

__all__ = [
    "polish_identifier",
    "postal_code",
    "phone_text",
    "join_limited",
    "parse_timestamp",
    "format_timestamp",
    "schedule_text",
    "cost_text",
    "web_uri",
]

_DIGITS = re.compile(r"\d+")


def polish_identifier(kind: str, raw: str) -> str:
    """A KRS (10 digits, leading zeros restored), REGON (9 or 14) or NIP (10) number."""
    text = raw.strip().upper().removeprefix("PL")
    if not re.fullmatch(r"[\d\s-]+", text):
        raise ValueError(f"{kind.upper()} może zawierać tylko cyfry")
    digits = "".join(_DIGITS.findall(text))
    if kind == "krs":
        if not 1 <= len(digits) <= 10:
            raise ValueError("numer KRS ma najwyżej 10 cyfr")
        return digits.zfill(10)
    if kind == "regon":
        if len(digits) not in (9, 14):
            raise ValueError("REGON ma 9 albo 14 cyfr")
        return digits
    if len(digits) != 10:
        raise ValueError("NIP ma 10 cyfr")
    return digits


def postal_code(raw: str) -> str | None:
    """``87-100`` from ``87-100`` or ``87100``; ``None`` for anything that is not a Polish code."""
    text = raw.strip()
    if re.fullmatch(r"\d{2}-\d{3}", text):
        return text
    if re.fullmatch(r"\d{5}", text):
        return f"{text[:2]}-{text[2:]}"
    return None


def phone_text(number: str, extension: float | int | None) -> str:
    """One phone as Kooperacja stores it; stray quotes around the number are dropped."""
    text = number.strip().strip('"').strip()
    if extension is not None:
        ext = int(extension) if float(extension).is_integer() else extension
        text = f"{text} wew. {ext}"
    return text


def join_limited(parts: Iterable[str], limit: int, sep: str = ", ") -> tuple[str | None, int]:
    """Distinct parts joined while they fit in ``limit``; returns the text and how many were left out."""
    out: list[str] = []
    dropped = 0
    for part in parts:
        if not part or part in out:
            continue
        candidate = sep.join([*out, part])
        if len(candidate) > limit:
            dropped += 1
            continue
        out.append(part)
    return (sep.join(out) if out else None), dropped


def parse_timestamp(raw: str) -> dt.datetime:
    """An ISO 8601 date or date-time as naive UTC (the model's convention)."""
    text = raw.strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError("oczekiwano daty i godziny ISO 8601 (np. 2024-05-01T10:00:00Z)") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def format_timestamp(value: dt.datetime) -> str:
    """RFC 3339 in UTC, as HSDS ``last_modified`` expects."""
    return value.isoformat() + "Z"


_DAYS = {"MO": "pn.", "TU": "wt.", "WE": "śr.", "TH": "czw.", "FR": "pt.", "SA": "sob.", "SU": "niedz."}


def schedule_text(
    description: str | None,
    byday: str | None,
    opens_at: str | None,
    closes_at: str | None,
    freq: str | None = None,
    bymonthday: str | None = None,
) -> str | None:
    """A schedule in words: its description, else days and hours (``pn., wt. 08:00–16:00``)."""
    if description:
        return description
    parts: list[str] = []
    if byday:
        days = [_DAYS.get(d.strip().upper()[-2:], d.strip()) for d in byday.split(",") if d.strip()]
        parts.append(", ".join(days))
    if freq == "MONTHLY" and bymonthday:
        parts.append(f"dni miesiąca: {bymonthday}")
    if opens_at and closes_at:
        parts.append(f"{opens_at}–{closes_at}")
    elif opens_at:
        parts.append(f"od {opens_at}")
    elif closes_at:
        parts.append(f"do {closes_at}")
    return " ".join(parts) or None


def cost_text(
    option: str | None, amount: float | int | None, currency: str | None, description: str | None
) -> str | None:
    """One HSDS cost option in words (``Under 18s: 35 GBP per 1 hour session``)."""
    price = " ".join(str(p) for p in (amount, (currency or "").upper() or None) if p is not None)
    body = " ".join(p for p in (price, description) if p)
    if option and body:
        return f"{option}: {body}"
    return option or body or None


_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE)


def web_uri(raw: str | None) -> str | None:
    """A website as an absolute http(s) URI (HSDS ``website``/``url`` are ``format: uri``), else None.

    Registers write ``www.gops.pl``, ``gops.pl/``, ``http:// ops.pl`` or two sites at once;
    the first site is taken and ``https://`` added when no scheme is given.

    >>> web_uri("www.gops-bochnia.pl"), web_uri(" http:// ops.pl/ "), web_uri("a.pl; b.pl"), web_uri("brak")
    ('https://www.gops-bochnia.pl', 'http://ops.pl/', 'https://a.pl', None)
    """
    if not raw:
        return None
    text = re.split(r"[\s,;]+(?=\S)", raw.strip().replace(":// ", "://"), maxsplit=1)[0].strip().rstrip(",;")
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "https", text
    scheme = scheme.lower()
    if scheme not in ("http", "https") or not _HOST.match(rest):
        return None
    return f"{scheme}://{rest}"
