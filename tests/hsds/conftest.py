"""Fixtures of the HSDS tests: the HSDS 3.0 examples and schemas in tests/data, stores with territories."""

from __future__ import annotations

from pathlib import Path

import pytest
from hsdstest import seed_territories

from graph.store.protocol import Store
from importers.hsds.validate import SchemaSet


@pytest.fixture(scope="session")
def hsds_dir(data_dir: Path) -> Path:
    return data_dir / "hsds-3.0"


@pytest.fixture(scope="session")
def examples(hsds_dir: Path) -> Path:
    return hsds_dir / "examples"


@pytest.fixture(scope="session")
def schemas(hsds_dir: Path) -> SchemaSet:
    return SchemaSet(hsds_dir / "schema")


@pytest.fixture
def territory_store(store: Store) -> Store:
    seed_territories(store)
    return store
