"""`kooperacja serve` is registered; `kooperacja bench api` runs end to end on both stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.ladybug_store import LadybugStore
from graph.writer import write_batch
from importers.demo import demo_batch, reference_batch


def test_serve_command_is_registered() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.stdout and "--port" in result.stdout


@pytest.mark.slow
def test_bench_api_prints_latencies_and_ratio(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if backend == "ladybug":
        # one process per database: the bench opens its own copy of the demo
        store = LadybugStore(tmp_path / "db")
        store.init_schema()
        write_batch(store, reference_batch())
        write_batch(store, demo_batch())
        store.close()
        args = ["--graph", str(tmp_path / "db")]
    else:
        request.getfixturevalue("demo_store")  # the demo network loaded in the session server
        server: Any = request.getfixturevalue("neo4j_server")
        if server is None:
            pytest.skip("external Neo4j: credentials unknown to the CLI")
        args = ["--graph", server.uri, "--neo4j-password", server.password]
    result = CliRunner().invoke(app, [*args, "bench", "api", "--requests", "12", "--concurrency", "2"])
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert "Gmina testowa: Toruń (046301)" in out
    assert "p50 ms" in out and "API/baza" in out and out.count("×") >= 2
