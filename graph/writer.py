"""Validated, atomic and idempotent writes of model entities.

A :class:`Batch` groups node and relationship items; :func:`write_batch`
validates every item against the model first (nothing is written if one is
invalid), then in ONE transaction, table by table (nodes first):

1. reads the stored rows for the batch's keys (skipped for an empty label;
   LadybugDB joins the keys with ``UNWIND`` and returns Arrow columns),
2. bulk-inserts the new ones (``COPY`` on LadybugDB, ``UNWIND … CREATE`` on Neo4j),
3. updates only rows whose stored values differ (compared as value tuples),
4. leaves identical rows untouched and counts them as unchanged.

Relationship endpoints written by the same batch are known to exist, and a
relationship touching a node the batch created cannot exist yet; only the
rest is looked up.  So a first load is almost pure ``COPY`` and a re-run of
the same input is a pure read.  ``UNWIND … MERGE`` is avoided (under 1,000
rows/s over existing nodes on LadybugDB).  A failure anywhere rolls the whole
batch back.

Two writers of the same rows at the same time (two importers, S-TX-02) end with
one copy.  LadybugDB serialises the writers of a database.  On Neo4j a node key
created by the other writer meanwhile violates its uniqueness constraint: the
batch is run again and finds it existing.  Relationships have no such constraint
in Neo4j Community, so new ones between existing nodes are looked up again under
a lock on their source nodes before they are created.

The same writes are usable inside a transaction the caller opened (a domain
write that checks something first, then writes, atomically): :func:`write_in`
writes a batch, :func:`replace_rels` makes a node's relationships of one type
exactly the given ones, :func:`delete_nodes`/:func:`delete_rels` remove.  A
transaction knows its backend (``tx.backend``) – no backend argument anywhere.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from graph import statements
from graph.catalog import Statement
from graph.errors import ConstraintViolation, DanglingReference, ModelValidationError
from graph.gc_pause import gc_paused
from graph.model import Node, Rel
from graph.plural import EXISTING_RELS, MISSING_NODES, RECORDS, count
from graph.schema import PropType, from_row, node_props, rel_props, to_row, validate
from graph.store.protocol import Capability, Row, Store, Tx

__all__ = [
    "Counts",
    "WriteReport",
    "Batch",
    "write_batch",
    "write_in",
    "replace_rels",
    "fetch_node_row",
    "upsert",
    "create",
    "get_node",
    "get_nodes",
    "get_rels",
    "delete_nodes",
    "delete_rels",
    "graph_counts",
]

CHUNK = 20_000
#: attempts of a batch whose keys another writer created at the same time
_ATTEMPTS = 3
#: keys per lookup statement when reading what a batch already has in the store
READ_CHUNK = 100_000
Mode = Literal["upsert", "create"]

log = logging.getLogger(__name__)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass
class WriteReport:
    per_table: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))

    @property
    def totals(self) -> Counts:
        out = Counts()
        for c in self.per_table.values():
            out.add(c)
        return out

    def merge(self, other: WriteReport) -> None:
        for k, c in other.per_table.items():
            self.per_table[k].add(c)


@dataclass
class Batch:
    """Items to write together; nodes are written before relationships."""

    nodes: dict[type[Node], list[Any]] = field(default_factory=dict)
    rels: dict[type[Rel], list[Any]] = field(default_factory=dict)

    def add(self, model: type[Node] | type[Rel], items: Iterable[Any]) -> Batch:
        target: dict[Any, list[Any]] = self.rels if issubclass(model, Rel) else self.nodes
        target.setdefault(model, []).extend(items)
        return self

    def __len__(self) -> int:
        return sum(len(v) for v in self.nodes.values()) + sum(len(v) for v in self.rels.values())


# ------------------------------------------------------------- validation


def _validated_rows(model: type[BaseModel], items: Sequence[Any], trusted: bool) -> list[Row]:
    if trusted:
        # Our own generated rows: used as they are (never modified by the writer).
        if set(map(type, items)) <= {dict}:
            return items if isinstance(items, list) else list(items)
        return [i if isinstance(i, dict) else dict(i) if isinstance(i, Mapping) else to_row(i) for i in items]
    rows = []
    for index, item in enumerate(items):
        try:
            rows.append(to_row(validate(model, item)))
        except ModelValidationError as exc:
            raise ModelValidationError(exc.entity, [(f"[{index}].{loc}", msg) for loc, msg in exc.errors]) from None
    return rows


def _key_of_rel(row: Row) -> tuple[str, str]:
    return row["src"], row["dst"]


def _check_unique(name: str, keys: list[Any]) -> None:
    distinct = len(set(keys))
    if distinct != len(keys):
        repeated = count(len(keys) - distinct, "powtórzony klucz", "powtórzone klucze", "powtórzonych kluczy")
        raise ConstraintViolation(f"{name}: {repeated} w jednej partii")


# ------------------------------------------------------------- comparison
#
# Rows are compared as tuples of their property values (C-speed equality)
# built column by column; list properties are normalised so that a stored
# null and an empty list count as equal.


def _columns_of_rows(rows: Sequence[Row], names: Sequence[str]) -> dict[str, list[Any]]:
    return {n: [r.get(n) for r in rows] for n in names}


def _tuples(
    cols: Mapping[str, list[Any]], names: Sequence[str], types: Mapping[str, PropType]
) -> Iterable[tuple[Any, ...]]:
    columns = []
    for n in names:
        col = cols[n]
        if types[n] is PropType.STRING_LIST:
            col = [list(v) if v else [] for v in col]
        columns.append(col)
    if not columns:
        return iter(())
    return zip(*columns, strict=True)


def _chunks(seq: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _fetch(tx: Tx, stmt: Statement, param: str, keys: Sequence[str], columns: Sequence[str]) -> dict[str, list[Any]]:
    """Run a statement over ``keys`` in chunks; the result as columns.

    Uses the transaction's columnar fast path when it has one (LadybugDB reads
    results as Arrow), else plain rows.
    """
    out: dict[str, list[Any]] = {c: [] for c in columns}
    for chunk in _chunks(keys, READ_CHUNK):
        part = tx.columns(stmt, {param: list(chunk)})
        if not part:  # no rows: some backends return no columns either
            continue
        for c in columns:
            out[c].extend(part[c])
    return out


def _parse_temporal(cols: dict[str, list[Any]], types: Mapping[str, PropType]) -> dict[str, list[Any]]:
    """Dates and timestamps read as ISO text (see statements.bulk_fetch_nodes) back to Python."""
    for name, ptype in types.items():
        if ptype is PropType.TIMESTAMP:
            cols[name] = [dt.datetime.fromisoformat(v) if isinstance(v, str) else v for v in cols[name]]
        elif ptype is PropType.DATE:
            cols[name] = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in cols[name]]
    return cols


def _is_empty(tx: Tx, model: type[Node]) -> bool:
    return int(tx.run(statements.count_label(model, tx.backend))[0]["n"]) == 0


# ------------------------------------------------------------- node writes


def _write_nodes(tx: Tx, model: type[Node], rows: list[Row], mode: Mode) -> tuple[Counts, set[Any]]:
    """Write node rows; returns the counts and the keys created by this call."""
    backend = tx.backend
    key = model.__key__
    props = node_props(model)
    names = [p.name for p in props]
    types = {p.name: p.type for p in props}
    keys = [r[key] for r in rows]
    existing: dict[Any, tuple[Any, ...]] = {}
    if not _is_empty(tx, model):
        cols = _parse_temporal(_fetch(tx, statements.bulk_fetch_nodes(model, backend), "keys", keys, names), types)
        existing = dict(zip(cols[key], _tuples(cols, names, types), strict=True))
    if mode == "create" and existing:
        raise ConstraintViolation(f"{model.__label__}: {RECORDS(len(existing))} o istniejącym kluczu", backend=backend)
    if existing:
        new, changed = [], []
        for row, k, values in zip(rows, keys, _tuples(_columns_of_rows(rows, names), names, types), strict=True):
            old = existing.get(k)
            if old is None:
                new.append(row)
            elif old != values:
                changed.append(row)
        created = {r[key] for r in new}
    else:
        new, changed, created = rows, [], set(keys)
    if new:
        tx.bulk_insert(model.__label__, new, [(n, t.value) for n, t in types.items()])
    for chunk in _chunks(changed):
        # every property present: a row may leave out fields that are null
        tx.run(statements.update_nodes(model, backend), {"rows": [{n: r.get(n) for n in names} for r in chunk]})
    return Counts(len(new), len(changed), len(rows) - len(new) - len(changed)), created


# ------------------------------------------------------------- rel writes


def _existing_keys(tx: Tx, model: type[Node], keys: set[str]) -> set[str]:
    if not keys:
        return set()
    cols = _fetch(tx, statements.existing_keys(model, tx.backend), "keys", sorted(keys), ["k"])
    return set(cols["k"])


def _write_rels(
    tx: Tx,
    model: type[Rel],
    rows: list[Row],
    mode: Mode,
    known: Mapping[type[Node], set[Any]],
    created: Mapping[type[Node], set[Any]],
    concurrent: bool = False,
) -> Counts:
    """Write relationship rows.

    ``known`` holds the node keys written by this batch (they exist now) and
    ``created`` those it created: only endpoints outside ``known`` are looked
    up, and a relationship touching a created node cannot exist yet.  With
    ``concurrent`` (other processes write the same database), new relationships
    between nodes that already existed are checked again under a lock on their
    source nodes (see :func:`_recheck_under_lock`).
    """
    backend = tx.backend
    props = rel_props(model)
    names = [p.name for p in props]
    types = {p.name: p.type for p in props}
    src_model, dst_model = model.__src__, model.__dst__
    srcs = {r["src"] for r in rows}
    dsts = {r["dst"] for r in rows}
    unknown_src = srcs - known.get(src_model, set())
    unknown_dst = dsts - known.get(dst_model, set())
    missing_src = len(unknown_src - _existing_keys(tx, src_model, unknown_src))
    missing_dst = len(unknown_dst - _existing_keys(tx, dst_model, unknown_dst))
    if missing_src or missing_dst:
        raise DanglingReference(
            f"{model.__type__}: {MISSING_NODES(missing_src)} {src_model.__label__} "
            f"i {MISSING_NODES(missing_dst)} {dst_model.__label__}",
            backend=backend,
        )
    fresh_src = created.get(src_model, set())
    fresh_dst = created.get(dst_model, set())
    candidates = [r for r in rows if r["src"] not in fresh_src and r["dst"] not in fresh_dst]
    existing: dict[tuple[str, str], tuple[Any, ...]] = {}
    if candidates:
        wanted = {_key_of_rel(r) for r in candidates}
        stored = _stored_rels(tx, model, {r["src"] for r in candidates})
        existing = {k: v for k, v in stored.items() if k in wanted}
    if mode == "create" and existing:
        raise ConstraintViolation(f"{model.__type__}: {EXISTING_RELS(len(existing))}", backend=backend)
    new, changed = _split_rels(model, rows, existing) if existing else (rows, [])
    if concurrent:
        racing = [r for r in new if r["src"] not in fresh_src and r["dst"] not in fresh_dst]
        if racing:
            safe = [r for r in new if r["src"] in fresh_src or r["dst"] in fresh_dst]
            still_new, now_changed = _recheck_under_lock(tx, model, racing)
            new, changed = safe + still_new, changed + now_changed
    if new:
        tx.bulk_insert(model.__type__, new, [(n, t.value) for n, t in types.items()])
    for chunk in _chunks(changed):
        full = [{"src": r["src"], "dst": r["dst"], **{n: r.get(n) for n in names}} for r in chunk]
        tx.run(statements.update_rels(model, backend), {"rows": statements.rel_params(model, full, backend)})
    return Counts(len(new), len(changed), len(rows) - len(new) - len(changed))


def _recheck_under_lock(tx: Tx, model: type[Rel], rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Lock the source nodes of ``rows``, then split them into still new and (now) changed.

    Another writer may have created some of these relationships after this
    transaction looked: it committed before the lock was granted (and is seen now),
    or it waits for the lock and will see ours.  Rows it created with equal values
    are dropped; with different values they become updates.
    """
    srcs = {r["src"] for r in rows}
    tx.run(statements.lock_nodes(model.__src__, tx.backend), {"keys": sorted(srcs)})
    stored = _stored_rels(tx, model, srcs)
    return _split_rels(model, rows, stored) if stored else (rows, [])


