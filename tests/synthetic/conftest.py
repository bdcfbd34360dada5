"""Fixtures for the synthetic generator: the real territory and one generated powiat.

Generating powiat toruński (0415) takes a few seconds and no database; the rows
are shared read-only by the tests that check them.
"""

from __future__ import annotations

import pytest

from importers.synthetic.generator import offline_geography
from importers.synthetic.geography import Geography
from tests.synthetic.helpers import Rows, generated

POWIAT = "0415"
SEED = 5  # a seed under which the powiat has both a CIS and a KIS (checked)


@pytest.fixture(scope="session")
def geo(data_dir) -> Geography:
    return offline_geography(data_dir / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv", data_dir / "gmina-centroids")


@pytest.fixture(scope="session")
def powiat_rows(geo: Geography) -> Rows:
    return generated(geo, "powiat", POWIAT, SEED)
