"""A canonical content hash of the stored graph, equal across backends.

Used to show that two loads produced the same graph (the same file in CSV, XML
and ZIP form; a clean import and an interrupted-then-repeated one; two runs of
the synthetic generator with one seed).  Every node is hashed with all its
model properties, every relationship with its endpoint keys and properties;
row order, the backend and null-versus-empty-list differences do not matter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from graph import statements
from graph.model import NODE_MODELS, REL_MODELS, Node, Rel
from graph.schema import PropType, node_props, rel_props
from graph.store.protocol import Store

__all__ = ["canonical_row", "rows_digest", "graph_digest"]


def _value(value: Any, ptype: PropType) -> Any:
    if ptype is PropType.STRING_LIST:
        return sorted(value or [])
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "value"):  # enum members hash like their stored value
        return value.value
    return value


def canonical_row(row: Mapping[str, Any], types: Mapping[str, PropType], keys: Iterable[str] = ()) -> str:
    """One row as canonical JSON: the given key columns, then properties by name."""
    data = {k: row[k] for k in keys}
    data.update({name: _value(row.get(name), t) for name, t in sorted(types.items())})
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def rows_digest(model: type[Node] | type[Rel], rows: Iterable[Mapping[str, Any]]) -> str:
    """sha256 of the sorted canonical rows of one table."""
    if issubclass(model, Rel):
        types = {p.name: p.type for p in rel_props(model)}
        lines = sorted(canonical_row(r, types, ("src", "dst")) for r in rows)
    else:
        types = {p.name: p.type for p in node_props(model)}
        lines = sorted(canonical_row(r, types) for r in rows)
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode())
        h.update(b"\n")
    return h.hexdigest()


def graph_digest(store: Store, models: Iterable[type[Node] | type[Rel]] | None = None) -> dict[str, str]:
    """Per table (label or relationship type) the digest of its content."""
    chosen: list[type[Node] | type[Rel]] = list(models) if models is not None else [*NODE_MODELS, *REL_MODELS]
    out: dict[str, str] = {}
    for model in chosen:
        if issubclass(model, Rel):
            out[model.__type__] = rows_digest(model, store.query(statements.all_rels(model, store.backend)))
        elif issubclass(model, Node):
            out[model.__label__] = rows_digest(model, store.query(statements.all_nodes(model, store.backend)))
    return out
