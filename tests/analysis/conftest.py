"""Fixtures of the gap-analysis tests (builders live in ``gapkit``)."""

from __future__ import annotations

import pytest
from gapkit import planted_batch

from graph.store.protocol import Store
from graph.writer import write_batch


@pytest.fixture
def planted_store(store: Store) -> Store:
    """An empty store of either backend holding only the planted network of :func:`gapkit.planted_batch`."""
    write_batch(store, planted_batch())
    return store
