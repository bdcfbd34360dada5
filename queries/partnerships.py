"""Partnerships run by their coordinators: members over time, meetings, action plans and PARTNER surveys.

Domain logic below the API (issue 14).  Every function takes the acting
institution (``actor``; ``None`` = a system administrator) and checks at the
object level what it may do:

* the **coordinator** institution of a partnership edits it, invites members,
  approves join requests, records meetings, plans tasks and opens survey rounds;
* a **member institution's** admin accepts its invitation, asks to join, leaves,
  updates the status of the tasks it is responsible for and rates its partners;
* members (and administrators) read meetings, the plan and the scores.

Writes go through :func:`graph.writer.write_batch`: validated against the model
(Polish errors naming the field – free text that looks like a PESEL is refused
there), atomic, and idempotent.  Reads are the named queries
``partnerships_*``.

**Trust and value** follow the PARTNER tool (Varda, Chandra, Stern & Lurie,
"Core dimensions of connectivity in public health collaboratives", J. Public
Health Manag. Pract. 14(5), 2008; Visible Network Labs, "Analyze Trust and
Value", https://support.visiblenetworklabs.com/portal/en/kb/articles/analyze-trust-and-value):
a member rates each partner it works with, 1–4, on reliability, support of
the shared mission and openness to discussion (trust) and on power/influence,
level of involvement and resource contribution (value).  A tie's trust (value)
is the mean of its three items; an institution's trust (value) score is the
mean over the partners who rated it; the network's score is the mean over all
rated ties, also shown as a percentage of the maximum (4), as PARTNER reports
it.  Reciprocity is the share of rated pairs rated in both directions.

Complexity: each call is O(1) queries; scores are O(R) in the ratings.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from graph import model as m
from graph.enums import MembershipStatus, PartnershipType, TaskStatus
from graph.errors import DomainError, InvalidInput, NotFound
from graph.store.protocol import Row, Store
from graph.writer import Batch, write_batch

__all__ = [
    "Forbidden",
    "Partnership",
    "Member",
    "TaskView",
    "Scores",
    "list_partnerships",
    "get_partnership",
    "members_of",
    "create_partnership",
    "update_partnership",
    "invite",
    "request_to_join",
    "accept_invitation",
    "approve_request",
    "leave",
    "record_meeting",
    "meetings",
    "save_task",
    "set_task_status",
    "tasks",
    "progress",
    "open_round",
    "rate_partner",
    "scores",
    "TRUST_ITEMS",
    "VALUE_ITEMS",
    "trust_by_institution",
]

TRUST_ITEMS = ("reliability", "mission", "openness")
VALUE_ITEMS = ("influence", "involvement", "resources")


class Forbidden(DomainError):
    """The acting institution may not do this to this partnership."""

    code = "FORBIDDEN"


@dataclass(frozen=True)
class Member:
    partnership: str
    institution: str
    name: str
    type: str
    role: str | None
    status: str
    since: dt.date | None
    until: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return (
            self.status == MembershipStatus.ACTIVE.value
            and (self.since is None or self.since <= day)
            and (self.until is None or day <= self.until)
        )


@dataclass(frozen=True)
class Partnership:
    id: str
    name: str
    type: str
    legal_basis: str | None
    signed: dt.date | None
    coordinator: str | None
    founding_document: str | None
    description: str | None
    valid_to: dt.date | None
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class TaskView:
    id: str
    partnership: str
    goal: str
    title: str
    responsible: str
    due: dt.date | None
    status: str
    done_on: dt.date | None
    overdue: bool


def _partnership(row: Row, members: Sequence[Member]) -> Partnership:
    return Partnership(
        row["id"],
        row["name"],
        row["type"],
        row.get("legal_basis"),
        row.get("signed"),
        row.get("coordinator"),
        row.get("founding_document"),
        row.get("description"),
        row.get("valid_to"),
        tuple(members),
    )


def _members(store: Store, ids: Sequence[str]) -> dict[str, list[Member]]:
    out: dict[str, list[Member]] = defaultdict(list)
    for r in store.query("partnerships_members", {"ids": list(ids)}):
        out[r["partnership"]].append(
            Member(
                r["partnership"],
                r["institution"],
                r["name"],
                r["type"],
                r.get("role"),
                r.get("status") or MembershipStatus.ACTIVE.value,
                r.get("since"),
                r.get("until"),
            )
        )
    return out


def list_partnerships(store: Store, institutions: Sequence[str] = ()) -> list[Partnership]:
    """Every partnership, or those with a member (in any status) among ``institutions``."""
    rows = store.query("partnerships_all", {"institutions": list(institutions)})
    members = _members(store, [r["id"] for r in rows])
    return [_partnership(r, members.get(r["id"], [])) for r in rows]


def get_partnership(store: Store, pid: str) -> Partnership:
    rows = store.query("partnerships_by_ids", {"ids": [pid]})
    if not rows:
        raise NotFound("Nie ma takiego partnerstwa.")
    return _partnership(rows[0], _members(store, [pid]).get(pid, []))


def members_of(store: Store, pid: str) -> list[Member]:
    return list(get_partnership(store, pid).members)


# ---------------------------------------------------------------- who may do what


def _is_member(p: Partnership, actor: str | None, today: dt.date | None = None) -> bool:
    if actor is None:
        return True
    day = today or dt.date.today()
    return any(mm.institution == actor and mm.active_on(day) for mm in p.members)


def _require_coordinator(p: Partnership, actor: str | None) -> None:
    if actor is not None and p.coordinator != actor:
        raise Forbidden("Tę czynność wykonuje koordynator partnerstwa.")


def require_member(store: Store, pid: str, actor: str | None) -> Partnership:
    """The partnership, if ``actor`` is an active member (or a system administrator); else "not found"."""
    p = get_partnership(store, pid)
    if not _is_member(p, actor) and p.coordinator != actor:
        # not a member: do not even confirm what the partnership has recorded
        raise NotFound("Nie ma takiego partnerstwa albo nie należysz do niego.")
    return p


def _membership(p: Partnership, institution: str) -> Member | None:
    return next((mm for mm in p.members if mm.institution == institution), None)


def _write(store: Store, *items: tuple[type[Any], dict[str, Any]]) -> None:
    """Validate (Polish errors naming the field; nothing written on error) and write atomically."""
    batch = Batch()
    for model, row in items:
        batch.add(model, [row])
    write_batch(store, batch)


def _write_membership(store: Store, pid: str, institution: str, **props: Any) -> None:
    _write(store, (m.MemberOf, {"src": institution, "dst": pid, **props}))


def _institution_exists(store: Store, iid: str, field_name: str) -> None:
    if not store.query("institution_by_id", {"id": iid}):
        raise InvalidInput(field_name, "nie ma takiej instytucji")


# ---------------------------------------------------------------- partnerships and members


def create_partnership(
    store: Store,
    actor: str,
    *,
    name: str,
    type: PartnershipType,
    founding_document: str | None = None,
    signed: dt.date | None = None,
    legal_basis: str | None = None,
    description: str | None = None,
    today: dt.date | None = None,
) -> Partnership:
    """A new partnership coordinated by ``actor``, which becomes its first active member ("koordynator")."""
    _institution_exists(store, actor, "institutionId")
    pid = "p-" + secrets.token_hex(6)
    node = {
        "id": pid,
        "name": name,
        "type": type,
        "founding_document": founding_document,
        "signed": signed,
        "legal_basis": legal_basis,
        "description": description,
        "coordinator": actor,
    }
    rel = {
        "src": actor,
        "dst": pid,
        "role": "koordynator",
        "status": MembershipStatus.ACTIVE,
        "since": signed or today or dt.date.today(),
    }
    _write(store, (m.Partnership, node), (m.MemberOf, rel))
    return get_partnership(store, pid)


#: Fields of a partnership its coordinator may change.
PARTNERSHIP_FIELDS = frozenset(
    {"name", "type", "founding_document", "signed", "legal_basis", "description", "valid_to"}
)


def update_partnership(store: Store, actor: str | None, pid: str, changes: Mapping[str, Any]) -> Partnership:
    p = get_partnership(store, pid)
    _require_coordinator(p, actor)
    unknown = set(changes) - PARTNERSHIP_FIELDS
    if unknown:
        raise InvalidInput(min(unknown), "tego pola nie można zmienić")
    current = {
        k: getattr(p, k)
        for k in (
            "id",
            "name",
            "type",
            "legal_basis",
            "signed",
            "coordinator",
            "founding_document",
            "description",
            "valid_to",
        )
    }
    _write(store, (m.Partnership, {**current, **changes}))
    return get_partnership(store, pid)


def invite(store: Store, actor: str | None, pid: str, institution: str, role: str | None = None) -> Member:
    """The coordinator invites an institution; it becomes a member when its admin accepts."""
    p = get_partnership(store, pid)
    _require_coordinator(p, actor)
    _institution_exists(store, institution, "institutionId")
    current = _membership(p, institution)
    if current is not None and current.status == MembershipStatus.ACTIVE.value:
        raise InvalidInput("institutionId", "ta instytucja już jest członkiem")
    _write_membership(store, pid, institution, role=role, status=MembershipStatus.INVITED)
    return _membership(get_partnership(store, pid), institution)  # type: ignore[return-value]


def request_to_join(store: Store, actor: str, pid: str, role: str | None = None) -> Member:
    """A member-to-be asks to join; the coordinator approves."""
    p = get_partnership(store, pid)
    current = _membership(p, actor)
    if current is not None and current.status == MembershipStatus.ACTIVE.value:
        raise InvalidInput("partnershipId", "twoja instytucja już jest członkiem")
    if current is not None and current.status == MembershipStatus.INVITED.value:
        return accept_invitation(store, actor, pid)
    _write_membership(store, pid, actor, role=role, status=MembershipStatus.REQUESTED)
    return _membership(get_partnership(store, pid), actor)  # type: ignore[return-value]


def _activate(store: Store, p: Partnership, mm: Member, since: dt.date) -> Member:
    _write_membership(store, p.id, mm.institution, role=mm.role, status=MembershipStatus.ACTIVE, since=since)
    return _membership(get_partnership(store, p.id), mm.institution)  # type: ignore[return-value]


def accept_invitation(store: Store, actor: str, pid: str, today: dt.date | None = None) -> Member:
    """The invited institution's admin accepts: the membership starts today."""
    p = get_partnership(store, pid)
    mm = _membership(p, actor)
    if mm is None or mm.status != MembershipStatus.INVITED.value:
        raise NotFound("Twoja instytucja nie ma zaproszenia do tego partnerstwa.")
    return _activate(store, p, mm, today or dt.date.today())


