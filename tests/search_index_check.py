"""Counts of the domain tables, and a check that the derived search index agrees with them.

``SearchKey`` nodes and ``INDEXES`` links are derived rows the writer keeps in step with
every service write (graph/search/index.py): tests that count what an import wrote compare
the domain tables exactly and check the index separately, instead of hard-coding its size
(which changes with the thesaurus and the analyser).
"""

from __future__ import annotations

from graph import model as m
from graph.search import index
from graph.store.protocol import Store
from graph.writer import graph_counts

#: Tables derived from the domain tables by the search index, never written by importers.
INDEX_TABLES = frozenset({m.SearchKey.__label__, m.Indexes.__type__})


def domain_counts(counts: dict[str, int]) -> dict[str, int]:
    """The non-empty tables of ``counts`` (``graph_counts`` or ``stats --json``), index tables left out."""
    return {k: v for k, v in counts.items() if v and k not in INDEX_TABLES}


def assert_search_index_consistent(store: Store) -> None:
    """Every service is indexed, no key is orphaned, and re-deriving the index changes nothing."""
    ids = [r["id"] for r in store.query("search_index_all_services", {})]
    linked = {r["id"] for r in store.query("search_index_links", {"ids": ids})}
    assert linked == set(ids), f"services without index links: {sorted(set(ids) - linked)}"
    counts = graph_counts(store)
    keys_in_use = {r["key"] for r in store.query("search_index_links", {"ids": ids})}
    assert counts.get(m.SearchKey.__label__, 0) == len(keys_in_use), "search keys linked to no service"
    # the links equal what the index derives from the current texts: a refresh has nothing to do
    assert store.write(lambda tx: index.refresh(tx, store.backend, ids)) == 0
