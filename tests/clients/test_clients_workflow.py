"""The workflow rules on both stores: visibility, basis scope, referral lifecycle, plans, KIS rule."""

from __future__ import annotations

import datetime as dt

import pytest

from api.security import Role
from graph.clients.errors import Conflict, Forbidden, NotVisible, RuleViolation
from graph.clients.rules import IPZS_AGREEMENT_ROLE, Capacity, Side
from graph.enums import PlanStatus, ReferralOutcome, ReferralStatus, ReferralStep
from graph.errors import ModelValidationError
from tests.clients.clientnet import (
    HIDDEN_FROM_A,
    HIDDEN_PLANS_FROM_A,
    HIDDEN_REFERRALS_FROM_A,
    OWN,
    PARTNER,
)
from tests.clients.fixtures import NOW

S = ReferralStatus
#: a dated plan period (art. 108 ups, art. 13 uzs: plans are made for a set time)
YEAR_2026 = {"starts_on": dt.date(2026, 3, 1), "ends_on": dt.date(2027, 2, 28)}


# ---------------------------------------------------------------- visibility


def test_caseworker_sees_own_and_partner_clients_only(make_service) -> None:
    a = make_service("ops-a")
    assert [c.id for c in a.list_clients()] == sorted(OWN + PARTNER)
    found = a.clients([*OWN, *PARTNER, *HIDDEN_FROM_A, "cl-does-not-exist"])
    assert sorted(found) == sorted(OWN + PARTNER)


def test_partner_view_is_limited_to_the_basis_scope(make_service) -> None:
    a = make_service("ops-a")
    own, partner = a.clients(["client-a1", "client-o8"]).values()
    assert own.is_home and own.birth_year_band == "1980-1989" and own.registered_at is not None
    assert own.target_groups == ["bezdomni", "dlugotrwale-bezrobotni"]
    # basis cs-o8 covers target groups only: no profile, no registration date
    assert not partner.is_home and partner.home_institution_id == "ops-o"
    assert partner.target_groups == ["niepelnosprawni"]
    assert partner.birth_year_band is None and partner.sex is None and partner.registered_at is None


def test_partner_sees_only_its_own_referrals_and_plans(make_service) -> None:
    a = make_service("ops-a")
    assert [r.id for r in a.referrals_of(["client-o8"])["client-o8"]] == ["rf-o8"]
    assert [p.id for p in a.plans_of(["client-o8"])["client-o8"]] == ["pl-o8p"]  # not pl-o8
    assert [k.id for k in a.consents_of(["client-o8"])["client-o8"]] == ["cs-o8"]
    assert a.referrals(list(HIDDEN_REFERRALS_FROM_A)) == {}
    assert a.plans(list(HIDDEN_PLANS_FROM_A)) == {}
    # the home institution sees every referral of its client; the receiving CIS only its own
    assert [r.id for r in a.referrals_of(["client-a1"])["client-a1"]] == ["rf-a1", "rf-a1x"]
    p = make_service("cis-p")
    assert [r.id for r in p.referrals_of(["client-a1"])["client-a1"]] == ["rf-a1"]
    assert p.plans_of(["client-a1"])["client-a1"] == []
    assert [c.id for c in p.list_clients()] == ["client-a1", "client-o1", "client-o8"]


def test_inbox_shows_only_live_referrals_with_a_basis(make_service) -> None:
    a = make_service("ops-a")
    assert [r.id for r in a.inbox("incoming")] == ["rf-o8"]  # o4 withdrawn, o5 expired, o6 draft, o7 cancelled
    assert sorted(r.id for r in a.inbox("outgoing")) == ["rf-a1", "rf-a1x"]
    assert [r.id for r in a.inbox("outgoing", [S.REQUESTED], limit=1)] == ["rf-a1x"]  # newest first
    p = make_service("cis-p")
    assert sorted(r.id for r in p.inbox("incoming")) == ["rf-a1", "rf-o1", "rf-o8b"]


