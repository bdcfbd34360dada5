"""The statutory rules (graph/clients/statute.py) on both stores: each accepted and refused, the refusal in
Polish citing its article.  The network is tests/clients/clientnet.py: OPS A and CIS P in gmina 041501,
OPS O and CUS C in 041502, PUP U serving powiat 0415, CIS P serving 041501 and (by agreement) 041502."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from graph import model as m
from graph.clients.errors import RuleViolation
from graph.clients.statute import RULES
from graph.enums import InstitutionType as IT
from graph.enums import PlanStatus, ReferralStep
from graph.enums import ReferralStatus as S
from graph.errors import ModelValidationError
from graph.writer import Batch, get_nodes, write_batch

CIS = {"to_institution_id": "cis-p", "service_id": "cis-p.reint", "basis": "uzs_art12"}
PERIOD = {"starts_on": dt.date(2026, 3, 1), "ends_on": dt.date(2027, 2, 28)}


def refused(rule_id: str) -> pytest.RaisesContext[RuleViolation]:
    """A refusal with exactly that rule's Polish message, which starts with its article."""
    message = RULES[rule_id].message
    assert message.startswith("Art. ") and RULES[rule_id].article in message
    return pytest.raises(RuleViolation, match="^" + re.escape(message) + "$")


def register(svc, groups: list[str], residence: str | None = "041501", rights: tuple[str, ...] = ()) -> str:
    view, _dup = svc.register_client(
        {"target_groups": groups, "residence_gmina": residence, "benefit_rights": list(rights)}
    )
    return view.id


# ------------------------------------------------------------------ art. 1 ust. 2–3a


def test_target_groups_and_exclusions(make_service) -> None:
    a = make_service("ops-a")
    with refused("cis.group"):
        a.create_referral({"client_id": "client-a2", **CIS})  # a senior: no group of the act
    retired = register(a, ["bezdomni"], rights=("emerytura",))
    with refused("cis.excluded"):
        a.create_referral({"client_id": retired, **CIS})
    homeless = register(a, ["bezdomni"])
    assert a.create_referral({"client_id": homeless, **CIS}).status == "draft"


def test_kis_admits_a_disability_pensioner_but_not_a_retiree(make_service) -> None:
    a = make_service("ops-a")
    kis = {"to_institution_id": "kis-k", "service_id": "kis-k.club", "basis": "uzs_art18"}
    for rights, ok in ((("renta-z-tytulu-niezdolnosci",), True), (("emerytura",), False)):
        cid = register(a, ["bezdomni"], rights=rights)
        plan = a.create_plan({"client_id": cid, "type": "KONTRAKT_SOCJALNY", **PERIOD})
        a.set_plan_status(plan.id, PlanStatus.ACTIVE)
        if ok:
            assert a.create_referral({"client_id": cid, **kis}).receiver_id == "kis-k"
        else:
            with refused("kis.excluded"):
                a.create_referral({"client_id": cid, **kis})


def test_benefit_rights_come_from_the_act(make_service) -> None:
    with pytest.raises(ModelValidationError, match=r"art\. 1 ust\. 3"):
        register(make_service("ops-a"), ["bezdomni"], rights=("renta-socjalna",))  # pkt 4 repealed


# ------------------------------------------------------------------ art. 12: who applies, opines, refers


def test_who_may_apply(make_service) -> None:
    a = make_service("ops-a")
    cid = register(a, ["bezdomni"])
    with pytest.raises(ModelValidationError, match=r"art\. 12 ust\. 1"):
        a.create_referral({"client_id": cid, **CIS, "applicant": IT.SCHOOL.value})
    for applicant in ("OSOBA", IT.PCPR.value, IT.NGO.value, IT.HEALTH.value):
        assert a.create_referral({"client_id": cid, **CIS, "applicant": applicant}).applicant == applicant


def test_the_issuer_is_the_ops_of_residence_or_the_pup(make_service, net) -> None:
    a, u = make_service("ops-a"), make_service("pup-u")
    with refused("cis.residence"):  # a PUP registration states no residence (an OPS's defaults to its gmina)
        u.create_referral(
            {
                "client_id": register(u, ["dlugotrwale-bezrobotni"], residence=None),
                **CIS,
                "step": "referral",
                "opinion_by": "ops-a",
            }
        )
    defaulted = register(a, ["bezdomni"], residence=None)  # art. 101 ups: OPS A serves the residents of 041501
    assert get_nodes(net, m.Client, [defaulted])[0].residence_gmina == "041501"
    with refused("cis.issuer"):
        a.create_referral({"client_id": register(a, ["bezdomni"], residence="041502"), **CIS})  # OPS O's resident
    with refused("cis.ltu_by_pup"):
        a.create_referral({"client_id": register(a, ["dlugotrwale-bezrobotni"]), **CIS})  # only long-term unemployed
    assert (
        a.create_referral({"client_id": register(a, ["dlugotrwale-bezrobotni", "bezdomni"]), **CIS}).sender_id
        == "ops-a"
    )


