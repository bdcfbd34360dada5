"""GraphQL hardening: limits, introspection, IDE, suggestions, masking, permissions, loaders."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from apitest import ADMIN_TOKEN, error_codes, gql, make_client
from fastapi.testclient import TestClient

from api.graphql.context import Context
from api.graphql.schema import MAX_ALIASES, MAX_DEPTH
from api.security import ANONYMOUS, SecurityConfig
from graph.catalog import Statement
from graph.config import Settings
from graph.errors import StoreError
from graph.store.ladybug_store import LadybugStore
from graph.store.protocol import Store


def _calls(store: Store, client: TestClient, query: str) -> tuple[dict[str, Any], int]:
    before = store.calls
    body = gql(client, query, expect_errors=True)
    return body, store.calls - before


def test_introspection_off_outside_development(demo_store: Store) -> None:
    with make_client(demo_store, env="test") as client:
        for query in ("{ __schema { types { name } } }", '{ __type(name: "Institution") { name } }'):
            body = gql(client, query, expect_errors=True)
            assert body.get("data") is None and body["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
        assert client.get("/graphql", headers={"accept": "text/html"}).status_code != 200
    with make_client(demo_store, env="development") as client:
        body = gql(client, "{ __schema { queryType { name } } }")
        assert body["data"]["__schema"]["queryType"]["name"] == "Query"
        page = client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_no_mutations_over_get_and_no_batches(demo_store: Store) -> None:
    with make_client(demo_store, env="development") as client:
        mutation = 'mutation { withdrawCooperation(institutionId: "mopr-torun", partnerId: "pup-torun") }'
        response = client.get(
            "/graphql", params={"query": mutation}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        assert response.status_code == 400 and "not allowed" in response.text
        batch = [{"query": "{ categories { totalCount } }"}] * 3
        assert client.post("/graphql", json=batch).status_code == 400


def test_no_field_suggestions(demo_client: TestClient) -> None:
    body = gql(demo_client, '{ institutionz(id: "x") { id } }', expect_errors=True)
    message = body["errors"][0]["message"]
    assert "Did you mean" not in message and "institution" not in message
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert body["errors"][0]["locations"] == [{"line": 1, "column": 3}]


def test_depth_alias_and_token_limits_reject_before_any_store_call(demo_store: Store, demo_client: TestClient) -> None:
    deep = (
        '{ institution(id: "mopr-torun") { '
        + "services { edges { node { institution { " * 4
        + "id"
        + " } } } }" * 4
        + " } }"
    )
    body, calls = _calls(demo_store, demo_client, deep)
    assert calls == 0 and body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert MAX_DEPTH < 4 * 4
    aliases = "{ " + " ".join(f'a{n}: institution(id: "x{n}") {{ id }}' for n in range(MAX_ALIASES + 1)) + " }"
    body, calls = _calls(demo_store, demo_client, aliases)
    assert calls == 0 and body["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"
    huge = "{ " + " ".join("categories { totalCount }" for _ in range(1000)) + " }"
    body, calls = _calls(demo_store, demo_client, huge)
    assert calls == 0 and body["errors"][0]["extensions"]["code"] == "TOO_MANY_TOKENS"
    within = "{ " + " ".join(f'a{n}: institution(id: "x{n}") {{ id }}' for n in range(MAX_ALIASES)) + " }"
    assert "errors" not in gql(demo_client, within)


class _FailingStore:
    """A real store that fails one named query the way a driver error surfaces (fault injection)."""

    def __init__(self, inner: Store, failing: str, error: Exception):
        self._inner, self._failing, self._error = inner, failing, error
        self.backend = inner.backend
        self.capabilities = inner.capabilities

    @property
    def calls(self) -> int:
        return self._inner.calls

    def query(self, name: str | Statement, params: Any = None) -> Any:
        if name == self._failing:
            raise self._error
        return self._inner.query(name, params)

    def __getattr__(self, item: str) -> Any:
        return getattr(self._inner, item)


def test_errors_are_masked_with_a_correlation_id(demo_store: Store, caplog: pytest.LogCaptureFixture) -> None:
    secret = "MATCH (c:Client {pesel_hash: $h}) RETURN c -- h=deadbeef"
    failing = _FailingStore(demo_store, "directory_institutions_by_id", RuntimeError(secret))
    with make_client(failing) as client, caplog.at_level(logging.ERROR):  # type: ignore[arg-type]
        response = client.post("/graphql", json={"query": '{ institution(id: "mopr-torun") { id name } }'})
    body = response.json()
    rid = response.headers["x-request-id"]
    error = body["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "correlationId": rid}
    assert rid in error["message"] and "Wewnętrzny błąd" in error["message"]
    assert "MATCH" not in response.text and "deadbeef" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if getattr(r, "correlation_id", None) == rid]
    assert logged and all("deadbeef" not in r.getMessage() for r in caplog.records)
    assert logged[0].error_type == "RuntimeError"  # type: ignore[attr-defined]


def test_store_errors_keep_only_the_query_name(demo_store: Store, caplog: pytest.LogCaptureFixture) -> None:
    failing = _FailingStore(
        demo_store, "directory_categories", StoreError("błąd bazy danych (X)", query="directory_categories")
    )
    with make_client(failing) as client, caplog.at_level(logging.ERROR):  # type: ignore[arg-type]
        body = gql(client, "{ categories { totalCount } }", expect_errors=True)
    assert error_codes(body) == ["INTERNAL_SERVER_ERROR"]
    assert any(getattr(r, "store_query", None) == "directory_categories" for r in caplog.records)


def test_unavailable_store_gives_a_masked_unavailable_error(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "db")
    store.init_schema()
    store.close()
    with make_client(store) as client:
        body = gql(client, "{ categories { totalCount } }", expect_errors=True)
        assert error_codes(body) == ["STORE_UNAVAILABLE"]
        assert "niedostępna" in body["errors"][0]["message"]
        assert client.get("/ready").status_code == 503


MUTATION = 'mutation { withdrawCooperation(institutionId: "mopr-torun", partnerId: "pup-torun") }'


def test_mutations_need_the_admin_token(demo_client: TestClient) -> None:
    body = gql(demo_client, MUTATION, expect_errors=True)
    assert error_codes(body) == ["FORBIDDEN"] and body["data"] is None
    wrong = demo_client.post("/graphql", json={"query": MUTATION}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_private_directory_needs_authentication(demo_store: Store) -> None:
    with make_client(demo_store, public=False) as client:
        body = gql(client, '{ institution(id: "mopr-torun") { id } }', expect_errors=True)
        assert error_codes(body) == ["UNAUTHENTICATED"]
        ok = gql(client, '{ institution(id: "mopr-torun") { id } }', token=ADMIN_TOKEN)
        assert ok["data"]["institution"]["id"] == "mopr-torun"
    assert SecurityConfig.from_env({"KOOPERACJA_PUBLIC_DIRECTORY": "false"}).public_directory is False
    assert SecurityConfig.from_env({}).public_directory is True


def test_dataloaders_are_per_request(demo_store: Store) -> None:
    from api.directory.loaders import institutions_by_id

    def ctx() -> Context:
        return Context(
            store=demo_store, principal=ANONYMOUS, request_id="r", settings=Settings(), security=SecurityConfig()
        )

    first, second = ctx(), ctx()
    assert first.loader(institutions_by_id) is first.loader(institutions_by_id)
    assert first.loader(institutions_by_id) is not second.loader(institutions_by_id)
