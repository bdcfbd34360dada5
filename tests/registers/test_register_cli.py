"""``kooperacja import ops-slaskie|…|arkusz`` on both stores: report file, summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from importers.spreadsheet.example import EXAMPLE, TEMPLATE_DIR
from importers.spreadsheet.template import write_template

runner = CliRunner()


def test_register_and_spreadsheet_commands(graph_args: list[str], data_dir: Path, tmp_path: Path) -> None:
    regional = data_dir / "social-institutions-regional"
    result = runner.invoke(app, [*graph_args, "import", "krs", str(data_dir / "krs-ngo-sample")])
    assert result.exit_code == 2 and "import teryt" in result.output and "Nic nie zostało zapisane" in result.output

    terc = data_dir / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv"
    assert runner.invoke(app, [*graph_args, "import", "teryt", str(terc)]).exit_code == 0

    report = tmp_path / "slaskie.json"
    result = runner.invoke(
        app, [*graph_args, "import", "ops-slaskie", str(regional / "ops_slaskie.csv"), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "Import OPS/CUS (śląskie)" in result.output and "Buczkowice Gmina Buczkowice-" in result.output
    assert json.loads(report.read_text(encoding="utf-8"))["created"] == 167
    result = runner.invoke(
        app, [*graph_args, "import", "ops-slaskie", str(regional / "ops_slaskie.csv"), "--report", str(report)]
    )
    assert result.exit_code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["created"], data["updated"], data["unchanged"]) == (0, 0, 167)
    assert "@" not in result.output  # no e-mail is ever printed

    result = runner.invoke(app, [*graph_args, "import", "arkusz", str(TEMPLATE_DIR / "przyklad.xlsx")])
    assert result.exit_code == 0, result.output
    assert "instytucje: wierszy 9, zapisanych 9" in result.output
    broken = {**EXAMPLE, "partnerstwa": [{**EXAMPLE["partnerstwa"][0], "type": "koło gospodyń"}]}
    path = write_template(tmp_path / "zly.xlsx", "xlsx", broken)
    csv_report = tmp_path / "bledy.csv"
    result = runner.invoke(app, [*graph_args, "import", "arkusz", str(path), "--report", str(csv_report)])
    assert result.exit_code == 1 and "Nic nie zostało zapisane" in result.output
    assert "arkusz 'partnerstwa', wiersz 2, kolumna 'Typ partnerstwa'" in result.output
    lines = csv_report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "arkusz,wiersz,kolumna,rodzaj,opis" and lines[1].startswith(
        "partnerstwa,2,Typ partnerstwa,błąd,"
    )
    # the example is in the store now: its members still refer to stored partnerships
    result = runner.invoke(app, [*graph_args, "import", "arkusz", str(path), "--skip-invalid"])
    assert result.exit_code == 0 and "Pominięto wiersze z błędami: błędów 1" in result.output
