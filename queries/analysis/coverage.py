"""Coverage: the need × territory matrix, expectations met or not, and reachability.

* :func:`coverage_matrix` – for every service category (with its sub-categories)
  and target group, the number of active services available in each gmina;
  the empty cells are the candidate gaps.  A service is available in a gmina
  when one of its ``AVAILABLE_IN`` units is the gmina or a unit above it;
  without ``AVAILABLE_IN`` the provider's ``SERVES`` (else its own gmina) is used.
  Demand – clients registered at an institution of the gmina, by target group –
  is published only after small-count suppression.
* :func:`check_expectations` – each :class:`~queries.analysis.expectations.Expectation`
  for every unit of its level (the territory's units and its ancestors).
* :func:`reachability` – per category and gmina, the fewest cooperation steps
  from the gmina's OPS/CUS to a provider (``None`` beyond ``max_hops``) and the
  distance to the nearest provider.

Complexity: the matrix is O(S·A·G) for S services with A areas over G gminas;
reachability is O(G·(V+E)) for the bounded BFS plus O(G·P) distances, vectorised.

References: the "need × resource" matrix follows the *ocena zasobów pomocy
społecznej* (art. 16a ustawy o pomocy społecznej); reachability within k steps
is Kumu's "reach" metric generalised to k.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from graph.enums import InstitutionType
from queries.analysis import privacy
from queries.analysis.expectations import DEFAULT_EXPECTATIONS, Expectation
from queries.analysis.geo import EARTH_RADIUS_KM
from queries.analysis.geo import nearest as nearest_many
from queries.analysis.projection import InstitutionInfo, Projection, ServiceInfo

__all__ = [
    "NeedRow",
    "EmptyCell",
    "CoverageMatrix",
    "ExpectationCheck",
    "ReachRow",
    "coverage_matrix",
    "check_expectations",
    "reachability",
    "service_available_in",
    "service_gminas",
]


@dataclass(frozen=True)
class NeedRow:
    """One row of the matrix: a category or a target group and its count per gmina."""

    kind: str  # "category" | "group"
    id: str
    name: str
    depth: int
    supply: tuple[int, ...]
    demand: tuple[int | None, ...] | None = None  # suppressed; target groups only


@dataclass(frozen=True)
class EmptyCell:
    kind: str
    need: str
    need_name: str
    gmina: str
    gmina_name: str
    demand: int | None = None  # suppressed client count (None = none known or suppressed)
    demand_known: bool = False  # some client of the group is registered in the gmina


@dataclass(frozen=True)
class CoverageMatrix:
    gminas: tuple[str, ...]
    gmina_names: tuple[str, ...]
    rows: tuple[NeedRow, ...]

    @property
    def empty_cells(self) -> list[EmptyCell]:
        cells = []
        for row in self.rows:
            for j, n in enumerate(row.supply):
                if n == 0:
                    d = row.demand[j] if row.demand is not None else None
                    # a suppressed demand cell (None) hides a positive count; a published 0 means none
                    known = row.demand is not None and (d is None or d > 0)
                    cells.append(EmptyCell(row.kind, row.id, row.name, self.gminas[j], self.gmina_names[j], d, known))
        return cells

    def row(self, kind: str, need: str) -> NeedRow:
        return next(r for r in self.rows if r.kind == kind and r.id == need)

    def cell(self, kind: str, need: str, gmina: str) -> int:
        return self.row(kind, need).supply[self.gminas.index(gmina)]


#: Services an institution provides by law whether or not it listed them: the gmina's OPS (or the CUS that took
#: over its tasks) grants and pays the cash and in-kind benefits and does social work for every resident –
#: art. 17 ust. 1 ustawy o pomocy społecznej (zadania własne gminy: zasiłki stałe, okresowe i celowe, praca socjalna),
#: art. 110 ust. 1 (ośrodek pomocy społecznej wykonuje te zadania).  Category ids of the project's vocabulary.
STATUTORY_SERVICES: dict[InstitutionType, tuple[str, ...]] = {
    InstitutionType.OPS: ("swiadczenia", "praca-socjalna"),
    InstitutionType.CUS: ("swiadczenia", "praca-socjalna"),
}


def effective_services(p: Projection) -> list[ServiceInfo]:
    """The listed services plus the statutory ones (:data:`STATUTORY_SERVICES`) an institution did not list.

    A statutory service reaches the gminas the institution is competent for
    (its SERVES, else its own gmina), like any service without areas.

    >>> from graph.enums import InstitutionType as T
    >>> from queries.analysis.projection import Period, Unit
    >>> p = Projection(root=Unit("0415", "powiat", "t"), period=Period.parse("2025"),
    ...     institutions={"ops": InstitutionInfo("ops", "GOPS", T.OPS, "041501")},
    ...     categories={"swiadczenia": ("Świadczenia", None)})
    >>> [(s.id, s.categories) for s in effective_services(p)]
    [('statutory:ops:swiadczenia', ('swiadczenia',))]
    """
    listed: dict[str, set[str]] = defaultdict(set)
    for svc in p.services:
        if svc.active:
            listed[svc.institution].update(svc.categories)
    extra = [
        ServiceInfo(f"statutory:{iid}:{cat}", iid, categories=(cat,))
        for iid, inst in p.institutions.items()
        for cat in STATUTORY_SERVICES.get(inst.type, ())
        if cat in p.categories and cat not in listed[iid]
    ]
    return [*p.services, *extra]


def service_available_in(service: ServiceInfo, provider: InstitutionInfo | None, gmina: str) -> bool:
    """Whether a service reaches a gmina (see the module docstring).

    Examples
    --------
    >>> from graph.enums import InstitutionType as T
    >>> svc = ServiceInfo("s", "pup", areas=("0415",))
    >>> service_available_in(svc, None, "041503"), service_available_in(svc, None, "046301")
    (True, False)
    >>> pup = InstitutionInfo("pup", "PUP", T.PUP, "046301", serves=("0415",))
    >>> service_available_in(ServiceInfo("t", "pup"), pup, "041503")
    True
    """
    if service.areas:
        return any(gmina.startswith(a) for a in service.areas)
    if provider is None:
        return False
    if provider.serves:
        return any(gmina.startswith(s) for s in provider.serves)
    return provider.gmina == gmina


def service_gminas(p: Projection, service: ServiceInfo) -> set[str]:
    """The territory's gminas a service reaches (the same rule as :func:`service_available_in`, indexed)."""
    if service.areas:
        return {g for a in service.areas for g in p.gminas_under(a)}
    provider = p.institutions.get(service.institution)
    if provider is None:
        return set()
    if provider.serves:
        return {g for s in provider.serves for g in p.gminas_under(s)}
    return {provider.gmina} if provider.gmina in p.gminas_under(provider.gmina or "-") else set()