@pytest.mark.parametrize("role", [Role.INSTITUTION_ADMIN, Role.COORDINATOR, Role.ANALYST, Role.ADMIN])
def test_other_roles_read_nothing_by_construction(make_service, role: Role) -> None:
    other = make_service("ops-a", role)
    assert other.list_clients() == [] and other.clients(list(OWN)) == {}
    assert other.inbox("outgoing") == [] and other.referrals(["rf-a1"]) == {}
    with pytest.raises(Forbidden):
        other.register_client({"target_groups": ["bezdomni"]})


def test_consent_expiry_ends_visibility(make_service) -> None:
    a = make_service("ops-a")
    withdrawn = a.record_consent(
        {
            "client_id": "client-a2",
            "institution_id": "ngo-n",
            "basis": "consent",
            "purpose": "poradnictwo",
            "valid_until": dt.date(2026, 6, 30),
        }
    )
    assert withdrawn.active
    ref = a.create_referral(
        {"client_id": "client-a2", "to_institution_id": "ngo-n", "service_id": "ngo-n.porady", "basis": "consent"}
    )
    a.send_referral(ref.id)
    assert "client-a2" in make_service("ngo-n").clients(["client-a2"])
    # the referral's own basis has no end date: withdraw-able consents end it, so withdraw both
    for consent in a.consents_of(["client-a2"])["client-a2"]:
        a.withdraw_consent("client-a2", consent.id)
    assert make_service("ngo-n").clients(["client-a2"]) == {}
    assert make_service("ngo-n").inbox("incoming") == []


def test_valid_until_is_checked_against_today(make_service) -> None:
    a = make_service("ops-a")
    a.record_consent(
        {
            "client_id": "client-a2",
            "institution_id": "ngo-n",
            "basis": "consent",
            "purpose": "x",
            "scope": ["target_groups", "profile"],
            "valid_until": dt.date(2026, 6, 30),
        }
    )
    # link: a referral to the NGO, recorded with a statutory basis that is NOT for the NGO's eyes after June
    ref = a.create_referral(
        {"client_id": "client-a2", "to_institution_id": "ngo-n", "service_id": "ngo-n.porady", "basis": "consent"}
    )
    a.send_referral(ref.id)
    for k in a.consents_of(["client-a2"])["client-a2"]:
        if k.valid_until is None:
            a.withdraw_consent("client-a2", k.id)
    before = make_service("ngo-n").clients(["client-a2"])["client-a2"]
    assert before.birth_year_band == "1950-1959"  # 'profile' in scope
    later = make_service("ngo-n", clock=lambda: dt.datetime(2026, 7, 1, 8, 0))
    assert later.clients(["client-a2"]) == {}


# ---------------------------------------------------------------- referrals


