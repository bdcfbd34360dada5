"""Export the graph (or one territory of it) as HSDS 3.0: a CSV data package or JSON.

``datapackage``: ``OUT/datapackage.json`` and one CSV file per HSDS table (all
21, empty ones with their header), UTF-8, RFC 4180.

``json``: ``OUT/services.json`` (compiled service objects, each with its
organization), ``OUT/organizations.json`` (compiled organizations with the
one-to-one fields of their services), ``OUT/taxonomies.json`` and
``OUT/taxonomy_terms.json``.  Either form imports back into the same graph.

The territory filter keeps institutions located in the TERYT unit or below,
or serving it, a unit below it or the units above it; their services come
with them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from graph import model as m
from graph.cells import neutralise
from graph.store.protocol import Store
from graph.writer import get_node
from importers.hsds import profile as pf
from importers.hsds.build import Builder
from importers.hsds.snapshot import Snapshot, load_all, load_for_institutions
from importers.hsds.spec import TABLES

__all__ = ["ExportResult", "export_hsds", "load_snapshot", "datapackage_descriptor", "UnknownTerritory"]

Format = Literal["datapackage", "json"]


class UnknownTerritory(ValueError):
    """The TERYT code of ``--territory`` is not in the graph."""


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def load_snapshot(store: Store, territory: str | None = None) -> Snapshot:
    """The whole directory, or the institutions of one territory (see the module docstring)."""
    if territory is None:
        return load_all(store)
    code = pf.parse_teryt(territory, urn=False)
    if get_node(store, m.Territory, code) is None:
        raise UnknownTerritory(f"jednostki TERYT {code} nie ma w grafie")
    ids = [r["id"] for r in store.query("hsds_territory_institutions", {"teryt": code})]
    return load_for_institutions(store, ids)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return str(neutralise(str(value)))  # names from registers never run as spreadsheet formulas


def _csv(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(f)) for f in fields])
    return buf.getvalue()


def datapackage_descriptor() -> dict[str, Any]:
    """The Frictionless Tabular Data Package descriptor of an HSDS export."""
    resources = []
    for name, spec in TABLES.items():
        fields = [{"name": f, "type": "number" if spec.is_number(f) else "string"} for f in spec.fields]
        resources.append(
            {
                "name": name,
                "path": spec.csv,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "kooperacja-hsds",
        "title": "Kooperacja – katalog usług (Open Referral HSDS 3.0, profil polski)",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_hsds(store: Store, out: Path, fmt: Format = "datapackage", territory: str | None = None) -> ExportResult:
    """Write the HSDS export into directory ``out`` (created if missing; our files are overwritten).

    Raises
    ------
    UnknownTerritory
        ``territory`` names no unit of the graph.
    ValueError
        ``territory`` is not a TERYT code.
    """
    builder = Builder(load_snapshot(store, territory))
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(counts={t: len(r) for t, r in builder.rows.tables.items() if r})
    if fmt == "datapackage":
        for name, spec in TABLES.items():
            result.files.append(_write(out / spec.csv, _csv(builder.rows.tables[name], spec.fields)))
        result.files.append(_write(out / "datapackage.json", _dump(datapackage_descriptor())))
        return result
    snap = builder.snap
    documents = {
        "services.json": [builder.service_object(s) for s in sorted(snap.services)],
        "organizations.json": [builder.organization_object(i) for i in sorted(snap.institutions)],
        "taxonomies.json": builder.taxonomy_objects(),
        "taxonomy_terms.json": builder.term_objects(),
    }
    for file, data in documents.items():
        result.files.append(_write(out / file, _dump(data)))
    return result
