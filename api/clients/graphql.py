"""Root query and mutation fields of the clients workflow (listed in api/graphql/schema.py).

Every field declares its permission classes: client data needs an
authenticated caseworker (and then the store queries scope it to the
caseworker's institution), statistics a coordinator or analyst, erasure the
administrator of the client's institution.  "Not found" and "not yours" both
come back as ``null`` (queries) or the same ``NOT_FOUND`` error (mutations).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import strawberry
from strawberry.permission import BasePermission

from api.audit.log import AuditEvent, Outcome
from api.clients import loaders
from api.clients.enums import (
    Capacity,
    InboxDirection,
    LegalBasis,
    PlanStatus,
    PlanType,
    ReferralOutcome,
    ReferralStatus,
    ReferralStep,
    Sex,
)
from api.clients.runtime import runtime_of, service_for
from api.clients.types import Client, Consent, Info, Plan, Referral, StatTableType
from api.graphql.context import Context  # noqa: F401 - resolves the Info annotation
from api.security import Authenticated, RequireRoles, Role
from graph.clients.base import MAX_PAGE
from graph.clients.erasure import erase_client
from queries import clients_stats as aggregates

__all__ = ["ClientsQuery", "ClientsMutation"]


def audited_roles(*roles: Role) -> type[BasePermission]:
    """:func:`api.security.RequireRoles` that also writes a refusal of a logged-in user to the audit log."""
    base = RequireRoles(*roles)

    class AuditedRoles(base):  # type: ignore[valid-type, misc]
        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            allowed = bool(super().has_permission(source, info, **kwargs))
            principal = info.context.principal
            if not allowed and not principal.anonymous:
                runtime_of(info.context).audit.append(
                    AuditEvent(
                        action=f"field.{info.field_name}",
                        outcome=Outcome.DENIED,
                        actor=principal.user_id,
                        role=None if principal.role is None else str(principal.role),
                        institution=principal.institution_id,
                        purpose="authorization",
                        request_id=info.context.request_id,
                    )
                )
            return allowed

    AuditedRoles.__name__ = AuditedRoles.__qualname__ = f"Audited{base.__name__}"
    return AuditedRoles


CASEWORK: list[type[BasePermission]] = [Authenticated, audited_roles(Role.CASEWORKER)]
STATISTICS: list[type[BasePermission]] = [Authenticated, audited_roles(*(Role(r) for r in aggregates.STAT_ROLES))]
CONTROLLER: list[type[BasePermission]] = [Authenticated, audited_roles(Role.INSTITUTION_ADMIN)]


def _page(limit: int, offset: int) -> tuple[int, int]:
    return min(max(1, limit), MAX_PAGE), max(0, offset)


# ---------------------------------------------------------------- outputs


@strawberry.type(description="Zalogowany użytkownik.")
class Me:
    user_id: str
    role: str
    institution_id: str | None
    territories: list[str]


@strawberry.type(description="Wynik rejestracji: nowy klient albo istniejący o tym samym numerze PESEL.")
class ClientRegistration:
    client: Client
    duplicate: bool = strawberry.field(description="Klient o tym numerze PESEL był już zarejestrowany.")


@strawberry.type(description="Wysłane skierowanie i wynik sprawdzenia wolnych miejsc.")
class ReferralSent:
    referral: Referral
    capacity: Capacity


@strawberry.type(description="Statystyka klientów: według grup docelowych i ogółem, per gmina.")
class ClientStatistics:
    by_target_group: StatTableType
    totals: StatTableType


@strawberry.type(description="Statystyka skierowań per gmina instytucji przyjmującej.")
class ReferralStatistics:
    by_status: StatTableType
    by_outcome: StatTableType


@strawberry.type(description="Wynik usunięcia danych klienta.")
class ErasureResult:
    erased: bool
    referrals: int
    plans: int
    consents: int


# ---------------------------------------------------------------- inputs


@strawberry.input(description="Rejestracja klienta w Twojej instytucji (pseudonim nadaje system).")
class RegisterClientInput:
    birth_year_band: str | None = strawberry.field(default=None, description="Przedział lat urodzenia, np. 1980-1989.")
    sex: Sex | None = None
    target_groups: list[str] = strawberry.field(default_factory=list)
    pesel: str | None = strawberry.field(
        default=None, description="Opcjonalnie: zapisywany wyłącznie jako skrót z kluczem (deduplikacja)."
    )
    residence_gmina: str | None = strawberry.field(
        default=None, description="Gmina zamieszkania lub pobytu (TERYT, 6 cyfr) – wyznacza właściwy OPS/CUS."
    )
    benefit_rights: list[str] = strawberry.field(
        default_factory=list,
        description="Prawa wyłączające zatrudnienie socjalne (art. 1 ust. 3 ustawy o zatrudnieniu socjalnym).",
    )


@strawberry.input(description="Podstawa udostępnienia klienta innej instytucji.")
class ConsentInput:
    client_id: strawberry.ID
    institution_id: strawberry.ID
    basis: LegalBasis
    purpose: str
    scope: list[str] = strawberry.field(default_factory=lambda: ["target_groups"])
    valid_until: dt.date | None = None


@strawberry.input(description="Nowe skierowanie (szkic) z Twojej instytucji.")
class ReferralInput:
    client_id: strawberry.ID
    to_institution_id: strawberry.ID
    service_id: strawberry.ID
    basis: LegalBasis
    step: ReferralStep | None = None
    applicant: str | None = strawberry.field(
        default=None, description="CIS: wnioskodawca – OSOBA albo rodzaj instytucji (art. 12 ust. 1 uzs)."
    )
    opinion_by: strawberry.ID | None = strawberry.field(
        default=None, description="CIS od etapu opinii: OPS/CUS, który zaopiniował wniosek (art. 12 ust. 2 uzs)."
    )


@strawberry.input(description="Instytucja uczestnicząca w planie i podstawa udostępnienia jej danych.")
class ParticipantInput:
    institution_id: strawberry.ID
    role: str
    basis: LegalBasis


@strawberry.input(description="Nowy plan (projekt), za który odpowiada Twoja instytucja.")
class PlanInput:
    client_id: strawberry.ID
    type: PlanType
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    goals: list[str] = strawberry.field(default_factory=list)
    participants: list[ParticipantInput] = strawberry.field(default_factory=list)
    referral_id: strawberry.ID | None = strawberry.field(default=None, description="IPZS: przyjęte skierowanie do CIS.")
    applied_on: dt.date | None = strawberry.field(default=None, description="IPUS: data wniosku.")
    coordination_months: int | None = strawberry.field(
        default=None, description="IPUS: potrzeba koordynacji (miesiące)."
    )
    approved_by: str | None = strawberry.field(default=None, description="IPUS: kto zatwierdził (organizator usług).")
    extension_months: int | None = strawberry.field(default=None, description="IPZS: przedłużenie (miesiące, art. 13).")


def _data(inp: object) -> dict[str, object]:
    return dataclasses.asdict(inp)  # type: ignore[call-overload, no-any-return]


# ---------------------------------------------------------------- queries


@strawberry.type
class ClientsQuery:
    @strawberry.field(permission_classes=[Authenticated], description="Zalogowany użytkownik.")
    def me(self, info: Info) -> Me:
        p = info.context.principal
        return Me(
            user_id=p.user_id or "", role=str(p.role), institution_id=p.institution_id, territories=list(p.territories)
        )

    @strawberry.field(permission_classes=CASEWORK, description="Klient po identyfikatorze (null, gdy niewidoczny).")
    async def client(self, info: Info, id: strawberry.ID) -> Client | None:
        view = await info.context.loader(loaders.client_by_id).load(str(id))
        return None if view is None else Client.from_view(view)

    @strawberry.field(permission_classes=CASEWORK, description="Klienci widoczni dla Twojej instytucji.")
    async def clients(self, info: Info, limit: int = 50, offset: int = 0) -> list[Client]:
        limit, offset = _page(limit, offset)
        views = await info.context.run(service_for(info.context).list_clients, offset, limit)
        return [Client.from_view(v) for v in views]

    @strawberry.field(
        permission_classes=CASEWORK, description="Klienci o tym numerze PESEL wśród widocznych dla Ciebie."
    )
    async def clients_by_pesel(self, info: Info, pesel: str) -> list[Client]:
        views = await info.context.run(service_for(info.context).find_by_pesel, pesel)
        return [Client.from_view(v) for v in views]

    @strawberry.field(
        permission_classes=CASEWORK, description="Skierowanie po identyfikatorze (null, gdy niewidoczne)."
    )
    async def referral(self, info: Info, id: strawberry.ID) -> Referral | None:
        view = await info.context.loader(loaders.referral_by_id).load(str(id))
        return None if view is None else Referral.from_view(view)

    @strawberry.field(permission_classes=CASEWORK, description="Plan po identyfikatorze (null, gdy niewidoczny).")
    async def plan(self, info: Info, id: strawberry.ID) -> Plan | None:
        view = await info.context.loader(loaders.plan_by_id).load(str(id))
        return None if view is None else Plan.from_view(view)

    @strawberry.field(permission_classes=CASEWORK, description="Skrzynka skierowań Twojej instytucji.")
    async def inbox(
        self,
        info: Info,
        direction: InboxDirection = InboxDirection.INCOMING,
        statuses: list[ReferralStatus] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Referral]:
        limit, offset = _page(limit, offset)
        svc = service_for(info.context)
        views = await info.context.run(svc.inbox, direction.value, statuses or [], offset, limit)
        return [Referral.from_view(v) for v in views]

    @strawberry.field(
        permission_classes=CASEWORK, description="Czy usługa ma wolne miejsca (przed wysłaniem skierowania)."
    )
    async def referral_capacity(self, info: Info, service_id: strawberry.ID) -> Capacity | None:
        return await info.context.run(service_for(info.context).capacity, str(service_id))

    @strawberry.field(
        permission_classes=STATISTICS, description="Liczba klientów per gmina i rok (małe liczby ukryte)."
    )
    async def client_statistics(self, info: Info, territory: str, year: int) -> ClientStatistics:
        ctx = info.context
        groups, totals = await ctx.run(
            aggregates.client_statistics,
            ctx.store,
            runtime_of(ctx).audit,
            ctx.principal,
            territory,
            year,
            request_id=ctx.request_id,
        )
        return ClientStatistics(
            by_target_group=StatTableType.from_table(groups), totals=StatTableType.from_table(totals)
        )

    @strawberry.field(permission_classes=STATISTICS, description="Skierowania per gmina: statusy i rezultaty.")
    async def referral_statistics(self, info: Info, territory: str, year: int) -> ReferralStatistics:
        ctx = info.context
        status, outcome = await ctx.run(
            aggregates.referral_statistics,
            ctx.store,
            runtime_of(ctx).audit,
            ctx.principal,
            territory,
            year,
            request_id=ctx.request_id,
        )
        return ReferralStatistics(
            by_status=StatTableType.from_table(status), by_outcome=StatTableType.from_table(outcome)
        )

    @strawberry.field(permission_classes=STATISTICS, description="Przepływy skierowań między instytucjami.")
    async def referral_flows(self, info: Info, territory: str, year: int) -> StatTableType:
        ctx = info.context
        table = await ctx.run(
            aggregates.referral_flows,
            ctx.store,
            runtime_of(ctx).audit,
            ctx.principal,
            territory,
            year,
            request_id=ctx.request_id,
        )
        return StatTableType.from_table(table)


# ---------------------------------------------------------------- mutations


@strawberry.type
class ClientsMutation:
    @strawberry.mutation(permission_classes=CASEWORK, description="Zarejestruj klienta w swojej instytucji.")
    async def register_client(self, info: Info, input: RegisterClientInput) -> ClientRegistration | None:
        view, duplicate = await info.context.run(service_for(info.context).register_client, _data(input))
        return ClientRegistration(client=Client.from_view(view), duplicate=duplicate)

    @strawberry.mutation(permission_classes=CASEWORK, description="Zapisz podstawę udostępnienia klienta instytucji.")
    async def record_consent(self, info: Info, input: ConsentInput) -> Consent | None:
        view = await info.context.run(service_for(info.context).record_consent, _data(input))
        return Consent.from_view(view)

    @strawberry.mutation(permission_classes=CASEWORK, description="Wycofaj zgodę klienta.")
    async def withdraw_consent(self, info: Info, client_id: strawberry.ID, consent_id: strawberry.ID) -> Consent | None:
        view = await info.context.run(service_for(info.context).withdraw_consent, str(client_id), str(consent_id))
        return Consent.from_view(view)

    @strawberry.mutation(permission_classes=CASEWORK, description="Utwórz szkic skierowania.")
    async def create_referral(self, info: Info, input: ReferralInput) -> Referral | None:
        view = await info.context.run(service_for(info.context).create_referral, _data(input))
        return Referral.from_view(view)

    @strawberry.mutation(
        permission_classes=CASEWORK, description="Następny etap procedury (wniosek → opinia → skierowanie)."
    )
    async def advance_referral_step(
        self, info: Info, id: strawberry.ID, step: ReferralStep, opinion_by: strawberry.ID | None = None
    ) -> Referral | None:
        by = None if opinion_by is None else str(opinion_by)
        view = await info.context.run(service_for(info.context).advance_step, str(id), step, by)
        return Referral.from_view(view)

    @strawberry.mutation(
        permission_classes=CASEWORK, description="Wyślij skierowanie (sprawdza wolne miejsca i warunki)."
    )
    async def send_referral(self, info: Info, id: strawberry.ID, accept_waitlist: bool = False) -> ReferralSent | None:
        view, answer = await info.context.run(service_for(info.context).send_referral, str(id), accept_waitlist)
        return ReferralSent(referral=Referral.from_view(view), capacity=answer)

    @strawberry.mutation(
        permission_classes=CASEWORK, description="Zmień status skierowania (kto może – patrz allowedTransitions)."
    )
    async def transition_referral(
        self, info: Info, id: strawberry.ID, status: ReferralStatus, outcome: ReferralOutcome | None = None
    ) -> Referral | None:
        view = await info.context.run(service_for(info.context).transition_referral, str(id), status, outcome)
        return Referral.from_view(view)

    @strawberry.mutation(permission_classes=CASEWORK, description="Popraw rezultat zakończonego skierowania.")
    async def set_referral_outcome(self, info: Info, id: strawberry.ID, outcome: ReferralOutcome) -> Referral | None:
        view = await info.context.run(service_for(info.context).set_outcome, str(id), outcome)
        return Referral.from_view(view)

    @strawberry.mutation(permission_classes=CASEWORK, description="Utwórz plan (kontrakt socjalny, IPZS, IPUS).")
    async def create_plan(self, info: Info, input: PlanInput) -> Plan | None:
        view = await info.context.run(service_for(info.context).create_plan, _data(input))
        return Plan.from_view(view)

    @strawberry.mutation(permission_classes=CASEWORK, description="Zmień status planu.")
    async def set_plan_status(
        self, info: Info, id: strawberry.ID, status: PlanStatus, approved_by: str | None = None
    ) -> Plan | None:
        view = await info.context.run(service_for(info.context).set_plan_status, str(id), status, approved_by)
        return Plan.from_view(view)

    @strawberry.mutation(permission_classes=CASEWORK, description="Dodaj instytucję uczestniczącą w planie.")
    async def add_plan_participant(self, info: Info, plan_id: strawberry.ID, input: ParticipantInput) -> Plan | None:
        view = await info.context.run(service_for(info.context).add_participant, str(plan_id), _data(input))
        return Plan.from_view(view)

    @strawberry.mutation(permission_classes=CONTROLLER, description="Usuń dane klienta (prawo do usunięcia danych).")
    async def erase_client(self, info: Info, id: strawberry.ID) -> ErasureResult | None:
        ctx = info.context
        report = await ctx.run(
            erase_client, ctx.store, runtime_of(ctx).audit, ctx.principal, str(id), request_id=ctx.request_id
        )
        return ErasureResult(erased=True, referrals=report.referrals, plans=report.plans, consents=report.consents)
