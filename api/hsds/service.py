"""What the HSDS endpoints do, independent of HTTP: filters, pages and documents.

Every list is two named queries (count, one page of ids) plus one snapshot
load for the page (:mod:`importers.hsds.snapshot`, one query per entity
kind), so the number of store round-trips does not depend on the page size.
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

__all__ = ["Page", "ServiceFilter", "Vocabulary", "page_document", "list_services", "list_organizations",
           "vocabulary", "search_words"]

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


def search_words(text: str | None) -> list[list[str]]:
    """Per query word its lemma, folded form and prefix key (any of them may match)."""
    return [list(dict.fromkeys(t)) for t in query_terms(text)]


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
        return Vocabulary({c.id: c for c in sorted(cats, key=lambda c: c.id)}, {g.id: g for g in sorted(groups, key=lambda g: g.id)})

    return store.read(work)


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

    def params(self, store: Store, resolver: IdResolver) -> dict[str, Any] | None:
        """Query parameters, or ``None`` when a filter names nothing (the result is empty)."""
        words = search_words(self.search)
        params: dict[str, Any] = {
            "org": "", "category": "", "target_group": "", "taxonomy": "", "any_group": False,
            "use_since": self.modified_after is not None,
            "since": self.modified_after or dt.datetime(1900, 1, 1),
            "teryt": self.teryt or "",
            "with_location": self.with_location,
            "use_search": bool(words),
            "words": words or [["~"]],  # LadybugDB cannot type an empty list parameter
        }
        if self.organization_id:
            org = resolver.resolve(store, "Institution", self.organization_id)
            if org is None:
                return None
            params["org"] = org
        if self.taxonomy_term_id or self.taxonomy_id:
            vocab = vocabulary(store)
            if self.taxonomy_term_id:
                found = vocab.term(self.taxonomy_term_id)
                if found is None:
                    return None
                params[found[0]] = found[1]
            if self.taxonomy_id:
                name = vocab.taxonomy(self.taxonomy_id)
                if name == pf.TAXONOMY_GROUPS:
                    params["any_group"] = True
                elif name is None or (name in pf.PROFILE_TAXONOMIES and name != pf.TAXONOMY_CATEGORIES):
                    return None  # institution types and ids are not service terms
                else:
                    params["taxonomy"] = name
        return params


def list_services(store: Store, resolver: IdResolver, flt: ServiceFilter, page: Page) -> tuple[int, list[str], Snapshot]:
    """Total count, the page's service ids and their snapshot."""
    params = flt.params(store, resolver)
    if params is None:
        return 0, [], Snapshot()
    total = int(store.query("hsds_services_count", params)[0]["n"])
    ids: list[str] = []
    if total > page.skip:
        rows = store.query("hsds_services_page", {**params, "skip": page.skip, "limit": page.size})
        ids = [r["id"] for r in rows]
    snap = load_for_services(store, ids) if ids else Snapshot()
    return total, [i for i in ids if i in snap.services], snap


def list_organizations(store: Store, search: str | None, teryt: str | None, page: Page) -> tuple[int, list[str], Snapshot]:
    words = search_words(search)
    params = {"teryt": teryt or "", "use_search": bool(words), "words": words or [["~"]]}
    total = int(store.query("hsds_organizations_count", params)[0]["n"])
    ids: list[str] = []
    if total > page.skip:
        ids = [r["id"] for r in store.query("hsds_organizations_page", {**params, "skip": page.skip, "limit": page.size})]
    snap = load_for_institutions(store, ids) if ids else Snapshot()
    return total, [i for i in ids if i in snap.institutions], snap


def matches(text: str | None, search: str | None) -> bool:
    """Vocabulary search (names only, folded): every search word is in the text."""
    if not search:
        return True
    haystack = fold(text or "")
    return all(fold(word) in haystack for word in search.split())
