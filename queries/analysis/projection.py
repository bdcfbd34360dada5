"""Project one territory and one period of the store into NetworkX graphs.

A territory is chosen by its TERYT code (voivodeship ``04``, powiat ``0415``,
gmina ``041501``) or ``""`` for the whole country.  Its institutions are those
located in it (``Institution.gmina`` starts with the code) or serving a unit in
it or above it (``SERVES`` – a PCPR serving the powiat, a ROPS serving the
voivodeship).  The territory's units come from the TERYT prefix and their
parents from the ``WITHIN`` hierarchy.

The projection reads the store with a **fixed number of named queries**
(:data:`PROJECTION_QUERIES`, all in one read transaction, so the analyses see
one snapshot), whatever the size of the territory: the cost is one scan per
query, never one query per institution.  Every row is sorted before it is
turned into a graph, so both stores give identical graphs and identical seeded
results.

Layers (all undirected :class:`networkx.Graph` on the same node set, except
the referral flows, a :class:`networkx.DiGraph`):

``declared``
    declared ties (``COOPERATES_WITH``) existing by the end of the period;
``partnership``
    co-membership of a partnership (``MEMBER_OF``), weight = shared partnerships;
``referrals``
    referral flows ``SENT_BY`` → ``SENT_TO`` created in the period, weight = referrals;
``shared_clients``
    institutions that met the same client in the period, weight = clients.

Complexity: O(R) rows read plus O(Σ m_p²) edges for partnerships of m_p
members and O(Σ c_k²) for clients met by c_k institutions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

import networkx as nx

from graph.enums import InstitutionType, Sector
from graph.errors import KooperacjaError
from graph.store.protocol import Row, Store, Tx

__all__ = [
    "AnalysisInputError",
    "Period",
    "Unit",
    "InstitutionInfo",
    "ServiceInfo",
    "Tie",
    "Membership",
    "ReferralInfo",
    "Registration",
    "PlanInfo",
    "Projection",
    "LAYERS",
    "LAYER_LABELS",
    "PROJECTION_QUERIES",
    "normalise_teryt",
    "project",
]

#: Graph layers of the cooperation network, in display order.
LAYERS = ("declared", "partnership", "referrals", "shared_clients")
LAYER_LABELS = {
    "declared": "zadeklarowana współpraca",
    "partnership": "wspólne partnerstwa",
    "referrals": "skierowania",
    "shared_clients": "wspólni klienci",
    "all": "wszystkie warstwy współpracy",
}
#: The named queries one projection runs (each exactly once).
PROJECTION_QUERIES = (
    "gaps_territories",
    "gaps_institutions",
    "gaps_services",
    "gaps_ties",
    "gaps_memberships",
    "gaps_referrals",
    "gaps_registrations",
    "gaps_plans",
    "gaps_categories",
    "gaps_target_groups",
    "gaps_candidates",
    "gaps_group_providers",
)
#: Institution types fetched country-wide as candidates for filling gaps.
CANDIDATE_TYPES = tuple(t.value for t in InstitutionType)

_TERYT = re.compile(r"^(\d{2}|\d{4}|\d{6})$")
_INACTIVE_REFERRAL = frozenset({"draft", "cancelled"})


class AnalysisInputError(KooperacjaError):
    """A territory code, period or expectation the analyses cannot use (message in Polish)."""


def normalise_teryt(code: str) -> str:
    """The TERYT prefix of a territory: 2, 4 or 6 digits, or ``""`` for the whole country.

    A 7-digit code with RODZ (``0415011``) loses its last digit; ``PL`` means Poland.

    Examples
    --------
    >>> normalise_teryt("0415"), normalise_teryt("0415011"), normalise_teryt("PL")
    ('0415', '041501', '')
    """
    code = code.strip()
    if code.upper() in ("", "PL", "POLSKA"):
        return ""
    if len(code) == 7 and code.isdigit():
        code = code[:6]
    if not _TERYT.match(code):
        raise AnalysisInputError(f"kod TERYT {code!r} musi mieć 2, 4 albo 6 cyfr (albo 'PL' dla całego kraju)")
    return code


@dataclass(frozen=True)
class Period:
    """A closed interval of days ``[start, end]``.

    Examples
    --------
    >>> p = Period.parse("2025-01-01:2025-12-31")
    >>> p.start, p.end, p.days
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 365)
    >>> p.label
    '2025-01-01 – 2025-12-31'
    """

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise AnalysisInputError("koniec okresu jest wcześniejszy niż początek")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``YYYY-MM-DD:YYYY-MM-DD`` or a year ``YYYY``."""
        text = text.strip()
        try:
            if re.fullmatch(r"\d{4}", text):
                year = int(text)
                return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))
            start, sep, end = text.partition(":")
            if not sep:
                raise ValueError
            return cls(dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip()))
        except ValueError:
            raise AnalysisInputError(f"okres {text!r} ma mieć postać RRRR-MM-DD:RRRR-MM-DD albo RRRR") from None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @property
    def whole_months(self) -> bool:
        """Starts on a 1st and ends on a month's last day (the granularity published counts allow)."""
        return self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1

    def contains(self, when: dt.date | dt.datetime | None) -> bool:
        if when is None:
            return False
        day = when.date() if isinstance(when, dt.datetime) else when
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Unit:
    """A territorial unit; ``in_territory`` is False for the ancestors of the territory."""

    teryt: str
    level: str
    name: str
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None
    in_territory: bool = True

    @property
    def is_city_powiat(self) -> bool:
        """A city with powiat rights (powiat codes 61–99 in TERC)."""
        return self.level == "powiat" and len(self.teryt) == 4 and int(self.teryt[2:4]) >= 61


