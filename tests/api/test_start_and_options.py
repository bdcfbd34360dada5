"""Issue 16, item 9: a misconfigured ``serve`` says one Polish line; ``bench load`` takes ``--port``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app


def test_serve_with_a_weak_secret_prints_one_polish_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOOPERACJA_ENV", "production")
    monkeypatch.setenv("KOOPERACJA_JWT_SECRET", "changeme")
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(app, ["--graph", str(tmp_path / "db"), "serve", "--port", "1"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Błąd konfiguracji: KOOPERACJA_JWT_SECRET")
    assert "Traceback" not in result.output


def test_bench_load_takes_a_port() -> None:
    result = CliRunner().invoke(app, ["bench", "load", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "--port" in result.output
