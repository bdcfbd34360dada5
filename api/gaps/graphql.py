"""``gapReport(territory, period)``: the gap analyses of a territory for coordinators and analysts.

The root field projects the territory once (a fixed number of store queries,
in a worker thread); each part – coverage, expectations, structure of a
layer, cooperation, pathways, recommendations, comparison – is computed only
when asked for and at most once per request.  Coordinators may analyse only
territories inside their own; analysts and administrators any territory.
Merged into :data:`api.graphql.schema.Query`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from api.audit.log import AuditEvent, Outcome
from api.clients.graphql import audited_roles
from api.clients.runtime import runtime_of
from api.gaps import types as t
from api.gaps.indicators import GapIndicatorSeries, parse_years, series_from
from api.gaps.network import GapDownload, GapDownloadFormat, GapNetwork, download_from, network_from
from api.graphql.context import Context
from api.graphql.errors import BadInputError, PublicError
from api.security import Principal, Role
from queries.analysis.cooperation import compare_declared_realised
from queries.analysis.coverage import check_expectations, coverage_matrix, reachability
from queries.analysis.expectations import DEFAULT_EXPECTATIONS, expectation_types
from queries.analysis.pathways import analyse_pathways
from queries.analysis.projection import (
    AnalysisInputError,
    Period,
    Projection,
    normalise_teryt,
    project,
)
from queries.analysis.recommend import fill_expectation_gaps, fill_need_gaps, suggest_partners
from queries.analysis.report import GapReport, analyse
from queries.analysis.structure import analyse_structure

__all__ = ["GapsQuery", "GapReportType", "allowed_territory", "ANALYSIS_ROLES"]

Info = strawberry.Info[Context, None]
R = TypeVar("R")

#: Who may run gap analyses (administrators always may).
ANALYSIS_ROLES = (Role.COORDINATOR, Role.ANALYST)


class GapsForbidden(PublicError):
    code = "FORBIDDEN"


def allowed_territory(principal: Principal, prefix: str) -> bool:
    """A coordinator only inside their territories; analysts and administrators anywhere.

    >>> allowed_territory(Principal(role=Role.COORDINATOR, territories=("0415",), anonymous=False), "041501")
    True
    >>> allowed_territory(Principal(role=Role.COORDINATOR, territories=("0415",), anonymous=False), "04")
    False
    """
    if principal.has_role(Role.ANALYST, Role.ADMIN):
        return True
    if principal.has_role(Role.COORDINATOR):
        return any(prefix.startswith(own) for own in principal.territories)
    return False


@strawberry.type(name="GapReport", description="Diagnoza luk terytorium w okresie; części liczone na żądanie.")
class GapReportType:
    territory: t.GapTerritory
    period: t.GapPeriod
    compare_period: t.GapPeriod | None
    queries: int = strawberry.field(description="Liczba zapytań do bazy użytych przez projekcję.")
    _p: strawberry.Private[Projection]
    _previous: strawberry.Private[Projection | None]
    _seed: strawberry.Private[int]
    _prefix: strawberry.Private[str]
    _memo: strawberry.Private[dict[str, asyncio.Future[Any]]]

    async def _once(self, info: Info, key: str, fn: Callable[[], R]) -> R:
        found = self._memo.get(key)
        if found is None:
            found = asyncio.ensure_future(info.context.run(fn))
            self._memo[key] = found
        return await found  # type: ignore[no-any-return]

    async def _report(self, info: Info) -> GapReport:
        async def build() -> GapReport:
            previous = None
            if self._previous is not None:
                previous = await info.context.run(analyse, self._previous, seed=self._seed)
            return await info.context.run(analyse, self._p, seed=self._seed, previous=previous)

        found = self._memo.get("report")
        if found is None:
            found = asyncio.ensure_future(build())
            self._memo["report"] = found
        return await found  # type: ignore[no-any-return]

    @strawberry.field(
        description="Wskaźniki w czasie: szeregi roczne lub kwartalne, trend, cele i ostrzeżenie, "
        "że zestawienie to nie przyczyna (jak `kooperacja gaps --years`; bez celów – cele tylko z pliku w CLI)."
    )
    async def indicators(
        self,
        info: Info,
        years: Annotated[str, strawberry.argument(description="Lata RRRR:RRRR (np. 2023:2025) albo jeden rok.")],
        quarterly: Annotated[bool, strawberry.argument(description="Kwartały zamiast lat.")] = False,
    ) -> GapIndicatorSeries:
        from queries.analysis.indicators import build_series

        try:
            points = parse_years(years, quarterly)
        except ValueError as exc:
            raise BadInputError("years", str(exc)) from None
        # every point is a whole report with client-derived (suppressed) counts: on the audit record too
        _audit(info, self._prefix, points[0], Outcome.ALLOWED, points[-1], action="gaps.indicators")
        series = await self._once(
            info,
            f"indicators:{years}:{quarterly}",
            lambda: build_series(info.context.store, self._prefix, points, seed=self._seed),
        )
        return series_from(series)

    @strawberry.field(description="Miary podsumowujące (wymagają pełnej analizy).")
    async def metrics(self, info: Info) -> list[t.GapMetric]:
        from queries.analysis.compare import metric_label

        report = await self._report(info)
        labels = {pw.id: pw.label for pw in report.pathways}
        return [t.GapMetric(key=k, label=metric_label(k, labels), value=v) for k, v in report.metrics.items()]

    @strawberry.field(description="Porównanie z okresem comparePeriod (null bez niego).")
    async def comparison(self, info: Info) -> list[t.GapComparisonRow] | None:
        if self._previous is None:
            return None
        report = await self._report(info)
        return [t.comparison_from(r) for r in report.comparison or []]

    @strawberry.field(
        description="Sieć do mapy: instytucje, powiązania w warstwach (skierowania po ukryciu małych liczb)."
    )
    async def network(self, info: Info) -> GapNetwork:
        from queries.partnerships import trust_by_institution

        report = await self._report(info)
        trust = await info.context.run(trust_by_institution, info.context.store, sorted(self._p.institutions))
        return network_from(report, trust)

    @strawberry.field(
        description="Plik diagnozy do pobrania (HTML, tabele CSV w ZIP, Kumu, GraphML) – jak z `kooperacja gaps`."
    )
    async def download(self, info: Info, format: GapDownloadFormat) -> GapDownload:
        report = await self._report(info)
        return await info.context.run(download_from, report, format)

    @strawberry.field(description="Instytucje w analizie z ich miarami sieciowymi.")
    async def institutions(self, info: Info) -> list[t.GapInstitution]:
        report = await self._report(info)
        return [t.institution_from(i) for i in report.institutions]

    @strawberry.field(description="Wszystkie oczekiwania dla jednostek terytorium (i jego jednostek nadrzędnych).")
    async def checks(self, info: Info, only_unmet: bool = False) -> list[t.GapExpectationCheck]:
        checks = await self._once(info, "checks", lambda: check_expectations(self._p, DEFAULT_EXPECTATIONS))
        return [t.check_from(c) for c in checks if not (only_unmet and c.met)]

    @strawberry.field(description="Luki: niespełnione oczekiwania w terytorium.")
    async def gaps(self, info: Info) -> list[t.GapExpectationCheck]:
        checks = await self._once(info, "checks", lambda: check_expectations(self._p, DEFAULT_EXPECTATIONS))
        return [t.check_from(c) for c in checks if not c.met and c.in_territory]

    @strawberry.field(description="Macierz pokrycia potrzeb × gmin z pustymi komórkami.")
    async def coverage(self, info: Info) -> t.GapCoverage:
        matrix = await self._once(info, "coverage", lambda: coverage_matrix(self._p))
        return t.coverage_from(matrix)

    @strawberry.field(description="Osiągalność kategorii usług z gmin (kroki współpracy, km).")
    async def reachability(self, info: Info, max_hops: int = 2) -> list[t.GapReachRow]:
        if not 0 <= max_hops <= 4:
            raise BadInputError("maxHops", "dozwolone 0–4")
        rows = await self._once(info, f"reach:{max_hops}", lambda: reachability(self._p, max_hops))
        return [t.reach_from(r) for r in rows]

    @strawberry.field(description="Struktura warstwy sieci: spójność, brokerzy, społeczności, sektory, koordynator.")
    async def structure(self, info: Info, layer: t.GapLayer = t.GapLayer.ALL) -> t.GapStructure:
        result = await self._once(
            info,
            f"structure:{layer.value}",
            lambda: analyse_structure(self._p.layer(layer.value), layer.value, seed=self._seed),
        )
        return t.structure_from(result)

    @strawberry.field(description="Współpraca zadeklarowana a realizowana (skierowania).")
    async def cooperation(self, info: Info) -> t.GapCooperation:
        return t.cooperation_from(await self._once(info, "cooperation", lambda: compare_declared_realised(self._p)))

    @strawberry.field(description="Ścieżki klientów: lejki, odpływ, czas między krokami, wyniki.")
    async def pathways(self, info: Info) -> list[t.GapPathway]:
        return [t.pathway_from(p) for p in await self._once(info, "pathways", lambda: analyse_pathways(self._p))]

    @strawberry.field(
        description="Partnerzy, których instytucje powinny znać (opcjonalnie tylko dla jednej instytucji)."
    )
    async def partners(self, info: Info, institution: strawberry.ID | None = None) -> list[t.GapPartnerSuggestion]:
        found = await self._once(info, "partners", lambda: suggest_partners(self._p))
        return [t.partner_from(s) for s in found if institution is None or s.institution == str(institution)]

    @strawberry.field(description="Najbliższe instytucje, które mogłyby wypełnić luki (oczekiwania i grupy docelowe).")
    async def gap_fillers(self, info: Info) -> list[t.GapFillerItem]:
        checks = await self._once(info, "checks", lambda: check_expectations(self._p, DEFAULT_EXPECTATIONS))
        matrix = await self._once(info, "coverage", lambda: coverage_matrix(self._p))
        fillers = await self._once(
            info, "fillers", lambda: [*fill_expectation_gaps(self._p, checks), *fill_need_gaps(self._p, matrix)]
        )
        return [t.filler_from(f) for f in fillers]


def _period(value: str | None, field: str) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except AnalysisInputError as exc:
        raise BadInputError(field, str(exc)) from None


@strawberry.type
class GapsQuery:
    @strawberry.field(
        permission_classes=[audited_roles(*ANALYSIS_ROLES)],  # a refused role is on the audit record
        description="Diagnoza luk w sieci współpracy terytorium (gmina, powiat, województwo; 'PL' = kraj) w okresie. "
        "Dla koordynatorów (w ich terytorium) i analityków.",
    )
    async def gap_report(
        self,
        info: Info,
        territory: Annotated[str, strawberry.argument(description="Kod TERYT (2, 4 lub 6 cyfr) albo 'PL'.")],
        period: Annotated[str, strawberry.argument(description="RRRR-MM-DD:RRRR-MM-DD albo RRRR (pełne miesiące).")],
        compare_period: Annotated[str | None, strawberry.argument(description="Drugi okres do porównania.")] = None,
        seed: Annotated[int, strawberry.argument(description="Ziarno (Louvain, próbkowanie pośrednictwa).")] = 0,
    ) -> GapReportType:
        try:
            prefix = normalise_teryt(territory)
        except AnalysisInputError as exc:
            raise BadInputError("territory", str(exc)) from None
        main = _period(period, "period")
        other = _period(compare_period, "comparePeriod")
        assert main is not None
        if not allowed_territory(info.context.principal, prefix):
            _audit(info, prefix, main, Outcome.DENIED)
            raise GapsForbidden("Brak uprawnień do analiz tego obszaru.")
        # the report exposes counts derived from client pathways: every one is on the audit record
        _audit(info, prefix, main, Outcome.ALLOWED, other)
        types = expectation_types(DEFAULT_EXPECTATIONS)
        store = info.context.store
        try:
            p = await info.context.run(project, store, prefix, main, candidate_types=types)
            q = await info.context.run(project, store, prefix, other, candidate_types=types) if other else None
        except AnalysisInputError as exc:
            raise BadInputError("territory" if "TERYT" in str(exc) else "period", str(exc)) from None
        return GapReportType(
            territory=t.GapTerritory(teryt=p.root.teryt, name=p.root.name, level=p.root.level),
            period=_period_type(main),
            compare_period=_period_type(other) if other else None,
            queries=p.queries + (q.queries if q else 0),
            _p=p,
            _previous=q,
            _seed=seed,
            _prefix=prefix,
            _memo={},
        )


def _audit(
    info: Info, prefix: str, period: Period, outcome: str, other: Period | None = None, action: str = "gaps.report"
) -> None:
    principal = info.context.principal
    periods = period.label + (f" / {other.label}" if other else "")
    runtime_of(info.context).audit.append(
        AuditEvent(
            action=action,
            outcome=outcome,
            actor=principal.user_id,
            role=None if principal.role is None else str(principal.role),
            institution=principal.institution_id,
            purpose=f"gap_analysis {prefix or 'PL'} {periods}",  # a territory and dates: no personal data
            request_id=info.context.request_id,
        )
    )


def _period_type(p: Period) -> t.GapPeriod:
    return t.GapPeriod(start=p.start.isoformat(), end=p.end.isoformat(), label=p.label)
