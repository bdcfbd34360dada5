"""The Kooperacja portal: Polish server-rendered pages on top of the GraphQL API.

``router`` gathers the page routers listed in :data:`PAGES` (one line per
page module exposing ``router``); ``install(app)`` adds the Polish HTML error
pages for unknown URLs.  See ``api/portal/README.md`` for the conventions.
"""

from __future__ import annotations

import importlib

from fastapi import APIRouter

__all__ = ["router", "PAGES", "install"]

#: Page modules, each exposing ``router`` (an ``api.portal.framework.routing.portal_router()``).
PAGES: list[str] = [
    "api.portal.framework.static",
    "api.portal.pages.login.routes",
    "api.portal.pages.login.oidc",
    "api.portal.pages.search.routes",
    "api.portal.pages.institution.routes",
    "api.portal.pages.territory.routes",
    "api.portal.pages.casework.routes",
    "api.portal.pages.myinstitution.routes",
    "api.portal.pages.tools.routes",
    "api.portal.pages.network.routes",
    "api.portal.pages.diagnosis.routes",
    "api.portal.pages.partnerships.routes",
]

router = APIRouter(include_in_schema=False)
for _module in PAGES:
    router.include_router(importlib.import_module(_module).router)


def install(app: object) -> None:
    """Polish HTML error pages for URLs no route matches (API paths keep their JSON errors)."""
    from api.portal.framework.handlers import install_handlers

    install_handlers(app)
