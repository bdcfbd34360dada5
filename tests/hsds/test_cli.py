"""``kooperacja import hsds`` and ``kooperacja export hsds`` on both stores."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from tests.search_index_check import domain_counts

runner = CliRunner()


def _stats(args: list[str]) -> dict[str, int]:
    result = runner.invoke(app, [*args, "stats", "--json"])
    assert result.exit_code == 0, result.output
    return {k: v for k, v in json.loads(result.output).items() if v}


def test_import_examples_twice(graph_args: list[str], examples: Path) -> None:
    first = runner.invoke(app, [*graph_args, "import", "hsds", str(examples / "csv")])
    assert first.exit_code == 0, first.output
    assert "Import HSDS 3.0" in first.output and "wczytane" in first.output
    assert "nie rozpoznano typu" in first.output
    counts = _stats(graph_args)
    assert domain_counts(counts) == {"Institution": 1, "Service": 1, "ServiceCategory": 1, "OFFERS": 1}
    # the one service is indexed (the index's consistency itself: tests/hsds/test_import.py)
    assert counts["INDEXES"] > 0 and 0 < counts["SearchKey"] <= counts["INDEXES"]
    second = runner.invoke(app, [*graph_args, "import", "hsds", str(examples / "csv"), "--limit", "0"])
    assert second.exit_code == 0, second.output
    assert _stats(graph_args) == counts  # index tables included: re-importing changes nothing


def test_bad_input_is_reported_and_nothing_written(graph_args: list[str], tmp_path: Path) -> None:
    broken = tmp_path / "services.json"
    broken.write_text('[{"id": "a", "name": "x", "status": "active"', encoding="utf-8")
    result = runner.invoke(app, [*graph_args, "import", "hsds", str(broken)])
    assert result.exit_code == 2
    assert "services.json, linia 1" in result.output and "Nic nie zostało zapisane" in result.output
    assert _stats(graph_args) == {}


def test_export_the_demo(graph_args: list[str], tmp_path: Path) -> None:
    assert runner.invoke(app, [*graph_args, "demo"]).exit_code == 0
    out = tmp_path / "lubicz"
    result = runner.invoke(app, [*graph_args, "export", "hsds", str(out), "--format", "json", "--territory", "041504"])
    assert result.exit_code == 0, result.output
    assert "organizacje: 16, usługi: 21" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "organizations.json",
        "services.json",
        "taxonomies.json",
        "taxonomy_terms.json",
    ]
    package = tmp_path / "pakiet"
    result = runner.invoke(app, [*graph_args, "export", "hsds", str(package)])
    assert result.exit_code == 0, result.output
    assert (package / "datapackage.json").is_file() and len(list(package.glob("*.csv"))) == 21
    missing = runner.invoke(app, [*graph_args, "export", "hsds", str(out), "--territory", "1261"])
    assert missing.exit_code == 2 and "1261 nie ma w grafie" in missing.output
