"""Persons served by several institutions, counted without identifying anyone (issue 13).

The same PESEL registered at two institutions gives two client records with the
same keyed hash (``Client.pesel_hash``; the key is outside the graph).  Counting
such hashes per gmina shows where "two institutions serve one person without
knowing each other" – never who.  Counts below the threshold are suppressed
(``KOOPERACJA_MIN_COUNT``, :mod:`graph.suppression`), with secondary suppression
across the gminas so a total cannot reveal a hidden cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.store.protocol import Store
from graph.suppression import display, suppress_cells, threshold

__all__ = ["SharedPersons", "shared_persons"]


@dataclass(frozen=True)
class SharedPersons:
    gmina: str
    persons: int | None  # None = suppressed
    display: str


def shared_persons(store: Store, territory: str = "") -> list[SharedPersons]:
    """Per gmina of ``territory`` (TERYT prefix): persons registered at ≥ 2 institutions, suppressed."""
    k = threshold()
    rows = store.query("analysis_shared_persons", {"territory": territory})
    cells = suppress_cells({r["gmina"]: int(r["persons"]) for r in rows}, k)
    return [SharedPersons(g, n, display(n, k)) for g, n in sorted(cells.items())]