def _category_tree(categories: dict[str, tuple[str, str | None]]) -> list[tuple[str, int]]:
    children: dict[str | None, list[str]] = defaultdict(list)
    for cid, (_, parent) in categories.items():
        children[parent if parent in categories else None].append(cid)
    order: list[tuple[str, int]] = []

    def walk(node: str | None, depth: int) -> None:
        for cid in sorted(children.get(node, [])):
            order.append((cid, depth))
            walk(cid, depth + 1)

    walk(None, 0)
    return order


def _ancestors(categories: dict[str, tuple[str, str | None]], cid: str) -> list[str]:
    out, seen = [cid], {cid}
    parent = categories.get(cid, ("", None))[1]
    while parent and parent in categories and parent not in seen:
        out.append(parent)
        seen.add(parent)
        parent = categories[parent][1]
    return out


def coverage_matrix(p: Projection) -> CoverageMatrix:
    """Services per need and gmina; a category row includes its sub-categories.

    Parameters
    ----------
    p : Projection

    Returns
    -------
    CoverageMatrix
        ``rows`` ordered as the category tree, then the target groups; zero cells are gaps.

    Examples
    --------
    >>> from graph.enums import InstitutionType as T
    >>> from queries.analysis.projection import Period, Unit
    >>> p = Projection(root=Unit("0415", "powiat", "toruński"), period=Period.parse("2025"),
    ...     units={"041501": Unit("041501", "gmina", "A", parent="0415"),
    ...            "041502": Unit("041502", "gmina", "B", parent="0415")},
    ...     institutions={"ops": InstitutionInfo("ops", "OPS", T.OPS, "041501", serves=("041501",))},
    ...     services=[ServiceInfo("s", "ops", categories=("praca-socjalna",))],
    ...     categories={"pomoc": ("Pomoc", None), "praca-socjalna": ("Praca socjalna", "pomoc")})
    >>> m = coverage_matrix(p)
    >>> [(r.id, r.supply) for r in m.rows]
    [('pomoc', (1, 0)), ('praca-socjalna', (1, 0))]
    >>> [(c.need, c.gmina) for c in m.empty_cells]
    [('pomoc', '041502'), ('praca-socjalna', '041502')]
    """
    gminas = p.gminas
    index = {g: j for j, g in enumerate(gminas)}
    cat_counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(gminas))
    group_counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(gminas))
    for svc in effective_services(p):
        if not svc.active:
            continue
        reached = sorted(service_gminas(p, svc))
        cats = {a for c in svc.categories for a in _ancestors(p.categories, c)}
        for g in reached:
            for c in cats:
                cat_counts[c][index[g]] += 1
            for grp in svc.groups:
                group_counts[grp][index[g]] += 1
    demand = _demand(p, gminas)
    rows: list[NeedRow] = []
    for cid, depth in _category_tree(p.categories):
        rows.append(NeedRow("category", cid, p.categories[cid][0], depth, tuple(cat_counts[cid])))
    for gid in sorted(p.groups):
        raw = demand.get(gid, [0] * len(gminas))
        published = privacy.suppress_group({g: raw[j] for j, g in enumerate(gminas)})
        rows.append(
            NeedRow("group", gid, p.groups[gid], 0, tuple(group_counts[gid]), tuple(published[g] for g in gminas))
        )
    return CoverageMatrix(tuple(gminas), tuple(p.unit_name(g) for g in gminas), tuple(rows))