def approve_request(
    store: Store, actor: str | None, pid: str, institution: str, today: dt.date | None = None
) -> Member:
    p = get_partnership(store, pid)
    _require_coordinator(p, actor)
    mm = _membership(p, institution)
    if mm is None or mm.status != MembershipStatus.REQUESTED.value:
        raise InvalidInput("institutionId", "ta instytucja nie zgłosiła chęci przystąpienia")
    return _activate(store, p, mm, today or dt.date.today())


def leave(store: Store, actor: str, pid: str, until: dt.date | None = None) -> Member:
    """A member leaves (its history stays: the membership ends on ``until``)."""
    p = get_partnership(store, pid)
    mm = _membership(p, actor)
    if mm is None or mm.status != MembershipStatus.ACTIVE.value:
        raise NotFound("Twoja instytucja nie jest członkiem tego partnerstwa.")
    if p.coordinator == actor:
        raise InvalidInput("partnershipId", "koordynator nie może wystąpić – najpierw przekaż koordynację")
    _write_membership(
        store, pid, actor, role=mm.role, status=MembershipStatus.LEFT, since=mm.since, until=until or dt.date.today()
    )
    return _membership(get_partnership(store, pid), actor)  # type: ignore[return-value]


# ---------------------------------------------------------------- meetings


