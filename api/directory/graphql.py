"""Root query and mutation fields of the resource directory (listed in api/graphql/schema.py)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from enum import Enum
from typing import Annotated

import strawberry

from api.directory import types as t
from api.directory.mutations import DirectoryMutation
from api.graphql.errors import BadInputError
from api.graphql.pagination import Connection, build_connection, build_list_connection, page_window
from api.security import PublicDirectory
from graph.enums import InstitutionType
from queries.directory import search

__all__ = ["DirectoryQuery", "DirectoryMutation", "IdListFilter", "ServiceSort", "InstitutionFilter", "InstitutionSort"]

Info = t.Info
PageSize = t.PageSize
After = t.After
Teryt = Annotated[str, strawberry.argument(description="Kod TERYT: 2 (województwo), 4 (powiat) lub 6 cyfr (gmina).")]
WithinKm = Annotated[
    float | None,
    strawberry.argument(description="Także instytucje z siedzibą w tej odległości (km) od środka jednostki."),
]


@strawberry.input(description="Filtr listy identyfikatorów: dowolny z (LUB), wszystkie (I), żaden z (NIE).")
class IdListFilter:
    any_of: list[strawberry.ID] | None = strawberry.field(default=None, description="Co najmniej jeden z (LUB).")
    all_of: list[strawberry.ID] | None = strawberry.field(
        default=None, description=f"Wszystkie (I), najwyżej {search.MAX_ALL_OF}."
    )
    none_of: list[strawberry.ID] | None = strawberry.field(default=None, description="Żaden z (NIE).")

    def to_filter(self) -> search.IdFilter:
        return search.IdFilter(
            tuple(map(str, self.any_of or ())), tuple(map(str, self.all_of or ())), tuple(map(str, self.none_of or ()))
        )


def _filter(value: IdListFilter | None) -> search.IdFilter:
    return value.to_filter() if value is not None else search.IdFilter()


@strawberry.enum(
    description="ALL: najpierw usługi pasujące do wszystkich słów, potem do części z nich (wyjaśnienie podaje "
    "pominięte słowa); ANY: kolejność według trafności, bez względu na liczbę dopasowanych słów."
)
class TextMatch(Enum):
    ALL = "all"
    ANY = "any"


@strawberry.enum(description="Pole sortowania usług (dozwolone wartości).")
class ServiceSortField(Enum):
    RELEVANCE = "relevance"
    NAME = "name"
    FREE_PLACES = "free_places"
    DISTANCE = "distance"


@strawberry.input(description="Sortowanie usług: trafność (domyślnie), nazwa, wolne miejsca, odległość.")
class ServiceSort:
    field: ServiceSortField = ServiceSortField.RELEVANCE
    reverse: bool = strawberry.field(default=False, description="Odwraca naturalny porządek pola.")


@strawberry.enum(description="Pole sortowania instytucji (dozwolone wartości).")
class InstitutionSortField(Enum):
    RELEVANCE = "relevance"
    NAME = "name"
    TYPE = "type"
    CITY = "city"
    DISTANCE = "distance"


@strawberry.input(description="Sortowanie instytucji: nazwa (domyślnie), rodzaj, miejscowość, trafność, odległość.")
class InstitutionSort:
    field: InstitutionSortField = InstitutionSortField.NAME
    reverse: bool = strawberry.field(default=False, description="Odwraca naturalny porządek pola.")


@strawberry.input(description="Filtr instytucji.")
class InstitutionFilter:
    text: str | None = strawberry.field(default=None, description="Słowa (po polsku, dowolna odmiana).")
    text_match: TextMatch = TextMatch.ALL
    types: list[InstitutionType] | None = strawberry.field(default=None, description="Dowolny z rodzajów.")
    territory: str | None = strawberry.field(default=None, description="Kod TERYT: instytucje właściwe dla jednostki.")
    within_km: float | None = None
    competences: list[strawberry.ID] | None = strawberry.field(default=None, description="Dowolna z kompetencji.")
    categories: IdListFilter | None = strawberry.field(default=None, description="Kategorie oferowanych usług.")
    target_groups: IdListFilter | None = strawberry.field(default=None, description="Grupy docelowe oferowanych usług.")


def _scope(info: Info, territory: str | None, within_km: float | None) -> search.Scope | None:
    if territory is None:
        if within_km is not None:
            raise BadInputError("withinKm", "odległość wymaga podania jednostki terytorialnej (territory)")
        return None
    return search.resolve_scope(info.context.store, territory, within_km)


def _territorial(scope: search.Scope | None, hit: search.Hit) -> t.TerritorialMatch | None:
    if scope is None or hit.competent is None:
        return None
    return t.TerritorialMatch.build(hit.competent, scope.territory, hit.distance_km, scope.within_km)


async def _explain(
    info: Info, hit: search.Hit, query: search.ServiceSearch, scope: search.Scope | None
) -> t.MatchExplanation:
    matched, missing = search.unit_matches(query.text, hit)
    words = [t.WordMatchType.from_unit(m) for m in matched]
    relaxed = [u.text for u in missing]
    wanted_cats, wanted_groups = query.categories.wanted, query.target_groups.wanted
    cats: list[t.Category] = []
    groups: list[t.TargetGroup] = []
    if wanted_cats:
        all_cats = await t.load_categories(info.context, hit.id)
        cats = [c for c in all_cats if c.id in wanted_cats or (c.parent or "") in wanted_cats]
    if wanted_groups:
        all_groups = await t.load_target_groups(info.context, hit.id)
        groups = [g for g in all_groups if g.id in wanted_groups]
    return t.MatchExplanation.build(words, cats, groups, _territorial(scope, hit), relaxed, list(query.text.ignored))


@strawberry.type
class DirectoryQuery:
    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Wyszukiwanie usług: tekst po polsku, kategorie, grupy docelowe, terytorium, kompetencje.",
    )
    async def search_services(
        self,
        info: Info,
        text: Annotated[str | None, strawberry.argument(description="Słowa (po polsku, dowolna odmiana).")] = None,
        text_match: TextMatch = TextMatch.ALL,
        categories: IdListFilter | None = None,
        target_groups: IdListFilter | None = None,
        territory: Annotated[str | None, strawberry.argument(description="Kod TERYT jednostki.")] = None,
        competence: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Instytucja ma dowolną z kompetencji.")
        ] = None,
        within_km: WithinKm = None,
        open_only: Annotated[bool, strawberry.argument(description="Tylko aktywne, z wolnymi miejscami.")] = False,
        sort: ServiceSort | None = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[t.ServiceHit]:
        ctx = info.context
        page = page_window(first, after)
        order = sort or ServiceSort()
        query = search.ServiceSearch(
            text=search.ServiceText.parse(text, text_match is TextMatch.ALL),
            categories=_filter(categories),
            target_groups=_filter(target_groups),
            competences=tuple(map(str, competence or ())),
            open_only=open_only,
            sort=order.field.value,
            reverse=order.reverse,
        )
        scope = await ctx.run(_scope, info, territory, within_km)
        hits = await ctx.run(search.search_services, ctx.store, query, page.skip, page.fetch, scope)
        services = await t.load_services(ctx, [h.id for h in hits])
        found = [(h, s) for h, s in zip(hits, services, strict=True) if s is not None]
        # gathered, not awaited one by one: the loaders then batch all rows in one call
        explanations = await asyncio.gather(*(_explain(info, h, query, scope) for h, _ in found))
        nodes = [
            t.ServiceHit(service=s, score=h.score, explanation=e) for (h, s), e in zip(found, explanations, strict=True)
        ]

        async def count() -> int:
            return await ctx.run(search.count_services, ctx.store, query, scope)

        return build_connection(nodes, page, count)

    @strawberry.field(permission_classes=[PublicDirectory], description="Instytucja według identyfikatora.")
    async def institution(self, info: Info, id: strawberry.ID) -> t.Institution | None:
        return await t.load_institution(info.context, str(id))

    @strawberry.field(permission_classes=[PublicDirectory], description="Usługa według identyfikatora.")
    async def service(self, info: Info, id: strawberry.ID) -> t.Service | None:
        return await t.load_service(info.context, str(id))

    @strawberry.field(permission_classes=[PublicDirectory], description="Lista instytucji z filtrem i sortowaniem.")
    async def institutions(
        self,
        info: Info,
        filter: InstitutionFilter | None = None,
        sort: InstitutionSort | None = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[t.Institution]:
        ctx = info.context
        page = page_window(first, after)
        f = filter or InstitutionFilter()
        order = sort or InstitutionSort()
        query = search.InstitutionSearch(
            text=search.TextQuery.parse(f.text, f.text_match is TextMatch.ALL),
            types=tuple(x.value for x in f.types or ()),
            categories=_filter(f.categories),
            target_groups=_filter(f.target_groups),
            competences=tuple(map(str, f.competences or ())),
            sort=order.field.value,
            reverse=order.reverse,
        )
        scope = await ctx.run(_scope, info, f.territory, f.within_km)
        hits = await ctx.run(search.search_institutions, ctx.store, query, page.skip, page.fetch, scope)
        found = await t.load_institutions(ctx, [h.id for h in hits])
        nodes = [i for i in found if i is not None]

        async def count() -> int:
            return await ctx.run(search.count_institutions, ctx.store, query, scope)

        return build_connection(nodes, page, count)

    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Jednostka terytorialna, jej powiat i województwo oraz instytucje dla niej właściwe.",
    )
    async def territory(self, info: Info, teryt: Teryt, within_km: WithinKm = None) -> t.TerritoryReport:
        ctx = info.context
        scope = await ctx.run(search.resolve_scope, ctx.store, teryt, within_km)
        ids = sorted(scope.competent, key=lambda i: (scope.competent[i].tier, i))
        institutions = await t.load_institutions(ctx, ids)
        grouped: dict[InstitutionType, list[t.CompetentInstitution]] = defaultdict(list)
        for inst in institutions:
            if inst is None:
                continue
            c = scope.competent[str(inst.id)]
            match = t.TerritorialMatch.build(c, scope.territory, _distance(scope, inst), within_km)
            grouped[inst.type].append(t.CompetentInstitution(institution=inst, territory=match))
        order = {k: n for n, k in enumerate(InstitutionType)}
        groups = [
            t.InstitutionTypeGroup(type=k, items=v) for k, v in sorted(grouped.items(), key=lambda kv: order[kv[0]])
        ]
        up = {u.level: u for u in scope.units.values() if scope.relation[u.teryt] == "up"}
        return t.TerritoryReport(
            territory=t.Territory.from_info(scope.territory),
            powiat=t.Territory.from_info(up["powiat"]) if "powiat" in up else None,
            voivodeship=t.Territory.from_info(up["voivodeship"]) if "voivodeship" in up else None,
            within_km=within_km,
            groups=groups,
        )

    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Instytucje mające daną kompetencję (opcjonalnie: właściwe dla jednostki lub w promieniu).",
    )
    async def competence_holders(
        self,
        info: Info,
        competence: strawberry.ID,
        territory: Annotated[str | None, strawberry.argument(description="Kod TERYT jednostki.")] = None,
        within_km: WithinKm = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[t.CompetenceHolder]:
        ctx = info.context
        page = page_window(first, after)
        sort = "relevance" if territory else "name"
        query = search.InstitutionSearch(competences=(str(competence),), sort=sort)
        scope = await ctx.run(_scope, info, territory, within_km)
        hits = await ctx.run(search.search_institutions, ctx.store, query, page.skip, page.fetch, scope)
        found = await t.load_institutions(ctx, [h.id for h in hits])
        competences = await t.load_competences(ctx, [h.id for h in hits])
        nodes = []
        for hit, inst, held in zip(hits, found, competences, strict=True):
            if inst is None:
                continue
            staff = next((c.staff for c in held if c.competence.id == competence), 0)
            nodes.append(t.CompetenceHolder(institution=inst, staff=staff, territory=_territorial(scope, hit)))

        async def count() -> int:
            return await ctx.run(search.count_institutions, ctx.store, query, scope)

        return build_connection(nodes, page, count)

    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Partnerzy instytucji: zadeklarowana współpraca i wspólne partnerstwa.",
    )
    async def partners(
        self, info: Info, institution_id: strawberry.ID, first: PageSize = None, after: After = None
    ) -> Connection[t.Partner]:
        return await t.load_partners(info.context, str(institution_id), first, after)

    @strawberry.field(permission_classes=[PublicDirectory], description="Słownik kategorii usług.")
    async def categories(self, info: Info, first: PageSize = None, after: After = None) -> Connection[t.Category]:
        rows = await info.context.run(info.context.store.query, "directory_categories", {})
        return build_list_connection([t.Category.from_row(r) for r in rows], first, after)

    @strawberry.field(permission_classes=[PublicDirectory], description="Słownik grup docelowych.")
    async def target_groups(self, info: Info, first: PageSize = None, after: After = None) -> Connection[t.TargetGroup]:
        rows = await info.context.run(info.context.store.query, "directory_target_groups", {})
        return build_list_connection([t.TargetGroup.from_row(r) for r in rows], first, after)

    @strawberry.field(permission_classes=[PublicDirectory], description="Słownik kompetencji kadry.")
    async def competences(self, info: Info, first: PageSize = None, after: After = None) -> Connection[t.Competence]:
        rows = await info.context.run(info.context.store.query, "directory_competences", {})
        return build_list_connection([t.Competence.from_row(r) for r in rows], first, after)


def _distance(scope: search.Scope, inst: t.Institution) -> float | None:
    c = scope.territory
    if inst.lat is None or inst.lon is None or c.lat is None or c.lon is None:
        return None
    return search.haversine_km(c.lat, c.lon, inst.lat, inst.lon)
