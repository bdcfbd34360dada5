"""Write and read statements derived from the model, per backend.

Identifiers (labels, types, property names) come only from the model classes,
which makes them an allow-list; values are always parameters.  LadybugDB needs
explicit casts because it infers the type of an all-null UNWIND field as
STRING, and it has no ``SET n = map``; Neo4j gets the shorter map forms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from graph.catalog import Statement
from graph.errors import NotSupportedError
from graph.model import Node, Rel
from graph.schema import Prop, PropType, node_props, rel_props

__all__ = [
    "rel_params",
    "fetch_nodes",
    "all_nodes",
    "create_nodes",
    "update_nodes",
    "delete_nodes",
    "fetch_rels",
    "all_rels",
    "create_rels",
    "update_rels",
    "delete_rels",
    "existing_keys",
    "count_label",
    "count_type",
    "lookup_nodes",
    "lookup_keys",
    "node_offsets",
    "rels_in_offset_range",
    "bulk_fetch_nodes",
    "bulk_fetch_rels",
]


def _cast(backend: str, expr: str, ptype: PropType) -> str:
    return f"CAST({expr} AS {ptype.value})" if backend == "ladybug" else expr


def _returns(var: str, names: list[str]) -> str:
    return ", ".join(f"{var}.{n} AS {n}" for n in names)


def _by_keys(backend: str, label: str, key: str) -> str:
    """Match nodes ``n`` by the list of keys ``$keys``.

    LadybugDB evaluates ``n.key IN $list`` as a scan comparing every row with the
    whole list (7 s for 1,000 keys over 1M nodes) but joins ``UNWIND`` with the
    primary-key index (0.5 s for 200,000 keys); Neo4j seeks its index either way.
    A key listed twice matches twice on LadybugDB: callers pass distinct keys.
    """
    if backend == "ladybug":
        return f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}})"
    return f"MATCH (n:{label}) WHERE n.{key} IN $keys"


@cache
def fetch_nodes(model: type[Node], backend: str) -> Statement:
    names = [p.name for p in node_props(model)]
    return Statement(
        f"model.fetch.{model.__label__}",
        f"{_by_keys(backend, model.__label__, model.__key__)} RETURN {_returns('n', names)}",
    )


@cache
def all_nodes(model: type[Node], backend: str) -> Statement:
    names = [p.name for p in node_props(model)]
    return Statement(
        f"model.all.{model.__label__}",
        f"MATCH (n:{model.__label__}) RETURN {_returns('n', names)}",
    )


@cache
def existing_keys(model: type[Node], backend: str) -> Statement:
    key = model.__key__
    return Statement(
        f"model.keys.{model.__label__}",
        f"{_by_keys(backend, model.__label__, key)} RETURN n.{key} AS k",
    )


@cache
def create_nodes(model: type[Node], backend: str) -> Statement:
    label = model.__label__
    if backend == "neo4j":
        text = f"UNWIND $rows AS r CREATE (n:{label}) SET n = r"
    else:
        props = ", ".join(f"{p.name}: {_cast(backend, 'r.' + p.name, p.type)}" for p in node_props(model))
        text = f"UNWIND $rows AS r CREATE (n:{label} {{{props}}})"
    return Statement(f"model.create.{label}", text)


@cache
def update_nodes(model: type[Node], backend: str) -> Statement:
    label, key = model.__label__, model.__key__
    if backend == "neo4j":
        text = f"UNWIND $rows AS r MATCH (n:{label} {{{key}: r.{key}}}) SET n = r"
    else:
        sets = ", ".join(
            f"n.{p.name} = {_cast(backend, 'r.' + p.name, p.type)}" for p in node_props(model) if p.name != key
        )
        text = f"UNWIND $rows AS r MATCH (n:{label} {{{key}: r.{key}}}) SET {sets}"
    return Statement(f"model.update.{label}", text)


@cache
def delete_nodes(model: type[Node], backend: str) -> Statement:
    label, key = model.__label__, model.__key__
    return Statement(
        f"model.delete.{label}",
        f"{_by_keys(backend, label, key)} DETACH DELETE n",
    )


def _rel_pattern(model: type[Rel]) -> tuple[str, str, str, str]:
    src, dst = model.__src__, model.__dst__
    return src.__label__, src.__key__, dst.__label__, dst.__key__


@cache
def fetch_rels(model: type[Rel], backend: str) -> Statement:
    sl, sk, dl, dk = _rel_pattern(model)
    props = "".join(f", r.{p.name} AS {p.name}" for p in rel_props(model))
    if backend == "ladybug":
        match = f"UNWIND $srcs AS k MATCH (a:{sl} {{{sk}: k}})-[r:{model.__type__}]->(b:{dl})"
    else:
        match = f"MATCH (a:{sl})-[r:{model.__type__}]->(b:{dl}) WHERE a.{sk} IN $srcs"
    return Statement(f"model.fetch.{model.__type__}", f"{match} RETURN a.{sk} AS src, b.{dk} AS dst{props}")


@cache
def all_rels(model: type[Rel], backend: str) -> Statement:
    sl, sk, dl, dk = _rel_pattern(model)
    props = "".join(f", r.{p.name} AS {p.name}" for p in rel_props(model))
    return Statement(
        f"model.all.{model.__type__}",
        f"MATCH (a:{sl})-[r:{model.__type__}]->(b:{dl}) RETURN a.{sk} AS src, b.{dk} AS dst{props}",
    )


def rel_params(model: type[Rel], rows: Sequence[Mapping[str, Any]], backend: str) -> list[dict[str, Any]]:
    """The ``$rows`` of :func:`create_rels`/:func:`update_rels`: on Neo4j ``{src, dst, props}``
    (``SET r = row.props`` sets every property, null clears), on LadybugDB the flat row."""
    if backend != "neo4j":
        return [dict(r) for r in rows]
    names = [p.name for p in rel_props(model)]
    return [{"src": r["src"], "dst": r["dst"], "props": {n: r.get(n) for n in names}} for r in rows]


@cache
def create_rels(model: type[Rel], backend: str) -> Statement:
    sl, sk, dl, dk = _rel_pattern(model)
    props = rel_props(model)
    if backend == "neo4j":
        sets = " SET r = row.props" if props else ""
        text = (
            f"UNWIND $rows AS row MATCH (a:{sl} {{{sk}: row.src}}) WITH a, row "
            f"MATCH (b:{dl} {{{dk}: row.dst}}) CREATE (a)-[r:{model.__type__}]->(b){sets}"
        )
    else:
        body = ", ".join(f"{p.name}: {_cast(backend, 'row.' + p.name, p.type)}" for p in props)
        body = f" {{{body}}}" if body else ""
        text = (
            f"UNWIND $rows AS row MATCH (a:{sl} {{{sk}: row.src}}) WITH a, row "
            f"MATCH (b:{dl} {{{dk}: row.dst}}) CREATE (a)-[r:{model.__type__}{body}]->(b)"
        )
    return Statement(f"model.create.{model.__type__}", text)


@cache
def update_rels(model: type[Rel], backend: str) -> Statement:
    sl, sk, dl, dk = _rel_pattern(model)
    props = rel_props(model)
    if backend == "neo4j":
        sets = "r = row.props"
    else:
        sets = ", ".join(f"r.{p.name} = {_cast(backend, 'row.' + p.name, p.type)}" for p in props)
    return Statement(
        f"model.update.{model.__type__}",
        f"UNWIND $rows AS row MATCH (a:{sl} {{{sk}: row.src}})-[r:{model.__type__}]->"
        f"(b:{dl} {{{dk}: row.dst}}) SET {sets}",
    )


@cache
def delete_rels(model: type[Rel], backend: str) -> Statement:
    sl, sk, dl, dk = _rel_pattern(model)
    return Statement(
        f"model.delete.{model.__type__}",
        f"UNWIND $rows AS row MATCH (a:{sl} {{{sk}: row.src}})-[r:{model.__type__}]->"
        f"(b:{dl} {{{dk}: row.dst}}) DELETE r",
    )


@cache
def count_label(model: type[Node], backend: str) -> Statement:
    return Statement(f"model.count.{model.__label__}", f"MATCH (n:{model.__label__}) RETURN count(n) AS n")


@cache
def count_type(model: type[Rel], backend: str) -> Statement:
    sl, _, dl, _ = _rel_pattern(model)
    return Statement(
        f"model.count.{model.__type__}",
        f"MATCH (:{sl})-[r:{model.__type__}]->(:{dl}) RETURN count(r) AS n",
    )


# ------------------------------------------------------------- bulk lookups
#
# Used by the writer to read what a large batch already has in the store.  On
# LadybugDB the keys come as an Arrow table with one column ``k`` scanned by
# ``LOAD FROM`` (twice as fast as ``UNWIND`` of a Python list, whose parameter
# the driver inspects value by value); Neo4j gets a plain list.


@cache
def lookup_nodes(model: type[Node], backend: str) -> Statement:
    if backend != "ladybug":
        return fetch_nodes(model, backend)
    names = [p.name for p in node_props(model)]
    return Statement(
        f"model.lookup.{model.__label__}",
        f"LOAD FROM $keys MATCH (n:{model.__label__} {{{model.__key__}: k}}) RETURN {_returns('n', names)}",
    )


@cache
def lookup_keys(model: type[Node], backend: str) -> Statement:
    if backend != "ladybug":
        return existing_keys(model, backend)
    key = model.__key__
    return Statement(
        f"model.lookupkeys.{model.__label__}",
        f"LOAD FROM $keys MATCH (n:{model.__label__} {{{key}: k}}) RETURN n.{key} AS k",
    )


@cache
def node_offsets(model: type[Node], backend: str) -> Statement:
    """Storage offsets of nodes by key (LadybugDB only): where their relationships start."""
    _ladybug_only(backend)
    return Statement(
        f"model.offsets.{model.__label__}",
        f"LOAD FROM $keys MATCH (n:{model.__label__} {{{model.__key__}: k}}) RETURN offset(id(n)) AS o",
    )


@cache
def rels_in_offset_range(model: type[Rel], backend: str) -> Statement:
    """Relationships whose source node lies in a storage offset range (LadybugDB only).

    LadybugDB answers a relationship lookup by source key with a hash join over the
    whole relationship table (3 s for 3M relationships, whatever the number of keys);
    a range of source offsets is read directly (0.1 s + 1.5 µs a relationship).
    """
    _ladybug_only(backend)
    sl, sk, dl, dk = _rel_pattern(model)
    props = "".join(f", r.{p.name} AS {p.name}" for p in rel_props(model))
    return Statement(
        f"model.range.{model.__type__}",
        f"MATCH (a:{sl})-[r:{model.__type__}]->(b:{dl}) WHERE offset(id(a)) >= $lo AND offset(id(a)) <= $hi "
        f"RETURN a.{sk} AS src, b.{dk} AS dst{props}",
    )


def _ladybug_only(backend: str) -> None:
    if backend != "ladybug":
        raise ValueError("storage offsets exist only in LadybugDB")


# ------------------------------------------------------------- bulk reads by the row path
#
# The writer's row path (Neo4j) reads stored rows to compare them with a batch.
# Temporal values come back as ISO text: the driver turns each date into its own
# time objects in pure Python (tens of µs each), parsing text takes well under one.


def _bulk_returns(var: str, props: list[Prop]) -> str:
    out = []
    for p in props:
        expr = f"{var}.{p.name}"
        if p.type in (PropType.TIMESTAMP, PropType.DATE):
            expr = f"toString({expr})"
        out.append(f"{expr} AS {p.name}")
    return ", ".join(out)


@cache
def bulk_fetch_nodes(model: type[Node], backend: str) -> Statement:
    if backend != "neo4j":
        return fetch_nodes(model, backend)
    return Statement(
        f"model.bulkfetch.{model.__label__}",
        f"{_by_keys(backend, model.__label__, model.__key__)} RETURN {_bulk_returns('n', list(node_props(model)))}",
    )


@cache
def bulk_fetch_rels(model: type[Rel], backend: str) -> Statement:
    if backend != "neo4j":
        return fetch_rels(model, backend)
    sl, sk, dl, dk = _rel_pattern(model)
    props = rel_props(model)
    tail = f", {_bulk_returns('r', list(props))}" if props else ""
    return Statement(
        f"model.bulkfetch.{model.__type__}",
        f"MATCH (a:{sl})-[r:{model.__type__}]->(b:{dl}) WHERE a.{sk} IN $srcs RETURN a.{sk} AS src, b.{dk} AS dst{tail}",
    )


@cache
def lock_nodes(model: type[Node], backend: str) -> Statement:
    """Take the write lock of the given nodes until the transaction ends (Neo4j).

    Neo4j Community has no uniqueness constraint on relationships: two writers that
    both find a relationship missing would both create it.  A writer locks the source
    nodes of the relationships it is about to create, then looks again.  Setting and
    removing a property takes the lock and leaves the node as it was.
    """
    if backend != "neo4j":
        raise NotSupportedError(f"lock_nodes: {backend} serialises writers itself")
    label, key = model.__label__, model.__key__
    return Statement(
        f"model.lock.{label}",
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) SET n._kooperacja_lock = true REMOVE n._kooperacja_lock",
    )
