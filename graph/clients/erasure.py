"""Erasure of a client (right to erasure, end of retention).

The client node goes, with everything that exists only for it – its
referrals, plans and consents – and every edge of those (``DETACH DELETE``),
in one transaction.  Only the client's home institution (the controller) may
erase: an ``institution_admin`` of that institution, or the operator naming
the institution on the command line.  Afterwards the audit trail keeps its
events, but the pseudonym mapping of the client and its objects is deleted,
so nothing links the trail to the client any more.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import model as m
from graph.clients import writes
from graph.clients.audit import INSTITUTION_ADMIN, AuditEvent, AuditSink, Caller, Outcome, has_role
from graph.clients.base import plausible_id
from graph.clients.errors import NotVisible
from graph.store.protocol import Store, Tx

__all__ = ["ErasureReport", "erase_client"]


@dataclass(frozen=True)
class ErasureReport:
    referrals: int
    plans: int
    consents: int
    unlinked_audit_entries: int


def erase_client(
    store: Store,
    audit: AuditSink,
    principal: Caller,
    client_id: str,
    *,
    request_id: str | None = None,
) -> ErasureReport:
    """Erase a client registered at the principal's institution; :class:`NotVisible` otherwise."""
    inst = principal.institution_id if has_role(principal, INSTITUTION_ADMIN) else None

    def event(outcome: str) -> AuditEvent:
        return AuditEvent(
            action="client.erase",
            outcome=outcome,
            actor=principal.user_id,
            role=None if principal.role is None else str(principal.role),
            institution=principal.institution_id,
            object_type="client",
            object_id=client_id,
            purpose="erasure",
            request_id=request_id,
        )

    def work(tx: Tx) -> dict[str, list[str]] | None:
        rows = tx.run("clients_erase_targets", {"client_id": client_id, "institution_id": inst})
        if not rows:
            return None
        targets = {k: [x for x in rows[0][k] if x] for k in ("referral_ids", "plan_ids", "consent_ids")}
        writes.delete(tx, store.backend, m.Referral, targets["referral_ids"])
        writes.delete(tx, store.backend, m.Plan, targets["plan_ids"])
        writes.delete(tx, store.backend, m.Consent, targets["consent_ids"])
        writes.delete(tx, store.backend, m.Client, [client_id])
        return targets

    targets = store.write(work) if inst and plausible_id(client_id) else None
    if targets is None:
        audit.append(event(Outcome.DENIED))
        raise NotVisible()
    audit.append(event(Outcome.ALLOWED))
    objects = [*targets["referral_ids"], *targets["plan_ids"], *targets["consent_ids"]]
    unlinked = audit.forget_subject(client_id, objects)
    return ErasureReport(
        referrals=len(targets["referral_ids"]),
        plans=len(targets["plan_ids"]),
        consents=len(targets["consent_ids"]),
        unlinked_audit_entries=unlinked,
    )
