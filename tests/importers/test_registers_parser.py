"""Institution lists: OPS (Małopolska, Śląsk), ŚDS and DPS (XLSX), KRS extracts (JSON)."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from importers.parsers.errors import ImportValidationError
from importers.parsers.registers import (
    parse_dps_xlsx,
    parse_krs,
    parse_krs_dir,
    parse_ops_malopolska,
    parse_ops_slaskie,
    parse_sds_xlsx,
)

# --- OPS lists (CSV) --------------------------------------------------------------------


def test_ops_malopolska(regional_dir: Path) -> None:
    parsed = parse_ops_malopolska(regional_dir / "ops_malopolska_geo.csv")
    recs = parsed.records
    assert len(recs) == 195
    assert parsed.warnings == []
    assert Counter(r.kind for r in recs) == {"OPS": 163, "PCPR": 16, "CUS": 14, "MOPR": 2}
    assert Counter(r.geo_precision for r in recs) == {
        "miejscowosc": 124,
        "gmina_centrum": 69,
        "dzielnica": 2,
    }
    assert len({r.unit_id for r in recs}) == 195
    assert all(r.voivodeship == "małopolskie" and len(r.teryt_raw) == 7 for r in recs)
    first = recs[0]
    assert (first.kind, first.unit_id, first.gmina, first.teryt_raw) == (
        "CUS",
        132,
        "Tarnów",
        "1263011",
    )
    assert (first.lat, first.lon) == (50.0121, 20.9858)
    assert first.opening_hours is not None and first.opening_hours.count("\n") >= 5  # multi-line field
    assert recs[1].row == 3  # rows are records (header = 1), not physical lines
    # the 69 "gmina_centrum" rows come from another source and lack postal codes
    mir = [r for r in recs if r.source_note.startswith("Źródło: mir.org.pl")]
    assert len(mir) == 69
    assert all(r.geo_precision == "gmina_centrum" and r.postal_code is None for r in mir)


def test_ops_slaskie(regional_dir: Path) -> None:
    parsed = parse_ops_slaskie(regional_dir / "ops_slaskie.csv")
    recs = parsed.records
    assert len(recs) == 167
    assert parsed.warnings == []
    assert Counter(r.kind for r in recs) == {"GOPS": 122, "MOPS": 42, "CUS": 3}
    dirty = {r.gmina_raw for r in recs} & {
        "Buczkowice Gmina Buczkowice-",
        "Żarki Miejsko",
        "Szczekociny Miejsko",
    }
    assert len(dirty) == 3


def _copy_csv(src: Path, dst: Path, edit: dict[str, str], row_index: int = 0) -> Path:
    with src.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[row_index].update(edit)
    with dst.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return dst


@pytest.mark.parametrize(
    ("edit", "field", "fragment"),
    [
        ({"typ": "XYZ"}, "typ", "Nieznany typ jednostki"),
        ({"id_jednostki": "12a"}, "id_jednostki", "musi być liczbą"),
        ({"teryt_gminy": "12630"}, "teryt_gminy", "7 cyfr"),
        ({"latitude": "60.5"}, "latitude", "poza dozwolonym zakresem"),
        ({"longitude": ""}, "longitude", "Nieprawidłowa liczba"),
        ({"nazwa": "  "}, "nazwa", "Brak wymaganej wartości"),
    ],
)
def test_ops_malopolska_errors(
    regional_dir: Path, tmp_path: Path, edit: dict[str, str], field: str, fragment: str
) -> None:
    path = _copy_csv(regional_dir / "ops_malopolska_geo.csv", tmp_path / "ops.csv", edit, row_index=4)
    with pytest.raises(ImportValidationError) as info:
        parse_ops_malopolska(path)
    assert (info.value.file, info.value.row, info.value.field) == ("ops.csv", 6, field)
    assert fragment in info.value.message


def test_ops_warnings_do_not_leak_personal_data(regional_dir: Path, tmp_path: Path) -> None:
    secret = "jan.kowalski-at-gmina.pl"
    path = _copy_csv(
        regional_dir / "ops_slaskie.csv",
        tmp_path / "ops.csv",
        {"email": secret, "kod_pocztowy": "42500"},
    )
    parsed = parse_ops_slaskie(path)
    fields = {w.field for w in parsed.warnings}
    assert fields == {"email", "kod_pocztowy"}
    assert all(secret not in str(w) for w in parsed.warnings)


def test_ops_truncated_and_missing_column(regional_dir: Path, tmp_path: Path) -> None:
    data = (regional_dir / "ops_malopolska_geo.csv").read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.index(b"poniedzia\xc5\x82ek - pi\xc4\x85tek")])  # inside a quoted field
    with pytest.raises(ImportValidationError) as info:
        parse_ops_malopolska(cut)
    assert info.value.row == 2
    no_col = tmp_path / "nocol.csv"
    no_col.write_text("typ,wojewodztwo,powiat\nGOPS,śląskie,bielski\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as info:
        parse_ops_slaskie(no_col)
    assert (info.value.row, info.value.field) == (1, "gmina")


def test_ops_not_utf8(regional_dir: Path, tmp_path: Path) -> None:
    text = (regional_dir / "ops_slaskie.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "ops.csv"
    path.write_bytes(text.encode("cp1250"))
    with pytest.raises(ImportValidationError, match="UTF-8") as info:
        parse_ops_slaskie(path)
    assert info.value.row == 2


# --- ŚDS (XLSX) ------------------------------------------------------------------------


def test_sds(regional_dir: Path) -> None:
    parsed = parse_sds_xlsx(regional_dir / "sds_malopolskie_2026-01-08.xlsx")
    recs = parsed.records
    assert parsed.as_of == date(2026, 1, 8)
    assert parsed.warnings == []
    assert len(recs) == 89
    assert Counter(r.section for r in recs) == {
        "gminny": 57,
        "powiatowy": 29,
        "klub": 2,
        "calodobowe": 1,
    }
    assert len(parsed.homes()) == 86
    gminne = [r for r in recs if r.section == "gminny"]
    powiatowe = [r for r in recs if r.section == "powiatowy"]
    # cross-checks against the sheet's own summary rows ("31 publicznych", =SUM(G4:G60), …)
    assert sum(r.is_public for r in gminne) == 31
    assert sum(r.is_public for r in powiatowe) == 11
    assert sum(r.places for r in gminne) == 2074
    assert sum(r.places for r in powiatowe) == 1198
    assert sum(r.places_za_zyciem or 0 for r in gminne) == 507
    assert sum(r.places_za_zyciem or 0 for r in powiatowe) == 256
    assert [r.number for r in gminne + powiatowe] == list(range(1, 87))
    assert all(r.types and set(r.types) <= set("ABCD") for r in gminne + powiatowe)
    assert all(r.postal_code for r in recs)

    biecz = recs[0]
    assert (biecz.gmina, biecz.powiat, biecz.name) == ("Biecz", "gorlicki", "ŚDS w Bieczu")
    assert biecz.types == ("B", "C")
    assert biecz.types_note is not None and biecz.types_note.startswith("z 4 miejscami całodobowymi")
    assert (biecz.postal_code, biecz.locality) == ("38-340", "Biecz")
    assert biecz.branches is not None and "Gorlicach" in biecz.branches
    assert biecz.commissioned and not biecz.is_public
    assert (biecz.places, biecz.places_za_zyciem) == (41, 31)

    krakow = [r for r in gminne if r.gmina == "Kraków"]
    assert len(krakow) == 11 and all(r.powiat is None for r in krakow)
    assert {r.powiat for r in powiatowe} >= {"bocheński", "Nowy Sącz", "Tarnów"}
    assert all(r.gmina is None for r in powiatowe)
    assert [(r.gmina, r.places) for r in recs if r.section == "klub"] == [
        ("Wieliczka", 35),
        ("Kraków", 20),
    ]
    assert [(r.gmina, r.places) for r in recs if r.section == "calodobowe"] == [("Biecz", 4)]
    # e-Doręczenia column is unnamed in the powiat header but still read
    assert sum(r.e_delivery is not None for r in powiatowe) == 13


def _sds_workbook(path: Path, *, header: bool = True, types: object = "A,B", places: object = 30) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ŚRODOWISKOWE DOMY SAMOPOMOCY – wg stanu na 2 lutego 2026 r."])
    ws.append(["Środowiskowe domy samopomocy o zasięgu gminnym"])
    if header:
        ws.append(
            [
                "L.p",
                "Miasto/Gmina",
                "Adres środowiskowego domu",
                "Nazwa podmiotu prowadzącego",
                "Publiczne",
                "Typ Domu (A,B,C,D)",
                "Liczba miejsc dotowanych",
            ]
        )
    ws.append(
        [
            "1.",
            "Biecz\n(powiat gorlicki)",
            "ŚDS w Bieczu\nul. Parkowa 1\n38-340 Biecz",
            "Burmistrz Biecza",
            1,
            types,
            places,
        ]
    )
    wb.save(path)
    return path


def test_sds_small_and_errors(tmp_path: Path) -> None:
    ok = parse_sds_xlsx(_sds_workbook(tmp_path / "ok.xlsx"))
    assert ok.as_of == date(2026, 2, 2)
    assert [(r.gmina, r.powiat, r.types, r.places, r.is_public) for r in ok.records] == [
        ("Biecz", "gorlicki", ("A", "B"), 30, True)
    ]
    with pytest.raises(ImportValidationError, match="nagłówka"):
        parse_sds_xlsx(_sds_workbook(tmp_path / "noheader.xlsx", header=False))
    with pytest.raises(ImportValidationError) as info:
        parse_sds_xlsx(_sds_workbook(tmp_path / "types.xlsx", types="X,Y"))
    assert (info.value.row, info.value.field) == (4, "Typ Domu (A,B,C,D)")
    with pytest.raises(ImportValidationError) as info:
        parse_sds_xlsx(_sds_workbook(tmp_path / "places.xlsx", places="trzydzieści"))
    assert (info.value.row, info.value.field) == (4, "Liczba miejsc dotowanych")
    assert "liczby całkowitej" in info.value.message


def test_xlsx_that_is_not_xlsx(regional_dir: Path, tmp_path: Path) -> None:
    fake = tmp_path / "lista.xlsx"
    shutil.copy(regional_dir / "ops_slaskie.csv", fake)
    with pytest.raises(ImportValidationError, match="XLSX"):
        parse_sds_xlsx(fake)
    with pytest.raises(ImportValidationError, match="XLSX"):
        parse_dps_xlsx(fake)


# --- DPS (XLSX) ------------------------------------------------------------------------


def test_dps(regional_dir: Path) -> None:
    parsed = parse_dps_xlsx(regional_dir / "dps_wolne_miejsca_malopolskie_2026-07-31.xlsx")
    recs = parsed.records
    assert parsed.as_of == date(2026, 7, 31)
    assert len(recs) == 92  # filled name cells
    assert len({r.home_key for r in recs}) == 88  # the same home listed again for another type
    assert sum(len(r.types) for r in recs) == 113
    assert len({r.powiat for r in recs}) == 22
    assert recs[0].powiat_no == 1 and recs[-1].powiat_no == 22
    assert sum(r.places for r in recs) == 8074  # equals the sum of the sheet's subtotal rows
    assert all(r.postal_code for r in recs)
    # data-quality warnings: more residents than places (5), free places by sex ≠ total (6)
    assert Counter(w.field for w in parsed.warnings) == {
        "Liczba osób umieszczonych": 5,
        "Liczba wolnych miejsc": 6,
    }

    bochnia = recs[0]
    assert (
        bochnia.powiat,
        bochnia.name,
        bochnia.street,
        bochnia.postal_code,
        bochnia.locality,
    ) == (
        "bocheński",
        "Dom Pomocy Społecznej w Bochni",
        "ul. Karolina 14G",
        "32-700",
        "Bochnia",
    )
    assert [(t.dps_type, t.places, t.residents, t.free, t.waiting, t.wait_days) for t in bochnia.types] == [
        ("dla osób w podeszłym wieku", 90, 90, 0, 0, 0),
        ("dla osób przewlekle psychicznie chorych", 67, 67, 0, 5, 400),
    ]
    borzecin = next(r for r in recs if r.operator == "Gmina Borzęcin")
    assert borzecin.powiat == "brzeski"  # carried down from the merged powiat cell
    assert borzecin.street == "Borzęcin 591"
    zaskale = next(r for r in recs if "Zaskalu" in r.name)
    assert len(zaskale.types) == 3
    assert zaskale.free == 5
    assert Counter(r.operator for r in recs if r.operator)["Miasto Kraków"] == 17
    types = Counter(t.dps_type for r in recs for t in r.types)
    assert len(types) == 7
    assert types["dla osób uzależnionych od alkoholu"] == 1


def _dps_workbook(path: Path, *, with_type_column: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Rejestr wolnych miejsc w DPS (stan na dzień 30 czerwca 2026 r.)"])
    head = [
        "Lp",
        "Powiat",
        "Dom Pomocy Społecznej (nazwa i adres)",
        "Typ DPS",
        "Liczba miejsc",
        "Liczba osób umieszczonych",
        "Liczba wolnych miejsc",
    ]
    if not with_type_column:
        head[3] = "Uwagi"
    ws.append(head)
    ws.append(["1.", "bocheński", "X", "X", 90, 90, 0])
    ws.append(
        [
            None,
            None,
            "Dom Pomocy Społecznej w Bochni, ul. Karolina 14G, 32-700 Bochnia",
            "dla osób w podeszłym wieku",
            90,
            90,
            0,
        ]
    )
    ws.merge_cells("B3:B4")
    wb.save(path)
    return path


def test_dps_small_and_missing_column(tmp_path: Path) -> None:
    ok = parse_dps_xlsx(_dps_workbook(tmp_path / "ok.xlsx"))
    assert ok.as_of == date(2026, 6, 30)
    assert [(r.powiat, r.powiat_no, r.name, r.places) for r in ok.records] == [
        ("bocheński", 1, "Dom Pomocy Społecznej w Bochni", 90)
    ]
    with pytest.raises(ImportValidationError) as info:
        parse_dps_xlsx(_dps_workbook(tmp_path / "bad.xlsx", with_type_column=False))
    assert (info.value.row, info.value.field) == (2, "Typ DPS")


# --- KRS (JSON) -------------------------------------------------------------------------


def test_krs_dir(data_dir: Path) -> None:
    parsed = parse_krs_dir(data_dir / "krs-ngo-sample")
    recs = parsed.records
    assert len(recs) == 46
    assert parsed.warnings == []
    assert Counter(r.legal_form for r in recs) == {
        "STOWARZYSZENIE": 24,
        "FUNDACJA": 18,
        "STOWARZYSZENIE KULTURY FIZYCZNEJ": 4,
    }
    assert sum(r.is_opp for r in recs) == 3
    assert sum(r.address.postal_code is None for r in recs) == 2
    assert {r.seat.voivodeship for r in recs} == {"PODKARPACKIE"}
    assert {r.register for r in recs} == {"RejS"}
    assert all(r.goals for r in recs)
    assert all(r.regon is None or len(r.regon) == 9 for r in recs)
    assert [r.krs_number for r in recs] == sorted(r.krs_number for r in recs)

    first = parse_krs(data_dir / "krs-ngo-sample" / "0000096794.json")
    assert first.krs_number == "0000096794"
    assert first.seat.gmina == "USTRZYKI DOLNE"
    assert (first.address.street, first.address.house_number, first.address.postal_code) == (
        "RYNEK",
        "6",
        "38-700",
    )
    assert (first.regon, first.nip) == ("371091972", "6891178090")
    assert first.registered_on == date(2002, 3, 4)
    assert first.goals.startswith("POPRAWA BEZPIECZEŃSTWA")


def test_krs_errors(data_dir: Path, tmp_path: Path) -> None:
    src = json.loads((data_dir / "krs-ngo-sample" / "0000096794.json").read_text(encoding="utf-8"))

    def write(name: str, data: object) -> Path:
        p = tmp_path / name
        p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return p

    empty = tmp_path / "0000000001.json"
    empty.write_bytes(b"")
    with pytest.raises(ImportValidationError, match="pusty"):
        parse_krs(empty)
    broken = tmp_path / "broken.json"
    broken.write_text('{"odpis": {\n "rodzaj": }', encoding="utf-8")
    with pytest.raises(ImportValidationError, match="Niepoprawny JSON") as info:
        parse_krs(broken)
    assert info.value.row == 2
    with pytest.raises(ImportValidationError, match="różni się od nazwy pliku"):
        parse_krs(write("0000000002.json", src))

    bad_regon = json.loads(json.dumps(src))
    bad_regon["odpis"]["dane"]["dzial1"]["danePodmiotu"]["identyfikatory"]["regon"] = "371091973"
    with pytest.raises(ImportValidationError, match="REGON") as info:
        parse_krs(write("0000096794.json", bad_regon))
    assert info.value.field == "dane.dzial1.danePodmiotu.identyfikatory.regon"

    no_seat = json.loads(json.dumps(src))
    del no_seat["odpis"]["dane"]["dzial1"]["siedzibaIAdres"]["siedziba"]["gmina"]
    with pytest.raises(ImportValidationError) as info:
        parse_krs(write("0000096794.json", no_seat))
    assert info.value.field == "dane.dzial1.siedzibaIAdres.siedziba.gmina"

    # a directory with one good and one bad file: strict stops, lenient reports
    folder = tmp_path / "krs"
    folder.mkdir()
    shutil.copy(data_dir / "krs-ngo-sample" / "0000096794.json", folder)
    (folder / "0000000003.json").write_bytes(b"")
    with pytest.raises(ImportValidationError):
        parse_krs_dir(folder)
    lenient = parse_krs_dir(folder, strict=False)
    assert len(lenient.records) == 1
    assert [(w.file, w.severity) for w in lenient.warnings] == [("0000000003.json", "error")]
