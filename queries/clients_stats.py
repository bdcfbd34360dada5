"""Counts for coordinators and analysts – never individual clients.

Differencing defence, by construction:

* every published number is a *cell* of one fixed partition: a gmina (of the
  registering or receiving institution) × one calendar year × one category.
  Coarser territories or periods are never counted on their own – asking for a
  powiat returns the cells of its gminas – so two queries can never be
  subtracted to isolate a small cell;
* every cell below the threshold (``KOOPERACJA_MIN_COUNT``, default 5) is
  suppressed, with secondary suppression inside each row
  (:func:`graph.suppression.suppress_cells`), because a row may add up to a
  figure another table shows;
* the only totals are sums of *published* cells (``published_total``).

Scope: a coordinator may ask only for territories inside their own; an
analyst (or admin) for any, ``""`` meaning the whole country.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.clients.audit import (
    ADMIN,
    ANALYST,
    COORDINATOR,
    AuditEvent,
    AuditSink,
    Caller,
    Outcome,
    has_role,
)
from graph.clients.errors import Forbidden
from graph.errors import ModelValidationError
from graph.store.protocol import Store
from graph.suppression import display, suppress_cells, threshold

__all__ = [
    "Cell",
    "StatTable",
    "client_statistics",
    "referral_statistics",
    "referral_flows",
    "allowed_territory",
    "STAT_ROLES",
]

STAT_ROLES = (COORDINATOR, ANALYST, ADMIN)
_TERRITORY = re.compile(r"^(\d{2}(\d{2}(\d{2})?)?)?$")
TOTAL = "razem"


@dataclass(frozen=True)
class Cell:
    gmina: str
    category: str
    count: int | None  # None = suppressed
    display: str
    #: For flows: the sending institution (``category`` holds the receiver).
    sender: str | None = None


@dataclass(frozen=True)
class StatTable:
    measure: str
    territory: str
    year: int
    threshold: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def published_total(self) -> int:
        """The sum of the published cells – never the true total (it could reveal a hidden cell)."""
        return sum(c.count or 0 for c in self.cells)

    @property
    def suppressed(self) -> int:
        return sum(1 for c in self.cells if c.count is None)


def allowed_territory(principal: Caller, territory: str) -> bool:
    """A coordinator only inside their territories; analysts and admins anywhere."""
    if has_role(principal, ANALYST, ADMIN):
        return True
    if has_role(principal, COORDINATOR):
        return any(territory.startswith(own) for own in principal.territories)
    return False


def _check(
    audit: AuditSink, principal: Caller, measure: str, territory: str, year: int, request_id: str | None
) -> dict[str, Any]:
    if not _TERRITORY.match(territory):
        raise ModelValidationError("Statistics", [("territory", "kod TERYT (2, 4 albo 6 cyfr) albo pusty")])
    if not 2000 <= year <= 2100:
        raise ModelValidationError("Statistics", [("year", "rok spoza zakresu 2000–2100")])
    allowed = allowed_territory(principal, territory)
    audit.append(
        AuditEvent(
            action=f"stats.{measure}",
            outcome=Outcome.ALLOWED if allowed else Outcome.DENIED,
            actor=principal.user_id,
            role=None if principal.role is None else str(principal.role),
            institution=principal.institution_id,
            purpose="statistics",
            request_id=request_id,
        )
    )
    if not allowed:
        raise Forbidden("Brak uprawnień do statystyk tego obszaru.")
    return {
        "territory": territory,
        "period_start": dt.datetime(year, 1, 1),
        "period_end": dt.datetime(year + 1, 1, 1),
    }


def _cells(rows: Iterable[tuple[str, str, int]], k: int) -> list[Cell]:
    """Suppress per row (gmina): primary below ``k``, secondary when a row hides exactly one cell."""
    by_row: dict[str, dict[str, int]] = defaultdict(dict)
    for gmina, category, n in rows:
        by_row[gmina][category] = by_row[gmina].get(category, 0) + int(n)
    out = []
    for gmina in sorted(by_row):
        for category, value in sorted(suppress_cells(by_row[gmina], k).items()):
            out.append(Cell(gmina, category, value, display(value, k)))
    return out


def client_statistics(
    store: Store, audit: AuditSink, principal: Caller, territory: str, year: int, *, request_id: str | None = None
) -> tuple[StatTable, StatTable]:
    """Clients registered in ``year``: per gmina by target group, and per gmina in total."""
    params = _check(audit, principal, "clients", territory, year, request_id)
    k = threshold()
    groups = store.query("clients_stats_clients", params)
    totals = store.query("clients_stats_clients_total", params)
    by_group = StatTable(
        "clients_by_target_group", territory, year, k, _cells(((r["gmina"], r["category"], r["n"]) for r in groups), k)
    )
    # one row of totals across the gminas: secondary suppression stops "sum of the others"
    total_cells = [(TOTAL, r["gmina"], r["n"]) for r in totals]
    cells = [Cell(c.category, TOTAL, c.count, c.display) for c in _cells(total_cells, k)]
    return by_group, StatTable("clients_total", territory, year, k, cells)


def referral_statistics(
    store: Store, audit: AuditSink, principal: Caller, territory: str, year: int, *, request_id: str | None = None
) -> tuple[StatTable, StatTable]:
    """Referrals created in ``year`` (no drafts), per receiving gmina: by status, and by outcome."""
    params = _check(audit, principal, "referrals", territory, year, request_id)
    k = threshold()
    rows = store.query("clients_stats_referrals", params)
    status = _cells(((r["gmina"], r["status"], r["n"]) for r in rows), k)
    outcome = _cells(((r["gmina"], r["outcome"], r["n"]) for r in rows if r["outcome"]), k)
    return (
        StatTable("referrals_by_status", territory, year, k, status),
        StatTable("referrals_by_outcome", territory, year, k, outcome),
    )


def referral_flows(
    store: Store, audit: AuditSink, principal: Caller, territory: str, year: int, *, request_id: str | None = None
) -> StatTable:
    """Referral counts sender → receiver institution, receivers in the territory, per year."""
    params = _check(audit, principal, "flows", territory, year, request_id)
    k = threshold()
    rows = store.query("clients_stats_flows", params)
    keyed = ((r["gmina"], f"{r['sender_id']}\t{r['receiver_id']}", r["n"]) for r in rows)
    cells = []
    for c in _cells(keyed, k):
        sender, receiver = c.category.split("\t")
        cells.append(Cell(c.gmina, receiver, c.count, c.display, sender=sender))
    return StatTable("referral_flows", territory, year, k, cells)
