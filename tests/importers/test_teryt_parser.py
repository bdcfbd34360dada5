"""TERC parser: real GUS files (CSV, XML, ZIP; 2020, 2025, Adresowy) and broken inputs."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from importers.parsers.errors import ImportValidationError
from importers.parsers.teryt import TercFile, TercUnits, parse_terc, parse_terc_bytes, terc_units

HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA"


def _unit_sets(
    units: TercUnits,
) -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, str]]]:
    return (
        {c: v.name for c, v in units.voivodeships.items()},
        {c: v.name for c, v in units.powiats.items()},
        {k: (g.teryt7, g.name) for k, g in units.gminas.items()},
    )


# --- the real files -------------------------------------------------------------------


def test_2025_csv_counts(terc_2025: TercFile, units_2025: TercUnits) -> None:
    assert terc_2025.variant == "urzedowy"
    assert terc_2025.stan_na == date(2025, 1, 1)
    assert terc_2025.warnings == []
    assert len(terc_2025.rows) == 4348
    assert len(units_2025.voivodeships) == 16
    assert len(units_2025.powiats) == 380
    assert len(units_2025.gminas) == 2479
    assert Counter(g.rodz for g in units_2025.gminas.values()) == {"1": 302, "2": 1459, "3": 718}
    assert Counter(r.rodz for r in terc_2025.rows if r.rodz) == {
        "1": 302,
        "2": 1459,
        "3": 718,
        "4": 718,
        "5": 718,
        "8": 18,
        "9": 19,
    }
    kinds = Counter(p.kind for p in units_2025.powiats.values())
    assert kinds == {
        "powiat": 314,
        "miasto na prawach powiatu": 65,
        "miasto stołeczne, na prawach powiatu": 1,
    }
    assert sorted(units_2025.voivodeships) == [f"{i:02d}" for i in range(2, 33, 2)]


def test_2025_units_content(units_2025: TercUnits) -> None:
    # codes are text, zero-padded
    assert units_2025.voivodeships["02"].name == "DOLNOŚLĄSKIE"
    g = units_2025.gminas["020104"]
    assert (g.teryt7, g.rodz, g.name, g.powiat_code, g.powiat_name) == (
        "0201043",
        "3",
        "Nowogrodziec",
        "0201",
        "bolesławiecki",
    )
    warszawa = units_2025.gminas["146501"]
    assert warszawa.kind == "gmina miejska, miasto stołeczne"
    assert units_2025.powiats["1465"].is_city
    assert not units_2025.powiats["0201"].is_city
    # RODZ 4/5/8/9 are not gminas; dzielnice/delegatury are kept apart
    assert "146502" not in units_2025.gminas
    assert len(units_2025.districts) == 37
    assert units_2025.districts["1261049"].name == "Kraków-Podgórze"
    assert units_2025.districts["1261049"].gmina_key == "126101"
    assert all(k == g.teryt7[:6] and len(k) == 6 for k, g in units_2025.gminas.items())


def test_2025_csv_xml_zip_give_the_same_units(terc_dir: Path, units_2025: TercUnits) -> None:
    xml = parse_terc(terc_dir / "TERC_Urzedowy_2025-11-18.xml")
    zipped = parse_terc(terc_dir / "TERC_Urzedowy_2025-11-18.zip")
    assert xml.variant == zipped.variant == "urzedowy"
    assert xml.stan_na == zipped.stan_na == date(2025, 1, 1)
    assert zipped.source == "TERC_Urzedowy_2025-11-18.zip/TERC_Urzedowy_2025-11-18.csv"
    for parsed in (xml, zipped):
        units = parsed.units()
        assert (len(units.voivodeships), len(units.powiats), len(units.gminas)) == (16, 380, 2479)
        assert _unit_sets(units) == _unit_sets(units_2025)
    # XML rows carry the line of their <row> element
    assert xml.rows[0].line == 4


def test_zip_with_only_xml(tmp_path: Path, terc_dir: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("TERC_Urzedowy_2025-11-18.xml", (terc_dir / "TERC_Urzedowy_2025-11-18.xml").read_bytes())
    parsed = parse_terc_bytes(buf.getvalue(), "pobrane.zip")
    assert parsed.source == "pobrane.zip/TERC_Urzedowy_2025-11-18.xml"
    assert len(parsed.units().gminas) == 2479


def test_2020_csv_and_changes_to_2025(terc_dir: Path, units_2025: TercUnits) -> None:
    old = parse_terc(terc_dir / "TERC_Urzedowy_2020-01-01.csv")  # no BOM
    assert old.stan_na == date(2020, 1, 1)
    assert len(old.rows) == 4194
    units = old.units()
    assert len(units.gminas) == 2477
    assert len(units.powiats) == 380
    assert Counter(g.rodz for g in units.gminas.values()) == {"1": 302, "2": 1533, "3": 642}
    # the 6-digit key is stable; RODZ (7th digit) and names change
    changed = {k for k, g in units.gminas.items() if k in units_2025.gminas and units_2025.gminas[k].rodz != g.rodz}
    assert len(changed) == 76
    assert all((units.gminas[k].rodz, units_2025.gminas[k].rodz) == ("2", "3") for k in changed)
    assert "021803" in changed
    assert set(units_2025.gminas) - set(units.gminas) == {"120713", "200216"}
    assert set(units.gminas) <= set(units_2025.gminas)
    renamed = {
        k: (g.name, units_2025.gminas[k].name) for k, g in units.gminas.items() if g.name != units_2025.gminas[k].name
    }
    assert renamed == {"221208": ("Słupsk", "Redzikowo"), "260417": ("Sitkówka-Nowiny", "Nowiny")}


@pytest.mark.parametrize(
    ("name", "rows", "stan_na"),
    [
        ("TERC_Adresowy_2025-04-08.csv", 3625, date(2025, 1, 1)),
        ("TERC_Adresowy_2026-02-16.csv", 3631, date(2026, 1, 1)),
    ],
)
def test_adresowy_variant_warns(terc_dir: Path, name: str, rows: int, stan_na: date) -> None:
    parsed = parse_terc(terc_dir / name)
    assert parsed.variant == "adresowy"
    assert parsed.stan_na == stan_na
    assert len(parsed.rows) == rows
    assert len(parsed.warnings) == 1
    warning = parsed.warnings[0]
    assert warning.severity == "warning"
    assert "miejsko-wiejskich" in warning.message
    assert "urzędowego" in warning.message
    units = parsed.units()
    assert not any(g.rodz == "3" for g in units.gminas.values())


def test_adresowy_detected_by_content(terc_dir: Path, tmp_path: Path) -> None:
    """Renamed file: no RODZ 3 but RODZ 4/5 rows → still recognised as Adresowy."""
    target = tmp_path / "terc.csv"
    target.write_bytes((terc_dir / "TERC_Adresowy_2025-04-08.csv").read_bytes())
    parsed = parse_terc(target)
    assert parsed.variant == "adresowy"
    assert parsed.warnings


def test_old_xml_form_with_col_and_nazdod(tmp_path: Path) -> None:
    def row(woj: str, pow_: str, gmi: str, rodz: str, name: str, kind: str) -> str:
        cols = {"WOJ": woj, "POW": pow_, "GMI": gmi, "RODZ": rodz, "NAZWA": name, "NAZDOD": kind}
        inner = "".join(f'<col name="{k}">{v}</col>' if v else f'<col name="{k}"/>' for k, v in cols.items())
        return f'<row>{inner}<col name="STAN_NA">2013-01-01</col></row>\n'

    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<teryt><catalog name="TERC" type="all" date="2013-01-01">\n'
        + row("02", "", "", "", "DOLNOŚLĄSKIE", "województwo")
        + row("02", "01", "", "", "bolesławiecki", "powiat")
        + row("02", "01", "01", "1", "Bolesławiec", "gmina miejska")
        + row("02", "01", "03", "3", "Nowogrodziec", "gmina miejsko-wiejska")
        + row("02", "01", "03", "4", "Nowogrodziec", "miasto")
        + row("02", "01", "03", "5", "Nowogrodziec", "obszar wiejski")
        + "</catalog></teryt>\n"
    )
    path = tmp_path / "TERC.xml"
    path.write_text(xml, encoding="utf-8")
    parsed = parse_terc(path)
    assert parsed.variant == "urzedowy"
    assert parsed.stan_na == date(2013, 1, 1)
    assert parsed.warnings == []
    assert [r.kind for r in parsed.rows][:2] == ["województwo", "powiat"]
    units = terc_units(parsed.rows)
    assert set(units.gminas) == {"020101", "020103"}
    assert units.gminas["020103"].teryt7 == "0201033"
    assert units.gminas["020103"].kind == "gmina miejsko-wiejska"


def test_csv_with_lf_and_no_trailing_line(tmp_path: Path) -> None:
    text = HEADER + "\n02;;;;DOLNOŚLĄSKIE;województwo;2025-01-01\n02;01;;;bolesławiecki;powiat;2025-01-01"
    path = tmp_path / "TERC_Urzedowy_x.csv"
    path.write_text(text, encoding="utf-8")
    parsed = parse_terc(path)
    assert len(parsed.rows) == 2
    assert parsed.rows[1].line == 3


# --- errors -----------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n\r\n").encode(encoding))
    return path


GOOD_LINES = [
    HEADER,
    "02;;;;DOLNOŚLĄSKIE;województwo;2025-01-01",
    "02;01;;;bolesławiecki;powiat;2025-01-01",
    "02;01;01;1;Bolesławiec;gmina miejska;2025-01-01",
    "02;01;02;2;Bolesławiec;gmina wiejska;2025-01-01",
]


def test_small_good_file(tmp_path: Path) -> None:
    parsed = parse_terc(_write(tmp_path, "terc.csv", GOOD_LINES))
    assert [r.line for r in parsed.rows] == [2, 3, 4, 5]
    assert set(parsed.units().gminas) == {"020101", "020102"}


def test_cp1250_file_is_rejected(tmp_path: Path, terc_dir: Path) -> None:
    text = (terc_dir / "TERC_Urzedowy_2025-11-18.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "TERC_cp1250.csv"
    path.write_bytes(text.encode("cp1250"))
    with pytest.raises(ImportValidationError) as info:
        parse_terc(path)
    err = info.value
    assert (err.file, err.row) == ("TERC_cp1250.csv", 2)  # "DOLNOŚLĄSKIE" is on line 2
    assert "UTF-8" in err.message
    assert "Windows-1250" in err.message


def test_missing_column(tmp_path: Path) -> None:
    lines = [line.rsplit(";", 1)[0] for line in GOOD_LINES]  # drop STAN_NA
    with pytest.raises(ImportValidationError) as info:
        parse_terc(_write(tmp_path, "terc.csv", lines))
    assert (info.value.row, info.value.field) == (1, "STAN_NA")
    assert "Brak wymaganej kolumny" in info.value.message


def test_wrong_separator(tmp_path: Path) -> None:
    lines = [line.replace(";", ",") for line in GOOD_LINES]
    with pytest.raises(ImportValidationError) as info:
        parse_terc(_write(tmp_path, "terc.csv", lines))
    assert info.value.row == 1
    assert "średnika" in info.value.message


def test_truncated_csv(tmp_path: Path, terc_dir: Path) -> None:
    data = (terc_dir / "TERC_Urzedowy_2025-11-18.csv").read_bytes()
    cut = data[: data.rfind(b";gmina miejska")]  # the last row loses its last two fields
    path = tmp_path / "TERC_Urzedowy_2025-11-18.csv"
    path.write_bytes(cut)
    with pytest.raises(ImportValidationError) as info:
        parse_terc(path)
    err = info.value
    assert err.row == 4349
    assert err.field == "NAZWA_DOD"
    assert "ucięty" in err.message
    assert str(err).startswith("TERC_Urzedowy_2025-11-18.csv, wiersz 4349, pole 'NAZWA_DOD': ")


def test_broken_xml(tmp_path: Path, terc_dir: Path) -> None:
    data = (terc_dir / "TERC_Urzedowy_2025-11-18.xml").read_bytes()
    path = tmp_path / "TERC.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportValidationError) as info:
        parse_terc(path)
    assert info.value.row is not None and info.value.row > 1000
    assert "Uszkodzony plik XML" in info.value.message

    path.write_bytes(data.replace(b"</NAZWA>", b"</NAZWA_X>", 1))
    with pytest.raises(ImportValidationError) as info:
        parse_terc(path)
    assert info.value.row == 9
    assert "znacznik" in info.value.message


def test_xml_row_missing_element(tmp_path: Path) -> None:
    xml = (
        "<teryt><catalog><row><WOJ>02</WOJ><POW/><GMI/><NAZWA>X</NAZWA>"
        "<NAZWA_DOD>województwo</NAZWA_DOD><STAN_NA>2025-01-01</STAN_NA></row></catalog></teryt>"
    )
    with pytest.raises(ImportValidationError) as info:
        parse_terc_bytes(xml.encode(), "t.xml")
    assert (info.value.row, info.value.field) == (1, "RODZ")


@pytest.mark.parametrize(
    ("bad_line", "field", "fragment"),
    [
        ("99;;;;NIBYLANDIA;województwo;2025-01-01", "WOJ", "Nieznany kod województwa '99'"),
        ("03;;;;NIBYLANDIA;województwo;2025-01-01", "WOJ", "Nieznany kod województwa"),
        ("2;;;;X;województwo;2025-01-01", "WOJ", "2 cyfr"),
        ("02;0A;;;x;powiat;2025-01-01", "POW", "2 cyfr"),
        ("02;01;03;7;X;gmina;2025-01-01", "RODZ", "RODZ '7'"),
        ("02;01;03;;X;gmina;2025-01-01", "RODZ", "RODZ ''"),
        ("02;01;;1;X;powiat;2025-01-01", "RODZ", "tylko dla gmin"),
        ("02;;03;1;X;gmina;2025-01-01", "POW", "bez kodu powiatu"),
        ("02;01;03;2;;gmina wiejska;2025-01-01", "NAZWA", "Brak nazwy"),
        ("02;01;03;2;X;gmina wiejska;01.01.2025", "STAN_NA", "RRRR-MM-DD"),
        ("02;01;02;2;X;gmina wiejska;2025-01-01", None, "Powtórzony kod TERYT 0201022"),
        ("02;01;02;3;X;gmina miejsko-wiejska;2025-01-01", "RODZ", "dwoma rodzajami"),
        ("02;05;01;2;X;gmina wiejska;2025-01-01", "POW", "Brak w pliku powiatu 0205"),
    ],
)
def test_bad_values(tmp_path: Path, bad_line: str, field: str | None, fragment: str) -> None:
    with pytest.raises(ImportValidationError) as info:
        parse_terc(_write(tmp_path, "terc.csv", [*GOOD_LINES, bad_line]))
    err = info.value
    assert err.file == "terc.csv"
    assert err.row == 6
    assert err.field == field
    assert fragment in err.message


def test_blank_line_in_the_middle(tmp_path: Path) -> None:
    lines = [*GOOD_LINES[:3], "", *GOOD_LINES[3:]]
    with pytest.raises(ImportValidationError) as info:
        parse_terc(_write(tmp_path, "terc.csv", lines))
    assert info.value.row == 4
    assert "Pusty wiersz" in info.value.message


def test_empty_and_header_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportValidationError, match="pusty"):
        parse_terc(empty)
    with pytest.raises(ImportValidationError, match="żadnych rekordów"):
        parse_terc(_write(tmp_path, "header.csv", [HEADER]))


def test_bad_zips(tmp_path: Path) -> None:
    corrupt = tmp_path / "TERC.zip"
    corrupt.write_bytes(b"PK\x03\x04 to nie jest zip")
    with pytest.raises(ImportValidationError, match="Uszkodzone archiwum ZIP"):
        parse_terc(corrupt)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("czytaj.txt", "nic")
    with pytest.raises(ImportValidationError, match="nie zawiera pliku TERC"):
        parse_terc_bytes(buf.getvalue(), "TERC.zip")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportValidationError) as info:
        parse_terc(tmp_path / "brak.csv")
    assert info.value.file == "brak.csv"
    assert "Nie można odczytać" in info.value.message


def test_mixed_dates_and_named_adresowy_with_rodz3(tmp_path: Path) -> None:
    lines = [*GOOD_LINES, "02;01;03;3;Nowogrodziec;gmina miejsko-wiejska;2024-01-01"]
    parsed = parse_terc(_write(tmp_path, "TERC_Adresowy_x.csv", lines))
    assert parsed.stan_na == date(2025, 1, 1)
    assert parsed.variant == "urzedowy"  # the content wins over the file name
    messages = [w.message for w in parsed.warnings]
    assert any("Różne daty STAN_NA" in m for m in messages)
    assert any("Nazwa pliku wskazuje wariant adresowy" in m for m in messages)
