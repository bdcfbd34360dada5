"""Register layouts as YAML mappings, and the safe spreadsheet reader (no store needed)."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest

from importers.parsers.errors import ImportValidationError
from importers.parsers.layout import load_layout
from importers.parsers.register_table import RegisterFileError, parse_register
from importers.parsers.workbook import read_grids

DATA = Path(__file__).resolve().parents[1] / "data" / "registers-editions"


@pytest.mark.parametrize(
    ("name", "layout", "as_of", "homes"),
    [
        ("malopolska_wolne_miejsca_w_DPS_30.04.2023.xls", "malopolska-dps", "2023-04-30", 89),
        ("malopolska_wolne_miejsca_w_dps_30.04.2026.xlsx", "malopolska-dps", "2026-04-30", 88),
        ("kujawsko-pomorskie_dps_wolne_miejsca_2026-06-20.xls", "kujawsko-pomorskie-dps", "2026-05-31", 47),
        ("podkarpackie_frekwencja-DPS-2025.xls", "podkarpackie-dps", "2025-08-31", 54),
    ],
)
def test_shipped_layouts_read_real_editions(name: str, layout: str, as_of: str, homes: int) -> None:
    ed = parse_register(DATA / name, layout)
    assert ed.as_of.isoformat() == as_of
    assert len(ed.homes) == homes


def test_monthly_block_follows_the_edition_month() -> None:
    """Kujawsko-Pomorskie: the June column; the re-issue of 5 August corrected DPS w Ludzisku (9 → 0)."""
    july = parse_register(DATA / "kujawsko-pomorskie_dps_wolne_miejsca_2026-07-05.xls", "kujawsko-pomorskie-dps")
    aug = parse_register(DATA / "kujawsko-pomorskie_dps_wolne_miejsca_2026-08-05.xls", "kujawsko-pomorskie-dps")
    pick = lambda ed: next(h for h in ed.homes if "Ludzisku" in h.name).rows[0]  # noqa: E731
    assert (pick(july).free, pick(july).waiting) == (9, 9)  # row 46, column VI of both blocks
    assert (pick(aug).free, pick(aug).waiting) == (0, 0)
    assert aug.published is not None and aug.published.isoformat() == "2026-08-05"
    assert aug.as_of.isoformat() == "2026-06-30"
    chelmno = [h for h in aug.homes if "Chełmnie" in h.name]
    assert len(chelmno) == 1 and len(chelmno[0].rows) == 3  # one home listed in three sections


def test_section_rows_and_continuation_rows() -> None:
    pk = parse_register(DATA / "podkarpackie_frekwencja-DPS-2026-07-20.xls", "podkarpackie-dps")
    przemysl = next(h for h in pk.homes if h.street and "Wysockiego 99" in h.street)
    assert len(przemysl.rows) == 4 and przemysl.rows[0].residents is None  # free places only: no residents column
    kp = parse_register(DATA / "kujawsko-pomorskie_dps_wolne_miejsca_2026-06-20.xls", "kujawsko-pomorskie-dps")
    assert next(h for h in kp.homes if "Podobowicach" in h.name).rows[0].type == "dla osób niepełnosprawnych fizycznie"


def test_a_new_layout_loads_from_a_mapping_file_only(tmp_path: Path) -> None:
    """A layout invented here – semicolon CSV, title date, header on row 3 – needs no code."""
    (tmp_path / "opolskie-dps.yaml").write_text(
        """
description: Rejestr DPS – wymyślony układ testowy
institution_type: DPS
register: dps-test
voivodeship: "16"
header: {labels: ["placowka", "wolne"], height: 1}
columns:
  name: "Placówka"
  powiat: "Powiat"
  type: "Rodzaj"
  free: "Wolne"
  waiting: {label: "Kolejka", optional: true}
