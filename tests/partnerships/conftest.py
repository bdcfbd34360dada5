"""Fixtures of the partnership tests: the demo network in a store of either backend, behind the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.config import Settings
from graph.store.protocol import Store
from tests.clients.fixtures import Api, state_dir  # noqa: F401


@pytest.fixture
def demo_net(store: Store) -> Store:
    from graph.writer import write_batch
    from importers.demo import demo_batch, reference_batch

    write_batch(store, reference_batch())
    write_batch(store, demo_batch())
    return store


@pytest.fixture
def api(demo_net: Store, state_dir: Path) -> Iterator[Api]:  # noqa: F811
    from api.app import create_app

    app = create_app(Settings(graph="(test store)", env="test"), store=demo_net)
    with TestClient(app) as client:
        yield Api(client)
