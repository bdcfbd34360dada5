"""Fixtures for the parser tests: the real input data in ``tests/data`` (the root ``data_dir`` fixture).

Paths are given as fixtures (not importable constants): test modules here are not a
package, so they must not import from this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.parsers.gmina_match import GminaMatcher
from importers.parsers.teryt import TercFile, TercUnits, parse_terc


@pytest.fixture(scope="session")
def terc_dir(data_dir: Path) -> Path:
    return data_dir / "teryt-terc"


@pytest.fixture(scope="session")
def regional_dir(data_dir: Path) -> Path:
    return data_dir / "social-institutions-regional"


@pytest.fixture(scope="session")
def terc_2025(terc_dir: Path) -> TercFile:
    return parse_terc(terc_dir / "TERC_Urzedowy_2025-11-18.csv")


@pytest.fixture(scope="session")
def units_2025(terc_2025: TercFile) -> TercUnits:
    return terc_2025.units()


@pytest.fixture(scope="session")
def matcher(units_2025: TercUnits) -> GminaMatcher:
    return GminaMatcher.from_units(units_2025)
