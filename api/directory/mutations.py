"""Mutations of an institution's own directory entries.

Every mutation names the institution it changes (``institutionId``) and is
guarded by :class:`CanEditInstitution`, so access rules can be decided per
institution in one place.  Until the clients issue brings roles, only the
administrator token passes.  Validation errors come back in Polish naming
the (GraphQL, camelCase) field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from api.directory import loaders
from api.directory import types as t
from api.security import AdminOnly, Role
from graph.enums import CooperationKind, ServiceStatus
from graph.errors import ModelValidationError
from queries.directory import writes

__all__ = ["DirectoryMutation", "CanEditInstitution"]

R = TypeVar("R")
Info = t.Info


class CanEditInstitution(AdminOnly):
    """May the caller change the entries of ``institutionId``?

    A system administrator, or an ``institution_admin`` of that very
    institution (the mutation's ``institution_id`` argument is in ``kwargs``).
    """

    message = "Brak uprawnień do zmiany wpisów tej instytucji."

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal.is_admin:
            return True
        target = kwargs.get("institution_id")
        own = principal.institution_id
        return principal.has_role(Role.INSTITUTION_ADMIN) and own is not None and str(target) == own


def _camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda mt: mt.group(1).upper(), name)


def _graphql_fields(exc: ModelValidationError) -> ModelValidationError:
    return ModelValidationError(exc.entity, [(_camel(loc), msg) for loc, msg in exc.errors])


async def _write(info: Info, fn: Callable[..., R], *args: Any) -> R:
    try:
        return await info.context.run(fn, info.context.store, *args)
    except ModelValidationError as exc:
        raise _graphql_fields(exc) from None


def _given(obj: Any, names: frozenset[str]) -> dict[str, Any]:
    """Fields the client sent (``UNSET`` ones left out; ``null`` kept to clear a field)."""
    out = {}
    for name in names:
        value = getattr(obj, name, strawberry.UNSET)
        if value is not strawberry.UNSET:
            out[name] = value
    return out


def _forget(info: Info, factory: Callable[..., Any], key: str) -> Any:
    """Drop ``key`` from the request's loader cache (strawberry raises when it is absent)."""
    loader = info.context.loader(factory)
    with contextlib.suppress(KeyError):
        loader.clear(key)
    return loader


async def _fresh_institution(info: Info, institution_id: str) -> t.Institution:
    _forget(info, loaders.institutions_by_id, institution_id)
    found = await t.load_institution(info.context, institution_id)
    assert found is not None
    return found


@strawberry.input(description="Zmiany profilu instytucji (pominięte pola bez zmian, null czyści pole).")
class InstitutionProfileInput:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    street: str | None = strawberry.UNSET
    postal_code: str | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    lat: float | None = strawberry.UNSET
    lon: float | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    www: str | None = strawberry.UNSET


@strawberry.input(description="Nowa usługa (bez id) albo zmiany usługi (z id); pominięte pola bez zmian.")
class ServiceInput:
    id: strawberry.ID | None = None
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    status: ServiceStatus | None = strawberry.UNSET
    eligibility: str | None = strawberry.UNSET
    min_age: int | None = strawberry.UNSET
    max_age: int | None = strawberry.UNSET
    languages: list[str] | None = strawberry.UNSET
    cost: str | None = strawberry.UNSET
    schedule: str | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET
    free_places: int | None = strawberry.UNSET
    legal_basis: str | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    categories: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Zastępuje kategorie usługi (pominięte: bez zmian)."
    )
    target_groups: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Zastępuje grupy docelowe usługi (pominięte: bez zmian)."
    )


@strawberry.input(description="Kompetencja instytucji i liczba osób, które ją mają.")
class CompetenceInput:
    competence_id: strawberry.ID
    staff: int = 1


@strawberry.type
class DirectoryMutation:
    @strawberry.mutation(permission_classes=[CanEditInstitution], description="Zmień profil instytucji.")
    async def update_institution_profile(
        self, info: Info, institution_id: strawberry.ID, profile: InstitutionProfileInput
    ) -> t.Institution:
        await _write(
            info, writes.update_institution_profile, str(institution_id), _given(profile, writes.PROFILE_FIELDS)
        )
        return await _fresh_institution(info, str(institution_id))

    @strawberry.mutation(
        permission_classes=[CanEditInstitution], description="Dodaj usługę instytucji albo zmień istniejącą."
    )
    async def save_service(self, info: Info, institution_id: strawberry.ID, service: ServiceInput) -> t.Service:
        categories = [str(c) for c in service.categories] if service.categories is not None else None
        groups = [str(g) for g in service.target_groups] if service.target_groups is not None else None
        sid = await _write(
            info,
            writes.save_service,
            str(institution_id),
            str(service.id) if service.id is not None else None,
            _given(service, writes.SERVICE_FIELDS),
            categories,
            groups,
        )
        return await _fresh_service(info, sid)

    @strawberry.mutation(
        permission_classes=[CanEditInstitution], description="Ustaw liczbę miejsc i wolnych miejsc usługi."
    )
    async def set_service_capacity(
        self,
        info: Info,
        institution_id: strawberry.ID,
        service_id: strawberry.ID,
        capacity: int | None,
        free_places: int | None,
    ) -> t.Service:
        changes = {"capacity": capacity, "free_places": free_places}
        await _write(info, writes.save_service, str(institution_id), str(service_id), changes, None, None)
        return await _fresh_service(info, str(service_id))

    @strawberry.mutation(
        permission_classes=[CanEditInstitution], description="Zastąp listę kompetencji kadry instytucji."
    )
    async def set_institution_competences(
        self, info: Info, institution_id: strawberry.ID, competences: list[CompetenceInput]
    ) -> t.Institution:
        items = [(str(c.competence_id), c.staff) for c in competences]
        await _write(info, writes.set_competences, str(institution_id), items)
        _forget(info, loaders.competences_of_institution, str(institution_id))
        return await _fresh_institution(info, str(institution_id))

    @strawberry.mutation(
        permission_classes=[CanEditInstitution], description="Zadeklaruj (lub zmień) współpracę z inną instytucją."
    )
    async def declare_cooperation(
        self,
        info: Info,
        institution_id: strawberry.ID,
        partner_id: strawberry.ID,
        kind: CooperationKind = CooperationKind.OTHER,
        since: dt.date | None = None,
        rating: int | None = None,
    ) -> t.Institution:
        await _write(info, writes.declare_cooperation, str(institution_id), str(partner_id), kind, since, rating)
        _forget(info, loaders.partners_of_institution, str(institution_id))
        return await _fresh_institution(info, str(institution_id))

    @strawberry.mutation(
        permission_classes=[CanEditInstitution],
        description="Wycofaj zadeklarowaną współpracę; false, gdy jej nie było.",
    )
    async def withdraw_cooperation(self, info: Info, institution_id: strawberry.ID, partner_id: strawberry.ID) -> bool:
        removed = await _write(info, writes.withdraw_cooperation, str(institution_id), str(partner_id))
        _forget(info, loaders.partners_of_institution, str(institution_id))
        return removed


async def _fresh_service(info: Info, service_id: str) -> t.Service:
    _forget(info, loaders.services_by_id, service_id)
    found = await t.load_service(info.context, service_id)
    assert found is not None
    return found
