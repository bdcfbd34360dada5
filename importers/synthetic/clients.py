"""Pseudonymous clients, their plans, referrals and the bases for sharing them.

Procedures follow docs/domain.md:

* every client is registered at the OPS/CUS of their gmina; about half work
  with it under a kontrakt socjalny (an IPUS in some CUS clients);
* CIS (art. 12 uzs): application → social worker's opinion → referral issued
  by the OPS/CUS, or by the PUP for the long-term unemployed → admission after
  an IPZS agreed with the OPS; each referral's ``step`` is how far it got;
* KIS (art. 18 uzs): only for clients with a kontrakt socjalny;
* other referrals (PUP, therapy, ŚDS, DPS, OIK, NGOs…) by the institution a
  client would really be sent from, to a provider serving the client's gmina;
* each institution that receives a client gets a Consent node with the legal
  basis of the referral (consent or the statute), as in ``importers/demo.py``.

Outcomes are plausible (took up a job, became independent, resigned,
interrupted, continues) and dates stay before :data:`NOW`.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from graph import model as m
from graph.clients.statute import CIS_GROUPS, basis_covers, cis_eligibility, cis_served, kis_eligibility
from graph.enums import InstitutionType as IT
from graph.enums import LegalBasis as LB
from graph.enums import PlanStatus, PlanType, ReferralOutcome, ReferralStatus, ReferralStep
from importers.synthetic.geography import Geography, stable_rng
from importers.synthetic.institutions import Inst, Layer
from importers.synthetic.rows import Rows

__all__ = ["CLIENT_RATE", "NOW", "clients_for_gmina", "expected_clients"]

#: Clients per inhabitant: about 1,000,000 for Poland.
CLIENT_RATE = 0.0267
NOW = dt.datetime(2026, 1, 15, 12, 0)
_START = dt.datetime(2019, 1, 2, 8, 0)
_REGISTRATION_DAYS = (dt.datetime(2025, 9, 30) - _START).days

# (group, weight as the first group)
_GROUPS: list[tuple[str, float]] = [
    ("dlugotrwale-bezrobotni", 0.34),
    ("rodziny-z-dziecmi", 0.2),
    ("niepelnosprawni", 0.14),
    ("seniorzy", 0.12),
    ("uzaleznieni-alkohol", 0.07),
    ("chorzy-psychicznie", 0.05),
    ("ofiary-przemocy", 0.03),
    ("bezdomni", 0.025),
    ("uzaleznieni-narkotyki", 0.01),
    ("zwalniani-z-zakladow-karnych", 0.01),
    ("uchodzcy", 0.01),
    ("usamodzielniani", 0.005),
]
_GROUP_NAMES = [g for g, _ in _GROUPS]
_GROUP_WEIGHTS = [w for _, w in _GROUPS]
_CIS_GROUPS = CIS_GROUPS  # art. 1 ust. 2 uzs
#: Retirement age cohorts of seniors have a right to emerytura (art. 1 ust. 3 pkt 7 uzs excludes them).
_RETIRED_DECADES = (1940, 1950)
_KIS_GROUPS = frozenset({"dlugotrwale-bezrobotni", "bezdomni", "uzaleznieni-alkohol", "uzaleznieni-narkotyki"})
_GOALS = {
    "dlugotrwale-bezrobotni": "aktywizacja zawodowa",
    "rodziny-z-dziecmi": "poprawa funkcjonowania rodziny",
    "niepelnosprawni": "rehabilitacja społeczna",
    "seniorzy": "wsparcie w codziennym funkcjonowaniu",
    "uzaleznieni-alkohol": "utrzymanie abstynencji",
    "uzaleznieni-narkotyki": "utrzymanie abstynencji",
    "chorzy-psychicznie": "stabilizacja zdrowia psychicznego",
    "ofiary-przemocy": "bezpieczeństwo rodziny",
    "bezdomni": "wyjście z bezdomności",
    "zwalniani-z-zakladow-karnych": "reintegracja po odbyciu kary",
    "uchodzcy": "integracja w społeczności lokalnej",
    "usamodzielniani": "usamodzielnienie",
}
# Referral weights for an outcome: (outcome, weight)
_LABOUR_OUTCOMES = [("employed", 0.34), ("continues", 0.18), ("resigned", 0.2), ("interrupted", 0.14), ("other", 0.14)]
_SOCIAL_OUTCOMES = [("independent", 0.3), ("continues", 0.3), ("other", 0.18), ("resigned", 0.12), ("interrupted", 0.1)]
_CIS_OUTCOMES = [("employed", 0.38), ("independent", 0.15), ("resigned", 0.22), ("interrupted", 0.15), ("other", 0.1)]

# A pathway: (name, groups that make it possible (empty = anyone), weight, basis, template keys)
_PATHWAYS: list[tuple[str, frozenset[str], float, LB, tuple[str, ...]]] = [
    (
        "pup",
        frozenset({"dlugotrwale-bezrobotni"}),
        1.4,
        LB.CONSENT,
        ("pup.posrednictwo", "pup.doradztwo", "pup.szkolenia", "pup.staz", "ngo.aktywizacja"),
    ),
    ("psu", frozenset({"dlugotrwale-bezrobotni"}), 0.35, LB.LABOUR_MARKET, ("pup.psu",)),
    (
        "therapy",
        frozenset({"uzaleznieni-alkohol", "uzaleznieni-narkotyki"}),
        1.3,
        LB.CONSENT,
        ("zdrowie.terapia", "ngo.grupa-wsparcia", "gkrpa.punkt-konsultacyjny", "gkrpa.motywacja"),
    ),
    (
        "mental",
        frozenset({"chorzy-psychicznie"}),
        1.3,
        LB.SOCIAL_ASSISTANCE,
        ("sds.wsparcie", "zdrowie.pzp", "zdrowie.centrum-zp", "wtz.terapia", "ops.specjalistyczne-uslugi", "sds.klub"),
    ),
    (
        "care",
        frozenset({"seniorzy"}),
        1.3,
        LB.SOCIAL_ASSISTANCE,
        (
            "ops.uslugi-opiekuncze",
            "dps.opieka",
            "dps.dzienny",
            "ngo.seniorzy",
            "zdrowie.opieka-dlugoterminowa",
            "ops.wolontariat-senioralny",
        ),
    ),
    (
        "disability",
        frozenset({"niepelnosprawni"}),
        1.2,
        LB.CONSENT,
        (
            "pcpr.pfron",
            "ngo.niepelnosprawni",
            "wtz.terapia",
            "zaz.zatrudnienie",
            "zdrowie.rehabilitacja",
            "ppp.wczesne-wspomaganie",
        ),
    ),
    (
        "violence",
        frozenset({"ofiary-przemocy"}),
        1.5,
        LB.INTERDISCIPLINARY_TEAM,
        ("oik.interwencja", "ngo.przemoc", "pcpr.poradnictwo", "ops.niebieska-karta"),
    ),
    (
        "family",
        frozenset({"rodziny-z-dziecmi"}),
        1.2,
        LB.SOCIAL_ASSISTANCE,
        ("ops.asystent-rodziny", "ppp.diagnoza", "ngo.swietlica", "pcpr.poradnictwo", "szkola.pedagog", "ops.posilek"),
    ),
    (
        "homeless",
        frozenset({"bezdomni"}),
        1.5,
        LB.SOCIAL_ASSISTANCE,
        ("ngo.schronisko", "ops.mieszkanie-chronione", "ngo.bank-zywnosci"),
    ),
    (
        "release",
        frozenset({"zwalniani-z-zakladow-karnych"}),
        1.2,
        LB.CONSENT,
        ("ops.praca-socjalna", "ngo.aktywizacja", "zdrowie.terapia"),
    ),
    (
        "refugees",
        frozenset({"uchodzcy"}),
        1.2,
        LB.CONSENT,
        ("pcpr.integracja-cudzoziemcow", "ngo.cudzoziemcy", "szkola.integracja", "ngo.porady-prawne"),
    ),
    (
        "leaving-care",
        frozenset({"usamodzielniani"}),
        1.2,
        LB.SOCIAL_ASSISTANCE,
        ("pcpr.piecza", "ops.mieszkanie-chronione"),
    ),
    (
        "general",
        frozenset(),
        0.45,
        LB.CONSENT,
        ("ops.praca-socjalna", "ops.zasilki", "ops.poradnictwo", "ngo.porady-prawne", "ngo.bank-zywnosci"),
    ),
]
_REFERRAL_COUNTS = (1, 2, 3, 4, 5, 6)
_REFERRAL_COUNT_WEIGHTS = (0.2, 0.25, 0.2, 0.15, 0.1, 0.1)  # mean 3.0
_PURPOSE = {
    LB.CONSENT: "realizacja skierowania",
    LB.CIS_REFERRAL: "skierowanie do CIS i uzgodnienie IPZS",
    LB.KIS: "uczestnictwo w KIS w ramach kontraktu socjalnego",
    LB.INTERDISCIPLINARY_TEAM: "działania zespołu interdyscyplinarnego",
    LB.SOCIAL_ASSISTANCE: "realizacja zadań pomocy społecznej",
    LB.LABOUR_MARKET: "prace społecznie użyteczne",
    LB.CUS_PLAN: "realizacja indywidualnego planu usług społecznych",
}


def expected_clients(population: int) -> float:
    return population * CLIENT_RATE


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(96):024x}"


@dataclass(slots=True)
class _Near:
    """Providers near one gmina: template key → [(institution id, service id)]."""

    offers: dict[str, list[tuple[str, str]]]
    pup: str | None
    police: str | None
    court: str | None
    gkrpa: str | None
    has_cis: bool = False
    has_kis: bool = False
    _available: dict[str, list[str]] = field(default_factory=dict)

    def available(self, pathway: str, keys: tuple[str, ...]) -> list[str]:
        """Template keys of ``pathway`` with a provider near (fallback: the OPS/CUS itself)."""
        found = self._available.get(pathway)
        if found is None:
            found = [k for k in keys if k in self.offers]
            if not found:
                found = [k for k in ("ops.praca-socjalna", "ops.zasilki", "cus.ipus") if k in self.offers]
            self._available[pathway] = found
        return found

    @classmethod
    def of(cls, layer: Layer, geo: Geography, gmina: str) -> _Near:
        g = geo.gminas[gmina]
        local, powiat, woj = layer.offers.get(gmina, {}), layer.offers.get(g.powiat, {}), layer.offers.get(g.woj, {})
        keys = sorted({*local, *powiat, *woj})
        offers = {k: (list(local.get(k, ())) + list(powiat.get(k, ()))) or list(woj.get(k, ())) for k in keys}

        def first(t: IT) -> str | None:
            for code in (gmina, g.powiat):
                ids = layer.serving.get(code, {}).get(t)
                if ids:
                    return ids[0]
            return None

        # art. 12 ust. 5 uzs: only a CIS serving the gmina (run, funded or by agreement) takes its residents
        if "cis.reintegracja" in offers:
            cis = [
                x
                for x in offers["cis.reintegracja"]
                if cis_served(layer.institutions[x[0]].gmina, layer.institutions[x[0]].serves, gmina) is None
            ]
            if cis:
                offers["cis.reintegracja"] = cis
            else:
                del offers["cis.reintegracja"]
        return cls(
            offers,
            first(IT.PUP),
            first(IT.POLICE),
            first(IT.COURT),
            first(IT.GKRPA),
            has_cis="cis.reintegracja" in offers,
            has_kis="kis.reintegracja" in offers,
        )


class _Dist:
    """A fixed discrete distribution sampled with one ``random()`` and a bisection."""

    __slots__ = ("cum", "values")

    def __init__(self, options: Sequence[tuple[Any, float]]):
        self.values = [o for o, _ in options]
        self.cum = list(accumulate(w for _, w in options))

    def draw(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cum, rng.random() * self.cum[-1])]


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return _Dist(options).draw(rng)


_GROUP_DIST = _Dist(_GROUPS)
_COUNT_DIST = _Dist(list(zip(_REFERRAL_COUNTS, _REFERRAL_COUNT_WEIGHTS, strict=True)))
_OUTCOME_DISTS = {id(o): _Dist(o) for o in (_LABOUR_OUTCOMES, _SOCIAL_OUTCOMES, _CIS_OUTCOMES)}
_PATHWAY_BY_NAME = {p[0]: p for p in _PATHWAYS}
_OPTIONS_CACHE: dict[tuple[frozenset[str], bool, bool], _Dist] = {}


def _options(groups: frozenset[str], cis: bool, kis: bool) -> _Dist:
    key = (groups, cis, kis)
    found = _OPTIONS_CACHE.get(key)
    if found is None:
        options: list[tuple[str, float]] = []
        if cis:
            options.append(("cis", 0.55))
        if kis:
            options.append(("kis", 0.8))
        for name, needs, weight, _basis, _keys in _PATHWAYS:
            if not needs or groups & needs:
                options.append((name, weight))
        found = _OPTIONS_CACHE[key] = _Dist(options)
    return found


class _ClientWriter:
    """Appends the rows of one gmina's clients."""

    def __init__(
        self,
        rows: Rows,
        home: str,
        home_type: IT,
        near: _Near,
        rng: random.Random,
        gmina: str = "",
        institutions: dict[str, Inst] | None = None,
    ):
        self.home, self.home_type, self.near, self.rng = home, home_type, near, rng
        self.gmina = gmina  # the clients' gmina of residence (their home OPS/CUS is competent for it)
        self.institutions = institutions or {}

        self.clients = rows[m.Client]
        self.registered = rows[m.RegisteredAt]
        self.plans = rows[m.Plan]
        self.plan_for = rows[m.PlanFor]
        self.responsible = rows[m.ResponsibleFor]
        self.participates = rows[m.ParticipatesIn]
        self.referrals = rows[m.Referral]
        self.for_client = rows[m.ForClient]
        self.sent_by = rows[m.SentBy]
        self.sent_to = rows[m.SentTo]
        self.for_service = rows[m.ForService]
        self.consents = rows[m.Consent]
        self.consent_of = rows[m.ConsentOf]
        self.consent_for = rows[m.ConsentFor]

    def _type(self, institution_id: str) -> IT | None:
        found = self.institutions.get(institution_id)
        return None if found is None else found.type

    # ------------------------------------------------------------ one client
    def client(self) -> None:
        rng = self.rng
        cid = "cl-" + _hex(rng)
        first = _GROUP_DIST.draw(rng)
        groups = {first}
        if rng.random() < 0.45:
            groups.add(_GROUP_DIST.draw(rng))
        if rng.random() < 0.1:
            groups.add(rng.choice(_GROUP_NAMES))
        if "seniorzy" in groups:
            decade = rng.choice((1940, 1950, 1950, 1960))
        elif "usamodzielniani" in groups:
            decade = 2000
        else:
            decade = rng.choice((1960, 1970, 1980, 1980, 1990, 1990, 2000))
        registered = _START + dt.timedelta(
            days=rng.randrange(_REGISTRATION_DAYS), hours=rng.randint(0, 7), minutes=rng.randrange(60)
        )
        target_groups = sorted(groups)
        rights = ["emerytura"] if "seniorzy" in groups and decade in _RETIRED_DECADES else []
        self.clients.append(
            {
                "id": cid,
                "birth_year_band": f"{decade}-{decade + 9}",
                "sex": "F" if rng.random() < 0.52 else "M",
                "target_groups": target_groups,
                "pesel_hash": None,
                "registered_at": registered,
                "residence_gmina": self.gmina or None,
                "benefit_rights": rights,
            }
        )
        self.registered.append({"src": cid, "dst": self.home})
        contract = self._contract(cid, registered, groups)
        when = registered
        granted: set[tuple[str, str]] = set()
        frozen = frozenset(groups)
        for _ in range(_COUNT_DIST.draw(rng)):
            when = when + dt.timedelta(days=rng.randint(3, 90), hours=rng.randint(0, 6))
            if when >= NOW:
                break
            self._referral(cid, frozen, when, contract, granted, rights)

    def _contract(self, cid: str, registered: dt.datetime, groups: set[str]) -> tuple[dt.date, dt.date] | None:
        """A kontrakt socjalny (or IPUS) with the home institution; returns its period."""
        rng = self.rng
        if groups == {"seniorzy"} or rng.random() > 0.55:
            return None
        ipus = self.home_type is IT.CUS and rng.random() < 0.5
        starts = registered.date() + dt.timedelta(days=rng.randint(5, 40))
        ends = starts + dt.timedelta(days=rng.randint(90, 365))
        today = NOW.date()
        if starts >= today:
            return None
        status = (
            PlanStatus.ACTIVE
            if ends >= today
            else (PlanStatus.COMPLETED if rng.random() < 0.75 else PlanStatus.TERMINATED)
        )
        pid = "pl-" + _hex(rng)
        # IPUS (ustawa o CUS): applied for two weeks before, ≥ 3 months of coordination, approved
        ipus_facts = (
            {
                "applied_on": starts - dt.timedelta(days=14),
                "coordination_months": max(3, (ends - starts).days // 30),
                "approved_by": "organizator usług społecznych",
            }
            if ipus
            else {}
        )
        self.plans.append(
            {
                "id": pid,
                "type": (PlanType.IPUS if ipus else PlanType.SOCIAL_CONTRACT).value,
                "status": status.value,
                "starts_on": starts,
                "ends_on": ends,
                "goals": sorted({_GOALS[g] for g in groups}),
                **ipus_facts,
            }
        )
        self.plan_for.append({"src": pid, "dst": cid})
        self.responsible.append({"src": pid, "dst": self.home})
        if self.near.pup and "dlugotrwale-bezrobotni" in groups and rng.random() < 0.3:
            self.participates.append(
                {"src": self.near.pup, "dst": pid, "role": "partner kontraktu (aktywizacja zawodowa)"}
            )
        # a KIS needs a kontrakt being carried out (art. 18 ust. 4 uzs): a terminated one does not count
        return None if ipus or status is PlanStatus.TERMINATED else (starts, ends)

    # ------------------------------------------------------------ referrals
    def _referral(
        self,
        cid: str,
        groups: frozenset[str],
        when: dt.datetime,
        contract: tuple[dt.date, dt.date] | None,
        granted: set[tuple[str, str]],
        rights: Sequence[str] = (),
    ) -> None:
        rng = self.rng
        near = self.near
        # art. 1 ust. 2–3 uzs; a person who is only long-term unemployed is referred by the PUP (art. 12 ust. 1)
        cis = (
            near.has_cis
            and cis_eligibility(groups, rights) is None
            and (groups & _CIS_GROUPS != {"dlugotrwale-bezrobotni"} or near.pup is not None)
        )
        kis = (
            contract is not None
            and bool(groups & _KIS_GROUPS)
            and near.has_kis
            and kis_eligibility(rights) is None
            and contract[0] <= when.date() <= contract[1]
        )
        choice = _options(groups, cis, kis).draw(rng)
        if choice == "cis":
            self._cis(cid, groups, when, granted)
            return
        if choice == "kis":
            provider = rng.choice(near.offers["kis.reintegracja"])
            status, outcome, closed = _status(rng, when, _SOCIAL_OUTCOMES)
            self._write(cid, self.home, provider, LB.KIS, None, status, outcome, when, closed, granted)
            return
        _, _, _, basis, keys = _PATHWAY_BY_NAME[choice]
        available = near.available(choice, keys)
        if not available:
            return
        provider = rng.choice(near.offers[rng.choice(available)])
        sender = self.home  # for PUP services and PSU the OPS refers or lists the person
        if choice == "violence" and near.police and rng.random() < 0.4:
            sender = near.police  # Niebieska Karta started by the police
        elif choice == "release" and near.court and rng.random() < 0.5:
            sender = near.court
        elif choice == "therapy" and near.gkrpa and rng.random() < 0.3:
            sender = near.gkrpa
        if sender == provider[0]:
            sender = self.home
        outcomes = _LABOUR_OUTCOMES if choice in ("pup", "psu") else _SOCIAL_OUTCOMES
        status, outcome, closed = _status(rng, when, outcomes)
        if provider[0] == sender:  # the OPS's own service is casework, not a referral: another provider
            others = [x for k in available for x in near.offers[k] if x[0] != sender]
            if not others:
                return
            provider = others[len(others) // 2]
        if basis_covers(basis, self._type(sender), self._type(provider[0])) is not None:
            basis = LB.CONSENT  # no statutory basis between these kinds: the person's consent
        self._write(cid, sender, provider, basis, None, status, outcome, when, closed, granted)

    def _cis(self, cid: str, groups: frozenset[str], when: dt.datetime, granted: set[tuple[str, str]]) -> None:
        """Application → social worker's opinion → referral (OPS/CUS or PUP) → IPZS."""
        rng = self.rng
        near = self.near
        provider = rng.choice(near.offers["cis.reintegracja"])
        by_pup = "dlugotrwale-bezrobotni" in groups and near.pup is not None and rng.random() < 0.35
        if groups & _CIS_GROUPS == {"dlugotrwale-bezrobotni"}:
            by_pup = True  # art. 12 ust. 1 uzs: the PUP refers the (only) long-term unemployed
        sender = near.pup if by_pup and near.pup else self.home
        roll = rng.random()
        closed: dt.datetime | None = None
        outcome: str | None = None
        # before the skierowanie the case stays with the sender (a draft the CIS does not see)
        if roll < 0.08:
            step, status = ReferralStep.APPLICATION, ReferralStatus.DRAFT
        elif roll < 0.14:
            step, status = ReferralStep.OPINION, ReferralStatus.DRAFT
        elif roll < 0.20:
            step, status = ReferralStep.REFERRAL, ReferralStatus.ACCEPTED
        elif roll < 0.25:  # a negative opinion ends the procedure before anything reaches the CIS
            step, status = ReferralStep.OPINION, ReferralStatus.CANCELLED
            closed = when + dt.timedelta(days=rng.randint(7, 30))
        else:
            step = ReferralStep.IPZS
            status, outcome, closed = _status(rng, when, _CIS_OUTCOMES, accepted_only=True)
        if closed is not None and closed >= NOW:
            status, outcome, closed = (
                (ReferralStatus.IN_PROGRESS if step is ReferralStep.IPZS else ReferralStatus.DRAFT),
                None,
                None,
            )
        sent = status is not ReferralStatus.DRAFT and step is not ReferralStep.OPINION
        cis_facts = {
            "applicant": "OSOBA",
            "opinion_by": self.home if step is not ReferralStep.APPLICATION else None,
            "notified_id": self.home if sender != self.home and sent else None,
        }
        self._write(cid, sender, provider, LB.CIS_REFERRAL, step, status, outcome, when, closed, granted, cis_facts)
        if step is ReferralStep.IPZS:
            pid = "pl-" + _hex(rng)
            starts = (when + dt.timedelta(days=rng.randint(7, 21))).date()
            if closed is not None:
                ends = max(starts, closed.date())
                plan_status = (
                    PlanStatus.COMPLETED if outcome in ("employed", "independent", "other") else PlanStatus.TERMINATED
                )
            else:
                ends = starts + dt.timedelta(days=rng.choice((180, 270, 365)))
                plan_status = PlanStatus.ACTIVE
            self.plans.append(
                {
                    "id": pid,
                    "type": PlanType.IPZS.value,
                    "status": plan_status.value,
                    "starts_on": starts,
                    "ends_on": ends,
                    "goals": ["reintegracja zawodowa", "reintegracja społeczna"],
                }
            )
            self.plan_for.append({"src": pid, "dst": cid})
            self.responsible.append({"src": pid, "dst": provider[0]})
            self.participates.append({"src": self.home, "dst": pid, "role": "uzgadniający IPZS"})

    def _write(
        self,
        cid: str,
        sender: str,
        provider: tuple[str, str],
        basis: LB,
        step: ReferralStep | None,
        status: ReferralStatus,
        outcome: str | None,
        when: dt.datetime,
        closed: dt.datetime | None,
        granted: set[tuple[str, str]],
        cis_facts: dict[str, str | None] | None = None,
    ) -> None:
        rng = self.rng
        rid = "rf-" + _hex(rng)
        target = provider[0]
        updated = closed or min(NOW, when + dt.timedelta(days=rng.randint(0, 30)))
        self.referrals.append(
            {
                "id": rid,
                "status": str(status),
                "step": None if step is None else str(step),
                "basis": str(basis),
                "created_at": when,
                "updated_at": updated,
                "closed_at": closed,
                "outcome": outcome,
                **(cis_facts or {}),
            }
        )
        self.for_client.append({"src": rid, "dst": cid})
        self.sent_by.append({"src": rid, "dst": sender})
        self.sent_to.append({"src": rid, "dst": target})
        self.for_service.append({"src": rid, "dst": provider[1]})
        if target != self.home and (target, basis.value) not in granted:
            granted.add((target, basis.value))
            con = "cs-" + _hex(rng)
            withdrawn = closed if basis is LB.CONSENT and outcome == "resigned" and rng.random() < 0.3 else None
            self.consents.append(
                {
                    "id": con,
                    "basis": basis.value,
                    "purpose": _PURPOSE[basis],
                    "scope": ["referral", "target_groups"],
                    "granted_at": when,
                    "valid_until": None,
                    "withdrawn_at": withdrawn,
                }
            )
            self.consent_of.append({"src": con, "dst": cid})
            self.consent_for.append({"src": con, "dst": target})


def _status(
    rng: random.Random, when: dt.datetime, outcomes: Sequence[tuple[str, float]], *, accepted_only: bool = False
) -> tuple[ReferralStatus, str | None, dt.datetime | None]:
    """Status, outcome and closing time of a referral created at ``when``."""
    roll = rng.random()
    if accepted_only:
        roll = 0.25 + roll * 0.75
    if roll < 0.07:
        return ReferralStatus.REQUESTED, None, None
    if roll < 0.12:
        return ReferralStatus.RECEIVED, None, None
    if roll < 0.18:
        return ReferralStatus.ACCEPTED, None, None
    closed = when + dt.timedelta(days=rng.randint(30, 300))
    if roll < 0.22:
        status, outcome, closed = ReferralStatus.REJECTED, None, when + dt.timedelta(days=rng.randint(3, 30))
    elif roll < 0.25:
        status, outcome = (ReferralStatus.CANCELLED, None) if rng.random() < 0.7 else (ReferralStatus.FAILED, None)
    elif roll < 0.45:
        return ReferralStatus.IN_PROGRESS, None, None
    else:
        status, outcome = ReferralStatus.COMPLETED, _OUTCOME_DISTS[id(outcomes)].draw(rng)
    if closed >= NOW:
        return ReferralStatus.IN_PROGRESS, None, None
    return status, outcome, closed


def clients_for_gmina(rows: Rows, layer: Layer, geo: Geography, gmina: str, seed: int) -> int:
    """Append the clients of ``gmina`` (and everything hanging off them) to ``rows``."""
    home = layer.home.get(gmina)
    if home is None:
        return 0
    rng = stable_rng(seed, "clients", gmina)
    count = round(expected_clients(geo.gminas[gmina].population) * rng.uniform(0.85, 1.15))
    writer = _ClientWriter(rows, home[0], home[1], _Near.of(layer, geo, gmina), rng, gmina, layer.institutions)
    for _ in range(count):
        writer.client()
    return count


# ReferralOutcome values used above must exist in the model's vocabulary.
assert {o for o, _ in (*_LABOUR_OUTCOMES, *_SOCIAL_OUTCOMES, *_CIS_OUTCOMES)} <= {o.value for o in ReferralOutcome}
