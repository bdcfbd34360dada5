"""Referrals: drafting, the CIS procedure steps, sending and the FHIR task lifecycle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph import model as m
from graph.clients.audit import Outcome
from graph.clients.base import plausible_id
from graph.clients.errors import Conflict, Forbidden, RuleViolation
from graph.clients.models import (
    ClientView,
    ReferralInput,
    ReferralView,
)
from graph.clients.reads import ClientReads
from graph.clients.rules import (
    CIS_SENDERS,
    LONG_TERM_UNEMPLOYED,
    REFERRAL_CONSENT_SCOPE,
    TERMINAL,
    TRANSITIONS,
    Capacity,
    Side,
    next_step,
)
from graph.enums import InstitutionType as IT
from graph.enums import (
    ReferralOutcome,
    ReferralStatus,
    ReferralStep,
)
from graph.errors import ModelValidationError
from graph.model import new_id
from graph.schema import validate

__all__ = ["Referrals"]


class Referrals(ClientReads):
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

