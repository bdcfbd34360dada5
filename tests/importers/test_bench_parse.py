"""`kooperacja bench parse`: the TERC parser's speed is measured there, not asserted in a test."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()


def test_bench_parse_reads_each_file_and_reports_its_rows(terc_dir: Path) -> None:
    files = [terc_dir / "TERC_Urzedowy_2025-11-18.csv", terc_dir / "TERC_Urzedowy_2025-11-18.xml"]
    result = runner.invoke(app, ["bench", "parse", *map(str, files), "--repeat", "1"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for path in files:
        line = next(ln for ln in result.output.splitlines() if path.name in ln)
        assert "4348" in line and "2479" in line, line


def test_bench_parse_names_a_missing_or_damaged_file(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["bench", "parse", str(tmp_path / "brak.csv")], terminal_width=200)
    assert missing.exit_code == 2 and "brak.csv" in missing.output
    damaged = tmp_path / "TERC_zly.csv"
    damaged.write_text("to nie jest TERC\n", encoding="utf-8")
    result = runner.invoke(app, ["bench", "parse", str(damaged)], terminal_width=200)
    assert result.exit_code == 2 and "TERC_zly.csv" in result.output
