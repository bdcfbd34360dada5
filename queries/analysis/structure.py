"""Structure of a cooperation network: cohesion, centralization, weak points, brokers, communities, sectors.

All functions take an undirected :class:`networkx.Graph` whose nodes carry a
``sector`` (and ``type``) attribute, e.g. a layer of
:class:`~queries.analysis.projection.Projection`, and are deterministic for a
given ``seed``.

Betweenness at scale – the most expensive step.  It is computed on the
institution layer of the one territory analysed, per connected component
(betweenness is additive over components).  Components up to
:data:`EXACT_BETWEENNESS_LIMIT` nodes get exact Brandes (O(n·m); ~3 s at
1,000 institutions on the reference machine); larger ones get the
Brandes–Pich estimator with :data:`MAX_SOURCES` seeded source nodes (O(k·m)),
and the result carries the Hoeffding bound ε on every node's absolute error at
probability 1 − δ (δ = 0.05).  On the synthetic kujawsko-pomorskie
(2,488 institutions) the bound is ε ≤ 0.138, the measured maximum error 0.024,
and nine of the exact top ten brokers are in the sampled top ten, at a ~6×
lower cost (exact: 39 s).  ``kooperacja bench gaps`` re-measures this.

References
----------
* L. C. Freeman, "Centrality in social networks: conceptual clarification",
  Social Networks 1 (1979) 215–239 – degree centralization.
* R. E. Tarjan, "Depth-first search and linear graph algorithms", SIAM J.
  Comput. 1 (1972) – bridges and articulation points.
* U. Brandes, "A faster algorithm for betweenness centrality", J. Math.
  Sociol. 25 (2001); U. Brandes and C. Pich, "Centrality estimation in large
  networks", Int. J. Bifurcation and Chaos 17 (2007) – sampled betweenness.
* W. Hoeffding, "Probability inequalities for sums of bounded random
  variables", JASA 58 (1963) – the error bound of the sample.
* V. D. Blondel et al., "Fast unfolding of communities in large networks",
  J. Stat. Mech. (2008) P10008 – Louvain.
* R. S. Burt, *Structural Holes* (1992) – brokerage across groups.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graph.enums import InstitutionType, Sector

__all__ = [
    "Cohesion",
    "BrokerScore",
    "Brokers",
    "Communities",
    "SectorTies",
    "Coordinator",
    "StructureResult",
    "density",
    "degree_centralization",
    "cohesion",
    "brokers",
    "betweenness_sample_size",
    "betweenness_error",
    "communities",
    "sector_ties",
    "coordinator",
    "analyse_structure",
    "NAMED_PAIRS",
    "CORE_SECTORS",
    "EXACT_BETWEENNESS_LIMIT",
    "MAX_SOURCES",
    "BETWEENNESS_EPSILON",
    "pair_sample_size",
    "pair_sample_error",
    "KEY_BROKERS",
]

#: Brokers named in the findings and ringed on the network map (one number, so both say the same).
KEY_BROKERS = 3

#: Named cross-sector pairs the field asks about (pairs of institution-type groups).
NAMED_PAIRS: tuple[tuple[str, frozenset[InstitutionType], frozenset[InstitutionType]], ...] = (
    ("OPS/CUS – PUP", frozenset({InstitutionType.OPS, InstitutionType.CUS}), frozenset({InstitutionType.PUP})),
    ("OPS/CUS – CIS", frozenset({InstitutionType.OPS, InstitutionType.CUS}), frozenset({InstitutionType.CIS})),
    ("OPS/CUS – KIS", frozenset({InstitutionType.OPS, InstitutionType.CUS}), frozenset({InstitutionType.KIS})),
    ("PUP – CIS/KIS", frozenset({InstitutionType.PUP}), frozenset({InstitutionType.CIS, InstitutionType.KIS})),
)
#: Sectors a local multi-sector network should join (social assistance, education, health, justice…).
CORE_SECTORS: tuple[Sector, ...] = (
    Sector.SOCIAL_ASSISTANCE,
    Sector.LABOUR,
    Sector.SOCIAL_ECONOMY,
    Sector.EDUCATION,
    Sector.HEALTH,
    Sector.JUSTICE,
)

#: Exact betweenness up to this many nodes in a component (O(n·m) time: n full BFS); above it, exact
#: only while the component has fewer nodes than the pairs the stated error needs (the sample would cost more).
EXACT_BETWEENNESS_LIMIT = 100
#: Stated absolute error of sampled normalized betweenness (holds for every node with probability 1 − δ);
#: the sample size follows from it (:func:`pair_sample_size`), not the other way round.
BETWEENNESS_EPSILON = 0.05
#: Kept for callers that still pass a source count: the largest sample a component may take.
MAX_SOURCES = 100_000


def density(g: nx.Graph) -> float:
    """Share of possible ties present, 2m / (n(n−1)).

    >>> density(nx.complete_graph(4)), density(nx.empty_graph(3))
    (1.0, 0.0)
    """
    n = g.number_of_nodes()
    return 0.0 if n < 2 else round(2 * g.number_of_edges() / (n * (n - 1)), 6)


def degree_centralization(g: nx.Graph) -> float:
    """Freeman's degree centralization: Σ(d_max − d_i) / ((n−1)(n−2)); 1 for a star, 0 for a regular graph.

    Complexity O(n + m).

    >>> degree_centralization(nx.star_graph(5))
    1.0
    >>> degree_centralization(nx.cycle_graph(6))
    0.0
    >>> degree_centralization(nx.path_graph(4))
    0.333333
    """
    n = g.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in g.degree()]
    top = max(degrees)
    return round(sum(top - d for d in degrees) / ((n - 1) * (n - 2)), 6)


@dataclass(frozen=True)
class Cohesion:
    nodes: int
    edges: int
    density: float
    centralization: float
    components: int
    largest_component: int
    isolates: tuple[str, ...]
    bridges: tuple[tuple[str, str], ...]
    articulation_points: tuple[str, ...]


def cohesion(g: nx.Graph) -> Cohesion:
    """Size, density, centralization, components, isolates, bridges and cut vertices.

    Complexity O(n + m) (Tarjan's DFS).

    Examples
    --------
    A path's bridges are all its edges; its inner nodes are cut vertices:

    >>> c = cohesion(nx.path_graph(["a", "b", "c", "d"]))
    >>> c.bridges, c.articulation_points
    ((('a', 'b'), ('b', 'c'), ('c', 'd')), ('b', 'c'))
    """
    comps = list(nx.connected_components(g)) if g.number_of_nodes() else []
    bridges = tuple(sorted(tuple(sorted((a, b))) for a, b in nx.bridges(g))) if g.number_of_edges() else ()
    return Cohesion(
        nodes=g.number_of_nodes(),
        edges=g.number_of_edges(),
        density=density(g),
        centralization=degree_centralization(g),
        components=len(comps),
        largest_component=max((len(c) for c in comps), default=0),
        isolates=tuple(sorted(nx.isolates(g))),
        bridges=bridges,  # type: ignore[arg-type]
        articulation_points=tuple(sorted(nx.articulation_points(g))),
    )


# ---------------------------------------------------------------- brokers


def betweenness_sample_size(n: int, epsilon: float = 0.05, delta: float = 0.05) -> int:
    """Source samples so that every node's normalized betweenness is within ε with probability ≥ 1−δ.

    Each sampled source s contributes X_s = δ_s(v)/(n−2) ∈ [0, 1]; by
    Hoeffding's inequality (valid for sampling without replacement) and a union
    bound over n nodes, k ≥ ln(2n/δ) / (2ε²) sources suffice.

    >>> betweenness_sample_size(10_000)
    2580
    """
    return math.ceil(math.log(2 * max(n, 1) / delta) / (2 * epsilon**2))


def betweenness_error(n: int, k: int, delta: float = 0.05) -> float:
    """The ε guaranteed by k sampled sources (inverse of :func:`betweenness_sample_size`).

    >>> betweenness_error(10_000, 2580) <= 0.05
    True
    """
    return round(math.sqrt(math.log(2 * max(n, 1) / delta) / (2 * max(k, 1))), 4)


@dataclass(frozen=True)
class BrokerScore:
    id: str
    betweenness: float
    degree: int
    sectors_reached: int
    cross_sector_pairs: int


@dataclass(frozen=True)
class Brokers:
    method: str  # "exact" | "sampled"
    sources: int | None  # sampled sources in the largest sampled component
    epsilon: float | None  # max absolute error of normalized betweenness (prob. 1 − delta)
    delta: float | None
    top: tuple[BrokerScore, ...]


def pair_sample_size(vertex_diameter: int, epsilon: float = BETWEENNESS_EPSILON, delta: float = 0.05) -> int:
    """Sampled node pairs for an ε-approximation of every node's betweenness with probability ≥ 1 − δ.

    Riondato & Kornaropoulos, "Fast approximation of betweenness centrality
    through sampling" (WSDM 2014; Data Min. Knowl. Disc. 30, 2016), Thm. 2:
    r = (c/ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ)) with c ≈ 0.5, where VD is the
    vertex diameter.  Unlike the source-sampling bound it does not grow with
    the number of nodes.

    >>> pair_sample_size(20), pair_sample_size(20, epsilon=0.1)
    (1600, 400)
    """
    vd = max(vertex_diameter, 3)
    return math.ceil(0.5 / epsilon**2 * (math.floor(math.log2(vd - 2)) + 1 + math.log(1 / delta)))


def pair_sample_error(vertex_diameter: int, k: int, delta: float = 0.05) -> float:
    """The ε that k sampled pairs guarantee (inverse of :func:`pair_sample_size`).

    >>> pair_sample_error(20, 1600) <= 0.05
    True
    """
    vd = max(vertex_diameter, 3)
    return math.sqrt(0.5 / max(k, 1) * (math.floor(math.log2(vd - 2)) + 1 + math.log(1 / delta)))


def _vertex_diameter_bound(g: nx.Graph, start: str) -> int:
    """An upper bound of the vertex diameter: 2·eccentricity(start) + 1 (one BFS)."""
    return 2 * max(nx.single_source_shortest_path_length(g, start).values()) + 1


def _csr(g: nx.Graph) -> tuple[list[str], Any, Any]:
    """Nodes (sorted) and the CSR adjacency (indptr, indices) of an undirected graph, both directions."""
    nodes = sorted(g, key=str)
    n = len(nodes)
    index = {v: j for j, v in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in g.edges()], dtype=np.int64).reshape(-1, 2)
    heads = np.concatenate([pairs[:, 0], pairs[:, 1]])
    tails = np.concatenate([pairs[:, 1], pairs[:, 0]])
    indices = tails[np.argsort(heads, kind="stable")]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(heads, minlength=n), out=indptr[1:])
    return nodes, indptr, indices


def _bfs_levels(indptr: Any, indices: Any, s: int, n: int, stop: int = -1) -> tuple[Any, Any, list[tuple[Any, Any]]]:
    """Level-synchronous BFS from s counting shortest paths: dist, sigma and per level the onward edges (v, w).

    One NumPy operation per level instead of one Python step per edge; stops
    after the level that reaches ``stop`` (when given).
    """
    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    dist[s], sigma[s] = 0, 1.0
    frontier = np.array([s], dtype=np.int64)
    levels: list[tuple[Any, Any]] = []
    d = 0
    while frontier.size and (stop < 0 or dist[stop] < 0):
        starts, counts = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts) + np.arange(
            int(counts.sum())
        )
        nb = indices[offsets]
        origin = np.repeat(frontier, counts)
        fresh = nb[dist[nb] < 0]
        dist[fresh] = d + 1
        onward = dist[nb] == d + 1
        v, w = origin[onward], nb[onward]
        np.add.at(sigma, w, sigma[v])
        levels.append((v, w))
        frontier = np.flatnonzero(dist == d + 1) if fresh.size else fresh
        d += 1
    return dist, sigma, levels


def _exact_betweenness(g: nx.Graph) -> dict[str, float]:
    """Brandes' exact betweenness (sum over unordered pairs, as networkx ``normalized=False``), vectorised per level."""
    nodes, indptr, indices = _csr(g)
    n = len(nodes)
    bc = np.zeros(n)
    for s in range(n):
        _, sigma, levels = _bfs_levels(indptr, indices, s, n)
        delta = np.zeros(n)
        for v, w in reversed(levels):
            np.add.at(delta, v, sigma[v] / sigma[w] * (1.0 + delta[w]))
        delta[s] = 0.0
        bc += delta
    return {v: float(bc[j]) / 2 for j, v in enumerate(nodes)}


