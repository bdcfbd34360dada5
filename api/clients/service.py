"""The cross-institution client workflow, for one caller.

Every read goes through a ``clients_*`` named query that takes the caller's
scope (``$institution_id``, ``$today``) and applies the visibility rule in the
Cypher itself; every write runs a scoped guard query and the change in ONE
transaction, or is a compare-and-set statement that carries the scope.  Only
caseworkers get a scope: any other role (administrators included) reads
nothing by construction, whatever the permission classes above let through.

Every read of client data and every write – refusals included – is appended
to the audit log (:mod:`api.audit.log`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

from api.audit.log import AuditEvent, AuditLog, Outcome
from api.clients import writes
from api.clients.errors import Conflict, Forbidden, NotVisible, RuleViolation
from api.clients.models import (
    ClientView,
    ConsentInput,
    ConsentView,
    ParticipantInput,
    ParticipantView,
    PlanInput,
    PlanView,
    ReferralInput,
    ReferralView,
    RegisterClientInput,
)
from api.clients.pesel import PeselError, pesel_hash
from api.clients.rules import (
    CIS_SENDERS,
    IPZS_AGREEMENT_ROLE,
    LONG_TERM_UNEMPLOYED,
    PLAN_CONSENT_SCOPE,
    PLAN_CREATORS,
    REFERRAL_CONSENT_SCOPE,
    TERMINAL,
    TRANSITIONS,
    Capacity,
    PlanMove,
    Side,
    capacity_answer,
    next_step,
    plan_move,
)
from api.security import Principal, Role
from graph import model as m
from graph.enums import InstitutionType as IT
from graph.enums import (
    LegalBasis,
    PlanStatus,
    PlanType,
    ReferralOutcome,
    ReferralStatus,
    ReferralStep,
)
from graph.errors import ModelValidationError
from graph.model import new_id, utcnow
from graph.schema import validate
from graph.store.protocol import Store, Tx
from graph.writer import get_nodes

__all__ = ["ClientsService", "MAX_PAGE", "plausible_id"]

MAX_PAGE = 100
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$")
_ALL_STATUSES = [s.value for s in ReferralStatus]


def plausible_id(value: str) -> bool:
    """Shape check only (no existence information): ids of the model are ≤ 80 plain characters."""
    return bool(_ID.match(value))


class ClientsService:
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
        audit: AuditLog,
        principal: Principal,
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
        if p.anonymous or p.role is not Role.CASEWORKER:
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

    def _log(self, action: str, outcome: str, object_type: str | None = None, object_id: str | None = None,
             subject_id: str | None = None, purpose: str = "case_management") -> None:
        self.audit.append(self._event(action, outcome, object_type, object_id, subject_id, purpose))

    def _log_reads(self, object_type: str, found: Iterable[tuple[str, str]], missing: Iterable[str] = ()) -> None:
        """One event per object read (id, client id) and per requested id that was not visible."""
        events = [self._event(f"{object_type}.read", Outcome.ALLOWED, object_type, oid, cid) for oid, cid in found]
        events += [self._event(f"{object_type}.read", Outcome.DENIED, object_type, oid) for oid in missing]
        self.audit.append_many(events)

    # ------------------------------------------------------------ reads
    def clients(self, ids: Sequence[str], *, audit_missing: bool = True) -> dict[str, ClientView]:
        """Visible clients by id; the others are simply absent (and audited as denied)."""
        wanted = list(dict.fromkeys(ids))
        asked = [i for i in wanted if plausible_id(i)]
        rows = self.store.query("clients_by_ids", {"ids": asked, **self._scope()}) if asked and self.institution_id else []
        found = {r["id"]: ClientView.from_row(r) for r in rows}
        missing = [i for i in wanted if i not in found] if audit_missing else []
        self._log_reads("client", ((c, c) for c in found), missing)
        return found

    def list_clients(self, skip: int = 0, limit: int = 50) -> list[ClientView]:
        if self.institution_id is None:
            self._log("client.list", Outcome.DENIED)
            return []
        params = {"skip": max(0, skip), "limit": min(max(1, limit), MAX_PAGE), **self._scope()}
        found = [ClientView.from_row(r) for r in self.store.query("clients_list", params)]
        self._log_reads("client", ((c.id, c.id) for c in found))
        return found

    def find_by_pesel(self, pesel: str) -> list[ClientView]:
        """Visible clients with this PESEL (de-duplication); never reveals others' clients."""
        self._require_scope("client.find_pesel")
        try:
            digest = pesel_hash(pesel, self._key())
        except PeselError:
            self._log("client.find_pesel", Outcome.FAILED)
            raise RuleViolation("Niepoprawny numer PESEL.") from None
        rows = self.store.query("clients_by_pesel_hash", {"pesel_hash": digest, **self._scope()})
        found = [ClientView.from_row(r) for r in rows]
        if found:
            self._log_reads("client", ((c.id, c.id) for c in found))
        else:
            self._log("client.find_pesel", Outcome.ALLOWED)
        return found

    def referrals(self, ids: Sequence[str], *, audit_missing: bool = True) -> dict[str, ReferralView]:
        wanted = list(dict.fromkeys(ids))
        asked = [i for i in wanted if plausible_id(i)]
        rows = (
            self.store.query("clients_referrals_by_ids", {"ids": asked, **self._scope()})
            if asked and self.institution_id
            else []
        )
        found = {r["id"]: ReferralView.from_row(r) for r in rows}
        missing = [i for i in wanted if i not in found] if audit_missing else []
        self._log_reads("referral", ((r.id, r.client_id) for r in found.values()), missing)
        return found

    def referrals_of(self, client_ids: Sequence[str]) -> dict[str, list[ReferralView]]:
        out: dict[str, list[ReferralView]] = {c: [] for c in client_ids}
        if not client_ids or self.institution_id is None:
            return out
        rows = self.store.query("clients_referrals_of_clients", {"client_ids": list(out), **self._scope()})
        for r in rows:
            out[r["client_id"]].append(ReferralView.from_row(r))
        self._log_reads("referral", ((r["id"], r["client_id"]) for r in rows))
        return out

    def inbox(
        self, direction: str, statuses: Sequence[ReferralStatus] = (), skip: int = 0, limit: int = 50
    ) -> list[ReferralView]:
        """Referrals received by (``incoming``) or sent from (``outgoing``) the caller's institution."""
        if self.institution_id is None:
            self._log("referral.inbox", Outcome.DENIED)
            return []
        name = "clients_inbox_incoming" if direction == "incoming" else "clients_inbox_outgoing"
        params = {
            "statuses": [s.value for s in statuses] or _ALL_STATUSES,
            "skip": max(0, skip),
            "limit": min(max(1, limit), MAX_PAGE),
            **self._scope(),
        }
        found = [ReferralView.from_row(r) for r in self.store.query(name, params)]
        self._log_reads("referral", ((r.id, r.client_id) for r in found))
        return found

    def plans(self, ids: Sequence[str], *, audit_missing: bool = True) -> dict[str, PlanView]:
        wanted = list(dict.fromkeys(ids))
        asked = [i for i in wanted if plausible_id(i)]
        rows = (
            self.store.query("clients_plans_by_ids", {"ids": asked, **self._scope()})
            if asked and self.institution_id
            else []
        )
        found = {r["id"]: PlanView.from_row(r) for r in rows}
        missing = [i for i in wanted if i not in found] if audit_missing else []
        self._log_reads("plan", ((p.id, p.client_id) for p in found.values()), missing)
        return found

    def plans_of(self, client_ids: Sequence[str]) -> dict[str, list[PlanView]]:
        out: dict[str, list[PlanView]] = {c: [] for c in client_ids}
        if not client_ids or self.institution_id is None:
            return out
        rows = self.store.query("clients_plans_of_clients", {"client_ids": list(out), **self._scope()})
        for r in rows:
            out[r["client_id"]].append(PlanView.from_row(r))
        self._log_reads("plan", ((r["id"], r["client_id"]) for r in rows))
        return out

    def participants_of(self, plan_ids: Sequence[str]) -> dict[str, list[ParticipantView]]:
        out: dict[str, list[ParticipantView]] = {p: [] for p in plan_ids}
        if not plan_ids or self.institution_id is None:
            return out
        for r in self.store.query("clients_plan_participants", {"plan_ids": list(out), **self._scope()}):
            out[r["plan_id"]].append(ParticipantView(r["plan_id"], r["institution_id"], r["role"]))
        return out

    def consents_of(self, client_ids: Sequence[str]) -> dict[str, list[ConsentView]]:
        out: dict[str, list[ConsentView]] = {c: [] for c in client_ids}
        if not client_ids or self.institution_id is None:
            return out
        rows = self.store.query("clients_consents_of_clients", {"client_ids": list(out), **self._scope()})
        for r in rows:
            out[r["client_id"]].append(ConsentView.from_row(r))
        self._log_reads("consent", ((r["id"], r["client_id"]) for r in rows))
        return out

    def capacity(self, service_id: str) -> Capacity | None:
        """The capacity answer for a service (directory data; ``None`` for an unknown service)."""
        rows = self.store.query("clients_service_for_referral", {"service_id": service_id}) if plausible_id(service_id) else []
        return capacity_answer(rows[0]["status"], rows[0]["free_places"]) if rows else None

    # ------------------------------------------------------------ helpers
    def _key(self) -> bytes:
        if self._pesel_key is None:
            from api.clients.pesel import load_key

            return load_key()
        return self._pesel_key()

    def _institution_type(self, institution_id: str) -> IT | None:
        rows = self.store.query("clients_institution_type", {"institution_id": institution_id})
        return IT(rows[0]["type"]) if rows else None

    def _visible_client(self, action: str, client_id: str) -> ClientView:
        found = self.clients([client_id], audit_missing=False).get(client_id) if plausible_id(client_id) else None
        if found is None:
            self._log(action, Outcome.DENIED, "client", client_id)
            raise NotVisible()
        return found

    def _visible_referral(self, action: str, referral_id: str) -> ReferralView:
        found = self.referrals([referral_id], audit_missing=False).get(referral_id) if plausible_id(referral_id) else None
        if found is None:
            self._log(action, Outcome.DENIED, "referral", referral_id)
            raise NotVisible()
        return found

    def _visible_plan(self, action: str, plan_id: str) -> PlanView:
        found = self.plans([plan_id], audit_missing=False).get(plan_id) if plausible_id(plan_id) else None
        if found is None:
            self._log(action, Outcome.DENIED, "plan", plan_id)
            raise NotVisible()
        return found

    def _refuse(self, exc: Exception, action: str, object_type: str, object_id: str, subject_id: str | None) -> NoReturn:
        self._log(action, Outcome.DENIED, object_type, object_id, subject_id)
        raise exc

    def _guard(self, tx: Tx, client_id: str) -> bool:
        """Inside a write transaction: is the client still visible to the caller?"""
        return bool(tx.run("clients_by_ids", {"ids": [client_id], **self._scope()}))

    def _has_active_contract(self, client_id: str) -> bool:
        return bool(self.store.query("clients_active_contracts", {"client_id": client_id, **self._scope()}))

    def _kis_rule(self, action: str, object_type: str, object_id: str, client_id: str) -> None:
        if not self._has_active_contract(client_id):
            self._refuse(
                RuleViolation(
                    "Uczestnictwo w klubie integracji społecznej wymaga realizowanego kontraktu socjalnego "
                    "(art. 18 ust. 4 ustawy o zatrudnieniu socjalnym)."
                ),
                action, object_type, object_id, client_id,
            )

    # ------------------------------------------------------------ clients
    def register_client(self, data: RegisterClientInput | dict[str, Any]) -> tuple[ClientView, bool]:
        """Register a client at the caller's institution; ``(view, duplicate)``.

        With a PESEL already registered among the clients the caller sees, the
        existing client is returned (``duplicate=True``) and nothing is written.
        """
        inst = self._require_scope("client.register", "client")
        inp = validate(RegisterClientInput, data)
        digest = None
        if inp.pesel:
            try:
                digest = pesel_hash(inp.pesel, self._key())
            except PeselError:
                self._log("client.register", Outcome.FAILED, "client")
                raise RuleViolation("Niepoprawny numer PESEL (11 cyfr z poprawną cyfrą kontrolną).") from None
            same = self.store.query("clients_by_pesel_hash", {"pesel_hash": digest, **self._scope()})
            if same:
                existing = ClientView.from_row(same[0])
                self._log("client.register", Outcome.ALLOWED, "client", existing.id, purpose="deduplication")
                return existing, True
        known = {g.id for g in get_nodes(self.store, m.TargetGroup, inp.target_groups)} if inp.target_groups else set()
        unknown = [g for g in inp.target_groups if g not in known]
        if unknown:
            raise ModelValidationError("Client", [("target_groups", "nieznana grupa docelowa")])
        client = m.Client(
            id=new_id("cl"),
            birth_year_band=inp.birth_year_band,
            sex=inp.sex,
            target_groups=inp.target_groups,
            pesel_hash=digest,
            registered_at=self._clock(),
        )
        # one small transaction (the batch writer's COPY path costs ~100 ms for a single row on LadybugDB)
        backend = self.store.backend
        self.store.write(
            lambda tx: writes.insert(tx, backend, [client], [m.RegisteredAt(src=client.id, dst=inst)])
        )
        self._log("client.register", Outcome.ALLOWED, "client", client.id)
        view = self.clients([client.id], audit_missing=False)[client.id]
        return view, False

    def record_consent(self, data: ConsentInput | dict[str, Any]) -> ConsentView:
        """Record a basis for sharing the client with another institution (home institution only)."""
        self._require_scope("consent.record", "client")
        inp = validate(ConsentInput, data)
        client = self._visible_client("consent.record", inp.client_id)
        if not client.is_home:
            self._refuse(
                Forbidden("Podstawę udostępnienia rejestruje instytucja, w której klient jest zarejestrowany."),
                "consent.record", "client", client.id, client.id,
            )
        if inp.institution_id == client.home_institution_id or self._institution_type(inp.institution_id) is None:
            raise ModelValidationError("Consent", [("institution_id", "nieznana instytucja albo instytucja klienta")])
        consent = m.Consent(
            id=new_id("cs"),
            basis=inp.basis,
            purpose=inp.purpose,
            scope=inp.scope,
            granted_at=self._clock(),
            valid_until=inp.valid_until,
        )
        self._write_guarded(
            "consent.record", client.id,
            [consent],
            [m.ConsentOf(src=consent.id, dst=client.id), m.ConsentFor(src=consent.id, dst=inp.institution_id)],
        )
        self._log("consent.record", Outcome.ALLOWED, "consent", consent.id, client.id)
        return self._consent(client.id, consent.id)

    def _consent(self, client_id: str, consent_id: str) -> ConsentView:
        for c in self.consents_of([client_id])[client_id]:
            if c.id == consent_id:
                return c
        raise NotVisible()

    def withdraw_consent(self, client_id: str, consent_id: str) -> ConsentView:
        """Withdraw a consent-based sharing (statutory bases cannot be withdrawn)."""
        self._require_scope("consent.withdraw", "consent", consent_id)
        client = self._visible_client("consent.withdraw", client_id)
        current = next((c for c in self.consents_of([client.id])[client.id] if c.id == consent_id), None)
        if current is None:
            self._refuse(NotVisible(), "consent.withdraw", "consent", consent_id, client.id)
        if not client.is_home:
            self._refuse(Forbidden("Zgodę wycofuje instytucja, w której klient jest zarejestrowany."),
                         "consent.withdraw", "consent", consent_id, client.id)
        if current.basis != LegalBasis.CONSENT.value:
            self._refuse(RuleViolation("Podstawy ustawowej nie można wycofać jak zgody."),
                         "consent.withdraw", "consent", consent_id, client.id)
        if current.withdrawn_at is not None:
            raise Conflict("Zgoda została już wycofana.")
        done = self.store.execute(
            "clients_consent_withdraw",
            {"consent_id": consent_id, "institution_id": self.institution_id, "now": self._clock()},
        )
        if not done:
            raise Conflict("Zgoda zmieniła się w międzyczasie.")
        self._log("consent.withdraw", Outcome.ALLOWED, "consent", consent_id, client.id)
        return self._consent(client.id, consent_id)

    def _write_guarded(self, action: str, client_id: str, nodes: Sequence[m.Node], rels: Sequence[m.Rel],
                       after: Callable[[Tx], None] | None = None) -> None:
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

    # ------------------------------------------------------------ referrals
    def create_referral(self, data: ReferralInput | dict[str, Any]) -> ReferralView:
        """A draft referral from the caller's institution, with its recorded basis for the receiver."""
        inst = self._require_scope("referral.create", "referral")
        inp = validate(ReferralInput, data)
        client = self._visible_client("referral.create", inp.client_id)
        if inp.to_institution_id == inst:
            raise ModelValidationError("Referral", [("to_institution_id", "nie można skierować do własnej instytucji")])
        service = self.store.query("clients_service_for_referral", {"service_id": inp.service_id}) if plausible_id(inp.service_id) else []
        if not service or service[0]["institution_id"] != inp.to_institution_id:
            raise ModelValidationError("Referral", [("service_id", "usługa nie istnieje albo nie należy do instytucji przyjmującej")])
        receiver_type = IT(service[0]["institution_type"])
        step = inp.step
        if receiver_type is IT.CIS:
            self._cis_sender_rule(client, "referral.create")
            step = step or ReferralStep.APPLICATION
            if step is ReferralStep.IPZS:
                raise ModelValidationError("Referral", [("step", "etap IPZS zapisuje CIS po podpisaniu programu")])
        elif step is not None:
            raise ModelValidationError("Referral", [("step", "etapy procedury dotyczą skierowań do CIS")])
        if receiver_type is IT.KIS:
            self._kis_rule("referral.create", "client", client.id, client.id)
        now = self._clock()
        referral = m.Referral(id=new_id("rf"), status=ReferralStatus.DRAFT, step=step, basis=inp.basis,
                              created_at=now, updated_at=now)
        consent = m.Consent(id=new_id("cs"), basis=inp.basis, purpose="realizacja skierowania",
                            scope=REFERRAL_CONSENT_SCOPE, granted_at=now)
        self._write_guarded(
            "referral.create", client.id,
            [referral, consent],
            [
                m.ForClient(src=referral.id, dst=client.id),
                m.SentBy(src=referral.id, dst=inst),
                m.SentTo(src=referral.id, dst=inp.to_institution_id),
                m.ForService(src=referral.id, dst=inp.service_id),
                m.ConsentOf(src=consent.id, dst=client.id),
                m.ConsentFor(src=consent.id, dst=inp.to_institution_id),
            ],
        )
        self._log("referral.create", Outcome.ALLOWED, "referral", referral.id, client.id, purpose="referral")
        return self.referrals([referral.id], audit_missing=False)[referral.id]

    def _cis_sender_rule(self, client: ClientView, action: str) -> None:
        sender_type = self._institution_type(self.institution_id or "")
        if sender_type not in CIS_SENDERS:
            self._refuse(RuleViolation("Skierowanie do CIS wydaje OPS/CUS, a dla osób długotrwale bezrobotnych PUP "
                                       "(art. 12 ust. 1 ustawy o zatrudnieniu socjalnym)."),
                         action, "client", client.id, client.id)
        if sender_type is IT.PUP and LONG_TERM_UNEMPLOYED not in (client.target_groups or []):
            self._refuse(RuleViolation("PUP kieruje do CIS tylko osoby długotrwale bezrobotne."),
                         action, "client", client.id, client.id)

    def advance_step(self, referral_id: str, step: ReferralStep) -> ReferralView:
        """The sender moves a draft CIS referral to the next procedure step."""
        self._require_scope("referral.step", "referral", referral_id)
        ref = self._visible_referral("referral.step", referral_id)
        current = None if ref.step is None else ReferralStep(ref.step)
        if not ref.is_sender:
            self._refuse(Forbidden("Etap procedury zmienia instytucja kierująca."), "referral.step", "referral", ref.id, ref.client_id)
        if ref.status != ReferralStatus.DRAFT.value or next_step(current) is not step:
            self._refuse(RuleViolation("Niedozwolona zmiana etapu: wniosek → opinia pracownika socjalnego → skierowanie, "
                                       "tylko przed wysłaniem."), "referral.step", "referral", ref.id, ref.client_id)
        done = self.store.execute("clients_referral_set_step", {
            "referral_id": ref.id, "from_step": ref.step, "to_step": step.value, "now": self._clock(), **self._scope()})
        if not done:
            raise Conflict("Skierowanie zmieniło się w międzyczasie.")
        self._log("referral.step", Outcome.ALLOWED, "referral", ref.id, ref.client_id, purpose="referral")
        return self.referrals([ref.id], audit_missing=False)[ref.id]

    def send_referral(self, referral_id: str, accept_waitlist: bool = False) -> tuple[ReferralView, Capacity]:
        """draft → requested, after the procedure, KIS and capacity checks."""
        self._require_scope("referral.send", "referral", referral_id)
        ref = self._visible_referral("referral.send", referral_id)
        action = "referral.send"
        if not ref.is_sender:
            self._refuse(Forbidden("Skierowanie wysyła instytucja kierująca."), action, "referral", ref.id, ref.client_id)
        if ref.status != ReferralStatus.DRAFT.value:
            self._refuse(RuleViolation("Wysłać można tylko szkic skierowania."), action, "referral", ref.id, ref.client_id)
        receiver_type = self._institution_type(ref.receiver_id)
        if receiver_type is IT.CIS and ref.step != ReferralStep.REFERRAL.value:
            self._refuse(RuleViolation("Do CIS wysyła się skierowanie po wniosku i opinii pracownika socjalnego "
                                       "(etap: skierowanie)."), action, "referral", ref.id, ref.client_id)
        if receiver_type is IT.KIS:
            self._kis_rule(action, "referral", ref.id, ref.client_id)
        answer = self.capacity(ref.service_id or "") or Capacity.NO
        if answer is Capacity.NO:
            self._refuse(RuleViolation("Usługa nie przyjmuje skierowań (nieaktywna)."), action, "referral", ref.id, ref.client_id)
        if answer is Capacity.WAITLIST and not accept_waitlist:
            self._refuse(RuleViolation("Brak wolnych miejsc: wyślij z zgodą na listę oczekujących (acceptWaitlist)."),
                         action, "referral", ref.id, ref.client_id)
        self._cas(ref, ReferralStatus.REQUESTED, Side.SENDER, None, action)
        return self.referrals([ref.id], audit_missing=False)[ref.id], answer

    def transition_referral(self, referral_id: str, to: ReferralStatus,
                            outcome: ReferralOutcome | None = None) -> ReferralView:
        """Move a referral along the FHIR task lifecycle, if the caller's side may."""
        action = f"referral.{to.value}"
        self._require_scope(action, "referral", referral_id)
        ref = self._visible_referral(action, referral_id)
        src = ReferralStatus(ref.status)
        side = TRANSITIONS.get((src, to))
        if side is None or (src, to) == (ReferralStatus.DRAFT, ReferralStatus.REQUESTED):
            self._refuse(RuleViolation(f"Niedozwolona zmiana statusu: {src.label} → {to.label}."),
                         action, "referral", ref.id, ref.client_id)
        if (side is Side.SENDER and not ref.is_sender) or (side is Side.RECEIVER and not ref.is_receiver):
            who = "kierująca" if side is Side.SENDER else "przyjmująca"
            self._refuse(Forbidden(f"Tę zmianę statusu wykonuje instytucja {who}."), action, "referral", ref.id, ref.client_id)
        if to is ReferralStatus.COMPLETED and outcome is None:
            raise ModelValidationError("Referral", [("outcome", "zakończenie skierowania wymaga rezultatu")])
        if outcome is not None and to not in (ReferralStatus.COMPLETED, ReferralStatus.FAILED):
            raise ModelValidationError("Referral", [("outcome", "rezultat podaje się przy zakończeniu")])
        self._cas(ref, to, side, outcome, action)
        return self.referrals([ref.id], audit_missing=False)[ref.id]

    def set_outcome(self, referral_id: str, outcome: ReferralOutcome) -> ReferralView:
        """Correct the outcome of a closed (completed/failed) referral – the receiver's call."""
        action = "referral.outcome"
        self._require_scope(action, "referral", referral_id)
        ref = self._visible_referral(action, referral_id)
        if not ref.is_receiver:
            self._refuse(Forbidden("Rezultat wpisuje instytucja przyjmująca."), action, "referral", ref.id, ref.client_id)
        if ref.status not in (ReferralStatus.COMPLETED.value, ReferralStatus.FAILED.value):
            self._refuse(RuleViolation("Rezultat wpisuje się do zakończonego skierowania."), action, "referral", ref.id, ref.client_id)
        self._cas(ref, ReferralStatus(ref.status), Side.RECEIVER, outcome, action, closed_at=ref.closed_at)
        return self.referrals([ref.id], audit_missing=False)[ref.id]

    def _cas(self, ref: ReferralView, to: ReferralStatus, side: Side, outcome: ReferralOutcome | None,
             action: str, closed_at: dt.datetime | None = None) -> None:
        now = self._clock()
        if closed_at is None and to in TERMINAL:
            closed_at = now
        done = self.store.execute("clients_referral_transition", {
            "referral_id": ref.id, "from_status": ref.status, "to_status": to.value, "side": side.value,
            "now": now, "closed_at": closed_at, "outcome": None if outcome is None else outcome.value,
            **self._scope(),
        })
        if not done:
            self._log(action, Outcome.FAILED, "referral", ref.id, ref.client_id, purpose="referral")
            raise Conflict("Skierowanie zmieniło się w międzyczasie – odśwież i spróbuj ponownie.")
        self._log(action, Outcome.ALLOWED, "referral", ref.id, ref.client_id, purpose="referral")

    # ------------------------------------------------------------ plans
    def create_plan(self, data: PlanInput | dict[str, Any]) -> PlanView:
        """A draft plan with the caller's institution responsible (kontrakt socjalny, IPZS, IPUS)."""
        inst = self._require_scope("plan.create", "plan")
        inp = validate(PlanInput, data)
        action = "plan.create"
        client = self._visible_client(action, inp.client_id)
        own_type = self._institution_type(inst)
        if own_type not in PLAN_CREATORS[inp.type]:
            allowed = ", ".join(sorted(t.value for t in PLAN_CREATORS[inp.type]))
            self._refuse(RuleViolation(f"{inp.type.label}: sporządza {allowed}."), action, "client", client.id, client.id)
        participants = list(inp.participants)
        referral: ReferralView | None = None
        if inp.type is PlanType.IPZS:
            referral = self._visible_referral(action, inp.referral_id or "")
            if (not referral.is_receiver or referral.client_id != client.id
                    or referral.status not in (ReferralStatus.ACCEPTED.value, ReferralStatus.IN_PROGRESS.value)):
                self._refuse(RuleViolation("IPZS sporządza CIS dla przyjętego skierowania tego klienta."),
                             action, "referral", referral.id, client.id)
            home_type = self._institution_type(client.home_institution_id)
            agreeing = client.home_institution_id if home_type in (IT.OPS, IT.CUS) else referral.sender_id
            if all(p.institution_id != agreeing for p in participants):
                participants.append(ParticipantInput(institution_id=agreeing, role=IPZS_AGREEMENT_ROLE,
                                                     basis=LegalBasis.CIS_REFERRAL))
        plan = m.Plan(id=new_id("pl"), type=inp.type, status=PlanStatus.DRAFT, starts_on=inp.starts_on,
                      ends_on=inp.ends_on, goals=inp.goals)
        nodes, rels = self._participants(action, plan.id, client, participants, inst)
        rels = [m.PlanFor(src=plan.id, dst=client.id), m.ResponsibleFor(src=plan.id, dst=inst), *rels]
        after = None
        if referral is not None:
            ref_id = referral.id

            def after(tx: Tx) -> None:
                tx.run("clients_referral_mark_ipzs", {"referral_id": ref_id, "now": self._clock(), **self._scope()})

        self._write_guarded(action, client.id, [plan, *nodes], rels, after)
        self._log(action, Outcome.ALLOWED, "plan", plan.id, client.id, purpose="plan")
        return self.plans([plan.id], audit_missing=False)[plan.id]

    def _participants(self, action: str, plan_id: str, client: ClientView, participants: Sequence[ParticipantInput],
                      responsible: str) -> tuple[list[m.Node], list[m.Rel]]:
        nodes: list[m.Node] = []
        rels: list[m.Rel] = []
        seen: set[str] = set()
        for p in participants:
            if p.institution_id in seen or p.institution_id == responsible:
                raise ModelValidationError("Plan", [("participants", "powtórzona instytucja albo instytucja odpowiedzialna")])
            seen.add(p.institution_id)
            kind = self._institution_type(p.institution_id)
            if kind is None:
                raise ModelValidationError("Plan", [("participants", "nieznana instytucja")])
            if kind is IT.KIS:
                self._kis_rule(action, "client", client.id, client.id)
            rels.append(m.ParticipatesIn(src=p.institution_id, dst=plan_id, role=p.role))
            if p.institution_id != client.home_institution_id:
                consent = m.Consent(id=new_id("cs"), basis=p.basis, purpose="realizacja planu",
                                    scope=PLAN_CONSENT_SCOPE, granted_at=self._clock())
                nodes.append(consent)
                rels += [m.ConsentOf(src=consent.id, dst=client.id), m.ConsentFor(src=consent.id, dst=p.institution_id)]
        return nodes, rels

    def add_participant(self, plan_id: str, data: ParticipantInput | dict[str, Any]) -> PlanView:
        """The responsible institution adds a participant (the KIS rule applies)."""
        action = "plan.participant"
        self._require_scope(action, "plan", plan_id)
        inp = validate(ParticipantInput, data)
        plan = self._visible_plan(action, plan_id)
        if not plan.is_responsible:
            self._refuse(Forbidden("Uczestników planu dodaje instytucja odpowiedzialna."), action, "plan", plan.id, plan.client_id)
        if plan.status in (PlanStatus.COMPLETED.value, PlanStatus.TERMINATED.value):
            self._refuse(RuleViolation("Plan jest zamknięty."), action, "plan", plan.id, plan.client_id)
        if any(p.institution_id == inp.institution_id for p in self.participants_of([plan.id])[plan.id]):
            raise ModelValidationError("Plan", [("institution_id", "instytucja już uczestniczy w planie")])
        client = self._visible_client(action, plan.client_id)
        nodes, rels = self._participants(action, plan.id, client, [inp], plan.responsible_id)
        self._write_guarded(action, client.id, nodes, rels)
        self._log(action, Outcome.ALLOWED, "plan", plan.id, client.id, purpose="plan")
        return self.plans([plan.id], audit_missing=False)[plan.id]

    def set_plan_status(self, plan_id: str, status: PlanStatus) -> PlanView:
        action = f"plan.{status.value}"
        self._require_scope(action, "plan", plan_id)
        plan = self._visible_plan(action, plan_id)
        move = plan_move(PlanType(plan.type), PlanStatus(plan.status), status)
        if move is None:
            self._refuse(RuleViolation(f"Niedozwolona zmiana statusu planu: {PlanStatus(plan.status).label} → {status.label}."),
                         action, "plan", plan.id, plan.client_id)
        if move is PlanMove.RESPONSIBLE and not plan.is_responsible:
            self._refuse(Forbidden("Status planu zmienia instytucja odpowiedzialna."), action, "plan", plan.id, plan.client_id)
        if move is PlanMove.AGREEING:
            mine = [p for p in self.participants_of([plan.id])[plan.id] if p.institution_id == self.institution_id]
            if not any(p.role == IPZS_AGREEMENT_ROLE for p in mine):
                self._refuse(Forbidden("IPZS zatwierdza ośrodek pomocy społecznej, z którym CIS go uzgadnia."),
                             action, "plan", plan.id, plan.client_id)
        done = self.store.execute("clients_plan_set_status", {
            "plan_id": plan.id, "from_status": plan.status, "to_status": status.value,
            "as_responsible": move is PlanMove.RESPONSIBLE, "role": IPZS_AGREEMENT_ROLE, **self._scope()})
        if not done:
            raise Conflict("Plan zmienił się w międzyczasie – odśwież i spróbuj ponownie.")
        self._log(action, Outcome.ALLOWED, "plan", plan.id, plan.client_id, purpose="plan")
        return self.plans([plan.id], audit_missing=False)[plan.id]
