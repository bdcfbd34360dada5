"""The service's foundation: the caller's scope, the audit trail, shared guards.

Every read goes through a ``clients_*`` named query that takes the caller's
scope (``$institution_id``, ``$today``) and applies the visibility rule in the
Cypher itself; every write runs a scoped guard query and the change in ONE
transaction, or is a compare-and-set statement that carries the scope.  Only
caseworkers get a scope: any other role (administrators included) reads
nothing by construction, whatever the API's permission classes let through.

Every read of client data and every write – refusals included – is appended
to the audit trail (:class:`graph.clients.audit.AuditSink`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from graph import model as m
from graph.clients import writes
from graph.clients.audit import CASEWORKER, AuditEvent, AuditSink, Caller, Outcome
from graph.clients.errors import Forbidden, NotVisible, RuleViolation
from graph.clients.statute import RULES, Rule, kis_eligibility
from graph.enums import InstitutionType as IT
from graph.model import utcnow
from graph.store.protocol import Store, Tx

__all__ = ["ServiceBase", "MAX_PAGE", "plausible_id"]

MAX_PAGE = 100
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$")


def plausible_id(value: str) -> bool:
    """Shape check only (no existence information): ids of the model are ≤ 80 plain characters."""
    return bool(_ID.match(value))


@dataclass(frozen=True)
class InstFacts:
    id: str
    type: IT | None
    gmina: str | None
    serves: tuple[str, ...]
    register_id: str | None = None


@dataclass(frozen=True)
class ClientFacts:
    id: str
    home_id: str
    residence_gmina: str | None
    target_groups: tuple[str, ...]
    benefit_rights: tuple[str, ...]


class ServiceBase:
    """Client, referral and plan operations on behalf of ``principal``.

    Parameters
    ----------
    store
        The graph store.
    audit
        The audit trail; every operation appends to it.
    principal
        The caller.  Only a caseworker with an institution gets a data scope.
    request_id
        Correlates audit events with the request log.
    pesel_key
        Returns the HMAC key for PESEL hashes (read only when a PESEL is given).
    clock
        Current naive-UTC time (tests pass a fixed one).
    """

    def __init__(
        self,
        store: Store,
        audit: AuditSink,
        principal: Caller,
        *,
        request_id: str | None = None,
        pesel_key: Callable[[], bytes] | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ):
        self.store = store
        self.audit = audit
        self.principal = principal
        self.request_id = request_id
        self._pesel_key = pesel_key
        self._clock = clock

    # ------------------------------------------------------------ scope
    @property
    def institution_id(self) -> str | None:
        """The caller's data scope: a caseworker's institution, else nobody's."""
        p = self.principal
        if p.anonymous or p.role is None or str(p.role) != CASEWORKER:
            return None
        return p.institution_id

    def _scope(self) -> dict[str, Any]:
        return {"institution_id": self.institution_id, "today": self._clock().date()}

    def _require_scope(self, action: str, object_type: str | None = None, object_id: str | None = None) -> str:
        inst = self.institution_id
        if inst is None:
            self._log(action, Outcome.DENIED, object_type, object_id)
            raise Forbidden("Operacja na danych klientów wymaga roli pracownika instytucji (caseworker).")
        return inst

    # ------------------------------------------------------------ audit
    def _event(
        self,
        action: str,
        outcome: str,
        object_type: str | None = None,
        object_id: str | None = None,
        subject_id: str | None = None,
        purpose: str = "case_management",
    ) -> AuditEvent:
        p = self.principal
        return AuditEvent(
            action=action,
            outcome=outcome,
            actor=p.user_id,
            role=None if p.role is None else str(p.role),
            institution=p.institution_id,
            object_type=object_type,
            object_id=object_id,
            subject_id=subject_id,
            purpose=purpose,
            request_id=self.request_id,
        )

    def _log(
        self,
        action: str,
        outcome: str,
        object_type: str | None = None,
        object_id: str | None = None,
        subject_id: str | None = None,
        purpose: str = "case_management",
    ) -> None:
        self.audit.append(self._event(action, outcome, object_type, object_id, subject_id, purpose))

    def _log_reads(self, object_type: str, found: Iterable[tuple[str, str]], missing: Iterable[str] = ()) -> None:
        """One event per object read (id, client id) and per requested id that was not visible."""
        events = [self._event(f"{object_type}.read", Outcome.ALLOWED, object_type, oid, cid) for oid, cid in found]
        events += [self._event(f"{object_type}.read", Outcome.DENIED, object_type, oid) for oid in missing]
        self.audit.append_many(events)

    # ------------------------------------------------------------ helpers
    def _key(self) -> bytes:
        if self._pesel_key is None:
            raise RuntimeError("no PESEL key provider given to the clients service")
        return self._pesel_key()

    def _inst(self, institution_id: str | None) -> InstFacts:
        """Directory facts of an institution (type ``None`` when unknown)."""
        rows = self.store.query("clients_institution_facts", {"institution_id": institution_id or ""})
        if not rows:
            return InstFacts(institution_id or "", None, None, ())
        r = rows[0]
        return InstFacts(
            r["id"], IT(r["type"]), r["gmina"], tuple(t for t in (r["serves"] or []) if t), r.get("register_id")
        )

    def _client_facts(self, client_id: str) -> ClientFacts:
        """What the statutory rules need about a visible client (read to decide, never shown)."""
        rows = self.store.query("clients_rule_facts", {"client_id": client_id, **self._scope()})
        if not rows:
            raise NotVisible()
        r = rows[0]
        return ClientFacts(
            r["id"],
            r["home_id"],
            r["residence_gmina"],
            tuple(r["target_groups"] or ()),
            tuple(r["benefit_rights"] or ()),
        )

    def _competent_welfare(self, gmina: str | None) -> list[str]:
        """The OPS/CUS competent for a gmina of residence (art. 12 ust. 1–4 uzs)."""
        return [r["id"] for r in self.store.query("clients_competent_welfare", {"gmina": gmina})] if gmina else []

    def _breach(self, rule: Rule | None, action: str, object_type: str, object_id: str, subject_id: str | None) -> None:
        """Refuse with the rule's Polish message (it cites the article) when ``rule`` is a breach."""
        if rule is not None:
            self._refuse(RuleViolation(rule.message), action, object_type, object_id, subject_id)

    def _institution_type(self, institution_id: str) -> IT | None:
        rows = self.store.query("clients_institution_type", {"institution_id": institution_id})
        return IT(rows[0]["type"]) if rows else None

    def _refuse(
        self, exc: Exception, action: str, object_type: str, object_id: str, subject_id: str | None
    ) -> NoReturn:
        self._log(action, Outcome.DENIED, object_type, object_id, subject_id)
        raise exc

    def _guard(self, tx: Tx, client_id: str) -> bool:
        """Inside a write transaction: is the client still visible to the caller?"""
        return bool(tx.run("clients_by_ids", {"ids": [client_id], **self._scope()}))

    def _has_active_contract(self, client_id: str) -> bool:
        return bool(self.store.query("clients_active_contracts", {"client_id": client_id, **self._scope()}))

    def _kis_rule(self, action: str, object_type: str, object_id: str, client_id: str) -> None:
        if not self._has_active_contract(client_id):
            self._breach(RULES["kis.contract"], action, object_type, object_id, client_id)
        self._breach(
            kis_eligibility(self._client_facts(client_id).benefit_rights), action, object_type, object_id, client_id
        )

    def _write_guarded(
        self,
        action: str,
        client_id: str,
        nodes: Sequence[m.Node],
        rels: Sequence[m.Rel],
        after: Callable[[Tx], None] | None = None,
    ) -> None:
        """Guard (client still visible) + inserts (+ extra statements) in one transaction."""
        backend = self.store.backend

        def work(tx: Tx) -> bool:
            if not self._guard(tx, client_id):
                return False
            writes.insert(tx, backend, nodes, rels)
            if after is not None:
                after(tx)
            return True

        if not self.store.write(work):
            self._log(action, Outcome.DENIED, "client", client_id, client_id)
            raise NotVisible()
