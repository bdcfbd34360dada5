"""Temporary alias of :mod:`graph.catalog` while other branches of work still import it; removed when none does."""

from graph.catalog import BACKENDS, CYPHER_DIR, Catalog, Entry, Statement, catalog

__all__ = ["Statement", "Catalog", "Entry", "catalog", "BACKENDS", "CYPHER_DIR"]