def _pair_sampled_betweenness(g: nx.Graph, k: int, rng: random.Random) -> dict[str, float]:
    """Riondato–Kornaropoulos estimator: k random pairs, one uniformly random shortest path each.

    Returns the estimate of betweenness normalized over the ordered pairs of
    ``g`` (one connected component).  The BFS is level-synchronous on a CSR
    adjacency in NumPy (one array operation per level, not per edge) and stops
    at the target's level; the path is then drawn backwards, each predecessor
    chosen in proportion to its number of shortest paths.
    """
    nodes, indptr, indices = _csr(g)
    n = len(nodes)
    est = np.zeros(n)
    step = 1.0 / k
    for _ in range(k):
        s, t = rng.sample(range(n), 2)
        dist, sigma, _ = _bfs_levels(indptr, indices, s, n, stop=t)
        w = t
        while True:
            nbrs = indices[indptr[w] : indptr[w + 1]]
            cand = nbrs[dist[nbrs] == dist[w] - 1]
            weights = np.cumsum(sigma[cand])
            u = int(cand[min(int(np.searchsorted(weights, rng.random() * weights[-1], side="right")), cand.size - 1)])
            if u == s:
                break
            est[u] += step
            w = u
    return {v: float(est[j]) for j, v in enumerate(nodes)}


