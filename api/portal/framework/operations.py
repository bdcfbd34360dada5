"""Named GraphQL operations executed with the caller's identity.

Every ``*.graphql`` file under ``api/portal/`` (kept beside the page that uses
it) is parsed once; operation names are unique across the portal.  A page runs
one by name::

    data = await query(request, "SearchServices", {"text": "terapia"})
    outcome = await mutate(request, "SetFreePlaces", {...})

The operation runs against the application's strawberry schema with a
:class:`~api.graphql.context.Context` built from the portal session – the same
permission classes, object-level checks, audit and suppression as ``/graphql``
– so a page can never show what the API would refuse.

:func:`query` turns every error into a page: not logged in → the login page,
``FORBIDDEN`` → 403, ``NOT_FOUND`` → 404, bad input → 400, store down → 503.
:func:`mutate` returns the user-facing errors (rule violations, invalid fields)
in an :class:`Outcome` so the form can show them beside the field; access
errors still become pages.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, parse
from starlette.requests import Request

from api.graphql.context import Context
from api.graphql.schema import build_schema
from api.observability import current_request_id
from api.portal.framework.errors import LoginRequired, PortalError
from api.portal.framework.session import session_of
from api.security import security_config

__all__ = ["Outcome", "query", "mutate", "operations", "PORTAL_ROOT", "operation_files"]

PORTAL_ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("kooperacja.portal")


@dataclass(frozen=True)
class Outcome:
    """Result of a mutation: ``data`` or Polish ``errors`` (``fields``: field → message)."""

    data: dict[str, Any] | None
    errors: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.fields


def operation_files() -> list[Path]:
    return sorted(PORTAL_ROOT.rglob("*.graphql"))


@functools.lru_cache(maxsize=1)
def operations() -> dict[str, str]:
    """Operation name → the text of the document defining it (fragments included)."""
    found: dict[str, str] = {}
    for path in operation_files():
        text = path.read_text(encoding="utf-8")
        for definition in parse(text).definitions:
            if isinstance(definition, OperationDefinitionNode):
                if definition.name is None:
                    raise ValueError(f"{path}: every portal operation needs a name")
                name = definition.name.value
                if name in found:
                    raise ValueError(f"{path}: operation {name} is defined twice in the portal")
                found[name] = text
    return found


def _context(request: Request) -> Context:
    app = request.app
    ctx = Context(
        store=app.state.store,
        principal=session_of(request).principal,
        request_id=current_request_id() or "-",
        settings=app.state.settings,
        security=security_config(request),
    )
    ctx.request = request  # the clients runtime is found through request.app.state
    return ctx


async def _execute(request: Request, name: str, variables: dict[str, Any] | None) -> Any:
    document = operations().get(name)
    if document is None:
        raise KeyError(f"no portal operation named {name}")
    if getattr(request.app.state, "store", None) is None:
        raise PortalError(503)
    schema = build_schema(development=request.app.state.settings.development)
    return await schema.execute(
        document, variable_values=variables or {}, context_value=_context(request), operation_name=name
    )


def _codes(errors: list[Any]) -> list[str]:
    return [str((e.extensions or {}).get("code", "")) for e in errors]


def _raise_access(request: Request, name: str, errors: list[Any]) -> None:
    codes = _codes(errors)
    if "UNAUTHENTICATED" in codes:
        raise LoginRequired(expired=session_of(request).expired)
    if "FORBIDDEN" in codes:
        raise PortalError(403)
    if any("UNAVAILABLE" in c or "TIMEOUT" in c for c in codes):
        raise PortalError(503)
    if "INTERNAL_SERVER_ERROR" in codes or "GRAPHQL_VALIDATION_FAILED" in codes or "GRAPHQL_PARSE_FAILED" in codes:
        # a portal document that no longer matches the schema is our bug, not the user's
        log.error("portal operation failed", extra={"operation": name, "codes": codes})
        raise PortalError(500)
    if "" in codes:
        # variable coercion / validation: a forged or malformed form field
        raise PortalError(400)


async def query(request: Request, name: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run a query; any error becomes the matching Polish error page."""
    result = await _execute(request, name, variables)
    if result.errors:
        _raise_access(request, name, result.errors)
        codes = _codes(result.errors)
        if "NOT_FOUND" in codes:
            raise PortalError(404)
        if "BAD_USER_INPUT" in codes or "BAD_REQUEST" in codes or "RULE_VIOLATION" in codes:
            raise PortalError(400, hint=result.errors[0].message)
        log.warning("portal operation refused", extra={"operation": name, "codes": codes})
        raise PortalError(400)
    return dict(result.data or {})


async def mutate(request: Request, name: str, variables: dict[str, Any] | None = None) -> Outcome:
    """Run a mutation; user-facing errors come back in the :class:`Outcome`."""
    result = await _execute(request, name, variables)
    if not result.errors:
        return Outcome(data=dict(result.data or {}))
    _raise_access(request, name, result.errors)
    codes = _codes(result.errors)
    if "NOT_FOUND" in codes and all(c == "NOT_FOUND" for c in codes):
        raise PortalError(404)
    messages: list[str] = []
    fields: dict[str, str] = {}
    for error in result.errors:
        ext = error.extensions or {}
        listed = ext.get("fields") or []
        for item in listed:
            name = str(item.get("field") or "").split(".")[-1].split("[")[0]
            if name.isidentifier():
                fields[name] = str(item.get("message", ""))
            else:  # a rule about the whole object (e.g. free places above capacity)
                messages.append(str(item.get("message", "")))
        if not listed:
            messages.append(error.message)
    return Outcome(data=dict(result.data or {}) or None, errors=messages, fields=fields, codes=codes)
