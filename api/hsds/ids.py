"""From an HSDS id in a URL back to the graph's node id.

Nodes whose id is a UUID (imported from HSDS) are published under that id;
others under ``uuid5(NAMESPACE, "Kind:id")`` (see :mod:`importers.hsds.profile`),
which cannot be inverted.  The resolver first tries the id as it is (one
point lookup), then a map from derived ids to node ids built from all ids of
the kind with a single query.  The map is cached per app; a miss rebuilds it
at most once per ``refresh_seconds``, so unknown ids cannot force a full scan
on every request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from graph import model as m
from graph.store.protocol import Store
from graph.writer import get_nodes
from importers.hsds import profile as pf

__all__ = ["IdResolver"]

_KINDS: dict[str, tuple[type[m.Node], str]] = {
    "Institution": (m.Institution, "hsds_all_institution_ids"),
    "Service": (m.Service, "hsds_all_service_ids"),
}


@dataclass
class _Map:
    built: float = 0.0
    ids: dict[str, str] = field(default_factory=dict)


class IdResolver:
    def __init__(self, refresh_seconds: float = 30.0):
        self.refresh_seconds = refresh_seconds
        self._maps: dict[str, _Map] = {k: _Map() for k in (*_KINDS, "ServiceAtLocation")}
        self._lock = threading.Lock()

    def _mapped(self, store: Store, kind: str, hsds: str) -> str | None:
        """Look ``hsds`` up in the derived-id map of ``kind``, rebuilding a stale map on a miss."""
        cached = self._maps[kind].ids.get(hsds)
        if cached is not None:
            return cached
        with self._lock:
            entry = self._maps[kind]
            if entry.built == 0.0 or time.monotonic() - entry.built >= self.refresh_seconds:
                if kind == "ServiceAtLocation":
                    ids = [r["id"] for r in store.query("hsds_all_service_ids")]
                    entry.ids = {pf.derived_id("service_at_location", i): i for i in ids}
                else:
                    ids = [r["id"] for r in store.query(_KINDS[kind][1])]
                    entry.ids = {pf.hsds_id(kind, i): i for i in ids if not pf.is_uuid(i)}
                entry.built = time.monotonic()
            return entry.ids.get(hsds)

    def resolve(self, store: Store, kind: str, hsds: str) -> str | None:
        """The node id of ``kind`` (``Institution`` or ``Service``) published as ``hsds``; ``None`` if none."""
        model = _KINDS[kind][0]
        if not pf.is_uuid(hsds):
            # Not an HSDS id at all: accept a Kooperacja node id, as a convenience.
            return hsds if get_nodes(store, model, [hsds]) else None
        cached = self._maps[kind].ids.get(hsds)
        if cached is not None:
            return cached
        if get_nodes(store, model, [hsds]):
            return hsds
        return self._mapped(store, kind, hsds)

    def resolve_sal(self, store: Store, hsds: str) -> str | None:
        """The service node id whose service_at_location is published as ``hsds``."""
        if not pf.is_uuid(hsds):
            return None
        return self._mapped(store, "ServiceAtLocation", hsds)
