"""Helpers shared by the generator tests (importable as ``tests.synthetic.helpers``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from importers.synthetic.generator import chunks
from importers.synthetic.geography import Geography

Rows = dict[type, list[dict[str, Any]]]


def generated(geo: Geography, scale: str, territory: str, seed: int, clients_per_chunk: int = 1_000) -> Rows:
    """All rows the generator makes for a scope, merged over its chunks."""
    merged: dict[type, list[dict[str, Any]]] = defaultdict(list)
    for chunk in chunks(geo, geo.scope(scale, territory), seed, clients_per_chunk):  # type: ignore[arg-type]
        for model, rows in chunk.rows.items():
            merged[model].extend(rows)
    return dict(merged)


def by_id(rows: list[dict[str, Any]], key: str = "id") -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in rows}


def targets(rows: list[dict[str, Any]]) -> dict[str, str]:
    """src → dst of a relationship that has one destination per source."""
    return {r["src"]: r["dst"] for r in rows}
