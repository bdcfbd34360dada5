"""The typed per-request GraphQL context.

Everything a resolver may use comes from here: the store, the caller
(:class:`~api.security.Principal`), the request id, and DataLoaders.  Loaders
are created lazily *per request* (never shared between requests, so one
caller's cached objects cannot leak into another's response) by
:meth:`Context.loader`, keyed by the factory function that builds them::

    def institutions_by_id(ctx: Context) -> DataLoader[str, Institution | None]:
        async def load(ids: list[str]) -> list[Institution | None]:
            rows = await ctx.run(ctx.store.query, "directory_institutions_by_id", {"ids": ids})
            ...
        return DataLoader(load_fn=load)

    inst = await info.context.loader(institutions_by_id).load("gops-lubianka")

Store calls block, so resolvers run them through :meth:`Context.run`, which
moves them off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
from fastapi import Depends, Request
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from api.deps import get_settings, get_store
from api.observability import current_request_id
from api.security import Principal, SecurityConfig, get_principal, security_config
from graph.config import Settings
from graph.store.protocol import Store

__all__ = ["Context", "get_context", "LoaderFactory"]

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")

LoaderFactory = Callable[["Context"], DataLoader[Any, Any]]


class Context(BaseContext):
    """Per-request context; build it with :func:`get_context` (or directly in tests)."""

    def __init__(
        self,
        *,
        store: Store,
        principal: Principal,
        request_id: str,
        settings: Settings,
        security: SecurityConfig,
    ) -> None:
        super().__init__()
        self.store = store
        self.principal = principal
        self.request_id = request_id
        self.settings = settings
        self.security = security
        self._loaders: dict[Callable[..., Any], DataLoader[Any, Any]] = {}

    def loader(self, factory: Callable[[Context], DataLoader[K, V]]) -> DataLoader[K, V]:
        """The request's DataLoader built by ``factory`` (created on first use)."""
        found = self._loaders.get(factory)
        if found is None:
            found = factory(self)
            self._loaders[factory] = found
        return found

    async def run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Run a blocking call (a store query) in a worker thread."""
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs))


async def get_context(
    request: Request,
    store: Store = Depends(get_store),  # noqa: B008 - FastAPI dependency
    settings: Settings = Depends(get_settings),  # noqa: B008
    principal: Principal = Depends(get_principal),  # noqa: B008
) -> Context:
    """FastAPI dependency building the GraphQL context of one request."""
    return Context(
        store=store,
        principal=principal,
        request_id=current_request_id() or "-",
        settings=settings,
        security=security_config(request),
    )
