"""The CLI as a Polish user meets it: query --list, Polish errors with a hint, one-line
configuration errors, missing files named with where they were looked for, and a start
that loads no heavy library (the start time itself is a benchmark figure, not a test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()
#: No server is contacted: these errors come before the store is opened.
STORES = pytest.mark.parametrize("graph", ["embedded", "bolt://127.0.0.1:9"])


def _args(graph: str, tmp_path: Path) -> list[str]:
    return ["--graph", str(tmp_path / "db") if graph == "embedded" else graph]


@STORES
def test_query_list_shows_the_catalogue_with_parameters(graph: str, tmp_path: Path) -> None:
    result = runner.invoke(app, [*_args(graph, tmp_path), "query", "--list"])
    assert result.exit_code == 0, result.output
    assert "directory_categories" in result.output
    assert "directory_institutions_by_id (ids)" in result.output


@STORES
def test_query_errors_are_polish_with_a_hint(graph: str, tmp_path: Path) -> None:
    args = [*_args(graph, tmp_path), "query"]
    no_name = runner.invoke(app, args)
    assert no_name.exit_code == 2 and "podaj nazwę zapytania" in no_name.output and "--list" in no_name.output

    typo = runner.invoke(app, [*args, "directory_categores"])
    assert typo.exit_code == 2
    assert "nie ma zapytania „directory_categores”" in typo.output
    assert "Może chodziło o: directory_categories" in typo.output

    missing = runner.invoke(app, [*args, "directory_institutions_by_id"])
    assert missing.exit_code == 2 and "potrzebuje parametrów: ids. Podaj je tak: -p ids=…" in missing.output

    extra = runner.invoke(app, [*args, "directory_institutions_by_id", "-p", 'ids=["x"]', "-p", "miasto=Toruń"])
    assert extra.exit_code == 2 and "nie zna parametrów: miasto (przyjmuje: ids)" in extra.output

    shape = runner.invoke(app, [*args, "directory_institutions_by_id", "-p", "ids"])
    assert shape.exit_code == 2 and "nie ma postaci klucz=wartość" in shape.output


def test_a_bad_setting_is_one_polish_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--graph", str(tmp_path / "db"), "stats"], env={"KOOPERACJA_TX_TIMEOUT": "abc"})
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == ["Błąd: konfiguracja: KOOPERACJA_TX_TIMEOUT: oczekiwano liczby sekund, podano 'abc'"]
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_missing_input_file_says_where_it_was_looked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--graph", str(tmp_path / "db"), "import", "teryt", "TERC.csv"])
    assert result.exit_code == 2
    assert f"nie ma pliku ani katalogu TERC.csv (szukano: {tmp_path / 'TERC.csv'}" in result.output
    assert not (tmp_path / "db").exists()  # nothing opened, nothing written


def test_help_is_polish() -> None:
    result = runner.invoke(app, ["query", "--help"])
    assert result.exit_code == 0
    assert "Argumenty" in result.output and "Opcje" in result.output and "Pokaż katalog zapytań" in result.output


def test_the_cli_starts_without_loading_heavy_libraries() -> None:
    # `kooperacja --help` and every command start by importing api.cli: what a command needs it imports itself.
    heavy = ("fastapi", "strawberry", "pydantic", "graph.model", "pyarrow", "networkx", "neo4j", "ladybug", "psycopg")
    code = f"import sys, api.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
