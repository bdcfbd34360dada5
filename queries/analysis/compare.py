"""Change over time: the headline metrics of two periods side by side.

:func:`headline_metrics` reduces the analyses of one period to a flat,
ordered dict of numbers (client-derived ones already suppressed);
:func:`compare_metrics` pairs two such dicts with the difference where both
values are published.

Complexity: O(M) for M metrics.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from queries.analysis.cooperation import CooperationResult
from queries.analysis.coverage import CoverageMatrix, ExpectationCheck
from queries.analysis.pathways import PathwayResult
from queries.analysis.structure import StructureResult

__all__ = ["ComparisonRow", "METRIC_LABELS", "headline_metrics", "compare_metrics"]

Number = int | float | None

#: Polish labels of the headline metrics, in display order (pathway metrics are added per pathway).
METRIC_LABELS: dict[str, str] = {
    "institutions": "instytucje w analizie",
    "expectations_unmet": "niespełnione oczekiwania (luki)",
    "empty_category_cells": "puste komórki kategoria × gmina",
    "declared_ties": "zadeklarowane powiązania",
    "density_all": "gęstość sieci współpracy",
    "centralization_all": "centralizacja stopni (Freeman)",
    "components_all": "składowe spójne",
    "isolates_all": "instytucje izolowane",
    "bridges_all": "mosty (powiązania krytyczne)",
    "articulation_all": "punkty artykulacji",
    "communities_all": "społeczności (Louvain)",
    "modularity_all": "modularność",
    "cross_sector_share": "udział powiązań międzysektorowych",
    "missing_coordinator": "brak koordynatora (1 = tak)",
    "declared_used_share": "udział deklaracji wykorzystanych w skierowaniach",
    "undeclared_flows": "przepływy skierowań bez deklaracji",
    "referrals_total": "skierowania w okresie",
}


@dataclass(frozen=True)
class ComparisonRow:
    metric: str
    label: str
    a: Number
    b: Number
    delta: Number


def headline_metrics(
    institutions: int,
    checks: Sequence[ExpectationCheck],
    matrix: CoverageMatrix,
    structure: Mapping[str, StructureResult],
    cooperation: CooperationResult,
    pathways: Sequence[PathwayResult],
) -> dict[str, Number]:
    """The numbers a coordinator compares between periods.

    Pathway metrics are named ``pathway:<id>:start`` and ``pathway:<id>:end``
    (clients at the first and the last step, suppressed).
    """
    allg = structure["all"]
    out: dict[str, Number] = {
        "institutions": institutions,
        "expectations_unmet": sum(1 for c in checks if not c.met and c.in_territory),
        "empty_category_cells": sum(1 for c in matrix.empty_cells if c.kind == "category"),
        "declared_ties": cooperation.declared_ties,
        "density_all": allg.cohesion.density,
        "centralization_all": allg.cohesion.centralization,
        "components_all": allg.cohesion.components,
        "isolates_all": len(allg.cohesion.isolates),
        "bridges_all": len(allg.cohesion.bridges),
        "articulation_all": len(allg.cohesion.articulation_points),
        "communities_all": len(allg.communities.groups),
        "modularity_all": allg.communities.modularity,
        "cross_sector_share": allg.sectors.cross_share,
        "missing_coordinator": int(allg.coordinator.missing),
        "declared_used_share": cooperation.used_share,
        "undeclared_flows": len(cooperation.undeclared),
        "referrals_total": cooperation.referrals_total,
    }
    for pw in pathways:
        out[f"pathway:{pw.id}:start"] = pw.steps[0].clients
        out[f"pathway:{pw.id}:end"] = pw.steps[-1].clients
    return out


def metric_label(key: str, pathway_labels: Mapping[str, str] | None = None) -> str:
    """Polish label of a metric key (pathway keys use the pathway's label).

    >>> metric_label("density_all")
    'gęstość sieci współpracy'
    >>> metric_label("pathway:x:end", {"x": "OPS → CIS"})
    'OPS → CIS: ostatni krok (klienci)'
    """
    if key.startswith("pathway:"):
        _, pid, end = key.split(":")
        name = (pathway_labels or {}).get(pid, pid)
        return f"{name}: {'pierwszy' if end == 'start' else 'ostatni'} krok (klienci)"
    return METRIC_LABELS.get(key, key)


def compare_metrics(
    a: Mapping[str, Number], b: Mapping[str, Number], pathway_labels: Mapping[str, str] | None = None
) -> list[ComparisonRow]:
    """Rows ``metric, label, a, b, b − a`` (difference only when both are published).

    >>> rows = compare_metrics({"density_all": 0.1, "referrals_total": None}, {"density_all": 0.15, "referrals_total": 12})
    >>> [(r.metric, r.delta) for r in rows]
    [('density_all', 0.05), ('referrals_total', None)]
    """
    rows = []
    for key in list(dict.fromkeys([*a.keys(), *b.keys()])):
        va, vb = a.get(key), b.get(key)
        delta: Number = None
        if va is not None and vb is not None:
            delta = round(vb - va, 6)
        rows.append(ComparisonRow(key, metric_label(key, pathway_labels), va, vb, delta))
    return rows