def _component_betweenness(
    g: nx.Graph, seed: int, epsilon: float, delta: float, exact_limit: int, max_samples: int = MAX_SOURCES
) -> tuple[dict[str, float], str, int | None, float | None]:
    # Betweenness is additive over components: no shortest path leaves one.
    n = g.number_of_nodes()
    raw: dict[str, float] = dict.fromkeys(g.nodes, 0.0)  # sum over unordered pairs
    method, k_max, eps_max = "exact", None, None
    rng = random.Random(seed)
    for comp in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(map(str, c)))):
        if len(comp) < 3:
            continue
        # a copy, not a view: filtered subgraph views make every neighbour look-up ~10× slower
        sub = nx.Graph(g.subgraph(sorted(comp, key=str)))
        nc = len(comp)
        vd = _vertex_diameter_bound(sub, min(comp, key=str)) if nc > exact_limit else 0
        k = min(pair_sample_size(vd, epsilon, delta), max_samples) if vd else 0
        if nc <= exact_limit or nc <= k:
            # exact costs nc BFS, the sample k: sample only when that is cheaper
            part = _exact_betweenness(sub)
        else:
            ordered = _pair_sampled_betweenness(sub, k, rng)
            part = {v: b * nc * (nc - 1) / 2 for v, b in ordered.items()}  # back to a sum over unordered pairs
            method = "sampled"
            k_max = max(k_max or 0, k)
            # the component's ε, scaled as its pairs are to the whole graph's normalization
            scaled = pair_sample_error(vd, k, delta)
            eps_max = max(eps_max or 0.0, round(scaled * nc * (nc - 1) / ((n - 1) * (n - 2)), 4))
        raw.update(part)
    # normalized over the whole graph (as networkx does for undirected graphs)
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {v: b * scale for v, b in raw.items()}, method, k_max, eps_max


