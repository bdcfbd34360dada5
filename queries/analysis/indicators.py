"""Indicators over time: yearly or quarterly series per territory, targets with a direction, trend and attainment.

Every point of a series is the gap report of one period (so each one uses the
network that existed then: validity dates, ties and memberships of that
period).  The indicators are the coordinator's questions from issue 14:

* coverage gaps (statutory duties unmet, all expectations unmet, empty category cells);
* network structure (density, degree centralization, share of cross-sector ties);
* declared ties that were used; referral completion (completed / closed);
* the pathway outcome (share of the OPS/CUS → CIS → job pathway's CIS clients who found a job).

Free places are not a series yet: the projection reads no history of them
(the registers' ``Occupancy`` editions could feed one).

Client-derived indicators come only from published (suppressed) counts, so a
point is ``None`` where the counts were too small.  A **target** names an
indicator, a value and a direction ("up": reach at least, "down": at most);
attainment compares the last point with it.  The trend is the least-squares
slope per period.

Network metrics beside outcomes per gmina are **associations, not effects**:
the report says so in plain words (:data:`NOT_CAUSATION`).

Complexity: one report per period (see :mod:`~queries.analysis.report`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from graph.store.protocol import Store
from queries.analysis import privacy
from queries.analysis.expectations import DEFAULT_EXPECTATIONS, Expectation
from queries.analysis.projection import AnalysisInputError, Period
from queries.analysis.report import GapReport, build_report

__all__ = [
    "INDICATORS",
    "NOT_CAUSATION",
    "Target",
    "IndicatorSeries",
    "periods",
    "indicator_values",
    "build_series",
    "load_targets",
    "trend",
]

NOT_CAUSATION = (
    "Uwaga: zestawienie miar sieci z wynikami klientów pokazuje współwystępowanie, a nie przyczynę. "
    "Gmina o gęstszej sieci może mieć lepsze wyniki z innych powodów (rynek pracy, liczba i sytuacja klientów, "
    "kadra); z tych danych nie wynika, że więcej powiązań poprawi wyniki."
)


def _statutory_gaps(r: GapReport) -> float:
    return float(sum(1 for c in r.gaps if c.basis == "statutory"))


def _completion(r: GapReport) -> float | None:
    p = r.projection
    if p is None:
        return None
    closed = [x for x in p.referrals_in_period if x.status in ("completed", "failed", "cancelled", "rejected")]
    done = privacy.suppress(sum(1 for x in closed if x.status == "completed"))
    return privacy.share(done, privacy.suppress(len(closed)))


def _employment(r: GapReport) -> float | None:
    pw = next((x for x in r.pathways if x.id == "ops-cis-praca"), None)
    return pw.outcome_rates.get("employed") if pw else None


#: id → (Polish label, the better direction, how to read it from a report).
INDICATORS: dict[str, tuple[str, Literal["up", "down"] | None, Callable[[GapReport], float | None]]] = {
    "statutory_gaps": ("niespełnione wymogi ustawowe", "down", _statutory_gaps),
    "expectations_unmet": (
        "luki: wszystkie niespełnione oczekiwania",
        "down",
        lambda r: float(r.metrics["expectations_unmet"]),
    ),
    "empty_category_cells": (
        "puste komórki kategoria × gmina",
        "down",
        lambda r: float(r.metrics["empty_category_cells"]),
    ),
    "density_all": ("gęstość sieci", "up", lambda r: r.metrics["density_all"]),
    "centralization_all": ("centralizacja sieci", None, lambda r: r.metrics["centralization_all"]),
    "cross_sector_share": ("udział powiązań międzysektorowych", "up", lambda r: r.metrics["cross_sector_share"]),
    "declared_used_share": (
        "udział zadeklarowanych powiązań wykorzystanych",
        "up",
        lambda r: r.metrics["declared_used_share"],
    ),
    "referral_completion": ("skierowania zakończone z sukcesem (wśród zamkniętych)", "up", _completion),
    "pathway_employment": ("ścieżka OPS/CUS → CIS → praca: odsetek z pracą", "up", _employment),
}


class Target(BaseModel):
    """A coordinator's target for one indicator.

    >>> Target(indicator="density_all", value=0.2, direction="up").met(0.25)
    True
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    value: float
    direction: Literal["up", "down"]
    label: str = Field(default="", max_length=200)

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.value if self.direction == "up" else value <= self.value


_TARGETS = TypeAdapter(list[Target])


