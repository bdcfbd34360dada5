"""Loading TERYT territories into a test store with the TERYT importer (importers.teryt).

Only the voivodeships a test needs are loaded (faster on Neo4j); the parsed
TERC 2025 file is cached for the session.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph.store.protocol import Store
from importers.parsers.teryt import TercFile, parse_terc
from importers.teryt import import_terc_file

TERC_2025 = Path(__file__).resolve().parents[1] / "data" / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv"


@cache
def terc_2025() -> TercFile:
    return parse_terc(TERC_2025)


def load_territories(store: Store, *wojs: str) -> None:
    """Write the units of the given voivodeships (all of Poland when none given)."""
    terc = terc_2025()
    rows = [r for r in terc.rows if not wojs or r.woj in wojs]
    import_terc_file(store, TercFile(terc.source, terc.variant, terc.stan_na, rows, []))
