"""The CLI on both stores: init and demo are idempotent, stats and query print real data."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()


def _stats(args: list[str]) -> dict[str, int]:
    result = runner.invoke(app, [*args, "stats", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_init_and_demo_twice_change_nothing(graph_args) -> None:
    assert runner.invoke(app, [*graph_args, "init"]).exit_code == 0
    first_init = _stats(graph_args)
    assert runner.invoke(app, [*graph_args, "init"]).exit_code == 0
    assert _stats(graph_args) == first_init
    assert first_init["ServiceCategory"] > 20 and first_init["Institution"] == 0

    result = runner.invoke(app, [*graph_args, "demo"])
    assert result.exit_code == 0, result.output
    loaded = _stats(graph_args)
    assert loaded["Institution"] == 34 and loaded["Client"] == 48
    result = runner.invoke(app, [*graph_args, "demo"])
    assert result.exit_code == 0
    assert _stats(graph_args) == loaded


def test_query_command_runs_a_named_query(graph_args) -> None:
    runner.invoke(app, [*graph_args, "demo"])
    result = runner.invoke(app, [*graph_args, "query", "territory_ancestors", "-p", "teryt=041505", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == ["toruński", "kujawsko-pomorskie"]


def test_query_command_reports_unknown_query(graph_args) -> None:
    result = runner.invoke(app, [*graph_args, "query", "nie_ma"])
    assert result.exit_code == 2
    assert "nie_ma" in result.output
