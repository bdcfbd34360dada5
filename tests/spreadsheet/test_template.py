"""The Kooperacja spreadsheet template: sheets, headers, documentation, shipped files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from api.cli import app
from graph.enums import CooperationKind, InstitutionType, PartnershipType, ServiceStatus
from graph.reference import COMPETENCES, SERVICE_CATEGORIES, TARGET_GROUPS
from importers.spreadsheet.example import EXAMPLE, TEMPLATE_DIR, write_shipped_files
from importers.spreadsheet.reader import read_workbook
from importers.spreadsheet.schema import SHEETS
from importers.spreadsheet.template import readme_markdown, write_template

DATA_SHEETS = ["instytucje", "usługi", "kompetencje", "współpraca", "partnerstwa", "członkowie"]


def test_xlsx_template_has_documented_sheets_headers_and_lists(tmp_path: Path) -> None:
    path = write_template(tmp_path / "szablon.xlsx", "xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["instrukcja", *DATA_SHEETS, "słowniki"]
    for sheet in SHEETS:
        ws = wb[sheet.title]
        header = [c.value for c in ws[1]]
        assert header == [c.title for c in sheet.columns]
        assert ws.max_row == 1  # empty
        assert all(ws.cell(1, i + 1).comment is not None for i in range(len(header)))
    assert "Identyfikator *" in [c.value for c in wb["instytucje"][1]]  # required columns are starred
    # drop-down of institution types points at the names in "słowniki"
    rules = wb["instytucje"].data_validations.dataValidation
    assert any(r.formula1 and "słowniki" in r.formula1 and "C2:C1000" in str(r.sqref) for r in rules)
    lists = wb["słowniki"]
    values = {c.value for row in lists.iter_rows() for c in row if c.value}
    for enum in (InstitutionType, ServiceStatus, CooperationKind, PartnershipType):
        assert {x.value for x in enum} <= values and {x.label for x in enum} <= values
    assert {c for c, _, _ in SERVICE_CATEGORIES} | {c for c, _ in TARGET_GROUPS} | {c for c, _ in COMPETENCES} <= values
    guide = "\n".join(str(c.value) for row in wb["instrukcja"].iter_rows() for c in row if c.value)
    assert all(col.doc in guide for sheet in SHEETS for col in sheet.columns)
    # the empty template reads back as no rows and no problems
    book = read_workbook(path)
    assert book.issues == [] and book.rows_read == 0 and set(book.sheets) == {s.key for s in SHEETS}


def test_csv_template_as_directory_and_zip(tmp_path: Path) -> None:
    folder = write_template(tmp_path / "szablon", "csv")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["README.md", *(s.csv_name for s in SHEETS)])
    assert (folder / "uslugi.csv").read_text(encoding="utf-8").splitlines() == [
        ",".join(c.title for c in SHEETS[1].columns)
    ]
    archive = write_template(tmp_path / "szablon.zip", "csv", EXAMPLE)
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == names
    book = read_workbook(archive)
    assert book.issues == [] and book.rows_read == sum(len(v) for v in EXAMPLE.values())


def test_readme_documents_every_column_and_allowed_value() -> None:
    text = readme_markdown()
    for sheet in SHEETS:
        assert f"## Arkusz `{sheet.title}`" in text
        assert all(f"| {c.header} |" in text for c in sheet.columns)
    for enum in (InstitutionType, ServiceStatus, CooperationKind, PartnershipType):
        assert all(f"| `{x.value}` | {x.label} |" in text for x in enum)


def test_shipped_template_files_are_up_to_date(tmp_path: Path) -> None:
    """importers/template/ must equal what the generator writes (regenerate: python -m importers.spreadsheet.example)."""
    fresh = tmp_path / "template"
    write_shipped_files(fresh)
    assert (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8") == (fresh / "README.md").read_text(encoding="utf-8")
    shipped_csv = sorted(p.name for p in (TEMPLATE_DIR / "przyklad").iterdir())
    assert shipped_csv == sorted(p.name for p in (fresh / "przyklad").iterdir())
    for name in shipped_csv:
        assert (TEMPLATE_DIR / "przyklad" / name).read_text(encoding="utf-8") == (fresh / "przyklad" / name).read_text(
            encoding="utf-8"
        )
    for name in ("szablon.xlsx", "przyklad.xlsx"):
        old, new = openpyxl.load_workbook(TEMPLATE_DIR / name), openpyxl.load_workbook(fresh / name)
        assert old.sheetnames == new.sheetnames
        for title in old.sheetnames:
            assert [[c.value for c in r] for r in old[title].iter_rows()] == [
                [c.value for c in r] for r in new[title].iter_rows()
            ]


def test_template_command_writes_xlsx_csv_and_example(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["template", str(tmp_path / "a.xlsx")])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames[1] == "instytucje"
    result = runner.invoke(app, ["template", str(tmp_path / "b"), "--format", "csv", "--przyklad"])
    assert result.exit_code == 0, result.output
    assert read_workbook(tmp_path / "b").rows_read == 39
    (tmp_path / "plik.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["template", str(tmp_path / "plik.txt"), "--format", "csv"])
    assert result.exit_code == 2 and "katalog" in result.output
