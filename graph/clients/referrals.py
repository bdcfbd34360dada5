"""Referrals: drafting, the CIS procedure steps, sending and the FHIR task lifecycle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph import model as m
from graph.clients.audit import Outcome
from graph.clients.base import ClientFacts, InstFacts, plausible_id
from graph.clients.errors import Conflict, Forbidden, RuleViolation
from graph.clients.models import (
    ReferralInput,
    ReferralView,
)
from graph.clients.reads import ClientReads
from graph.clients.rules import (
    REFERRAL_CONSENT_SCOPE,
    TERMINAL,
    TRANSITIONS,
    Capacity,
    Side,
    next_step,
)
from graph.clients.statute import (
    PERSON,
    RULES,
    basis_covers,
    cis_applicant,
    cis_eligibility,
    cis_issuer,
    cis_opinion,
    cis_served,
)
from graph.enums import InstitutionType as IT
from graph.enums import (
    LegalBasis,
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
        service = (
            self.store.query("clients_service_for_referral", {"service_id": inp.service_id})
            if plausible_id(inp.service_id)
            else []
        )
        if not service or service[0]["institution_id"] != inp.to_institution_id:
            raise ModelValidationError(
                "Referral", [("service_id", "usługa nie istnieje albo nie należy do instytucji przyjmującej")]
            )
        receiver_type = IT(service[0]["institution_type"])
        action = "referral.create"
        sender = self._inst(inst)
        # the basis table (sender and receiver kinds) – also what stops an onward referral on a wrong basis
        self._breach(basis_covers(inp.basis, sender.type, receiver_type), action, "client", client.id, client.id)
        step = inp.step
        applicant = opinion = None
        if receiver_type is IT.CIS:
            applicant = inp.applicant or PERSON
            self._breach(cis_applicant(applicant), action, "client", client.id, client.id)
            self._cis_rules(client.id, sender, self._inst(inp.to_institution_id), action, "client", client.id)
            step = step or ReferralStep.APPLICATION
            if step is ReferralStep.IPZS:
                raise ModelValidationError("Referral", [("step", "etap IPZS zapisuje CIS po podpisaniu programu")])
            if step is not ReferralStep.APPLICATION:  # wniosek and opinia already on paper: who opined?
                opinion = inp.opinion_by or inst
                self._check_opinion(opinion, client.id, action, "client", client.id)
        elif step is not None or inp.applicant is not None or inp.opinion_by is not None:
            raise ModelValidationError(
                "Referral", [("step", "etapy procedury i wnioskodawca dotyczą skierowań do CIS")]
            )
        if receiver_type is IT.KIS:
            if not self._inst(inp.to_institution_id).register_id:
                self._breach(RULES["kis.register"], action, "client", client.id, client.id)
            self._kis_rule(action, "client", client.id, client.id)
        now = self._clock()
        referral = m.Referral(
            id=new_id("rf"),
            status=ReferralStatus.DRAFT,
            step=step,
            basis=inp.basis,
            created_at=now,
            updated_at=now,
            applicant=applicant,
            opinion_by=opinion,
        )
        consent = m.Consent(
            id=new_id("cs"),
            basis=inp.basis,
            purpose="realizacja skierowania",
            scope=REFERRAL_CONSENT_SCOPE,
            granted_at=now,
        )
        self._write_guarded(
            "referral.create",
            client.id,
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

    def _cis_rules(
        self, client_id: str, sender: InstFacts, cis: InstFacts, action: str, object_type: str, object_id: str
    ) -> ClientFacts:
        """Art. 1 ust. 2–3 and art. 12 ust. 1 and 5 uzs: who may be referred, by whom, to which CIS."""
        facts = self._client_facts(client_id)
        for rule in (
            cis_eligibility(facts.target_groups, facts.benefit_rights),
            cis_issuer(sender.type, sender.gmina, sender.serves, facts.residence_gmina, facts.target_groups),
            cis_served(cis.gmina, cis.serves, facts.residence_gmina),
        ):
            self._breach(rule, action, object_type, object_id, client_id)
        return facts

    def _check_opinion(
        self, opinion_by: str | None, client_id: str, action: str, object_type: str, object_id: str
    ) -> None:
        """Art. 12 ust. 2 uzs: the opinion comes from the OPS/CUS of the client's residence."""
        who = self._inst(opinion_by)
        facts = self._client_facts(client_id)
        self._breach(
            cis_opinion(who.type, who.gmina, who.serves, facts.residence_gmina),
            action,
            object_type,
            object_id,
            client_id,
        )

    def advance_step(self, referral_id: str, step: ReferralStep, opinion_by: str | None = None) -> ReferralView:
        """The sender moves a draft CIS referral to the next procedure step.

        The opinion step records who opined (``opinion_by``, default: the caller's institution):
        the OPS/CUS of the client's residence (art. 12 ust. 2 uzs).
        """
        self._require_scope("referral.step", "referral", referral_id)
        ref = self._visible_referral("referral.step", referral_id)
        current = None if ref.step is None else ReferralStep(ref.step)
        if not ref.is_sender:
            self._refuse(
                Forbidden("Etap procedury zmienia instytucja kierująca."),
                "referral.step",
                "referral",
                ref.id,
                ref.client_id,
            )
        if ref.status != ReferralStatus.DRAFT.value or next_step(current) is not step:
            self._refuse(
                RuleViolation(
                    "Niedozwolona zmiana etapu: wniosek → opinia pracownika socjalnego → skierowanie, "
                    "tylko przed wysłaniem."
                ),
                "referral.step",
                "referral",
                ref.id,
                ref.client_id,
            )
        opinion = None
        if step is ReferralStep.OPINION:
            opinion = opinion_by or self.institution_id
            self._check_opinion(opinion, ref.client_id, "referral.step", "referral", ref.id)
        elif opinion_by is not None:
            raise ModelValidationError("Referral", [("opinion_by", "opiniującego podaje się na etapie opinii")])
        done = self.store.execute(
            "clients_referral_set_step",
            {
                "referral_id": ref.id,
                "from_step": ref.step,
                "to_step": step.value,
                "now": self._clock(),
                "opinion_by": opinion,
                **self._scope(),
            },
        )
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
            self._refuse(
                Forbidden("Skierowanie wysyła instytucja kierująca."), action, "referral", ref.id, ref.client_id
            )
        if ref.status != ReferralStatus.DRAFT.value:
            self._refuse(
                RuleViolation("Wysłać można tylko szkic skierowania."), action, "referral", ref.id, ref.client_id
            )
        receiver_type = self._institution_type(ref.receiver_id)
        notified = None
        if receiver_type is IT.CIS:
            if ref.step != ReferralStep.REFERRAL.value:
                self._breach(RULES["cis.step"], action, "referral", ref.id, ref.client_id)
            sender = self._inst(ref.sender_id)
            facts = self._cis_rules(ref.client_id, sender, self._inst(ref.receiver_id), action, "referral", ref.id)
            opinion = self._inst(ref.opinion_by)
            self._breach(
                cis_opinion(opinion.type, opinion.gmina, opinion.serves, facts.residence_gmina),
                action,
                "referral",
                ref.id,
                ref.client_id,
            )
            if sender.type is IT.PUP:
                notified = self._notify_welfare(ref, facts, action)
        if receiver_type is IT.KIS:
            self._kis_rule(action, "referral", ref.id, ref.client_id)
        answer = self.capacity(ref.service_id or "") or Capacity.NO
        if answer is Capacity.NO:
            self._refuse(
                RuleViolation("Usługa nie przyjmuje skierowań (nieaktywna)."), action, "referral", ref.id, ref.client_id
            )
        if answer is Capacity.WAITLIST and not accept_waitlist:
            self._refuse(
                RuleViolation("Brak wolnych miejsc: wyślij z zgodą na listę oczekujących (acceptWaitlist)."),
                action,
                "referral",
                ref.id,
                ref.client_id,
            )
        self._cas(ref, ReferralStatus.REQUESTED, Side.SENDER, None, action, notified_id=notified)
        return self.referrals([ref.id], audit_missing=False)[ref.id], answer

    def _notify_welfare(self, ref: ReferralView, facts: ClientFacts, action: str) -> str:
        """Art. 12 ust. 1 uzs: a PUP's referral is notified to the OPS/CUS of the residence gmina.

        The notified institution gets a statutory basis (scope: target groups, referral) now; the
        referral names it (``notified_id``) when the send succeeds, which links it to the client.
        """
        competent = self._competent_welfare(facts.residence_gmina)
        if not competent:
            self._breach(RULES["cis.notice"], action, "referral", ref.id, ref.client_id)
        notified = competent[0]
        consent = m.Consent(
            id=new_id("cs"),
            basis=LegalBasis.CIS_REFERRAL,
            purpose="powiadomienie o skierowaniu do CIS",
            scope=REFERRAL_CONSENT_SCOPE,
            granted_at=self._clock(),
        )
        self._write_guarded(
            action,
            ref.client_id,
            [consent],
            [m.ConsentOf(src=consent.id, dst=ref.client_id), m.ConsentFor(src=consent.id, dst=notified)],
        )
        return notified

    def transition_referral(
        self, referral_id: str, to: ReferralStatus, outcome: ReferralOutcome | None = None
    ) -> ReferralView:
        """Move a referral along the FHIR task lifecycle, if the caller's side may."""
        action = f"referral.{to.value}"
        self._require_scope(action, "referral", referral_id)
        ref = self._visible_referral(action, referral_id)
        src = ReferralStatus(ref.status)
        side = TRANSITIONS.get((src, to))
        if side is None or (src, to) == (ReferralStatus.DRAFT, ReferralStatus.REQUESTED):
            self._refuse(
                RuleViolation(f"Niedozwolona zmiana statusu: {src.label} → {to.label}."),
                action,
                "referral",
                ref.id,
                ref.client_id,
            )
        if (side is Side.SENDER and not ref.is_sender) or (side is Side.RECEIVER and not ref.is_receiver):
            who = "kierująca" if side is Side.SENDER else "przyjmująca"
            self._refuse(
                Forbidden(f"Tę zmianę statusu wykonuje instytucja {who}."), action, "referral", ref.id, ref.client_id
            )
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
            self._refuse(
                Forbidden("Rezultat wpisuje instytucja przyjmująca."), action, "referral", ref.id, ref.client_id
            )
        if ref.status not in (ReferralStatus.COMPLETED.value, ReferralStatus.FAILED.value):
            self._refuse(
                RuleViolation("Rezultat wpisuje się do zakończonego skierowania."),
                action,
                "referral",
                ref.id,
                ref.client_id,
            )
        self._cas(ref, ReferralStatus(ref.status), Side.RECEIVER, outcome, action, closed_at=ref.closed_at)
        return self.referrals([ref.id], audit_missing=False)[ref.id]

    def _cas(
        self,
        ref: ReferralView,
        to: ReferralStatus,
        side: Side,
        outcome: ReferralOutcome | None,
        action: str,
        closed_at: dt.datetime | None = None,
        notified_id: str | None = None,
    ) -> None:
        now = self._clock()
        if closed_at is None and to in TERMINAL:
            closed_at = now
        done = self.store.execute(
            "clients_referral_transition",
            {
                "referral_id": ref.id,
                "from_status": ref.status,
                "to_status": to.value,
                "side": side.value,
                "now": now,
                "closed_at": closed_at,
                "outcome": None if outcome is None else outcome.value,
                "notified_id": notified_id,
                **self._scope(),
            },
        )
        if not done:
            self._log(action, Outcome.FAILED, "referral", ref.id, ref.client_id, purpose="referral")
            raise Conflict("Skierowanie zmieniło się w międzyczasie – odśwież i spróbuj ponownie.")
        self._log(action, Outcome.ALLOWED, "referral", ref.id, ref.client_id, purpose="referral")
