"""The developer pages, offline: ``/docs`` (Swagger UI) and the ``/graphql`` IDE (GraphiQL).

FastAPI's and strawberry's own pages load their scripts from CDNs, which an
office behind a restrictive proxy cannot reach; these load the pinned copies
from ``/static/vendor`` and start them from a script file (no inline script, so
the portal's CSP applies).  GraphiQL exists only in development, like
introspection.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.fastapi import GraphQLRouter

from api.portal.framework.render import env, security_headers
from api.portal.framework.routing import portal_router

__all__ = ["router", "OfflineGraphQLRouter"]

router = portal_router()


@router.get("/docs")
async def swagger(request: Request) -> Response:
    html = env().get_template("pages/tools/swagger.html").render(openapi_url=request.app.openapi_url or "/openapi.json")
    return security_headers(HTMLResponse(html))


class OfflineGraphQLRouter(GraphQLRouter):  # type: ignore[misc]
    """strawberry's router, with the IDE page served from the vendored GraphiQL."""

    @property
    def graphql_ide_html(self) -> str:
        return str(env().get_template("pages/tools/graphiql.html").render())

    async def render_graphql_ide(self, request: Any) -> HTMLResponse:
        return security_headers(HTMLResponse(self.graphql_ide_html))  # type: ignore[return-value]