def record_meeting(
    store: Store,
    actor: str | None,
    pid: str,
    *,
    held_on: dt.date,
    attendees: Sequence[str],
    agenda: str,
    decisions: str,
) -> Row:
    p = get_partnership(store, pid)
    _require_coordinator(p, actor)
    members = {mm.institution for mm in p.members if mm.active_on(held_on)}
    if set(attendees) - members:
        raise InvalidInput("attendees", "na liście są instytucje, które w dniu spotkania nie były członkami")
    mid = "mt-" + secrets.token_hex(6)
    _write(
        store,
        (
            m.Meeting,
            {
                "id": mid,
                "partnership": pid,
                "held_on": held_on,
                "attendees": sorted(set(attendees)),
                "agenda": agenda,
                "decisions": decisions,
            },
        ),
    )
    return next(r for r in meetings(store, actor, pid) if r["id"] == mid)


def meetings(store: Store, actor: str | None, pid: str) -> list[Row]:
    require_member(store, pid, actor)
    return store.query("partnerships_meetings", {"partnership": pid})


# ---------------------------------------------------------------- action plan


def _task(row: Row, today: dt.date) -> TaskView:
    open_ = row["status"] in (TaskStatus.PLANNED.value, TaskStatus.IN_PROGRESS.value)
    due = row.get("due")
    return TaskView(
        row["id"],
        row["partnership"],
        row["goal"],
        row["title"],
        row["responsible"],
        due,
        row["status"],
        row.get("done_on"),
        bool(open_ and due is not None and due < today),
    )