@dataclass(frozen=True)
class InstitutionInfo:
    id: str
    name: str
    type: InstitutionType
    gmina: str | None = None
    lat: float | None = None
    lon: float | None = None
    serves: tuple[str, ...] = ()
    located: bool = True
    place: str | None = None  # name of the gmina it is located in

    @property
    def sector(self) -> Sector:
        return self.type.sector

    def covers(self, teryt: str) -> bool:
        """Located in the unit, or serving it, a unit inside it, or a unit above it."""
        if self.gmina is not None and self.gmina.startswith(teryt):
            return True
        return any(s.startswith(teryt) or teryt.startswith(s) for s in self.serves)

    def competent_for(self, teryt: str) -> bool:
        """Located in the unit or serving it or a unit above it (not merely a part of it)."""
        if self.gmina is not None and self.gmina.startswith(teryt):
            return True
        return any(teryt.startswith(s) for s in self.serves)


@dataclass(frozen=True)
class ServiceInfo:
    id: str
    institution: str
    status: str = "active"
    categories: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.status in ("active", "temporarily closed")


@dataclass(frozen=True)
class Tie:
    src: str
    dst: str
    kind: str = "other"
    since: dt.date | None = None
    rating: int | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class Membership:
    institution: str
    partnership: str
    name: str = ""
    type: str = ""
    role: str | None = None
    signed: dt.date | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: str | None = None  # invited / requested memberships are not (yet) ties

    def in_period(self, start: dt.date, end: dt.date) -> bool:
        """A member during some of [start, end] (issue 14: past periods show that period's partnerships)."""
        if self.status in ("invited", "requested"):
            return False
        begun = self.since or self.signed
        return (begun is None or begun <= end) and (self.until is None or self.until >= start)


@dataclass(frozen=True)
class ReferralInfo:
    id: str
    sender: str
    receiver: str
    client: str | None
    created_at: dt.datetime
    status: str = "requested"
    step: str | None = None
    outcome: str | None = None
    service: str | None = None
    closed_at: dt.datetime | None = None

    @property
    def counts(self) -> bool:
        """Sent (not a draft or cancelled): a realised flow."""
        return self.status not in _INACTIVE_REFERRAL


@dataclass(frozen=True)
class Registration:
    client: str
    institution: str
    registered_at: dt.datetime | None = None
    target_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanInfo:
    id: str
    type: str
    client: str | None
    responsible: str
    status: str = "active"
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    participants: tuple[str, ...] = ()


