"""Network structure on hand-built graphs whose answers are known."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from queries.analysis.structure import (
    betweenness_error,
    betweenness_sample_size,
    brokers,
    cohesion,
    communities,
    coordinator,
    degree_centralization,
    density,
    sector_ties,
)


def _sectors(g: nx.Graph, sectors: dict, types: dict | None = None) -> nx.Graph:
    for v in g:
        g.nodes[v]["sector"] = sectors[v]
        g.nodes[v]["type"] = (types or {}).get(v, "INNA")
        g.nodes[v]["located"] = True
    return g


@pytest.mark.parametrize("leaves", [2, 3, 7, 30])
def test_star_has_centralization_one_and_its_centre_brokers_everything(leaves: int) -> None:
    star = nx.star_graph(leaves)
    assert degree_centralization(star) == 1.0
    b = brokers(star)
    assert b.method == "exact"
    assert [x.id for x in b.top] == [0]
    assert b.top[0].betweenness == 1.0


@pytest.mark.parametrize("g", [nx.cycle_graph(7), nx.complete_graph(5), nx.empty_graph(4)])
def test_regular_graphs_have_centralization_zero(g: nx.Graph) -> None:
    assert degree_centralization(g) == 0.0


def test_path_centralization_by_hand() -> None:
    # path of 5: degrees 1,2,2,2,1 → Σ(2−d) = 2, (n−1)(n−2) = 12
    assert degree_centralization(nx.path_graph(5)) == round(2 / 12, 6)


def test_density_by_hand() -> None:
    g = nx.Graph([(1, 2), (2, 3)])
    g.add_node(4)
    assert density(g) == round(2 * 2 / (4 * 3), 6)


def test_path_bridges_are_all_its_edges_and_inner_nodes_are_cut_vertices() -> None:
    names = [f"i{k}" for k in range(6)]
    c = cohesion(nx.path_graph(names))
    assert c.bridges == tuple(itertools.pairwise(names))
    assert c.articulation_points == tuple(names[1:-1])
    assert c.components == 1 and c.isolates == ()


def test_cycle_has_no_bridges_and_isolates_are_listed() -> None:
    g = nx.cycle_graph(["a", "b", "c", "d"])
    g.add_nodes_from(["z", "y"])
    c = cohesion(g)
    assert c.bridges == () and c.articulation_points == ()
    assert c.isolates == ("y", "z")
    assert c.components == 3 and c.largest_component == 4


def test_two_triangles_with_a_bridge_form_two_communities_for_any_seed() -> None:
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    for seed in range(5):
        assert communities(g, seed=seed).groups == (("a", "b", "c"), ("x", "y", "z"))
    c = cohesion(g)
    assert c.bridges == (("c", "x"),)


def test_same_seed_same_communities_on_a_random_graph() -> None:
    g = nx.relabel_nodes(nx.gnm_random_graph(80, 200, seed=3), str)
    assert communities(g, seed=11) == communities(g, seed=11)


def test_sampled_betweenness_respects_the_stated_error_bound() -> None:
    g = nx.relabel_nodes(nx.barabasi_albert_graph(400, 3, seed=5), lambda v: f"n{v:03d}")
    exact = nx.betweenness_centrality(g)
    b = brokers(g, top=400, seed=1, exact_limit=100, epsilon=0.15)
    # the sample is sized to the stated error (Riondato–Kornaropoulos), not fixed
    assert b.method == "sampled" and b.sources is not None and 0 < b.sources < 400
    assert b.epsilon is not None and b.epsilon <= 0.15 * 400 / 398 + 1e-4
    worst = max(abs(exact[v] - next((x.betweenness for x in b.top if x.id == v), 0.0)) for v in g)
    assert worst <= b.epsilon
    # a looser stated error samples fewer pairs
    assert brokers(g, top=5, seed=1, exact_limit=100, epsilon=0.25).sources < b.sources  # type: ignore[operator]
    # a stated error that needs more pairs than the component has nodes is computed exactly (cheaper)
    assert brokers(g, top=5, seed=1, exact_limit=100, epsilon=0.05).method == "exact"
    # and it is reproducible
    assert brokers(g, top=400, seed=1, exact_limit=100, epsilon=0.15) == b
    # a cap on the sample widens the stated error accordingly
    capped = brokers(g, top=400, seed=1, exact_limit=100, epsilon=0.15, max_sources=60)
    assert capped.sources == 60 and capped.epsilon > b.epsilon  # type: ignore[operator]


def test_sample_size_and_error_are_inverse() -> None:
    k = betweenness_sample_size(5000, epsilon=0.1, delta=0.05)
    assert betweenness_error(5000, k, 0.05) <= 0.1
    assert betweenness_error(5000, k - 1, 0.05) > betweenness_error(5000, k, 0.05)


def test_betweenness_is_additive_over_components() -> None:
    # two stars: each centre brokers its own leaves; normalised over the whole graph
    g = nx.disjoint_union(nx.star_graph(3), nx.star_graph(3))
    b = brokers(g)
    n = 8
    expected = round(3 / ((n - 1) * (n - 2) / 2), 6)  # 3 leaf pairs per centre
    assert {x.id: x.betweenness for x in b.top} == {0: expected, 4: expected}


def test_named_cross_sector_pairs_and_who_lacks_them() -> None:
    g = nx.Graph([("ops1", "pup"), ("ops1", "cis"), ("ops2", "cis")])
    g.add_node("ops3")
    _sectors(
        g,
        {
            "ops1": "social_assistance",
            "ops2": "social_assistance",
            "ops3": "social_assistance",
            "pup": "labour",
            "cis": "social_economy",
        },
        {"ops1": "OPS", "ops2": "OPS", "ops3": "CUS", "pup": "PUP", "cis": "CIS"},
    )
    s = sector_ties(g)
    assert s.named_pairs["OPS/CUS – PUP"] == 1
    assert s.missing_pairs["OPS/CUS – PUP"] == ("ops2", "ops3")
    assert s.named_pairs["OPS/CUS – CIS"] == 2
    assert s.missing_pairs["OPS/CUS – CIS"] == ("ops3",)
    assert s.cross_share == 1.0
    assert s.matrix == {("labour", "social_assistance"): 1, ("social_assistance", "social_economy"): 2}


def test_missing_coordinator_when_sectors_only_meet_inside_their_own_cliques() -> None:
    # three sector cliques joined by single cross ties between non-hubs: nobody spans 3 sectors
    g = nx.Graph()
    sectors = {}
    for s, prefix in [("social_assistance", "a"), ("health", "h"), ("justice", "j")]:
        nodes = [f"{prefix}{k}" for k in range(3)]
        g.add_edges_from(itertools.combinations(nodes, 2))
        sectors.update(dict.fromkeys(nodes, s))
    g.add_edges_from([("a0", "h0"), ("h1", "j0")])
    _sectors(g, sectors)
    signal = coordinator(g)
    assert signal.missing is True
    assert signal.candidates == ()
    # a hub tied to all three sectors fills the role
    g.add_node("hub")
    g.nodes["hub"].update(sector="social_assistance", type="CUS", located=True)
    g.add_edges_from([("hub", "a2"), ("hub", "h2"), ("hub", "j2")])
    assert coordinator(g).missing is False
    assert "hub" in coordinator(g).candidates


def test_missing_coordinator_when_a_core_sector_is_cut_off() -> None:
    g = nx.star_graph(["ops", "pup", "cis", "szkola"])
    g.add_edge("sad", "policja")
    _sectors(
        g,
        {
            "ops": "social_assistance",
            "pup": "labour",
            "cis": "social_economy",
            "szkola": "education",
            "sad": "justice",
            "policja": "justice",
        },
    )
    signal = coordinator(g)
    assert signal.missing is True
    assert signal.sectors_disconnected == ("justice",)


def test_brokers_list_only_nodes_on_shortest_paths() -> None:
    rng = random.Random(2)
    g = nx.path_graph(["a", "b", "c"])
    g.add_node("lonely")
    _sectors(g, {v: rng.choice(["labour", "health"]) for v in g})
    assert [b.id for b in brokers(g).top] == ["b"]
