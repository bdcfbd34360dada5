"""FastAPI dependencies shared by every router (``Annotated`` aliases).

Use them as parameter types::

    @router.get("/services")
    def services(store: StoreDep, principal: PrincipalDep) -> ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from api.security import Principal, get_principal
from graph.config import Settings
from graph.errors import StoreUnavailable
from graph.store.protocol import Store

__all__ = ["get_store", "get_settings", "StoreDep", "SettingsDep", "PrincipalDep"]


def get_store(conn: HTTPConnection) -> Store:
    """The store opened by the app's lifespan (503 when it is not open)."""
    store = getattr(conn.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("magazyn danych nie jest otwarty")
    return store  # type: ignore[no-any-return]


def get_settings(conn: HTTPConnection) -> Settings:
    settings = getattr(conn.app.state, "settings", None)
    if not isinstance(settings, Settings):
        raise RuntimeError("app created without settings")
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
