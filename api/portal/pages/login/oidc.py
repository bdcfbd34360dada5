"""Logging in through the organisation's OpenID Connect provider (authorization code + PKCE).

Configured when, besides the API's token settings (``KOOPERACJA_OIDC_JWKS_URL``,
``KOOPERACJA_OIDC_ISSUER``, ``KOOPERACJA_OIDC_AUDIENCE`` = the client id), the provider's
endpoints are given: ``KOOPERACJA_OIDC_AUTHORIZE_URL``, ``KOOPERACJA_OIDC_TOKEN_URL``,
``KOOPERACJA_OIDC_CLIENT_ID`` (and ``KOOPERACJA_OIDC_CLIENT_SECRET`` for a confidential
client).  The provider's ID token is verified exactly as the API verifies an external
bearer token (JWKS, issuer, audience, asymmetric algorithms) and mapped to a local account
by ``sub`` (``kooperacja users add --oidc-subject``): the provider never decides a role.
The portal session then holds our own token for that account.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.portal.framework.errors import PortalError
from api.portal.framework.login import login_page, safe_next
from api.portal.framework.oidc import oidc_client
from api.portal.framework.routing import portal_router
from api.portal.framework.session import secure_cookies, set_session

__all__ = ["router", "STATE_COOKIE", "CALLBACK"]

router = portal_router()
STATE_COOKIE = "kooperacja_oidc"
CALLBACK = "/logowanie/oidc/powrot"
_STATE_TTL = 600


def _key(request: Request) -> bytes:
    return hashlib.sha256(b"portal-oidc\x00" + request.app.state.auth.settings.jwt_secret.encode()).digest()


def _seal(request: Request, payload: dict[str, object]) -> str:
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    return body + "." + hmac.new(_key(request), body.encode(), hashlib.sha256).hexdigest()


def _unseal(request: Request, value: str) -> dict[str, object] | None:
    body, _, mac = value.rpartition(".")
    if not body or not hmac.compare_digest(mac, hmac.new(_key(request), body.encode(), hashlib.sha256).hexdigest()):
        return None
    try:
        return dict(json.loads(base64.urlsafe_b64decode(body.encode())))
    except ValueError:
        return None


def _redirect_uri(request: Request) -> str:
    return str(request.base_url).rstrip("/") + CALLBACK


@router.get("/logowanie/oidc")
async def start(request: Request, next: str = "/") -> Response:
    client = oidc_client(request)
    if client is None:
        raise PortalError(404)
    state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": _redirect_uri(request),
            "scope": "openid",
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    response = RedirectResponse(f"{client.authorize_url}?{query}", status_code=303)
    sealed = _seal(request, {"state": state, "verifier": verifier, "next": safe_next(next)})
    # Lax: the provider sends the browser back with a top-level GET from its own site
    response.set_cookie(
        STATE_COOKIE,
        sealed,
        max_age=_STATE_TTL,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path=CALLBACK,
    )
    return response


def _refused(request: Request) -> Response:
    return login_page(
        request,
        error="Logowanie przez dostawcę tożsamości nie powiodło się albo konto nie jest "
        "powiązane z użytkownikiem Kooperacji.",
        status=401,
    )


@router.get(CALLBACK)
async def callback(request: Request, code: str = "", state: str = "") -> Response:
    client = oidc_client(request)
    if client is None:
        raise PortalError(404)
    saved = _unseal(request, request.cookies.get(STATE_COOKIE, ""))
    if not saved or not code or not state or not hmac.compare_digest(str(saved.get("state", "")), state):
        return _refused(request)
    form = {
        "grant_type": "authorization_code",
        "code": code[:2000],
        "redirect_uri": _redirect_uri(request),
        "client_id": client.client_id,
        "code_verifier": str(saved["verifier"]),
    }
    if client.client_secret:
        form["client_secret"] = client.client_secret
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            answer = await http.post(client.token_url, data=form, headers={"Accept": "application/json"})
        id_token = str(answer.json().get("id_token") or "") if answer.status_code == 200 else ""
    except (httpx.HTTPError, ValueError):
        id_token = ""
    auth = request.app.state.auth
    principal = auth.principal(id_token) if id_token else None
    user = auth.users.get(principal.user_id) if principal is not None and principal.user_id else None
    if user is None or user.disabled:
        return _refused(request)
    issued = auth.issue(user)
    response = RedirectResponse(safe_next(str(saved.get("next") or "/")), status_code=303)
    set_session(request, response, issued.access_token, issued.expires_in)
    response.delete_cookie(STATE_COOKIE, path=CALLBACK)
    return response
