"""Damaged and unusual inputs on every importer's reader: Polish messages, no English errno
text, no decompression bomb inflated, right row numbers (issue 15, safety)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from importers.parsers.errors import ImportValidationError
from importers.parsers.ops import parse_ops_malopolska
from importers.parsers.teryt import parse_terc
from importers.spreadsheet.reader import read_workbook
from tests.importers.test_register_layouts import _zip_bomb

OPS_HEADER = "typ,id_jednostki,wojewodztwo,powiat,gmina,nazwa,kod_pocztowy,miejscowosc,ulica,numer_domu,telefon,www,email,godziny_pracy,teryt_gminy,latitude,longitude,geo_precyzja,uwagi"


@pytest.mark.parametrize("reader", [parse_terc, read_workbook])
def test_zip_bomb_refused_by_every_zip_reader(reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bomb = tmp_path / "dane.zip"
    _zip_bomb(bomb)
    started = time.perf_counter()
    with pytest.raises(ImportValidationError, match="bombę dekompresyjną"):
        reader(bomb)
    assert time.perf_counter() - started < 5


def test_xlsx_bomb_refused_by_the_openpyxl_readers(tmp_path: Path) -> None:
    from importers.parsers.dps import parse_dps_xlsx

    bomb = tmp_path / "rejestr.xlsx"
    _zip_bomb(bomb)
    with pytest.raises(ImportValidationError, match="bombę dekompresyjną"):
        parse_dps_xlsx(bomb)


def test_no_english_errno_text(tmp_path: Path) -> None:
    for parse in (parse_terc, parse_ops_malopolska):
        with pytest.raises(ImportValidationError) as err:
            parse(tmp_path)  # a directory given as a file
        assert "podano katalog, a nie plik" in str(err.value)
        assert "Is a directory" not in str(err.value) and "Errno" not in str(err.value)


def test_semicolon_csv_gets_a_delimiter_hint(tmp_path: Path) -> None:
    f = tmp_path / "ops.csv"
    f.write_text(OPS_HEADER.replace(",", ";") + "\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as err:
        parse_ops_malopolska(f)
    assert "rozdzielany średnikami" in str(err.value)


def test_field_too_long_is_named_as_such(tmp_path: Path) -> None:
    f = tmp_path / "ops.csv"
    f.write_text(OPS_HEADER + "\n" + "OPS," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as err:
        parse_ops_malopolska(f)
    assert "Pole dłuższe niż dopuszczalne" in str(err.value) and "cudzysłów" not in str(err.value)
    assert err.value.row == 2


def test_row_numbers_with_cr_cr_lf(tmp_path: Path) -> None:
    f = tmp_path / "ops.csv"
    good = "OPS,1,małopolskie,bocheński,Bochnia,MOPS w Bochni,32-700,Bochnia,ul. X,1,,,,,1201011,50.0,20.0,miejscowosc,"
    f.write_bytes((OPS_HEADER + "\r\r\n" + good + "\r\r\n" + "OPS,2,tylko trzy pola\r\r\n").encode())
    with pytest.raises(ImportValidationError) as err:
        parse_ops_malopolska(f)
    assert err.value.row == 3  # the third line, not the fifth


def test_old_xls_gets_a_message_that_says_why() -> None:
    from importers.parsers.dps import parse_dps_xlsx

    xls = (
        Path(__file__).resolve().parents[1]
        / "data"
        / "registers-editions"
        / "malopolska_wolne_miejsca_w_DPS_30.04.2023.xls"
    )
    with pytest.raises(ImportValidationError) as err:
        parse_dps_xlsx(xls)
    assert "Format .xls" in str(err.value) and "kooperacja import register" in str(err.value)


def test_clerk_named_in_a_footer_is_never_read() -> None:
    """Kujawsko-Pomorskie: "Informację sporządziła: <name>" under the table – the layout stops before it."""
    from importers.parsers.register_table import parse_register
    from importers.parsers.workbook import read_grids

    path = (
        Path(__file__).resolve().parents[1]
        / "data"
        / "registers-editions"
        / "kujawsko-pomorskie_dps_wolne_miejsca_2026-08-05.xls"
    )
    grid = read_grids(path)[0]
    footer = next(r for r in range(1, grid.n_rows + 1) if grid.text(r, 2).startswith("Informację sporządziła"))
    clerk = grid.text(footer + 1, 2)
    assert clerk
    ed = parse_register(path, "kujawsko-pomorskie-dps")
    assert clerk not in repr(ed.homes) + repr(ed.warnings)
