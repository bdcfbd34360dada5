"""GraphQL types of ``gapReport { indicators(years, quarterly) }``: indicators over time (issue 14).

They mirror :class:`queries.analysis.indicators.IndicatorSeries`.  Every point is
the gap report of its own period, so client-derived indicators (referral
completion, pathway outcome) are read from suppressed counts: a point is
``null`` (``suppressed: true``) where the counts were too small or missing.
Targets come only from a file in the CLI (``--targets``); the API sets none yet,
so ``target`` is ``null`` – kept in the type so a stored target can fill it later.
"""

from __future__ import annotations

import strawberry

from queries.analysis.indicators import IndicatorSeries
from queries.analysis.projection import AnalysisInputError, Period

__all__ = ["GapIndicatorSeries", "GapIndicator", "parse_years", "series_from", "MAX_POINTS"]

#: At most this many periods per request: every point is a whole gap report.
MAX_POINTS = 12

#: Indicators that count things (the others are shares or ratios 0–1).
_COUNTS = frozenset({"statutory_gaps", "expectations_unmet", "empty_category_cells"})


@strawberry.type(description="Punkt szeregu wskaźnika: okres i wartość (null, gdy nieopublikowana).")
class GapIndicatorPoint:
    period: str = strawberry.field(description="Okres, np. '2025-01-01 – 2025-12-31'.")
    value: float | None
    suppressed: bool = strawberry.field(
        description="Wartość nieopublikowana: za małe liczby klientów (ukrycie małych liczb) albo brak danych."
    )


@strawberry.type(description="Cel wskaźnika ustalony przez koordynatora.")
class GapIndicatorTarget:
    value: float
    direction: str = strawberry.field(description="'up' – co najmniej, 'down' – co najwyżej.")


@strawberry.type(description="Wskaźnik w czasie: szereg, trend (nachylenie na okres) i osiągnięcie celu.")
class GapIndicator:
    name: str = strawberry.field(description="Identyfikator wskaźnika, np. 'density_all'.")
    label: str
    unit: str = strawberry.field(description="'liczba' albo 'udział' (0–1).")
    direction: str | None = strawberry.field(description="Lepszy kierunek: 'up', 'down' albo null.")
    series: list[GapIndicatorPoint]
    trend: float | None = strawberry.field(description="Nachylenie MNK na okres; null przy mniej niż 2 punktach.")
    target: GapIndicatorTarget | None
    attained: bool | None = strawberry.field(description="Czy ostatni punkt osiąga cel; null bez celu lub wartości.")


@strawberry.type(description="Wskaźniki terytorium w kolejnych latach lub kwartałach.")
class GapIndicatorSeries:
    periods: list[str]
    indicators: list[GapIndicator]
    warning: str = strawberry.field(description="Ostrzeżenie: współwystępowanie to nie przyczyna.")


def parse_years(years: str, quarterly: bool) -> list[Period]:
    """``RRRR:RRRR`` (or one year) → the periods; :class:`ValueError` with a Polish message.

    >>> [p.label[:4] for p in parse_years("2023:2025", False)]
    ['2023', '2024', '2025']
    >>> len(parse_years("2025", True))
    4
    """
    from queries.analysis.indicators import periods

    first, _, last = years.strip().partition(":")
    last = last or first
    if not (len(first) == 4 and first.isdigit() and len(last) == 4 and last.isdigit()):
        raise ValueError("podaj lata jako RRRR:RRRR, np. 2023:2025")
    try:
        points = periods(int(first), int(last), quarterly)
    except AnalysisInputError as exc:
        raise ValueError(str(exc)) from None
    if len(points) > MAX_POINTS:
        raise ValueError(f"najwyżej {MAX_POINTS} okresów naraz")
    return points


def series_from(s: IndicatorSeries) -> GapIndicatorSeries:
    return GapIndicatorSeries(
        periods=list(s.periods),
        warning=s.warning,
        indicators=[
            GapIndicator(
                name=r.indicator,
                label=r.label,
                unit="liczba" if r.indicator in _COUNTS else "udział",
                direction=r.direction,
                series=[
                    GapIndicatorPoint(period=p, value=v, suppressed=v is None)
                    for p, v in zip(s.periods, r.values, strict=True)
                ],
                trend=r.trend,
                target=GapIndicatorTarget(value=r.target.value, direction=r.target.direction) if r.target else None,
                attained=r.attained,
            )
            for r in s.rows
        ],
    )
