"""The FastAPI application: GraphQL, REST routers, operational endpoints.

``create_app(settings)`` builds the app; its lifespan opens the store with
:func:`graph.store.open_store` and closes it on shutdown (a store passed in
by the caller, e.g. a test, is used as is and left open).

REST routers are included explicitly in :func:`create_app`; each module
exposes ``router: fastapi.APIRouter``.  Add one ``include_router`` line per router.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api import ops, portal
from api.auth import install as install_auth
from api.auth import routes as auth_routes
from api.graphql.context import get_context
from api.graphql.schema import build_schema
from api.guards import GRAPHQL_MAX_BODY, BodySizeLimit, SecurityHeaders
from api.hsds import router as hsds
from api.observability import RequestIdMiddleware, current_request_id
from api.portal.pages.tools.routes import OfflineGraphQLRouter
from api.security import SecurityConfig
from graph.config import Settings
from graph.config import settings as settings_from_env
from graph.errors import ModelValidationError, StoreError, StoreUnavailable
from graph.store import open_store
from graph.store.protocol import Store

__all__ = ["create_app", "GRAPHQL_PATH", "HSDS_PATH"]

log = logging.getLogger("kooperacja.api")

GRAPHQL_PATH = "/graphql"
#: The Open Referral HSDS API (issue 4): its paths are the HSDS API reference's own
#: (``/``, ``/services``, ``/services/{id}``, ``/organizations``…) declared WITHOUT
#: the prefix in the router, so clients see ``/hsds/services``, ``/hsds/organizations/{id}``…
HSDS_PATH = "/hsds"


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    body = {"detail": message, "request_id": current_request_id(), **extra}
    return JSONResponse(status_code=status, content=body)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        log.warning("store unavailable", extra={"store_query": exc.query, "backend": exc.backend})
        return _error(503, "Baza danych jest chwilowo niedostępna. Spróbuj ponownie za chwilę.")

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error", extra={"store_query": exc.query, "error_type": type(exc).__name__})
        return _error(500, "Wewnętrzny błąd serwera.")

    @app.exception_handler(ModelValidationError)
    async def _invalid(request: Request, exc: ModelValidationError) -> JSONResponse:
        fields = [{"field": loc, "message": msg} for loc, msg in exc.errors]
        return _error(422, "Niepoprawne dane.", entity=exc.entity, fields=fields)


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    security: SecurityConfig | None = None,
) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment).

    Parameters
    ----------
    settings
        Store location and environment (``development`` enables introspection and GraphiQL).
    store
        An already open store to serve (tests); when ``None`` the lifespan opens one.
    security
        Token and directory-visibility settings; default read from the environment.
    """
    cfg = settings or settings_from_env()
    sec = security or SecurityConfig.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            if store is None:
                app.state.store = stack.enter_context(open_store(cfg))
            log.info("store open", extra={"backend": app.state.store.backend})
            try:
                yield
            finally:
                log.info("shutting down")
        app.state.store = store

    app = FastAPI(
        title="Kooperacja API",
        description="Katalog usług i instytucji pomocy społecznej i rynku pracy (GraphQL, Open Referral HSDS).",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs is the portal's offline Swagger UI (api/portal/pages/tools)
        redoc_url=None,
    )
    app.state.settings = cfg
    app.state.security = sec
    install_auth(app)  # users, tokens, audit log; refuses a weak JWT secret outside development/test
    app.state.store = store
    # inner to outer: body cap and security headers inside the request-id/access-log middleware
    app.add_middleware(BodySizeLimit, limits={GRAPHQL_PATH: GRAPHQL_MAX_BODY})
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestIdMiddleware)
    _install_error_handlers(app)

    app.include_router(ops.router)
    app.include_router(auth_routes.router)
    app.include_router(hsds.router, prefix=HSDS_PATH)
    portal.install(app)  # Polish HTML error pages for URLs no route matches

    graphql = OfflineGraphQLRouter(  # GraphiQL from the vendored files, not a CDN
        build_schema(development=cfg.development),
        context_getter=get_context,
        graphql_ide="graphiql" if cfg.development else None,
        allow_queries_via_get=cfg.development,
    )
    app.include_router(graphql, prefix=GRAPHQL_PATH, include_in_schema=False)
    app.include_router(portal.router)  # the portal's pages under / (after the API routes)
    return app
