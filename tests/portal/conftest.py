"""Fixtures of the portal tests: the app over the demo network on both stores.

``portal`` serves the shared, read-only demo store; ``writable_portal`` a fresh
copy of the demo for tests that register clients or change free places.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from portalkit import Portal

from api.app import create_app
from graph.config import Settings
from graph.store.protocol import Store
from tests.conftest import load_demo


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(folder))
    return folder


def _portal(store: Store) -> Iterator[Portal]:
    app = create_app(Settings(graph="(test store)", env="test"), store=store)
    portal = Portal(app)
    with portal.anonymous:
        yield portal


@pytest.fixture
def portal(demo_store: Store, state: Path) -> Iterator[Portal]:
    """The portal over the shared demo store: read only."""
    yield from _portal(demo_store)


@pytest.fixture
def writable_portal(store: Store, state: Path) -> Iterator[Portal]:
    """The portal over a fresh copy of the demo network (tests may write)."""
    load_demo(store)
    yield from _portal(store)
