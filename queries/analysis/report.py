"""The gap report of one territory and period: every analysis in one :class:`GapReport`.

:func:`analyse` runs the analyses on a :class:`~queries.analysis.projection.Projection`;
:func:`build_report` projects from a store first (and, with ``compare``, a
second period).  :meth:`GapReport.to_dict` is the JSON-safe form used by the
CLI, GraphQL and the cross-store tests: identical for the same data and seed.

Complexity: dominated by betweenness (exact O(n·m) up to
:data:`~queries.analysis.structure.EXACT_BETWEENNESS_LIMIT` nodes per
component, sampled O(k·m) above) and Louvain (~O(m log n)); everything else is
linear in the projection.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.store.protocol import Store
from queries.analysis import privacy
from queries.analysis.compare import ComparisonRow, compare_metrics, headline_metrics
from queries.analysis.cooperation import (
    CooperationResult,
    compare_declared_realised,
    register_flows,
)
from queries.analysis.coverage import (
    CoverageMatrix,
    ExpectationCheck,
    ReachRow,
    check_expectations,
    coverage_matrix,
    reachability,
)
from queries.analysis.expectations import DEFAULT_EXPECTATIONS, Expectation, expectation_types
from queries.analysis.names import unit_locative, unit_title
from queries.analysis.pathways import DEFAULT_PATHWAYS, PathwayResult, PathwaySpec, count_pathways
from queries.analysis.projection import Period, Projection, project
from queries.analysis.recommend import (
    GapFiller,
    PartnerSuggestion,
    fill_expectation_gaps,
    fill_need_gaps,
    suggest_partners,
)
from queries.analysis.shared_persons import SharedPersons, shared_persons
from queries.analysis.structure import BETWEENNESS_EPSILON, MAX_SOURCES, StructureResult, analyse_structure

__all__ = ["GapReport", "InstitutionRow", "analyse", "build_report", "STRUCTURE_LAYERS"]

#: Layers whose structure is analysed ("all" = declared ∪ partnerships ∪ referrals).
STRUCTURE_LAYERS = ("all", "declared", "partnership", "referrals")


@dataclass(frozen=True)
class InstitutionRow:
    id: str
    name: str
    type: str
    type_label: str
    sector: str
    sector_label: str
    gmina: str | None
    located: bool
    degree: int  # ties in the union of layers
    betweenness: float
    community: int | None  # index into structure["all"].communities.groups


@dataclass
class GapReport:
    """Every analysis of one territory and period (see the module docstring)."""

    teryt: str
    territory_name: str
    level: str
    period: Period
    seed: int
    institutions: list[InstitutionRow]
    coverage: CoverageMatrix
    checks: list[ExpectationCheck]
    reach: list[ReachRow]
    structure: dict[str, StructureResult]
    cooperation: CooperationResult
    pathways: list[PathwayResult]
    partners: list[PartnerSuggestion]
    gap_fillers: list[GapFiller]
    need_fillers: list[GapFiller]
    metrics: dict[str, Any]
    parameters: dict[str, Any]
    comparison: list[ComparisonRow] | None = None
    compare_period: Period | None = None
    #: TERYT kind of the unit ("gmina miejska", "miasto na prawach powiatu"…), for its Polish name.
    territory_kind: str | None = None
    #: Persons registered at ≥ 2 institutions per gmina, small counts suppressed (issue 13; shared_persons.py).
    shared_persons: list[SharedPersons] = field(default_factory=list)
    #: Not part of :meth:`to_dict`: the graphs (for charts and exports) and the timings.
    projection: Projection | None = field(default=None, repr=False, compare=False)
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def territory_title(self) -> str:
        """ "powiat toruński", "województwo kujawsko-pomorskie", "gmina Lubicz" (see :mod:`~queries.analysis.names`)."""
        return unit_title(self.level, self.territory_name, self.teryt, self.territory_kind)

    @property
    def territory_locative(self) -> str:
        """ "powiecie toruńskim" – the phrase after "w"."""
        return unit_locative(self.level, self.territory_name, self.teryt, self.territory_kind)

    @property
    def gaps(self) -> list[ExpectationCheck]:
        """Unmet expectations inside the territory."""
        return [c for c in self.checks if not c.met and c.in_territory]

    def name_of(self, iid: str) -> str:
        if self.projection is not None:
            inst = self.projection.institutions.get(iid) or self.projection.candidates.get(iid)
            if inst is not None:
                return inst.name
        return iid

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (no timings, no graphs); equal inputs and seed give equal dicts."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.compare}
        return _jsonable(data)  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare}
        if isinstance(value, CoverageMatrix):
            out["empty_cells"] = _jsonable(value.empty_cells)
        return out
    if isinstance(value, dict):
        return {("|".join(map(str, k)) if isinstance(k, tuple) else str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _institution_rows(p: Projection, structure: StructureResult) -> list[InstitutionRow]:
    g = p.cooperation
    bc = structure.betweenness
    community = {v: k for k, grp in enumerate(structure.communities.groups) for v in grp}
    rows = []
    for iid, inst in p.institutions.items():
        rows.append(
            InstitutionRow(
                iid,
                inst.name,
                inst.type.value,
                inst.type.label,
                inst.sector.value,
                inst.sector.label,
                inst.gmina,
                inst.located,
                g.degree(iid),
                bc.get(iid, 0.0),
                community.get(iid),
            )
        )
    return rows


def analyse(
    p: Projection,
    *,
    seed: int = 0,
    expectations: Sequence[Expectation] = DEFAULT_EXPECTATIONS,
    pathways: Sequence[PathwaySpec] = DEFAULT_PATHWAYS,
    max_hops: int = 2,
    max_sources: int = MAX_SOURCES,
    epsilon: float = BETWEENNESS_EPSILON,
    top: int = 10,
    previous: GapReport | None = None,
) -> GapReport:
    """Run every analysis on a projection.

    Parameters
    ----------
    p : Projection
    seed : int
        Seed of Louvain and of sampled betweenness.
    expectations, pathways
        Defaults from :mod:`~queries.analysis.expectations` and :mod:`~queries.analysis.pathways`.
    max_hops : int
        Depth of the reachability search.
    epsilon : float
        Stated error of sampled betweenness (the sample size follows from it).
    max_sources : int
        Cap on the sampled pairs of betweenness in components above
        :data:`~queries.analysis.structure.EXACT_BETWEENNESS_LIMIT` nodes (the
        error bound is reported in each layer's ``brokers``).
    top : int
        Brokers listed per layer.
    previous : GapReport, optional
        The report of another period: adds the side-by-side comparison.

    Returns
    -------
    GapReport
        ``timings`` holds seconds per analysis.

    Examples
    --------
    Two gminas, one without an OPS:

    >>> from graph.enums import InstitutionType as T
    >>> from queries.analysis.projection import InstitutionInfo, Unit
    >>> p = Projection(root=Unit("0415", "powiat", "t"), period=Period.parse("2025"),
    ...     units={"041501": Unit("041501", "gmina", "A", parent="0415"),
    ...            "041502": Unit("041502", "gmina", "B", parent="0415")},
    ...     institutions={"ops": InstitutionInfo("ops", "OPS A", T.OPS, "041501")})
    >>> r = analyse(p, seed=1)
    >>> [(g.expectation, g.teryt) for g in r.gaps if g.expectation == "ops-gmina"]
    [('ops-gmina', '041502')]
    >>> r.metrics["isolates_all"], r.to_dict()["seed"]
    (1, 1)
    """
    timings: dict[str, float] = {}

    def timed(name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        timings[name] = round(time.perf_counter() - t0, 4)
        return result

    matrix = timed("coverage", coverage_matrix, p)
    checks = timed("expectations", check_expectations, p, expectations)
    reach = timed("reachability", reachability, p, max_hops)
    structure: dict[str, StructureResult] = {}
    for layer in STRUCTURE_LAYERS:
        structure[layer] = timed(
            f"structure:{layer}",
            analyse_structure,
            p.layer(layer),
            layer,
            seed=seed,
            top=top,
            max_sources=max_sources,
            epsilon=epsilon,
        )
    # one ledger for every client-derived table, so no cell can be recovered by subtracting across tables
    led = privacy.Ledger()
    register_flows(p, led)
    raws = timed("pathways", count_pathways, p, pathways)
    for raw in raws:
        raw.register(led)
    shown = timed("suppression", led.solve)
    paths = [raw.publish(shown) for raw in raws]
    coop = timed("cooperation", compare_declared_realised, p, shown)
    partners = timed("partners", suggest_partners, p)
    fillers = timed("gap_fillers", fill_expectation_gaps, p, checks, expectations)
    need_fillers = timed("need_fillers", fill_need_gaps, p, matrix)
    metrics = headline_metrics(len(p.institutions), checks, matrix, structure, coop, paths)
    labels = {pw.id: pw.label for pw in pathways}
    report = GapReport(
        teryt=p.root.teryt,
        territory_name=p.root.name,
        level=p.root.level,
        territory_kind=p.root.kind,
        period=p.period,
        seed=seed,
        institutions=timed("institutions", _institution_rows, p, structure["all"]),
        coverage=matrix,
        checks=checks,
        reach=reach,
        structure=structure,
        cooperation=coop,
        pathways=paths,
        partners=partners,
        gap_fillers=fillers,
        need_fillers=need_fillers,
        metrics=metrics,
        parameters={
            "seed": seed,
            "max_hops": max_hops,
            "betweenness_max_sources": max_sources,
            "betweenness_epsilon": epsilon,
            "min_count": privacy.threshold(),
            "expectations": [e.id for e in expectations],
            "expectation_basis": {e.id: e.basis for e in expectations},
            "expectation_sources": {e.id: e.source for e in expectations},
            "pathways": [pw.id for pw in pathways],
        },
        projection=p,
        timings=timings,
    )
    if previous is not None:
        report.comparison = compare_metrics(previous.metrics, metrics, labels)
        report.compare_period = previous.period
    return report


def build_report(
    store: Store,
    teryt: str,
    period: Period,
    *,
    compare: Period | None = None,
    seed: int = 0,
    expectations: Sequence[Expectation] = DEFAULT_EXPECTATIONS,
    **options: Any,
) -> GapReport:
    """Project ``teryt`` and ``period`` from ``store`` and analyse it.

    With ``compare``, the other period is projected and analysed too and the
    report gains ``comparison`` (rows: metric, other period, this period, change).
    ``timings`` gains ``projection`` (seconds in the store) and ``queries``.

    Examples
    --------
    ::

        with open_store(settings()) as store:
            report = build_report(store, "0415", Period.parse("2025"))
            print(report.metrics["density_all"], [g.label for g in report.gaps])
    """
    types = expectation_types(tuple(expectations))
    t0 = time.perf_counter()
    p = project(store, teryt, period, candidate_types=types)
    projection_s = time.perf_counter() - t0
    previous = None
    if compare is not None:
        t1 = time.perf_counter()
        q = project(store, teryt, compare, candidate_types=types)
        projection_s += time.perf_counter() - t1
        previous = analyse(q, seed=seed, expectations=expectations, **options)
    report = analyse(p, seed=seed, expectations=expectations, previous=previous, **options)
    report.timings["projection"] = round(projection_s, 4)
    report.timings["queries"] = p.queries * (2 if compare else 1)
    report.shared_persons = shared_persons(store, teryt)
    return report