@dataclass
class Projection:
    """One territory and period, as plain records plus cached NetworkX layers.

    Build it with :func:`project` from a store, or directly (tests, notebooks)::

        >>> from graph.enums import InstitutionType as T
        >>> p = Projection(
        ...     root=Unit("0415", "powiat", "toruński"),
        ...     period=Period.parse("2025"),
        ...     institutions={i.id: i for i in [
        ...         InstitutionInfo("a", "OPS A", T.OPS, "041501"),
        ...         InstitutionInfo("b", "PUP B", T.PUP, "041502"),
        ...     ]},
        ...     ties=[Tie("a", "b", "agreement", dt.date(2020, 1, 1))],
        ... )
        >>> sorted(p.declared.edges())
        [('a', 'b')]
    """

    root: Unit
    period: Period
    units: dict[str, Unit] = field(default_factory=dict)
    institutions: dict[str, InstitutionInfo] = field(default_factory=dict)
    services: list[ServiceInfo] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    referrals: list[ReferralInfo] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    plans: list[PlanInfo] = field(default_factory=list)
    categories: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, InstitutionInfo] = field(default_factory=dict)
    #: Institutions outside the territory but in its voivodeship with their services for target groups:
    #: the nearest providers of a group's unmet need may sit across the border (ŚDS in the neighbouring city).
    nearby_providers: dict[str, InstitutionInfo] = field(default_factory=dict)
    nearby_services: list[ServiceInfo] = field(default_factory=list)
    queries: int = 0
    backend: str = "memory"

    # ------------------------------------------------------------ records
    @property
    def prefix(self) -> str:
        return self.root.teryt

    @cached_property
    def gminas(self) -> list[str]:
        """TERYT codes of the gminas inside the territory, sorted."""
        return sorted(t for t, u in self.units.items() if u.level == "gmina" and u.in_territory)

    @cached_property
    def _gmina_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for g in self.gminas:
            for n in (0, 2, 4, 6):
                index[g[:n]].append(g)
        return dict(index)

    def gminas_under(self, code: str) -> list[str]:
        """The territory's gminas inside a unit (all of them for a unit above the territory)."""
        if self.prefix.startswith(code):
            return self.gminas
        return self._gmina_index.get(code, [])

    def gminas_of(self, inst: InstitutionInfo) -> set[str]:
        """The territory's gminas an institution is competent for (located in, or serving them or a unit above)."""
        out = {inst.gmina} if inst.gmina in self._gmina_index.get(inst.gmina or "-", []) else set()
        for s in inst.serves:
            out.update(self.gminas_under(s))
        return out

    @cached_property
    def _unit_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for code in self.units:
            for n in range(0, len(code) + 1, 2):
                index[code[:n]].append(code)
        return dict(index)

    @cached_property
    def pool(self) -> dict[str, InstitutionInfo]:
        """The territory's institutions and the country-wide candidates, by id (sorted)."""
        return dict(sorted({**self.candidates, **self.institutions}.items()))

    @cached_property
    def competent_index(self) -> dict[str, list[str]]:
        """Unit code → ids of :attr:`pool` institutions competent for it (see :meth:`InstitutionInfo.competent_for`).

        Built once in O(Σ units under each served code) instead of testing every
        institution against every unit.
        """
        index: dict[str, set[str]] = defaultdict(set)
        for iid, inst in self.pool.items():
            if inst.gmina:
                for n in (2, 4, 6):
                    if inst.gmina[:n] in self.units:
                        index[inst.gmina[:n]].add(iid)
            for code in inst.serves:
                for unit in self._unit_index.get(code, ()):
                    index[unit].add(iid)
        return {u: sorted(ids) for u, ids in index.items()}

    def powiat_of(self, gmina: str) -> str | None:
        unit = self.units.get(gmina)
        return unit.parent if unit and unit.parent else (gmina[:4] if len(gmina) == 6 else None)

    def unit_name(self, teryt: str) -> str:
        """The unit's name, with its kind when another unit of the territory has the same name."""
        unit = self.units.get(teryt)
        if unit is None:
            return teryt
        if unit.kind and self._name_counts.get((unit.level, unit.name), 0) > 1:
            return f"{unit.name} ({unit.kind})"
        return unit.name

    @cached_property
    def _name_counts(self) -> Counter[tuple[str, str]]:
        return Counter((u.level, u.name) for u in self.units.values())

    def location(self, inst: InstitutionInfo) -> tuple[float, float] | None:
        """Coordinates of an institution, else the centroid of its gmina."""
        if inst.lat is not None and inst.lon is not None:
            return inst.lat, inst.lon
        unit = self.units.get(inst.gmina or "")
        if unit and unit.lat is not None and unit.lon is not None:
            return unit.lat, unit.lon
        return None

    @cached_property
    def ties_in_period(self) -> list[Tie]:
        return [
            t
            for t in self.ties
            if (t.since is None or t.since <= self.period.end) and (t.until is None or t.until >= self.period.start)
        ]

    @cached_property
    def referrals_in_period(self) -> list[ReferralInfo]:
        return [r for r in self.referrals if self.period.contains(r.created_at) and r.counts]

    # ------------------------------------------------------------ layers
    def _empty(self) -> nx.Graph:
        g = nx.Graph()
        for iid in sorted(self.institutions):
            inst = self.institutions[iid]
            g.add_node(
                iid,
                name=inst.name,
                type=inst.type.value,
                sector=inst.sector.value,
                gmina=inst.gmina or "",
                located=inst.located,
            )
        return g

    @cached_property
    def declared(self) -> nx.Graph:
        g = self._empty()
        for t in sorted(self.ties_in_period, key=lambda t: (t.src, t.dst)):
            if t.src in g and t.dst in g and t.src != t.dst:
                kinds = set(g.edges[t.src, t.dst]["kinds"]) if g.has_edge(t.src, t.dst) else set()
                g.add_edge(t.src, t.dst, weight=1, kinds=tuple(sorted(kinds | {t.kind})))
        return g

    @cached_property
    def partnership(self) -> nx.Graph:
        g = self._empty()
        members: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for m in self.memberships:
            if m.institution in g and m.in_period(self.period.start, self.period.end):
                members[m.partnership].add(m.institution)
                names[m.partnership] = m.name or m.partnership
        for pid in sorted(members):
            for a, b in combinations(sorted(members[pid]), 2):
                if g.has_edge(a, b):
                    g.edges[a, b]["weight"] += 1
                    g.edges[a, b]["partnerships"] = (*g.edges[a, b]["partnerships"], pid)
                else:
                    g.add_edge(a, b, weight=1, partnerships=(pid,))
        return g

    @cached_property
    def referral_flows(self) -> nx.DiGraph:
        """Directed referral flows inside the projection; weight = referrals in the period."""
        g = nx.DiGraph(self._empty())
        counts: Counter[tuple[str, str]] = Counter()
        for r in self.referrals_in_period:
            if r.sender in g and r.receiver in g and r.sender != r.receiver:
                counts[(r.sender, r.receiver)] += 1
        for (a, b), n in sorted(counts.items()):
            g.add_edge(a, b, weight=n)
        return g

    @cached_property
    def referrals_layer(self) -> nx.Graph:
        g = self._empty()
        for a, b, w in sorted(self.referral_flows.edges(data="weight")):
            if g.has_edge(a, b):
                g.edges[a, b]["weight"] += w
            else:
                g.add_edge(a, b, weight=w)
        return g

    @cached_property
    def client_contacts(self) -> dict[str, set[str]]:
        """Client id → institutions of the projection that met the client in the period."""
        met: dict[str, set[str]] = defaultdict(set)
        for reg in self.registrations:
            if reg.institution in self.institutions and (
                reg.registered_at is None or reg.registered_at.date() <= self.period.end
            ):
                met[reg.client].add(reg.institution)
        for r in self.referrals_in_period:
            if r.client:
                met[r.client].update(i for i in (r.sender, r.receiver) if i in self.institutions)
        for p in self.plans:
            if p.client:
                met[p.client].update(i for i in (p.responsible, *p.participants) if i in self.institutions)
        return dict(met)

    @cached_property
    def shared_clients(self) -> nx.Graph:
        g = self._empty()
        pairs: Counter[tuple[str, str]] = Counter()
        for insts in self.client_contacts.values():
            for a, b in combinations(sorted(insts), 2):
                pairs[(a, b)] += 1
        for (a, b), n in sorted(pairs.items()):
            g.add_edge(a, b, weight=n)
        return g

    def layer(self, name: str) -> nx.Graph:
        """One layer by name (:data:`LAYERS`) or ``"all"``: declared ∪ partnership ∪ referrals."""
        if name == "declared":
            return self.declared
        if name == "partnership":
            return self.partnership
        if name == "referrals":
            return self.referrals_layer
        if name == "shared_clients":
            return self.shared_clients
        if name == "all":
            return self.cooperation
        raise AnalysisInputError(f"nieznana warstwa sieci {name!r}")

    @cached_property
    def cooperation(self) -> nx.Graph:
        """The union of declared ties, partnerships and referral flows; ``layers`` lists the sources."""
        g = self._empty()
        for name in ("declared", "partnership", "referrals"):
            for a, b in sorted(self.layer(name).edges()):
                if g.has_edge(a, b):
                    g.edges[a, b]["layers"] = (*g.edges[a, b]["layers"], name)
                else:
                    g.add_edge(a, b, layers=(name,), weight=1)
        return g