def save_task(
    store: Store,
    actor: str | None,
    pid: str,
    *,
    task_id: str | None,
    goal: str,
    title: str,
    responsible: str,
    due: dt.date | None,
    status: TaskStatus = TaskStatus.PLANNED,
    today: dt.date | None = None,
) -> TaskView:
    """The coordinator adds a task to the plan (or changes one); the responsible institution must be a member."""
    p = get_partnership(store, pid)
    _require_coordinator(p, actor)
    day = today or dt.date.today()
    if not any(mm.institution == responsible and mm.status == MembershipStatus.ACTIVE.value for mm in p.members):
        raise InvalidInput("responsible", "za zadanie odpowiada członek partnerstwa")
    if task_id is not None:
        old = store.query("partnerships_task_by_id", {"id": task_id})
        if not old or old[0]["partnership"] != pid:
            raise NotFound("Nie ma takiego zadania.")
    tid = task_id or "tk-" + secrets.token_hex(6)
    _write(
        store,
        (
            m.PlanTask,
            {
                "id": tid,
                "partnership": pid,
                "goal": goal,
                "title": title,
                "responsible": responsible,
                "due": due,
                "status": status,
                "done_on": day if status == TaskStatus.DONE else None,
            },
        ),
    )
    return _task(store.query("partnerships_task_by_id", {"id": tid})[0], day)


def set_task_status(
    store: Store, actor: str | None, task_id: str, status: TaskStatus, today: dt.date | None = None
) -> TaskView:
    """The responsible member (or the coordinator) moves a task along."""
    rows = store.query("partnerships_task_by_id", {"id": task_id})
    if not rows:
        raise NotFound("Nie ma takiego zadania.")
    row = rows[0]
    p = get_partnership(store, row["partnership"])
    if actor is not None and actor not in (row["responsible"], p.coordinator):
        raise Forbidden("Status zadania zmienia instytucja odpowiedzialna albo koordynator.")
    day = today or dt.date.today()
    _write(
        store,
        (
            m.PlanTask,
            {
                **{k: row[k] for k in ("id", "partnership", "goal", "title", "responsible", "due")},
                "status": status,
                "done_on": day if status == TaskStatus.DONE else None,
            },
        ),
    )
    return _task(store.query("partnerships_task_by_id", {"id": task_id})[0], day)


