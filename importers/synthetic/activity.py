"""Three years of partnership life on the synthetic network (issue 14): membership dates,
quarterly meetings, a yearly action plan and a yearly PARTNER-style survey round.

Everything is drawn from ``stable_rng(seed, …, partnership id)``, so the same seed gives the
same rows whatever the scope or chunking.  Rows are in storage form (enum values as strings,
``until`` null while a member stays), as :mod:`importers.synthetic.rows` requires; texts
carry no client data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from graph import model as m
from graph.enums import MembershipStatus as MS
from graph.enums import TaskStatus as TS
from importers.synthetic.geography import stable_rng
from importers.synthetic.rows import Rows

#: The three full years before the generator's "now" (2026-01-15).
YEARS = (2023, 2024, 2025)
_TODAY = dt.date(2026, 1, 15)  # clients.NOW (not imported: clients imports institutions, which imports this)

_GOALS = (
    (
        "Wczesne rozpoznawanie potrzeb rodzin",
        ("Wspólna mapa zasobów gminy", "Procedura przekazywania informacji między członkami"),
    ),
    ("Aktywizacja osób długotrwale bezrobotnych", ("Nabór do CIS i KIS", "Warsztaty z doradcą zawodowym")),
    ("Przeciwdziałanie przemocy domowej", ("Szkolenie z procedury Niebieskiej Karty", "Dyżury konsultacyjne")),
    ("Wsparcie seniorów w środowisku", ("Rozpoznanie potrzeb opiekuńczych", "Wolontariat sąsiedzki")),
)
_AGENDAS = (
    "Przegląd realizacji planu działania; sprawy bieżące.",
    "Omówienie sytuacji w gminie; wymiana informacji o ofercie członków.",
    "Ocena współpracy w minionym kwartale; uzgodnienie dalszych kroków.",
)
_DECISIONS = (
    "Przyjęto harmonogram działań na kolejny kwartał.",
    "Uzgodniono wspólny punkt informacyjny.",
    "Zadania przydzielono członkom zespołu.",
)


def _membership(rng: random.Random, rows: list[dict[str, Any]], signed: dt.date) -> None:
    """Dates and status of the members: all joined at signing; now and then one left."""
    for r in rows:
        r.update(status=MS.ACTIVE.value, since=signed, until=None)
    leavers = [r for r in rows if r.get("role") == "członek"]
    if leavers and rng.random() < 0.15:
        r = rng.choice(leavers)
        until = max(signed, dt.date(rng.choice(YEARS), rng.randint(1, 12), 1))
        if until < _TODAY:
            r.update(status=MS.LEFT.value, until=until)


def _active(members: list[dict[str, Any]], on: dt.date) -> list[str]:
    return sorted(r["src"] for r in members if r["since"] <= on and (r["until"] is None or on < r["until"]))


def _meetings(rng: random.Random, out: Rows, pid: str, members: list[dict[str, Any]], start: dt.date) -> None:
    for year in YEARS:
        for q in range(4):
            held = dt.date(year, 3 * q + 1, 1) + dt.timedelta(days=rng.randint(0, 80))
            present = [i for i in _active(members, held) if rng.random() < 0.8]
            if held < start or held >= _TODAY or not present:
                continue
            out[m.Meeting].append(
                {
                    "id": f"{pid}-m{year}q{q + 1}",
                    "partnership": pid,
                    "held_on": held,
                    "attendees": present,
                    "agenda": rng.choice(_AGENDAS),
                    "decisions": rng.choice(_DECISIONS),
                }
            )


def _plan(rng: random.Random, out: Rows, pid: str, members: list[dict[str, Any]], start: dt.date) -> None:
    for year in YEARS:
        if dt.date(year, 12, 31) < start:
            continue
        goal, titles = rng.choice(_GOALS)
        for k, title in enumerate(titles):
            who = _active(members, dt.date(year, 1, 1)) or _active(members, start)
            if not who:
                continue
            due = dt.date(year, rng.randint(3, 12), 28)
            status, done_on = TS.PLANNED.value, None
            draw = rng.random()
            if draw < 0.7 and due - dt.timedelta(days=20) < _TODAY:
                status, done_on = TS.DONE.value, due - dt.timedelta(days=rng.randint(0, 20))
            elif draw < 0.75:
                status = TS.CANCELLED.value
            elif due < _TODAY:
                status = TS.IN_PROGRESS.value  # overdue: what the coordinator sees
            out[m.PlanTask].append(
                {
                    "id": f"{pid}-t{year}-{k + 1}",
                    "partnership": pid,
                    "goal": goal,
                    "title": title,
                    "responsible": rng.choice(who),
                    "due": due,
                    "status": status,
                    "done_on": done_on,
                }
            )


def _survey(seed: int, rng: random.Random, out: Rows, pid: str, members: list[dict[str, Any]], start: dt.date) -> None:
    for year in YEARS:
        opened = dt.date(year, 10, 1)
        active = _active(members, opened)
        if opened < start or len(active) < 2:
            continue
        rid = f"{pid}@{opened.isoformat()}"
        out[m.SurveyRound].append(
            {"id": rid, "partnership": pid, "opened_on": opened, "closes_on": dt.date(year, 10, 31)}
        )
        for rater in active:
            others = [i for i in active if i != rater]
            for ratee in sorted(rng.sample(others, min(3, len(others)))):
                tie = stable_rng(seed, "tie-quality", rater, ratee)  # a pair's level, drifting by year
                base = [tie.randint(2, 4) for _ in range(6)]
                scores = [min(4, max(1, b + rng.choice((-1, 0, 0, 0, 1)))) for b in base]
                out[m.PartnerRating].append(
                    {
                        "id": f"{rid}:{rater}>{ratee}",
                        "partnership": pid,
                        "round": rid,
                        "rater": rater,
                        "ratee": ratee,
                        **dict(
                            zip(
                                ("reliability", "mission", "openness", "influence", "involvement", "resources"),
                                scores,
                                strict=True,
                            )
                        ),
                    }
                )


def partnership_activity(rows: Rows, seed: int) -> None:
    """Add membership dates, meetings, plan tasks, survey rounds and ratings for ``rows[Partnership]``."""
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows[m.MemberOf]:
        members[r["dst"]].append(r)
    for p in rows[m.Partnership]:
        pid, signed = p["id"], p.get("signed") or dt.date(YEARS[0], 1, 1)
        rng = stable_rng(seed, "activity", pid)
        _membership(rng, members[pid], signed)
        _meetings(rng, rows, pid, members[pid], signed)
        _plan(rng, rows, pid, members[pid], signed)
        _survey(seed, rng, rows, pid, members[pid], signed)
