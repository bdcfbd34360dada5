"""Editions of three voivode registers (5 Małopolska, 3 Kujawsko-Pomorskie, 3 Podkarpackie)
into the store, on both backends: any import order gives the same final graph, homes
missing from the newest edition are retired, numbers are kept per edition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph import model as m
from graph.digest import graph_digest as _digest
from graph.store.protocol import Store
from graph.writer import get_node, graph_counts
from importers.registers.editions import GminaStats, import_register_edition
from tests.registers.territories import load_territories

EDITIONS = Path(__file__).resolve().parents[1] / "data" / "registers-editions"
SIMC = Path(__file__).resolve().parents[1] / "data" / "teryt-simc" / "SIMC_Urzedowy_2023-01-01.zip"
def graph_digest(store: Store) -> dict[str, str]:
    """The graph without the search index: SearchKey nodes of a name no longer used are not
    removed by graph.search (an index, not content), so they depend on the import order."""
    return {k: v for k, v in _digest(store).items() if k != "SearchKey"}


LAYOUTS = {"malopolska": "malopolska-dps", "kujawsko-pomorskie": "kujawsko-pomorskie-dps", "podkarpackie": "podkarpackie-dps"}


def _editions() -> list[tuple[Path, str]]:
    return [(p, next(v for k, v in LAYOUTS.items() if p.name.startswith(k))) for p in sorted(EDITIONS.iterdir())]


def _date_order(files: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    from importers.parsers.register_table import parse_register

    keyed = [(parse_register(p, lay).as_of, p.name, p, lay) for p, lay in files]
    return [(p, lay) for _, _, p, lay in sorted(keyed)]


def _load(store: Store, files: list[tuple[Path, str]], decisions: Path | None = None) -> GminaStats:
    load_territories(store, "04", "12", "18")
    stats = GminaStats()
    for p, lay in files:
        import_register_edition(store, p, lay, simc=SIMC, decisions=decisions, stats=stats)
    return stats


def test_any_order_gives_the_same_graph(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    from tests.conftest import make_store

    ordered = _date_order(_editions())
    assert len(ordered) == 11
    a = make_store(backend, request, tmp_path / "a")
    _load(a, ordered)
    digest_a, counts_a = graph_digest(a), graph_counts(a)
    a.close()
    b = make_store(backend, request, tmp_path / "b")
    _load(b, list(reversed(ordered)))
    assert graph_digest(b) == digest_a
    assert graph_counts(b) == counts_a
    # re-importing the newest edition of each register changes nothing
    for p, lay in ordered[-1:]:
        again = import_register_edition(b, p, lay, simc=SIMC)
        assert all((c.created, c.updated) == (0, 0) for c in again.write.per_table.values())
    assert graph_digest(b) == digest_a
    b.close()