def test_the_opinion_comes_from_the_ops_of_residence(make_service) -> None:
    a = make_service("ops-a")
    cid = register(a, ["bezdomni"])
    ref = a.create_referral({"client_id": cid, **CIS})
    with refused("cis.opinion"):
        a.advance_step(ref.id, ReferralStep.OPINION, "ops-o")  # OPS O is not competent for 041501
    assert a.advance_step(ref.id, ReferralStep.OPINION).opinion_by == "ops-a"


def test_send_needs_the_referral_step_and_a_pup_referral_is_notified(make_service) -> None:
    a, u = make_service("ops-a"), make_service("pup-u")
    ref = a.create_referral({"client_id": "client-a1", **CIS})
    with refused("cis.step"):
        a.send_referral(ref.id)
    pup = u.create_referral({"client_id": "client-a1", **CIS, "step": "referral", "opinion_by": "ops-a"})
    sent, _ = u.send_referral(pup.id)
    assert (sent.status, sent.notified_id) == ("requested", "ops-a")
    assert a.referrals([pup.id])[pup.id].notified_id == "ops-a"


def test_a_cis_serves_its_gminas_only(make_service, net) -> None:
    b = Batch()
    b.add(m.Institution, [m.Institution(id="cis-q", name="CIS Q", type=IT.CIS, gmina="041502")])
    b.add(m.Service, [m.Service(id="cis-q.reint", name="Reintegracja", status="active")])
    b.add(m.Offers, [m.Offers(src="cis-q", dst="cis-q.reint")]).add(m.Serves, [m.Serves(src="cis-q", dst="041502")])
    write_batch(net, b)
    a = make_service("ops-a")
    with refused("cis.served_gmina"):
        a.create_referral(
            {"client_id": "client-a1", "to_institution_id": "cis-q", "service_id": "cis-q.reint", "basis": "uzs_art12"}
        )
    assert a.create_referral({"client_id": "client-a1", **CIS}).receiver_id == "cis-p"  # by agreement / own gmina


# ------------------------------------------------------------------ plans: art. 12 ust. 4, art. 13, IPUS, kontrakt


def test_ipzs_is_agreed_with_the_ops_of_residence_and_lasts_12_plus_6_months(make_service) -> None:
    p = make_service("cis-p")
    p.transition_referral("rf-a1", S.ACCEPTED)
    long = {"starts_on": dt.date(2026, 3, 1), "ends_on": dt.date(2027, 8, 31)}
    with refused("ipzs.duration"):
        p.create_plan({"client_id": "client-a1", "type": "IPZS", "referral_id": "rf-a1", **long})
    ipzs = p.create_plan(
        {"client_id": "client-a1", "type": "IPZS", "referral_id": "rf-a1", **long, "extension_months": 6}
    )
    assert [x.institution_id for x in p.participants_of([ipzs.id])[ipzs.id]] == ["ops-a"]


def test_plans_are_dated_and_a_contract_is_not_for_ten_years(make_service) -> None:
    a = make_service("ops-a")
    with refused("plan.period"):
        a.create_plan({"client_id": "client-a2", "type": "KONTRAKT_SOCJALNY"})
    with refused("contract.duration"):
        a.create_plan(
            {
                "client_id": "client-a2",
                "type": "KONTRAKT_SOCJALNY",
                "starts_on": dt.date(2026, 1, 1),
                "ends_on": dt.date(2035, 12, 31),
            }
        )
    assert a.create_plan({"client_id": "client-a2", "type": "KONTRAKT_SOCJALNY", **PERIOD}).status == "draft"


