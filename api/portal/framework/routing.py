"""Portal routers: every failure becomes a Polish page, every POST is CSRF-checked.

Create a page's router with :func:`portal_router`; its routes use
:class:`PortalRoute`, which turns

* :class:`PortalError` into ``templates/error.html`` with the status,
* :class:`LoginRequired` into the login page (GET: a redirect that comes back
  to the same URL; POST: the login form carrying the submitted fields, so an
  expired session loses nothing),
* a store outage into the 503 page and anything else into a 500 page with the
  request id – never a traceback.

In a POST handler read the form with ``form = await checked_form(request)``:
it verifies the CSRF token first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.observability import current_request_id
from api.portal.framework.csrf import CSRF_FIELD, check_csrf
from api.portal.framework.errors import LoginRequired, PortalError
from api.portal.framework.session import session_of
from api.security import Principal, Role
from graph.errors import StoreUnavailable

__all__ = [
    "PortalRoute",
    "portal_router",
    "checked_form",
    "require_user",
    "error_page",
    "login_redirect",
    "MAX_FORM_FIELDS",
]

log = logging.getLogger("kooperacja.portal")

MAX_FORM_FIELDS = 200


def error_page(request: Request, error: PortalError) -> Response:
    from api.portal.framework.render import page

    return page(
        request,
        "templates/error.html",
        {"error": error, "request_id": current_request_id() or ""},
        status=error.status,
        title=error.title,
        private=True,
    )


def login_redirect(request: Request, expired: bool) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    suffix = "&wygasla=1" if expired else ""
    return RedirectResponse(f"/logowanie?next={quote(target, safe='')}{suffix}", status_code=303)


async def _login_with_replay(request: Request, expired: bool) -> Response:
    from api.portal.framework.login import login_page

    try:
        form = await request.form(max_fields=MAX_FORM_FIELDS)
        fields = [(k, v) for k, v in form.multi_items() if k != CSRF_FIELD and isinstance(v, str)]
    except Exception:  # noqa: BLE001 - a broken body: nothing to keep, the login page still shows
        fields = []
    return login_page(request, next_url=request.url.path, expired=expired, replay=fields, status=401)


class PortalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except PortalError as exc:
                return error_page(request, exc)
            except LoginRequired as exc:
                if request.method == "POST":
                    return await _login_with_replay(request, exc.expired)
                return login_redirect(request, exc.expired)
            except RequestValidationError:
                return error_page(request, PortalError(400))
            except StoreUnavailable:
                return error_page(request, PortalError(503))
            except Exception:
                log.exception("portal page failed", extra={"route": self.path})
                return error_page(request, PortalError(500))

        return route


def portal_router() -> APIRouter:
    return APIRouter(route_class=PortalRoute, include_in_schema=False)


async def checked_form(request: Request) -> FormData:
    """The submitted form after the CSRF check (403 page when it fails)."""
    try:
        form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    except Exception as exc:  # malformed body, too many fields
        raise PortalError(400) from exc
    token = form.get(CSRF_FIELD)
    check_csrf(request, token if isinstance(token, str) else None)
    return form


def require_user(request: Request, *roles: Role) -> Principal:
    """The logged-in caller with one of ``roles`` (any role when none given)."""
    session = session_of(request)
    if session.principal.anonymous:
        raise LoginRequired(expired=session.expired)
    if roles and session.principal.role not in roles:
        raise PortalError(403)
    return session.principal
