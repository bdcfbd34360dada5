"""The territory's network for the portal's map (issue 11 page 4, issue 14): nodes, layered edges, brokers, isolates.

Edges come from :func:`queries.analysis.export.export_graph`, the same graph
the GraphML download has: referral flows carry their weight only after the
report-wide suppression (``null`` when hidden).
"""

from __future__ import annotations

import strawberry

from queries.analysis.export import export_graph
from queries.analysis.report import GapReport
from queries.analysis.structure import KEY_BROKERS

__all__ = ["GapNetwork", "GapNetworkNode", "GapNetworkEdge", "network_from"]


@strawberry.type(description="Instytucja na mapie sieci.")
class GapNetworkNode:
    id: strawberry.ID
    label: str
    name: str
    type: str
    type_label: str
    sector: str
    sector_label: str
    gmina: str
    in_territory: bool
    degree: int
    betweenness: float
    broker: bool = strawberry.field(description="Jeden z głównych pośredników (ci sami, których wymienia raport).")
    isolated: bool = strawberry.field(description="Bez żadnego powiązania w żadnej warstwie.")


@strawberry.type(description="Powiązanie w jednej warstwie: declared, partnership albo referrals.")
class GapNetworkEdge:
    source: strawberry.ID
    target: strawberry.ID
    layer: str
    label: str
    weight: int | None = strawberry.field(description="Skierowania: liczba po ukryciu małych liczb (null = ukryta).")


@strawberry.type(description="Sieć terytorium: warstwy współpracy do mapy i eksportu.")
class GapNetwork:
    nodes: list[GapNetworkNode]
    edges: list[GapNetworkEdge]


_LAYER = {"declared": "zadeklarowana współpraca", "partnership": "wspólne partnerstwo", "referrals": "skierowania"}


def network_from(report: GapReport) -> GapNetwork:
    g = export_graph(report)
    brokers = {b.id for b in report.structure["all"].brokers.top[:KEY_BROKERS]}
    isolates = set(report.structure["all"].cohesion.isolates)
    nodes = [
        GapNetworkNode(
            id=strawberry.ID(v), label=d["label"], name=d["name"], type=d["type"], type_label=d["type_label"],
            sector=d["sector"], sector_label=d["sector_label"], gmina=d["gmina"], in_territory=d["in_territory"],
            degree=d["degree"], betweenness=d["betweenness"], broker=v in brokers, isolated=v in isolates,
        )
        for v, d in sorted(g.nodes(data=True))
    ]
    edges = []
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[2]["layer"], e[0], e[1])):
        layer = d["layer"]
        weight = int(d["weight"]) if str(d["weight"]).isdigit() else None
        detail = d.get("kinds_label") or d.get("partnerships") or ""
        edges.append(GapNetworkEdge(source=strawberry.ID(a), target=strawberry.ID(b), layer=layer,
                                    label=f"{_LAYER[layer]}{': ' + detail if detail else ''}",
                                    weight=weight if layer == "referrals" else None))
    return GapNetwork(nodes=nodes, edges=edges)