def _cross_sector(g: nx.Graph, v: str) -> tuple[int, int]:
    """Sectors among v and its neighbours; pairs of neighbours in different sectors not tied to each other.

    O(Σ deg(u)) over the neighbours u: all cross-sector pairs by counting,
    minus the cross-sector pairs that are tied directly.
    """
    nbrs = set(g.adj[v])
    sector = {u: g.nodes[u].get("sector") for u in nbrs}
    counts = Counter(sector.values())
    d = len(nbrs)
    cross_total = (d * d - sum(c * c for c in counts.values())) // 2
    tied = 0
    for a in nbrs:
        for b in g.adj[a]:
            if b in nbrs and str(a) < str(b) and sector[a] != sector[b]:
                tied += 1
    sectors = set(counts) | {g.nodes[v].get("sector")}
    return len(sectors - {None}), cross_total - tied


def brokers(
    g: nx.Graph,
    top: int = 10,
    *,
    seed: int = 0,
    max_sources: int = MAX_SOURCES,
    delta: float = 0.05,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    epsilon: float = BETWEENNESS_EPSILON,
) -> Brokers:
    """Institutions on the most shortest paths (normalized betweenness), with their cross-sector reach.

    Parameters
    ----------
    g : networkx.Graph
    top : int
        How many brokers to return (betweenness > 0 only).
    seed : int
        Seed of the source sample (used only for components above ``exact_limit``).
    max_sources : int
        Cap on the node pairs sampled per large component (the bound then follows from the cap).
    delta : float
        Failure probability of the stated error bound.
    epsilon : float
        Stated absolute error of every node's normalized betweenness in a sampled
        component; the number of sampled pairs follows from it (:func:`pair_sample_size`,
        Riondato–Kornaropoulos estimator: one random shortest path per random pair).
    exact_limit : int
        Components up to this size are computed exactly.

    Returns
    -------
    Brokers
        ``method`` says whether the values are exact or sampled and, if sampled,
        the number of sources and the bound ε on the absolute error of every
        node's normalized betweenness, holding with probability 1 − δ
        (:func:`betweenness_error`).

    Notes
    -----
    Exact Brandes is O(n·m); the sample O(k·m).  The centre of a star brokers every pair:

    >>> b = brokers(nx.star_graph(4))
    >>> b.method, b.top[0].id, b.top[0].betweenness
    ('exact', 0, 1.0)

    A large component is sampled (pairs, sized to the stated error ε), with the bound stated:

    >>> b = brokers(nx.path_graph(600), exact_limit=50, epsilon=0.3)
    >>> b.method, b.sources, b.epsilon
    ('sampled', 78, 0.3005)
    """
    if g.number_of_nodes() == 0:
        return Brokers("exact", None, None, None, ())
    bc, method, k, eps = _component_betweenness(g, seed, epsilon, delta, exact_limit, max_sources)
    ranked = sorted(((-round(b, 9), str(v), v) for v, b in bc.items() if b > 1e-12))[:top]
    scores = []
    for negb, _, v in ranked:
        sectors, pairs = _cross_sector(g, v)
        scores.append(BrokerScore(v, round(-negb, 6), g.degree(v), sectors, pairs))
    return Brokers(method, k, eps, delta if method == "sampled" else None, tuple(scores))


