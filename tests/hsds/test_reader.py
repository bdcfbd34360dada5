"""Reading HSDS input: every form of the official examples, and bad input located by file, row and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from importers.hsds.errors import HsdsInputError
from importers.hsds.reader import read_path

ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def _errors(path: Path) -> list[str]:
    return [str(e) for e in read_path(path).errors]


def test_csv_package_of_the_examples(examples: Path) -> None:
    ds = read_path(examples / "csv")
    assert ds.errors == []
    assert ds.read == 21 and len(ds.files) == 21
    assert all(len(ds.table(t)) == 1 for t in ds.records)
    svc = ds.table("service")[SERVICE]
    assert svc.ref("organization_id") == {ORG}
    assert svc.get("minimum_age") == 12 and svc.get("name") == "Community Counselling"
    # the datapackage.json of the examples is a git symlink stored as text
    assert any("dowiązanie" in str(w) for w in ds.warnings)


def test_nested_json_links_children_to_their_parents(examples: Path) -> None:
    ds = read_path(examples / "service_full.json")
    assert ds.errors == []
    assert ds.table("service")[SERVICE].ref("organization_id") == {ORG}
    area = next(iter(ds.table("service_area").values()))
    assert area.ref("service_id") == {SERVICE}
    attr = next(iter(ds.table("attribute").values()))
    assert attr.subject == "service" and attr.ref("link_id@service") == {SERVICE}
    term = ds.table("taxonomy_term")["3f7b145d-84af-42d7-8fae-eaca714b02b2"]
    assert term.ref("taxonomy_id") == {"5c4d79d7-cc55-470e-9f1f-8cad074e4892"}
    sal = next(iter(ds.table("service_at_location").values()))
    assert sal.ref("location_id") == {"3a19ff88-4620-4d17-9830-ac1d859eb5d5"}


def test_whole_examples_directory_reads_with_only_warnings(examples: Path) -> None:
    ds = read_path(examples)
    assert ds.errors == []
    assert len(ds.files) == 13  # every *.json; base.json (API metadata) is reported and skipped
    assert any("metadane API" in str(w) for w in ds.warnings)
    # location.json describes the location with another external identifier than the other files:
    # not a mapped field, so a warning
    assert any("opisano inaczej" in str(w) and "external_identifier" in str(w) for w in ds.warnings)


def test_broken_json_names_file_line_and_column(tmp_path: Path, examples: Path) -> None:
    text = (examples / "service_full.json").read_text(encoding="utf-8")
    bad = tmp_path / "service_full.json"
    bad.write_text(text[:500], encoding="utf-8")
    errors = _errors(bad)
    assert len(errors) == 1 and errors[0].startswith("service_full.json, linia ") and "niepoprawny JSON" in errors[0]


def test_wrong_types_and_missing_fields_are_all_reported(tmp_path: Path, examples: Path) -> None:
    doc = json.loads((examples / "service_full.json").read_text(encoding="utf-8"))
    doc["minimum_age"] = "dwanaście"
    del doc["name"]
    doc["status"] = "otwarte"
    doc["service_areas"] = {"id": "x"}
    doc["organization"]["locations"][0]["latitude"] = True
    path = tmp_path / "service.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    errors = _errors(path)
    assert "service.json, obiekt $, pole 'minimum_age': oczekiwano liczby" in errors
    assert "service.json, obiekt $, pole 'name': pole wymagane" in errors
    assert any(e.startswith("service.json, obiekt $, pole 'status': wartość spoza dozwolonej listy") for e in errors)
    assert "service.json, obiekt $, pole 'service_areas': oczekiwano listy obiektów" in errors
    assert "service.json, obiekt $.organization.locations[0], pole 'latitude': oczekiwano liczby" in errors
    assert len(errors) == 5


def _csv_copy(examples: Path, tmp_path: Path) -> Path:
    target = tmp_path / "pkg"
    shutil.copytree(examples / "csv", target)
    return target


def test_csv_errors_name_file_row_and_field(tmp_path: Path, examples: Path) -> None:
    pkg = _csv_copy(examples, tmp_path)
    services = pkg / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    row = lines[1].replace(",active,", ",zamknięte,").replace(",12,100,", ",abc,100,")
    services.write_text(lines[0] + row + ",".join(["x"] * (len(header) - 1)) + "\n", encoding="utf-8")
    errors = _errors(pkg)
    assert "services.csv, wiersz 2, pole 'minimum_age': oczekiwano liczby" in errors
    assert any(e.startswith("services.csv, wiersz 2, pole 'status': wartość spoza") for e in errors)
    assert "services.csv, wiersz 3: wiersz ma 22 pól, a nagłówek 23" in errors


def test_csv_missing_required_column_and_empty_name(tmp_path: Path, examples: Path) -> None:
    pkg = _csv_copy(examples, tmp_path)
    orgs = pkg / "organizations.csv"
    text = orgs.read_text(encoding="utf-8").replace("Example Organization Inc.", "")
    orgs.write_text(text, encoding="utf-8")
    sal = pkg / "service_at_location.csv"
    sal.write_text("id,service_id,description\ne94c9f38-1e8f-4564-91d4-d53501ab1765,x,y\n", encoding="utf-8")
    errors = _errors(pkg)
    assert "organizations.csv, wiersz 2, pole 'name': pole wymagane" in errors
    assert "service_at_location.csv, wiersz 1, pole 'location_id': brak wymaganej kolumny" in errors


def test_csv_not_utf8_is_an_error(tmp_path: Path, examples: Path) -> None:
    pkg = _csv_copy(examples, tmp_path)
    (pkg / "organizations.csv").write_bytes("id,name,description\n1,Zakład Żółć,opis\n".encode("cp1250"))
    assert _errors(pkg) == ["organizations.csv: plik nie jest zapisany w UTF-8"]


def test_datapackage_descriptor_resources(tmp_path: Path, examples: Path) -> None:
    pkg = _csv_copy(examples, tmp_path)
    (pkg / "datapackage.json").write_text('{"resources": [{"name": "organizations", "path": "nie-ma.csv"}', "utf-8")
    assert _errors(pkg)[0].startswith("datapackage.json, linia 1, kolumna")
    (pkg / "datapackage.json").write_text(
        json.dumps(
            {
                "resources": [
                    {"name": "organization", "path": "organizations.csv"},
                    {"name": "services", "path": "services.csv"},
                    {"name": "x", "path": "../poza.csv"},
                    {"name": "phones", "path": "brak.csv"},
                ]
            }
        ),
        "utf-8",
    )
    ds = read_path(pkg)
    assert [str(e) for e in ds.errors] == [
        "datapackage.json, zasób 2, pole 'path': ścieżka wychodzi poza katalog pakietu",
        "datapackage.json, zasób 3, pole 'path': brak pliku wskazanego w pakiecie",
    ]
    assert ds.files == ["organizations.csv", "services.csv"]


def test_conflicting_occurrences_of_a_mapped_field_are_an_error(tmp_path: Path, examples: Path) -> None:
    doc = json.loads((examples / "service_full.json").read_text(encoding="utf-8"))
    other = json.loads((examples / "organization_full.json").read_text(encoding="utf-8"))
    other["services"][0]["name"] = "Inna nazwa"
    (tmp_path / "a_service.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "b_organization.json").write_text(json.dumps(other), encoding="utf-8")
    errors = _errors(tmp_path)
    assert errors == [
        (
            "b_organization.json, obiekt $.services[0], pole 'name': obiekt service o tym samym id opisano inaczej w: "
            "a_service.json, obiekt $"
        )
    ]


def test_unrecognised_object_and_raise(tmp_path: Path) -> None:
    path = tmp_path / "dane.json"
    path.write_text(json.dumps([{"id": "1", "foo": "bar"}]), encoding="utf-8")
    ds = read_path(path)
    assert [str(e) for e in ds.errors] == [
        "dane.json, obiekt $[0]: nie rozpoznano rodzaju obiektu HSDS (usługa, organizacja, lokalizacja, taksonomia…)"
    ]
    with pytest.raises(HsdsInputError, match="nic nie zapisano"):
        ds.raise_errors()


def test_missing_path(tmp_path: Path) -> None:
    assert _errors(tmp_path / "nie-ma") == [f"{tmp_path / 'nie-ma'}: ścieżka nie istnieje"]


def test_csv_with_bom_crlf_and_multiline_field(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    text = 'id,name,description\r\n1,"Fundacja ""Razem""","Pierwsza linia\r\ndruga linia"\r\n'
    (pkg / "organizations.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    ds = read_path(pkg)
    assert ds.errors == []
    org = ds.table("organization")["1"]
    assert org.get("name") == 'Fundacja "Razem"' and org.get("description") == "Pierwsza linia\ndruga linia"
    assert [str(w) for w in ds.warnings] == [
        f"{pkg}: brak datapackage.json – wczytano pliki o standardowych nazwach HSDS"
    ]
