"""The workflow rules, as data: who may move a referral, what a plan needs, capacity answers.

Referral states follow the HL7 FHIR Task status used by SDOH referrals.  The
sender institution drafts, sends and may cancel; the receiver acknowledges,
accepts or rejects, runs and closes.  Polish procedure steps (wniosek →
opinia pracownika socjalnego → skierowanie → IPZS) apply to referrals into a
CIS (art. 12 of the social-employment act); the statutory conditions live in
:mod:`graph.clients.statute`.
"""

from __future__ import annotations

from enum import StrEnum

from graph.enums import InstitutionType as IT
from graph.enums import LegalBasis, PlanStatus, PlanType, ReferralStatus, ReferralStep

__all__ = [
    "Side",
    "TRANSITIONS",
    "TERMINAL",
    "RECEIVER_VISIBLE",
    "allowed_transitions",
    "Capacity",
    "capacity_answer",
    "STEP_ORDER",
    "next_step",
    "PLAN_CREATORS",
    "IPZS_AGREEMENT_ROLE",
    "PlanMove",
    "PLAN_MOVES",
    "CONSENT_SCOPES",
    "REFERRAL_CONSENT_SCOPE",
    "PLAN_CONSENT_SCOPE",
]


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


S = ReferralStatus

#: (from, to) → the side that may make the move.  draft → requested goes through
#: ``sendReferral`` (capacity, KIS and procedure checks), never a plain transition.
TRANSITIONS: dict[tuple[ReferralStatus, ReferralStatus], Side] = {
    (S.DRAFT, S.REQUESTED): Side.SENDER,
    (S.DRAFT, S.CANCELLED): Side.SENDER,
    (S.REQUESTED, S.RECEIVED): Side.RECEIVER,
    (S.REQUESTED, S.ACCEPTED): Side.RECEIVER,
    (S.REQUESTED, S.REJECTED): Side.RECEIVER,
    (S.REQUESTED, S.CANCELLED): Side.SENDER,
    (S.RECEIVED, S.ACCEPTED): Side.RECEIVER,
    (S.RECEIVED, S.REJECTED): Side.RECEIVER,
    (S.RECEIVED, S.CANCELLED): Side.SENDER,
    (S.ACCEPTED, S.IN_PROGRESS): Side.RECEIVER,
    (S.ACCEPTED, S.FAILED): Side.RECEIVER,
    (S.ACCEPTED, S.CANCELLED): Side.SENDER,
    (S.IN_PROGRESS, S.ON_HOLD): Side.RECEIVER,
    (S.IN_PROGRESS, S.COMPLETED): Side.RECEIVER,
    (S.IN_PROGRESS, S.FAILED): Side.RECEIVER,
    (S.ON_HOLD, S.IN_PROGRESS): Side.RECEIVER,
    (S.ON_HOLD, S.FAILED): Side.RECEIVER,
    (S.ON_HOLD, S.CANCELLED): Side.SENDER,
}

TERMINAL = frozenset({S.COMPLETED, S.CANCELLED, S.REJECTED, S.FAILED})
#: Statuses in which the receiving institution sees a referral (and, through it, the client).
#: Derived from the enum: every status but the three in which the receiver never had the referral.
#: The ``clients_*`` queries get this list from ``queries/clients_gen.py``.
RECEIVER_HIDDEN = frozenset({S.DRAFT, S.CANCELLED, S.REJECTED})
RECEIVER_VISIBLE = tuple(s for s in ReferralStatus if s not in RECEIVER_HIDDEN)


def allowed_transitions(status: ReferralStatus, *, sender: bool, receiver: bool) -> list[ReferralStatus]:
    """The statuses the caller may move a referral to (``sendReferral`` covers draft → requested)."""
    out = []
    for (src, dst), side in TRANSITIONS.items():
        if src is status and ((side is Side.SENDER and sender) or (side is Side.RECEIVER and receiver)):
            out.append(dst)
    return out


class Capacity(StrEnum):
    """The answer of the capacity check before sending."""

    YES = "yes"
    NO = "no"
    WAITLIST = "waitlist"


def capacity_answer(service_status: str | None, free_places: int | None) -> Capacity:
    """``no`` for a service not running; ``waitlist`` with no free place; otherwise ``yes``.

    A service that does not publish its free places (``None``) is taken as open: the
    receiver still accepts or rejects the referral.
    """
    if service_status != "active":
        return Capacity.NO
    if free_places is not None and free_places <= 0:
        return Capacity.WAITLIST
    return Capacity.YES


STEP_ORDER = (ReferralStep.APPLICATION, ReferralStep.OPINION, ReferralStep.REFERRAL, ReferralStep.IPZS)


def next_step(step: ReferralStep | None) -> ReferralStep | None:
    """The step after ``step`` that the sender may set (IPZS is recorded by the CIS)."""
    if step is None or step not in STEP_ORDER[:2]:
        return None
    return STEP_ORDER[STEP_ORDER.index(step) + 1]


#: The CIS procedure rules (who applies, opines, issues) are in :mod:`graph.clients.statute`.

#: Who may draw up each plan type (the responsible institution).
PLAN_CREATORS: dict[PlanType, frozenset[IT]] = {
    PlanType.SOCIAL_CONTRACT: frozenset({IT.OPS, IT.CUS}),
    PlanType.IPZS: frozenset({IT.CIS}),
    PlanType.IPUS: frozenset({IT.CUS}),
}
#: The role of the OPS/CUS that agrees an IPZS with the CIS (art. 12 ust. 4 uzs).
IPZS_AGREEMENT_ROLE = "uzgadniający IPZS"


class PlanMove(StrEnum):
    RESPONSIBLE = "responsible"
    AGREEING = "agreeing"


PL = PlanStatus
#: (plan type or None for any, from, to) → who may move the plan.  An IPZS becomes
#: active only when the agreeing OPS/CUS agrees it; everything else is the responsible
#: institution's.
PLAN_MOVES: dict[tuple[PlanType | None, PlanStatus, PlanStatus], PlanMove] = {
    (PlanType.IPZS, PL.DRAFT, PL.ACTIVE): PlanMove.AGREEING,
    (None, PL.DRAFT, PL.ACTIVE): PlanMove.RESPONSIBLE,
    (None, PL.DRAFT, PL.TERMINATED): PlanMove.RESPONSIBLE,
    (None, PL.ACTIVE, PL.COMPLETED): PlanMove.RESPONSIBLE,
    (None, PL.ACTIVE, PL.TERMINATED): PlanMove.RESPONSIBLE,
}


def plan_move(plan_type: PlanType, src: PlanStatus, dst: PlanStatus) -> PlanMove | None:
    return PLAN_MOVES.get((plan_type, src, dst)) or PLAN_MOVES.get((None, src, dst))


#: What a basis may cover.  ``target_groups`` and ``profile`` (birth-year band, sex)
#: gate the client's attributes for partners; ``referral``/``plan`` name the sharing
#: it was recorded for (a partner only ever sees its own referrals and plans).
CONSENT_SCOPES = ("target_groups", "profile", "referral", "plan")
REFERRAL_CONSENT_SCOPE = ["target_groups", "referral"]
PLAN_CONSENT_SCOPE = ["target_groups", "plan"]

#: Statutory bases that need no consent node of the client's own will (not withdrawable).
STATUTORY = frozenset(b for b in LegalBasis if b is not LegalBasis.CONSENT)