# ---------------------------------------------------------------- communities


@dataclass(frozen=True)
class Communities:
    groups: tuple[tuple[str, ...], ...]  # largest first, isolates excluded
    modularity: float
    seed: int


def communities(g: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> Communities:
    """Louvain communities (seeded) of the non-isolated nodes and their modularity.

    Complexity ~O(m log n) in practice.

    >>> g = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> communities(g, seed=1).groups
    ((1, 2, 3), (4, 5, 6))
    """
    h = nx.Graph(g.subgraph(sorted(v for v in g if g.degree(v) > 0)))
    if h.number_of_edges() == 0:
        return Communities((), 0.0, seed)
    parts = nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)
    groups = tuple(sorted((tuple(sorted(c)) for c in parts), key=lambda c: (-len(c), str(c[0]))))
    q = nx.community.modularity(h, [set(c) for c in groups], weight="weight")
    return Communities(groups, round(q, 6), seed)


# ---------------------------------------------------------------- sectors


@dataclass(frozen=True)
class SectorTies:
    matrix: dict[tuple[str, str], int]  # (sector a, sector b), a <= b → ties
    cross_share: float  # share of ties joining two sectors
    named_pairs: dict[str, int]  # named pair → ties
    missing_pairs: dict[str, tuple[str, ...]]  # named pair → institutions of the first group without such a tie


def sector_ties(g: nx.Graph) -> SectorTies:
    """Ties by sector pair, the named pairs (OPS–PUP, OPS–CIS…) and who lacks them.

    >>> g = nx.Graph()
    >>> g.add_node("ops", type="OPS", sector="social_assistance", located=True)
    >>> g.add_node("pup", type="PUP", sector="labour", located=True)
    >>> g.add_node("ops2", type="OPS", sector="social_assistance", located=True)
    >>> g.add_edge("ops", "pup")
    >>> s = sector_ties(g)
    >>> s.named_pairs["OPS/CUS – PUP"], s.missing_pairs["OPS/CUS – PUP"]
    (1, ('ops2',))
    """
    matrix: Counter[tuple[str, str]] = Counter()
    for a, b in g.edges():
        sa, sb = sorted((g.nodes[a].get("sector", "other"), g.nodes[b].get("sector", "other")))
        matrix[(sa, sb)] += 1
    total = sum(matrix.values())
    cross = sum(n for (a, b), n in matrix.items() if a != b)
    named: dict[str, int] = {}
    missing: dict[str, tuple[str, ...]] = {}
    for label, left, right in NAMED_PAIRS:
        lv, rv = {t.value for t in left}, {t.value for t in right}
        named[label] = sum(
            1
            for a, b in g.edges()
            if (g.nodes[a].get("type") in lv and g.nodes[b].get("type") in rv)
            or (g.nodes[b].get("type") in lv and g.nodes[a].get("type") in rv)
        )
        if any(g.nodes[v].get("type") in rv for v in g):
            missing[label] = tuple(
                sorted(
                    v
                    for v in g
                    if g.nodes[v].get("type") in lv
                    and g.nodes[v].get("located", True)
                    and not any(g.nodes[u].get("type") in rv for u in g.adj[v])
                )
            )
    return SectorTies(dict(sorted(matrix.items())), round(cross / total, 6) if total else 0.0, named, missing)


