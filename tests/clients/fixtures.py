"""Fixtures shared by the clients and authz tests (star-imported by their conftest files)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.audit.log import AuditEvent, AuditLog, Outcome
from api.security import Principal, Role
from graph.clients.service import ClientsService
from graph.config import Settings
from graph.store.protocol import Store
from tests.clients.clientnet import load_network

NOW = dt.datetime(2026, 3, 1, 10, 0)

__all__ = ["state_dir", "net", "audit", "make_service", "app_client", "principal", "NOW", "Api"]


def principal(institution: str | None, role: Role = Role.CASEWORKER, territories: tuple[str, ...] = ()) -> Principal:
    return Principal(
        user_id=f"u-{role.value}-{institution or 'none'}",
        role=role,
        institution_id=institution,
        territories=territories,
        anonymous=False,
    )


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(folder))
    monkeypatch.setenv("KOOPERACJA_JWT_SECRET", secrets.token_urlsafe(48))
    monkeypatch.delenv("KOOPERACJA_PESEL_KEY", raising=False)
    return folder


@pytest.fixture
def net(store: Store) -> Store:
    load_network(store)
    return store


@pytest.fixture
def audit(state_dir: Path) -> Iterator[AuditLog]:
    log = AuditLog(state_dir / "audit.sqlite3")
    yield log
    log.close()


@pytest.fixture
def make_service(net: Store, audit: AuditLog, state_dir: Path) -> Callable[..., ClientsService]:
    from graph.clients.pesel import load_key

    def make(
        institution: str | None, role: Role = Role.CASEWORKER, *, clock: Callable[[], dt.datetime] = lambda: NOW
    ) -> ClientsService:
        return ClientsService(
            net, audit, principal(institution, role), pesel_key=lambda: load_key(state_dir), clock=clock
        )

    return make


class Api:
    """The app over the test network, with users and tokens at hand."""

    def __init__(self, client: TestClient):
        self.client = client
        self.app: Any = client.app
        self._tokens: dict[tuple[str, str | None, tuple[str, ...]], str] = {}

    @property
    def audit(self) -> AuditLog:
        return self.app.state.clients.audit  # type: ignore[no-any-return]

    def token(self, role: Role | str, institution: str | None = None, territories: tuple[str, ...] = ()) -> str:
        role = Role(role)
        key = (role.value, institution, territories)
        if key not in self._tokens:
            auth = self.app.state.auth
            name = f"{role.value.replace('_', '-')}-{institution or 'x'}-{len(self._tokens)}"
            user = auth.users.add(
                name, "haslo-testowe-" + secrets.token_hex(4), role, institution_id=institution, territories=territories
            )
            self._tokens[key] = auth.issue(user).access_token
        return self._tokens[key]

    def gql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        return r.status_code, r.json()

    def raw(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> bytes:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        ).content


@pytest.fixture
def app_client(net: Store, state_dir: Path) -> Iterator[Api]:
    from api.app import create_app

    app = create_app(Settings(graph="(test store)", env="test"), store=net)
    with TestClient(app) as client:
        yield Api(client)


def cli_graph_args(store: Store, request: pytest.FixtureRequest) -> list[str]:
    """Global CLI options reaching the same graph as ``store`` (the embedded store is closed first)."""

    if store.backend == "ladybug":
        path = str(store.path)  # type: ignore[attr-defined]
        store.close()
        return ["--graph", path]
    uri, password = request.getfixturevalue("neo4j_bolt")
    return ["--graph", uri, "--neo4j-password", password]


def fill_audit(log: AuditLog, n: int = 5) -> None:
    """Append ``n`` allowed reads of two clients (cl-0, cl-1) by one caseworker."""
    for k in range(n):
        log.append(
            AuditEvent(
                action="client.read",
                outcome=Outcome.ALLOWED,
                actor="u-1",
                role="caseworker",
                institution="ops-a",
                object_type="client",
                object_id=f"cl-{k % 2}",
                purpose="case",
            )
        )