# ---------------------------------------------------------------- from a store


def _institution(row: Row, prefix: str) -> InstitutionInfo:
    try:
        itype = InstitutionType(row["type"])
    except ValueError:
        itype = InstitutionType.OTHER
    gmina = row.get("gmina")
    lat, lon = row.get("lat"), row.get("lon")
    if lat is None or lon is None:
        lat, lon = row.get("gmina_lat"), row.get("gmina_lon")
    return InstitutionInfo(
        id=row["id"],
        name=row["name"],
        type=itype,
        gmina=gmina,
        lat=lat,
        lon=lon,
        serves=tuple(sorted(row.get("serves") or [])),
        located=bool(gmina and gmina.startswith(prefix)),
        place=row.get("gmina_name"),
    )


def _earliest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _sorted(items: Iterable[Any], *keys: str) -> list[Any]:
    return sorted(items, key=lambda x: tuple("" if getattr(x, k) is None else str(getattr(x, k)) for k in keys))


def _records(prefix: str, period: Period, rows: Mapping[str, list[Row]]) -> Projection:
    units: dict[str, Unit] = {}
    for r in rows["gaps_territories"]:
        units[r["teryt"]] = Unit(
            teryt=r["teryt"],
            level=r["level"],
            name=r["name"],
            kind=r.get("kind"),
            lat=r.get("lat"),
            lon=r.get("lon"),
            parent=r.get("parent"),
            in_territory=r["teryt"].startswith(prefix),
        )
    if prefix:
        if prefix not in units:
            raise AnalysisInputError(f"w bazie nie ma jednostki terytorialnej o kodzie TERYT {prefix}")
        root = units[prefix]
    else:
        root = Unit("", "country", "Polska")

    def valid(r: Row) -> bool:
        # issue 14/15: registers retire institutions and services; a period shows what existed in it
        start, end = r.get("valid_from"), r.get("valid_to")
        return (start is None or start <= period.end) and (end is None or end >= period.start)

    institutions = {r["id"]: _institution(r, prefix) for r in rows["gaps_institutions"] if valid(r)}
    services = [
        ServiceInfo(
            id=r["id"],
            institution=r["institution"],
            status=r.get("status") or "active",
            categories=tuple(sorted(r.get("categories") or [])),
            groups=tuple(sorted(r.get("groups") or [])),
            areas=tuple(sorted(r.get("areas") or [])),
        )
        for r in rows["gaps_services"]
        if valid(r) and r["institution"] in institutions
    ]
    ties = [
        Tie(r["src"], r["dst"], r.get("kind") or "other", r.get("since"), r.get("rating"), r.get("until"))
        for r in rows["gaps_ties"]
    ]
    memberships = [
        Membership(
            r["institution"],
            r["partnership"],
            r.get("name") or "",
            r.get("type") or "",
            r.get("role"),
            r.get("signed"),
            r.get("since"),
            _earliest(r.get("until"), r.get("partnership_valid_to")),
            r.get("status"),
        )
        for r in rows["gaps_memberships"]
    ]
    referrals = [
        ReferralInfo(
            id=r["id"],
            sender=r["sender"],
            receiver=r["receiver"],
            client=r.get("client"),
            created_at=r["created_at"],
            status=r.get("status") or "requested",
            step=r.get("step"),
            outcome=r.get("outcome"),
            service=r.get("service"),
            closed_at=r.get("closed_at"),
        )
        for r in rows["gaps_referrals"]
    ]
    registrations = [
        Registration(r["client"], r["institution"], r.get("registered_at"), tuple(sorted(r.get("target_groups") or [])))
        for r in rows["gaps_registrations"]
    ]
    plans = [
        PlanInfo(
            id=r["id"],
            type=r["type"],
            client=r.get("client"),
            responsible=r["responsible"],
            status=r.get("status") or "active",
            starts_on=r.get("starts_on"),
            ends_on=r.get("ends_on"),
            participants=tuple(sorted(r.get("participants") or [])),
        )
        for r in rows["gaps_plans"]
    ]
    candidates = {r["id"]: _institution(r, prefix) for r in rows["gaps_candidates"] if valid(r)}
    providers = [r for r in rows.get("gaps_group_providers", []) if valid(r)]
    nearby = {r["id"]: _institution(r, prefix) for r in providers}
    nearby_services = [
        ServiceInfo(r["service"], r["id"], r.get("status") or "active", groups=tuple(sorted(r.get("groups") or [])))
        for r in providers
    ]
    return Projection(
        root=root,
        period=period,
        units=dict(sorted(units.items())),
        institutions=dict(sorted(institutions.items())),
        services=_sorted(services, "id"),
        ties=_sorted(ties, "src", "dst", "kind"),
        memberships=_sorted(memberships, "partnership", "institution"),
        referrals=_sorted(referrals, "id"),
        registrations=_sorted(registrations, "client", "institution"),
        plans=_sorted(plans, "id"),
        categories={
            r["id"]: (r["name"], r.get("parent")) for r in sorted(rows["gaps_categories"], key=lambda r: r["id"])
        },
        groups={r["id"]: r["name"] for r in sorted(rows["gaps_target_groups"], key=lambda r: r["id"])},
        candidates=dict(sorted(candidates.items())),
        nearby_providers=dict(sorted(nearby.items())),
        nearby_services=_sorted(nearby_services, "id"),
    )