records: {starts_at: name}
identity: [powiat, name]
edition_date: [{title: "stan na"}]
""",
        encoding="utf-8",
    )
    (tmp_path / "rejestr.csv").write_text(
        "Wykaz;stan na 15.03.2026\r\r\n\r\r\nPlacówka;Powiat;Rodzaj;Wolne;Kolejka\r\r\n"
        "DPS w Prudniku, ul. Szpitalna 1, 48-200 Prudnik;prudnicki;dla osób w podeszłym wieku;3;\r\r\n"
        ";;dla osób przewlekle somatycznie chorych;1;2\r\r\n",
        encoding="utf-8",
    )
    ed = parse_register(tmp_path / "rejestr.csv", load_layout(tmp_path / "opolskie-dps.yaml"))
    assert ed.as_of.isoformat() == "2026-03-15"
    (home,) = ed.homes
    assert (home.name, home.postal_code, home.post_town) == ("DPS w Prudniku", "48-200", "Prudnik")
    assert [(r.type, r.places, r.free, r.waiting, r.row) for r in home.rows] == [
        ("dla osób w podeszłym wieku", None, 3, None, 4),
        ("dla osób przewlekle somatycznie chorych", None, 1, 2, 5),  # \r\r\n is one line end
    ]


def test_every_error_of_a_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(
        "stan na 1.02.2026\nPlacówka\tPowiat\tWolne\tMiejsca\nA\tp\tdużo\t3\nB\tp\t1\t-2\nC\tp\t1,5\t4\n",
        encoding="utf-8",
    )
    (tmp_path / "l.yaml").write_text(
        'institution_type: DPS\nregister: r\nheader: {labels: ["placowka"]}\ncolumns: {name: "Placówka", powiat: "Powiat", free: "Wolne", places: "Miejsca"}\nedition_date: [{title: "stan na"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(RegisterFileError) as err:
        parse_register(tmp_path / "r.csv", load_layout(tmp_path / "l.yaml"))
    assert [(i.row, i.field) for i in err.value.issues] == [
        (3, "wolne miejsca"),
        (4, "liczba miejsc"),
        (5, "wolne miejsca"),
    ]
    assert "3 błędy" in str(err.value) and "ujemna" in str(err.value)


def test_a_file_of_another_layout_gets_a_polish_message() -> None:
    with pytest.raises(ImportValidationError) as err:
        parse_register(DATA / "kujawsko-pomorskie_dps_wolne_miejsca_2026-06-20.xls", "malopolska-dps")
    text = str(err.value)
    assert "nie pasuje do układu 'malopolska-dps'" in text and "'powiat'" in text and "znaleziono" in text
    assert "Nazwa Domu Pomocy" in text


def test_a_broken_mapping_lists_all_its_problems(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("register: r\ncolumns: {nazwa: 'N'}\nidentity: [pesel]\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as err:
        load_layout(tmp_path / "x.yaml")
    for part in ("brak klucza 'institution_type'", "columns.nazwa", "identity", "edition_date"):
        assert part in str(err.value)


def test_directors_column_is_never_read() -> None:
    """Podkarpackie names directors in "kierownik / dyrektor": none of them reaches the parsed edition."""
    grid = read_grids(DATA / "podkarpackie_frekwencja-DPS-2026-07-20.xls")[0]
    col = next(c for c in range(1, grid.n_cols + 1) if "kierownik" in grid.text(3, c).lower())
    names = {grid.text(r, col) for r in range(4, grid.n_rows + 1)} - {"", "kierownik / dyrektor"}
    assert len(names) > 40
    ed = parse_register(DATA / "podkarpackie_frekwencja-DPS-2026-07-20.xls", "podkarpackie-dps")
    dump = repr(ed.homes) + repr(ed.warnings)
    assert not [n for n in names if n in dump]


def test_formula_like_cells_are_flagged(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text(
        'stan na 1.02.2026\nPlacówka,Wolne\n"=HYPERLINK(""http://x"")",1\n-5,2\n', encoding="utf-8"
    )
    grid = read_grids(tmp_path / "f.csv")[0]
    assert grid.formula_cells == [(3, 1)]  # a negative number is not a formula


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    with pytest.raises(ImportValidationError, match="Podano katalog, a nie plik"):
        read_grids(tmp_path)


def test_field_too_long_is_not_an_unclosed_quote(tmp_path: Path) -> None:
    (tmp_path / "long.csv").write_text("a;b\n" + "x" * 40_000 + ";1\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as err:
        read_grids(tmp_path / "long.csv")
    assert "Pole dłuższe niż 32767 znaków" in str(err.value) and err.value.row == 2


@pytest.mark.parametrize("delim", [";", "\t"])
def test_spreadsheet_csv_delimiter_is_detected(tmp_path: Path, delim: str) -> None:
    (tmp_path / "d.csv").write_text(
        delim.join(["Lp", "Nazwa", "Wolne"]) + "\n" + delim.join(["1", "DPS, Kraków", "3"]) + "\n", encoding="utf-8"
    )
    assert read_grids(tmp_path / "d.csv")[0].cells[1] == ["1", "DPS, Kraków", "3"]


def _zip_bomb(path: Path, gigabytes: int = 3) -> None:
    """A real ZIP whose one member inflates to ``gigabytes`` GB of zeros (about 3 MB on disk).

    Each 64 MB of zeros deflates to the same bytes after a full flush, so the
    stream is built once and repeated (no need to compress 3 GB in the test).
    """
    chunk = 64 << 20
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(b"\0" * chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    data = block * (gigabytes * 16) + comp.flush()
    size = gigabytes * 16 * chunk
    name = b"xl/worksheets/sheet1.xml"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(name), 20)
    extra = struct.pack("<HHQQ", 1, 16, size, len(data))
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(name), 28, 0, 0, 0, 0, 0
    )
    cextra = struct.pack("<HHQQQ", 1, 24, size, len(data), 0)
    body = local + name + extra + data
    cd = central + name + cextra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(cd), len(body), 0)
    path.write_bytes(body + cd + end)


def test_decompression_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = tmp_path / "rejestr.xlsx"
    _zip_bomb(bomb)
    assert bomb.stat().st_size < 4_000_000
    started = time.perf_counter()
    with pytest.raises(ImportValidationError) as err:
        read_grids(bomb)
    assert time.perf_counter() - started < 5  # refused from the central directory, nothing inflated
    assert "bombę dekompresyjną" in str(err.value) and "3 072 MB" in str(err.value)
