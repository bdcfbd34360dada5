"""Rendering a page: the Jinja2 environment, the base layout's context, security headers.

Templates are found relative to ``api/portal/`` (``templates/base.html``,
``pages/search/search.html``…).  Autoescaping is on for every template: data is
text, never markup.  :func:`page` adds the navigation for the caller's role, the
CSRF token, and the headers every portal response carries (CSP without inline
scripts, ``no-store`` for pages about clients).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.portal.framework.csrf import CSRF_FIELD, attach_csrf_cookie, csrf_token
from api.portal.framework.nav import nav_for
from api.portal.framework.operations import PORTAL_ROOT
from api.portal.framework.session import refresh_if_old, session_of
from api.portal.framework.text import plural
from api.security import ROLE_LABELS

__all__ = ["env", "page", "security_headers", "tile_url", "static_url", "csp"]

STATIC_DIR = PORTAL_ROOT / "static"
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def tile_url() -> str:
    """Map tiles: the only thing fetched from elsewhere (``KOOPERACJA_TILE_URL``, empty = no tiles)."""
    return os.environ.get("KOOPERACJA_TILE_URL", DEFAULT_TILE_URL).strip()


def _tile_origin() -> str:
    url = tile_url()
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


def csp() -> str:
    tiles = _tile_origin()
    img = "'self' data:" + (f" {tiles}" if tiles else "")
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def security_headers(response: Response, *, private: bool = False) -> Response:
    """Headers of every portal response; ``private`` pages (clients) are never stored."""
    response.headers.setdefault("Content-Security-Policy", csp())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if private:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    else:
        response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


@lru_cache(maxsize=512)
def _fingerprint(path: str) -> str:
    try:
        return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def static_url(path: str) -> str:
    """``/static/<path>?v=<content hash>`` – cache busting without a build step."""
    return f"/static/{path}?v={_fingerprint(path)}"


def _query(base: str, params: Mapping[str, Any]) -> str:
    """A URL with query parameters (empty values left out), for links and pagination."""
    clean = {k: v for k, v in params.items() if v not in (None, "", [], False)}
    return base + ("?" + urlencode(clean, doseq=True) if clean else "")


def short_id(value: str) -> str:
    """``cl-3c80649db86e…`` → ``cl-3c80649d``: pseudonyms are long; the link keeps the full id."""
    prefix, sep, rest = str(value).partition("-")
    return f"{prefix}-{rest[:8]}" if sep and len(rest) > 12 else str(value)


@lru_cache(maxsize=1)
def env() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(PORTAL_ROOT)),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(static=static_url, url=_query, plural=plural, role_labels=ROLE_LABELS)
    environment.filters["plural"] = plural
    environment.filters["short"] = short_id
    return environment


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    private: bool = False,
    title: str = "",
) -> HTMLResponse:
    """Render ``template`` inside the base layout and return the response."""
    session = session_of(request)
    token = csrf_token(request)
    values: dict[str, Any] = {
        "request": request,
        "principal": session.principal,
        "nav": nav_for(session.principal, request.url.path),
        "csrf_token": token,
        "csrf_field": lambda: Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token),
        "title": title,
        "tile_url": tile_url(),
        "current_url": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    values.update(context or {})
    html = env().get_template(template).render(values)
    response = HTMLResponse(html, status_code=status)
    attach_csrf_cookie(request, response)
    refresh_if_old(request, response)
    return security_headers(response, private=private)  # type: ignore[return-value]