def _demand(p: Projection, gminas: Sequence[str]) -> dict[str, list[int]]:
    index = {g: j for j, g in enumerate(gminas)}
    seen: set[tuple[str, str, str]] = set()
    out: dict[str, list[int]] = defaultdict(lambda: [0] * len(gminas))
    for reg in p.registrations:
        inst = p.institutions.get(reg.institution)
        if inst is None or inst.gmina not in index:
            continue
        for grp in reg.target_groups:
            key = (reg.client, grp, inst.gmina)
            if key not in seen:
                seen.add(key)
                out[grp][index[inst.gmina]] += 1
    return out


# ------------------------------------------------------------ expectations


@dataclass(frozen=True)
class ExpectationCheck:
    expectation: str
    label: str
    teryt: str
    unit_name: str
    level: str
    met: bool
    how: str | None  # "competent" | "hops" | "distance" | None
    via: tuple[str, ...] = ()
    nearest_km: float | None = None
    in_territory: bool = True
    basis: str = "good_practice"  # "statutory" | "good_practice" (see Expectation.basis)


def _units_of(p: Projection, level: str) -> list[str]:
    return sorted(t for t, u in p.units.items() if u.level == level and (u.in_territory or p.prefix.startswith(t)))


def _bfs(graph: nx.Graph, sources: Iterable[str], cutoff: int) -> dict[str, int]:
    dist: dict[str, int] = {}
    frontier = [s for s in set(sources) if s in graph]
    for s in frontier:
        dist[s] = 0
    depth = 0
    while frontier and depth < cutoff:
        depth += 1
        nxt = []
        for u in frontier:
            for v in graph.adj[u]:  # visiting order does not change BFS distances
                if v not in dist:
                    dist[v] = depth
                    nxt.append(v)
        frontier = nxt
    return dist


