"""What the HSDS endpoints do, independent of HTTP: filters, pages and documents.

A list without filters is two named queries (count, one page of ids); with
filters it is one simple id query per filter (and per search word), the
intersection taken here – each query stays cheap on LadybugDB, where an
unused optional predicate would still be evaluated for every row.  Then one
snapshot load for the page (:mod:`importers.hsds.snapshot`, one query per
entity kind), so the number of store round-trips does not depend on the page
size.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from api.hsds.ids import IdResolver
from graph import model as m
from graph import statements
from graph.schema import from_row
from graph.store.protocol import Store
from graph.text import fold, query_terms
from importers.hsds import profile as pf
from importers.hsds.build import Builder
from importers.hsds.snapshot import Snapshot, load_for_institutions, load_for_services

__all__ = [
    "Page",
    "ServiceFilter",
    "Vocabulary",
    "page_document",
    "list_services",
    "list_organizations",
    "vocabulary",
    "MAX_WORDS",
]

Row = dict[str, Any]


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def skip(self) -> int:
        return (self.number - 1) * self.size


def page_document(total: int, page: Page, contents: list[Row]) -> Row:
    """The HSDS ``Page`` object (openapi ``components.schemas.Page``) with its ``contents``."""
    pages = math.ceil(total / page.size) if total else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page.number,
        "size": len(contents),
        "first_page": page.number == 1,
        "last_page": page.number >= pages,
        "empty": not contents,
        "contents": contents,
    }


@dataclass
class Vocabulary:
    """Service categories and target groups, and their HSDS term and taxonomy ids."""

    categories: dict[str, m.ServiceCategory]
    groups: dict[str, m.TargetGroup]

    def builder(self) -> Builder:
        return Builder(Snapshot(categories=self.categories, groups=self.groups), all_taxonomies=True)

    def term(self, hsds: str) -> tuple[str, str] | None:
        """``("category"|"target_group", node id)``: the query parameter a term id filters on."""
        for cid in self.categories:
            if Builder.category_term_id(cid) == hsds:
                return "category", cid
        for gid in self.groups:
            if Builder.group_term_id(gid) == hsds:
                return "target_group", gid
        return None

    def taxonomy(self, hsds: str) -> str | None:
        names = {c.taxonomy for c in self.categories.values()} | set(pf.PROFILE_TAXONOMIES)
        return next((n for n in sorted(names) if pf.taxonomy_id(n) == hsds), None)


def vocabulary(store: Store) -> Vocabulary:
    def work(tx: Any) -> Vocabulary:
        cats = [from_row(m.ServiceCategory, r) for r in tx.run(statements.all_nodes(m.ServiceCategory, store.backend))]
        groups = [from_row(m.TargetGroup, r) for r in tx.run(statements.all_nodes(m.TargetGroup, store.backend))]
        return Vocabulary(
            {c.id: c for c in sorted(cats, key=lambda c: c.id)}, {g.id: g for g in sorted(groups, key=lambda g: g.id)}
        )

    return store.read(work)


#: Most search words honoured (each is one query).
MAX_WORDS = 8


@dataclass
class ServiceFilter:
    """Parameters of ``/services`` and ``/service_at_locations`` (all combined with AND)."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: dt.datetime | None = None
    teryt: str | None = None
    with_location: bool = False

    def queries(self, store: Store, resolver: IdResolver) -> list[tuple[str, dict[str, Any]]] | None:
        """One id query per active filter; ``None`` when a filter names nothing (the result is empty)."""
        out: list[tuple[str, dict[str, Any]]] = []
        if self.organization_id:
            org = resolver.resolve(store, "Institution", self.organization_id)
            if org is None:
                return None
            out.append(("hsds_service_ids_of_institution", {"institution": org}))
        if self.taxonomy_term_id or self.taxonomy_id:
            vocab = vocabulary(store)
            if self.taxonomy_term_id:
                found = vocab.term(self.taxonomy_term_id)
                if found is None:
                    return None
                kind, node = found
                if kind == "category":
                    out.append(("hsds_service_ids_in_category", {"category": node}))
                else:
                    out.append(("hsds_service_ids_for_group", {"target_group": node}))
            if self.taxonomy_id:
                name = vocab.taxonomy(self.taxonomy_id)
                if name == pf.TAXONOMY_GROUPS:
                    out.append(("hsds_service_ids_with_any_group", {}))
                elif name is None or (name in pf.PROFILE_TAXONOMIES and name != pf.TAXONOMY_CATEGORIES):
                    return None  # institution types and ids are not service terms
                else:
                    out.append(("hsds_service_ids_in_taxonomy", {"taxonomy": name}))
        if self.teryt:
            out.append(("hsds_service_ids_in_territory", {"teryt": self.teryt}))
        if self.modified_after is not None:
            out.append(("hsds_service_ids_modified_since", {"since": self.modified_after}))
        for lemma, surface, prefix in query_terms(self.search)[:MAX_WORDS]:
            out.append(("hsds_service_ids_matching", {"lemma": lemma, "surface": surface, "prefix": prefix}))
        if out and self.with_location:
            out.append(("hsds_service_ids_with_location", {}))
        return out


def _intersect(store: Store, queries: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Ids every query returns, sorted; stops early once nothing is left."""
    found: set[str] | None = None
    for name, params in queries:
        ids = {r["id"] for r in store.query(name, params)}
        found = ids if found is None else found & ids
        if not found:
            return []
    return sorted(found or ())


def _page_of(
    store: Store, queries: list[tuple[str, dict[str, Any]]], page: Page, all_count: str, all_page: str
) -> tuple[int, list[str]]:
    """Total and one page of ids: two queries without filters, one per filter otherwise."""
    if not queries:
        total = int(store.query(all_count)[0]["n"])
        if total <= page.skip:
            return total, []
        rows = store.query(all_page, {"skip": page.skip, "limit": page.size})
        return total, [r["id"] for r in rows]
    ids = _intersect(store, queries)
    return len(ids), ids[page.skip : page.skip + page.size]


def list_services(
    store: Store, resolver: IdResolver, flt: ServiceFilter, page: Page
) -> tuple[int, list[str], Snapshot]:
    """Total count, the page's service ids and their snapshot."""
    queries = flt.queries(store, resolver)
    if queries is None:
        return 0, [], Snapshot()
    names = (
        ("hsds_sal_count_all", "hsds_sal_page_all")
        if flt.with_location
        else ("hsds_services_count_all", "hsds_services_page_all")
    )
    total, ids = _page_of(store, queries, page, *names)
    snap = load_for_services(store, ids) if ids else Snapshot()
    return total, [i for i in ids if i in snap.services], snap


def list_organizations(
    store: Store, search: str | None, teryt: str | None, page: Page
) -> tuple[int, list[str], Snapshot]:
    queries: list[tuple[str, dict[str, Any]]] = []
    if teryt:
        queries.append(("hsds_territory_institutions", {"teryt": teryt}))
    for lemma, surface, prefix in query_terms(search)[:MAX_WORDS]:
        queries.append(("hsds_organization_ids_matching", {"lemma": lemma, "surface": surface, "prefix": prefix}))
    total, ids = _page_of(store, queries, page, "hsds_organizations_count_all", "hsds_organizations_page_all")
    snap = load_for_institutions(store, ids) if ids else Snapshot()
    return total, [i for i in ids if i in snap.institutions], snap


def matches(text: str | None, search: str | None) -> bool:
    """Vocabulary search (names only, folded): every search word is in the text."""
    if not search:
        return True
    haystack = fold(text or "")
    return all(fold(word) in haystack for word in search.split())