def test_referral_lifecycle_into_a_cis(make_service, net) -> None:
    a, p = make_service("ops-a"), make_service("cis-p")
    # art. 1 ust. 2 uzs: a senior with no group of the act cannot be referred to a CIS
    with pytest.raises(RuleViolation, match=r"^Art\. 1 ust\. 2 ustawy o zatrudnieniu socjalnym: "):
        a.create_referral(
            {"client_id": "client-a2", "to_institution_id": "cis-p", "service_id": "cis-p.reint", "basis": "uzs_art12"}
        )
    ref = a.create_referral(
        {"client_id": "client-a1", "to_institution_id": "cis-p", "service_id": "cis-p.reint", "basis": "uzs_art12"}
    )
    assert (ref.status, ref.step, ref.is_sender, ref.applicant) == ("draft", "application", True, "OSOBA")
    # a draft is invisible to the receiver
    assert p.referrals([ref.id]) == {}
    with pytest.raises(RuleViolation):
        a.send_referral(ref.id)  # art. 12: skierowanie only after wniosek and opinia
    with pytest.raises(RuleViolation):
        a.advance_step(ref.id, ReferralStep.REFERRAL)  # no skipping the opinion
    a.advance_step(ref.id, ReferralStep.OPINION)
    a.advance_step(ref.id, ReferralStep.REFERRAL)
    sent, answer = a.send_referral(ref.id)
    assert (sent.status, answer) == ("requested", Capacity.YES)
    assert p.referrals([ref.id])[ref.id].is_receiver and ref.id in {r.id for r in p.inbox("incoming")}
    assert p.clients(["client-a1"])["client-a1"].target_groups == ["bezdomni", "dlugotrwale-bezrobotni"]
    with pytest.raises(Forbidden):
        a.transition_referral(ref.id, S.ACCEPTED)  # the receiver's move
    with pytest.raises(RuleViolation):
        p.transition_referral(ref.id, S.COMPLETED, ReferralOutcome.EMPLOYED)  # not from requested
    p.transition_referral(ref.id, S.RECEIVED)
    p.transition_referral(ref.id, S.ACCEPTED)
    p.transition_referral(ref.id, S.IN_PROGRESS)
    with pytest.raises(ModelValidationError):
        p.transition_referral(ref.id, S.COMPLETED)  # an outcome is required
    done = p.transition_referral(ref.id, S.COMPLETED, ReferralOutcome.EMPLOYED)
    assert (done.status, done.outcome) == ("completed", "employed") and done.closed_at == NOW
    fixed = p.set_outcome(ref.id, ReferralOutcome.CONTINUES)
    assert fixed.outcome == "continues" and fixed.closed_at == NOW
    with pytest.raises(RuleViolation):
        p.transition_referral(ref.id, S.IN_PROGRESS)  # terminal


def test_sender_cancels_and_receiver_loses_sight(make_service) -> None:
    a, p = make_service("ops-a"), make_service("cis-p")
    assert "rf-a1" in p.referrals(["rf-a1"])
    with pytest.raises(Forbidden):
        p.transition_referral("rf-a1", S.CANCELLED)
    a.transition_referral("rf-a1", S.CANCELLED)
    assert p.referrals(["rf-a1"]) == {} and p.clients(["client-a1"]) == {}


def test_capacity_check_before_sending(make_service) -> None:
    a = make_service("ops-a")
    assert a.capacity("cis-p.reint") is Capacity.YES
    assert a.capacity("cis-p.full") is Capacity.WAITLIST
    assert a.capacity("cis-p.closed") is Capacity.NO
    assert a.capacity("pup-u.staz") is Capacity.YES  # free places not published
    assert a.capacity("no-such-service") is None
    full = a.create_referral(
        {
            "client_id": "client-a1",
            "to_institution_id": "cis-p",
            "service_id": "cis-p.full",
            "basis": "uzs_art12",
            "step": "referral",
        }
    )
    with pytest.raises(RuleViolation):
        a.send_referral(full.id)
    sent, answer = a.send_referral(full.id, accept_waitlist=True)
    assert (sent.status, answer) == ("requested", Capacity.WAITLIST)
    closed = a.create_referral(
        {
            "client_id": "client-a1",
            "to_institution_id": "cis-p",
            "service_id": "cis-p.closed",
            "basis": "uzs_art12",
            "step": "referral",
        }
    )
    with pytest.raises(RuleViolation):
        a.send_referral(closed.id, accept_waitlist=True)


def test_service_must_belong_to_the_receiver(make_service) -> None:
    with pytest.raises(ModelValidationError):
        make_service("ops-a").create_referral(
            {"client_id": "client-a2", "to_institution_id": "cis-p", "service_id": "kis-k.club", "basis": "uzs_art12"}
        )