def project(store: Store, teryt: str, period: Period, *, candidate_types: Iterable[str] | None = None) -> Projection:
    """Read a territory and a period from ``store`` into a :class:`Projection`.

    Parameters
    ----------
    store : Store
        Either backend; read in one read transaction.
    teryt : str
        TERYT code of a voivodeship, powiat or gmina, or ``"PL"``/``""`` for Poland.
    period : Period
        Referrals created and plans running in this period; ties and partnerships existing by its end.
    candidate_types : iterable of str, optional
        Institution types fetched country-wide as gap fillers (default: all types).

    Returns
    -------
    Projection
        With ``queries`` = the number of store round trips used
        (``len(PROJECTION_QUERIES)``, independent of the territory's size).

    Raises
    ------
    AnalysisInputError
        For a malformed code, a code not in the store, or a period that is not
        made of whole months (finer slices would let published counts be
        differenced).

    Notes
    -----
    Complexity: 12 queries, each one scan of its relationship type (O(E)
    in the store), plus O(R log R) to sort R rows.
    """
    prefix = normalise_teryt(teryt)
    if not period.whole_months:
        # finer periods would let two reports be subtracted to isolate a few days' small counts
        raise AnalysisInputError("okres analizy musi obejmować pełne miesiące (od 1. dnia do ostatniego dnia miesiąca)")
    types = sorted(set(candidate_types) if candidate_types is not None else CANDIDATE_TYPES)
    date_from = dt.datetime.combine(period.start, dt.time())
    date_to = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time())
    params: dict[str, dict[str, Any]] = {
        "gaps_territories": {"prefix": prefix},
        "gaps_institutions": {"prefix": prefix},
        "gaps_services": {"prefix": prefix},
        "gaps_ties": {"prefix": prefix},
        "gaps_memberships": {"prefix": prefix},
        "gaps_referrals": {"prefix": prefix, "date_from": date_from, "date_to": date_to},
        "gaps_registrations": {"prefix": prefix},
        "gaps_plans": {"prefix": prefix, "date_from": period.start, "date_to": period.end},
        "gaps_categories": {},
        "gaps_target_groups": {},
        "gaps_candidates": {"types": types or ["-"]},
        # the voivodeship around a powiat or gmina; a voivodeship or the country has everything already
        "gaps_group_providers": {"prefix": prefix, "region": prefix[:2] if len(prefix) > 2 else "-"},
    }

    def work(tx: Tx) -> dict[str, list[Row]]:
        return {name: tx.run(name, params[name]) for name in PROJECTION_QUERIES}

    before = store.calls
    rows = store.read(work)
    projection = _records(prefix, period, rows)
    projection.queries = store.calls - before
    projection.backend = store.backend
    return projection