def _stored_rels(tx: Tx, model: type[Rel], srcs: set[str]) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Stored relationships of the given sources: (src, dst) → property values."""
    props = rel_props(model)
    names = [p.name for p in props]
    types = {p.name: p.type for p in props}
    cols = _fetch(tx, statements.bulk_fetch_rels(model, tx.backend), "srcs", sorted(srcs), ["src", "dst", *names])
    cols = _parse_temporal(cols, types)
    values = _tuples(cols, names, types) if names else (() for _ in cols["src"])
    return dict(zip(zip(cols["src"], cols["dst"], strict=True), values, strict=True))


def _split_rels(
    model: type[Rel], rows: list[Row], stored: Mapping[tuple[str, str], tuple[Any, ...]]
) -> tuple[list[Row], list[Row]]:
    """Rows whose relationship is not stored (new) and those stored with other values (changed)."""
    props = rel_props(model)
    names = [p.name for p in props]
    types = {p.name: p.type for p in props}
    new, changed = [], []
    values_of = _tuples(_columns_of_rows(rows, names), names, types) if names else (() for _ in rows)
    for row, v in zip(rows, values_of, strict=True):
        old = stored.get(_key_of_rel(row))
        if old is None:
            new.append(row)
        elif old != v:
            changed.append(row)
    return new, changed


# ------------------------------------------------------------- public API


def write_batch(store: Store, batch: Batch, *, mode: Mode = "upsert", trusted: bool = False) -> WriteReport:
    """Validate and write a batch atomically; see the module docstring.

    ``trusted=True`` skips model validation for rows produced by our own code
    (the synthetic generator), which is checked by its own tests instead.
    """
    with gc_paused():
        return _write_batch(store, batch, mode, trusted)


def _prepared(batch: Batch, trusted: bool) -> tuple[dict[type[Node], list[Row]], dict[type[Rel], list[Row]]]:
    node_rows = {m: _validated_rows(m, items, trusted) for m, items in batch.nodes.items()}
    rel_rows = {m: _validated_rows(m, items, trusted) for m, items in batch.rels.items()}
    for m, rows in node_rows.items():
        _check_unique(m.__label__, [r[m.__key__] for r in rows])
    for r_model, rows in rel_rows.items():
        _check_unique(r_model.__type__, [(r["src"], r["dst"]) for r in rows])
    return node_rows, rel_rows


def _write_rows(
    tx: Tx, node_rows: Mapping[type[Node], list[Row]], rel_rows: Mapping[type[Rel], list[Row]], mode: Mode
) -> WriteReport:
    report = WriteReport()
    if Capability.ARROW in tx.capabilities:
        from graph.arrow_writes import ArrowWrites

        ops = ArrowWrites(tx)  # type: ignore[arg-type]  # ARROW declared: an ArrowTx
        for m, rows in node_rows.items():
            if rows:
                report.per_table[m.__label__].add(Counts(*ops.nodes(m, rows, mode)))
        for r_model, rows in rel_rows.items():
            if rows:
                report.per_table[r_model.__type__].add(Counts(*ops.rels(r_model, rows, mode)))
    else:
        # Other processes may write the same database: relationships need the lock-and-look-again step.
        concurrent = Capability.MULTI_PROCESS in tx.capabilities
        known: dict[type[Node], set[Any]] = {}
        created: dict[type[Node], set[Any]] = {}
        for m, rows in node_rows.items():
            if rows:
                counts, made = _write_nodes(tx, m, rows, mode)
                report.per_table[m.__label__].add(counts)
                known.setdefault(m, set()).update(r[m.__key__] for r in rows)
                created.setdefault(m, set()).update(made)
        for r_model, rows in rel_rows.items():
            if rows:
                report.per_table[r_model.__type__].add(_write_rels(tx, r_model, rows, mode, known, created, concurrent))
    # in the same transaction: the search index never disagrees with the committed texts
    from graph.search import index

    touched = index.affected_services(tx, node_rows, rel_rows)
    if touched:
        index.refresh(tx, tx.backend, touched)
    return report


def write_in(tx: Tx, batch: Batch, *, mode: Mode = "upsert", trusted: bool = False) -> WriteReport:
    """Write a batch inside the caller's transaction (validated first, as :func:`write_batch`).

    For a domain write that checks something and then writes, atomically.  It
    does not retry: a concurrent writer's key conflict fails the caller's transaction.
    """
    node_rows, rel_rows = _prepared(batch, trusted)
    return _write_rows(tx, node_rows, rel_rows, mode)


def _write_batch(store: Store, batch: Batch, mode: Mode, trusted: bool) -> WriteReport:
    node_rows, rel_rows = _prepared(batch, trusted)
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return store.write(lambda tx: _write_rows(tx, node_rows, rel_rows, mode))
        except ConstraintViolation:
            # Keys were checked unique within the batch, so in upsert mode a uniqueness
            # violation means another writer created some of them meanwhile: run the batch
            # again, and what it created now reads as existing.
            if mode == "create" or attempt == _ATTEMPTS:
                raise
            log.info("write_batch: concurrent writer created the same keys; attempt %d", attempt + 1)
    raise AssertionError("unreachable")


def upsert(store: Store, model: type[Node] | type[Rel], items: Iterable[Any]) -> WriteReport:
    return write_batch(store, Batch().add(model, items))


def create(store: Store, model: type[Node] | type[Rel], items: Iterable[Any]) -> WriteReport:
    """Insert only: any existing key is a :class:`ConstraintViolation` and nothing is written."""
    return write_batch(store, Batch().add(model, items), mode="create")


def get_nodes(store: Store, model: type[Node], keys: Sequence[str]) -> list[Any]:
    distinct = list(dict.fromkeys(keys))
    if not distinct:
        return []
    rows = store.query(statements.fetch_nodes(model, store.backend), {"keys": distinct})
    return [from_row(model, r) for r in rows]


def get_node(store: Store, model: type[Node], key: str) -> Any | None:
    found = get_nodes(store, model, [key])
    return found[0] if found else None


def get_rels(store: Store, model: type[Rel], srcs: Sequence[str]) -> list[Any]:
    distinct = list(dict.fromkeys(srcs))
    if not distinct:
        return []
    rows = store.query(statements.fetch_rels(model, store.backend), {"srcs": distinct})
    return [from_row(model, r) for r in rows]


def fetch_node_row(tx: Tx, model: type[Node], key: str) -> Row | None:
    """The stored row of one node, read inside the caller's transaction."""
    rows = tx.run(statements.fetch_nodes(model, tx.backend), {"keys": [key]})
    return rows[0] if rows else None


