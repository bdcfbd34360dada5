"""``import arkusz``: the example imports cleanly; a broken copy lists every planted error.

The broken copy is built from the example rows in tmp_path; each planted error
is listed below with the sheet, row (header = 1) and column it must be reported at.
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph import model as m
from graph.digest import graph_digest
from graph.store.protocol import Capability, Row, Store
from graph.writer import get_node, get_nodes, get_rels, graph_counts
from importers.parsers.errors import ImportValidationError
from importers.spreadsheet.example import EXAMPLE, TEMPLATE_DIR
from importers.spreadsheet.importer import import_spreadsheet
from importers.spreadsheet.template import write_template
from tests.registers.territories import load_territories

EXAMPLE_TABLES = {
    # hand-counted from importers/spreadsheet/example.py
    "Institution": 9,
    "Service": 7,
    "Partnership": 2,
    "LOCATED_IN": 9,
    # OPS and GKRPA → their gmina, PCPR and PUP → powiat 1209 (statutory), KIS, ŚDS, police 1 each,
    # the association 2 (120901; 120906); the school none
    "SERVES": 9,
    "PART_OF": 1,
    "OFFERS": 7,
    "IN_CATEGORY": 8,
    "FOR_GROUP": 11,
    "AVAILABLE_IN": 7,
    "HAVE_COMPETENCE": 6,
    "COOPERATES_WITH": 6,
    "COVERS": 2,
    "MEMBER_OF": 9,
    # 8 categories used + their 4 parents; 6 target groups; 6 competences
    "ServiceCategory": 12,
    "TargetGroup": 6,
    "Competence": 6,
}


def _created(report: Any) -> dict[str, int]:
    return {t: c.created for t, c in report.write.per_table.items()}


def test_example_xlsx_imports_cleanly_and_reimport_changes_nothing(store: Store) -> None:
    load_territories(store, "12")
    report = import_spreadsheet(store, TEMPLATE_DIR / "przyklad.xlsx")
    assert report.written and report.issues == []
    assert _created(report) == EXAMPLE_TABLES
    assert report.rows_loaded == {
        "instytucje": 9,
        "usługi": 7,
        "kompetencje": 6,
        "współpraca": 6,
        "partnerstwa": 2,
        "członkowie": 9,
    }

    pcpr = get_node(store, m.Institution, "przyklad-pcpr")
    assert pcpr is not None and pcpr.type.value == "PCPR"  # given as "powiatowe centrum pomocy rodzinie"
    assert [(r.dst, r.declared) for r in get_rels(store, m.Serves, ["przyklad-pcpr"])] == [("1209", False)]
    mgops = get_node(store, m.Institution, "przyklad-mgops")
    assert mgops is not None and (mgops.gmina, mgops.lat, mgops.source) == (
        "120901",
        49.8812,
        "arkusz Kooperacja",
    )  # "1209013"
    assert sorted((r.dst, r.declared) for r in get_rels(store, m.Serves, ["przyklad-stowarzyszenie"])) == [
        ("120901", True),
        ("120906", True),
    ]
    sds = get_node(store, m.Service, "przyklad-sds.wsparcie-dzienne")
    assert sds is not None and (sds.capacity, sds.free_places, sds.status.value) == (30, 1, "active")
    assert [r.dst for r in get_rels(store, m.InCategory, [sds.id])] == ["wsparcie-dzienne"]  # given by its name
    assert [r.dst for r in get_rels(store, m.AvailableIn, [sds.id])] == ["120901"]  # the institution's area
    ties = {
        (r.dst, r.kind.value, r.since.isoformat() if r.since else None)
        for r in get_rels(store, m.CooperatesWith, ["przyklad-mgops"])
    }
    assert ("przyklad-sds", "referrals", "2023-09-15") in ties and ("przyklad-kis", "agreement", "2025-01-02") in ties
    assert {(r.dst, r.staff) for r in get_rels(store, m.HasCompetence, ["przyklad-stowarzyszenie"])} == {
        ("poradnictwo-prawne", 1)
    }
    assert get_rels(store, m.PartOf, ["przyklad-kis"])[0].dst == "przyklad-mgops"
    assert sorted(r.dst for r in get_rels(store, m.MemberOf, ["przyklad-mgops"])) == ["przyklad-pzk", "przyklad-zi"]

    digest = graph_digest(store)
    again = import_spreadsheet(store, TEMPLATE_DIR / "przyklad.xlsx")
    assert all(c.created == 0 and c.updated == 0 for c in again.write.per_table.values())
    assert graph_digest(store) == digest
    # the same network as CSV files (directory) and as a ZIP of them changes nothing either
    for form in (TEMPLATE_DIR / "przyklad", _zip_of(TEMPLATE_DIR / "przyklad")):
        same = import_spreadsheet(store, form)
        assert same.issues == [] and same.totals.created == 0 and same.totals.updated == 0
    assert graph_digest(store) == digest


def _zip_of(directory: Path) -> Path:
    import tempfile

    target = Path(tempfile.mkdtemp()) / "przyklad.zip"
    with zipfile.ZipFile(target, "w") as zf:
        for f in sorted(directory.glob("*.csv")):
            zf.write(f, f"arkusz/{f.name}")
    return target


# ------------------------------------------------------------------ the broken copy


def _broken_rows() -> tuple[dict[str, list[dict[str, Any]]], set[tuple[str, int, str]], set[tuple[str, int]]]:
    """The example with planted errors; (rows, expected errors, expected skipped rows)."""
    rows: dict[str, list[dict[str, Any]]] = {k: [dict(r) for r in v] for k, v in copy.deepcopy(EXAMPLE).items()}
    inst, svc, comp, ties, parts = (
        rows["instytucje"],
        rows["uslugi"],
        rows["kompetencje"],
        rows["wspolpraca"],
        rows["partnerstwa"],
    )
    inst[1]["type"] = "PCPRX"  # row 3: not a type
    inst[4].update(lat=59.9, lon=20.0)  # row 6: north of Poland
    inst[7]["gmina"] = "999999"  # row 9: no such gmina
    inst[8]["email"] = "jan.kowalski(at)example.pl"  # row 10: not an e-mail (and a person's name)
    inst.append({**inst[6], "name": "Druga szkoła o tym samym identyfikatorze"})  # row 11: repeated id
    svc[1]["free_places"] = 20  # row 3: more than its 15 places
    svc[5]["capacity"] = "dużo"  # row 7: not a number
    svc[6]["categories"] = "Poradnictwo prawne; Nieistniejąca kategoria"  # row 8
    comp.append({"institution": "przyklad-mgops", "competence": "Praca socjalna", "staff": 2})  # row 8: = row 2
    ties[1]["since"] = "31.02.2024"  # row 3: no such date
    ties.append({"institution": "przyklad-mgops", "partner": "nie-ma-takiej"})  # row 8: unknown partner
    ties.append({"institution": "przyklad-pup", "partner": "przyklad-pup"})  # row 9: with itself
    ties.append({"institution": "przyklad-mgops", "partner": "przyklad-szkola", "rating": 7})  # row 10
    parts[1]["type"] = ""  # row 3: required
    errors = {
        ("instytucje", 3, "Typ instytucji"),
        ("instytucje", 6, "Szerokość geograficzna"),
        ("instytucje", 9, "Gmina siedziby (TERYT)"),
        ("instytucje", 10, "E-mail"),
        ("instytucje", 11, "Identyfikator"),
        ("usługi", 3, "Wolne miejsca"),
        ("usługi", 7, "Liczba miejsc"),
        ("usługi", 8, "Kategorie"),
        ("kompetencje", 8, "Kompetencja"),
        ("współpraca", 3, "Od kiedy"),
        ("współpraca", 8, "Partner (identyfikator)"),
        ("współpraca", 9, "Partner (identyfikator)"),
        ("współpraca", 10, "Ocena (1–4)"),
        ("partnerstwa", 3, "Typ partnerstwa"),
    }
    # rows that are fine but need a wrong row: the ŚDS service, the PCPR's competence,
    # ties of the PCPR and the police, members that are the police, GKRPA, PCPR or in the PZK
    skipped = {("usługi", 5), ("kompetencje", 4), ("współpraca", 6), ("współpraca", 7)}
    skipped |= {("członkowie", r) for r in (3, 5, 6, 7, 8, 9, 10)}
    return rows, errors, skipped


def test_broken_copy_lists_every_planted_error_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    load_territories(store, "12")
    rows, expected, _ = _broken_rows()
    path = write_template(tmp_path / "zepsuty.xlsx", "xlsx", rows)
    before = graph_digest(store)
    report = import_spreadsheet(store, path)
    assert not report.written
    assert {(i.sheet, i.row, i.column) for i in report.errors} == expected
    assert len(report.errors) == len(expected) and report.skipped == []
    assert graph_digest(store) == before
    messages = {(i.sheet, i.row): i.message for i in report.errors}
    assert "nie istnieje w rejestrze TERYT" in messages[("instytucje", 9)]
    assert "PCPRX" in messages[("instytucje", 3)] and "OPS" in messages[("instytucje", 3)]
    assert "pierwszy raz w wierszu 8" in messages[("instytucje", 11)]
    assert "pierwszy raz w wierszu 2" in messages[("kompetencje", 8)]
    assert "Nieznana instytucja 'nie-ma-takiej'" in messages[("współpraca", 8)]
    assert "Brak wymaganej wartości" in messages[("partnerstwa", 3)]
    text = "\n".join(report.lines())
    assert "jan.kowalski" not in text and "Nic nie zostało zapisane" in text

    # the same rows as CSV files give the same problems at the same places (file names as sheets)
    csv_dir = write_template(tmp_path / "zepsuty_csv", "csv", rows)
    from_csv = import_spreadsheet(store, csv_dir)
    sheet_of = {
        "instytucje.csv": "instytucje",
        "uslugi.csv": "usługi",
        "kompetencje.csv": "kompetencje",
        "wspolpraca.csv": "współpraca",
        "partnerstwa.csv": "partnerstwa",
    }
    assert {(sheet_of[i.sheet], i.row, i.column) for i in from_csv.errors} == expected
    assert graph_digest(store) == before


def test_skip_invalid_loads_exactly_the_valid_rows(store: Store, tmp_path: Path) -> None:
    load_territories(store, "12")
    rows, expected, skipped = _broken_rows()
    path = write_template(tmp_path / "zepsuty.xlsx", "xlsx", rows)
    report = import_spreadsheet(store, path, skip_invalid=True)
    assert report.written
    assert {(i.sheet, i.row, i.column) for i in report.errors} == expected
    assert {(i.sheet, i.row) for i in report.skipped} == skipped
    assert report.rows_loaded == {
        "instytucje": 5,
        "usługi": 3,
        "kompetencje": 5,
        "współpraca": 3,
        "partnerstwa": 1,
        "członkowie": 2,
    }
    assert report.rejected == (10 + 7 + 7 + 9 + 2 + 9) - (5 + 3 + 5 + 3 + 1 + 2)

    counts = graph_counts(store)
    loaded = ["przyklad-mgops", "przyklad-pup", "przyklad-kis", "przyklad-stowarzyszenie", "przyklad-szkola"]
    assert counts["Institution"] == 5 and len(get_nodes(store, m.Institution, loaded)) == 5
    assert get_node(store, m.Institution, "przyklad-szkola").name == "Szkoła Podstawowa nr 1 w Dobczycach (przykład)"  # type: ignore[union-attr]
    services = ["przyklad-mgops.praca-socjalna", "przyklad-mgops.uslugi-opiekuncze", "przyklad-kis.reintegracja"]
    assert counts["Service"] == 3 and len(get_nodes(store, m.Service, services)) == 3
    assert (counts["HAVE_COMPETENCE"], counts["COOPERATES_WITH"], counts["Partnership"], counts["MEMBER_OF"]) == (
        5,
        3,
        1,
        2,
    )
    assert sorted(r.dst for r in get_rels(store, m.CooperatesWith, ["przyklad-mgops"])) == [
        "przyklad-kis",
        "przyklad-pup",
        "przyklad-stowarzyszenie",
    ]
    assert sorted(r.src for r in get_rels(store, m.MemberOf, loaded)) == ["przyklad-mgops", "przyklad-szkola"]
    assert counts["PART_OF"] == 1  # the KIS is run by the (valid) MGOPS

    digest = graph_digest(store)
    again = import_spreadsheet(store, path, skip_invalid=True)
    assert again.totals.created == 0 and again.totals.updated == 0
    assert graph_digest(store) == digest


def test_rows_may_refer_to_institutions_already_in_the_store(store: Store, tmp_path: Path) -> None:
    load_territories(store, "12")
    import_spreadsheet(store, TEMPLATE_DIR / "przyklad.xlsx")
    moved = {**EXAMPLE["instytucje"][6], "gmina": "120906"}  # the school moves to Siepraw
    rows = {
        "instytucje": [moved],
        "wspolpraca": [{"institution": "przyklad-sds", "partner": "przyklad-pcpr", "kind": "inna"}],
        "uslugi": [
            {
                "id": "przyklad-pcpr.interwencja",
                "institution": "przyklad-pcpr",
                "name": "Interwencja kryzysowa",
                "categories": "interwencja-kryzysowa",
            }
        ],
    }
    report = import_spreadsheet(store, write_template(tmp_path / "dopisek.xlsx", "xlsx", rows))
    assert report.written and report.errors == [] and report.removed_seats == 1
    assert [r.dst for r in get_rels(store, m.LocatedIn, ["przyklad-szkola"])] == ["120906"]
    assert [r.dst for r in get_rels(store, m.CooperatesWith, ["przyklad-sds"])] == ["przyklad-pcpr"]
    # a service of a stored institution is available where that institution works
    assert [r.dst for r in get_rels(store, m.AvailableIn, ["przyklad-pcpr.interwencja"])] == ["1209"]


# ------------------------------------------------------------------ file forms and faults


def test_csv_forms_and_file_level_problems(store: Store, tmp_path: Path) -> None:
    load_territories(store, "12")
    # Excel with Polish settings saves CSV with semicolons; unknown columns and files are only warnings
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "instytucje.csv").write_text(
        "Identyfikator;Nazwa;Typ instytucji;Gmina siedziby (TERYT);Uwagi wewnętrzne\n"
        "csv-ops;OPS w Siepraw;OPS;120906;notatka\n",
        encoding="utf-8-sig",
    )
    (folder / "notatki.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    report = import_spreadsheet(store, folder)
    assert report.written and report.errors == []
    assert {(i.sheet, i.column, i.severity) for i in report.warnings} == {
        ("instytucje.csv", "Uwagi wewnętrzne", "warning"),
        ("notatki.csv", None, "warning"),
    }
    assert get_rels(store, m.Serves, ["csv-ops"])[0].dst == "120906"

    (folder / "uslugi.csv").write_text("Identyfikator usługi,Nazwa usługi\ns1,Usługa\n", encoding="utf-8")
    missing = import_spreadsheet(store, folder)
    assert not missing.written
    assert ("uslugi.csv", 1, "Instytucja (identyfikator)") in {(i.sheet, i.row, i.column) for i in missing.errors}

    cp1250 = tmp_path / "cp"
    cp1250.mkdir()
    (cp1250 / "instytucje.csv").write_bytes("Identyfikator,Nazwa\nx,Ośrodek\n".encode("cp1250"))
    with pytest.raises(ImportValidationError) as err:
        import_spreadsheet(store, cp1250)
    assert (err.value.file, err.value.row) == ("instytucje.csv", 2) and "UTF-8" in err.value.message
    fake = tmp_path / "arkusz.xlsx"
    fake.write_text("to nie jest arkusz", encoding="utf-8")
    with pytest.raises(ImportValidationError, match="XLSX"):
        import_spreadsheet(store, fake)


def test_xlsx_number_cells_keep_codes(store: Store, tmp_path: Path) -> None:
    """A TERYT code typed into a number cell loses its leading zero; it is restored."""
    import openpyxl

    load_territories(store, "02")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "instytucje"
    ws.append(["Identyfikator *", "Nazwa *", "Typ instytucji *", "Gmina siedziby (TERYT) *", "Numer KRS"])
    ws.append(["ngo-1", "Fundacja w Bolesławcu", "NGO", 20101, 96794])  # 020101, 0000096794
    path = tmp_path / "liczby.xlsx"
    wb.save(path)
    report = import_spreadsheet(store, path)
    assert report.written, report.lines()
    ngo = get_node(store, m.Institution, "ngo-1")
    assert ngo is not None and (ngo.gmina, ngo.krs) == ("020101", "0000096794")


def test_spreadsheet_needs_territories(store: Store) -> None:
    with pytest.raises(ImportValidationError, match="import teryt"):
        import_spreadsheet(store, TEMPLATE_DIR / "przyklad.xlsx")


class _FailingTx:
    def __init__(self, tx: Any):
        self._tx = tx
        self.backend = tx.backend
        self.capabilities = tx.capabilities - {Capability.ARROW}  # the row path

    def run(self, stmt: Any, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._tx.run(stmt, params)

    def columns(self, stmt: Any, params: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
        return self._tx.columns(stmt, params)  # type: ignore[no-any-return]

    def bulk_insert(self, table: str, rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> None:
        if table == "MEMBER_OF":  # the last table of the batch
            raise RuntimeError("przerwany import (symulacja)")
        self._tx.bulk_insert(table, rows, columns)


class _FailingStore:
    def __init__(self, inner: Store):
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def write(self, work: Callable[[Any], Any]) -> Any:
        return self._inner.write(lambda tx: work(_FailingTx(tx)))


def test_failure_mid_import_leaves_nothing(store: Store) -> None:
    load_territories(store, "12")
    before = graph_digest(store)
    with pytest.raises(RuntimeError):
        import_spreadsheet(_FailingStore(store), TEMPLATE_DIR / "przyklad.xlsx")  # type: ignore[arg-type]
    assert graph_digest(store) == before
    assert _created(import_spreadsheet(store, TEMPLATE_DIR / "przyklad.xlsx")) == EXAMPLE_TABLES
