"""GraphQL types of the clients workflow, built only from scoped views.

Edges (a client's referrals, a referral's client…) go through the request's
scoped DataLoaders, so an edge can never show more than a root lookup would:
the same ``clients_*`` query with the same caller scope answers both.
"""

from __future__ import annotations

import datetime as dt

import strawberry

from api.clients import loaders
from api.clients.enums import (
    LegalBasis,
    PlanStatus,
    PlanType,
    ReferralOutcome,
    ReferralStatus,
    ReferralStep,
    Sex,
)
from api.graphql.context import Context
from graph.clients.models import ClientView, ConsentView, ParticipantView, PlanView, ReferralView
from graph.clients.rules import allowed_transitions
from queries.clients_stats import Cell, StatTable

Info = strawberry.Info[Context, None]

__all__ = [
    "Client",
    "Referral",
    "Plan",
    "Consent",
    "PlanParticipant",
    "StatCellType",
    "StatTableType",
]


def _enum_or_none(enum: type, value: str | None):  # type: ignore[no-untyped-def]
    return None if value is None else enum(value)


@strawberry.type(description="Klient (pseudonim). Widoczny tylko dla instytucji z aktywnym powiązaniem i podstawą.")
class Client:
    id: strawberry.ID
    home_institution_id: str = strawberry.field(description="Instytucja, w której klient jest zarejestrowany.")
    is_home: bool = strawberry.field(description="Czy klient jest zarejestrowany w Twojej instytucji.")
    target_groups: list[str] | None = strawberry.field(
        description="Grupy docelowe (partner widzi je tylko, gdy obejmuje je podstawa udostępnienia)."
    )
    birth_year_band: str | None
    sex: Sex | None
    registered_at: dt.datetime | None = strawberry.field(description="Data rejestracji (tylko instytucja klienta).")

    @classmethod
    def from_view(cls, v: ClientView) -> Client:
        return cls(
            id=strawberry.ID(v.id),
            home_institution_id=v.home_institution_id,
            is_home=v.is_home,
            target_groups=v.target_groups,
            birth_year_band=v.birth_year_band,
            sex=_enum_or_none(Sex, v.sex),
            registered_at=v.registered_at,
        )

    @strawberry.field(description="Skierowania klienta widoczne dla Twojej instytucji (partner: tylko własne).")
    async def referrals(self, info: Info) -> list[Referral]:
        views = await info.context.loader(loaders.referrals_of_client).load(str(self.id))
        return [Referral.from_view(v) for v in views]

    @strawberry.field(
        description="Plany klienta widoczne dla Twojej instytucji (partner: tylko te, w których uczestniczy)."
    )
    async def plans(self, info: Info) -> list[Plan]:
        views = await info.context.loader(loaders.plans_of_client).load(str(self.id))
        return [Plan.from_view(v) for v in views]

    @strawberry.field(description="Podstawy udostępnienia (instytucja klienta: wszystkie; partner: własne).")
    async def consents(self, info: Info) -> list[Consent]:
        views = await info.context.loader(loaders.consents_of_client).load(str(self.id))
        return [Consent.from_view(v) for v in views]


@strawberry.type(description="Skierowanie między instytucjami (cykl życia zgodny z HL7 FHIR Task).")
class Referral:
    id: strawberry.ID
    status: ReferralStatus
    status_label: str
    step: ReferralStep | None
    step_label: str | None
    basis: LegalBasis | None
    basis_label: str | None
    created_at: dt.datetime
    updated_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: ReferralOutcome | None
    outcome_label: str | None
    sender_institution_id: str
    receiver_institution_id: str
    service_id: str | None
    is_sender: bool
    is_receiver: bool
    client_id: strawberry.Private[str]
    applicant: str | None = strawberry.field(default=None, description="CIS: wnioskodawca (art. 12 ust. 1 uzs).")
    opinion_by: str | None = strawberry.field(default=None, description="CIS: OPS/CUS, który zaopiniował wniosek.")
    notified_institution_id: str | None = strawberry.field(
        default=None, description="CIS: OPS/CUS powiadomiony o skierowaniu przez PUP (art. 12 ust. 1 uzs)."
    )

    @classmethod
    def from_view(cls, v: ReferralView) -> Referral:
        step = _enum_or_none(ReferralStep, v.step)
        basis = _enum_or_none(LegalBasis, v.basis)
        outcome = _enum_or_none(ReferralOutcome, v.outcome)
        status = ReferralStatus(v.status)
        return cls(
            id=strawberry.ID(v.id),
            status=status,
            status_label=status.label,
            step=step,
            step_label=None if step is None else step.label,
            basis=basis,
            basis_label=None if basis is None else basis.label,
            created_at=v.created_at,
            updated_at=v.updated_at,
            closed_at=v.closed_at,
            outcome=outcome,
            outcome_label=None if outcome is None else outcome.label,
            sender_institution_id=v.sender_id,
            receiver_institution_id=v.receiver_id,
            service_id=v.service_id,
            is_sender=v.is_sender,
            is_receiver=v.is_receiver,
            applicant=v.applicant,
            opinion_by=v.opinion_by,
            notified_institution_id=v.notified_id,
            client_id=v.client_id,
        )

    @strawberry.field(description="Statusy, na które Twoja instytucja może przenieść skierowanie.")
    def allowed_transitions(self) -> list[ReferralStatus]:
        return allowed_transitions(self.status, sender=self.is_sender, receiver=self.is_receiver)

    @strawberry.field(description="Klient skierowania (w zakresie, który obejmuje Twoja podstawa).")
    async def client(self, info: Info) -> Client | None:
        view = await info.context.loader(loaders.client_by_id).load(self.client_id)
        return None if view is None else Client.from_view(view)


