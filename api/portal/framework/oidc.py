"""Is portal login through an OpenID Connect provider configured? (see ``pages/login/oidc.py``)"""

from __future__ import annotations

import os
from dataclasses import dataclass

from starlette.requests import Request

__all__ = ["OidcClient", "oidc_client"]


@dataclass(frozen=True)
class OidcClient:
    authorize_url: str
    token_url: str
    client_id: str
    client_secret: str | None = None


def oidc_client(request: Request) -> OidcClient | None:
    """The provider's endpoints when OIDC login is configured (and the API verifies its tokens)."""
    auth = getattr(request.app.state, "auth", None)
    env = os.environ
    authorize, token, client = (
        env.get("KOOPERACJA_OIDC_AUTHORIZE_URL"),
        env.get("KOOPERACJA_OIDC_TOKEN_URL"),
        env.get("KOOPERACJA_OIDC_CLIENT_ID"),
    )
    if auth is None or not auth.settings.oidc_enabled or not (authorize and token and client):
        return None
    return OidcClient(authorize, token, client, env.get("KOOPERACJA_OIDC_CLIENT_SECRET") or None)
