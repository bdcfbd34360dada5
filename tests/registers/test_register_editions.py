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
from graph.writer import graph_counts
from importers.registers.editions import GminaStats, import_register_edition
from tests.registers.territories import load_territories

EDITIONS = Path(__file__).resolve().parents[1] / "data" / "registers-editions"
SIMC = Path(__file__).resolve().parents[1] / "data" / "teryt-simc" / "SIMC_Urzedowy_2023-01-01.zip"


def graph_digest(store: Store) -> dict[str, str]:
    """The graph without the search index: SearchKey nodes of a name no longer used are not
    removed by graph.search (an index, not content), so they depend on the import order."""
    return {k: v for k, v in _digest(store).items() if k != "SearchKey"}


LAYOUTS = {
    "malopolska": "malopolska-dps",
    "kujawsko-pomorskie": "kujawsko-pomorskie-dps",
    "podkarpackie": "podkarpackie-dps",
}


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


def test_retired_homes_history_gminas_and_no_directors(
    store: Store, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import csv
    import logging

    from graph.writer import get_nodes
    from importers.parsers.register_table import parse_register
    from importers.parsers.workbook import read_grids
    from importers.registers.gazetteer import Gazetteer
    from importers.registers.home_gmina import Decisions, resolve_home_gmina
    from importers.registers.simc import load_simc

    caplog.set_level(logging.DEBUG)
    load_territories(store, "04", "12", "18")
    per_register: dict[str, GminaStats] = {}
    for p, lay in _date_order(_editions()):
        stats = per_register.setdefault(lay, GminaStats())
        import_register_edition(store, p, lay, simc=SIMC, stats=stats)
    # ≥ 95 % of the homes of each register get their gmina automatically (all editions counted)
    for lay, stats in per_register.items():
        assert stats.automatic / stats.homes >= 0.95, (lay, stats.automatic, stats.homes, stats.open)

    # retired: a home of the 2023 Małopolska edition missing from 2026 keeps its node, with a validity end
    rows = store.query("register_occupancy", {"register": "dps-malopolskie"})
    ids = sorted({r["institution"] for r in rows})
    homes = get_nodes(store, m.Institution, ids)
    retired = [h for h in homes if h.valid_to is not None]
    assert retired and all(h.valid_to <= dt.date(2026, 4, 30) for h in retired)
    assert all(h.valid_from == dt.date(2023, 4, 30) or h.valid_to is None for h in retired)
    current = [h for h in homes if h.valid_to is None]
    assert len(current) == 88  # the newest edition (30.04.2026) lists 88 homes
    history = store.query("register_history", {"institution": current[0].id})
    assert sorted({str(r["as_of"])[:10] for r in history}) == [
        "2023-04-30",
        "2024-02-29",
        "2025-05-31",
        "2025-10-31",
        "2026-04-30",
    ]

    # hand-checked sample of 30 homes: every gmina right
    gaz = Gazetteer.from_store(store, "test")
    with (Path(__file__).parent / "gmina_hand_check.csv").open(encoding="utf-8") as fh:
        sample = list(csv.DictReader(fh, delimiter=";"))
    assert len(sample) == 30
    wrong = []
    for s in sample:
        ed = parse_register(EDITIONS / s["file"], s["layout"])
        home = next(h for h in ed.homes if h.row == int(s["row"]))
        found = resolve_home_gmina(
            home,
            register=ed.layout.register,
            woj=ed.layout.voivodeship or "",
            gaz=gaz,
            simc=load_simc(SIMC, {ed.layout.voivodeship or ""}),
            decisions=Decisions(None),
        )
        if found.key != s["gmina"]:
            wrong.append((s["home"], found.key, s["gmina"]))
    assert wrong == []

    # directors' names (Podkarpackie "kierownik / dyrektor") reach neither the graph nor a log
    grid = read_grids(EDITIONS / "podkarpackie_frekwencja-DPS-2026-07-20.xls")[0]
    names = {grid.text(r, 8) for r in range(4, grid.n_rows + 1)} - {"", "kierownik / dyrektor"}
    stored = repr(
        get_nodes(
            store,
            m.Institution,
            sorted({r["institution"] for r in store.query("register_occupancy", {"register": "dps-podkarpackie"})}),
        )
    )
    assert len(names) > 40 and not [n for n in names if n in stored or n in caplog.text]

    # retired homes and free-places histories through GraphQL
    from tests.api.apitest import gql, make_client

    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(tmp_path / "state"))
    with make_client(store) as client:
        body = gql(
            client, 'query { registerInstitutions(register: "dps-malopolskie") { id validFrom validTo retired } }'
        )
        listed = body["data"]["registerInstitutions"]
        assert {i["id"] for i in listed if i["retired"]} == {h.id for h in retired}
        assert len([i for i in listed if not i["retired"]]) == 88
        body = gql(
            client,
            "query($id: ID!) { registerHistory(institution: $id) { asOf freePlaces places } }",
            {"id": current[0].id},
        )
        points = body["data"]["registerHistory"]
        assert sorted({p["asOf"] for p in points}) == [
            "2023-04-30",
            "2024-02-29",
            "2025-05-31",
            "2025-10-31",
            "2026-04-30",
        ]
        assert all(p["freePlaces"] is not None for p in points)