def test_kis_rule_needs_an_active_social_contract(make_service) -> None:
    a = make_service("ops-a")
    with pytest.raises(RuleViolation, match="kontraktu socjalnego"):
        a.create_referral(
            {"client_id": "client-a2", "to_institution_id": "kis-k", "service_id": "kis-k.club", "basis": "uzs_art18"}
        )
    ok = a.create_referral(
        {"client_id": "client-a1", "to_institution_id": "kis-k", "service_id": "kis-k.club", "basis": "uzs_art18"}
    )
    a.set_plan_status("pl-a1", PlanStatus.TERMINATED)  # the contract ends before sending
    with pytest.raises(RuleViolation, match="kontraktu socjalnego"):
        a.send_referral(ok.id)
    plan = a.create_plan({"client_id": "client-a2", "type": "KONTRAKT_SOCJALNY", **YEAR_2026})
    with pytest.raises(RuleViolation):
        a.add_participant(plan.id, {"institution_id": "kis-k", "role": "klub", "basis": "uzs_art18"})
    a.set_plan_status(plan.id, PlanStatus.ACTIVE)
    joined = a.add_participant(plan.id, {"institution_id": "kis-k", "role": "klub", "basis": "uzs_art18"})
    assert joined.id == plan.id
    assert make_service("kis-k").clients(["client-a2"])["client-a2"].target_groups == ["seniorzy"]


def test_who_may_refer_to_a_cis(make_service) -> None:
    u = make_service("pup-u")  # sees client-a1 (long-term unemployed) through rf-a1x and cs-a1x
    with pytest.raises(RuleViolation, match=r"^Art\. 12 ust\. 2 ustawy o zatrudnieniu socjalnym: "):
        u.create_referral(
            {
                "client_id": "client-a1",
                "to_institution_id": "cis-p",
                "service_id": "cis-p.reint",
                "basis": "uzs_art12",
                "step": "referral",
            }
        )  # a PUP does not opine its own referral
    ref = u.create_referral(
        {
            "client_id": "client-a1",
            "to_institution_id": "cis-p",
            "service_id": "cis-p.reint",
            "basis": "uzs_art12",
            "step": "referral",
            "opinion_by": "ops-a",
        }
    )
    assert (ref.sender_id, ref.opinion_by) == ("pup-u", "ops-a")
    a = make_service("ops-a")
    a.record_consent({"client_id": "client-a2", "institution_id": "pup-u", "basis": "upr_art50", "purpose": "staż"})
    to_pup = a.create_referral(
        {"client_id": "client-a2", "to_institution_id": "pup-u", "service_id": "pup-u.staz", "basis": "upr_art50"}
    )
    a.send_referral(to_pup.id)
    with pytest.raises(RuleViolation, match="długotrwale"):
        u.create_referral(
            {"client_id": "client-a2", "to_institution_id": "cis-p", "service_id": "cis-p.reint", "basis": "uzs_art12"}
        )
    k = make_service("kis-k")
    with pytest.raises(NotVisible):
        k.create_referral(
            {"client_id": "client-a2", "to_institution_id": "cis-p", "service_id": "cis-p.reint", "basis": "uzs_art12"}
        )


def test_compare_and_set_refuses_a_stale_status(make_service, net) -> None:
    p = make_service("cis-p")
    stale = p.referrals(["rf-a1"])["rf-a1"]
    p.transition_referral("rf-a1", S.ACCEPTED)
    with pytest.raises(Conflict):
        p._cas(stale, S.REJECTED, Side.RECEIVER, None, "referral.rejected")


# ---------------------------------------------------------------- consents


def test_only_the_home_institution_records_and_withdraws(make_service) -> None:
    a, p = make_service("ops-a"), make_service("cis-p")
    with pytest.raises(Forbidden):
        p.record_consent({"client_id": "client-a1", "institution_id": "ngo-n", "basis": "consent", "purpose": "x"})
    with pytest.raises(NotVisible):
        a.record_consent({"client_id": "client-o3", "institution_id": "ngo-n", "basis": "consent", "purpose": "x"})
    with pytest.raises(RuleViolation):
        a.withdraw_consent("client-a1", "cs-a1")  # statutory basis (art. 12): not a consent
    with pytest.raises(ModelValidationError):
        a.record_consent(
            {
                "client_id": "client-a1",
                "institution_id": "ngo-n",
                "basis": "consent",
                "purpose": "x",
                "scope": ["everything"],
            }
        )
    with pytest.raises(ModelValidationError):
        a.record_consent({"client_id": "client-a1", "institution_id": "ops-a", "basis": "consent", "purpose": "x"})


