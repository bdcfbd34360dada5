"""Neo4j goes away mid-run: 503 / masked error, then recovery without restarting the app.

Uses its own server (not the session one): started, stopped, and started again on
the same data directory and port.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from apitest import ADMIN_TOKEN, error_codes, gql
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import SecurityConfig
from graph import model as m
from graph.config import Settings
from graph.enums import InstitutionType
from graph.store import open_store
from graph.writer import upsert

PASSWORD = "recovery-test-pw"
QUERY = '{ institution(id: "inst-r1") { id name } }'

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture
def own_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not (shutil.which("java") and shutil.which("mvn")) and os.environ.get("CI") != "true":
        pytest.skip("needs Java 17 and Maven")
    from graph.neo4j_server import Neo4jServer

    holder = {"server": Neo4jServer.start(tmp_path / "neo4j", password=PASSWORD, timeout=240)}
    yield holder
    server = holder["server"]
    if server.is_running():
        server.stop()


def test_app_fails_fast_and_recovers_when_neo4j_returns(own_server) -> None:  # type: ignore[no-untyped-def]
    from graph.neo4j_server import Neo4jServer

    server = own_server["server"]
    settings = Settings(graph=server.uri, neo4j_password=PASSWORD, env="test")
    with open_store(settings) as store:
        store.init_schema()
        upsert(store, m.Institution, [m.Institution(id="inst-r1", name="Ośrodek testowy", type=InstitutionType.OPS)])

    app = create_app(settings, security=SecurityConfig(admin_token=ADMIN_TOKEN))
    with TestClient(app) as client:
        assert client.get("/ready").status_code == 200
        assert gql(client, QUERY)["data"]["institution"]["name"] == "Ośrodek testowy"

        data_dir, port = server.data_dir, server.port
        server.stop()
        started = time.monotonic()
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.json()["status"] == "niedostępna"
        body = gql(client, QUERY, expect_errors=True)
        assert error_codes(body) == ["STORE_UNAVAILABLE"]
        assert "neo4j" not in body["errors"][0]["message"].lower() and "bolt" not in str(body).lower()
        assert time.monotonic() - started < 60  # bounded: driver timeouts, no hang

        own_server["server"] = Neo4jServer.start(data_dir, port=port, password=PASSWORD, timeout=240)
        deadline = time.monotonic() + 60
        while client.get("/ready").status_code != 200:
            assert time.monotonic() < deadline, "the app did not reconnect"
            time.sleep(1)
        assert gql(client, QUERY)["data"]["institution"]["name"] == "Ośrodek testowy"
