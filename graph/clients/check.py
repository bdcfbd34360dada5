"""Every statutory rule of :mod:`graph.clients.statute` over a whole graph: ``kooperacja check rules``.

The service refuses a breach when it would be written; this checker finds the
breaches already in a graph (imported, generated, written before a rule
existed).  It reads four whole-graph tables through named queries
(``rules_*``: institutions, clients, referrals, plans) and applies the same
check functions the service does.  Operator tool: it reads every client and
reports only rule ids and object ids.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.clients.rules import IPZS_AGREEMENT_ROLE, PLAN_CREATORS
from graph.clients.statute import (
    RULES,
    Rule,
    basis_covers,
    cis_applicant,
    cis_eligibility,
    cis_issuer,
    cis_opinion,
    cis_served,
    ipus_rules,
    kis_eligibility,
    plan_period,
    zi_missing,
)
from graph.enums import InstitutionType as IT
from graph.enums import LegalBasis, PlanStatus, PlanType, ReferralStatus, ReferralStep
from graph.store.protocol import Store

__all__ = ["Violation", "Flag", "RuleReport", "check_rules", "CHECKED_RULES"]

#: A referral that was withdrawn or refused carries no obligation any more.
_CLOSED_UNSERVED = {ReferralStatus.CANCELLED.value, ReferralStatus.REJECTED.value}
_SENT_STEPS = {ReferralStep.REFERRAL.value, ReferralStep.IPZS.value}


@dataclass(frozen=True)
class Violation:
    rule: str
    object_type: str
    object_id: str

    @property
    def message(self) -> str:
        return RULES[self.rule].message


@dataclass(frozen=True)
class Flag:
    """A gap in the field rather than a wrong record (a ZI lacking a member kind, a gmina without a ZI)."""

    rule: str
    object_type: str
    object_id: str
    detail: str = ""

    @property
    def message(self) -> str:
        return RULES[self.rule].message + (f" Brak: {self.detail}." if self.detail else "")


@dataclass
class RuleReport:
    checked: Counter[str] = field(default_factory=Counter)
    violations: list[Violation] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def by_rule(self) -> Counter[str]:
        return Counter(v.rule for v in self.violations)


@dataclass(frozen=True)
class _Inst:
    type: IT | None
    gmina: str | None
    serves: tuple[str, ...]
    register_id: str | None = None


def _insts(store: Store) -> dict[str, _Inst]:
    out = {}
    for r in store.query("rules_institutions", {}):
        try:
            kind: IT | None = IT(r["type"])
        except ValueError:
            kind = None
        out[r["id"]] = _Inst(kind, r["gmina"], tuple(t for t in (r["serves"] or []) if t), r.get("register_id"))
    return out


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def check_rules(store: Store) -> RuleReport:
    """Run every rule over the whole graph."""
    report = RuleReport()
    insts = _insts(store)
    clients = {r["id"]: r for r in store.query("rules_clients", {})}
    welfare_by_gmina: dict[str, list[str]] = {}
    for iid, inst in sorted(insts.items()):
        if inst.type in (IT.OPS, IT.CUS):
            for g in {inst.gmina, *inst.serves} - {None}:
                welfare_by_gmina.setdefault(str(g), []).append(iid)
    plans = store.query("rules_plans", {})
    contracts: dict[str, list[dict[str, Any]]] = {}
    for p in plans:
        if p["type"] == PlanType.SOCIAL_CONTRACT.value:
            contracts.setdefault(p["client_id"], []).append(p)

    def add(rule: Rule | None, kind: str, oid: str) -> None:
        report.checked[kind] += 0  # keep the key
        if rule is not None:
            report.violations.append(Violation(rule.id, kind, oid))

    for r in store.query("rules_referrals", {}):
        report.checked["referral"] += 1
        for rule in _referral_rules(r, insts, clients, welfare_by_gmina, contracts):
            add(rule, "referral", r["id"])
    for p in plans:
        report.checked["plan"] += 1
        for rule in _plan_rules(p, insts, clients, welfare_by_gmina):
            add(rule, "plan", p["id"])
    report.checked["client"] = len(clients)
    _zi_flags(store, insts, report)
    return report


def _zi_flags(store: Store, insts: dict[str, _Inst], report: RuleReport) -> None:
    """Art. 9a uppd: every gmina with an OPS/CUS has a ZI; each ZI has the prescribed member kinds."""
    covered: set[str] = set()
    for z in store.query("rules_partnerships", {}):
        report.checked["zespół interdyscyplinarny"] += 1
        covered |= {t for t in z["covers"] or [] if t}
        kinds = []
        for t in z["member_types"] or []:
            try:
                kinds.append(IT(t))
            except ValueError:
                continue
        missing = zi_missing(kinds)
        if missing:
            report.flags.append(Flag("zi.composition", "partnership", z["id"], ", ".join(missing)))
    gminas = sorted({i.gmina for i in insts.values() if i.type in (IT.OPS, IT.CUS) and i.gmina})
    for g in gminas:
        if not any(g.startswith(c) for c in covered):
            report.flags.append(Flag("zi.exists", "gmina", g))


def _referral_rules(
    r: dict[str, Any],
    insts: dict[str, _Inst],
    clients: dict[str, dict[str, Any]],
    welfare: dict[str, list[str]],
    contracts: dict[str, list[dict[str, Any]]],
) -> Iterator[Rule | None]:
    sender, receiver = insts[r["sender_id"]], insts[r["receiver_id"]]
    client = clients.get(r["client_id"]) or {}
    groups, rights = client.get("target_groups") or [], client.get("benefit_rights") or []
    residence = client.get("residence_gmina")
    if r["sender_id"] == r["receiver_id"]:
        yield RULES["referral.self"]
    yield (
        RULES["basis.sender_receiver"]
        if r["basis"] is None
        else basis_covers(LegalBasis(r["basis"]), sender.type, receiver.type)
    )
    if r["status"] in _CLOSED_UNSERVED:
        return
    if receiver.type is IT.CIS:
        yield cis_eligibility(groups, rights)
        yield cis_applicant(r["applicant"])
        yield cis_issuer(sender.type, sender.gmina, sender.serves, residence, groups)
        yield cis_served(receiver.gmina, receiver.serves, residence)
        if r["status"] != ReferralStatus.DRAFT.value:
            yield None if r["step"] in _SENT_STEPS else RULES["cis.step"]
            opinion = insts.get(r["opinion_by"] or "", _Inst(None, None, ()))
            yield cis_opinion(opinion.type, opinion.gmina, opinion.serves, residence)
            if sender.type is IT.PUP:
                yield None if r["notified_id"] in welfare.get(residence or "", []) else RULES["cis.notice"]
    if receiver.type is IT.KIS:
        yield None if receiver.register_id else RULES["kis.register"]
        yield kis_eligibility(rights)
        when = _date(r["created_at"])
        live = [
            p
            for p in contracts.get(r["client_id"], [])
            if p["status"] in (PlanStatus.ACTIVE.value, PlanStatus.COMPLETED.value)
            and (p["starts_on"] is None or when is None or p["starts_on"] <= when)
            and (p["ends_on"] is None or when is None or p["ends_on"] >= when)
        ]
        yield None if live else RULES["kis.contract"]


def _plan_rules(
    p: dict[str, Any], insts: dict[str, _Inst], clients: dict[str, dict[str, Any]], welfare: dict[str, list[str]]
) -> Iterator[Rule | None]:
    kind = PlanType(p["type"])
    responsible = insts[p["responsible_id"]]
    if responsible.type not in PLAN_CREATORS[kind] and kind is PlanType.IPUS:
        yield RULES["ipus.cus_only"]
    yield plan_period(kind, p["starts_on"], p["ends_on"], p["extension_months"])
    if kind is PlanType.IPUS:
        yield ipus_rules(
            p["applied_on"],
            p["starts_on"],
            p["coordination_months"],
            p["approved_by"],
            activating=p["status"] in (PlanStatus.ACTIVE.value, PlanStatus.COMPLETED.value),
        )
    if kind is PlanType.IPZS:
        residence = (clients.get(p["client_id"]) or {}).get("residence_gmina")
        agreeing = {x["id"] for x in p["participants"] or [] if x and x.get("role") == IPZS_AGREEMENT_ROLE}
        yield None if agreeing & set(welfare.get(residence or "", [])) else RULES["ipzs.agreed"]


#: Which objects each rule looks at (for the table in RULES.md and the CLI listing).
CHECKED_RULES = (
    "referral.self",
    "basis.sender_receiver",
    "cis.group",
    "cis.excluded",
    "cis.applicant",
    "cis.residence",
    "cis.issuer",
    "cis.pup_ltu",
    "cis.ltu_by_pup",
    "cis.served_gmina",
    "cis.step",
    "cis.opinion",
    "cis.notice",
    "kis.excluded",
    "kis.contract",
    "kis.register",
    "ipus.cus_only",
    "plan.period",
    "ipzs.duration",
    "ipus.duration",
    "contract.duration",
    "ipus.need",
    "ipus.within_30_days",
    "ipus.approved",
    "ipzs.agreed",
)
