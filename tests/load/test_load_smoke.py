"""A very short smoke run of ``kooperacja bench load`` (the real run: 50 users, see the bench command).

It proves the whole chain works on both stores – accounts, login, the locust
scenario, the read/write mix – and that the figures are parsed; it is not a
performance measurement (3 users, a few seconds, on a shared machine).
"""

from __future__ import annotations

import importlib.util

import pytest

from api.commands.bench_load import LOCUSTFILE, run_load
from graph.config import Settings

# Never import locust here: it monkey-patches the whole process with gevent on import, which
# would deadlock every threaded test that runs after it.  It only ever runs in a subprocess.
if importlib.util.find_spec("locust") is None:  # pragma: no cover - locust is a dev dependency
    pytest.skip("locust is not installed (pip install -e '.[dev]')", allow_module_level=True)


def test_locustfile_refuses_non_loopback_hosts() -> None:
    text = LOCUSTFILE.read_text(encoding="utf-8")
    assert "_LOOPBACK" in text and "SystemExit" in text


def test_short_load_run(backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "ladybug":
        cfg, configured = Settings(graph="(temporary demo store)"), False
    else:
        request.getfixturevalue("demo_store")  # the Neo4j test database now holds the demo
        uri, password = request.getfixturevalue("neo4j_bolt")
        cfg, configured = Settings(graph=uri, neo4j_password=password), True
    try:
        result = run_load(cfg, users=3, spawn_rate=3, run_time="6s", configured_graph=configured)
    finally:
        if backend == "neo4j":
            from tests.conftest import _Neo4jContent

            _Neo4jContent.state = "dirty"  # the run registered clients: reload the demo for later tests
    assert result["requests"] > 10
    assert result["error_ratio"] == 0.0, result["failure_reasons"]
    assert {"/auth/token", "graphql:inbox", "graphql:directory"} <= set(result["per_name"])
    assert result["p95_ms"] > 0 and result["rps"] > 0
