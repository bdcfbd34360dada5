"""App-level handlers: an unknown URL or a wrong method gets the Polish HTML page.

API paths (GraphQL, HSDS, auth, health, OpenAPI) keep FastAPI's JSON answers.
"""

from __future__ import annotations

from typing import Any

from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from api.portal.framework.errors import PortalError

__all__ = ["install_handlers", "API_PREFIXES"]

API_PREFIXES = ("/graphql", "/hsds", "/auth", "/health", "/ready", "/openapi.json", "/metrics")


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(API_PREFIXES):
        return False
    accept = request.headers.get("accept", "")
    return "application/json" not in accept or "text/html" in accept


def install_handlers(app: Any) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not _wants_html(request):
            return await http_exception_handler(request, exc)
        from api.portal.framework.routing import error_page

        status = exc.status_code if exc.status_code in (400, 401, 403, 404, 405, 413, 422) else 400
        return error_page(request, PortalError(status))
