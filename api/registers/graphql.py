"""GraphQL of voivode registers: institutions of a register with their validity
(retired homes included) and the per-edition time series of places and free places."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from api.security import PublicDirectory
from graph import model as m
from graph.store.protocol import Store
from graph.writer import get_nodes

__all__ = ["RegistersQuery"]

_MAX_POINTS = 5_000


@strawberry.type(description="Liczby jednej usługi w jednym wydaniu rejestru.")
class OccupancyPoint:
    service_id: strawberry.ID
    as_of: dt.date = strawberry.field(description="Stan na dzień (data wydania rejestru).")
    places: int | None = strawberry.field(description="Liczba miejsc (brak = rejestr jej nie podaje).")
    residents: int | None = strawberry.field(description="Liczba mieszkańców.")
    free_places: int | None = strawberry.field(description="Wolne miejsca.")
    waiting: int | None = strawberry.field(description="Liczba osób oczekujących.")


@strawberry.type(description="Instytucja z rejestru wojewody z okresem obecności w rejestrze.")
class RegisterInstitution:
    id: strawberry.ID
    name: str
    gmina: str | None
    valid_from: dt.date | None = strawberry.field(description="Pierwsze wydanie rejestru, w którym występuje.")
    valid_to: dt.date | None = strawberry.field(description="Pierwsze wydanie, w którym już jej nie ma (wycofana).")

    @strawberry.field(description="Czy instytucja została wycofana z rejestru.")
    def retired(self) -> bool:
        return self.valid_to is not None


def _institutions(store: Store, register: str, include_retired: bool) -> list[RegisterInstitution]:
    ids = sorted({r["institution"] for r in store.query("register_occupancy", {"register": register})})
    nodes = get_nodes(store, m.Institution, ids)
    return [
        RegisterInstitution(
            id=strawberry.ID(n.id), name=n.name, gmina=n.gmina, valid_from=n.valid_from, valid_to=n.valid_to
        )
        for n in sorted(nodes, key=lambda n: n.name)
        if include_retired or n.valid_to is None
    ]


def _history(store: Store, institution: str) -> list[OccupancyPoint]:
    rows = store.query("register_history", {"institution": institution})[:_MAX_POINTS]
    return [
        OccupancyPoint(
            service_id=strawberry.ID(r["service"]),
            as_of=_date(r["as_of"]),
            places=r["places"],
            residents=r["residents"],
            free_places=r["free_places"],
            waiting=r["waiting"],
        )
        for r in rows
    ]


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@strawberry.type
class RegistersQuery:
    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Instytucje rejestru wojewody (np. dps-malopolskie), także wycofane.",
    )
    async def register_institutions(
        self,
        info: Info,
        register: Annotated[str, strawberry.argument(description="Rejestr, np. dps-malopolskie.")],
        include_retired: Annotated[bool, strawberry.argument(description="Także wycofane z rejestru.")] = True,
    ) -> list[RegisterInstitution]:
        return await info.context.run(_institutions, info.context.store, register[:80], include_retired)

    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Historia miejsc i wolnych miejsc instytucji według wydań rejestru.",
    )
    async def register_history(self, info: Info, institution: strawberry.ID) -> list[OccupancyPoint]:
        return await info.context.run(_history, info.context.store, str(institution)[:120])