def delete_nodes(tx: Tx, model: type[Node], keys: Sequence[str]) -> None:
    """Detach-delete nodes by key inside the caller's transaction (no-op for none)."""
    distinct = list(dict.fromkeys(keys))
    if distinct:
        tx.run(statements.delete_nodes(model, tx.backend), {"keys": distinct})


def delete_rels(tx: Tx, model: type[Rel], pairs: Sequence[tuple[str, str]]) -> None:
    """Delete relationships given as (src, dst) pairs inside the caller's transaction."""
    if pairs:
        tx.run(statements.delete_rels(model, tx.backend), {"rows": [{"src": s, "dst": d} for s, d in pairs]})


def replace_rels(tx: Tx, model: type[Rel], src: str, items: Iterable[Any]) -> WriteReport:
    """Make ``src``'s relationships of ``model`` exactly ``items`` (validated; others deleted)."""
    wanted = Batch().add(model, items)
    node_rows, rel_rows = _prepared(wanted, trusted=False)
    rows = rel_rows.get(model, [])
    if any(r["src"] != src for r in rows):
        raise ValueError(f"replace_rels: every {model.__type__} must start at {src!r}")
    stored = tx.run(statements.fetch_rels(model, tx.backend), {"srcs": [src]})
    keep = {r["dst"] for r in rows}
    delete_rels(tx, model, [(src, r["dst"]) for r in stored if r["dst"] not in keep])
    return _write_rows(tx, node_rows, rel_rows, "upsert")


def graph_counts(store: Store) -> dict[str, int]:
    """Nodes per label and relationships per type, every model entry present."""
    from graph.model import NODE_MODELS, REL_MODELS

    def work(tx: Tx) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in NODE_MODELS:
            out[m.__label__] = int(tx.run(statements.count_label(m, store.backend))[0]["n"])
        for r in REL_MODELS:
            out[r.__type__] = int(tx.run(statements.count_type(r, store.backend))[0]["n"])
        return out

    return store.read(work)