def test_ipus_rules(make_service) -> None:
    c = make_service("cus-c")
    cid = register(c, ["niepelnosprawni"], residence="041502")
    ok = {
        "client_id": cid,
        "type": "IPUS",
        "applied_on": dt.date(2026, 2, 10),
        "coordination_months": 6,
        "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2027, 2, 28),
    }
    for rule, bad in (
        ("ipus.need", {"coordination_months": 2}),
        ("ipus.within_30_days", {"applied_on": dt.date(2026, 1, 2)}),
        ("ipus.duration", {"ends_on": dt.date(2027, 6, 30)}),
    ):
        with refused(rule):
            c.create_plan({**ok, **bad})
    with refused("ipus.cus_only"):
        make_service("ops-a").create_plan({**ok, "client_id": "client-a2"})
    plan = c.create_plan(ok)
    with refused("ipus.approved"):
        c.set_plan_status(plan.id, PlanStatus.ACTIVE)
    active = c.set_plan_status(plan.id, PlanStatus.ACTIVE, approved_by="organizator usług społecznych")
    assert (active.status, active.approved_by) == ("active", "organizator usług społecznych")


# ------------------------------------------------------------------ legal bases


def test_the_basis_must_cover_sender_and_receiver(make_service) -> None:
    a, p = make_service("ops-a"), make_service("cis-p")
    pup = {"to_institution_id": "pup-u", "service_id": "pup-u.staz"}
    with refused("basis.sender_receiver"):
        a.create_referral({"client_id": "client-a2", **pup, "basis": "uzs_art18"})  # a KIS basis, no KIS
    assert a.create_referral({"client_id": "client-a2", **pup, "basis": "upr_art50"}).basis == "upr_art50"
    # onward: CIS P received client-a1 and may not pass it on on a social-assistance or ZI basis
    ngo = {"client_id": "client-a1", "to_institution_id": "ngo-n", "service_id": "ngo-n.porady"}
    for basis in ("ups_art100", "upd_art9c"):
        with refused("basis.sender_receiver"):
            p.create_referral({**ngo, "basis": basis})
    onward = p.create_referral({**ngo, "basis": "consent"})
    assert onward.id in a.referrals([onward.id])  # the registering OPS sees every onward referral


def test_rule_queries_on_both_stores(net) -> None:
    facts = net.query("clients_institution_facts", {"institution_id": "pup-u"})
    assert [(r["type"], sorted(r["serves"])) for r in facts] == [("PUP", ["0415"])]
    assert [r["id"] for r in net.query("clients_competent_welfare", {"gmina": "041502"})] == ["cus-c", "ops-o"]
    rows = net.query(
        "clients_rule_facts", {"client_id": "client-a1", "institution_id": "cis-p", "today": dt.date(2026, 3, 1)}
    )
    assert [(r["residence_gmina"], sorted(r["target_groups"])) for r in rows] == [
        ("041501", ["bezdomni", "dlugotrwale-bezrobotni"])
    ]
    assert (
        net.query(
            "clients_rule_facts", {"client_id": "client-a1", "institution_id": "ops-o", "today": dt.date(2026, 3, 1)}
        )
        == []
    )


def test_a_pup_refers_only_the_long_term_unemployed(make_service) -> None:
    a, u = make_service("ops-a"), make_service("pup-u")
    homeless, jobless = register(a, ["bezdomni"]), register(a, ["dlugotrwale-bezrobotni"])
    for cid in (homeless, jobless):  # OPS A shares both with the PUP (a referral to its staż)
        sent = a.create_referral(
            {"client_id": cid, "to_institution_id": "pup-u", "service_id": "pup-u.staz", "basis": "upr_art50"}
        )
        a.send_referral(sent.id)
    with refused("cis.pup_ltu"):
        u.create_referral({"client_id": homeless, **CIS, "step": "referral", "opinion_by": "ops-a"})
    ref = u.create_referral({"client_id": jobless, **CIS, "step": "referral", "opinion_by": "ops-a"})
    assert ref.sender_id == "pup-u"


def test_a_kis_without_a_register_entry_takes_nobody(make_service, net) -> None:
    b = Batch()
    b.add(m.Institution, [m.Institution(id="kis-u", name="KIS bez wpisu", type=IT.KIS, gmina="041501")])
    b.add(m.Service, [m.Service(id="kis-u.club", name="Klub", status="active")])
    b.add(m.Offers, [m.Offers(src="kis-u", dst="kis-u.club")])
    write_batch(net, b)
    a = make_service("ops-a")  # client-a1 has an active kontrakt socjalny (pl-a1)
    with refused("kis.register"):
        a.create_referral(
            {"client_id": "client-a1", "to_institution_id": "kis-u", "service_id": "kis-u.club", "basis": "uzs_art18"}
        )
    ok = a.create_referral(
        {"client_id": "client-a1", "to_institution_id": "kis-k", "service_id": "kis-k.club", "basis": "uzs_art18"}
    )
    assert ok.receiver_id == "kis-k"
