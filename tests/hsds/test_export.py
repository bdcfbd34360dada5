"""Exporting HSDS 3.0 from both stores: every object validates; import → export → import is lossless."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hsdstest import seed_territories, wipe

from graph import model as m
from graph.statements import all_nodes, all_rels
from graph.store.protocol import Store
from importers.hsds.export import UnknownTerritory, export_hsds
from importers.hsds.importer import import_hsds
from importers.hsds.spec import FOREIGN_KEYS, TABLES
from importers.hsds.validate import SchemaSet

FORMATS = ["datapackage", "json"]


def _strict(schema: Any) -> Any:
    """The schema with ``additionalProperties: false`` on every object, as the HSDS CI checks its examples."""
    out = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(out)
    return out


def _validate_json(out: Path, schemas: SchemaSet) -> dict[str, int]:
    from jsonschema import Draft202012Validator, FormatChecker

    counts = {}
    for file, kind in [
        ("services.json", "service"),
        ("organizations.json", "organization"),
        ("taxonomies.json", "taxonomy"),
        ("taxonomy_terms.json", "taxonomy_term"),
    ]:
        docs = json.loads((out / file).read_text(encoding="utf-8"))
        strict = Draft202012Validator(
            _strict(schemas.validator(kind).schema), registry=schemas.registry, format_checker=FormatChecker()
        )
        for doc in docs:
            assert schemas.errors(kind, doc) == [], (file, doc["id"])
            assert [e.message for e in strict.iter_errors(doc)] == [], (file, doc["id"])
        counts[file] = len(docs)
    return counts


def _read_package(out: Path) -> dict[str, list[dict[str, Any]]]:
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == [t.csv for t in TABLES.values()]
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, spec in TABLES.items():
        with (out / spec.csv).open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            assert tuple(reader.fieldnames or ()) == spec.fields
            rows = []
            for raw in reader:
                row: dict[str, Any] = {}
                for key, value in raw.items():
                    if value == "" and key not in spec.required:
                        continue
                    row[key] = float(value) if spec.is_number(key) and value != "" else value
                rows.append(row)
        tables[name] = rows
    return tables


def _validate_package(out: Path, schemas: SchemaSet) -> dict[str, int]:
    tables = _read_package(out)
    assert schemas.errors("tabular", tables) == []
    ids = {name: {r["id"] for r in rows} for name, rows in tables.items()}
    for name, rows in tables.items():
        assert len(ids[name]) == len(rows), f"{name}: duplicate ids"
        for row in rows:
            for field in TABLES[name].tabular_required:
                assert row.get(field), (name, row["id"], field)
            for field, target in FOREIGN_KEYS.items():
                if row.get(field):
                    assert row[field] in ids[target], (name, row["id"], field)
            if name == "attribute":
                assert row["link_id"] in ids[row["link_entity"]]
    return {name: len(rows) for name, rows in tables.items() if rows}


@pytest.mark.parametrize("fmt", FORMATS)
def test_demo_export_validates(demo_store: Store, schemas: SchemaSet, tmp_path: Path, fmt: str) -> None:
    result = export_hsds(demo_store, tmp_path, fmt)  # type: ignore[arg-type]
    # hand-checked against importers/demo.py: 34 institutions, 44 services, 33 categories,
    # 12 target groups, all 25 institution types, 1 id term; ids: 34 + 44 attributes
    expected = {
        "organization": 34,
        "service": 44,
        "service_at_location": 44,
        "location": 34,
        "address": 34,
        "phone": 34,
        "language": 44,
        "service_area": 61,
        "taxonomy": 4,
        "taxonomy_term": 33 + 12 + 25 + 1,
        "attribute": 34 + 34 + 56 + 69 + 44,
    }
    assert result.counts == expected
    if fmt == "json":
        assert _validate_json(tmp_path, schemas) == {
            "services.json": 44,
            "organizations.json": 34,
            "taxonomies.json": 4,
            "taxonomy_terms.json": 71,
        }
    else:
        assert _validate_package(tmp_path, schemas) == expected


def test_export_is_repeatable(demo_store: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    export_hsds(demo_store, first, "datapackage")
    export_hsds(demo_store, second, "datapackage")
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_territory_export(demo_store: Store, schemas: SchemaSet, tmp_path: Path) -> None:
    result = export_hsds(demo_store, tmp_path, "json", territory="041504")
    orgs = json.loads((tmp_path / "organizations.json").read_text(encoding="utf-8"))
    names = sorted(o["name"] for o in orgs)
    # gmina Lubicz: located there (CUS, KIS, NGO seniorów, GKRPA); serving it or its powiat/voivodeship;
    # MOPR Toruń comes along as the parent of the OIK (PART_OF), without its services
    assert names == sorted(
        [
            "Centrum Usług Społecznych w Lubiczu",
            "Klub Integracji Społecznej w Lubiczu",
            "Stowarzyszenie Aktywnych Seniorów „Srebrna Wisła”",
            "Gminna Komisja Rozwiązywania Problemów Alkoholowych w Lubiczu",
            "Powiatowe Centrum Pomocy Rodzinie w Toruniu",
            "Powiatowy Urząd Pracy dla Miasta Torunia",
            "Wojewódzki Urząd Pracy w Toruniu",
            "Regionalny Ośrodek Polityki Społecznej w Toruniu",
            "Centrum Integracji Społecznej w Toruniu",
            "Ośrodek Wsparcia Ekonomii Społecznej w Toruniu",
            "Ośrodek Interwencji Kryzysowej w Toruniu",
            "Fundacja „Nowy Start” pomocy osobom uzależnionym",
            "Komenda Miejska Policji w Toruniu",
            "Sąd Rejonowy w Toruniu – Zespół Kuratorskiej Służby Sądowej",
            "Poradnia Leczenia Uzależnień w Toruniu",
            "Miejski Ośrodek Pomocy Rodzinie w Toruniu",
        ]
    )
    mopr = next(o for o in orgs if o["name"].startswith("Miejski Ośrodek Pomocy Rodzinie"))
    assert mopr["services"] == []
    assert result.counts["service"] == 21
    _validate_json(tmp_path, schemas)


def test_unknown_territory(demo_store: Store, tmp_path: Path) -> None:
    with pytest.raises(UnknownTerritory, match="1261"):
        export_hsds(demo_store, tmp_path, "json", territory="1261")
    with pytest.raises(ValueError, match="cyfr"):
        export_hsds(demo_store, tmp_path, "json", territory="12a")


# ------------------------------------------------------------ round trips

#: Fields HSDS 3.0 cannot carry (PROFILE.md §6).
NOT_CARRIED = {
    "Institution": {"source", "updated_at", "register_id"},
    "Service": {"capacity", "free_places", "legal_basis"},
}
DIRECTORY_NODES = (m.Institution, m.Service, m.ServiceCategory, m.TargetGroup)
DIRECTORY_RELS = (m.Offers, m.InCategory, m.ForGroup, m.AvailableIn, m.LocatedIn, m.PartOf)


def directory_content(store: Store, *, drop_not_carried: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for model in DIRECTORY_NODES:
        skip = NOT_CARRIED.get(model.__label__, set()) if drop_not_carried else set()
        rows = store.query(all_nodes(model, store.backend))
        out[model.__label__] = sorted(tuple(sorted((k, repr(v)) for k, v in r.items() if k not in skip)) for r in rows)
    for rel in DIRECTORY_RELS:
        out[rel.__type__] = sorted((r["src"], r["dst"]) for r in store.query(all_rels(rel, store.backend)))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_demo_round_trip_is_lossless(
    demo_store: Store, request: pytest.FixtureRequest, tmp_path: Path, fmt: str
) -> None:
    expected = directory_content(demo_store, drop_not_carried=True)
    export_hsds(demo_store, tmp_path / "out", fmt)  # type: ignore[arg-type]
    # an empty store of the same backend (on Neo4j the fixture wipes the shared test database)
    target: Store = request.getfixturevalue("store")
    seed_territories(target)
    result = import_hsds(target, tmp_path / "out")
    assert result.warnings == []
    assert directory_content(target, drop_not_carried=True) == expected
    assert sum(len(v) for v in expected.values()) == 34 + 44 + 33 + 12 + 44 + 56 + 69 + 61 + 34 + 3
    again = import_hsds(target, tmp_path / "out")
    assert again.report.totals.created == again.report.totals.updated == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_examples_import_export_import_is_identical(store: Store, examples: Path, tmp_path: Path, fmt: str) -> None:
    import_hsds(store, examples)
    first = directory_content(store, drop_not_carried=False)
    export_hsds(store, tmp_path / "out", fmt)  # type: ignore[arg-type]
    wipe(store)
    assert directory_content(store, drop_not_carried=False)["Institution"] == []
    import_hsds(store, tmp_path / "out")
    second = directory_content(store, drop_not_carried=False)
    assert second == first
    assert {k: len(v) for k, v in second.items() if v} == {
        "Institution": 1,
        "Service": 1,
        "ServiceCategory": 1,
        "OFFERS": 1,
        "IN_CATEGORY": 1,
    }
