"""DataLoader factories of the directory (one store call per batch, created per request).

Use them through the request context: ``info.context.loader(institutions_by_id)``.
Each batch function runs ONE named query (two for partners) for all the keys
collected in an event-loop tick, so a nested GraphQL query costs a bounded
number of store calls whatever the number of rows.

The loaders return store rows, never GraphQL objects: :mod:`api.directory.types`
builds its objects from them (``Institution.from_row``…) and uses these loaders in
its resolvers, so the dependency runs one way only (types → loaders).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.graphql.context import Context
from graph.store.protocol import Row, Tx

__all__ = [
    "PartnerRows",
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


def _one_per_key(ctx: Context, query: str, param: str, key: str) -> DataLoader[str, Row | None]:
    async def load(keys: list[str]) -> list[Row | None]:
        rows = await ctx.run(ctx.store.query, query, {param: list(keys)})
        found = {r[key]: r for r in rows}
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def _many_per_key(ctx: Context, query: str, key: str) -> DataLoader[str, list[Row]]:
    async def load(keys: list[str]) -> list[list[Row]]:
        rows = await ctx.run(ctx.store.query, query, {"ids": list(keys)})
        grouped: dict[str, list[Row]] = defaultdict(list)
        for r in rows:
            grouped[r[key]].append(r)
        return [grouped.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def institutions_by_id(ctx: Context) -> DataLoader[str, Row | None]:
    return _one_per_key(ctx, "directory_institutions_by_id", "ids", "id")


def services_by_id(ctx: Context) -> DataLoader[str, Row | None]:
    return _one_per_key(ctx, "directory_services_by_id", "ids", "id")


def services_of_institution(ctx: Context) -> DataLoader[str, list[Row]]:
    async def load(keys: list[str]) -> list[list[Row]]:
        rows = await ctx.run(ctx.store.query, "directory_services_of_institutions", {"ids": list(keys)})
        grouped: dict[str, list[Row]] = defaultdict(list)
        by_id = ctx.loader(services_by_id)
        for r in rows:
            grouped[r["institution"]].append(r)
            by_id.prime(r["id"], r)
        return [grouped.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def categories_of_service(ctx: Context) -> DataLoader[str, list[Row]]:
    return _many_per_key(ctx, "directory_service_categories", "service")


def target_groups_of_service(ctx: Context) -> DataLoader[str, list[Row]]:
    return _many_per_key(ctx, "directory_service_target_groups", "service")


def competences_of_institution(ctx: Context) -> DataLoader[str, list[Row]]:
    return _many_per_key(ctx, "directory_institution_competences", "institution")


def served_territories_of_institution(ctx: Context) -> DataLoader[str, list[Row]]:
    return _many_per_key(ctx, "directory_served_territories", "institution")


def territories_by_teryt(ctx: Context) -> DataLoader[str, Row | None]:
    return _one_per_key(ctx, "directory_territories_by_teryt", "teryts", "teryt")


@dataclass
class PartnerRows:
    """One partner of an institution: the declared ties and the shared partnerships."""

    partner_id: str
    ties: list[Row] = field(default_factory=list)
    partnerships: list[Row] = field(default_factory=list)


def _partner_rows(ids: Sequence[str]) -> Callable[[Tx], tuple[list[Row], list[Row]]]:
    def work(tx: Tx) -> tuple[list[Row], list[Row]]:
        params = {"ids": list(ids)}
        return tx.run("directory_ties", params), tx.run("directory_shared_partnerships", params)

    return work


def partners_of_institution(ctx: Context) -> DataLoader[str, list[PartnerRows]]:
    """Declared ties (both directions) and shared partnerships, merged per partner."""

    async def load(keys: list[str]) -> list[list[PartnerRows]]:
        ties, shared = await ctx.run(ctx.store.read, _partner_rows(keys))
        merged: dict[str, dict[str, PartnerRows]] = defaultdict(dict)
        for r in ties:
            merged[r["institution"]].setdefault(r["partner"], PartnerRows(r["partner"])).ties.append(r)
        for r in shared:
            merged[r["institution"]].setdefault(r["partner"], PartnerRows(r["partner"])).partnerships.append(r)
        return [[p for _, p in sorted(merged.get(k, {}).items())] for k in keys]

    return DataLoader(load_fn=load)
