"""CSRF protection of every state-changing portal form.

A random value lives in an HttpOnly, SameSite=Strict cookie; each form carries
``csrf_token`` = HMAC(key, cookie value) as a hidden field (``{{ csrf_field() }}``
in a template).  A POST whose field does not match the cookie gets the Polish
403 page.  The key is derived from the JWT secret, so a token cannot be forged
without it, and SameSite=Strict already keeps the cookie off cross-site posts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from api.portal.framework.errors import PortalError
from api.portal.framework.session import secure_cookies

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "csrf_token", "check_csrf", "attach_csrf_cookie"]

CSRF_COOKIE = "kooperacja_csrf"
CSRF_FIELD = "csrf_token"


def _key(request: Request) -> bytes:
    auth = getattr(request.app.state, "auth", None)
    secret = auth.settings.jwt_secret if auth is not None else "kooperacja-portal-no-auth"
    return hashlib.sha256(b"portal-csrf\x00" + secret.encode()).digest()


def _cookie_value(request: Request) -> str:
    value = getattr(request.state, "csrf_cookie", None)
    if value is None:
        value = request.cookies.get(CSRF_COOKIE) or ""
        if len(value) < 32:
            value = secrets.token_urlsafe(32)
            request.state.csrf_new = True
        request.state.csrf_cookie = value
    return str(value)


def csrf_token(request: Request) -> str:
    """The token to put in a form of this response (sets the cookie if it is new)."""
    return hmac.new(_key(request), _cookie_value(request).encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, submitted: str | None) -> None:
    """Refuse a POST whose token does not match the cookie (:class:`PortalError` 403)."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    expected = hmac.new(_key(request), cookie.encode(), hashlib.sha256).hexdigest()
    if not cookie or not submitted or not hmac.compare_digest(expected, submitted):
        raise PortalError(
            403,
            "Formularz wygasł albo nie pochodzi z tej strony",
            "Odśwież stronę i wyślij formularz ponownie.",
        )


def attach_csrf_cookie(request: Request, response: Response) -> None:
    if getattr(request.state, "csrf_new", False):
        response.set_cookie(
            CSRF_COOKIE,
            request.state.csrf_cookie,
            httponly=True,
            samesite="strict",
            secure=secure_cookies(request),
            path="/",
        )
