"""Stores: one protocol, one implementation per backend, chosen by configuration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.config import Settings
from graph.store.protocol import Capability, Store, Tx

__all__ = ["Capability", "Store", "Tx", "open_store"]


@contextmanager
def open_store(cfg: Settings, *, batch: bool = False) -> Iterator[Store]:
    """Open the configured store; the driver (for Neo4j) is owned and closed here.

    ``batch=True`` is for jobs that read or write a whole territory at once
    (imports, the generator, gap reports): Neo4j transactions may then run for
    ``cfg.batch_tx_timeout`` seconds instead of the request-sized ``cfg.tx_timeout``.
    LadybugDB has no transaction timeout, so the flag changes nothing there.
    """
    if cfg.is_neo4j:
        import neo4j

        from graph.store.neo4j_store import Neo4jStore

        auth = (cfg.neo4j_user, cfg.neo4j_password or "")
        # Requests fail fast while the server is away (≤ ~3 s: one connection attempt, little retrying –
        # issue 16); batch jobs wait longer for a restarting server.
        driver = neo4j.GraphDatabase.driver(
            cfg.graph,
            auth=auth,
            connection_acquisition_timeout=10 if batch else 2.5,
            connection_timeout=5 if batch else 1.5,
            max_transaction_retry_time=5 if batch else 0.5,
            notifications_min_severity="OFF",  # advice for query authors, not for operators
        )
        try:
            timeout = cfg.batch_tx_timeout if batch else cfg.tx_timeout
            yield Neo4jStore(driver, database=cfg.neo4j_database, timeout=timeout)
        finally:
            driver.close()
    else:
        from graph.store.ladybug_store import LadybugStore

        store = LadybugStore(cfg.graph)
        try:
            yield store
        finally:
            store.close()