def tasks(store: Store, actor: str | None, pid: str, today: dt.date | None = None) -> list[TaskView]:
    require_member(store, pid, actor)
    day = today or dt.date.today()
    return [_task(r, day) for r in store.query("partnerships_tasks", {"partnership": pid})]


@dataclass(frozen=True)
class Progress:
    tasks: int
    done: int
    overdue: int
    share_done: float | None  # of the tasks not cancelled


def progress(task_list: Sequence[TaskView]) -> Progress:
    """Progress of a plan: done / (all but cancelled), and how many are overdue.

    >>> t = lambda s, o=False: TaskView("x", "p", "g", "t", "i", None, s, None, o)
    >>> progress([t("done"), t("planned", True), t("cancelled"), t("in_progress")])
    Progress(tasks=4, done=1, overdue=1, share_done=0.333)
    """
    live = [t for t in task_list if t.status != TaskStatus.CANCELLED.value]
    done = sum(1 for t in live if t.status == TaskStatus.DONE.value)
    return Progress(
        len(task_list), done, sum(t.overdue for t in task_list), round(done / len(live), 3) if live else None
    )


# ---------------------------------------------------------------- PARTNER survey


def open_round(store: Store, actor: str | None, pid: str, opened_on: dt.date, closes_on: dt.date | None = None) -> Row:
    p = get_partnership(store, pid)
    _require_coordinator(p, actor)
    rid = f"{pid}@{opened_on.isoformat()}"
    _write(store, (m.SurveyRound, {"id": rid, "partnership": pid, "opened_on": opened_on, "closes_on": closes_on}))
    return next(r for r in store.query("partnerships_rounds", {"partnership": pid}) if r["id"] == rid)


def rate_partner(store: Store, actor: str, pid: str, round_id: str, ratee: str, items: Mapping[str, int]) -> Row:
    """``actor`` rates ``ratee`` in a round (re-rating in the same round replaces the answer)."""
    p = require_member(store, pid, actor)
    rounds = {r["id"]: r for r in store.query("partnerships_rounds", {"partnership": pid})}
    if round_id not in rounds:
        raise NotFound("Nie ma takiej rundy badania.")
    if not any(mm.institution == ratee and mm.status == MembershipStatus.ACTIVE.value for mm in p.members):
        raise InvalidInput("partnerId", "oceniać można tylko członków partnerstwa")
    rid = f"{round_id}:{actor}>{ratee}"
    _write(
        store,
        (
            m.PartnerRating,
            {
                "id": rid,
                "partnership": pid,
                "round": round_id,
                "rater": actor,
                "ratee": ratee,
                **{k: items[k] for k in (*TRUST_ITEMS, *VALUE_ITEMS) if k in items},
            },
        ),
    )
    return {"id": rid}


@dataclass(frozen=True)
class TieScore:
    rater: str
    ratee: str
    trust: float
    value: float


@dataclass(frozen=True)
class InstitutionScore:
    institution: str
    trust: float | None  # mean of the tie scores it received
    value: float | None
    raters: int
    trust_change: float | None = None  # against the previous round
    value_change: float | None = None


@dataclass(frozen=True)
class Scores:
    round: str
    ties: tuple[TieScore, ...]
    institutions: tuple[InstitutionScore, ...]
    trust: float | None  # network: mean over rated ties (1–4)
    value: float | None
    trust_pct: float | None  # PARTNER's percentage of the maximum score
    value_pct: float | None
    reciprocity: float | None  # share of rated pairs rated both ways
    previous_round: str | None = None
    trust_change: float | None = None
    value_change: float | None = None
    rounds: tuple[str, ...] = field(default=())


