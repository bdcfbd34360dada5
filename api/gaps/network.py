"""The territory's network for the portal's map (issue 11 page 4, issue 14): nodes, layered edges, brokers, isolates.

Edges come from :func:`queries.analysis.export.export_graph`, the same graph
the GraphML download has: referral flows carry their weight only after the
report-wide suppression (``null`` when hidden).
"""

from __future__ import annotations

import base64
import io
import tempfile
import zipfile
from enum import Enum
from pathlib import Path

import strawberry

from queries.analysis.export import export_graph
from queries.analysis.report import GapReport
from queries.analysis.structure import KEY_BROKERS

__all__ = [
    "GapNetwork",
    "GapNetworkNode",
    "GapNetworkEdge",
    "network_from",
    "GapDownload",
    "GapDownloadFormat",
    "download_from",
]


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
    trust: float | None = strawberry.field(
        default=None, description="Zaufanie partnerów (PARTNER, 1–4; ostatnie rundy partnerstw)."
    )
    value: float | None = strawberry.field(default=None, description="Wartość dla partnerów (PARTNER, 1–4).")


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


def network_from(report: GapReport, trust: dict[str, tuple[float, float, int]] | None = None) -> GapNetwork:
    g = export_graph(report)
    brokers = {b.id for b in report.structure["all"].brokers.top[:KEY_BROKERS]}
    isolates = set(report.structure["all"].cohesion.isolates)
    nodes = [
        GapNetworkNode(
            id=strawberry.ID(v),
            label=d["label"],
            name=d["name"],
            type=d["type"],
            type_label=d["type_label"],
            sector=d["sector"],
            sector_label=d["sector_label"],
            gmina=d["gmina"],
            in_territory=d["in_territory"],
            degree=d["degree"],
            betweenness=d["betweenness"],
            broker=v in brokers,
            isolated=v in isolates,
            trust=(trust or {}).get(v, (None, None, 0))[0],
            value=(trust or {}).get(v, (None, None, 0))[1],
        )
        for v, d in sorted(g.nodes(data=True))
    ]
    edges = []
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[2]["layer"], e[0], e[1])):
        layer = d["layer"]
        weight = int(d["weight"]) if str(d["weight"]).isdigit() else None
        detail = d.get("kinds_label") or d.get("partnerships") or ""
        edges.append(
            GapNetworkEdge(
                source=strawberry.ID(a),
                target=strawberry.ID(b),
                layer=layer,
                label=f"{_LAYER[layer]}{': ' + detail if detail else ''}",
                weight=weight if layer == "referrals" else None,
            )
        )
    return GapNetwork(nodes=nodes, edges=edges)


@strawberry.enum(description="Plik do pobrania z diagnozy (te same co z `kooperacja gaps`).")
class GapDownloadFormat(Enum):
    HTML = "html"
    CSV = "csv"
    KUMU = "kumu"
    GRAPHML = "graphml"


@strawberry.type(description="Plik diagnozy: nazwa, typ i treść w base64.")
class GapDownload:
    file_name: str
    media_type: str
    base64: str


def download_from(report: GapReport, fmt: GapDownloadFormat) -> GapDownload:
    """The CLI's files, made in a temporary directory and returned as one file (CSV tables as a ZIP)."""
    from queries.analysis.export import write_graphml, write_kumu, write_report_csvs
    from queries.analysis.html import render_html

    with tempfile.TemporaryDirectory(prefix="kooperacja-diagnoza-") as tmp:
        out = Path(tmp)
        if fmt is GapDownloadFormat.HTML:
            name, media, data = "raport.html", "text/html; charset=utf-8", render_html(report).encode("utf-8")
        elif fmt is GapDownloadFormat.GRAPHML:
            name, media, data = (
                "siec.graphml",
                "application/graphml+xml",
                write_graphml(report, out / "siec.graphml").read_bytes(),
            )
        elif fmt is GapDownloadFormat.KUMU:
            xlsx = write_kumu(report, out)[0]
            name, media, data = (
                "kumu.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                xlsx.read_bytes(),
            )
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in write_report_csvs(report, out):
                    zf.write(path, path.name)
            name, media, data = "tabele_csv.zip", "application/zip", buffer.getvalue()
    return GapDownload(file_name=name, media_type=media, base64=base64.b64encode(data).decode("ascii"))
