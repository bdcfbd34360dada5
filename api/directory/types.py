"""GraphQL types of the resource directory.

Objects are built from query rows (``from_row``); related objects are fetched
through per-request DataLoaders (:mod:`api.directory.loaders`), so nesting
never multiplies store calls.  Lists that can grow (an institution's services
and partners) are cursor connections; short attribute lists (a service's
categories, an institution's competences) are plain lists.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry

import api.graphql.enums  # noqa: F401 - registers the shared GraphQL enums
from api.directory import loaders
from api.graphql.context import Context
from api.graphql.pagination import Connection, build_list_connection
from graph.enums import (
    CooperationKind,
    InstitutionType,
    PartnershipType,
    ServiceStatus,
    TerritoryLevel,
)
from graph.store.protocol import Row
from queries.directory.search import Competent, Rule, TerritoryInfo, UnitMatch, WordMatch

Info = strawberry.Info[Context, None]

__all__ = [
    "Category",
    "TargetGroup",
    "Competence",
    "InstitutionCompetence",
    "Territory",
    "ServedTerritory",
    "Institution",
    "Service",
    "CooperationTie",
    "Partnership",
    "Partner",
    "WordMatchType",
    "TerritorialMatch",
    "MatchExplanation",
    "ServiceHit",
    "CompetenceHolder",
    "InstitutionTypeGroup",
    "CompetentInstitution",
    "TerritoryReport",
    "load_institution",
    "load_institutions",
    "load_service",
    "load_services",
    "load_categories",
    "load_target_groups",
    "load_competences",
    "load_partners",
]


# ---------------------------------------------------------------- vocabulary


@strawberry.type(description="Kategoria usług (słownik).")
class Category:
    id: strawberry.ID
    name: str
    parent: str | None = strawberry.field(description="Identyfikator kategorii nadrzędnej.")
    taxonomy: str | None
    service_count: int | None = strawberry.field(default=None, description="Liczba usług w kategorii.")

    @classmethod
    def from_row(cls, r: Row) -> Category:
        return cls(
            id=strawberry.ID(r["id"]),
            name=r["name"],
            parent=r.get("parent"),
            taxonomy=r.get("taxonomy"),
            service_count=int(r["services"]) if r.get("services") is not None else None,
        )


@strawberry.type(description="Grupa docelowa usług (słownik).")
class TargetGroup:
    id: strawberry.ID
    name: str
    service_count: int | None = strawberry.field(default=None, description="Liczba usług dla grupy.")

    @classmethod
    def from_row(cls, r: Row) -> TargetGroup:
        count = r.get("services")
        return cls(id=strawberry.ID(r["id"]), name=r["name"], service_count=int(count) if count is not None else None)


@strawberry.type(description="Kompetencja kadry (słownik).")
class Competence:
    id: strawberry.ID
    name: str
    institution_count: int | None = strawberry.field(default=None, description="Liczba instytucji z tą kompetencją.")

    @classmethod
    def from_row(cls, r: Row) -> Competence:
        count = r.get("institutions")
        return cls(
            id=strawberry.ID(r["id"]), name=r["name"], institution_count=int(count) if count is not None else None
        )


@strawberry.type(description="Kompetencja instytucji z liczbą osób, które ją mają.")
class InstitutionCompetence:
    competence: Competence
    staff: int

    @classmethod
    def from_row(cls, r: Row) -> InstitutionCompetence:
        return cls(competence=Competence(id=strawberry.ID(r["id"]), name=r["name"]), staff=int(r["staff"] or 0))


# ---------------------------------------------------------------- territory


@strawberry.type(description="Jednostka podziału terytorialnego (TERYT).")
class Territory:
    teryt: str
    name: str
    level: TerritoryLevel
    kind: str | None
    lat: float | None
    lon: float | None
    parent_teryt: strawberry.Private[str | None] = None

    @strawberry.field(description="Poziom po polsku.")
    def level_label(self) -> str:
        return self.level.label

    @strawberry.field(description="Jednostka bezpośrednio wyżej (powiat gminy, województwo powiatu).")
    async def parent(self, info: Info) -> Territory | None:
        if not self.parent_teryt:
            return None
        return await _load_territory(info.context, self.parent_teryt)

    @classmethod
    def from_row(cls, r: Row) -> Territory:
        return cls(
            teryt=r["teryt"],
            name=r["name"],
            level=TerritoryLevel(r["level"]),
            kind=r.get("kind"),
            lat=r.get("lat"),
            lon=r.get("lon"),
            parent_teryt=r.get("parent"),
        )

    @classmethod
    def from_info(cls, info: TerritoryInfo) -> Territory:
        return cls(
            teryt=info.teryt,
            name=info.name,
            level=TerritoryLevel(info.level),
            kind=info.kind,
            lat=info.lat,
            lon=info.lon,
        )


@strawberry.type(description="Obszar działania instytucji (relacja SERVES).")
class ServedTerritory:
    teryt: str
    declared: bool = strawberry.field(description="Zasięg zadeklarowany przez instytucję (CIS/KIS), a nie ustawowy.")

    @strawberry.field
    async def territory(self, info: Info) -> Territory | None:
        return await _load_territory(info.context, self.teryt)

    @classmethod
    def from_row(cls, r: Row) -> ServedTerritory:
        return cls(teryt=r["teryt"], declared=bool(r.get("declared")))


# ------------------------------------------------------- institution/service

PageSize = Annotated[int | None, strawberry.argument(description="Rozmiar strony (1–100, domyślnie 20).")]
After = Annotated[str | None, strawberry.argument(description="Kursor: wyniki po tym elemencie.")]


@strawberry.type(description="Instytucja: ośrodek pomocy społecznej, urząd pracy, CIS, organizacja…")
class Institution:
    id: strawberry.ID
    name: str
    type: InstitutionType
    regon: str | None
    krs: str | None
    nip: str | None
    gmina: str | None = strawberry.field(description="Kod TERYT gminy siedziby.")
    street: str | None
    postal_code: str | None
    city: str | None
    lat: float | None
    lon: float | None
    phone: str | None
    email: str | None
    www: str | None
    description: str | None
    source: str | None = strawberry.field(description="Źródło danych o instytucji (np. rejestr, z którego pochodzi).")
    updated_at: dt.datetime | None = strawberry.field(description="Ostatnia aktualizacja danych o instytucji.")

    @strawberry.field(description="Rodzaj instytucji po polsku.")
    def type_label(self) -> str:
        return self.type.label

    @strawberry.field(description="Sektor po polsku (pomoc społeczna, rynek pracy…).")
    def sector_label(self) -> str:
        return self.type.sector.label

    @strawberry.field(description="Gmina siedziby.")
    async def located_in(self, info: Info) -> Territory | None:
        if not self.gmina:
            return None
        return await _load_territory(info.context, self.gmina)

    @strawberry.field(description="Jednostki, dla których instytucja jest właściwa.")
    async def served_territories(self, info: Info) -> list[ServedTerritory]:
        rows = await info.context.loader(loaders.served_territories_of_institution).load(str(self.id))
        return [ServedTerritory.from_row(r) for r in rows]

    @strawberry.field(description="Usługi instytucji (według nazwy).")
    async def services(self, info: Info, first: PageSize = None, after: After = None) -> Connection[Service]:
        rows = await info.context.loader(loaders.services_of_institution).load(str(self.id))
        return build_list_connection([Service.from_row(r) for r in rows], first, after)

    @strawberry.field(description="Partnerzy: zadeklarowana współpraca i wspólne partnerstwa.")
    async def partners(self, info: Info, first: PageSize = None, after: After = None) -> Connection[Partner]:
        return await load_partners(info.context, str(self.id), first, after)

    @strawberry.field(description="Kompetencje kadry.")
    async def competences(self, info: Info) -> list[InstitutionCompetence]:
        return (await load_competences(info.context, [str(self.id)]))[0]

    @classmethod
    def from_row(cls, r: Row) -> Institution:
        return cls(
            id=strawberry.ID(r["id"]),
            name=r["name"],
            type=InstitutionType(r["type"]),
            regon=r.get("regon"),
            krs=r.get("krs"),
            nip=r.get("nip"),
            gmina=r.get("gmina"),
            street=r.get("street"),
            postal_code=r.get("postal_code"),
            city=r.get("city"),
            lat=r.get("lat"),
            lon=r.get("lon"),
            phone=r.get("phone"),
            email=r.get("email"),
            www=r.get("www"),
            description=r.get("description"),
            source=r.get("source"),
            updated_at=r.get("updated_at"),
        )


@strawberry.type(description="Usługa (na wzór Open Referral HSDS 3.0 `service`).")
class Service:
    id: strawberry.ID
    name: str
    description: str | None
    status: ServiceStatus
    eligibility: str | None = strawberry.field(description="Warunki skorzystania.")
    min_age: int | None
    max_age: int | None
    languages: list[str]
    cost: str | None
    schedule: str | None
    capacity: int | None = strawberry.field(description="Liczba miejsc.")
    free_places: int | None = strawberry.field(description="Wolne miejsca (brak = nie dotyczy / nieznane).")
    legal_basis: str | None
    url: str | None
    email: str | None
    updated_at: dt.datetime | None
    institution_id: strawberry.Private[str | None] = None

    @strawberry.field(description="Status po polsku.")
    def status_label(self) -> str:
        return self.status.label

    @strawberry.field(description="Czy usługa przyjmuje: aktywna i wolne miejsca różne od zera.")
    def is_open(self) -> bool:
        return self.status is ServiceStatus.ACTIVE and self.free_places != 0

    @strawberry.field(description="Instytucja prowadząca usługę.")
    async def institution(self, info: Info) -> Institution | None:
        if not self.institution_id:
            return None
        return await load_institution(info.context, self.institution_id)

    @strawberry.field(description="Kategorie usługi.")
    async def categories(self, info: Info) -> list[Category]:
        return await load_categories(info.context, str(self.id))

    @strawberry.field(description="Grupy docelowe usługi.")
    async def target_groups(self, info: Info) -> list[TargetGroup]:
        return await load_target_groups(info.context, str(self.id))

    @classmethod
    def from_row(cls, r: Row) -> Service:
        return cls(
            id=strawberry.ID(r["id"]),
            name=r["name"],
            description=r.get("description"),
            status=ServiceStatus(r.get("status") or ServiceStatus.ACTIVE.value),
            eligibility=r.get("eligibility"),
            min_age=r.get("min_age"),
            max_age=r.get("max_age"),
            languages=list(r.get("languages") or []),
            cost=r.get("cost"),
            schedule=r.get("schedule"),
            capacity=r.get("capacity"),
            free_places=r.get("free_places"),
            legal_basis=r.get("legal_basis"),
            url=r.get("url"),
            email=r.get("email"),
            updated_at=r.get("updated_at"),
            institution_id=r.get("institution"),
        )


# ---------------------------------------------------------------- partners


@strawberry.enum(description="Kto zadeklarował współpracę.")
class TieDirection(Enum):
    DECLARED_BY_INSTITUTION = "out"
    DECLARED_BY_PARTNER = "in"


@strawberry.type(description="Zadeklarowana współpraca (relacja COOPERATES_WITH).")
class CooperationTie:
    direction: TieDirection
    kind: CooperationKind
    since: dt.date | None
    rating: int | None = strawberry.field(description="Ocena współpracy 1–4.")

    @strawberry.field(description="Rodzaj współpracy po polsku.")
    def kind_label(self) -> str:
        return self.kind.label

    @classmethod
    def from_row(cls, r: Row) -> CooperationTie:
        return cls(
            direction=TieDirection(r["direction"]),
            kind=CooperationKind(r.get("kind") or CooperationKind.OTHER.value),
            since=r.get("since"),
            rating=r.get("rating"),
        )


@strawberry.type(description="Partnerstwo: zespół interdyscyplinarny, porozumienie, partnerstwo lokalne…")
class Partnership:
    id: strawberry.ID
    name: str
    type: PartnershipType

    @strawberry.field(description="Rodzaj partnerstwa po polsku.")
    def type_label(self) -> str:
        return self.type.label

    @classmethod
    def from_row(cls, r: Row) -> Partnership:
        return cls(id=strawberry.ID(r["partnership"]), name=r["name"], type=PartnershipType(r["type"]))


@strawberry.type(description="Partner instytucji: zadeklarowane więzi i wspólne partnerstwa.")
class Partner:
    partner_id: strawberry.Private[str]
    ties: list[CooperationTie]
    partnerships: list[Partnership]

    @strawberry.field
    async def institution(self, info: Info) -> Institution | None:
        return await load_institution(info.context, self.partner_id)


# ---------------------------------------------------------------- search


@strawberry.enum(description="Jak dopasowano słowo zapytania.")
class MatchKind(Enum):
    LEMMA = "lemma"
    SURFACE = "surface"
    PREFIX = "prefix"
    PHRASE = "phrase"
    SYNONYM = "synonym"
    TYPO = "typo"
    RELATED = "related"


@strawberry.enum(description="Gdzie dopasowano słowo zapytania.")
class MatchField(Enum):
    SERVICE = "service"
    INSTITUTION = "institution"


@strawberry.enum(description="Dlaczego instytucja jest właściwa dla wskazanej jednostki.")
class TerritorialRule(Enum):
    SERVES_TERRITORY = Rule.SERVES_TERRITORY.value
    SERVES_PARENT = Rule.SERVES_PARENT.value
    SERVES_PART = Rule.SERVES_PART.value
    WITHIN_DISTANCE = Rule.WITHIN_DISTANCE.value


_KIND_PL = {
    "lemma": "forma podstawowa",
    "surface": "ta sama forma",
    "prefix": "wspólny rdzeń",
    "phrase": "to samo wyrażenie",
    "synonym": "synonim",
    "typo": "poprawiona pisownia",
    "related": "pojęcie pokrewne",
}
_FIELD_PL = {"service": "w opisie usługi", "institution": "w opisie instytucji"}
#: Where in the index a key was found (INDEXES.field), for the explanation.
_SOURCE_PL = {
    "name": "w nazwie usługi",
    "group": "w grupie docelowej",
    "category": "w kategorii",
    "eligibility": "w warunkach udziału",
    "description": "w opisie usługi",
    "type": "w rodzaju instytucji",
    "institution": "w nazwie instytucji",
    "institution_description": "w opisie instytucji",
    "competence": "w kompetencjach kadry",
}


@strawberry.type(name="WordMatch", description="Dopasowanie jednego słowa zapytania.")
class WordMatchType:
    word: str = strawberry.field(description="Słowo zapytania (bez znaków diakrytycznych).")
    key: str = strawberry.field(description="Dopasowany klucz z indeksu.")
    matched_by: MatchKind
    field: MatchField

    source: str | None = strawberry.field(
        default=None, description="Pole indeksu, w którym znaleziono klucz (np. „w grupie docelowej”)."
    )

    @classmethod
    def build(cls, m: WordMatch) -> WordMatchType:
        return cls(word=m.word, key=m.key, matched_by=MatchKind(m.kind), field=MatchField(m.where))

    @classmethod
    def from_unit(cls, m: UnitMatch) -> WordMatchType:
        return cls(
            word=m.unit.text,
            key=m.label,
            matched_by=MatchKind(m.kind),
            field=MatchField(m.where),
            source=_SOURCE_PL.get(m.field),
        )

    def describe(self) -> str:
        where = self.source or _FIELD_PL[self.field.value]
        if self.matched_by in (MatchKind.SYNONYM, MatchKind.PHRASE, MatchKind.TYPO, MatchKind.RELATED):
            # "dopasowano: przemoc domowa – synonim: przemoc w rodzinie"
            return f"dopasowano: {self.key} – {_KIND_PL[self.matched_by.value]}: {self.word} ({where})"
        return f"„{self.word}” ({_KIND_PL[self.matched_by.value]} „{self.key}”, {where})"


@strawberry.type(description="Terytorialny powód dopasowania.")
class TerritorialMatch:
    rule: TerritorialRule
    via: Territory | None = strawberry.field(description="Jednostka, dla której instytucja jest właściwa.")
    declared: bool = strawberry.field(description="Zasięg zadeklarowany (CIS/KIS), a nie ustawowy.")
    distance_km: float | None = strawberry.field(description="Odległość siedziby od środka jednostki (km).")
    description: str

    @classmethod
    def build(
        cls, c: Competent, target: TerritoryInfo, distance_km: float | None, within_km: float | None
    ) -> TerritorialMatch:
        km = c.distance_km if c.distance_km is not None else distance_km
        return cls(
            rule=TerritorialRule(c.rule.value),
            via=Territory.from_info(c.via) if c.via else None,
            declared=c.declared,
            distance_km=round(km, 2) if km is not None else None,
            description=_territorial_text(c, target, km, within_km),
        )


def _km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _territorial_text(c: Competent, target: TerritoryInfo, km: float | None, within_km: float | None) -> str:
    declared = " (zasięg zadeklarowany przez instytucję)" if c.declared else ""
    if c.rule is Rule.WITHIN_DISTANCE:
        if km is None or within_km is None:
            return "Siedziba w zadanej odległości od wskazanej jednostki."
        return f"Siedziba {_km(km)} km od środka jednostki: {target.label} (limit {_km(within_km)} km)."
    assert c.via is not None
    if c.rule is Rule.SERVES_TERRITORY:
        return f"Instytucja właściwa dla wskazanej jednostki: {c.via.label}{declared}."
    if c.rule is Rule.SERVES_PARENT:
        return f"Instytucja właściwa dla jednostki nadrzędnej: {c.via.label}{declared}."
    return f"Instytucja właściwa dla jednostki leżącej na obszarze wskazanej: {c.via.label}{declared}."


@strawberry.type(description="Wyjaśnienie dopasowania wyniku wyszukiwania.")
class MatchExplanation:
    words: list[WordMatchType]
    categories: list[Category] = strawberry.field(description="Kategorie usługi zgodne z filtrem.")
    target_groups: list[TargetGroup] = strawberry.field(description="Grupy docelowe zgodne z filtrem.")
    territory: TerritorialMatch | None
    summary: str = strawberry.field(description="Wyjaśnienie w jednym zdaniu (po polsku).")
    relaxed_words: list[str] = strawberry.field(
        default_factory=list,
        description="Słowa zapytania, których ta usługa nie ma (pominięte, bo żadna usługa nie miała wszystkich).",
    )
    ignored_words: list[str] = strawberry.field(
        default_factory=list, description="Słowa zbyt ogólne, by według nich szukać (np. „pomoc”)."
    )

    @classmethod
    def build(
        cls,
        words: list[WordMatchType],
        categories: list[Category],
        target_groups: list[TargetGroup],
        territory: TerritorialMatch | None,
        relaxed: list[str] | None = None,
        ignored: list[str] | None = None,
    ) -> MatchExplanation:
        parts = []
        if words:
            parts.append("Dopasowane słowa: " + "; ".join(w.describe() for w in words) + ".")
        if relaxed:
            parts.append("Pominięto słowa: " + ", ".join(f"„{w}”" for w in relaxed) + ".")
        if categories:
            parts.append("Kategorie: " + ", ".join(c.name for c in categories) + ".")
        if target_groups:
            parts.append("Grupy docelowe: " + ", ".join(g.name for g in target_groups) + ".")
        if territory:
            parts.append(territory.description)
        summary = " ".join(parts) or "Spełnia wszystkie warunki wyszukiwania."
        return cls(
            words=words,
            categories=categories,
            target_groups=target_groups,
            territory=territory,
            summary=summary,
            relaxed_words=relaxed or [],
            ignored_words=ignored or [],
        )


@strawberry.type(description="Wynik wyszukiwania usług: usługa, trafność i wyjaśnienie.")
class ServiceHit:
    service: Service
    score: float = strawberry.field(description="Trafność tekstowa (suma wag dopasowanych słów).")
    explanation: MatchExplanation


@strawberry.type(description="Instytucja mająca daną kompetencję.")
class CompetenceHolder:
    institution: Institution
    staff: int = strawberry.field(description="Liczba osób z tą kompetencją.")
    territory: TerritorialMatch | None


# -------------------------------------------------------- territory report


@strawberry.type(description="Instytucja właściwa dla jednostki terytorialnej, z powodem.")
class CompetentInstitution:
    institution: Institution
    territory: TerritorialMatch


@strawberry.type(description="Instytucje właściwe dla jednostki, jednego rodzaju.")
class InstitutionTypeGroup:
    type: InstitutionType
    items: strawberry.Private[list[CompetentInstitution]]

    @strawberry.field
    def type_label(self) -> str:
        return self.type.label

    @strawberry.field(description="Instytucje tego rodzaju (najpierw właściwe z mocy prawa dla jednostki).")
    def institutions(self, first: PageSize = None, after: After = None) -> Connection[CompetentInstitution]:
        return build_list_connection(self.items, first, after)


@strawberry.type(description="Jednostka terytorialna: jej powiat i województwo oraz instytucje dla niej właściwe.")
class TerritoryReport:
    territory: Territory
    powiat: Territory | None
    voivodeship: Territory | None
    within_km: float | None
    groups: strawberry.Private[list[InstitutionTypeGroup]]

    @strawberry.field(description="Instytucje właściwe dla jednostki, pogrupowane według rodzaju.")
    def institution_groups(self, first: PageSize = None, after: After = None) -> Connection[InstitutionTypeGroup]:
        return build_list_connection(self.groups, first, after)


# ------------------------------------------------------------------ loading
# The loaders return store rows; these helpers build the GraphQL objects, so the
# dependency runs one way (types → loaders) and resolvers never see raw rows.


async def _load_territory(ctx: Context, teryt: str) -> Territory | None:
    row = await ctx.loader(loaders.territories_by_teryt).load(teryt)
    return Territory.from_row(row) if row is not None else None


async def load_institution(ctx: Context, institution_id: str) -> Institution | None:
    row = await ctx.loader(loaders.institutions_by_id).load(institution_id)
    return Institution.from_row(row) if row is not None else None


async def load_institutions(ctx: Context, ids: list[str]) -> list[Institution | None]:
    rows = await ctx.loader(loaders.institutions_by_id).load_many(ids)
    return [Institution.from_row(r) if r is not None else None for r in rows]


async def load_service(ctx: Context, service_id: str) -> Service | None:
    row = await ctx.loader(loaders.services_by_id).load(service_id)
    return Service.from_row(row) if row is not None else None


async def load_services(ctx: Context, ids: list[str]) -> list[Service | None]:
    rows = await ctx.loader(loaders.services_by_id).load_many(ids)
    return [Service.from_row(r) if r is not None else None for r in rows]


async def load_categories(ctx: Context, service_id: str) -> list[Category]:
    rows = await ctx.loader(loaders.categories_of_service).load(service_id)
    return [Category.from_row(r) for r in rows]


async def load_target_groups(ctx: Context, service_id: str) -> list[TargetGroup]:
    rows = await ctx.loader(loaders.target_groups_of_service).load(service_id)
    return [TargetGroup.from_row(r) for r in rows]


async def load_competences(ctx: Context, institution_ids: list[str]) -> list[list[InstitutionCompetence]]:
    grouped = await ctx.loader(loaders.competences_of_institution).load_many(institution_ids)
    return [[InstitutionCompetence.from_row(r) for r in rows] for rows in grouped]


async def load_partners(ctx: Context, institution_id: str, first: int | None, after: str | None) -> Connection[Partner]:
    found = await ctx.loader(loaders.partners_of_institution).load(institution_id)
    partners = [
        Partner(
            partner_id=p.partner_id,
            ties=[CooperationTie.from_row(r) for r in p.ties],
            partnerships=[Partnership.from_row(r) for r in p.partnerships],
        )
        for p in found
    ]
    return build_list_connection(partners, first, after)
