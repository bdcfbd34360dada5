"""Writes an institution makes to its own directory entries.

Every function validates against the domain model first (a
:class:`~graph.errors.ModelValidationError` with Polish messages naming the
field; nothing written), then changes the graph in ONE transaction: the node,
and the relationships it replaces, commit or roll back together.  The writes
themselves are the writer's transaction-level ones (:func:`graph.writer.write_in`,
:func:`~graph.writer.replace_rels`, :func:`~graph.writer.delete_rels`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from graph import model as m
from graph import statements
from graph.errors import ModelValidationError, NotFound
from graph.schema import to_row, validate
from graph.search import index as search_index
from graph.store.protocol import Row, Store, Tx
from graph.writer import Batch, delete_rels, fetch_node_row, replace_rels, write_in

__all__ = [
    "PROFILE_FIELDS",
    "SERVICE_FIELDS",
    "update_institution_profile",
    "save_service",
    "set_competences",
    "declare_cooperation",
    "withdraw_cooperation",
]

#: Profile fields an institution may edit (registry data – type, REGON, KRS, gmina – may not).
PROFILE_FIELDS = frozenset(
    {"name", "description", "street", "postal_code", "city", "lat", "lon", "phone", "email", "www"}
)
SERVICE_FIELDS = frozenset(
    {
        "name",
        "description",
        "status",
        "eligibility",
        "min_age",
        "max_age",
        "languages",
        "cost",
        "schedule",
        "capacity",
        "free_places",
        "legal_basis",
        "url",
        "email",
    }
)


def _institution(tx: Tx, institution_id: str) -> Row:
    row = fetch_node_row(tx, m.Institution, institution_id)
    if row is None:
        raise NotFound(f"Nie ma instytucji o identyfikatorze {institution_id}.")
    return row


def _merged(model: type[m.Node], current: Row, changes: Mapping[str, Any]) -> Row:
    data = {k: v for k, v in current.items() if k != "keywords" and v is not None}
    data.update(changes)
    data.pop("keywords", None)  # recomputed from the new text by the model
    data["updated_at"] = m.utcnow()
    data = {k: v for k, v in data.items() if v is not None}
    return to_row(validate(model, data))


def _check_targets(tx: Tx, model: type[m.Node], keys: Sequence[str], field: str) -> None:
    if not keys:
        return
    found = {r["k"] for r in tx.run(statements.existing_keys(model, tx.backend), {"keys": list(keys)})}
    errors = [(f"{field}[{n}]", f"nieznany identyfikator {k!r}") for n, k in enumerate(keys) if k not in found]
    if errors:
        raise ModelValidationError(model.__label__, errors)


def _rel_rows(model: type[m.Rel], items: Sequence[Mapping[str, Any]], field: str) -> list[Row]:
    rows = []
    for n, item in enumerate(items):
        try:
            rows.append(to_row(validate(model, dict(item))))
        except ModelValidationError as exc:
            raise ModelValidationError(exc.entity, [(f"{field}[{n}].{loc}", msg) for loc, msg in exc.errors]) from None
    seen = [r["dst"] for r in rows]
    if len(set(seen)) != len(seen):
        raise ModelValidationError(model.__type__, [(field, "powtórzony identyfikator")])
    return rows


def _only(fields: frozenset[str], changes: Mapping[str, Any]) -> None:
    extra = sorted(set(changes) - fields)
    if extra:
        raise ModelValidationError("input", [(name, "tego pola nie można zmienić") for name in extra])


def _reindex_institution(tx: Tx, institution_id: str) -> None:
    """Its services are indexed under its name, type and competences too."""
    services = [r["id"] for r in tx.run("search_index_services_of", {"ids": [institution_id]})]
    search_index.refresh(tx, tx.backend, services)


# ------------------------------------------------------------------ public


def update_institution_profile(store: Store, institution_id: str, changes: Mapping[str, Any]) -> None:
    """Change the editable profile fields of an institution (``None`` clears a field)."""
    _only(PROFILE_FIELDS, changes)

    def work(tx: Tx) -> None:
        current = _institution(tx, institution_id)
        write_in(tx, Batch().add(m.Institution, [_merged(m.Institution, current, changes)]))
        _reindex_institution(tx, institution_id)

    store.write(work)


def save_service(
    store: Store,
    institution_id: str,
    service_id: str | None,
    changes: Mapping[str, Any],
    categories: Sequence[str] | None = None,
    target_groups: Sequence[str] | None = None,
) -> str:
    """Create (``service_id=None``) or change a service of the institution; returns its id.

    ``categories`` / ``target_groups`` replace the service's current ones when given.
    """
    _only(SERVICE_FIELDS, changes)
    cat_rows = _rel_rows(m.InCategory, [{"src": "-", "dst": c} for c in categories or ()], "categories")
    grp_rows = _rel_rows(m.ForGroup, [{"src": "-", "dst": g} for g in target_groups or ()], "targetGroups")

    def work(tx: Tx) -> str:
        _institution(tx, institution_id)
        if service_id is None:
            sid, current = m.new_id("svc"), None
            row = _merged(m.Service, {"id": sid}, changes)
        else:
            sid = service_id
            owned = tx.run("directory_services_by_id", {"ids": [sid]})
            if not owned or owned[0]["institution"] != institution_id:
                # the same answer for "no such service" and "another institution's service"
                raise NotFound(f"Instytucja nie prowadzi usługi o identyfikatorze {sid}.")
            current = fetch_node_row(tx, m.Service, sid)
            assert current is not None
            row = _merged(m.Service, current, changes)
        batch = Batch().add(m.Service, [row])
        if current is None:
            batch.add(m.Offers, [{"src": institution_id, "dst": sid}])
        write_in(tx, batch)
        if categories is not None:
            _check_targets(tx, m.ServiceCategory, [r["dst"] for r in cat_rows], "categories")
            replace_rels(tx, m.InCategory, sid, [{**r, "src": sid} for r in cat_rows])
        if target_groups is not None:
            _check_targets(tx, m.TargetGroup, [r["dst"] for r in grp_rows], "targetGroups")
            replace_rels(tx, m.ForGroup, sid, [{**r, "src": sid} for r in grp_rows])
        search_index.refresh(tx, tx.backend, [sid])  # same transaction: search never sees the old text
        return sid

    return store.write(work)


def set_competences(store: Store, institution_id: str, items: Sequence[tuple[str, int]]) -> None:
    """Replace the institution's competences with ``(competence id, staff)`` pairs."""
    rows = _rel_rows(m.HasCompetence, [{"src": institution_id, "dst": c, "staff": s} for c, s in items], "competences")

    def work(tx: Tx) -> None:
        _institution(tx, institution_id)
        _check_targets(tx, m.Competence, [r["dst"] for r in rows], "competences")
        replace_rels(tx, m.HasCompetence, institution_id, rows)
        _reindex_institution(tx, institution_id)

    store.write(work)


def declare_cooperation(
    store: Store, institution_id: str, partner_id: str, kind: str, since: dt.date | None, rating: int | None
) -> None:
    """Declare (or change) the institution's cooperation tie with a partner."""
    row = _rel_rows(
        m.CooperatesWith,
        [{"src": institution_id, "dst": partner_id, "kind": kind, "since": since, "rating": rating}],
        "cooperation",
    )[0]

    def work(tx: Tx) -> None:
        _institution(tx, institution_id)
        _check_targets(tx, m.Institution, [partner_id], "partnerId")
        write_in(tx, Batch().add(m.CooperatesWith, [row]))

    store.write(work)


def withdraw_cooperation(store: Store, institution_id: str, partner_id: str) -> bool:
    """Remove the institution's declared tie with a partner; ``False`` when there was none."""

    def work(tx: Tx) -> bool:
        _institution(tx, institution_id)
        existing = tx.run(statements.fetch_rels(m.CooperatesWith, tx.backend), {"srcs": [institution_id]})
        if not any(r["dst"] == partner_id for r in existing):
            return False
        delete_rels(tx, m.CooperatesWith, [(institution_id, partner_id)])
        return True

    return store.write(work)
