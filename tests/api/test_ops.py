"""Operational endpoints, request ids, JSON logs, the store lifespan, REST error mapping."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from apitest import make_client
from fastapi.testclient import TestClient

from api.app import create_app
from api.observability import JsonFormatter
from api.security import SecurityConfig
from graph.config import Settings
from graph.errors import ModelValidationError, StoreUnavailable
from graph.store.ladybug_store import LadybugStore
from graph.store.protocol import Store


def test_health_and_ready(demo_client: TestClient, backend: str) -> None:
    assert demo_client.get("/health").json() == {"status": "ok"}
    ready = demo_client.get("/ready")
    assert ready.status_code == 200 and ready.json() == {"status": "gotowa", "backend": backend}


def test_request_ids(demo_client: TestClient) -> None:
    made = demo_client.get("/health").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert (
        demo_client.get("/health", headers={"X-Request-ID": "abc-12345678"}).headers["x-request-id"] == "abc-12345678"
    )
    # not an id (spaces, too long): replaced
    for bad in ("ab cd efgh ijkl", "x" * 200, "<script>"):
        assert demo_client.get("/health", headers={"X-Request-ID": bad}).headers["x-request-id"] != bad


def test_access_log_has_route_template_and_no_query_or_body(
    demo_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "Kowalski-Jan-80010112345"
    with caplog.at_level(logging.INFO, logger="kooperacja.access"):
        demo_client.get(f"/health?q={secret}")
        query = "query($t: String) { searchServices(text: $t) { totalCount } }"
        demo_client.post("/graphql", json={"query": query, "variables": {"t": secret}})
    records = [r for r in caplog.records if r.name == "kooperacja.access"]
    assert [(r.method, r.route, r.status) for r in records] == [("GET", "/health", 200), ("POST", "/graphql", 200)]  # type: ignore[attr-defined]
    lines = [JsonFormatter().format(r) for r in records]
    assert all(secret not in line for line in lines)
    parsed = json.loads(lines[0])
    assert (
        parsed["msg"] == "request"
        and parsed["route"] == "/health"
        and re.fullmatch(r"[0-9a-f]{32}", parsed["request_id"])
    )
    assert isinstance(parsed["duration_ms"], float)


def test_json_formatter_drops_exception_messages() -> None:
    try:
        raise ValueError("PESEL 80010112345")
    except ValueError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "failed", (), exc_info=True)
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert json.loads(line)["exc_type"] == "ValueError" and "80010112345" not in line


def test_lifespan_opens_and_closes_the_store(tmp_path: Path) -> None:
    path = tmp_path / "db"
    LadybugStore(path).close()
    app = create_app(Settings(graph=str(path), env="test"), security=SecurityConfig())
    with TestClient(app) as client:
        assert client.get("/ready").json()["status"] == "gotowa"
        assert app.state.store is not None
    assert app.state.store is None
    # the file lock is released: another process (here: another store) can open it
    again = LadybugStore(path)
    again.close()


def test_rest_error_mapping(demo_store: Store) -> None:
    client = make_client(demo_store)
    app = client.app

    @app.get("/_test/unavailable")  # type: ignore[attr-defined, untyped-decorator]
    def _unavailable() -> None:
        raise StoreUnavailable("baza Neo4j jest niedostępna", query="x")

    @app.get("/_test/invalid")  # type: ignore[attr-defined, untyped-decorator]
    def _invalid() -> None:
        raise ModelValidationError("Service", [("name", "pole wymagane")])

    with client:
        r = client.get("/_test/unavailable")
        assert r.status_code == 503 and r.json()["request_id"] == r.headers["x-request-id"]
        r = client.get("/_test/invalid")
        assert r.status_code == 422 and r.json()["fields"] == [{"field": "name", "message": "pole wymagane"}]


def test_openapi_document_is_served(demo_client: TestClient) -> None:
    doc = demo_client.get("/openapi.json").json()
    assert {"/health", "/ready"} <= set(doc["paths"])
