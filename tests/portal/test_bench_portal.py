"""``kooperacja bench portal`` runs against a demo store and prints both pages' figures (no timing asserted)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.protocol import Store
from tests.conftest import load_demo


@pytest.mark.parametrize("backend", ["ladybug"], indirect=True)
def test_bench_portal_prints_pages_next_to_their_operations(store: Store, state, request) -> None:
    from browser import require_browser

    require_browser()
    load_demo(store)
    path = str(store.path)  # type: ignore[attr-defined]
    store.close()
    result = CliRunner().invoke(app, ["--graph", path, "bench", "portal", "--repeat", "5", "--browser-runs", "1"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Szukaj pomocy: /?co=terapia" in out and "Instytucja: /instytucje/cis-torun" in out
    assert "SearchVocabulary + TerritoriesByName + SearchServices" in out
    assert out.count("strona ÷ operacje (p50):") == 2 and out.count("DOMContentLoaded") == 2


@pytest.mark.parametrize("backend", ["ladybug"], indirect=True)
def test_bench_portal_says_when_the_demo_is_missing(store: Store, state) -> None:
    path = str(store.path)  # type: ignore[attr-defined]
    store.close()
    result = CliRunner().invoke(app, ["--graph", path, "bench", "portal", "--repeat", "5", "--browser-runs", "0"])
    assert result.exit_code != 0 and "kooperacja demo" in result.output
