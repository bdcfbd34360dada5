"""Per-request DataLoaders of the clients domain, all bound to the request's caller.

Each factory builds its loader from the request context, so the cache lives
exactly as long as one request and only ever holds what that caller may see
(every batch runs a scoped ``clients_*`` query through
:class:`~graph.clients.service.ClientsService`).  Use them as
``info.context.loader(client_by_id)``.
"""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.clients.runtime import service_for
from api.graphql.context import Context
from graph.clients.models import ClientView, ConsentView, ParticipantView, PlanView, ReferralView

__all__ = [
    "client_by_id",
    "referral_by_id",
    "plan_by_id",
    "referrals_of_client",
    "plans_of_client",
    "consents_of_client",
    "participants_of_plan",
]


def client_by_id(ctx: Context) -> DataLoader[str, ClientView | None]:
    async def load(ids: list[str]) -> list[ClientView | None]:
        found = await ctx.run(service_for(ctx).clients, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def referral_by_id(ctx: Context) -> DataLoader[str, ReferralView | None]:
    async def load(ids: list[str]) -> list[ReferralView | None]:
        found = await ctx.run(service_for(ctx).referrals, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def plan_by_id(ctx: Context) -> DataLoader[str, PlanView | None]:
    async def load(ids: list[str]) -> list[PlanView | None]:
        found = await ctx.run(service_for(ctx).plans, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def referrals_of_client(ctx: Context) -> DataLoader[str, list[ReferralView]]:
    async def load(ids: list[str]) -> list[list[ReferralView]]:
        found = await ctx.run(service_for(ctx).referrals_of, ids)
        return [found.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


def plans_of_client(ctx: Context) -> DataLoader[str, list[PlanView]]:
    async def load(ids: list[str]) -> list[list[PlanView]]:
        found = await ctx.run(service_for(ctx).plans_of, ids)
        return [found.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


def consents_of_client(ctx: Context) -> DataLoader[str, list[ConsentView]]:
    async def load(ids: list[str]) -> list[list[ConsentView]]:
        found = await ctx.run(service_for(ctx).consents_of, ids)
        return [found.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


def participants_of_plan(ctx: Context) -> DataLoader[str, list[ParticipantView]]:
    async def load(ids: list[str]) -> list[list[ParticipantView]]:
        found = await ctx.run(service_for(ctx).participants_of, ids)
        return [found.get(i, []) for i in ids]

    return DataLoader(load_fn=load)
