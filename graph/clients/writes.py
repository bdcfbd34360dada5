"""Model-validated inserts inside an open write transaction.

The clients workflow checks the caller's scope and inserts in ONE transaction
(a scoped guard query first, then these inserts), so a basis withdrawn in
between cannot slip through and a failure leaves nothing behind.  Statements
come from :mod:`graph.statements` (identifiers from the model only).
"""

from __future__ import annotations

from collections.abc import Sequence

from graph import statements
from graph.errors import DanglingReference
from graph.model import Node, Rel
from graph.schema import to_row, validate
from graph.store.protocol import Tx

__all__ = ["insert", "delete"]


def _exists(tx: Tx, backend: str, model: type[Node], key: str) -> bool:
    return bool(tx.run(statements.existing_keys(model, backend), {"keys": [key]}))


def insert(tx: Tx, backend: str, nodes: Sequence[Node] = (), rels: Sequence[Rel] = ()) -> None:
    """Create nodes, then relationships; a missing endpoint raises :class:`DanglingReference`."""
    for node in nodes:
        node_model: type[Node] = type(node)
        node = validate(node_model, node)
        tx.run(statements.create_nodes(node_model, backend), {"rows": [to_row(node)]})
    for rel in rels:
        model = type(rel)
        rel = validate(model, rel)
        if not (_exists(tx, backend, model.__src__, rel.src) and _exists(tx, backend, model.__dst__, rel.dst)):
            raise DanglingReference(f"{model.__type__}: relacja wskazuje na nieistniejący węzeł", backend=backend)
        tx.run(statements.create_rels(model, backend), {"rows": statements.rel_params(model, [to_row(rel)], backend)})


def delete(tx: Tx, backend: str, model: type[Node], keys: Sequence[str]) -> None:
    """Detach-delete nodes by key (no-op for an empty list)."""
    if keys:
        tx.run(statements.delete_nodes(model, backend), {"keys": list(keys)})
