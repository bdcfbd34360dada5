"""The login page and the post-login target check, shared by the router (a POST after the
session expired shows the login page in place) and the login routes.

Kept apart from :mod:`api.portal.framework.routing` so neither imports the other's page module.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from api.portal.framework.oidc import oidc_client
from api.portal.framework.render import page

__all__ = ["REPLAY_PREFIX", "login_page", "safe_next"]

REPLAY_PREFIX = "replay:"


def safe_next(value: str | None) -> str:
    """Only local paths may be a post-login target (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def login_page(
    request: Request,
    *,
    next_url: str = "/",
    expired: bool = False,
    replay: list[tuple[str, str]] | None = None,
    error: str | None = None,
    username: str = "",
    status: int = 200,
) -> Response:
    return page(
        request,
        "pages/login/login.html",
        {
            "next_url": safe_next(next_url),
            "expired": expired,
            "replay": [(REPLAY_PREFIX + k, v) for k, v in (replay or [])],
            "error": error,
            "username": username,
            "oidc": oidc_client(request) is not None,
        },
        status=status,
        title="Logowanie",
        private=True,
    )
