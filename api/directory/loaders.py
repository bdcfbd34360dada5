"""DataLoader factories of the directory (one store call per batch, created per request).

Use them through the request context: ``info.context.loader(institutions_by_id)``.
Each batch function runs ONE named query (two for partners) for all the keys
collected in an event-loop tick, so a nested GraphQL query costs a bounded
number of store calls whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from api.directory import types as t
from api.graphql.context import Context
from graph.store.protocol import Row, Tx

__all__ = [
    "institutions_by_id",
    "services_by_id",
    "services_of_institution",
    "categories_of_service",
    "target_groups_of_service",
    "partners_of_institution",
    "competences_of_institution",
    "served_territories_of_institution",
    "territories_by_teryt",
]

V = TypeVar("V")


def _one_per_key(
    ctx: Context, query: str, param: str, key: str, build: Callable[[Row], V]
) -> DataLoader[str, V | None]:
    async def load(keys: list[str]) -> list[V | None]:
        rows = await ctx.run(ctx.store.query, query, {param: list(keys)})
        found = {r[key]: build(r) for r in rows}
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def _many_per_key(
    ctx: Context, query: str, key: str, build: Callable[[Row], V]
) -> DataLoader[str, list[V]]:
    async def load(keys: list[str]) -> list[list[V]]:
        rows = await ctx.run(ctx.store.query, query, {"ids": list(keys)})
        grouped: dict[str, list[V]] = defaultdict(list)
        for r in rows:
            grouped[r[key]].append(build(r))
        return [grouped.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def institutions_by_id(ctx: Context) -> DataLoader[str, t.Institution | None]:
    return _one_per_key(ctx, "directory_institutions_by_id", "ids", "id", t.Institution.from_row)


def services_by_id(ctx: Context) -> DataLoader[str, t.Service | None]:
    return _one_per_key(ctx, "directory_services_by_id", "ids", "id", t.Service.from_row)


def services_of_institution(ctx: Context) -> DataLoader[str, list[t.Service]]:
    async def load(keys: list[str]) -> list[list[t.Service]]:
        rows = await ctx.run(ctx.store.query, "directory_services_of_institutions", {"ids": list(keys)})
        grouped: dict[str, list[t.Service]] = defaultdict(list)
        by_id = ctx.loader(services_by_id)
        for r in rows:
            service = t.Service.from_row(r)
            grouped[r["institution"]].append(service)
            by_id.prime(service.id, service)
        return [grouped.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def categories_of_service(ctx: Context) -> DataLoader[str, list[t.Category]]:
    return _many_per_key(ctx, "directory_service_categories", "service", t.Category.from_row)


def target_groups_of_service(ctx: Context) -> DataLoader[str, list[t.TargetGroup]]:
    return _many_per_key(ctx, "directory_service_target_groups", "service", t.TargetGroup.from_row)


def competences_of_institution(ctx: Context) -> DataLoader[str, list[t.InstitutionCompetence]]:
    return _many_per_key(ctx, "directory_institution_competences", "institution", t.InstitutionCompetence.from_row)


def served_territories_of_institution(ctx: Context) -> DataLoader[str, list[t.ServedTerritory]]:
    return _many_per_key(ctx, "directory_served_territories", "institution", t.ServedTerritory.from_row)


def territories_by_teryt(ctx: Context) -> DataLoader[str, t.Territory | None]:
    return _one_per_key(ctx, "directory_territories_by_teryt", "teryts", "teryt", t.Territory.from_row)


def _partner_rows(ids: Sequence[str]) -> Callable[[Tx], tuple[list[Row], list[Row]]]:
    def work(tx: Tx) -> tuple[list[Row], list[Row]]:
        params = {"ids": list(ids)}
        return tx.run("directory_ties", params), tx.run("directory_shared_partnerships", params)

    return work


def partners_of_institution(ctx: Context) -> DataLoader[str, list[t.Partner]]:
    """Declared ties (both directions) and shared partnerships, merged per partner."""

    async def load(keys: list[str]) -> list[list[t.Partner]]:
        ties, shared = await ctx.run(ctx.store.read, _partner_rows(keys))
        merged: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for r in ties:
            entry = merged[r["institution"]].setdefault(r["partner"], {"ties": [], "partnerships": []})
            entry["ties"].append(t.CooperationTie.from_row(r))
        for r in shared:
            entry = merged[r["institution"]].setdefault(r["partner"], {"ties": [], "partnerships": []})
            entry["partnerships"].append(t.Partnership.from_row(r))
        out = []
        for k in keys:
            partners = [
                t.Partner(partner_id=pid, ties=e["ties"], partnerships=e["partnerships"])
                for pid, e in sorted(merged.get(k, {}).items())
            ]
            out.append(partners)
        return out

    return DataLoader(load_fn=load)