def load_targets(path: str | Path) -> tuple[Target, ...]:
    """Targets from a JSON list (``[{"indicator": "density_all", "value": 0.2, "direction": "up"}]``).

    Raises :class:`AnalysisInputError` naming the file, the item and the field.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise AnalysisInputError(f"{path.name}: nie można odczytać pliku celów JSON ({type(exc).__name__})") from None
    try:
        items = _TARGETS.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise AnalysisInputError(
            f"{path.name}: błąd w pozycji {'.'.join(map(str, first['loc']))}: {first['msg']}"
        ) from None
    for k, t in enumerate(items):
        if t.indicator not in INDICATORS:
            raise AnalysisInputError(f"{path.name}: błąd w pozycji {k}.indicator: nieznany wskaźnik")
    return tuple(items)


def periods(first_year: int, last_year: int, quarterly: bool = False) -> list[Period]:
    """Whole years (or quarters) from ``first_year`` to ``last_year``.

    >>> [p.label for p in periods(2024, 2025)]
    ['2024-01-01 – 2024-12-31', '2025-01-01 – 2025-12-31']
    >>> len(periods(2025, 2025, quarterly=True)), periods(2025, 2025, quarterly=True)[1].label
    (4, '2025-04-01 – 2025-06-30')
    """
    if last_year < first_year:
        raise AnalysisInputError("lata wskaźników: rok końcowy jest wcześniejszy niż początkowy")
    out = []
    for year in range(first_year, last_year + 1):
        if not quarterly:
            out.append(Period.parse(str(year)))
            continue
        for q in range(4):
            start = dt.date(year, 3 * q + 1, 1)
            end = (dt.date(year + (q == 3), (3 * q + 4 - 1) % 12 + 1, 1)) - dt.timedelta(days=1)
            out.append(Period.parse(f"{start.isoformat()}:{end.isoformat()}"))
    return out


def trend(values: Sequence[float | None]) -> float | None:
    """Least-squares slope per period over the known points (None with fewer than two).

    >>> trend([1.0, 2.0, 3.0]), trend([None, 4.0, 2.0]), trend([5.0])
    (1.0, -2.0, None)
    """
    pts = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(pts) < 2:
        return None
    mx = sum(i for i, _ in pts) / len(pts)
    my = sum(v for _, v in pts) / len(pts)
    den = sum((i - mx) ** 2 for i, _ in pts)
    return round(sum((i - mx) * (v - my) for i, v in pts) / den, 6)


def indicator_values(r: GapReport) -> dict[str, float | None]:
    out = {}
    for key, (_, _, get) in INDICATORS.items():
        value = get(r)
        out[key] = None if value is None else round(float(value), 6)
    return out


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    label: str
    direction: str | None
    values: tuple[float | None, ...]
    trend: float | None
    target: Target | None
    attained: bool | None


@dataclass(frozen=True)
class GminaRow:
    """Network measures of a gmina's OPS/CUS beside its clients' outcome (suppressed)."""

    gmina: str
    name: str
    degree: int
    partners_sectors: int
    clients: int | None
    employed: int | None


@dataclass(frozen=True)
class IndicatorSeries:
    teryt: str
    periods: tuple[str, ...]
    rows: tuple[IndicatorRow, ...]
    gminas: tuple[GminaRow, ...]
    warning: str = NOT_CAUSATION

    def to_dict(self) -> dict[str, Any]:
        return {
            "teryt": self.teryt,
            "periods": list(self.periods),
            "rows": [
                {
                    "indicator": r.indicator,
                    "label": r.label,
                    "direction": r.direction,
                    "values": list(r.values),
                    "trend": r.trend,
                    "target": r.target.model_dump() if r.target else None,
                    "attained": r.attained,
                }
                for r in self.rows
            ],
            "gminas": [g.__dict__ for g in self.gminas],
            "warning": self.warning,
        }


def _gmina_rows(r: GapReport) -> tuple[GminaRow, ...]:
    """Per gmina of the territory: its OPS/CUS's ties and sectors reached, its clients and how many found a job."""
    p = r.projection
    if p is None:
        return ()
    g = p.cooperation
    anchors: dict[str, list[str]] = {}
    for iid, inst in p.institutions.items():
        if inst.type.value in ("OPS", "CUS") and inst.gmina in p.units:
            anchors.setdefault(inst.gmina, []).append(iid)
    clients: dict[str, set[str]] = {}
    for reg in p.registrations:
        home = p.institutions.get(reg.institution)
        if home is not None and home.gmina in anchors and reg.institution in anchors[home.gmina]:
            clients.setdefault(home.gmina, set()).add(reg.client)
    employed: dict[str, set[str]] = {}
    for ref in p.referrals_in_period:
        for gm, people in clients.items():
            if ref.client in people and ref.outcome == "employed":
                employed.setdefault(gm, set()).add(ref.client)
    # one group per column: a gmina's count can be differenced against no published total
    shown_clients = privacy.suppress_group({gm: len(v) for gm, v in clients.items()})
    shown_employed = privacy.suppress_group({gm: len(employed.get(gm, ())) for gm in clients})
    rows = []
    for gm in sorted(anchors):
        ids = anchors[gm]
        neighbours = {u for i in ids if i in g for u in g.adj[i]}
        sectors = {g.nodes[u].get("sector") for u in neighbours}
        rows.append(
            GminaRow(
                gm,
                p.unit_name(gm),
                len(neighbours),
                len(sectors - {None}),
                shown_clients.get(gm, 0),
                shown_employed.get(gm, 0),
            )
        )
    return tuple(rows)


def build_series(
    store: Store,
    teryt: str,
    points: Sequence[Period],
    targets: Sequence[Target] = (),
    *,
    expectations: Sequence[Expectation] = DEFAULT_EXPECTATIONS,
    seed: int = 0,
) -> IndicatorSeries:
    """The report of every period in ``points`` reduced to the indicators, with trend and target attainment."""
    reports = [build_report(store, teryt, period, seed=seed, expectations=expectations) for period in points]
    values = [indicator_values(r) for r in reports]
    by_id = {t.indicator: t for t in targets}
    rows = []
    for key, (label, direction, _) in INDICATORS.items():
        series = tuple(v[key] for v in values)
        target = by_id.get(key)
        rows.append(
            IndicatorRow(
                key,
                label,
                direction,
                series,
                trend(series),
                target,
                target.met(series[-1]) if target and series else None,
            )
        )
    return IndicatorSeries(
        reports[-1].teryt if reports else teryt,
        tuple(p.label for p in points),
        tuple(rows),
        _gmina_rows(reports[-1]) if reports else (),
    )
