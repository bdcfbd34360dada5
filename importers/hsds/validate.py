"""Validate HSDS documents against the official HSDS 3.0 JSON schemas.

The schemas are not copied into the repository (CC BY-SA); they are read from
a directory given by the caller, by default ``$KOOPERACJA_HSDS_SCHEMA`` or the
shared data directory next to the checkout.  Formats are checked too
(``uuid``, ``email``, ``date-time``), as the HSDS continuous integration does.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

__all__ = ["default_schema_dir", "SchemaSet", "schema_set", "COMPILED"]

#: kind -> schema file (relative to the schema directory)
COMPILED: dict[str, str] = {
    "service": "compiled/service.json",
    "service_list": "compiled/service_list.json",
    "organization": "compiled/organization.json",
    "organization_list": "compiled/organization_list.json",
    "service_at_location": "compiled/service_at_location.json",
    "service_at_location_list": "compiled/service_at_location_list.json",
    "tabular": "compiled/tabular.json",
}


def default_schema_dir() -> Path:
    env = os.environ.get("KOOPERACJA_HSDS_SCHEMA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "hsds-3.0" / "schema"


class SchemaSet:
    """Validators for the per-object schemas (``taxonomy``, ``phone``…) and the compiled ones."""

    def __init__(self, directory: Path):
        if not directory.is_dir():
            raise FileNotFoundError(f"brak katalogu schematów HSDS: {directory}")
        self.directory = directory
        resources = []
        self.objects: dict[str, Any] = {}
        for path in sorted(directory.glob("*.json")):
            if path.name == "openapi.json":
                continue
            schema = json.loads(path.read_text(encoding="utf-8"))
            self.objects[path.stem] = schema
            resources.append((path.name, DRAFT202012.create_resource(schema)))
        self.registry: Registry = Registry().with_resources(resources)
        self.openapi = json.loads((directory / "openapi.json").read_text(encoding="utf-8"))
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, kind: str) -> Draft202012Validator:
        if kind not in self._validators:
            if kind in COMPILED:
                schema = json.loads((self.directory / COMPILED[kind]).read_text(encoding="utf-8"))
            elif kind == "page":
                schema = self.openapi["components"]["schemas"]["Page"]
            else:
                schema = self.objects[kind]
            self._validators[kind] = Draft202012Validator(
                schema, registry=self.registry, format_checker=FormatChecker()
            )
        return self._validators[kind]

    def errors(self, kind: str, document: Any) -> list[str]:
        """Readable errors (``path: message``); empty when the document is valid."""
        out = []
        for err in sorted(self.validator(kind).iter_errors(document), key=lambda e: list(e.absolute_path)):
            path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
            out.append(f"{path}: {err.message[:200]}")
        return out


@cache
def schema_set(directory: str | None = None) -> SchemaSet:
    return SchemaSet(Path(directory) if directory else default_schema_dir())
