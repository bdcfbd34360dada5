"""Logging in and out with the existing accounts (``kooperacja users add``).

The login form checks the password with :class:`api.auth.tokens.Authenticator`
(the same accounts, argon2 hashes and tokens as ``POST /auth/token``) and keeps
the issued token in the session cookie.  A form that was posted after the
session expired arrives here with its fields (``replay``); after logging in the
user gets the same form back, filled in, to send again.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.auth.routes import LOGIN_FAILED, guarded_login
from api.portal.framework.login import REPLAY_PREFIX, login_page, safe_next
from api.portal.framework.render import page
from api.portal.framework.routing import checked_form, portal_router
from api.portal.framework.session import clear_session, session_of, set_session

__all__ = ["router", "login_page"]

router = portal_router()

#: What a role is sent to after logging in when no page was asked for.
HOME_BY_ROLE = {"caseworker": "/sprawy", "institution_admin": "/moja-instytucja"}


@router.get("/logowanie")
async def login_form(request: Request, next: str = "/", wygasla: str = "") -> Response:
    return login_page(request, next_url=next, expired=bool(wygasla))


@router.post("/logowanie")
async def login(request: Request) -> Response:
    form = await checked_form(request)
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    next_url = safe_next(str(form.get("next") or "/"))
    replay = [(k[len(REPLAY_PREFIX) :], str(v)) for k, v in form.multi_items() if k.startswith(REPLAY_PREFIX)]
    auth = request.app.state.auth
    try:  # the same throttles and hashing pool as POST /auth/token (issue 16)
        issued = await guarded_login(request, username, password) if username and password else None
    except HTTPException as exc:  # too many failures (429) or too many logins at once (503)
        refused = login_page(
            request, next_url=next_url, replay=replay, error=str(exc.detail), username=username, status=exc.status_code
        )
        refused.headers.update(exc.headers or {})
        return refused
    if issued is None:
        return login_page(request, next_url=next_url, replay=replay, error=LOGIN_FAILED, username=username, status=401)
    principal = auth.principal(issued.access_token)
    response: Response
    if replay:
        response = page(
            request,
            "pages/login/resubmit.html",
            {"action": next_url, "fields": replay},
            title="Dokończ wysyłanie formularza",
            private=True,
        )
    else:
        if next_url == "/" and principal is not None:
            next_url = HOME_BY_ROLE.get(str(principal.role), "/")
        response = RedirectResponse(next_url, status_code=303)
    set_session(request, response, issued.access_token, issued.expires_in)
    return response


@router.post("/wylogowanie")
async def logout(request: Request) -> Response:
    await checked_form(request)
    session_of(request)
    response = RedirectResponse("/", status_code=303)
    clear_session(request, response)
    return response
