"""The transcribed table shapes (importers/hsds/spec.py) agree with the HSDS 3.0 schema files."""

from __future__ import annotations

import json
from pathlib import Path

from importers.hsds.spec import CSV_FILES, TABLES

# Nested children the compiled schemas add to the per-object ones.
COMPILED_EXTRA = {("organization", "services"), ("service_at_location", "service")}


def _load(hsds_dir: Path) -> dict[str, dict]:
    out = {}
    for path in sorted((hsds_dir / "schema").glob("*.json")):
        if path.name != "openapi.json":
            schema = json.loads(path.read_text(encoding="utf-8"))
            out[schema["name"]] = schema
    return out


def test_every_table_matches_its_schema(hsds_dir: Path) -> None:
    schemas = _load(hsds_dir)
    assert set(schemas) == set(TABLES)
    for name, schema in schemas.items():
        spec = TABLES[name]
        props = schema["properties"]
        scalars = {k for k, v in props.items() if v.get("type") not in ("array", None)}
        children = {k: (v.get("items", v)["$ref"]).removesuffix(".json") for k, v in props.items() if k not in scalars}
        assert spec.csv == schema["path"], name
        assert list(spec.fields) == [k for k in props if k in scalars], name
        assert set(spec.required) == set(schema.get("required", [])), name
        assert set(spec.tabular_required) == set(schema.get("tabular_required", [])), name
        assert spec.numbers == {k for k in scalars if props[k]["type"] == "number"}, name
        assert {k for k in scalars if props[k]["type"] not in ("string", "number")} == set(), name
        assert {k: tuple(v["enum"]) for k, v in props.items() if "enum" in v} == spec.enums, name
        extra = {k: v for k, v in spec.children.items() if (name, k) in COMPILED_EXTRA}
        assert {k: v for k, v in spec.children.items() if k not in extra} == children, name


def test_csv_file_names_are_unique() -> None:
    assert len(CSV_FILES) == len(TABLES) == 21