@strawberry.type(description="Instytucja uczestnicząca w planie.")
class PlanParticipant:
    institution_id: str
    role: str | None

    @classmethod
    def from_view(cls, v: ParticipantView) -> PlanParticipant:
        return cls(institution_id=v.institution_id, role=v.role)


@strawberry.type(description="Plan: kontrakt socjalny, IPZS albo IPUS.")
class Plan:
    id: strawberry.ID
    type: PlanType
    type_label: str
    status: PlanStatus
    status_label: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    goals: list[str]
    responsible_institution_id: str
    is_responsible: bool
    client_id: strawberry.Private[str]
    applied_on: dt.date | None = strawberry.field(default=None, description="IPUS: data wniosku.")
    coordination_months: int | None = strawberry.field(default=None, description="IPUS: potrzeba koordynacji.")
    approved_by: str | None = strawberry.field(default=None, description="IPUS: kto zatwierdził.")
    extension_months: int | None = strawberry.field(default=None, description="IPZS: przedłużenie (art. 13 uzs).")

    @classmethod
    def from_view(cls, v: PlanView) -> Plan:
        ptype, status = PlanType(v.type), PlanStatus(v.status)
        return cls(
            id=strawberry.ID(v.id),
            type=ptype,
            type_label=ptype.label,
            status=status,
            status_label=status.label,
            starts_on=v.starts_on,
            ends_on=v.ends_on,
            goals=list(v.goals),
            responsible_institution_id=v.responsible_id,
            is_responsible=v.is_responsible,
            client_id=v.client_id,
            applied_on=v.applied_on,
            coordination_months=v.coordination_months,
            approved_by=v.approved_by,
            extension_months=v.extension_months,
        )

    @strawberry.field(description="Instytucje uczestniczące.")
    async def participants(self, info: Info) -> list[PlanParticipant]:
        views = await info.context.loader(loaders.participants_of_plan).load(str(self.id))
        return [PlanParticipant.from_view(v) for v in views]

    @strawberry.field(description="Klient planu (w zakresie, który obejmuje Twoja podstawa).")
    async def client(self, info: Info) -> Client | None:
        view = await info.context.loader(loaders.client_by_id).load(self.client_id)
        return None if view is None else Client.from_view(view)


@strawberry.type(description="Podstawa udostępnienia danych klienta instytucji: zgoda albo przepis ustawy.")
class Consent:
    id: strawberry.ID
    basis: LegalBasis
    basis_label: str
    purpose: str
    scope: list[str]
    granted_at: dt.datetime
    valid_until: dt.date | None
    withdrawn_at: dt.datetime | None
    institution_id: str = strawberry.field(description="Instytucja, której podstawa pozwala widzieć klienta.")
    active: bool

    @classmethod
    def from_view(cls, v: ConsentView) -> Consent:
        basis = LegalBasis(v.basis)
        return cls(
            id=strawberry.ID(v.id),
            basis=basis,
            basis_label=basis.label,
            purpose=v.purpose,
            scope=list(v.scope),
            granted_at=v.granted_at,
            valid_until=v.valid_until,
            withdrawn_at=v.withdrawn_at,
            institution_id=v.institution_id,
            active=v.active,
        )


# ---------------------------------------------------------------- statistics


@strawberry.type(name="StatCell", description="Komórka statystyki: gmina × kategoria; liczba poniżej progu ukryta.")
class StatCellType:
    gmina: str
    category: str
    count: int | None = strawberry.field(description="Liczba albo null, gdy ukryta (mniej niż próg).")
    display: str = strawberry.field(description='Liczba do wyświetlenia, np. "<5" dla ukrytej.')
    sender_institution_id: str | None = strawberry.field(
        default=None, description="Przepływy: instytucja kierująca (kategoria = instytucja przyjmująca)."
    )

    @classmethod
    def from_cell(cls, c: Cell) -> StatCellType:
        return cls(gmina=c.gmina, category=c.category, count=c.count, display=c.display, sender_institution_id=c.sender)


@strawberry.type(name="StatTable", description="Tabela liczebności z ukryciem małych liczb.")
class StatTableType:
    measure: str
    territory: str
    year: int
    threshold: int
    cells: list[StatCellType]
    published_total: int = strawberry.field(description="Suma opublikowanych komórek (nie prawdziwa suma).")
    suppressed_cells: int

    @classmethod
    def from_table(cls, t: StatTable) -> StatTableType:
        return cls(
            measure=t.measure,
            territory=t.territory,
            year=t.year,
            threshold=t.threshold,
            cells=[StatCellType.from_cell(c) for c in t.cells],
            published_total=t.published_total,
            suppressed_cells=t.suppressed,
        )
