"""HSDS export of register data: websites as valid URIs, a foreign address keeps its country,
and files that are not HSDS tables are reported, not skipped silently (both stores)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from graph import model as m
from graph.store.protocol import Store
from graph.writer import Batch, get_node, write_batch
from importers.hsds.export import export_hsds
from importers.hsds.importer import import_hsds
from importers.hsds.reader import read_path
from importers.hsds.validate import SchemaSet
from tests.conftest import load_demo

# as the Małopolska OPS export writes them (RJPS): no scheme, two sites, a space after the scheme
WWW = {
    "gops-lubianka": "www.gops-lubianka.pl",
    "pcpr-torun": "pcpr.torun.pl; www.pcpr.pl",
    "pup-torun": "http:// pup.torun.pl/",
}


def test_websites_become_valid_uris(store: Store, schemas: SchemaSet, tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    load_demo(store)
    nodes = [get_node(store, m.Institution, i) for i in WWW]
    write_batch(store, Batch().add(m.Institution, [n.model_copy(update={"www": WWW[n.id]}) for n in nodes if n]))
    export_hsds(store, tmp_path, "json")
    orgs = json.loads((tmp_path / "organizations.json").read_text(encoding="utf-8"))
    checker = Draft202012Validator(
        schemas.validator("organization").schema, registry=schemas.registry, format_checker=FormatChecker()
    )
    sites = {o["name"]: o.get("website") for o in orgs}
    for org in orgs:
        assert [
            e.message for e in checker.iter_errors(org) if "website" in str(e.path) or e.validator == "format"
        ] == []
        if org.get("website"):
            parts = urlsplit(org["website"])
            assert parts.scheme in ("http", "https") and parts.netloc and " " not in org["website"]
    assert {"https://www.gops-lubianka.pl", "https://pcpr.torun.pl", "http://pup.torun.pl/"} <= set(sites.values())


def test_foreign_address_keeps_its_country(store: Store, examples: Path, tmp_path: Path) -> None:
    """The HSDS examples describe a US organisation: it is exported with country US, not PL."""
    import_hsds(store, examples / "csv")
    assert any(i.country == "US" for i in _institutions(store))
    export_hsds(store, tmp_path, "datapackage")
    countries = (tmp_path / "addresses.csv").read_text(encoding="utf-8")
    assert ",US," in countries and ",PL," not in countries


def test_unknown_files_are_reported(examples: Path, tmp_path: Path) -> None:
    pkg = tmp_path / "pakiet"
    shutil.copytree(examples / "csv", pkg)
    (pkg / "uwagi.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    ds = read_path(pkg)
    reported = {w.where for w in ds.warnings if "nie jest tabelą HSDS" in w.message}
    assert "uwagi.csv" in reported


def _institutions(store: Store) -> list[m.Institution]:
    from graph.statements import all_nodes

    return [
        m.Institution(**{k: v for k, v in r.items() if v is not None})
        for r in store.query(all_nodes(m.Institution, store.backend))
    ]
