"""Importing HSDS into both stores: the official examples, a Polish-profile document, bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph import model as m
from graph.store.protocol import Store
from graph.writer import get_node, get_nodes, get_rels, graph_counts, upsert
from importers.hsds import profile as pf
from importers.hsds.errors import HsdsInputError
from importers.hsds.importer import import_hsds
from tests.search_index_check import INDEX_TABLES, assert_search_index_consistent, domain_counts

ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"


def _nonzero(store: Store) -> dict[str, int]:
    """Non-empty domain tables; the derived search index is checked by assert_search_index_consistent."""
    return domain_counts(graph_counts(store))


def _created(result: Any) -> dict[str, int]:
    return {k: c.created for k, c in result.report.per_table.items() if k not in INDEX_TABLES}


def test_csv_examples(store: Store, examples: Path) -> None:
    result = import_hsds(store, examples / "csv")
    assert _created(result) == {"Institution": 1, "Service": 1, "ServiceCategory": 1, "OFFERS": 1}
    assert _nonzero(store) == {"Institution": 1, "Service": 1, "ServiceCategory": 1, "OFFERS": 1}
    assert_search_index_consistent(store)
    inst = get_node(store, m.Institution, ORG)
    assert inst is not None
    assert (inst.name, inst.type.value, inst.city, inst.street) == (
        "Example Organization Inc.",
        "INNA",
        "MyCity",
        "1-30 Main Street, MyVillage",
    )
    # latitude 100 / longitude 101 and the postcode "ABC 1234" do not fit: dropped, with a warning
    assert (inst.lat, inst.lon, inst.postal_code, inst.gmina) == (None, None, None, None)
    assert inst.phone == "+44 1234 234567 wew. 100" and inst.email == "email@example.com"
    assert inst.source == "hsds"
    svc = get_node(store, m.Service, SERVICE)
    assert svc is not None
    assert (svc.min_age, svc.max_age, svc.languages, svc.status.value) == (12, 100, ["ur"], "active")
    assert svc.schedule == (
        "The service is available from 10 am to 6pm weekdays. The service is not available on public holidays."
    )
    assert svc.cost is not None and svc.cost.startswith("Non-NHS patients are expected to pay")
    assert svc.updated_at == dt.datetime(2023, 3, 15, 10, 30, 45, 123000)
    cat = get_node(store, m.ServiceCategory, TERM)
    # the term's taxonomy_id names no taxonomy of the package, so its `taxonomy` text is used
    assert cat is not None and (cat.name, cat.taxonomy, cat.parent) == (
        "name",
        "taxonomy",
        "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2",
    )
    warnings = [str(w) for w in result.warnings]
    assert "organizations.csv, wiersz 2, pole 'name': nie rozpoznano typu, przyjęto typ domyślny: INNA" in warnings
    assert "locations.csv, wiersz 2, pole 'latitude': współrzędne spoza zakresu – pominięte" in warnings
    assert (
        "service_areas.csv, wiersz 2, pole 'uri': obszar bez kodu TERYT (profil polski: "
        "urn:teryt:<poziom>:<kod>) – nieprzenoszony"
    ) in warnings
    assert result.skipped == 3  # the attribute of an unknown entity, the area without TERYT, the parent


def test_reimport_changes_nothing(store: Store, examples: Path) -> None:
    import_hsds(store, examples / "csv")
    before = graph_counts(store)
    again = import_hsds(store, examples / "csv")
    assert again.report.totals.created == again.report.totals.updated == 0
    assert again.report.totals.unchanged == 4
    assert graph_counts(store) == before


def test_json_forms_of_the_examples(store: Store, examples: Path) -> None:
    result = import_hsds(store, examples / "service_full.json")
    # nested in the service, the attribute applies to it: the category link is kept
    assert _created(result) == {"Institution": 1, "Service": 1, "ServiceCategory": 1, "OFFERS": 1, "IN_CATEGORY": 1}
    cat = get_node(store, m.ServiceCategory, TERM)
    assert cat is not None and cat.taxonomy == "name"  # the name of the nested taxonomy_detail
    everything = import_hsds(store, examples)
    assert everything.report.totals.created == 0 and everything.report.totals.updated == 0
    assert _nonzero(store) == {"Institution": 1, "Service": 1, "ServiceCategory": 1, "OFFERS": 1, "IN_CATEGORY": 1}
    assert_search_index_consistent(store)


# ------------------------------------------------------- the Polish profile

ORG_PL = "0b6f5a3e-1c51-4c38-9a4e-0f8ad1d1a001"
SVC_PL = "0b6f5a3e-1c51-4c38-9a4e-0f8ad1d1a002"
SVC_PL2 = "0b6f5a3e-1c51-4c38-9a4e-0f8ad1d1a003"
TERM_PL = "0b6f5a3e-1c51-4c38-9a4e-0f8ad1d1a004"


def _uuid(n: int) -> str:
    return f"5a1e0000-0000-4000-8000-{n:012d}"


def polish_document() -> list[dict[str, Any]]:
    """A hand-written HSDS service list in the Polish profile (a GOPS in gmina Lubicz)."""
    type_term = {
        "id": pf.hsds_id("InstitutionType", "CUS"),
        "code": "CUS",
        "name": "centrum usług społecznych",
        "description": "CUS",
        "taxonomy_detail": {"id": pf.taxonomy_id(pf.TAXONOMY_TYPES), "name": pf.TAXONOMY_TYPES, "description": "typy"},
    }
    org = {
        "id": ORG_PL,
        "name": "Centrum Usług Społecznych w Lubiczu",
        "description": "",
        "organization_identifiers": [
            {"id": _uuid(1), "identifier_scheme": "PL-KRS", "identifier_type": "numer KRS", "identifier": "123456"},
            {"id": _uuid(2), "identifier_scheme": "PL-NIP", "identifier_type": "NIP", "identifier": "PL 879-123-45-67"},
            {"id": _uuid(3), "identifier_scheme": "PL-REGON", "identifier_type": "REGON", "identifier": "871234567"},
        ],
        "locations": [
            {
                "id": _uuid(4),
                "location_type": "physical",
                "latitude": 53.04,
                "longitude": 18.76,
                "external_identifier": "0415042",
                "external_identifier_type": "TERYT",
                "addresses": [
                    {
                        "id": _uuid(5),
                        "address_1": "ul. Toruńska 21",
                        "city": "Lubicz Górny",
                        "state_province": "kujawsko-pomorskie",
                        "postal_code": "87162",
                        "country": "PL",
                        "address_type": "physical",
                    }
                ],
            }
        ],
        "phones": [{"id": _uuid(6), "number": "56 678 00 00"}],
        "attributes": [{"id": _uuid(7), "link_entity": "organization", "taxonomy_term": type_term}],
    }
    category = {
        "id": TERM_PL,
        "name": "Praca socjalna",
        "description": "Praca socjalna",
        "code": "PS-1",
        "taxonomy_detail": {"id": _uuid(8), "name": "taksonomia gminy", "description": "lokalna"},
    }
    first = {
        "id": SVC_PL,
        "name": "Praca socjalna",
        "status": "active",
        "organization": org,
        "description": "Pomoc osobom i rodzinom w trudnej sytuacji.",
        "languages": [{"id": _uuid(9), "code": "pl"}, {"id": _uuid(10), "code": "UK"}],
        "schedules": [{"id": _uuid(11), "byday": "MO,TU,WE,TH,FR", "opens_at": "07:30", "closes_at": "15:30"}],
        "service_areas": [
            {"id": _uuid(12), "name": "Lubicz", "uri": "urn:teryt:gmina:041504"},
            {"id": _uuid(13), "name": "powiat toruński", "uri": "urn:teryt:powiat:0415"},
            {"id": _uuid(14), "name": "Kraków", "uri": "urn:teryt:gmina:126101"},
        ],
        "attributes": [{"id": _uuid(15), "taxonomy_term": category}],
        "contacts": [
            {
                "id": _uuid(16),
                "email": "sekretariat@cus.example.pl",
                "phones": [{"id": _uuid(17), "number": "56 678 00 01", "extension": 12}],
            }
        ],
    }
    second = {
        "id": SVC_PL2,
        "name": "Klub seniora",
        "status": "temporarily closed",
        "organization_id": ORG_PL,
        "cost_options": [
            {"id": _uuid(18), "option": "Składka", "amount": 10, "currency": "pln", "amount_description": "miesięcznie"}
        ],
    }
    return [first, second]


def _write(tmp_path: Path, doc: Any, name: str = "services.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_polish_profile_document(territory_store: Store, tmp_path: Path) -> None:
    store = territory_store
    result = import_hsds(store, _write(tmp_path, polish_document()))
    inst = get_node(store, m.Institution, ORG_PL)
    assert inst is not None
    assert (inst.type.value, inst.krs, inst.nip, inst.regon) == ("CUS", "0000123456", "8791234567", "871234567")
    assert (inst.street, inst.postal_code, inst.city, inst.gmina) == (
        "ul. Toruńska 21",
        "87-162",
        "Lubicz Górny",
        "041504",
    )
    assert (inst.lat, inst.lon, inst.phone, inst.description) == (53.04, 18.76, "56 678 00 00", None)
    assert [(r.src, r.dst) for r in get_rels(store, m.LocatedIn, [ORG_PL])] == [(ORG_PL, "041504")]
    first, second = get_nodes(store, m.Service, [SVC_PL, SVC_PL2])
    assert first.languages == ["pl", "uk"]
    assert first.schedule == "pn., wt., śr., czw., pt. 07:30–15:30"
    assert (first.email, first.phone) == ("sekretariat@cus.example.pl", "56 678 00 01 wew. 12")
    assert (second.status.value, second.cost) == ("temporarily closed", "Składka: 10 PLN miesięcznie")
    assert sorted(r.dst for r in get_rels(store, m.AvailableIn, [SVC_PL])) == ["0415", "041504"]
    assert [r.dst for r in get_rels(store, m.InCategory, [SVC_PL])] == [TERM_PL]
    cat = get_node(store, m.ServiceCategory, TERM_PL)
    assert cat is not None and cat.taxonomy == "taksonomia gminy"
    assert sorted(r.dst for r in get_rels(store, m.Offers, [ORG_PL])) == [SVC_PL, SVC_PL2]
    # Kraków (126101) is not in this graph: reported, link skipped, not an error
    assert any("126101 nie ma w grafie" in str(w) for w in result.warnings)
    # the type came from the profile attribute: no guess reported
    assert not any("typ" in str(w) and "nazwy" in str(w) for w in result.warnings)


def test_existing_fields_hsds_cannot_carry_are_kept(territory_store: Store, tmp_path: Path) -> None:
    store = territory_store
    path = _write(tmp_path, polish_document())
    import_hsds(store, path)
    svc = get_node(store, m.Service, SVC_PL)
    inst = get_node(store, m.Institution, ORG_PL)
    assert svc is not None and inst is not None
    upsert(store, m.Service, [svc.model_copy(update={"capacity": 40, "free_places": 3, "legal_basis": "art. 45 ups"})])
    upsert(store, m.Institution, [inst.model_copy(update={"source": "rejestr", "register_id": "RPS-1"})])
    again = import_hsds(store, path)
    assert again.report.totals.updated == 0 and again.report.totals.created == 0
    svc = get_node(store, m.Service, SVC_PL)
    inst = get_node(store, m.Institution, ORG_PL)
    assert svc is not None and (svc.capacity, svc.free_places, svc.legal_basis) == (40, 3, "art. 45 ups")
    assert inst is not None and (inst.source, inst.register_id) == ("rejestr", "RPS-1")


def _expect_nothing_written(store: Store, path: Path, *expected: str) -> list[str]:
    before = graph_counts(store)
    with pytest.raises(HsdsInputError) as info:
        import_hsds(store, path)
    assert graph_counts(store) == before
    messages = [str(i) for i in info.value.issues]
    for text in expected:
        assert text in messages, messages
    return messages


def test_bad_values_write_nothing(territory_store: Store, tmp_path: Path) -> None:
    doc = polish_document()
    doc[0]["organization"]["organization_identifiers"][0]["identifier"] = "12-34-AB"
    doc[0]["service_areas"][0]["uri"] = "urn:teryt:powiat:041504"
    doc[0]["minimum_age"] = 200
    doc[1]["organization_id"] = "5a1e0000-0000-4000-8000-999999999999"
    path = _write(tmp_path, doc)
    _expect_nothing_written(
        territory_store,
        path,
        "services.json, obiekt $[0].organization.organization_identifiers[0], pole 'identifier': "
        "KRS może zawierać tylko cyfry",
        "services.json, obiekt $[0].service_areas[0], pole 'uri': poziom TERYT nie zgadza się z długością kodu",
        "services.json, obiekt $[0], pole 'minimum_age': wartość za duża",
        "services.json, obiekt $[1], pole 'organization_id': odwołanie do organizacji, której nie ma w danych ani w grafie",
    )


def test_dangling_required_reference_in_csv_writes_nothing(store: Store, examples: Path, tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    shutil.copytree(examples / "csv", pkg)
    sal = pkg / "service_at_location.csv"
    sal.write_text(sal.read_text(encoding="utf-8").replace("3a19ff88-4620-4d17-9830-ac1d859eb5d5", _uuid(77)), "utf-8")
    attrs = pkg / "attributes.csv"
    header, row = attrs.read_text(encoding="utf-8").splitlines(keepends=True)
    attrs.write_text(header + row.replace(",link_entity,", ",service,"), "utf-8")
    _expect_nothing_written(
        store,
        pkg,
        "service_at_location.csv, wiersz 2, pole 'location_id': odwołanie do nieistniejącego obiektu location",
        "attributes.csv, wiersz 2, pole 'link_id': odwołanie do nieistniejącego obiektu service",
    )


def test_kooperacja_id_must_match_the_hsds_id(store: Store, tmp_path: Path) -> None:
    id_term = {
        "id": pf.derived_id("taxonomy_term", pf.ID_TERM_CODE),
        "code": pf.ID_TERM_CODE,
        "name": "id",
        "description": "id",
        "taxonomy": pf.TAXONOMY_IDS,
    }
    org = {
        "id": pf.hsds_id("Institution", "gops-x"),
        "name": "GOPS w X",
        "description": "",
        "attributes": [{"id": _uuid(30), "value": "gops-x", "taxonomy_term": id_term}],
    }
    good = import_hsds(store, _write(tmp_path, [org], "organizations.json"))
    assert good.report.per_table["Institution"].created == 1
    inst = get_node(store, m.Institution, "gops-x")
    assert inst is not None and inst.type.value == "OPS"  # guessed from the name
    org["attributes"][0]["value"] = "gops-y"
    _expect_nothing_written(
        store,
        _write(tmp_path, [org], "organizations.json"),
        "organizations.json, obiekt $[0], pole 'id': identyfikator Kooperacji z atrybutu nie odpowiada "
        "identyfikatorowi HSDS obiektu",
    )
