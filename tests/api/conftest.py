"""Fixtures of the API tests: the app over a real store (both backends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apitest import make_client
from fastapi.testclient import TestClient

from graph.store.protocol import Store


@pytest.fixture(scope="session", autouse=True)
def _state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Apps made by these tests keep their user/audit files in a temporary directory, not the checkout."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOOPERACJA_STATE_DIR", str(tmp_path_factory.mktemp("api-state")))
        yield


@pytest.fixture
def demo_client(demo_store: Store) -> Iterator[TestClient]:
    """The app over the shared demo store (read only)."""
    with make_client(demo_store) as client:
        yield client
