"""Transaction timeouts: request-sized by default, long for batch jobs (imports, gap reports).

The Neo4j half runs a real statement that takes seconds against a real server:
it is cut off under the request timeout and completes under the batch timeout.
"""

from __future__ import annotations

import dataclasses

import pytest

from graph.catalog import Statement
from graph.config import settings
from graph.errors import StoreError
from graph.store import open_store

# Pure computation inside Neo4j: a few seconds on any machine, far beyond 50 ms.
SLOW = Statement("test.slow", "UNWIND range(1, 30000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n")


def test_timeouts_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOOPERACJA_TX_TIMEOUT", raising=False)
    monkeypatch.delenv("KOOPERACJA_BATCH_TX_TIMEOUT", raising=False)
    cfg = settings()
    assert (cfg.tx_timeout, cfg.batch_tx_timeout) == (30.0, 3600.0)
    monkeypatch.setenv("KOOPERACJA_TX_TIMEOUT", "5")
    monkeypatch.setenv("KOOPERACJA_BATCH_TX_TIMEOUT", "7200")
    cfg = settings()
    assert (cfg.tx_timeout, cfg.batch_tx_timeout) == (5.0, 7200.0)


@pytest.mark.parametrize("raw", ["pół minuty", "0", "-3"])
def test_a_bad_timeout_is_refused_with_the_variable_named(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("KOOPERACJA_TX_TIMEOUT", raw)
    with pytest.raises(ValueError, match="KOOPERACJA_TX_TIMEOUT"):
        settings()


def test_neo4j_request_timeout_cuts_a_long_statement_and_batch_lets_it_finish(
    neo4j_bolt: tuple[str, str],
    neo4j_driver: object,  # the driver: the server answers
) -> None:
    uri, password = neo4j_bolt
    cfg = dataclasses.replace(settings(graph=uri, neo4j_password=password), tx_timeout=0.05, batch_tx_timeout=600.0)
    with open_store(cfg) as store, pytest.raises(StoreError):
        store.query(SLOW)
    with open_store(cfg, batch=True) as store:
        assert store.query(SLOW) == [{"n": 30000000 // 7}]


def test_ladybug_has_no_timeout_so_batch_changes_nothing(tmp_path) -> None:
    cfg = dataclasses.replace(settings(graph=str(tmp_path / "db")), tx_timeout=0.05)
    with open_store(cfg) as store:
        store.init_schema()
        assert store.query(Statement("test.count", "MATCH (n:Institution) RETURN count(n) AS n")) == [{"n": 0}]
