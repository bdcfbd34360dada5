"""A small network for the clients tests, where other institutions' clients are reachable.

Seen from ``ops-a`` (a caseworker of OPS A):

* own: ``client-a1`` (kontrakt socjalny, a referral to CIS P and one to PUP U), ``client-a2``;
* partner: ``client-o8`` – registered at OPS O, referred to OPS A with an active basis
  (scope: target groups only); OPS A takes part in its draft plan ``pl-o8p``; its other
  referral (to CIS P) and its other plan ``pl-o8`` are O's;
* reachable but NOT visible (the leak candidates):
  ``client-o1`` (O → CIS P, IPZS at P), ``client-o2`` (A takes part in O's plan, no basis),
  ``client-o3`` (basis for A, no link), ``client-o4`` (basis withdrawn), ``client-o5`` (basis
  expired), ``client-o6`` (referral to A still a draft), ``client-o7`` (referral to A cancelled).

CIS P sees ``client-a1`` (via rf-a1), ``client-o1`` and ``client-o8`` (via rf-o8b); PUP U sees ``client-a1``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from graph import model as m
from graph.enums import InstitutionType as IT
from graph.model import NODE_MODELS, REL_MODELS
from graph.statements import all_nodes, all_rels
from graph.store.protocol import Store
from graph.writer import Batch, write_batch
from importers.demo import reference_batch

T0 = dt.datetime(2025, 3, 1, 9, 0)
FUTURE = dt.date(2099, 12, 31)
PAST = dt.date(2025, 1, 1)

INSTITUTIONS = {
    "ops-a": (IT.OPS, "041501"),
    "cis-p": (IT.CIS, "041501"),
    "kis-k": (IT.KIS, "041501"),
    "ngo-n": (IT.NGO, "041501"),
    "pup-u": (IT.PUP, "041502"),
    "ops-o": (IT.OPS, "041502"),
    "cus-c": (IT.CUS, "041502"),
}
TERRITORIES = {"04": "voivodeship", "0415": "powiat", "041501": "gmina", "041502": "gmina"}
#: Territorial competence: an OPS its gmina, the PUP its powiat, CIS P its own gmina and – under an
#: inter-gmina agreement – gmina 041502 (art. 12 ust. 5 uzs).
SERVES = {
    "ops-a": ("041501",),
    "ops-o": ("041502",),
    "cus-c": ("041502",),
    "pup-u": ("0415",),
    "cis-p": ("041501", "041502"),
}
# service id: (provider, status, capacity, free places)
SERVICES = {
    "cis-p.reint": ("cis-p", "active", 10, 2),
    "cis-p.full": ("cis-p", "active", 5, 0),
    "cis-p.closed": ("cis-p", "inactive", 5, 5),
    "kis-k.club": ("kis-k", "active", 20, 5),
    "pup-u.staz": ("pup-u", "active", None, None),
    "ngo-n.porady": ("ngo-n", "active", None, None),
    "ops-a.praca": ("ops-a", "active", None, None),
    "ops-o.praca": ("ops-o", "active", None, None),
}

OWN = ("client-a1", "client-a2")
PARTNER = ("client-o8",)
HIDDEN_FROM_A = ("client-o1", "client-o2", "client-o3", "client-o4", "client-o5", "client-o6", "client-o7")
HIDDEN_REFERRALS_FROM_A = ("rf-o1", "rf-o4", "rf-o5", "rf-o6", "rf-o7", "rf-o8b")
HIDDEN_PLANS_FROM_A = ("pl-o1", "pl-o2", "pl-o8")


class _Builder:
    def __init__(self) -> None:
        self.b = Batch()
        self.clients: list[m.Client] = []
        self.reg: list[m.RegisteredAt] = []
        self.refs: list[m.Referral] = []
        self.plans: list[m.Plan] = []
        self.consents: list[m.Consent] = []
        self.rels: dict[type, list[Any]] = {}

    def rel(self, item: Any) -> None:
        self.rels.setdefault(type(item), []).append(item)

    def client(
        self,
        cid: str,
        home: str,
        groups: list[str],
        band: str = "1980-1989",
        residence: str | None = None,
        rights: tuple[str, ...] = (),
    ) -> None:
        self.clients.append(
            m.Client(
                id=cid,
                birth_year_band=band,
                sex="M",
                target_groups=groups,
                registered_at=T0,
                residence_gmina=residence or INSTITUTIONS[home][1],
                benefit_rights=list(rights),
            )
        )
        self.reg.append(m.RegisteredAt(src=cid, dst=home))

    def consent(
        self,
        kid: str,
        cid: str,
        inst: str,
        *,
        basis: str = "uzs_art12",
        scope: tuple[str, ...] = ("target_groups", "referral"),
        valid_until: dt.date | None = None,
        withdrawn: bool = False,
    ) -> None:
        self.consents.append(
            m.Consent(
                id=kid,
                basis=basis,
                purpose="realizacja skierowania",
                scope=list(scope),
                granted_at=T0,
                valid_until=valid_until,
                withdrawn_at=T0 + dt.timedelta(days=30) if withdrawn else None,
            )
        )
        self.rel(m.ConsentOf(src=kid, dst=cid))
        self.rel(m.ConsentFor(src=kid, dst=inst))

    def referral(
        self,
        rid: str,
        cid: str,
        src: str,
        dst: str,
        service: str,
        status: str = "requested",
        step: str | None = "referral",
        basis: str = "uzs_art12",
        days: int = 30,
    ) -> None:
        when = T0 + dt.timedelta(days=days)
        cis = dst.startswith("cis-")
        self.refs.append(
            m.Referral(
                id=rid,
                status=status,
                step=step,
                basis=basis,
                created_at=when,
                updated_at=when,
                applicant="OSOBA" if cis else None,
                opinion_by=src if cis else None,
            )
        )
        self.rel(m.ForClient(src=rid, dst=cid))
        self.rel(m.SentBy(src=rid, dst=src))
        self.rel(m.SentTo(src=rid, dst=dst))
        self.rel(m.ForService(src=rid, dst=service))

    def plan(
        self,
        pid: str,
        cid: str,
        ptype: str,
        responsible: str,
        status: str = "active",
        participants: tuple[tuple[str, str], ...] = (),
    ) -> None:
        # twelve months: within every statutory limit (kontrakt, IPZS art. 13, IPUS), active on NOW (2026-03-01)
        self.plans.append(
            m.Plan(
                id=pid,
                type=ptype,
                status=status,
                starts_on=dt.date(2025, 3, 5),
                ends_on=dt.date(2026, 3, 4),
                goals=["aktywizacja"],
            )
        )
        self.rel(m.PlanFor(src=pid, dst=cid))
        self.rel(m.ResponsibleFor(src=pid, dst=responsible))
        for inst, role in participants:
            self.rel(m.ParticipatesIn(src=inst, dst=pid, role=role))

    def batch(self) -> Batch:
        b = self.b
        b.add(m.Territory, [m.Territory(teryt=t, level=lvl, name=f"Jednostka {t}") for t, lvl in TERRITORIES.items()])
        # KIS K is entered in the wojewoda's register (art. 18a uzs)
        b.add(
            m.Institution,
            [
                m.Institution(
                    id=i, name=f"Instytucja {i}", type=t, gmina=g, register_id="KIS/04/0001" if t is IT.KIS else None
                )
                for i, (t, g) in INSTITUTIONS.items()
            ],
        )
        b.add(m.Serves, [m.Serves(src=i, dst=t) for i, ts in SERVES.items() for t in ts])
        b.add(
            m.Service,
            [
                m.Service(id=s, name=f"Usługa {s}", status=st, capacity=cap, free_places=free)
                for s, (_, st, cap, free) in SERVICES.items()
            ],
        )
        b.add(m.Offers, [m.Offers(src=p, dst=s) for s, (p, *_rest) in SERVICES.items()])
        b.add(m.Client, self.clients).add(m.RegisteredAt, self.reg)
        b.add(m.Referral, self.refs).add(m.Plan, self.plans).add(m.Consent, self.consents)
        for model, items in self.rels.items():
            b.add(model, items)
        return b


def network_batch() -> Batch:
    n = _Builder()
    n.client("client-a1", "ops-a", ["bezdomni", "dlugotrwale-bezrobotni"])
    n.plan("pl-a1", "client-a1", "KONTRAKT_SOCJALNY", "ops-a")
    n.referral("rf-a1", "client-a1", "ops-a", "cis-p", "cis-p.reint")
    n.consent("cs-a1", "client-a1", "cis-p")
    n.referral("rf-a1x", "client-a1", "ops-a", "pup-u", "pup-u.staz", step=None, basis="upr_art50", days=40)
    n.consent("cs-a1x", "client-a1", "pup-u", basis="upr_art50", scope=("target_groups",))
    n.client("client-a2", "ops-a", ["seniorzy"], band="1950-1959")

    n.client("client-o1", "ops-o", ["uzaleznieni-alkohol"])
    n.referral("rf-o1", "client-o1", "ops-o", "cis-p", "cis-p.reint", status="in-progress", step="ipzs")
    n.consent("cs-o1", "client-o1", "cis-p")
    n.plan("pl-o1", "client-o1", "IPZS", "cis-p", participants=(("ops-o", "uzgadniający IPZS"),))
    n.client("client-o2", "ops-o", ["bezdomni"])
    n.plan("pl-o2", "client-o2", "KONTRAKT_SOCJALNY", "ops-o", participants=(("ops-a", "wsparcie"),))
    n.client("client-o3", "ops-o", ["bezdomni"])
    n.consent("cs-o3", "client-o3", "ops-a", basis="consent")
    n.client("client-o4", "ops-o", ["bezdomni"])
    n.referral("rf-o4", "client-o4", "ops-o", "ops-a", "ops-a.praca", step=None, basis="consent")
    n.consent("cs-o4", "client-o4", "ops-a", basis="consent", withdrawn=True)
    n.client("client-o5", "ops-o", ["bezdomni"])
    n.referral("rf-o5", "client-o5", "ops-o", "ops-a", "ops-a.praca", step=None, basis="consent")
    n.consent("cs-o5", "client-o5", "ops-a", basis="consent", valid_until=PAST)
    n.client("client-o6", "ops-o", ["bezdomni"])
    n.referral("rf-o6", "client-o6", "ops-o", "ops-a", "ops-a.praca", status="draft", step=None, basis="ups_art100")
    n.consent("cs-o6", "client-o6", "ops-a", basis="ups_art100")
    n.client("client-o7", "ops-o", ["bezdomni"])
    n.referral("rf-o7", "client-o7", "ops-o", "ops-a", "ops-a.praca", status="cancelled", step=None, basis="ups_art100")
    n.consent("cs-o7", "client-o7", "ops-a", basis="ups_art100")
    n.client("client-o8", "ops-o", ["niepelnosprawni"], band="1970-1979")
    n.referral("rf-o8", "client-o8", "ops-o", "ops-a", "ops-a.praca", step=None, basis="ups_art100")
    n.consent("cs-o8", "client-o8", "ops-a", basis="ups_art100", scope=("target_groups",))
    n.referral("rf-o8b", "client-o8", "ops-o", "cis-p", "cis-p.reint", days=35)
    n.consent("cs-o8b", "client-o8", "cis-p")
    n.plan("pl-o8", "client-o8", "KONTRAKT_SOCJALNY", "ops-o")
    n.plan("pl-o8p", "client-o8", "KONTRAKT_SOCJALNY", "ops-o", status="draft", participants=(("ops-a", "wsparcie"),))
    return n.batch()


def load_network(store: Store) -> None:
    write_batch(store, reference_batch())
    write_batch(store, network_batch())


def graph_hash(store: Store) -> str:
    """A canonical content hash of the whole graph (every node and relationship, sorted)."""

    def work(tx: Any) -> str:
        parts = []
        for model in NODE_MODELS:
            rows = tx.run(all_nodes(model, store.backend))
            parts.append((model.__label__, sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)))
        for rel in REL_MODELS:
            rows = tx.run(all_rels(rel, store.backend))
            parts.append((rel.__type__, sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)))
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    return str(store.read(work))
