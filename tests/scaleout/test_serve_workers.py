"""``kooperacja serve --workers N``: the configurations that cannot share state are refused in Polish, up front."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.commands.serve_workers import workers_problem
from graph.config import Settings

runner = CliRunner()
NEO4J = Settings(graph="bolt://127.0.0.1:7687")
SECRET = "x7Rk2pQ9vLm4Zt8Wc1Hy6Bn3Jd5Fs0Ga_-ueio"


def test_embedded_store_refuses_several_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOOPERACJA_JWT_SECRET", SECRET)
    result = runner.invoke(app, ["--graph", str(tmp_path / "graf"), "serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "Błąd konfiguracji: --workers większe niż 1 wymaga Neo4j" in result.output
    assert "LadybugDB" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "graf").exists()  # refused before anything was opened or created


def test_zero_workers_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--graph", str(tmp_path / "graf"), "serve", "--workers", "0"])
    assert result.exit_code == 2 and not (tmp_path / "graf").exists()


def test_one_worker_needs_nothing_shared() -> None:
    assert workers_problem(Settings(graph="/tmp/graf"), 1, env={}) is None


def test_workers_need_one_jwt_secret() -> None:
    problem = workers_problem(NEO4J, 4, env={})
    assert problem is not None and "KOOPERACJA_JWT_SECRET" in problem


def test_workers_in_test_env_need_a_shared_state() -> None:
    env = {"KOOPERACJA_JWT_SECRET": SECRET, "KOOPERACJA_ENV": "test"}
    assert "KOOPERACJA_STATE_DIR" in (workers_problem(NEO4J, 2, env=env) or "")
    assert workers_problem(NEO4J, 2, env={**env, "KOOPERACJA_STATE_DIR": "/srv/stan"}) is None
    assert workers_problem(NEO4J, 2, env={**env, "KOOPERACJA_STATE_URL": "postgresql://db/k"}) is None
    assert workers_problem(NEO4J, 2, env={"KOOPERACJA_JWT_SECRET": SECRET}) is None  # production: a fixed state dir
