"""A home retired by a newer register edition is hidden from the service search by default
(queries/directory_gen.py: ``valid_to IS NULL`` on the institution and the service)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import model as m
from graph.store.protocol import Store
from graph.writer import get_nodes
from importers.registers.editions import import_register_edition
from tests.registers.territories import load_territories

EDITIONS = Path(__file__).resolve().parents[1] / "data" / "registers-editions"
SIMC = Path(__file__).resolve().parents[1] / "data" / "teryt-simc" / "SIMC_Urzedowy_2023-01-01.zip"

SEARCH = """
query($text: String, $first: Int) {
  searchServices(text: $text, first: $first) {
    totalCount
    edges { node { service { id } } }
  }
}
"""


def test_retired_home_is_not_found_by_search_services(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.api.apitest import gql, make_client

    load_territories(store, "12")
    # two Małopolska editions: homes of 2023 missing from 2026 are retired (valid_to set)
    for name in ("malopolska_wolne_miejsca_w_DPS_30.04.2023.xls", "malopolska_wolne_miejsca_w_dps_30.04.2026.xlsx"):
        import_register_edition(store, EDITIONS / name, "malopolska-dps", simc=SIMC)
    ids = sorted({r["institution"] for r in store.query("register_occupancy", {"register": "dps-malopolskie"})})
    homes = get_nodes(store, m.Institution, ids)
    retired = [h for h in homes if h.valid_to is not None]
    current = [h for h in homes if h.valid_to is None]
    assert retired and current
    # a home's services have ids "<home id>.<type slug>" (importers/registers/editions.py)

    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(tmp_path / "state"))
    with make_client(store) as client:
        for home in retired[:3]:
            # the home's own name finds its services when current (see the control below)
            found = gql(client, SEARCH, {"text": home.name, "first": 100})["data"]["searchServices"]
            hits = [e["node"]["service"]["id"] for e in found["edges"]]
            assert not [s for s in hits if s.startswith(home.id + ".")], (home.id, hits)
        control = current[0]
        found = gql(client, SEARCH, {"text": control.name, "first": 100})["data"]["searchServices"]
        assert [e for e in found["edges"] if e["node"]["service"]["id"].startswith(control.id + ".")]
        # browsing (no text) over every service: no service of a retired home either
        browse = gql(client, SEARCH, {"first": 100})["data"]["searchServices"]
        listed = {e["node"]["service"]["id"] for e in browse["edges"]}
        assert listed and not [s for s in listed if any(s.startswith(h.id + ".") for h in retired)]
    services = get_nodes(store, m.Service, [r["id"] for r in store.query("search_index_all_services", {})])
    live = [s for s in services if s.valid_to is None]
    assert len(live) < len(services)  # the retired homes' services are stored (history), only hidden
    assert browse["totalCount"] == len(live)
