"""The portal's login session: our own access token in an HttpOnly, SameSite=Strict cookie.

The cookie holds the same short-lived JWT that ``POST /auth/token`` issues, so
the portal and the API share one notion of "logged in" (disabling a user or
resetting a password ends both at once).  The token is re-issued when more
than half of its lifetime has passed (sliding session); when it has expired the
portal sends the user back to the login page (see :mod:`api.portal.framework.auth`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt
from starlette.requests import Request
from starlette.responses import Response

from api.auth.settings import RELAXED_ENVS
from api.security import ANONYMOUS, Principal

__all__ = ["SESSION_COOKIE", "PortalSession", "session_of", "set_session", "clear_session", "secure_cookies"]

SESSION_COOKIE = "kooperacja_sesja"


@dataclass(frozen=True)
class PortalSession:
    principal: Principal
    #: a session cookie was sent but is no longer valid (expired, user disabled…)
    expired: bool = False
    #: seconds since the token was issued (None when anonymous)
    age: float | None = None
    token: str | None = None


def secure_cookies(request: Request) -> bool:
    """Cookies are ``Secure`` everywhere except development and test (plain-http localhost)."""
    env = getattr(getattr(request.app.state, "settings", None), "env", "production")
    return env not in RELAXED_ENVS


def session_of(request: Request) -> PortalSession:
    """The caller's session (cached on the request)."""
    cached = getattr(request.state, "portal_session", None)
    if isinstance(cached, PortalSession):
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    session = PortalSession(principal=ANONYMOUS)
    if token:
        auth = getattr(request.app.state, "auth", None)
        principal = auth.principal(token) if auth is not None else None
        if principal is None:
            session = PortalSession(principal=ANONYMOUS, expired=True)
        else:
            # the signature was verified just above; read the issue time only
            iat = jwt.decode(token, options={"verify_signature": False}).get("iat", 0)
            session = PortalSession(principal=principal, age=time.time() - float(iat), token=token)
    request.state.portal_session = session
    return session


def set_session(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path="/",
    )


def clear_session(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=secure_cookies(request))


def refresh_if_old(request: Request, response: Response) -> None:
    """Re-issue the session token when more than half of its lifetime has passed."""
    session = session_of(request)
    auth = getattr(request.app.state, "auth", None)
    if session.principal.anonymous or session.age is None or auth is None:
        return
    ttl = auth.settings.token_ttl_seconds
    if session.age < ttl / 2 or session.principal.user_id is None:
        return
    user = auth.users.get(session.principal.user_id)
    if user is None or user.disabled:
        return
    issued = auth.issue(user)
    set_session(request, response, issued.access_token, issued.expires_in)
