"""What the clients domain needs from the running app: the audit log and the PESEL key.

:func:`install` is called once by the app factory; request handlers reach the
runtime through :func:`runtime_of` and get one :class:`ClientsService` per
request (:func:`service_for`), bound to that request's caller.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from api.audit.log import AuditLog
from graph.clients.pesel import load_key
from graph.clients.service import ClientsService

__all__ = ["ClientsRuntime", "install", "runtime_of", "service_for"]


@dataclass
class ClientsRuntime:
    audit: AuditLog
    pesel_key: Callable[[], bytes]

    def close(self) -> None:
        self.audit.close()


def make_runtime(state_dir: Path) -> ClientsRuntime:
    @lru_cache(maxsize=1)
    def key() -> bytes:
        return load_key(state_dir)

    return ClientsRuntime(audit=AuditLog(state_dir / "audit.sqlite3"), pesel_key=key)


def install(app: Any, state_dir: Path) -> ClientsRuntime:
    runtime = make_runtime(state_dir)
    app.state.clients = runtime
    return runtime


def runtime_of(context: Any) -> ClientsRuntime:
    """The runtime of the app serving this GraphQL context (or request)."""
    request = getattr(context, "request", context)
    runtime = getattr(request.app.state, "clients", None)
    if not isinstance(runtime, ClientsRuntime):
        raise RuntimeError("clients runtime not installed (api.clients.runtime.install)")
    return runtime


_SERVICES: weakref.WeakKeyDictionary[Any, ClientsService] = weakref.WeakKeyDictionary()


def service_for(context: Any) -> ClientsService:
    """The request's service (one per GraphQL context, bound to its principal)."""
    found = _SERVICES.get(context)
    if found is None:
        rt = runtime_of(context)
        found = ClientsService(
            context.store, rt.audit, context.principal, request_id=context.request_id, pesel_key=rt.pesel_key
        )
        _SERVICES[context] = found
    return found
