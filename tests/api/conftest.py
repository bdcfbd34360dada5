"""Fixtures of the API tests: the app over a real store (both backends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apitest import make_client
from fastapi.testclient import TestClient

from graph.store.protocol import Store


@pytest.fixture
def demo_client(demo_store: Store) -> Iterator[TestClient]:
    """The app over the shared demo store (read only)."""
    with make_client(demo_store) as client:
        yield client
