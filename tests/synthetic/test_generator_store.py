"""`kooperacja generate` into real stores (both backends), at gmina scale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import model as m
from graph.catalog import Statement
from graph.digest import graph_digest, rows_digest
from graph.store.protocol import Store
from graph.writer import graph_counts
from importers.synthetic.generator import Options, generate
from tests.search_index_check import assert_search_index_consistent
from tests.synthetic.helpers import generated

GMINA = "041503"  # Czernikowo, a rural gmina of powiat toruński
runner = CliRunner()


def _options(data_dir: Path, seed: int) -> Options:
    return Options(
        scale="gmina",
        seed=seed,
        territory=GMINA,
        terc=data_dir / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv",
        centroids=data_dir / "gmina-centroids",
        clients_per_chunk=100,
    )


def _wipe(store: Store) -> None:
    store.execute(Statement("test.wipe_all", "MATCH (n) DETACH DELETE n"))


def test_generate_writes_exactly_the_generated_rows_and_rerun_changes_nothing(
    store: Store, data_dir: Path, geo
) -> None:
    result = generate(store, _options(data_dir, 5))
    assert result.chunks == 2 and result.teryt is not None  # institutions, then the clients of the one gmina
    rows = generated(geo, "gmina", GMINA, 5)
    stored = graph_digest(store, list(rows))
    assert stored == {getattr(k, "__label__", None) or k.__type__: rows_digest(k, v) for k, v in rows.items()}
    counts = graph_counts(store)
    assert counts["Territory"] == 2875 and counts["Client"] == len(rows[m.Client])
    assert_search_index_consistent(store)  # the generator's services are indexed by the writer

    again = generate(store, _options(data_dir, 5))
    totals = again.report.totals
    assert (totals.created, totals.updated) == (0, 0) and totals.unchanged == result.report.totals.created
    assert graph_counts(store) == counts


def test_same_seed_gives_the_same_graph_and_another_seed_another(store: Store, data_dir: Path) -> None:
    generate(store, _options(data_dir, 9))
    first = graph_digest(store)
    _wipe(store)
    generate(store, _options(data_dir, 9))
    assert graph_digest(store) == first
    _wipe(store)
    generate(store, _options(data_dir, 10))
    other = graph_digest(store)
    assert other["Territory"] == first["Territory"]
    assert other["Client"] != first["Client"] and other["Referral"] != first["Referral"]


def test_unknown_territory_is_a_clear_error(store: Store, data_dir: Path) -> None:
    with pytest.raises(ValueError, match="nie ma jednostki 049999"):
        generate(store, Options(scale="gmina", territory="049999", terc=_options(data_dir, 1).terc, centroids=None))
    with pytest.raises(ValueError, match="6 cyfrach"):
        generate(store, Options(scale="gmina", territory="04", terc=_options(data_dir, 1).terc, centroids=None))


def test_cli_generate_and_import_commands(graph_args: list[str], data_dir: Path) -> None:
    terc = data_dir / "teryt-terc"
    result = runner.invoke(app, [*graph_args, "import", "teryt", str(terc / "TERC_Urzedowy_2020-01-01.csv")])
    assert result.exit_code == 0, result.output
    assert "gminy 2477" in result.output and "wczytane" in result.output
    result = runner.invoke(
        app, [*graph_args, "import", "teryt", str(terc / "TERC_Urzedowy_2025-11-18.zip"), "--limit", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "Zmiany rodzaju gminy (RODZ): 76" in result.output and "Słupsk → Redzikowo" in result.output
    result = runner.invoke(app, [*graph_args, "import", "centroids", str(data_dir / "gmina-centroids")])
    assert result.exit_code == 0, result.output
    assert "Gminy bez centroidu: 2" in result.output and "Szczawa" in result.output

    result = runner.invoke(app, [*graph_args, "generate", "--scale", "gmina", "--territory", GMINA, "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Sieć syntetyczna" in result.output
    stats = json.loads(runner.invoke(app, [*graph_args, "stats", "--json"]).output)
    assert stats["Territory"] == 2875 and stats["Client"] > 50 and stats["Referral"] > 100

    bad = runner.invoke(
        app, [*graph_args, "import", "teryt", str(data_dir / "gmina-centroids" / "gminy_centroidy_PRG2020.csv")]
    )
    assert bad.exit_code == 2 and "separator" in bad.output and "Nic nie zostało zapisane" in bad.output
    assert json.loads(runner.invoke(app, [*graph_args, "stats", "--json"]).output) == stats


def test_bench_import_runs_and_reports_rows_per_second(graph_args: list[str], backend: str, tmp_path: Path) -> None:
    # A smoke test of the benchmark at gmina scale; the numbers themselves are not asserted.
    common = ["bench", "import", "--scale", "gmina", "--territory", GMINA]
    if backend == "ladybug":
        args = [*common, "--keep", str(tmp_path / "bench")]
    else:
        args = [*graph_args, *common, "--no-embedded", "--wipe"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{backend}: pierwsze ładowanie" in result.output and f"{backend}: ponowne ładowanie" in result.output
    assert "zmieniło dane" not in result.output
    assert "RSS" in result.output  # memory is reported next to speed
    if backend == "ladybug":  # the kept database: its files on disk are what the bench reports
        from api.commands.bench_import import _disk_mb

        kept = tmp_path / "bench" / "db"
        assert _disk_mb(kept) == sum(f.stat().st_size for f in kept.parent.iterdir() if f.is_file()) / 2**20 > 0
