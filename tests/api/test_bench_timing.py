"""`kooperacja bench timing` runs on the demo network of either store and reports both side channels.

The figures are not asserted (a timed test on a shared machine is noise); what is
checked is that the bench measures what it says and leaves no state behind.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.ladybug_store import LadybugStore
from graph.writer import write_batch
from importers.demo import demo_batch, reference_batch


@pytest.fixture
def demo_args(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    if backend == "ladybug":
        store = LadybugStore(tmp_path / "demo-db")
        store.init_schema()
        write_batch(store, reference_batch())
        write_batch(store, demo_batch())
        store.close()  # the CLI opens it
        return ["--graph", str(tmp_path / "demo-db")]
    request.getfixturevalue("demo_store")  # the Neo4j test database now holds the demo
    uri, password = request.getfixturevalue("neo4j_bolt")
    return ["--graph", uri, "--neo4j-password", password]


def test_bench_timing_reports_both_side_channels(demo_args: list[str], backend: str) -> None:
    state_before = os.environ.get("KOOPERACJA_STATE_DIR")
    result = CliRunner().invoke(app, [*demo_args, "bench", "timing", "--requests", "10", "--logins", "3"])
    assert result.exit_code == 0, result.output
    assert f"Kanały czasowe ({backend})" in result.output
    for row, a, b in (
        ("klient innej instytucji / nieistniejący", "cudzy", "nieistniejący"),
        ("logowanie: złe hasło / nieznany użytkownik", "złe hasło", "nieznany"),
    ):
        line = next((ln for ln in result.output.splitlines() if ln.startswith(row)), "")
        assert re.search(rf"{a} \d+\.\d\d ms, {b} \d+\.\d\d ms, różnica \d+\.\d% – ", line), result.output
    # the bench's users and audit log lived in a temporary state directory
    assert os.environ.get("KOOPERACJA_STATE_DIR") == state_before


def test_bench_timing_refuses_a_graph_without_clients(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "empty")
    store.init_schema()
    store.close()
    result = CliRunner().invoke(app, ["--graph", str(tmp_path / "empty"), "bench", "timing", "--requests", "10"])
    assert result.exit_code == 2 and "nie zawiera klientów" in result.output
