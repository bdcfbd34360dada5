"""``kooperacja import register FILE [--mapping NAME]`` on both stores."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()


def test_import_register_command(graph_args: list[str], data_dir: Path, tmp_path: Path) -> None:
    editions = data_dir / "registers-editions"
    simc = ["--simc", str(data_dir / "teryt-simc" / "SIMC_Urzedowy_2023-01-01.zip")]
    terc = data_dir / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv"
    assert runner.invoke(app, [*graph_args, "import", "teryt", str(terc)]).exit_code == 0

    # a file of another layout: a Polish message naming what was expected and found, nothing written
    kp = editions / "kujawsko-pomorskie_dps_wolne_miejsca_2026-06-20.xls"
    result = runner.invoke(app, [*graph_args, "import", "register", str(kp), "--mapping", "malopolska-dps", *simc])
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert "nie pasuje do układu 'malopolska-dps'" in flat and "Nic nie zostało zapisane" in flat

    # the layout recognised without --mapping; ambiguous homes listed in the decisions file
    book = tmp_path / "decyzje.csv"
    result = runner.invoke(app, [*graph_args, "import", "register", str(kp), "--decyzje", str(book), *simc])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Gminy ustalone automatycznie: 45 z 47; z pliku decyzji: 0; do decyzji: 2." in flat
    assert book.read_text(encoding="utf-8").count("\n") == 3  # header + 2 homes

    mp = editions / "malopolska_wolne_miejsca_w_DPS_30.04.2023.xls"
    result = runner.invoke(app, [*graph_args, "import", "register", str(mp), "--mapping", "malopolska-dps", *simc])
    assert result.exit_code == 0, result.output
    assert "Gminy ustalone automatycznie: 89 z 89" in " ".join(result.output.split())
    again = runner.invoke(app, [*graph_args, "import", "register", str(mp), "--mapping", "malopolska-dps", *simc])
    assert again.exit_code == 0
    # the closing summary: 111 rows read, 0 new, 0 changed, 89 institutions unchanged
    assert re.search(r"│\s*111\s*│\s*0\s*│\s*0\s*│\s*89\s*│\s*0\s*│", again.output), again.output
