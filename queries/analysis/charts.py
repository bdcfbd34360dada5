"""Charts of a gap report (matplotlib, Agg backend): coverage heatmap, network map, pathway funnels.

Each function returns a :class:`matplotlib.figure.Figure`; :func:`png_bytes`
renders it.  Labels are Polish.  Suppressed counts are never drawn to scale:
a funnel bar whose count is suppressed is a hatched stub labelled "<k".

Complexity: the heatmap is O(N·G) cells (aggregated to powiats above
:data:`MAX_HEATMAP_COLUMNS` gminas); the network map uses a seeded
Fruchterman–Reingold layout started from geographic positions, O(iter·n²).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import itertools

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from graph.enums import Sector
from queries.analysis import privacy
from queries.analysis.coverage import CoverageMatrix
from queries.analysis.labels import SECTOR_COLOURS, unique_labels
from queries.analysis.names import unit_title
from queries.analysis.pathways import PathwayResult
from queries.analysis.projection import Projection
from queries.analysis.structure import KEY_BROKERS, StructureResult

__all__ = ["coverage_heatmap", "network_map", "pathway_funnel", "png_bytes", "MAX_HEATMAP_COLUMNS", "MAX_MAP_NODES"]

MAX_HEATMAP_COLUMNS = 40
MAX_LABELLED_NODES = 60
#: Larger networks are drawn as their backbone (highest betweenness); spring layouts of more are unreadable.
MAX_MAP_NODES = 150


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (the figure is closed afterwards)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buf.getvalue()


# ---------------------------------------------------------------- heatmap


def _columns(matrix: CoverageMatrix, p: Projection | None) -> tuple[list[str], np.ndarray, bool]:
    """Column labels and values; above the limit, gminas are grouped into powiats, or into voivodeships
    when there are too many powiats too (the whole country); the value is then the share of gminas covered."""
    supply = np.array([r.supply for r in matrix.rows], dtype=float).reshape(len(matrix.rows), len(matrix.gminas))
    if len(matrix.gminas) <= MAX_HEATMAP_COLUMNS or p is None:
        return list(matrix.gmina_names), supply, False
    width = 4 if len({g[:4] for g in matrix.gminas}) <= MAX_HEATMAP_COLUMNS else 2
    groups: dict[str, list[int]] = {}
    for j, g in enumerate(matrix.gminas):
        groups.setdefault(g[:width], []).append(j)
    keys = sorted(groups)
    covered = np.stack([(supply[:, groups[k]] > 0).mean(axis=1) for k in keys], axis=1)
    return [p.unit_name(k) for k in keys], covered, True


def coverage_heatmap(matrix: CoverageMatrix, p: Projection | None = None, title: str = "") -> Figure:
    """Needs (categories, then target groups) × gminas; red cells are gaps (no service).

    With more than :data:`MAX_HEATMAP_COLUMNS` gminas the columns are powiats and
    the colour is the share of their gminas with at least one service.
    """
    labels, values, grouped = _columns(matrix, p)
    rows = matrix.rows
    row_labels = [("    " * r.depth + r.name) if r.kind == "category" else f"[grupa] {r.name}" for r in rows]
    row_labels = [lbl if len(lbl) <= 58 else lbl[:57] + "…" for lbl in row_labels]
    n_rows, n_cols = values.shape
    fig_w = min(22, 5.5 + 0.42 * n_cols)
    fig_h = min(30, 1.6 + 0.27 * n_rows)
    fig, ax = plt.subplots(figsize=(fig_w, fig_h))
    if grouped:
        cmap = ListedColormap(["#d7301f", "#fdae61", "#fee08b", "#a6d96a", "#1a9641"])
        norm = BoundaryNorm([0, 1e-9, 0.34, 0.67, 0.999, 1.0001], cmap.N)
        legend = "udział gmin z co najmniej jedną usługą"
    else:
        cmap = ListedColormap(["#d7301f", "#c7e9c0", "#74c476", "#31a354", "#006d2c"])
        norm = BoundaryNorm([0, 0.5, 1.5, 2.5, 4.5, max(5.5, float(values.max()) + 1)], cmap.N)
        legend = "liczba usług dostępnych w gminie (czerwone = brak)"
    im = ax.imshow(values, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(n_cols), labels=labels, rotation=50, ha="right", fontsize=8)
    ax.set_yticks(range(n_rows), labels=row_labels, fontsize=7.5)
    for i, r in enumerate(rows):
        if r.kind == "category" and r.depth == 0:
            ax.get_yticklabels()[i].set_fontweight("bold")
    first_group = next((i for i, r in enumerate(rows) if r.kind == "group"), None)
    if first_group is not None:
        ax.axhline(first_group - 0.5, color="black", linewidth=1.2)
    if n_cols <= 25 and not grouped:
        for i in range(n_rows):
            for j in range(n_cols):
                v = int(values[i, j])
                ax.text(
                    j, i, str(v), ha="center", va="center", fontsize=6.5, color="white" if v == 0 or v >= 3 else "black"
                )
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    cbar = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    bounds = norm.boundaries
    cbar.set_ticks([(a + b) / 2 for a, b in itertools.pairwise(bounds)])
    cbar.set_ticklabels(
        ["0 %", "1–33 %", "34–66 %", "67–99 %", "100 %"] if grouped else ["brak", "1", "2", "3–4", "5+"]
    )
    cbar.set_label(legend, fontsize=8)
    cbar.ax.tick_params(labelsize=7)
    ax.set_title(title or "Pokrycie potrzeb: kategorie usług i grupy docelowe × gminy", fontsize=11, loc="left")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- network map


def _layout(g: nx.Graph, p: Projection, seed: int) -> dict[str, np.ndarray]:
    """Connected institutions by a seeded spring layout started from geography; isolates in a row below."""
    linked = sorted(v for v in g if g.degree(v) > 0)
    isolates = sorted(v for v in g if g.degree(v) == 0)
    geo: dict[str, np.ndarray] = {}
    for v in linked:
        loc = p.location(p.institutions[v])
        if loc is not None:
            lat, lon = loc
            geo[v] = np.array([lon * math.cos(math.radians(lat)), lat])
    if len(geo) >= 2:
        pts = np.array(list(geo.values()))
        centre, span = pts.mean(axis=0), max(float(np.ptp(pts, axis=0).max()), 1e-6)
        geo = {v: (xy - centre) / span for v, xy in geo.items()}
    pos: dict[str, np.ndarray] = {}
    if linked:
        h = g.subgraph(linked)
        k = (2.6 if len(linked) <= MAX_LABELLED_NODES else 4.0) / math.sqrt(len(linked))
        pos = nx.spring_layout(h, pos=geo or None, seed=seed, k=k, iterations=200, weight=None)
        pts = np.array(list(pos.values()))
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        extent = np.where(hi - lo > 1e-9, hi - lo, 1.0)
        pos = {v: (xy - lo) / extent * np.array([2.0, 1.6]) - np.array([1.0, 0.6]) for v, xy in pos.items()}
    if isolates:
        per_row = 5 if len(isolates) <= 24 else max(6, math.ceil(math.sqrt(len(isolates) * 3)))
        for i, v in enumerate(isolates):
            row, col = divmod(i, per_row)
            pos[v] = np.array([-1.0 + 2.0 * (col + 0.5) / per_row, -0.95 - 0.22 * row])
    return pos


def _node_size(degree: int, crowded: bool = False) -> float:
    # square-root scaling, capped: one hub with hundreds of ties must not cover the map
    if crowded:
        return min(350.0, 30 + 40 * math.sqrt(degree))
    return min(1400.0, 110 + 130 * math.sqrt(degree))


def _shown_nodes(p: Projection, structure: StructureResult, limit: int) -> tuple[set[str], int]:
    """All institutions, or for large networks the ``limit`` with the highest betweenness, then degree."""
    g = p.cooperation
    if g.number_of_nodes() <= limit:
        return set(g), 0
    bc = structure.betweenness
    ranked = sorted(g, key=lambda v: (-bc.get(v, 0.0), -g.degree(v), str(v)))
    return set(ranked[:limit]), g.number_of_nodes() - limit


def _overlap(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(
    fig: Figure,
    ax: Any,
    items: Sequence[tuple[str, str]],
    pos: dict[str, Any],
    sizes: dict[str, float],
    bold: set[str],
    crowded: bool,
) -> list[Any]:
    """Label nodes without overlaps: each label tries eight offsets around its node and keeps the first free one.

    Brokers are placed first so they get the best spots; a label that finds no
    free spot takes the least-overlapping one (rare: only on crowded maps).
    Returns the annotations (their window extents are what a test checks).
    """
    fig.canvas.draw()  # fixes the axis limits, so extents are final
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    placed: list[Any] = []
    out = []
    order = sorted(items, key=lambda it: (it[0] not in bold, str(it[0])))
    for v, text in order:
        r = 9 + math.sqrt(sizes[v]) / 2.2
        offsets = [(0, r), (0, -r - 6), (r + 4, 0), (-r - 4, 0), (r, r), (-r, r), (r, -r - 6), (-r, -r - 6)]
        best = None
        for dx, dy in offsets:
            ann = ax.annotate(
                text,
                pos[v],
                xytext=(dx, dy),
                textcoords="offset points",
                ha="center" if dx == 0 else ("left" if dx > 0 else "right"),
                va="center",
                fontsize=7 if crowded else 8,
                fontweight="bold" if v in bold else "normal",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
            box = ann.get_window_extent(renderer)
            cost = sum(_overlap(box, other) for other in placed)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, ann, box)
            else:
                ann.remove()
            if cost == 0:
                break
        assert best is not None
        placed.append(best[2])
        out.append(best[1])
    return out


def network_map(
    p: Projection, structure: StructureResult, *, seed: int = 0, brokers: int = KEY_BROKERS, title: str = ""
) -> Figure:
    """The territory's cooperation network: colour = sector, size = ties, black ring = broker.

    Edges are drawn per layer (declared solid, partnership dotted, referrals
    blue arrows); referral counts are not drawn to scale (they are client data).
    The layout starts from the institutions' geography and is seeded.  Networks
    above :data:`MAX_MAP_NODES` institutions show their backbone: the institutions
    with the highest betweenness (the title says how many are left out).
    """
    keep, hidden = _shown_nodes(p, structure, MAX_MAP_NODES)
    g = nx.Graph(p.cooperation.subgraph(keep))
    labels = unique_labels(p)
    fig, ax = plt.subplots(figsize=(13, 10))
    if g.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "Brak instytucji w analizie", ha="center", va="center")
        ax.axis("off")
        return fig
    pos = _layout(g, p, seed)
    crowded = g.number_of_nodes() > MAX_LABELLED_NODES
    top = [b.id for b in structure.brokers.top[:brokers] if b.id in keep]
    styles = (
        ("declared", p.declared.subgraph(keep), {"style": "solid", "edge_color": "#555555", "width": 1.3}),
        ("partnership", p.partnership.subgraph(keep), {"style": "dotted", "edge_color": "#999999", "width": 1.0}),
    )
    fade = 0.35 if crowded else 0.7  # dense maps: let the nodes and labels stay readable
    for _, layer, kw in styles:
        nx.draw_networkx_edges(layer, pos, ax=ax, alpha=fade, **kw)
    flows = p.referral_flows.subgraph(keep)
    if flows.number_of_edges():
        nx.draw_networkx_edges(
            flows,
            pos,
            ax=ax,
            edge_color="#1f78b4",
            width=1.0 if crowded else 1.8,
            alpha=fade + 0.1,
            arrows=True,
            arrowsize=8 if crowded else 12,
            connectionstyle="arc3,rad=0.12",
            node_size=[_node_size(g.degree(v), crowded) for v in flows],
        )
    nodes = sorted(g)
    colours = [SECTOR_COLOURS.get(g.nodes[v]["sector"], "#999999") for v in nodes]
    sizes = [_node_size(g.degree(v), crowded) for v in nodes]
    edgecolors = ["black" if v in top else ("white" if g.nodes[v]["located"] else "#bbbbbb") for v in nodes]
    linewidths = [3.0 if v in top else 1.0 for v in nodes]
    nx.draw_networkx_nodes(
        g, pos, nodelist=nodes, node_color=colours, node_size=sizes, edgecolors=edgecolors, linewidths=linewidths, ax=ax
    )
    if crowded:
        # label the institutions that matter most: highest betweenness, and the isolates when few
        bc = structure.betweenness
        ranked = sorted((v for v in nodes if bc.get(v, 0) > 0), key=lambda v: (-bc[v], str(v)))[:12]
        lonely = [v for v in nodes if g.degree(v) == 0]
        shown = sorted(set(top) | set(ranked) | (set(lonely) if len(lonely) <= 24 else set()), key=str)
    else:
        shown = nodes
    if any(g.degree(v) == 0 for v in nodes):
        ax.axhline(-0.8, color="#dddddd", lw=0.8)
        ax.text(-1.05, -0.84, "bez powiązań (izolowane):", fontsize=8.5, color="#555555", va="top")
    present = sorted({g.nodes[v]["sector"] for v in nodes})
    handles: list[Patch | Line2D] = [
        Patch(color=SECTOR_COLOURS.get(s, "#999999"), label=Sector(s).label) for s in present
    ]
    handles += [
        Line2D([], [], color="#555555", lw=1.3, label="zadeklarowana współpraca"),
        Line2D([], [], color="#999999", lw=1.0, ls="dotted", label="wspólne partnerstwo"),
        Line2D([], [], color="#1f78b4", lw=1.8, label="skierowania (kierunek strzałki)"),
        Line2D(
            [],
            [],
            marker="o",
            color="white",
            markeredgecolor="black",
            markeredgewidth=2.5,
            markersize=11,
            lw=0,
            label="broker (najwyższe pośrednictwo)",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5, frameon=False)
    subtitle = (
        f"\n(pokazano {g.number_of_nodes()} instytucji o największym pośrednictwie; pominięto {hidden})"
        if hidden
        else ""
    )
    where = unit_title(p.root.level, p.root.name, p.root.teryt, p.root.kind)
    ax.set_title(title or f"Sieć współpracy: {where}, {p.period.label}{subtitle}", fontsize=12, loc="left")
    ax.axis("off")
    ax.margins(0.08)
    fig.tight_layout()
    # labels last: their extents are measured in the final layout
    _place_labels(
        fig,
        ax,
        [(v, labels[v][:30] if crowded and g.degree(v) == 0 else labels[v]) for v in shown],
        pos,
        {v: sizes[nodes.index(v)] for v in shown},
        set(top),
        crowded,
    )
    return fig


# ---------------------------------------------------------------- funnel


def _pct(x: float) -> str:
    """A share as a percentage that never rounds a non-zero share to 0 % or a partial one to 100 %.

    >>> _pct(0.004), _pct(0.996), _pct(0.25), _pct(0.0)
    ('<1%', '>99%', '25%', '0%')
    """
    if 0 < x < 0.01:
        return "<1%"
    if 0.99 < x < 1:
        return ">99%"
    return f"{x:.0%}"


def pathway_funnel(results: Sequence[PathwayResult], title: str = "") -> Figure:
    """One horizontal funnel per pathway: clients per step, share of the first step, median days."""
    n = max(len(results), 1)
    height = sum(0.55 * len(r.steps) + 0.9 for r in results) or 2
    fig, axes = plt.subplots(n, 1, figsize=(10, max(3.0, height)), squeeze=False)
    k = privacy.threshold()
    for ax, res in zip(axes[:, 0], results, strict=False):
        counts = [s.clients for s in res.steps]
        top = max([c for c in counts if c] or [k])
        y = np.arange(len(res.steps))[::-1]
        for yi, step in zip(y, res.steps, strict=True):
            if step.clients is None:
                ax.barh(yi, top * 0.04, color="white", edgecolor="#1f78b4", hatch="///", height=0.6)
                text = privacy.display(None)
            else:
                ax.barh(yi, step.clients, color="#1f78b4", height=0.6)
                text = str(step.clients)
            if step.share_of_start is not None and yi != y[0]:
                lost = f", odpływ {_pct(step.drop_off)}" if step.drop_off is not None else ""
                text += f"  ({_pct(step.share_of_start)} startu{lost})"
            if step.median_days is not None:
                text += f", mediana {step.median_days:g} dni"
            ax.text((step.clients or top * 0.04) + top * 0.01, yi, text, va="center", fontsize=8.5)
        ax.set_yticks(y, labels=[s.label for s in res.steps], fontsize=9)
        ax.set_xlim(0, top * 1.55)
        ax.set_title(res.label, fontsize=10, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlabel("klienci", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
    if not results:
        axes[0, 0].text(0.5, 0.5, "Brak zdefiniowanych ścieżek", ha="center")
        axes[0, 0].axis("off")
    fig.suptitle(title or f"Ścieżki klientów (liczby poniżej {k} ukryte)", fontsize=12, x=0.01, ha="left")
    fig.tight_layout()
    return fig
