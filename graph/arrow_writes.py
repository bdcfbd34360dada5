"""The writer's columnar path, for transactions that speak Arrow (LadybugDB).

Same contract as the row path in :mod:`graph.writer` – insert new rows, update
changed ones, leave equal ones alone, refuse dangling relationships – but the
batch is converted to Arrow once and every comparison is vectorised:

* stored rows are read with ``LOAD FROM`` an Arrow table of keys and come back
  as Arrow;
* new, changed and unchanged rows are told apart by a hash join of the batch
  with the stored rows (list properties compared as joined strings, so a
  stored null equals an empty list);
* new rows go to ``COPY`` as the very Arrow table that was compared.

Python touches each row only to build the Arrow columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph import statements
from graph.errors import ConstraintViolation, DanglingReference
from graph.model import Node, Rel
from graph.plural import EXISTING_RELS, MISSING_NODES, RECORDS
from graph.schema import PropType, node_props, rel_props
from graph.store.ladybug_store import arrow_table
from graph.store.protocol import ArrowTx, Row

__all__ = ["ArrowWrites", "offset_ranges"]

_LIST_SEP = "\x1f"
#: rows per UPDATE statement for changed rows
_UPDATE_CHUNK = 20_000


def _comparable(table: pa.Table) -> pa.Table:
    """List columns as joined strings (joins and equality need flat types)."""
    cols = {}
    for name in table.column_names:
        col = table[name]
        if pa.types.is_list(col.type) or pa.types.is_large_list(col.type):
            col = pc.fill_null(pc.binary_join(col, _LIST_SEP), "")
        cols[name] = col
    return pa.table(cols)


def _diff(batch: pa.Table, stored: pa.Table, keys: list[str], props: list[str]) -> tuple[pa.Array, pa.Array, int]:
    """Indices (in ``batch``) of new and of changed rows, and how many batch rows exist."""
    left = _comparable(batch.select(keys + props)).append_column(
        "__i", pa.array(np.arange(batch.num_rows, dtype=np.int64))
    )
    right = _comparable(stored.select(keys + props)).append_column(
        "__e", pa.array(np.ones(stored.num_rows, dtype=bool))
    )
    joined = left.join(right, keys=keys, join_type="left outer", right_suffix="__old")
    exists = pc.is_valid(joined["__e"])
    new = pc.unique(joined["__i"].filter(pc.invert(exists)))
    differs: Any = None
    for name in props:
        a, b = joined[name], joined[f"{name}__old"]
        same = pc.or_(pc.fill_null(pc.equal(a, b), False), pc.and_(pc.is_null(a), pc.is_null(b)))
        differs = pc.invert(same) if differs is None else pc.or_(differs, pc.invert(same))
    if differs is None:
        changed = pa.array([], pa.int64())
    else:
        changed = pc.unique(joined["__i"].filter(pc.and_(exists, differs)))
    found = len(pc.unique(joined["__i"].filter(exists)))
    return _sorted(new), changed, found


def offset_ranges(offsets: np.ndarray, max_ranges: int = 16) -> list[tuple[int, int]]:
    """Cover the offsets with at most ``max_ranges`` ranges, cutting at the widest gaps.

    Rows a batch wrote together sit next to each other in storage, so their
    offsets usually form one or a few runs.
    """
    values = np.unique(offsets)
    if len(values) == 0:
        return []
    gaps = np.diff(values)
    cut = (
        np.sort(np.argsort(gaps, kind="stable")[::-1][: max_ranges - 1]) if len(gaps) else np.array([], dtype=np.int64)
    )
    cut = cut[gaps[cut] > 1] if len(cut) else cut
    bounds: list[tuple[int, int]] = []
    start = 0
    for i in cut.tolist():
        bounds.append((int(values[start]), int(values[i])))
        start = i + 1
    bounds.append((int(values[start]), int(values[-1])))
    return bounds


def _sorted(indices: pa.Array) -> pa.Array:
    return pc.take(indices, pc.sort_indices(indices)) if len(indices) else indices


def _complete(row: Row, names: list[str]) -> Row:
    """Every property named (update statements read them all; absent means null)."""
    return {n: row.get(n) for n in names}


def _keys_param(values: Any) -> pa.Table:
    return pa.table(
        {"k": pa.array(values, pa.string()) if not isinstance(values, pa.Array | pa.ChunkedArray) else values}
    )


class ArrowWrites:
    """Node and relationship writes of one batch inside one transaction."""

    def __init__(self, tx: ArrowTx):
        self.tx = tx
        self.backend = tx.backend
        #: keys of nodes written by this batch (they exist now), per model
        self.known: dict[type[Node], list[pa.ChunkedArray | pa.Array]] = {}
        #: keys of nodes created by this batch, per model
        self.created: dict[type[Node], list[pa.ChunkedArray | pa.Array]] = {}

    # ------------------------------------------------------------ nodes
    def nodes(self, model: type[Node], rows: Sequence[Row], mode: str) -> tuple[int, int, int]:
        key = model.__key__
        props = node_props(model)
        table = arrow_table(rows, [(p.name, p.type.value) for p in props])
        keys = table.column(key)
        new_idx: pa.Array | None = None
        changed: list[Row] = []
        if int(self.tx.run(statements.count_label(model, self.backend))[0]["n"]):
            stored = self.tx.arrow(statements.lookup_nodes(model, self.backend), {"keys": _keys_param(keys)})
            if stored.num_rows:
                if mode == "create":
                    raise ConstraintViolation(
                        f"{model.__label__}: {RECORDS(stored.num_rows)} o istniejącym kluczu", backend=self.backend
                    )
                others = [p.name for p in props if p.name != key]
                new_idx, changed_idx, _ = _diff(table, stored, [key], others)
                names = [p.name for p in props]
                changed = [_complete(rows[i], names) for i in _sorted(changed_idx).to_pylist()]
        new = table if new_idx is None else table.take(new_idx)
        self.tx.copy_arrow(model.__label__, new)
        for start in range(0, len(changed), _UPDATE_CHUNK):
            self.tx.run(statements.update_nodes(model, self.backend), {"rows": changed[start : start + _UPDATE_CHUNK]})
        self.known.setdefault(model, []).append(keys)
        self.created.setdefault(model, []).append(new.column(key))
        return new.num_rows, len(changed), len(rows) - new.num_rows - len(changed)

    # ------------------------------------------------------------ relationships
    def _outside(self, values: pa.Array, sets: list[Any] | None) -> pa.Array:
        if not sets:
            return values
        mask = None
        for s in sets:
            hit = pc.is_in(values, value_set=s.combine_chunks() if isinstance(s, pa.ChunkedArray) else s)
            mask = hit if mask is None else pc.or_(mask, hit)
        return values.filter(pc.invert(mask))

    def _hits(self, values: pa.ChunkedArray, sets: list[Any] | None) -> Any:
        mask = None
        for s in sets or []:
            hit = pc.is_in(values, value_set=s.combine_chunks() if isinstance(s, pa.ChunkedArray) else s)
            mask = hit if mask is None else pc.or_(mask, hit)
        return mask

    def _stored_rels(self, model: type[Rel], srcs: pa.Array) -> pa.Table | None:
        """Stored relationships of the given source keys (and of their storage neighbours).

        Sources are located by key, then their relationships read by ranges of
        storage offsets (see :func:`graph.statements.rels_in_offset_range`); rows of
        other sources in a range are harmless, the comparison joins on the batch.
        """
        found = self.tx.arrow(statements.node_offsets(model.__src__, self.backend), {"keys": _keys_param(srcs)})
        offsets = found.column("o").to_numpy()
        if not len(offsets):
            return None
        tables = [
            self.tx.arrow(statements.rels_in_offset_range(model, self.backend), {"lo": lo, "hi": hi})
            for lo, hi in offset_ranges(offsets)
        ]
        return pa.concat_tables(tables)

    def rels(self, model: type[Rel], rows: Sequence[Row], mode: str) -> tuple[int, int, int]:
        props = rel_props(model)
        names = [p.name for p in props]
        table = arrow_table(
            rows,
            [("src", PropType.STRING.value), ("dst", PropType.STRING.value), *[(p.name, p.type.value) for p in props]],
        )
        missing = {}
        for side, node in (("src", model.__src__), ("dst", model.__dst__)):
            distinct = pc.unique(table[side])
            unknown = self._outside(distinct, self.known.get(node))
            found = 0
            if len(unknown):
                found = self.tx.arrow(
                    statements.lookup_keys(node, self.backend), {"keys": _keys_param(unknown)}
                ).num_rows
            missing[side] = len(unknown) - found
        if missing["src"] or missing["dst"]:
            raise DanglingReference(
                f"{model.__type__}: {MISSING_NODES(missing['src'])} {model.__src__.__label__} "
                f"i {MISSING_NODES(missing['dst'])} {model.__dst__.__label__}",
                backend=self.backend,
            )
        # a relationship touching a node created by this batch cannot exist yet
        fresh = None
        for side, node in (("src", model.__src__), ("dst", model.__dst__)):
            hit = self._hits(table[side], self.created.get(node))
            if hit is not None:
                fresh = hit if fresh is None else pc.or_(fresh, hit)
        candidates = table if fresh is None else table.filter(pc.invert(fresh))
        new_idx: pa.Array | None = None
        changed: list[Row] = []
        if candidates.num_rows:
            stored = self._stored_rels(model, pc.unique(candidates["src"]))
            if stored is not None and stored.num_rows:
                new_idx, changed_idx, found = _diff(table, stored, ["src", "dst"], names)
                if mode == "create" and found:
                    raise ConstraintViolation(f"{model.__type__}: {EXISTING_RELS(found)}", backend=self.backend)
                changed = [_complete(rows[i], ["src", "dst", *names]) for i in _sorted(changed_idx).to_pylist()]
        new = table if new_idx is None else table.take(new_idx)
        self.tx.copy_arrow(model.__type__, new)
        for start in range(0, len(changed), _UPDATE_CHUNK):
            self.tx.run(statements.update_rels(model, self.backend), {"rows": changed[start : start + _UPDATE_CHUNK]})
        return new.num_rows, len(changed), len(rows) - new.num_rows - len(changed)
