"""Fixtures of the register-import tests: real files from tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def regional_dir(data_dir: Path) -> Path:
    return data_dir / "social-institutions-regional"


@pytest.fixture(scope="session")
def krs_dir(data_dir: Path) -> Path:
    return data_dir / "krs-ngo-sample"