# ---------------------------------------------------------------- plans


def test_plan_types_and_the_ipzs_agreement(make_service) -> None:
    a, p = make_service("ops-a"), make_service("cis-p")
    with pytest.raises(RuleViolation):
        p.create_plan({"client_id": "client-a1", "type": "KONTRAKT_SOCJALNY"})  # CIS does not sign a kontrakt
    with pytest.raises(RuleViolation):
        a.create_plan({"client_id": "client-a1", "type": "IPUS"})  # IPUS is a CUS plan
    with pytest.raises(RuleViolation):
        p.create_plan({"client_id": "client-a1", "type": "IPZS", "referral_id": "rf-a1"})  # rf-a1 not yet accepted
    p.transition_referral("rf-a1", S.ACCEPTED)
    ipzs = p.create_plan(
        {"client_id": "client-a1", "type": "IPZS", "referral_id": "rf-a1", "goals": ["reintegracja"], **YEAR_2026}
    )
    assert (ipzs.status, ipzs.responsible_id) == ("draft", "cis-p")
    parts = p.participants_of([ipzs.id])[ipzs.id]
    assert [(x.institution_id, x.role) for x in parts] == [("ops-a", IPZS_AGREEMENT_ROLE)]
    assert a.referrals(["rf-a1"])["rf-a1"].step == "ipzs"
    with pytest.raises(Forbidden):
        p.set_plan_status(ipzs.id, PlanStatus.ACTIVE)  # agreed by the OPS, not by the CIS alone
    assert a.set_plan_status(ipzs.id, PlanStatus.ACTIVE).status == "active"
    with pytest.raises(Forbidden):
        a.set_plan_status(ipzs.id, PlanStatus.COMPLETED)  # the responsible CIS closes it
    assert p.set_plan_status(ipzs.id, PlanStatus.COMPLETED).status == "completed"
    with pytest.raises(RuleViolation):
        p.set_plan_status(ipzs.id, PlanStatus.ACTIVE)


def test_participant_sees_the_plan_but_not_the_clients_other_plans(make_service) -> None:
    a = make_service("ops-a")
    plan = a.create_plan(
        {
            "client_id": "client-a2",
            "type": "KONTRAKT_SOCJALNY",
            "goals": ["mieszkanie"],
            **YEAR_2026,
            "participants": [{"institution_id": "ngo-n", "role": "wsparcie", "basis": "consent"}],
        }
    )
    a.create_plan({"client_id": "client-a2", "type": "KONTRAKT_SOCJALNY", "goals": ["praca"], **YEAR_2026})
    n = make_service("ngo-n")
    assert [x.id for x in n.plans_of(["client-a2"])["client-a2"]] == [plan.id]
    assert n.plans([plan.id])[plan.id].goals == ["mieszkanie"]
    with pytest.raises(Forbidden):
        n.set_plan_status(plan.id, PlanStatus.ACTIVE)


def test_plan_input_forbids_unknown_fields(make_service) -> None:
    with pytest.raises(ModelValidationError):
        make_service("ops-a").create_plan(
            {"client_id": "client-a2", "type": "KONTRAKT_SOCJALNY", "responsible_institution_id": "ops-o"}
        )


# ---------------------------------------------------------------- audit


def test_reads_writes_and_denials_are_audited(make_service, audit) -> None:
    a = make_service("ops-a")
    a.clients(["client-a1", "client-o1"])
    a.create_referral(
        {"client_id": "client-a2", "to_institution_id": "ngo-n", "service_id": "ngo-n.porady", "basis": "consent"}
    )
    events = audit.events()
    kinds = [(e.action, e.outcome) for e in events]
    assert ("client.read", "allowed") in kinds and ("client.read", "denied") in kinds
    assert ("referral.create", "allowed") in kinds
    assert all(e.actor == "u-caseworker-ops-a" and e.institution == "ops-a" and e.role == "caseworker" for e in events)
    denied = next(e for e in events if e.outcome == "denied")
    assert denied.object_pseudonym == audit.pseudonym_of("client-o1")
    text = "\n".join(str(e) for e in events)
    assert "client-o1" not in text and "client-a1" not in text  # only pseudonyms in the trail
    assert audit.verify().ok


