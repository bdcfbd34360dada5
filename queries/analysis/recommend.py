"""Recommendations: partners each institution should know, and who could fill each gap.

**Partners** come from link prediction on the two-mode graph of institutions
and their *contexts* – the gminas they serve and the clients they met in the
period.  Two institutions that share contexts but have neither a declared tie
nor a shared partnership are candidates; they are scored with the Adamic–Adar
index over shared contexts, Σ 1 / log(deg c), so a client or a small gmina
shared by two institutions weighs more than a city served by dozens, and the
Jaccard index is reported alongside.  Every recommendation carries its reason
in Polish.

**Gap fillers** are the nearest institutions (great-circle distance from the
unit's centroid) of the types an unmet expectation asks for, and the nearest
providers of a target group where clients of that group have no service.

Complexity: O(Σ_c deg(c)²) candidate pairs over contexts c, capped by
ignoring contexts with more than ``max_context`` institutions (their
Adamic–Adar weight is below 1/log(max_context) anyway); gap fillers O(G·P).

References
----------
* L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social
  Networks 25 (2003) 211–230.
* D. Liben-Nowell and J. Kleinberg, "The link-prediction problem for social
  networks", JASIST 58 (2007) 1019–1031.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from queries.analysis import privacy
from queries.analysis.coverage import CoverageMatrix, EmptyCell, ExpectationCheck
from queries.analysis.expectations import DEFAULT_EXPECTATIONS, Expectation
from queries.analysis.geo import nearest as nearest_many
from queries.analysis.projection import InstitutionInfo, Projection

__all__ = ["PartnerSuggestion", "GapFiller", "suggest_partners", "fill_expectation_gaps", "fill_need_gaps"]


@dataclass(frozen=True)
class PartnerSuggestion:
    institution: str
    partner: str
    adamic_adar: float
    jaccard: float
    shared_gminas: tuple[str, ...]
    shared_clients: int | None  # suppressed
    referral_flow: bool  # they already exchange referrals without a declared tie
    reason: str  # Polish


@dataclass(frozen=True)
class GapFiller:
    gap: str  # expectation id or "group:<id>"
    teryt: str
    unit_name: str
    institution: str
    institution_name: str
    km: float


def _contexts(p: Projection) -> dict[str, set[tuple[str, str]]]:
    ctx: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for iid, inst in p.institutions.items():
        ctx[iid].update(("gmina", g) for g in p.gminas_of(inst))
    for client, insts in p.client_contacts.items():
        for iid in insts:
            ctx[iid].add(("client", client))
    return ctx


def suggest_partners(p: Projection, per_institution: int = 3, *, max_context: int = 200) -> list[PartnerSuggestion]:
    """The partners each institution located in the territory should know.

    Parameters
    ----------
    p : Projection
    per_institution : int
        Suggestions kept per institution (best Adamic–Adar first, ties by id).
    max_context : int
        Contexts (gminas, clients) met by more institutions are ignored.

    Returns
    -------
    list of PartnerSuggestion
        Sorted by institution, then score.

    Examples
    --------
    Two institutions serve the same small gmina and met the same client; a third serves only a city:

    >>> import datetime as dt
    >>> from graph.enums import InstitutionType as T
    >>> from queries.analysis.projection import InstitutionInfo, Period, Registration, Unit
    >>> p = Projection(root=Unit("0415", "powiat", "t"), period=Period.parse("2025"),
    ...     units={"041501": Unit("041501", "gmina", "A", parent="0415"),
    ...            "041502": Unit("041502", "gmina", "B", parent="0415")},
    ...     institutions={"ops": InstitutionInfo("ops", "OPS", T.OPS, "041501"),
    ...                   "ngo": InstitutionInfo("ngo", "NGO", T.NGO, "041501"),
    ...                   "sds": InstitutionInfo("sds", "ŚDS", T.SDS, "041502")},
    ...     registrations=[Registration("c1", "ops"), Registration("c1", "ngo")])
    >>> [(s.institution, s.partner, s.shared_gminas) for s in suggest_partners(p)]
    [('ngo', 'ops', ('041501',)), ('ops', 'ngo', ('041501',))]
    """
    ctx = _contexts(p)
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for iid in sorted(ctx):
        for c in ctx[iid]:
            members[c].append(iid)
    known = p.declared.copy()
    known.add_edges_from(p.partnership.edges())
    flows = p.referral_flows
    score: dict[tuple[str, str], float] = defaultdict(float)
    for c in sorted(members):
        insts = members[c]
        if not 2 <= len(insts) <= max_context:
            continue
        w = 1 / math.log(len(insts))
        for i, a in enumerate(insts):
            for b in insts[i + 1 :]:
                if not known.has_edge(a, b):
                    score[(a, b)] += w
    ranked: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (a, b), s in score.items():
        for x, y in ((a, b), (b, a)):
            if p.institutions[x].located:
                ranked[x].append((s, y))
    out: list[PartnerSuggestion] = []
    for iid in sorted(ranked):
        for s, partner in sorted(ranked[iid], key=lambda t: (-round(t[0], 9), t[1]))[:per_institution]:
            out.append(_suggestion(p, ctx, flows, iid, partner, s))
    return out


def _suggestion(
    p: Projection, ctx: dict[str, set[tuple[str, str]]], flows: nx.DiGraph, a: str, b: str, s: float
) -> PartnerSuggestion:
    shared = ctx[a] & ctx[b]
    gminas = tuple(sorted(c[1] for c in shared if c[0] == "gmina"))
    clients = privacy.suppress(sum(1 for c in shared if c[0] == "client"))
    flow = flows.has_edge(a, b) or flows.has_edge(b, a)
    parts = []
    if gminas:
        names = ", ".join(p.unit_name(g) for g in gminas[:3]) + (
            f" i {len(gminas) - 3} inne" if len(gminas) > 3 else ""
        )
        parts.append(f"działają w tych samych gminach ({names})")
    n_clients = sum(1 for c in shared if c[0] == "client")
    if n_clients:
        parts.append(f"mają wspólnych klientów ({privacy.display(clients)})")
    if flow:
        parts.append("wymieniają skierowania bez zadeklarowanej współpracy")
    sa, sb = p.institutions[a].sector, p.institutions[b].sector
    if sa != sb:
        parts.append(f"łączą sektory: {sa.label} – {sb.label}")
    jac = len(shared) / len(ctx[a] | ctx[b]) if ctx[a] | ctx[b] else 0.0
    return PartnerSuggestion(a, b, round(s, 6), round(jac, 6), gminas, clients, flow, "; ".join(parts))


def _targets(p: Projection, insts: Sequence[InstitutionInfo]) -> list[tuple[str, float, float]]:
    return [(i.id, *loc) for i in insts if (loc := p.location(i)) is not None]


def fill_expectation_gaps(
    p: Projection,
    checks: Sequence[ExpectationCheck],
    expectations: Sequence[Expectation] = DEFAULT_EXPECTATIONS,
    n: int = 3,
) -> list[GapFiller]:
    """For each unmet expectation, the ``n`` nearest institutions of the expected types (anywhere).

    Complexity O(U·P) distance evaluations (vectorised) for U gaps and P institutions of the types.
    """
    by_id = {e.id: e for e in expectations}
    pool = p.pool
    wanted: dict[tuple[str, bool], list[ExpectationCheck]] = defaultdict(list)
    for chk in checks:
        unit = p.units.get(chk.teryt)
        if not chk.met and chk.expectation in by_id and unit is not None:
            wanted[(chk.expectation, unit.is_city_powiat)].append(chk)
    found: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for (eid, city), gaps in wanted.items():
        exp = by_id[eid]
        targets = _targets(p, [i for i in pool.values() if exp.satisfied_by(i.type, city)])
        origins = [
            (u.lat, u.lon) if (u := p.units[c.teryt]).lat is not None and u.lon is not None else None for c in gaps
        ]
        for chk, best in zip(gaps, nearest_many(origins, targets, n), strict=True):
            found[(chk.expectation, chk.teryt)] = best
    out: list[GapFiller] = []
    for chk in checks:
        for km, iid in found.get((chk.expectation, chk.teryt), []) if not chk.met else []:
            out.append(GapFiller(chk.expectation, chk.teryt, p.unit_name(chk.teryt), iid, pool[iid].name, km))
    return out


def fill_need_gaps(p: Projection, matrix: CoverageMatrix, n: int = 2) -> list[GapFiller]:
    """For target groups with clients in a gmina but no service there, the nearest providers for the group.

    Only cells with known demand are considered (clients of the group registered in the gmina).  Providers
    are the territory's institutions and those just across its border (:attr:`Projection.nearby_providers`).
    """
    providers: dict[str, set[str]] = defaultdict(set)
    everyone = {**p.nearby_providers, **p.institutions}
    for svc in [*p.services, *p.nearby_services]:
        if svc.active and svc.institution in everyone:
            for grp in svc.groups:
                providers[grp].add(svc.institution)
    cells_by_need: dict[str, list[EmptyCell]] = defaultdict(list)
    for cell in matrix.empty_cells:
        if cell.kind == "group" and cell.demand_known and cell.gmina in p.units:
            cells_by_need[cell.need].append(cell)
    found: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for need, cells in cells_by_need.items():
        targets = _targets(p, [everyone[i] for i in sorted(providers.get(need, ()))])
        origins = [
            (u.lat, u.lon) if (u := p.units[c.gmina]).lat is not None and u.lon is not None else None for c in cells
        ]
        for cell, best in zip(cells, nearest_many(origins, targets, n), strict=True):
            found[(need, cell.gmina)] = best
    out: list[GapFiller] = []
    for cell in matrix.empty_cells:
        for km, iid in found.get((cell.need, cell.gmina), []) if cell.kind == "group" else []:
            out.append(GapFiller(f"group:{cell.need}", cell.gmina, cell.gmina_name, iid, everyone[iid].name, km))
    return out