def check_expectations(
    p: Projection, expectations: Sequence[Expectation] = DEFAULT_EXPECTATIONS
) -> list[ExpectationCheck]:
    """Check every expectation for every unit of its level.

    Parameters
    ----------
    p : Projection
    expectations : sequence of Expectation
        Default :data:`~queries.analysis.expectations.DEFAULT_EXPECTATIONS`.

    Returns
    -------
    list of ExpectationCheck
        One per (expectation, unit); ``met=False`` rows are the gaps.

    Examples
    --------
    >>> from graph.enums import InstitutionType as T
    >>> from queries.analysis.projection import Period, Unit
    >>> p = Projection(root=Unit("0415", "powiat", "toruński"), period=Period.parse("2025"),
    ...     units={"0415": Unit("0415", "powiat", "toruński"),
    ...            "041501": Unit("041501", "gmina", "A", parent="0415"),
    ...            "041502": Unit("041502", "gmina", "B", parent="0415")},
    ...     institutions={"ops": InstitutionInfo("ops", "OPS", T.OPS, "041501", serves=("041501",))})
    >>> [(c.teryt, c.met) for c in check_expectations(p, DEFAULT_EXPECTATIONS[:1])]
    [('041501', True), ('041502', False)]
    """
    checks: list[ExpectationCheck] = []
    coop = p.cooperation
    pool = p.pool
    for exp in expectations:
        units = _units_of(p, exp.level)
        nearest: dict[tuple[str, bool], list[tuple[float, str]]] = {}
        # members of partnerships of the expected types (a ZI is a team of institutions, not an institution)
        team_members: dict[str, set[str]] = defaultdict(set)
        wanted_teams = {t.value for t in exp.partnership_types}
        for m in p.memberships:
            if m.type in wanted_teams:
                team_members[m.institution].add(m.partnership)
        for city in (False, True):
            targets = [
                (i, *loc)
                for i, inst in pool.items()
                if exp.satisfied_by(inst.type, city) and (loc := p.location(inst)) is not None
            ]
            origins = [_coords(p, t) for t in units]
            for teryt, found in zip(units, nearest_many(origins, targets, n=1), strict=True):
                nearest[(teryt, city)] = found
        for teryt in units:
            unit = p.units[teryt]
            city = unit.is_city_powiat
            competent = tuple(
                i
                for i in p.competent_index.get(teryt, ())
                if (exp.types and exp.satisfied_by(pool[i].type, city))
                # a team counts for the unit its member sits in (the police serving the whole powiat sits on many teams)
                or (i in team_members and (pool[i].gmina or "").startswith(teryt))
            )
            best = nearest[(teryt, city)][0] if nearest[(teryt, city)] else None
            how: str | None = "competent" if competent else None
            via = competent
            if not competent and exp.mode == "reachable":
                anchors = [
                    i
                    for i in p.competent_index.get(teryt, ())
                    if i in p.institutions and p.institutions[i].type in exp.anchor_types
                ]
                dist = _bfs(coop, anchors, exp.hops)
                reached = tuple(
                    sorted(i for i in dist if i in p.institutions and exp.satisfied_by(p.institutions[i].type, city))
                )
                if reached:
                    how, via = "hops", reached
            if how is None and exp.distance_km is not None and best is not None and best[0] <= exp.distance_km:
                how, via = "distance", (best[1],)
            checks.append(
                ExpectationCheck(
                    exp.id,
                    exp.label,
                    teryt,
                    p.unit_name(teryt),
                    exp.level,
                    how is not None,
                    how,
                    via,
                    best[0] if best else None,
                    unit.in_territory,
                    exp.basis,
                )
            )
    return checks


def _coords(p: Projection, teryt: str) -> tuple[float, float] | None:
    unit = p.units[teryt]
    return None if unit.lat is None or unit.lon is None else (unit.lat, unit.lon)


