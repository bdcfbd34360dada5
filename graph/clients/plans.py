"""Plans: kontrakt socjalny, IPZS and IPUS with their participants and statuses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph import model as m
from graph.clients.audit import Outcome
from graph.clients.errors import Conflict, Forbidden, RuleViolation
from graph.clients.models import (
    ClientView,
    ParticipantInput,
    PlanInput,
    PlanView,
    ReferralView,
)
from graph.clients.reads import ClientReads
from graph.clients.rules import (
    IPZS_AGREEMENT_ROLE,
    PLAN_CONSENT_SCOPE,
    PLAN_CREATORS,
    PlanMove,
    plan_move,
)
from graph.clients.statute import RULES, ipus_rules, plan_period
from graph.enums import InstitutionType as IT
from graph.enums import (
    LegalBasis,
    PlanStatus,
    PlanType,
    ReferralStatus,
)
from graph.errors import ModelValidationError
from graph.model import new_id
from graph.schema import validate
from graph.store.protocol import Tx

__all__ = ["Plans"]


class Plans(ClientReads):
    # ------------------------------------------------------------ plans
    def create_plan(self, data: PlanInput | dict[str, Any]) -> PlanView:
        """A draft plan with the caller's institution responsible (kontrakt socjalny, IPZS, IPUS)."""
        inst = self._require_scope("plan.create", "plan")
        inp = validate(PlanInput, data)
        action = "plan.create"
        client = self._visible_client(action, inp.client_id)
        own_type = self._institution_type(inst)
        if own_type not in PLAN_CREATORS[inp.type]:
            if inp.type is PlanType.IPUS:
                self._breach(RULES["ipus.cus_only"], action, "client", client.id, client.id)
            allowed = ", ".join(sorted(t.value for t in PLAN_CREATORS[inp.type]))
            self._refuse(
                RuleViolation(f"{inp.type.label}: sporządza {allowed}."), action, "client", client.id, client.id
            )
        self._breach(
            plan_period(inp.type, inp.starts_on, inp.ends_on, inp.extension_months),
            action,
            "client",
            client.id,
            client.id,
        )
        if inp.type is PlanType.IPUS:
            self._breach(
                ipus_rules(inp.applied_on, inp.starts_on, inp.coordination_months, inp.approved_by, activating=False),
                action,
                "client",
                client.id,
                client.id,
            )
        elif inp.applied_on or inp.coordination_months is not None or inp.approved_by:
            reason = "data wniosku, potrzeba koordynacji i zatwierdzenie dotyczą IPUS"
            raise ModelValidationError("Plan", [("applied_on", reason)])
        if inp.extension_months and inp.type is not PlanType.IPZS:
            raise ModelValidationError("Plan", [("extension_months", "przedłużenie dotyczy IPZS")])
        participants = list(inp.participants)
        referral: ReferralView | None = None
        if inp.type is PlanType.IPZS:
            referral = self._visible_referral(action, inp.referral_id or "")
            if (
                not referral.is_receiver
                or referral.client_id != client.id
                or referral.status not in (ReferralStatus.ACCEPTED.value, ReferralStatus.IN_PROGRESS.value)
            ):
                self._refuse(
                    RuleViolation("IPZS sporządza CIS dla przyjętego skierowania tego klienta."),
                    action,
                    "referral",
                    referral.id,
                    client.id,
                )
            # art. 12 ust. 4 uzs: agreed with the head of the OPS/CUS of the residence gmina (not the PUP)
            competent = self._competent_welfare(self._client_facts(client.id).residence_gmina)
            if not competent:
                self._breach(RULES["ipzs.agreed"], action, "referral", referral.id, client.id)
            agreeing = client.home_institution_id if client.home_institution_id in competent else competent[0]
            if all(p.institution_id != agreeing for p in participants):
                participants.append(
                    ParticipantInput(institution_id=agreeing, role=IPZS_AGREEMENT_ROLE, basis=LegalBasis.CIS_REFERRAL)
                )
        plan = m.Plan(
            id=new_id("pl"),
            type=inp.type,
            status=PlanStatus.DRAFT,
            starts_on=inp.starts_on,
            ends_on=inp.ends_on,
            goals=inp.goals,
            applied_on=inp.applied_on,
            coordination_months=inp.coordination_months,
            approved_by=inp.approved_by,
            extension_months=inp.extension_months,
        )
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

    def _participants(
        self, action: str, plan_id: str, client: ClientView, participants: Sequence[ParticipantInput], responsible: str
    ) -> tuple[list[m.Node], list[m.Rel]]:
        nodes: list[m.Node] = []
        rels: list[m.Rel] = []
        seen: set[str] = set()
        for p in participants:
            if p.institution_id in seen or p.institution_id == responsible:
                raise ModelValidationError(
                    "Plan", [("participants", "powtórzona instytucja albo instytucja odpowiedzialna")]
                )
            seen.add(p.institution_id)
            kind = self._institution_type(p.institution_id)
            if kind is None:
                raise ModelValidationError("Plan", [("participants", "nieznana instytucja")])
            if kind is IT.KIS:
                self._kis_rule(action, "client", client.id, client.id)
            rels.append(m.ParticipatesIn(src=p.institution_id, dst=plan_id, role=p.role))
            if p.institution_id != client.home_institution_id:
                consent = m.Consent(
                    id=new_id("cs"),
                    basis=p.basis,
                    purpose="realizacja planu",
                    scope=PLAN_CONSENT_SCOPE,
                    granted_at=self._clock(),
                )
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
            self._refuse(
                Forbidden("Uczestników planu dodaje instytucja odpowiedzialna."),
                action,
                "plan",
                plan.id,
                plan.client_id,
            )
        if plan.status in (PlanStatus.COMPLETED.value, PlanStatus.TERMINATED.value):
            self._refuse(RuleViolation("Plan jest zamknięty."), action, "plan", plan.id, plan.client_id)
        if any(p.institution_id == inp.institution_id for p in self.participants_of([plan.id])[plan.id]):
            raise ModelValidationError("Plan", [("institution_id", "instytucja już uczestniczy w planie")])
        client = self._visible_client(action, plan.client_id)
        nodes, rels = self._participants(action, plan.id, client, [inp], plan.responsible_id)
        self._write_guarded(action, client.id, nodes, rels)
        self._log(action, Outcome.ALLOWED, "plan", plan.id, client.id, purpose="plan")
        return self.plans([plan.id], audit_missing=False)[plan.id]

    def set_plan_status(self, plan_id: str, status: PlanStatus, approved_by: str | None = None) -> PlanView:
        """Move a plan; an IPUS becomes active only when approved (``approved_by``, ucus)."""
        action = f"plan.{status.value}"
        self._require_scope(action, "plan", plan_id)
        plan = self._visible_plan(action, plan_id)
        approved_by = (approved_by or "").strip()[:200] or None
        if plan.type == PlanType.IPUS.value and status is PlanStatus.ACTIVE:
            self._breach(
                ipus_rules(
                    plan.applied_on,
                    plan.starts_on,
                    plan.coordination_months,
                    approved_by or plan.approved_by,
                    activating=True,
                ),
                action,
                "plan",
                plan.id,
                plan.client_id,
            )
        move = plan_move(PlanType(plan.type), PlanStatus(plan.status), status)
        if move is None:
            self._refuse(
                RuleViolation(f"Niedozwolona zmiana statusu planu: {PlanStatus(plan.status).label} → {status.label}."),
                action,
                "plan",
                plan.id,
                plan.client_id,
            )
        if move is PlanMove.RESPONSIBLE and not plan.is_responsible:
            self._refuse(
                Forbidden("Status planu zmienia instytucja odpowiedzialna."), action, "plan", plan.id, plan.client_id
            )
        if move is PlanMove.AGREEING:
            mine = [p for p in self.participants_of([plan.id])[plan.id] if p.institution_id == self.institution_id]
            if not any(p.role == IPZS_AGREEMENT_ROLE for p in mine):
                self._refuse(
                    Forbidden("IPZS zatwierdza ośrodek pomocy społecznej, z którym CIS go uzgadnia."),
                    action,
                    "plan",
                    plan.id,
                    plan.client_id,
                )
        done = self.store.execute(
            "clients_plan_set_status",
            {
                "plan_id": plan.id,
                "from_status": plan.status,
                "to_status": status.value,
                "as_responsible": move is PlanMove.RESPONSIBLE,
                "role": IPZS_AGREEMENT_ROLE,
                "approved_by": approved_by,
                **self._scope(),
            },
        )
        if not done:
            raise Conflict("Plan zmienił się w międzyczasie – odśwież i spróbuj ponownie.")
        self._log(action, Outcome.ALLOWED, "plan", plan.id, plan.client_id, purpose="plan")
        return self.plans([plan.id], audit_missing=False)[plan.id]
