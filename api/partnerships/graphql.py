"""Partnerships in GraphQL: who is in which team, and the coordinator's tools (issue 14).

Membership is directory data (public like the directory); meetings, the
action plan and the survey scores are for the partnership's members.  Every
mutation acts for the caller's institution; the object-level rules (only the
coordinator invites, only the invited institution accepts…) live in
:mod:`queries.partnerships`, so the portal and any other client get the same
answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from api.graphql.context import Context
from api.graphql.enums import MembershipStatus, PartnershipType, TaskStatus
from api.graphql.errors import BadInputError
from api.security import Authenticated, PublicDirectory, RequireRoles, Role
from queries import partnerships as domain

__all__ = ["PartnershipsQuery", "PartnershipsMutation"]

R = TypeVar("R")
Info = strawberry.Info[Context, None]

#: Roles that act for their institution in a partnership (a caseworker reads, does not run it).
RUNNERS = (Role.COORDINATOR, Role.INSTITUTION_ADMIN)


def _actor(info: Info) -> str | None:
    """The institution the caller acts for; ``None`` for a system administrator (may do anything)."""
    principal = info.context.principal
    if principal.is_admin:
        return None
    if principal.institution_id is None:
        raise BadInputError("institutionId", "konto nie jest przypisane do instytucji")
    return principal.institution_id


def _acting(info: Info) -> str:
    actor = _actor(info)
    if actor is None:
        raise BadInputError("institutionId", "administrator systemu nie działa w imieniu instytucji")
    return actor


async def _run(info: Info, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    return await info.context.run(fn, info.context.store, *args, **kwargs)


@strawberry.type(description="Członkostwo instytucji w partnerstwie (z datami i stanem).")
class PartnershipMember:
    institution_id: strawberry.ID
    name: str
    institution_type: str
    role: str | None
    status: MembershipStatus
    status_label: str
    since: dt.date | None
    until: dt.date | None

    @staticmethod
    def of(mm: domain.Member) -> PartnershipMember:
        status = MembershipStatus(mm.status)
        return PartnershipMember(
            institution_id=strawberry.ID(mm.institution),
            name=mm.name,
            institution_type=mm.type,
            role=mm.role,
            status=status,
            status_label=status.label,
            since=mm.since,
            until=mm.until,
        )


@strawberry.type(
    description="Partnerstwo: zespół interdyscyplinarny, PZK, zadaniowy zespół kooperacyjny, porozumienie."
)
class PartnershipNode:
    id: strawberry.ID
    name: str
    type: PartnershipType
    type_label: str
    coordinator_id: strawberry.ID | None
    founding_document: str | None
    signed: dt.date | None
    legal_basis: str | None
    description: str | None
    valid_to: dt.date | None
    members: list[PartnershipMember]

    @staticmethod
    def of(p: domain.Partnership) -> PartnershipNode:
        ptype = PartnershipType(p.type)
        return PartnershipNode(
            id=strawberry.ID(p.id),
            name=p.name,
            type=ptype,
            type_label=ptype.label,
            coordinator_id=strawberry.ID(p.coordinator) if p.coordinator else None,
            founding_document=p.founding_document,
            signed=p.signed,
            legal_basis=p.legal_basis,
            description=p.description,
            valid_to=p.valid_to,
            members=[PartnershipMember.of(mm) for mm in p.members],
        )


@strawberry.type(
    description="Spotkanie partnerstwa: obecne instytucje, porządek obrad, ustalenia (bez danych klientów)."
)
class PartnershipMeeting:
    id: strawberry.ID
    held_on: dt.date
    attendee_ids: list[strawberry.ID]
    agenda: str
    decisions: str


@strawberry.type(description="Zadanie planu działania.")
class PlanTaskNode:
    id: strawberry.ID
    goal: str
    title: str
    responsible_id: strawberry.ID
    due: dt.date | None
    status: TaskStatus
    status_label: str
    done_on: dt.date | None
    overdue: bool = strawberry.field(description="Termin minął, a zadanie nie jest wykonane ani anulowane.")

    @staticmethod
    def of(t: domain.TaskView) -> PlanTaskNode:
        status = TaskStatus(t.status)
        return PlanTaskNode(
            id=strawberry.ID(t.id),
            goal=t.goal,
            title=t.title,
            responsible_id=strawberry.ID(t.responsible),
            due=t.due,
            status=status,
            status_label=status.label,
            done_on=t.done_on,
            overdue=t.overdue,
        )


@strawberry.type(description="Plan działania: zadania i postęp.")
class ActionPlan:
    tasks: list[PlanTaskNode]
    total: int
    done: int
    overdue: int
    share_done: float | None = strawberry.field(description="Wykonane / wszystkie poza anulowanymi.")


@strawberry.type(description="Ocena jednego powiązania (kto ocenia kogo): zaufanie i wartość, 1–4.")
class TieScore:
    rater_id: strawberry.ID
    ratee_id: strawberry.ID
    trust: float
    value: float


@strawberry.type(description="Zaufanie i wartość instytucji: średnia z ocen partnerów, zmiana od poprzedniej rundy.")
class InstitutionScore:
    institution_id: strawberry.ID
    trust: float | None
    value: float | None
    raters: int
    trust_change: float | None
    value_change: float | None


@strawberry.type(
    description="Wyniki rundy badania metodą PARTNER (zaufanie: rzetelność, misja, otwartość; wartość: wpływ, zaangażowanie, zasoby)."
)
class PartnerScores:
    round_id: strawberry.ID
    rounds: list[strawberry.ID]
    ties: list[TieScore]
    institutions: list[InstitutionScore]
    trust: float | None
    value: float | None
    trust_percent: float | None
    value_percent: float | None
    reciprocity: float | None
    previous_round_id: strawberry.ID | None
    trust_change: float | None
    value_change: float | None


@strawberry.input(description="Oceny partnera w rundzie, każda 1–4.")
class PartnerRatingInput:
    reliability: int
    mission: int
    openness: int
    influence: int
    involvement: int
    resources: int


@strawberry.input(description="Zmiany partnerstwa (pominięte pola bez zmian).")
class PartnershipChanges:
    name: str | None = strawberry.UNSET
    type: PartnershipType | None = strawberry.UNSET
    founding_document: str | None = strawberry.UNSET
    signed: dt.date | None = strawberry.UNSET
    legal_basis: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    valid_to: dt.date | None = strawberry.UNSET


def _meeting(row: dict[str, Any]) -> PartnershipMeeting:
    return PartnershipMeeting(
        id=strawberry.ID(row["id"]),
        held_on=row["held_on"],
        attendee_ids=[strawberry.ID(a) for a in row.get("attendees") or []],
        agenda=row.get("agenda") or "",
        decisions=row.get("decisions") or "",
    )


def _plan(task_list: list[domain.TaskView]) -> ActionPlan:
    pr = domain.progress(task_list)
    return ActionPlan(
        tasks=[PlanTaskNode.of(t) for t in task_list],
        total=pr.tasks,
        done=pr.done,
        overdue=pr.overdue,
        share_done=pr.share_done,
    )


def _scores(s: domain.Scores) -> PartnerScores:
    return PartnerScores(
        round_id=strawberry.ID(s.round),
        rounds=[strawberry.ID(r) for r in s.rounds],
        ties=[
            TieScore(rater_id=strawberry.ID(t.rater), ratee_id=strawberry.ID(t.ratee), trust=t.trust, value=t.value)
            for t in s.ties
        ],
        institutions=[
            InstitutionScore(
                institution_id=strawberry.ID(i.institution),
                trust=i.trust,
                value=i.value,
                raters=i.raters,
                trust_change=i.trust_change,
                value_change=i.value_change,
            )
            for i in s.institutions
        ],
        trust=s.trust,
        value=s.value,
        trust_percent=s.trust_pct,
        value_percent=s.value_pct,
        reciprocity=s.reciprocity,
        previous_round_id=strawberry.ID(s.previous_round) if s.previous_round else None,
        trust_change=s.trust_change,
        value_change=s.value_change,
    )


@strawberry.type
class PartnershipsQuery:
    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Partnerstwa (wszystkie albo te, do których należy instytucja).",
    )
    async def partnerships(self, info: Info, institution_id: strawberry.ID | None = None) -> list[PartnershipNode]:
        found = await _run(info, domain.list_partnerships, [str(institution_id)] if institution_id else [])
        return [PartnershipNode.of(p) for p in found]

    @strawberry.field(permission_classes=[PublicDirectory], description="Jedno partnerstwo z członkami.")
    async def partnership(self, info: Info, id: strawberry.ID) -> PartnershipNode:
        return PartnershipNode.of(await _run(info, domain.get_partnership, str(id)))

    @strawberry.field(permission_classes=[Authenticated], description="Spotkania partnerstwa (dla członków).")
    async def partnership_meetings(self, info: Info, partnership_id: strawberry.ID) -> list[PartnershipMeeting]:
        rows = await _run(info, domain.meetings, _actor(info), str(partnership_id))
        return [_meeting(r) for r in rows]

    @strawberry.field(
        permission_classes=[Authenticated], description="Plan działania z zadaniami po terminie (dla członków)."
    )
    async def partnership_plan(self, info: Info, partnership_id: strawberry.ID) -> ActionPlan:
        return _plan(await _run(info, domain.tasks, _actor(info), str(partnership_id)))

    @strawberry.field(
        permission_classes=[Authenticated], description="Zaufanie i wartość metodą PARTNER (domyślnie ostatnia runda)."
    )
    async def partnership_scores(
        self, info: Info, partnership_id: strawberry.ID, round_id: strawberry.ID | None = None
    ) -> PartnerScores | None:
        s = await _run(info, domain.scores, _actor(info), str(partnership_id), str(round_id) if round_id else None)
        return _scores(s) if s is not None else None


@strawberry.type
class PartnershipsMutation:
    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)],
        description="Utwórz partnerstwo koordynowane przez twoją instytucję.",
    )
    async def create_partnership(
        self,
        info: Info,
        name: str,
        type: PartnershipType,
        founding_document: str | None = None,
        signed: dt.date | None = None,
        legal_basis: str | None = None,
        description: str | None = None,
    ) -> PartnershipNode:
        p = await _run(
            info,
            domain.create_partnership,
            _acting(info),
            name=name,
            type=type,
            founding_document=founding_document,
            signed=signed,
            legal_basis=legal_basis,
            description=description,
        )
        return PartnershipNode.of(p)

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)], description="Zmień dane partnerstwa (koordynator)."
    )
    async def update_partnership(
        self, info: Info, partnership_id: strawberry.ID, changes: PartnershipChanges
    ) -> PartnershipNode:
        given = {
            k: getattr(changes, k)
            for k in domain.PARTNERSHIP_FIELDS
            if getattr(changes, k, strawberry.UNSET) is not strawberry.UNSET
        }
        return PartnershipNode.of(await _run(info, domain.update_partnership, _actor(info), str(partnership_id), given))

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)],
        description="Zaproś instytucję (koordynator); członkiem zostaje po akceptacji jej administratora.",
    )
    async def invite_to_partnership(
        self, info: Info, partnership_id: strawberry.ID, institution_id: strawberry.ID, role: str | None = None
    ) -> PartnershipMember:
        return PartnershipMember.of(
            await _run(info, domain.invite, _actor(info), str(partnership_id), str(institution_id), role)
        )

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)],
        description="Zgłoś przystąpienie twojej instytucji (koordynator zatwierdza).",
    )
    async def request_to_join_partnership(
        self, info: Info, partnership_id: strawberry.ID, role: str | None = None
    ) -> PartnershipMember:
        return PartnershipMember.of(await _run(info, domain.request_to_join, _acting(info), str(partnership_id), role))

    @strawberry.mutation(
        permission_classes=[RequireRoles(Role.INSTITUTION_ADMIN)],
        description="Przyjmij zaproszenie (administrator instytucji).",
    )
    async def accept_partnership_invitation(self, info: Info, partnership_id: strawberry.ID) -> PartnershipMember:
        return PartnershipMember.of(await _run(info, domain.accept_invitation, _acting(info), str(partnership_id)))

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)], description="Zatwierdź zgłoszenie instytucji (koordynator)."
    )
    async def approve_partnership_request(
        self, info: Info, partnership_id: strawberry.ID, institution_id: strawberry.ID
    ) -> PartnershipMember:
        return PartnershipMember.of(
            await _run(info, domain.approve_request, _actor(info), str(partnership_id), str(institution_id))
        )

    @strawberry.mutation(
        permission_classes=[RequireRoles(Role.INSTITUTION_ADMIN)],
        description="Wystąp z partnerstwa (administrator instytucji).",
    )
    async def leave_partnership(
        self, info: Info, partnership_id: strawberry.ID, until: dt.date | None = None
    ) -> PartnershipMember:
        return PartnershipMember.of(await _run(info, domain.leave, _acting(info), str(partnership_id), until))

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)],
        description="Zapisz spotkanie (koordynator). Bez danych klientów: ciągi jak PESEL są odrzucane.",
    )
    async def record_partnership_meeting(
        self,
        info: Info,
        partnership_id: strawberry.ID,
        held_on: dt.date,
        attendee_ids: list[strawberry.ID],
        agenda: str = "",
        decisions: str = "",
    ) -> PartnershipMeeting:
        row = await _run(
            info,
            domain.record_meeting,
            _actor(info),
            str(partnership_id),
            held_on=held_on,
            attendees=[str(a) for a in attendee_ids],
            agenda=agenda,
            decisions=decisions,
        )
        return _meeting(row)

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)],
        description="Dodaj albo zmień zadanie planu działania (koordynator).",
    )
    async def save_plan_task(
        self,
        info: Info,
        partnership_id: strawberry.ID,
        goal: str,
        title: str,
        responsible_id: strawberry.ID,
        due: dt.date | None = None,
        status: TaskStatus = TaskStatus.PLANNED,
        task_id: strawberry.ID | None = None,
    ) -> PlanTaskNode:
        t = await _run(
            info,
            domain.save_task,
            _actor(info),
            str(partnership_id),
            task_id=str(task_id) if task_id else None,
            goal=goal,
            title=title,
            responsible=str(responsible_id),
            due=due,
            status=status,
        )
        return PlanTaskNode.of(t)

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS, Role.CASEWORKER)],
        description="Zmień stan zadania (instytucja odpowiedzialna albo koordynator).",
    )
    async def set_plan_task_status(self, info: Info, task_id: strawberry.ID, status: TaskStatus) -> PlanTaskNode:
        return PlanTaskNode.of(await _run(info, domain.set_task_status, _actor(info), str(task_id), status))

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)],
        description="Otwórz rundę badania zaufania i wartości (koordynator).",
    )
    async def open_survey_round(
        self, info: Info, partnership_id: strawberry.ID, opened_on: dt.date, closes_on: dt.date | None = None
    ) -> strawberry.ID:
        row = await _run(info, domain.open_round, _actor(info), str(partnership_id), opened_on, closes_on)
        return strawberry.ID(row["id"])

    @strawberry.mutation(
        permission_classes=[RequireRoles(*RUNNERS)],
        description="Oceń partnera w rundzie (1–4 w sześciu pytaniach PARTNER).",
    )
    async def rate_partner(
        self,
        info: Info,
        partnership_id: strawberry.ID,
        round_id: strawberry.ID,
        partner_id: strawberry.ID,
        rating: PartnerRatingInput,
    ) -> strawberry.ID:
        items = {k: getattr(rating, k) for k in (*domain.TRUST_ITEMS, *domain.VALUE_ITEMS)}
        row = await _run(
            info, domain.rate_partner, _acting(info), str(partnership_id), str(round_id), str(partner_id), items
        )
        return strawberry.ID(row["id"])