# ---------------------------------------------------------------- the write statements themselves


def _status(net, rid: str) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    from graph import model as m
    from graph.writer import get_nodes

    r = get_nodes(net, m.Referral, [rid])[0]
    return r.status.value, None if r.step is None else r.step.value


def test_write_statements_carry_the_scope(net, make_service) -> None:
    """Run the compare-and-set statements directly: out of scope or stale, they write nothing."""
    scope = {"today": NOW.date(), "now": NOW}
    base = {
        "referral_id": "rf-a1",
        "from_status": "requested",
        "to_status": "received",
        "closed_at": None,
        "outcome": None,
        "notified_id": None,
        **scope,
    }
    # the sender may not act as receiver, a stranger not at all, a stale status changes nothing
    assert net.execute("clients_referral_transition", {**base, "side": "receiver", "institution_id": "ops-a"}) == []
    assert net.execute("clients_referral_transition", {**base, "side": "receiver", "institution_id": "ops-o"}) == []
    assert (
        net.execute(
            "clients_referral_transition",
            {**base, "side": "receiver", "institution_id": "cis-p", "from_status": "accepted"},
        )
        == []
    )
    assert _status(net, "rf-a1") == ("requested", "referral")
    done = net.execute("clients_referral_transition", {**base, "side": "receiver", "institution_id": "cis-p"})
    assert done == [{"id": "rf-a1"}] and _status(net, "rf-a1") == ("received", "referral")
    # the IPZS step is the receiving CIS's, and only once accepted
    ipzs = {"referral_id": "rf-a1", "now": NOW, "today": NOW.date()}
    assert net.execute("clients_referral_mark_ipzs", {**ipzs, "institution_id": "cis-p"}) == []
    net.execute(
        "clients_referral_transition",
        {**base, "side": "receiver", "institution_id": "cis-p", "from_status": "received", "to_status": "accepted"},
    )
    assert net.execute("clients_referral_mark_ipzs", {**ipzs, "institution_id": "ops-a"}) == []
    assert net.execute("clients_referral_mark_ipzs", {**ipzs, "institution_id": "cis-p"}) == [{"id": "rf-a1"}]
    assert _status(net, "rf-a1") == ("accepted", "ipzs")
    # procedure steps: only the sender, only on a draft, only from the step it is at
    draft = make_service("ops-a").create_referral(
        {"client_id": "client-a1", "to_institution_id": "cis-p", "service_id": "cis-p.reint", "basis": "uzs_art12"}
    )
    step = {"referral_id": draft.id, "from_step": "application", "to_step": "opinion", "opinion_by": "ops-a", **scope}
    for stranger in ("ops-o", "cis-p"):
        assert net.execute("clients_referral_set_step", {**step, "institution_id": stranger}) == []
    assert net.execute("clients_referral_set_step", {**step, "institution_id": "ops-a", "from_step": "opinion"}) == []
    assert net.execute("clients_referral_set_step", {**step, "institution_id": "ops-a"}) == [{"id": draft.id}]
    assert _status(net, draft.id) == ("draft", "opinion")
    # plans: the responsible institution, or a participant holding the role
    plan = {
        "plan_id": "pl-o8p",
        "from_status": "draft",
        "to_status": "active",
        "role": "wsparcie",
        "approved_by": None,
        "today": NOW.date(),
    }
    assert net.execute("clients_plan_set_status", {**plan, "as_responsible": True, "institution_id": "ops-a"}) == []
    assert (
        net.execute(
            "clients_plan_set_status", {**plan, "as_responsible": False, "institution_id": "ops-a", "role": "inna rola"}
        )
        == []
    )
    assert net.execute("clients_plan_set_status", {**plan, "as_responsible": False, "institution_id": "ops-a"}) == [
        {"id": "pl-o8p"}
    ]
