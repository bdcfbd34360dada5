"""Issue 16, item 8: with Neo4j stopped under load the API answers 503 / STORE_UNAVAILABLE quickly,
and a transaction the server ends for its time limit is "unavailable", not a masked internal error.

The stop test runs its own Neo4j (started and stopped here).  Latencies are printed (run with
``-s``) – the target of ≤ 3 s is a property measured here and reported, not a timing assertion;
the assertions are the answers and a hang guard.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from apitest import error_codes
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import SecurityConfig
from graph import model as m
from graph.catalog import Statement
from graph.config import Settings
from graph.enums import InstitutionType
from graph.errors import StoreTimeout
from graph.store import open_store
from graph.store.neo4j_store import Neo4jStore
from graph.writer import upsert

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PASSWORD = "fail-fast-test-pw"
QUERY = '{ institution(id: "inst-f1") { id name } }'
HANG_GUARD_S = 20.0


def test_transaction_timeout_is_store_timeout(neo4j_driver: Any) -> None:
    store = Neo4jStore(neo4j_driver, timeout=0.3)
    slow = Statement(name="slow_for_test", text="UNWIND range(1, 400000000) AS x RETURN sum(x) AS s")
    with pytest.raises(StoreTimeout):
        store.query(slow)


@pytest.fixture
def own_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not (shutil.which("java") and shutil.which("mvn")) and os.environ.get("CI") != "true":
        pytest.skip("needs Java 17 and Maven")
    from graph.neo4j_server import Neo4jServer

    server = Neo4jServer.start(tmp_path / "neo4j", password=PASSWORD, timeout=240)
    yield server
    if server.is_running():
        server.stop()


def test_neo4j_stopped_under_load_fails_fast(own_server: Any) -> None:
    settings = Settings(graph=own_server.uri, neo4j_password=PASSWORD, env="test")
    with open_store(settings, batch=True) as store:  # a fresh server on a busy machine: patient setup
        store.init_schema()
        upsert(store, m.Institution, [m.Institution(id="inst-f1", name="Ośrodek", type=InstitutionType.OPS)])
    app = create_app(settings, security=SecurityConfig())
    results: list[tuple[float, float, list[str]]] = []  # (start, seconds, codes)
    stop = threading.Event()
    with TestClient(app) as client:

        def load() -> None:
            while not stop.is_set():
                started = time.monotonic()
                body = client.post("/graphql", json={"query": QUERY}).json()
                results.append((started, time.monotonic() - started, error_codes(body)))

        workers = [threading.Thread(target=load) for _ in range(4)]
        for w in workers:
            w.start()
        deadline = time.monotonic() + 60
        while sum(1 for _, _, codes in results if codes == []) < 8:  # the load is running and answered
            assert time.monotonic() < deadline, "no answer from the running server"
            time.sleep(0.1)
        stopping_at = time.monotonic()
        own_server.stop()  # returns when the process has ended
        stopped_at = time.monotonic()
        time.sleep(6.0)
        stop.set()
        for w in workers:
            w.join(HANG_GUARD_S * 2)
        ready = client.get("/ready")
    after = [(seconds, codes) for started, seconds, codes in results if started > stopped_at]
    before = [codes for started, seconds, codes in results if started + seconds < stopping_at]
    assert before and all(codes == [] for codes in before)
    assert after, "no request was made after the stop"
    assert all(codes == ["STORE_UNAVAILABLE"] for _, codes in after), {tuple(c) for _, c in after}
    worst = max(seconds for seconds, _ in after)
    assert worst < HANG_GUARD_S  # a hang guard, not the target
    assert ready.status_code == 503
    print(
        f"\nNeo4j stopped under load: {len(after)} requests after the stop, all STORE_UNAVAILABLE; "
        f"max {worst:.2f} s, median {sorted(s for s, _ in after)[len(after) // 2]:.3f} s"
    )
