"""A formula-like name (``=HYPERLINK(…)``) from a register never becomes a live formula in an
output: the gap report's kumu.xlsx and CSV, the HSDS CSV export, the import report CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from graph import model as m
from graph.store.protocol import Store
from graph.writer import Batch, get_node, write_batch
from importers.hsds.export import export_hsds
from importers.parsers.gmina_match import MatchResult
from importers.registers.report import ImportReport
from queries.analysis.export import write_kumu, write_report_csvs
from queries.analysis.projection import Period
from queries.analysis.report import build_report
from tests.conftest import load_demo

EVIL = '=HYPERLINK("http://zly.example/x","Kliknij")'


def test_formula_names_are_neutralised_in_every_output(store: Store, tmp_path: Path) -> None:
    load_demo(store)
    ops = get_node(store, m.Institution, "gops-lubianka")
    assert ops is not None
    write_batch(store, Batch().add(m.Institution, [ops.model_copy(update={"name": EVIL})]))

    report = build_report(store, "0415", Period.parse("2025"))
    out = tmp_path / "raport"
    out.mkdir()
    write_kumu(report, out)
    write_report_csvs(report, out)
    cells = [
        c
        for row in load_workbook(out / "kumu.xlsx")["Elements"].iter_rows()
        for c in row
        if str(c.value).startswith("=HYPERLINK")
    ]
    assert cells and all(c.data_type == "s" for c in cells)  # text, not a formula
    assert EVIL not in (out / "kumu_elements.csv").read_text(encoding="utf-8").replace("'" + EVIL, "")

    export_hsds(store, tmp_path / "hsds", "datapackage")
    org = next((tmp_path / "hsds").rglob("organization*.csv"))
    names = [r["name"] for r in csv.DictReader(io.StringIO(org.read_text(encoding="utf-8")))]
    assert "'" + EVIL in names and EVIL not in names

    rep = ImportReport("register", "Rejestr", "r.xlsx")
    rep.decide(
        MatchResult(None, "unresolved", ""),
        row=3,
        file="r.xlsx",
        institution=EVIL,
        target="gmina",
        field="adres",
        value="-1+1",
    )
    rows = list(csv.reader(io.StringIO(rep.to_csv())))
    assert [rows[-1][3], rows[-1][6]] == ["'" + EVIL, "'-1+1"]