# ------------------------------------------------------------ reachability


@dataclass(frozen=True)
class ReachRow:
    category: str
    name: str
    hops: tuple[int | None, ...]  # per gmina; 0 = available in the gmina
    km: tuple[float | None, ...]  # per gmina, to the nearest provider


def reachability(p: Projection, max_hops: int = 2, categories: Iterable[str] | None = None) -> list[ReachRow]:
    """Fewest cooperation steps and kilometres from each gmina to each service category.

    Parameters
    ----------
    p : Projection
    max_hops : int
        BFS depth in the cooperation graph (declared ∪ partnerships ∪ referrals),
        starting from the gmina's OPS/CUS.
    categories : iterable of str, optional
        Default: every category with at least one provider in the projection.

    Returns
    -------
    list of ReachRow
        ``hops`` is 0 when a service is available in the gmina, ``None`` when no
        provider is within ``max_hops``; ``km`` is to the nearest provider's location.

    Notes
    -----
    Complexity O(G·(V+E)) for the BFS (bounded by ``max_hops``) and O(G·P)
    haversine evaluations in NumPy for P (provider, category) pairs.
    """
    gminas = p.gminas
    providers: dict[str, set[str]] = defaultdict(set)
    local: dict[str, set[str]] = defaultdict(set)  # category -> gminas with a service available
    for svc in effective_services(p):
        if not svc.active:
            continue
        cats = {a for c in svc.categories for a in _ancestors(p.categories, c)}
        reached = service_gminas(p, svc)
        for c in cats:
            providers[c].add(svc.institution)
            local[c].update(reached)
    wanted = sorted(set(categories) if categories is not None else set(providers))
    offers: dict[str, set[str]] = defaultdict(set)
    for c in wanted:
        for i in providers.get(c, ()):
            offers[i].add(c)
    hops: dict[str, list[int | None]] = {c: [None] * len(gminas) for c in wanted}
    anchor_types = (InstitutionType.OPS, InstitutionType.CUS)
    anchors_of: dict[str, list[str]] = defaultdict(list)
    for iid, inst in p.institutions.items():
        if inst.type in anchor_types:
            for g in p.gminas_of(inst):
                anchors_of[g].append(iid)
    for j, g in enumerate(gminas):
        for c in wanted:
            if g in local.get(c, ()):
                hops[c][j] = 0
        anchors = anchors_of.get(g, [])
        for node, d in _bfs(p.cooperation, anchors, max_hops).items():
            for c in offers.get(node, ()):
                current = hops[c][j]
                if current is None or d < current:
                    hops[c][j] = d
    km = _distances(p, gminas, wanted, providers)
    return [ReachRow(c, p.categories.get(c, (c, None))[0], tuple(hops[c]), km[c]) for c in wanted]


def _distances(
    p: Projection, gminas: Sequence[str], wanted: Sequence[str], providers: dict[str, set[str]]
) -> dict[str, tuple[float | None, ...]]:
    glat = np.array([p.units[g].lat if p.units[g].lat is not None else np.nan for g in gminas], dtype=float)
    glon = np.array([p.units[g].lon if p.units[g].lon is not None else np.nan for g in gminas], dtype=float)
    out: dict[str, tuple[float | None, ...]] = {}
    for c in wanted:
        locs = [loc for i in sorted(providers.get(c, ())) if (loc := p.location(p.institutions[i])) is not None]
        if not locs or not len(gminas):
            out[c] = tuple(None for _ in gminas)
            continue
        plat = np.radians(np.array([x[0] for x in locs]))[None, :]
        plon = np.radians(np.array([x[1] for x in locs]))[None, :]
        la, lo = np.radians(glat)[:, None], np.radians(glon)[:, None]
        a = np.sin((plat - la) / 2) ** 2 + np.cos(la) * np.cos(plat) * np.sin((plon - lo) / 2) ** 2
        d = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        best = np.min(d, axis=1)
        out[c] = tuple(None if np.isnan(x) else round(float(x), 1) for x in best)
    return out
