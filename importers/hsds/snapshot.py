"""The part of the graph an HSDS document is built from, read in a bounded number of queries.

A :class:`Snapshot` holds institutions, their services and everything HSDS
publishes about them.  It is loaded inside one read transaction with one
query per entity kind (chunked for very long id lists), never one query per
object, so the REST API's cost per request does not grow with the page size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph import model as m
from graph import statements
from graph.schema import from_row
from graph.store.protocol import Store, Tx

__all__ = ["Snapshot", "load_for_institutions", "load_for_services", "load_all", "CHUNK"]

CHUNK = 20_000


@dataclass
class Snapshot:
    institutions: dict[str, m.Institution] = field(default_factory=dict)
    services: dict[str, m.Service] = field(default_factory=dict)
    #: service id -> institution id
    offered_by: dict[str, str] = field(default_factory=dict)
    #: institution id -> its service ids (only services in this snapshot)
    services_of: dict[str, list[str]] = field(default_factory=dict)
    categories_of: dict[str, list[str]] = field(default_factory=dict)
    groups_of: dict[str, list[str]] = field(default_factory=dict)
    areas_of: dict[str, list[str]] = field(default_factory=dict)
    located_in: dict[str, list[str]] = field(default_factory=dict)
    parent_of: dict[str, str] = field(default_factory=dict)
    categories: dict[str, m.ServiceCategory] = field(default_factory=dict)
    groups: dict[str, m.TargetGroup] = field(default_factory=dict)
    territories: dict[str, m.Territory] = field(default_factory=dict)


def _chunks(keys: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(keys), CHUNK):
        yield list(keys[i : i + CHUNK])


def _nodes(tx: Tx, backend: str, model: type[m.Node], keys: Iterable[str]) -> list[Any]:
    ordered = sorted(set(keys))
    out: list[Any] = []
    for chunk in _chunks(ordered):
        out += [from_row(model, r) for r in tx.run(statements.fetch_nodes(model, backend), {"keys": chunk})]
    return sorted(out, key=lambda n: n.key)


def _all(tx: Tx, backend: str, model: type[m.Node]) -> list[Any]:
    rows = tx.run(statements.all_nodes(model, backend))
    return sorted((from_row(model, r) for r in rows), key=lambda n: n.key)


def _rels(tx: Tx, backend: str, model: type[m.Rel], srcs: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    ordered = sorted(set(srcs))
    for chunk in _chunks(ordered):
        for row in tx.run(statements.fetch_rels(model, backend), {"srcs": chunk}):
            out.setdefault(row["src"], []).append(row["dst"])
    return {k: sorted(v) for k, v in out.items()}


def _fill(tx: Tx, backend: str, institutions: list[m.Institution], offers: dict[str, str]) -> Snapshot:
    """Everything but institutions and OFFERS pairs, which the callers read their own way."""
    snap = Snapshot(offered_by=offers, institutions={i.id: i for i in institutions})
    snap.services = {s.id: s for s in _nodes(tx, backend, m.Service, offers)}
    for sid in snap.services:
        snap.services_of.setdefault(offers[sid], []).append(sid)
    sids = list(snap.services)
    snap.categories_of = _rels(tx, backend, m.InCategory, sids)
    snap.groups_of = _rels(tx, backend, m.ForGroup, sids)
    snap.areas_of = _rels(tx, backend, m.AvailableIn, sids)
    snap.located_in = _rels(tx, backend, m.LocatedIn, snap.institutions)
    snap.parent_of = {k: v[0] for k, v in _rels(tx, backend, m.PartOf, snap.institutions).items()}
    snap.categories = {c.id: c for c in _all(tx, backend, m.ServiceCategory)}
    snap.groups = {g.id: g for g in _all(tx, backend, m.TargetGroup)}
    codes = {c for v in snap.areas_of.values() for c in v} | {c for v in snap.located_in.values() for c in v}
    codes |= {c[:2] for c in codes}  # voivodeship names for addresses
    snap.territories = {t.teryt: t for t in _nodes(tx, backend, m.Territory, codes)}
    return snap


#: How many levels of parent organizations an export pulls in (PART_OF chains are short).
PARENT_DEPTH = 5


def load_for_institutions(store: Store, ids: Iterable[str]) -> Snapshot:
    """Institutions ``ids`` with all the services they offer.

    Their parent organizations (PART_OF, a few levels up) come along without
    their services, so every ``parent_organization_id`` of the document
    resolves within it.
    """
    wanted = set(ids)

    def work(tx: Tx) -> Snapshot:
        offers = {sid: iid for iid, sids in _rels(tx, store.backend, m.Offers, wanted).items() for sid in sids}
        members, frontier = set(wanted), set(wanted)
        for _ in range(PARENT_DEPTH):
            parents = {p for v in _rels(tx, store.backend, m.PartOf, frontier).values() for p in v} - members
            if not parents:
                break
            members |= parents
            frontier = parents
        return _fill(tx, store.backend, _nodes(tx, store.backend, m.Institution, members), offers)

    return store.read(work)


def load_for_services(store: Store, ids: Iterable[str]) -> Snapshot:
    """Services ``ids`` with the institutions offering them (services with no institution are left out)."""
    wanted = sorted(set(ids))

    def work(tx: Tx) -> Snapshot:
        offers: dict[str, str] = {}
        for chunk in _chunks(wanted):
            for row in tx.run("hsds_service_offers", {"ids": chunk}):
                offers.setdefault(row["service_id"], row["institution_id"])
        institutions = _nodes(tx, store.backend, m.Institution, offers.values())
        return _fill(tx, store.backend, institutions, offers)

    return store.read(work)


def load_all(store: Store) -> Snapshot:
    """Every institution and its services."""

    def work(tx: Tx) -> Snapshot:
        offers: dict[str, str] = {}
        for row in sorted(tx.run(statements.all_rels(m.Offers, store.backend)), key=lambda r: (r["dst"], r["src"])):
            offers.setdefault(row["dst"], row["src"])
        return _fill(tx, store.backend, _all(tx, store.backend, m.Institution), offers)

    return store.read(work)
