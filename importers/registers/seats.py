"""Writing a batch whose institutions get a new seat: stale LOCATED_IN edges go in the same transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from graph import model as m
from graph import statements
from graph.store.protocol import Store, Tx
from graph.writer import Batch, WriteReport, delete_rels, write_batch

__all__ = ["write_with_seats", "item_field"]

T = TypeVar("T")
_CHUNK = 20_000


class _SeatCleanup:
    """The store, whose write transaction first removes stale LOCATED_IN edges.

    An institution has one seat: when a re-import places it elsewhere (a source
    corrected, a better match), the old edge must go in the same transaction
    that writes the new one.  Every other relationship is additive.
    """

    def __init__(self, store: Store, seats: Mapping[str, str | None]) -> None:
        self._store = store
        self._seats = seats
        self.removed = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _cleanup(self, tx: Tx) -> None:
        srcs = sorted(self._seats)
        stale: list[tuple[str, str]] = []
        for i in range(0, len(srcs), _CHUNK):
            rows = tx.run(statements.fetch_rels(m.LocatedIn, self._store.backend), {"srcs": srcs[i : i + _CHUNK]})
            stale += [(r["src"], r["dst"]) for r in rows if self._seats.get(r["src"]) != r["dst"]]
        if stale:
            delete_rels(tx, m.LocatedIn, stale)
        self.removed = len(stale)

    def write(self, work: Callable[[Tx], T]) -> T:
        def both(tx: Tx) -> T:
            self._cleanup(tx)
            return work(tx)

        return self._store.write(both)


def item_field(item: Any, name: str) -> Any:
    """A field of a batch item, which may be a model or a plain mapping."""
    return item[name] if isinstance(item, Mapping) else getattr(item, name)


def write_with_seats(store: Store, batch: Batch) -> tuple[WriteReport, int]:
    """:func:`write_batch` that also replaces the seats (LOCATED_IN) of the batch's institutions.

    Returns the write report and the number of stale LOCATED_IN edges removed.
    """
    located = {item_field(r, "src"): item_field(r, "dst") for r in batch.rels.get(m.LocatedIn, [])}
    institutions = [item_field(i, "id") for i in batch.nodes.get(m.Institution, [])]
    if not institutions:
        return write_batch(store, batch), 0
    seats: dict[str, str | None] = {iid: located.get(iid) for iid in institutions}
    proxy = _SeatCleanup(store, seats)
    report = write_batch(cast(Store, proxy), batch)
    return report, proxy.removed
