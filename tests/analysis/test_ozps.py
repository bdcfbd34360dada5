"""Ocena zasobów pomocy społecznej (art. 16a uops) from the demo network, on both stores."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.protocol import Store
from queries.analysis.ozps import MISSING, build_ozps, write_ozps
from queries.analysis.projection import AnalysisInputError


def test_ozps_of_powiat_torunski(demo_store: Store, tmp_path: Path) -> None:
    report = build_ozps(demo_store, "0415")
    assert report.title == "powiat toruński"
    types = {r.type: r for r in report.infrastructure}
    # 9 gminas: 8 OPS + 1 CUS located in the powiat; the PCPR seated in Toruń is the powiat's own unit
    assert types["OPS"].institutions == 8 and types["CUS"].institutions == 1 and types["PCPR"].institutions == 1
    assert types["CIS"].places is not None and types["CIS"].places > 0
    assert any(n.startswith("Stowarzyszenie") for n, _ in report.ngos)
    assert any(comp == "praca socjalna" and staff > 0 for _, comp, staff, _ in report.staff)
    files = write_ozps(report, tmp_path)
    page = files[0].read_text(encoding="utf-8")
    assert "Ocena zasobów pomocy społecznej: powiat toruński" in page and "z siedzibą w powiecie toruńskim" in page
    assert MISSING in page  # the parts Kooperacja does not hold are marked, not left empty
    rows = list(
        csv.reader(io.StringIO((tmp_path / "ozps_infrastruktura.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    )
    assert rows[0][:3] == ["rodzaj instytucji", "liczba", "miejsca"]
    with pytest.raises(AnalysisInputError):
        build_ozps(demo_store, "9999")


def test_ozps_command(tmp_path: Path) -> None:
    from gapkit import load_demo_into

    from graph.store.ladybug_store import LadybugStore

    store = LadybugStore(tmp_path / "db")
    store.init_schema()
    load_demo_into(store)
    store.close()
    result = CliRunner().invoke(app, ["--graph", str(tmp_path / "db"), "ozps", "041504", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "gmina Lubicz" in result.output and (tmp_path / "o" / "ozps.html").exists()


def test_ozps_queries(demo_store: Store) -> None:
    rows = {r["id"]: r for r in demo_store.query("ozps_institutions", {"prefix": "041504"})}
    # located in Lubicz, plus those competent for exactly 041504 from outside (CIS Toruń serves Lubicz)
    assert {"cus-lubicz", "kis-lubicz", "gkrpa-lubicz", "ngo-seniorzy", "cis-torun"} <= set(rows)
    assert {i for i, r in rows.items() if r["gmina"] != "041504"} == {"cis-torun"}
    staff = demo_store.query("ozps_staff", {"prefix": "041504"})
    assert all(int(r["staff"]) >= 0 for r in staff) and {r["type"] for r in staff} <= {r["type"] for r in rows.values()}
