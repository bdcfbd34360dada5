"""GraphQL output types of the gap analyses (all prefixed ``Gap``).

They mirror the dataclasses of :mod:`queries.analysis` one to one and are built
with the ``from_*`` helpers below.  Client-derived counts are ``Int`` that is
``null`` when suppressed, always with a ``…Display`` string ("<5") beside them.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.enums import Sector
from queries.analysis import privacy
from queries.analysis.compare import ComparisonRow
from queries.analysis.cooperation import CooperationResult
from queries.analysis.coverage import CoverageMatrix, ExpectationCheck, ReachRow
from queries.analysis.labels import HOW_LABELS, OUTCOME_LABELS
from queries.analysis.pathways import PathwayResult
from queries.analysis.projection import LAYER_LABELS
from queries.analysis.recommend import GapFiller as FillerResult
from queries.analysis.recommend import PartnerSuggestion
from queries.analysis.report import InstitutionRow
from queries.analysis.structure import StructureResult

__all__ = [
    "GapLayer",
    "GapTerritory",
    "GapPeriod",
    "GapMetric",
    "GapExpectationCheck",
    "GapCoverage",
    "GapReachRow",
    "GapStructure",
    "GapCooperation",
    "GapPathway",
    "GapPartnerSuggestion",
    "GapFillerItem",
    "GapComparisonRow",
    "GapInstitution",
]


@strawberry.enum(name="GapLayer", description="Warstwa sieci współpracy.")
class GapLayer(Enum):
    ALL = "all"
    DECLARED = "declared"
    PARTNERSHIP = "partnership"
    REFERRALS = "referrals"
    SHARED_CLIENTS = "shared_clients"


@strawberry.type(description="Analizowane terytorium.")
class GapTerritory:
    teryt: str = strawberry.field(description="Kod TERYT; pusty dla całego kraju.")
    name: str
    level: str


@strawberry.type(description="Okres analizy (daty włącznie).")
class GapPeriod:
    start: str
    end: str
    label: str


@strawberry.type(description="Miara podsumowująca (liczby o klientach po ukryciu małych wartości).")
class GapMetric:
    key: str
    label: str
    value: float | None


@strawberry.type(description="Oczekiwanie wobec jednostki terytorialnej i czy jest spełnione.")
class GapExpectationCheck:
    expectation: str
    label: str
    teryt: str
    unit_name: str
    level: str
    met: bool
    how: str | None = strawberry.field(description="competent | hops | distance; null, gdy luka.")
    how_label: str
    via: list[str] = strawberry.field(description="Identyfikatory instytucji spełniających oczekiwanie.")
    nearest_km: float | None
    in_territory: bool
    statutory: bool = strawberry.field(default=False, description="Wymóg ustawowy (true) albo dobra praktyka (false).")


def check_from(c: ExpectationCheck) -> GapExpectationCheck:
    return GapExpectationCheck(
        expectation=c.expectation,
        label=c.label,
        teryt=c.teryt,
        unit_name=c.unit_name,
        level=c.level,
        met=c.met,
        how=c.how,
        how_label=HOW_LABELS[c.how],
        via=list(c.via),
        nearest_km=c.nearest_km,
        in_territory=c.in_territory,
        statutory=c.basis == "statutory",
    )


@strawberry.type(description="Wiersz macierzy potrzeb: liczba usług na gminę (i klienci grupy, po ukryciu).")
class GapNeedRow:
    kind: str = strawberry.field(description="category | group")
    id: str
    name: str
    depth: int
    supply: list[int]
    demand: list[int | None] | None
    demand_display: list[str] | None


@strawberry.type(description="Pusta komórka potrzeba × gmina.")
class GapEmptyCell:
    kind: str
    need: str
    need_name: str
    gmina: str
    gmina_name: str
    demand: int | None
    demand_display: str
    demand_known: bool


@strawberry.type(description="Macierz pokrycia potrzeb: kategorie i grupy docelowe × gminy.")
class GapCoverage:
    gminas: list[str]
    gmina_names: list[str]
    rows: list[GapNeedRow]
    empty_cells: list[GapEmptyCell]


def coverage_from(m: CoverageMatrix) -> GapCoverage:
    return GapCoverage(
        gminas=list(m.gminas),
        gmina_names=list(m.gmina_names),
        rows=[
            GapNeedRow(
                kind=r.kind,
                id=r.id,
                name=r.name,
                depth=r.depth,
                supply=list(r.supply),
                demand=None if r.demand is None else list(r.demand),
                demand_display=None if r.demand is None else [privacy.display(v) for v in r.demand],
            )
            for r in m.rows
        ],
        empty_cells=[
            GapEmptyCell(
                kind=c.kind,
                need=c.need,
                need_name=c.need_name,
                gmina=c.gmina,
                gmina_name=c.gmina_name,
                demand=c.demand,
                demand_display=privacy.display(c.demand),
                demand_known=c.demand_known,
            )
            for c in m.empty_cells
        ],
    )


@strawberry.type(description="Osiągalność kategorii z gmin: kroki współpracy i odległość do dostawcy.")
class GapReachRow:
    category: str
    name: str
    hops: list[int | None]
    km: list[float | None]


def reach_from(r: ReachRow) -> GapReachRow:
    return GapReachRow(category=r.category, name=r.name, hops=list(r.hops), km=list(r.km))


@strawberry.type(description="Spójność sieci.")
class GapCohesion:
    nodes: int
    edges: int
    density: float
    centralization: float = strawberry.field(description="Centralizacja stopni Freemana (gwiazda = 1).")
    components: int
    largest_component: int
    isolates: list[str]
    bridges: list[list[str]]
    articulation_points: list[str]


@strawberry.type(description="Broker: instytucja na wielu najkrótszych ścieżkach.")
class GapBroker:
    id: str
    betweenness: float
    degree: int
    sectors_reached: int
    cross_sector_pairs: int


@strawberry.type(description="Liczba powiązań między parą sektorów.")
class GapSectorTie:
    sector_a: str
    sector_a_label: str
    sector_b: str
    sector_b_label: str
    ties: int


@strawberry.type(description="Nazwana para (np. OPS/CUS – PUP): liczba powiązań i instytucje bez takiego powiązania.")
class GapNamedPair:
    pair: str
    ties: int
    missing: list[str]


@strawberry.type(description="Sygnał „brak koordynatora”.")
class GapCoordinator:
    missing: bool
    reason: str
    candidates: list[str]
    sectors_present: list[str]
    sectors_disconnected: list[str]


@strawberry.type(description="Struktura jednej warstwy sieci.")
class GapStructure:
    layer: str
    layer_label: str
    cohesion: GapCohesion
    brokers: list[GapBroker]
    betweenness_method: str = strawberry.field(description="exact | sampled")
    betweenness_sources: int | None
    betweenness_epsilon: float | None = strawberry.field(
        description="Górna granica błędu (z prawdopodobieństwem 1 − δ)."
    )
    betweenness_delta: float | None
    communities: list[list[str]]
    modularity: float
    cross_sector_share: float
    sector_ties: list[GapSectorTie]
    named_pairs: list[GapNamedPair]
    coordinator: GapCoordinator


def structure_from(s: StructureResult) -> GapStructure:
    c, b = s.cohesion, s.brokers
    return GapStructure(
        layer=s.layer,
        layer_label=LAYER_LABELS.get(s.layer, s.layer),
        cohesion=GapCohesion(
            nodes=c.nodes,
            edges=c.edges,
            density=c.density,
            centralization=c.centralization,
            components=c.components,
            largest_component=c.largest_component,
            isolates=list(c.isolates),
            bridges=[list(x) for x in c.bridges],
            articulation_points=list(c.articulation_points),
        ),
        brokers=[
            GapBroker(
                id=x.id,
                betweenness=x.betweenness,
                degree=x.degree,
                sectors_reached=x.sectors_reached,
                cross_sector_pairs=x.cross_sector_pairs,
            )
            for x in b.top
        ],
        betweenness_method=b.method,
        betweenness_sources=b.sources,
        betweenness_epsilon=b.epsilon,
        betweenness_delta=b.delta,
        communities=[list(g) for g in s.communities.groups],
        modularity=s.communities.modularity,
        cross_sector_share=s.sectors.cross_share,
        sector_ties=[
            GapSectorTie(
                sector_a=a, sector_a_label=Sector(a).label, sector_b=bb, sector_b_label=Sector(bb).label, ties=n
            )
            for (a, bb), n in s.sectors.matrix.items()
        ],
        named_pairs=[
            GapNamedPair(pair=k, ties=n, missing=list(s.sectors.missing_pairs.get(k, ())))
            for k, n in s.sectors.named_pairs.items()
        ],
        coordinator=GapCoordinator(
            missing=s.coordinator.missing,
            reason=s.coordinator.reason,
            candidates=list(s.coordinator.candidates),
            sectors_present=list(s.coordinator.sectors_present),
            sectors_disconnected=list(s.coordinator.sectors_disconnected),
        ),
    )


@strawberry.type(description="Zadeklarowane powiązanie bez skierowań w okresie.")
class GapUnusedTie:
    a: str
    b: str
    kinds: list[str]
    expects_referrals: bool


@strawberry.type(description="Przepływ skierowań bez deklaracji i bez wspólnego partnerstwa.")
class GapUndeclaredFlow:
    sender: str
    receiver: str
    referrals: int | None
    referrals_display: str
    reverse_flow: bool


@strawberry.type(description="Współpraca zadeklarowana a realizowana.")
class GapCooperation:
    declared_ties: int
    declared_expecting_referrals: int
    used_ties: int
    used_share: float | None
    unused: list[GapUnusedTie]
    flows: int
    flows_declared: int
    flows_partnership_only: int
    undeclared: list[GapUndeclaredFlow]
    referrals_total: int | None
    referrals_total_display: str
    referrals_external: int | None
    referrals_external_display: str


def cooperation_from(c: CooperationResult) -> GapCooperation:
    return GapCooperation(
        declared_ties=c.declared_ties,
        declared_expecting_referrals=c.declared_expecting_referrals,
        used_ties=c.used_ties,
        used_share=c.used_share,
        unused=[
            GapUnusedTie(a=u.a, b=u.b, kinds=list(u.kinds), expects_referrals=u.expects_referrals) for u in c.unused
        ],
        flows=c.flows,
        flows_declared=c.flows_declared,
        flows_partnership_only=c.flows_partnership_only,
        undeclared=[
            GapUndeclaredFlow(
                sender=f.sender,
                receiver=f.receiver,
                referrals=f.referrals,
                referrals_display=privacy.display(f.referrals),
                reverse_flow=f.reverse_flow,
            )
            for f in c.undeclared
        ],
        referrals_total=c.referrals_total,
        referrals_total_display=privacy.display(c.referrals_total),
        referrals_external=c.referrals_external,
        referrals_external_display=privacy.display(c.referrals_external),
    )


@strawberry.type(description="Krok ścieżki klienta.")
class GapPathwayStep:
    label: str
    clients: int | None
    clients_display: str
    share_of_start: float | None
    drop_off: float | None
    median_days: float | None


@strawberry.type(description="Wynik ostatniego kroku ścieżki.")
class GapOutcome:
    outcome: str
    label: str
    clients: int | None
    clients_display: str
    rate: float | None


@strawberry.type(description="Ścieżka klientów: lejek i wyniki.")
class GapPathway:
    id: str
    label: str
    steps: list[GapPathwayStep]
    outcomes: list[GapOutcome]


def pathway_from(p: PathwayResult) -> GapPathway:
    return GapPathway(
        id=p.id,
        label=p.label,
        steps=[
            GapPathwayStep(
                label=s.label,
                clients=s.clients,
                clients_display=privacy.display(s.clients),
                share_of_start=s.share_of_start,
                drop_off=s.drop_off,
                median_days=s.median_days,
            )
            for s in p.steps
        ],
        outcomes=[
            GapOutcome(
                outcome=o,
                label=OUTCOME_LABELS.get(o, o),
                clients=n,
                clients_display=privacy.display(n),
                rate=p.outcome_rates.get(o),
            )
            for o, n in p.outcomes.items()
        ],
    )


@strawberry.type(description="Proponowany partner (przewidywanie powiązań) z uzasadnieniem.")
class GapPartnerSuggestion:
    institution: str
    partner: str
    adamic_adar: float
    jaccard: float
    shared_gminas: list[str]
    shared_clients: int | None
    shared_clients_display: str
    referral_flow: bool
    reason: str


def partner_from(s: PartnerSuggestion) -> GapPartnerSuggestion:
    return GapPartnerSuggestion(
        institution=s.institution,
        partner=s.partner,
        adamic_adar=s.adamic_adar,
        jaccard=s.jaccard,
        shared_gminas=list(s.shared_gminas),
        shared_clients=s.shared_clients,
        shared_clients_display=privacy.display(s.shared_clients),
        referral_flow=s.referral_flow,
        reason=s.reason,
    )


@strawberry.type(name="GapFiller", description="Instytucja, która mogłaby wypełnić lukę (najbliższa).")
class GapFillerItem:
    gap: str
    teryt: str
    unit_name: str
    institution: str
    institution_name: str
    km: float


def filler_from(f: FillerResult) -> GapFillerItem:
    return GapFillerItem(
        gap=f.gap,
        teryt=f.teryt,
        unit_name=f.unit_name,
        institution=f.institution,
        institution_name=f.institution_name,
        km=f.km,
    )


@strawberry.type(description="Miara w dwóch okresach i jej zmiana.")
class GapComparisonRow:
    metric: str
    label: str
    a: float | None
    b: float | None
    delta: float | None


def comparison_from(r: ComparisonRow) -> GapComparisonRow:
    return GapComparisonRow(metric=r.metric, label=r.label, a=r.a, b=r.b, delta=r.delta)


@strawberry.type(description="Instytucja w analizie z jej miarami sieciowymi.")
class GapInstitution:
    id: str
    name: str
    type: str
    type_label: str
    sector: str
    sector_label: str
    gmina: str | None
    in_territory: bool
    degree: int
    betweenness: float
    community: int | None


def institution_from(i: InstitutionRow) -> GapInstitution:
    return GapInstitution(
        id=i.id,
        name=i.name,
        type=i.type,
        type_label=i.type_label,
        sector=i.sector,
        sector_label=i.sector_label,
        gmina=i.gmina,
        in_territory=i.located,
        degree=i.degree,
        betweenness=i.betweenness,
        community=i.community,
    )