@dataclass(frozen=True)
class Coordinator:
    """The "missing coordinator" signal: nobody brokers between the sectors present."""

    missing: bool
    reason: str  # Polish
    candidates: tuple[str, ...]  # institutions that do broker between ≥ min_sectors sectors
    sectors_present: tuple[str, ...]
    sectors_disconnected: tuple[str, ...] = field(default=())


def coordinator(g: nx.Graph, broker_result: Brokers | None = None, min_sectors: int = 3) -> Coordinator:
    """Detect a missing coordinator: no institution links ≥ ``min_sectors`` sectors as a broker.

    An institution coordinates when it sits on shortest paths (betweenness > 0),
    its neighbourhood spans at least ``min_sectors`` sectors (its own included) and
    at least one pair of its neighbours from different sectors is tied only
    through it (a cross-sector structural hole, Burt 1992).  The signal is raised
    when no institution qualifies, or when core sectors present in the territory
    are not connected to the largest component.

    >>> star = nx.star_graph(3)
    >>> for v, s in zip(range(4), ["social_assistance", "labour", "health", "justice"]):
    ...     star.nodes[v]["sector"] = s
    >>> coordinator(star).missing
    False
    >>> coordinator(nx.relabel_nodes(star.subgraph([1, 2, 3]).copy(), str)).missing
    True
    """
    present = sorted({g.nodes[v].get("sector") for v in g} - {None})
    result = broker_result or brokers(g, top=g.number_of_nodes())
    qualified = tuple(b.id for b in result.top if b.sectors_reached >= min_sectors and b.cross_sector_pairs > 0)
    comps = sorted(nx.connected_components(g), key=len, reverse=True) if g.number_of_nodes() else []
    giant = comps[0] if comps else set()
    core = {s.value for s in CORE_SECTORS}
    in_giant = {g.nodes[v].get("sector") for v in giant}
    disconnected = tuple(sorted(s for s in present if s in core and s not in in_giant))
    if len(present) < 2:
        return Coordinator(False, "w sieci jest tylko jeden sektor", qualified, tuple(present), disconnected)
    if not qualified:
        reason = f"żadna instytucja nie pośredniczy między co najmniej {min_sectors} sektorami"
        return Coordinator(True, reason, qualified, tuple(present), disconnected)
    if disconnected:
        labels = ", ".join(Sector(s).label for s in disconnected)
        return Coordinator(
            True, f"sektory poza główną częścią sieci: {labels}", qualified, tuple(present), disconnected
        )
    return Coordinator(False, "jest instytucja łącząca sektory", qualified, tuple(present), disconnected)


# ---------------------------------------------------------------- together


@dataclass(frozen=True)
class StructureResult:
    layer: str
    cohesion: Cohesion
    brokers: Brokers
    communities: Communities
    sectors: SectorTies
    coordinator: Coordinator
    #: Normalized betweenness of every node (not serialised: the brokers carry the top of it).
    betweenness: dict[str, float] = field(default_factory=dict, compare=False, repr=False)


def analyse_structure(
    g: nx.Graph,
    layer: str,
    *,
    seed: int = 0,
    top: int = 10,
    max_sources: int = MAX_SOURCES,
    epsilon: float = BETWEENNESS_EPSILON,
) -> StructureResult:
    """All structural measures of one layer (see the functions above)."""
    full = brokers(g, top=g.number_of_nodes(), seed=seed, max_sources=max_sources, epsilon=epsilon)
    shown = Brokers(full.method, full.sources, full.epsilon, full.delta, full.top[:top])
    return StructureResult(
        layer=layer,
        cohesion=cohesion(g),
        brokers=shown,
        communities=communities(g, seed=seed),
        sectors=sector_ties(g),
        coordinator=coordinator(g, full),
        betweenness={b.id: b.betweenness for b in full.top},
    )
