"""Fixtures of the register-import tests: real files from shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def regional_dir(shared_data: Path) -> Path:
    return shared_data / "social-institutions-regional"


@pytest.fixture(scope="session")
def krs_dir(shared_data: Path) -> Path:
    return shared_data / "krs-ngo-sample"