def _round_scores(rows: Sequence[Row]) -> tuple[list[TieScore], dict[str, tuple[float, float, int]]]:
    ties = [
        TieScore(
            r["rater"],
            r["ratee"],
            round(fmean(r[k] for k in TRUST_ITEMS), 3),
            round(fmean(r[k] for k in VALUE_ITEMS), 3),
        )
        for r in rows
    ]
    received: dict[str, list[TieScore]] = defaultdict(list)
    for t in ties:
        received[t.ratee].append(t)
    per = {
        i: (round(fmean(t.trust for t in ts), 3), round(fmean(t.value for t in ts), 3), len(ts))
        for i, ts in received.items()
    }
    return ties, per


def scores(store: Store, actor: str | None, pid: str, round_id: str | None = None) -> Scores | None:
    """PARTNER trust and value of one round (default: the latest) with the change since the round before.

    Examples are in ``tests/partnerships``; the method is in the module docstring.
    """
    require_member(store, pid, actor)
    rounds = [r["id"] for r in store.query("partnerships_rounds", {"partnership": pid})]
    if not rounds:
        return None
    rid = round_id or rounds[-1]
    if rid not in rounds:
        raise NotFound("Nie ma takiej rundy badania.")
    by_round: dict[str, list[Row]] = defaultdict(list)
    for r in store.query("partnerships_ratings", {"partnership": pid}):
        by_round[r["round"]].append(r)
    ties, per = _round_scores(by_round.get(rid, []))
    prev_id = rounds[rounds.index(rid) - 1] if rounds.index(rid) > 0 else None
    prev_ties, prev_per = _round_scores(by_round.get(prev_id, [])) if prev_id else ([], {})
    institutions = []
    for iid, (trust, value, n) in sorted(per.items()):
        before = prev_per.get(iid)
        institutions.append(
            InstitutionScore(
                iid,
                trust,
                value,
                n,
                round(trust - before[0], 3) if before else None,
                round(value - before[1], 3) if before else None,
            )
        )
    pairs = {frozenset((t.rater, t.ratee)) for t in ties}
    directed = {(t.rater, t.ratee) for t in ties}
    both = sum(1 for pr in pairs if len(pr) == 2 and all((a, b) in directed for a in pr for b in pr if a != b))
    net_trust = round(fmean(t.trust for t in ties), 3) if ties else None
    net_value = round(fmean(t.value for t in ties), 3) if ties else None
    prev_trust = round(fmean(t.trust for t in prev_ties), 3) if prev_ties else None
    prev_value = round(fmean(t.value for t in prev_ties), 3) if prev_ties else None
    return Scores(
        rid,
        tuple(ties),
        tuple(institutions),
        net_trust,
        net_value,
        round(net_trust / 4 * 100, 1) if net_trust is not None else None,
        round(net_value / 4 * 100, 1) if net_value is not None else None,
        round(both / len(pairs), 3) if pairs else None,
        prev_id,
        round(net_trust - prev_trust, 3) if net_trust is not None and prev_trust is not None else None,
        round(net_value - prev_value, 3) if net_value is not None and prev_value is not None else None,
        tuple(rounds),
    )


def trust_by_institution(store: Store, ids: Sequence[str]) -> dict[str, tuple[float, float, int]]:
    """Institution → (trust, value, raters) from the latest round of each partnership it was rated in.

    The same PARTNER scores as :func:`scores`, pooled over an institution's
    partnerships (each partnership counts with its latest round only), for the
    network map.
    """
    rows = store.query("partnerships_trust_of", {"ids": list(ids)})
    latest: dict[str, str] = {}
    for r in rows:
        latest[r["partnership"]] = max(latest.get(r["partnership"], ""), r["round"])
    current = [r for r in rows if r["round"] == latest[r["partnership"]]]
    _, per = _round_scores(current)
    return per
