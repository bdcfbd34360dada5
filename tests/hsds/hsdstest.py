"""Helpers of the HSDS tests (imported as ``hsdstest``, like ``apitest`` in tests/api)."""

from __future__ import annotations

from graph import model as m
from graph.catalog import Statement
from graph.store.protocol import Store
from graph.writer import Batch, write_batch
from importers.demo import demo_batch

WIPE = Statement("test.wipe", "MATCH (n) DETACH DELETE n")


def seed_territories(store: Store) -> None:
    """The demo's TERYT units (woj. 04, powiat 0415, Toruń 0463 and their gminas) – what TERC would load."""
    demo = demo_batch()
    write_batch(store, Batch().add(m.Territory, demo.nodes[m.Territory]).add(m.Within, demo.rels[m.Within]))


def wipe(store: Store) -> None:
    """Empty a test store (the schema stays)."""
    store.execute(WIPE)
