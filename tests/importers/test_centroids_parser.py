"""PRG 2020 centroids of gminas and powiats."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.parsers.centroids import parse_gmina_centroids, parse_powiat_centroids
from importers.parsers.errors import ImportValidationError
from importers.parsers.teryt import TercUnits, parse_terc

HEADER = '"JPT_KOD_JE","JPT_NAZWA_","WERSJA_OD","WERSJA_DO","centroid_lon","centroid_lat","commune_type"'


@pytest.fixture(scope="module")
def centroid_dir(data_dir: Path) -> Path:
    return data_dir / "gmina-centroids"


def test_gmina_centroids(centroid_dir: Path, terc_dir: Path, units_2025: TercUnits) -> None:
    cents = parse_gmina_centroids(centroid_dir / "gminy_centroidy_PRG2020.csv")
    assert len(cents) == 2477
    by_code = {c.code: c for c in cents}
    assert all(49 <= c.lat <= 55 and 14 <= c.lon <= 24.2 for c in cents)
    for code, lat, lon in (
        ("1465011", 52.23, 21.05),
        ("1261011", 50.05, 19.98),
        ("2261011", 54.36, 18.64),
    ):
        assert by_code[code].lat == pytest.approx(lat, abs=0.01)
        assert by_code[code].lon == pytest.approx(lon, abs=0.01)
    assert by_code["0201043"].commune_type == "miejsko-wiejska"
    # the codes are exactly the gminas of TERC 2020
    terc_2020 = parse_terc(terc_dir / "TERC_Urzedowy_2020-01-01.csv").units()
    assert set(by_code) == {g.teryt7 for g in terc_2020.gminas.values()}
    # join to TERC 2025 on the 6-digit key: only the 2 gminas created later lack a centroid
    keys = {c.gmina_key for c in cents}
    assert set(units_2025.gminas) - keys == {"120713", "200216"}
    assert keys <= set(units_2025.gminas)


def test_powiat_centroids(centroid_dir: Path, units_2025: TercUnits) -> None:
    cents = parse_powiat_centroids(centroid_dir / "powiaty_centroidy_PRG2020.csv")
    assert len(cents) == 380
    assert {c.code for c in cents} == set(units_2025.powiats)
    assert cents[0].name == "powiat bolesławiecki"


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "gminy.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        (
            '"0201011","Bolesławiec","2012-09-26",,15.56,60.1,"miejska"',
            "centroid_lat",
            "poza dozwolonym zakresem",
        ),
        (
            '"0201011","Bolesławiec","2012-09-26",,25.0,51.2,"miejska"',
            "centroid_lon",
            "poza dozwolonym zakresem",
        ),
        (
            '"0201011","Bolesławiec","2012-09-26",,abc,51.2,"miejska"',
            "centroid_lon",
            "Nieprawidłowa liczba",
        ),
        ('"201011","Bolesławiec","2012-09-26",,15.56,51.2,"miejska"', "JPT_KOD_JE", "7 cyfr"),
        ('"9901011","Bolesławiec","2012-09-26",,15.56,51.2,"miejska"', "JPT_KOD_JE", "województwa"),
        ('"0201014","Bolesławiec","2012-09-26",,15.56,51.2,"miejska"', "JPT_KOD_JE", "RODZ"),
        ('"0201011","","2012-09-26",,15.56,51.2,"miejska"', "JPT_NAZWA_", "Brak nazwy"),
    ],
)
def test_bad_centroids(tmp_path: Path, row: str, field: str, fragment: str) -> None:
    with pytest.raises(ImportValidationError) as info:
        parse_gmina_centroids(_write(tmp_path, row))
    assert (info.value.file, info.value.row, info.value.field) == ("gminy.csv", 2, field)
    assert fragment in info.value.message


def test_duplicate_and_missing_column(tmp_path: Path) -> None:
    row = '"0201011","Bolesławiec","2012-09-26",,15.56,51.2,"miejska"'
    with pytest.raises(ImportValidationError, match="Powtórzony kod 0201011"):
        parse_gmina_centroids(_write(tmp_path, row, row))
    path = tmp_path / "bez.csv"
    path.write_text('"JPT_KOD_JE","JPT_NAZWA_","centroid_lon"\n', encoding="utf-8")
    with pytest.raises(ImportValidationError) as info:
        parse_gmina_centroids(path)
    assert (info.value.row, info.value.field) == (1, "centroid_lat")
