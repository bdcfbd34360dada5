"""Conformance of the directory's named queries: same hand-checked answers on both stores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.catalog import catalog
from graph.store.protocol import Store
from queries.directory import search
from queries.directory_gen import render

CYPHER = Path(__file__).resolve().parents[2] / "queries" / "cypher"
LUBIANKA = "041505"


def test_generated_search_queries_are_current() -> None:
    """The search/list variants share one template (queries/directory_gen.py)."""
    for name, text in render().items():
        assert (CYPHER / f"{name}.cypher").read_text(encoding="utf-8") == text, (
            f"{name}.cypher is stale: run `python -m queries.directory_gen`"
        )
    assert len(render()) == 28


def test_every_directory_query_is_documented() -> None:
    names = [n for n in catalog().names() if n.startswith("directory_")]
    assert len(names) >= 20
    for name in names:
        assert len(catalog().entry(name).description) > 30, name


def test_territory_scope(demo_store: Store) -> None:
    rows = demo_store.query("directory_territory_scope", {"teryt": LUBIANKA})
    assert sorted((r["teryt"], r["relation"], r["level"]) for r in rows) == [
        ("04", "up", "voivodeship"),
        ("0415", "up", "powiat"),
        ("041505", "self", "gmina"),
    ]
    lub = next(r for r in rows if r["teryt"] == LUBIANKA)
    assert (lub["name"], lub["lat"], lub["lon"]) == ("Łubianka", 53.139, 18.4872)
    powiat = demo_store.query("directory_territory_scope", {"teryt": "0415"})
    assert sorted(r["teryt"] for r in powiat if r["relation"] == "down") == [f"04150{n}" for n in range(1, 10)]
    assert demo_store.query("directory_territory_scope", {"teryt": "9999"}) == []


def test_serving_institutions(demo_store: Store) -> None:
    rows = demo_store.query("directory_serving_institutions", {"teryts": [LUBIANKA, "0415", "04"]})
    got = {(r["id"], r["via"], r["declared"]) for r in rows}
    assert got == {
        ("gops-lubianka", "041505", False),
        ("pcpr-torun", "0415", False),
        ("pup-torun", "0415", False),
        ("plu-torun", "0415", False),
        ("kuratorzy-torun", "0415", False),
        ("oik-torun", "0415", False),
        ("kmp-torun", "0415", False),
        ("owes-torun", "0415", False),
        ("ngo-trzezwosc", "0415", True),
        ("wup-torun", "04", False),
        ("rops-torun", "04", False),
    }


def test_institutions_in_box(demo_store: Store) -> None:
    box = {"minLat": 53.10, "maxLat": 53.20, "minLon": 18.55, "maxLon": 18.70}
    rows = demo_store.query("directory_institutions_in_box", box)
    # Chełmża (53.19, 18.61–18.65) and Łysomice (53.099 – just inside at 53.09899? no: below 53.10)
    assert [r["id"] for r in rows] == ["cis-chelmza", "gops-chelmza", "mops-chelmza"]


def test_scope_combines_rules_and_distance(demo_store: Store) -> None:
    scope = search.resolve_scope(demo_store, LUBIANKA, within_km=11.0)
    near = {i: c for i, c in scope.competent.items() if c.rule is search.Rule.WITHIN_DISTANCE}
    # by haversine from (53.1390, 18.4872): mops-chelmza 9.17, gops-zlawies 9.44, cis-chelmza 10.54, gops-lysomice 10.67
    assert set(near) == {"mops-chelmza", "gops-zlawies", "cis-chelmza", "gops-lysomice"}
    assert near["cis-chelmza"].distance_km == pytest.approx(10.54, abs=0.01)
    assert scope.competent["gops-lubianka"].tier == 0 and scope.competent["rops-torun"].tier == 2


def test_batch_lookups(demo_store: Store) -> None:
    inst = demo_store.query("directory_institutions_by_id", {"ids": ["gops-lubianka", "nie-ma"]})
    assert [(r["id"], r["type"], r["gmina"]) for r in inst] == [("gops-lubianka", "OPS", "041505")]
    svc = demo_store.query("directory_services_by_id", {"ids": ["pup-torun.psu"]})
    assert [(r["institution"], r["capacity"], r["free_places"], r["status"]) for r in svc] == [
        ("pup-torun", 50, 0, "active")
    ]
    of = demo_store.query("directory_services_of_institutions", {"ids": ["pup-torun", "gops-lubianka"]})
    assert [(r["institution"], r["name"]) for r in of] == [
        ("gops-lubianka", "Praca socjalna"),
        # code-point order on both stores: "Por…" < "Poś…" < "Pra…"
        ("pup-torun", "Poradnictwo zawodowe"),
        ("pup-torun", "Pośrednictwo pracy"),
        ("pup-torun", "Prace społecznie użyteczne"),
        ("pup-torun", "Szkolenia dla bezrobotnych"),
    ]
    cats = demo_store.query("directory_service_categories", {"ids": ["pcpr-torun.poradnictwo"]})
    assert [(r["id"], r["parent"]) for r in cats] == [
        ("poradnictwo-prawne", "poradnictwo"),
        ("poradnictwo-rodzinne", "poradnictwo"),
    ]
    groups = demo_store.query("directory_service_target_groups", {"ids": ["ngo-trzezwosc.grupa-wsparcia"]})
    assert [r["id"] for r in groups] == ["uzaleznieni-alkohol", "uzaleznieni-narkotyki"]
    comp = demo_store.query("directory_institution_competences", {"ids": ["pcpr-torun"]})
    assert [(r["id"], r["staff"]) for r in comp] == [("pedagogika", 2), ("poradnictwo-prawne", 1), ("psychologia", 3)]
    served = demo_store.query("directory_served_territories", {"ids": ["cis-torun"]})
    assert [(r["teryt"], r["declared"]) for r in served] == [("041504", True), ("041506", True), ("046301", True)]
    terr = demo_store.query("directory_territories_by_teryt", {"teryts": ["041505", "04"]})
    assert sorted((r["teryt"], r["parent"]) for r in terr) == [("04", None), ("041505", "0415")]


def test_ties_and_shared_partnerships(demo_store: Store) -> None:
    ties = demo_store.query("directory_ties", {"ids": ["pcpr-torun"]})
    assert sorted((r["partner"], r["direction"], r["kind"], r["since"], r["rating"]) for r in ties) == [
        ("mopr-torun", "in", "information", dt.date(2012, 1, 1), 3),
        ("oik-torun", "out", "referrals", dt.date(2016, 1, 1), 4),
        ("ppp-torun", "out", "information", dt.date(2015, 1, 1), 3),
    ]
    shared = demo_store.query("directory_shared_partnerships", {"ids": ["gkrpa-lubicz"]})
    assert [(r["partner"], r["partnership"], r["type"]) for r in shared] == [
        ("cus-lubicz", "zi-lubicz", "ZESPOL_INTERDYSCYPLINARNY"),
        ("kmp-torun", "zi-lubicz", "ZESPOL_INTERDYSCYPLINARNY"),
    ]


def test_vocabularies(demo_store: Store) -> None:
    cats = {r["id"]: r["services"] for r in demo_store.query("directory_categories", {})}
    assert len(cats) == 33 and cats["praca-socjalna"] == 11 and cats["rynek-pracy"] == 0
    groups = {r["id"]: r["services"] for r in demo_store.query("directory_target_groups", {})}
    assert len(groups) == 12 and groups["bezdomni"] == 5
    comps = {r["id"]: r["institutions"] for r in demo_store.query("directory_competences", {})}
    assert len(comps) == 13 and comps["psychologia"] == 6 and comps["rehabilitacja"] == 0


def test_search_queries_rank_the_same_on_both_stores(demo_store: Store) -> None:
    q = search.ServiceSearch(text=search.ServiceText.parse("pomoc dla bezrobotnych"))
    hits = search.search_services(demo_store, q, 0, 3, None)
    # "pomoc" is too general to count; "bezrobotnych" in a name (5) before a target group (4)
    assert [(h.id, h.score) for h in hits] == [
        ("pup-torun.szkolenia", 5.0),
        ("wup-torun.eures", 4.0),
        ("kis-torun.kis", 4.0),
    ]
    scope = search.resolve_scope(demo_store, LUBIANKA)
    q = search.ServiceSearch(categories=search.IdFilter(any_of=("rynek-pracy",)), sort="free_places")
    hits = search.search_services(demo_store, q, 0, 10, scope)
    # pup-torun.szkolenia 35, then no count recorded (-1 ranks after 0)… psu has 0 places
    assert [h.id for h in hits] == [
        "pup-torun.szkolenia",
        "pup-torun.psu",
        "pup-torun.doradztwo",
        "pup-torun.posrednictwo",
        "wup-torun.eures",
    ]
    assert search.count_services(demo_store, q, scope) == 5
    inst = search.InstitutionSearch(types=("PUP", "WUP"), sort="name", reverse=True)
    assert [h.id for h in search.search_institutions(demo_store, inst, 0, 10, None)] == ["wup-torun", "pup-torun"]
    assert search.count_institutions(demo_store, inst, None) == 2


def _params(
    q: search.ServiceSearch | search.InstitutionSearch, sort: str, scope: search.Scope | None, page: bool, browse: bool
) -> dict[str, object]:
    p = q.filter_params()
    if page:
        p.update(sort=sort, reverse=False, skip=0, limit=50)
        if isinstance(q, search.ServiceSearch):
            p.setdefault("coordinate", True)
        if scope is not None:
            p.update(search._scope_params(scope))
    else:
        p.pop("coordinate", None)
        if scope is not None:
            p["ids"] = scope.ids
    if browse:
        for key in ("keys", "anyText", "minTerms"):
            p.pop(key, None)
    return p


T = search.TextQuery.parse  # institutions: keywords lists
ST = search.ServiceText.parse  # services: the search index
S = search.ServiceSearch
I = search.InstitutionSearch  # noqa: E741
F = search.IdFilter

# (page query, count query, arguments, sort, in Łubianka's scope?, expected ids in order) – hand-checked
VARIANTS = [
    # the name match (weight 5) first, then the target group "osoby długotrwale bezrobotne" (4), ties by name
    (
        "directory_search_services",
        "directory_count_services",
        S(text=ST("bezrobotny")),
        "relevance",
        False,
        [
            "pup-torun.szkolenia",
            "wup-torun.eures",
            "kis-torun.kis",
            "kis-lubicz.kis",
            "pup-torun.doradztwo",
            "pup-torun.posrednictwo",
            "gops-chelmza.praca-socjalna",
            "gops-czernikowo.praca-socjalna",
            "gops-lubianka.praca-socjalna",
            "gops-lysomice.praca-socjalna",
            "gops-obrowo.praca-socjalna",
            "gops-zlawies.praca-socjalna",
            "mops-chelmza.praca-socjalna",
            "mopr-torun.praca-socjalna",
            "pup-torun.psu",
            "cis-torun.reintegracja",
            "cis-chelmza.reintegracja",
            "pracodawca-puk.praca",
            "ss-kopernik.zatrudnienie",
            # related concepts (thesaurus): "ekonomia społeczna" in a name (5 x 0.6), "reintegracja" in a category
            "owes-torun.wsparcie-es",
            "kuratorzy-torun.dozor",
        ],
    ),
    (
        "directory_search_services_filtered",
        "directory_count_services_filtered",
        S(text=ST("bezrobotny"), categories=F(any_of=("rynek-pracy",))),
        "relevance",
        False,
        ["pup-torun.szkolenia", "wup-torun.eures", "pup-torun.doradztwo", "pup-torun.posrednictwo", "pup-torun.psu"],
    ),
    # "pomoc" in a service name (5), then in the institution's type ("ośrodek pomocy społecznej",
    # "centrum pomocy rodzinie": 3), then in a description or an institution name (2)
    (
        "directory_search_services_in",
        "directory_count_services_in",
        S(text=ST("pomoc")),
        "relevance",
        True,
        [
            "kuratorzy-torun.dozor",
            "gops-lubianka.praca-socjalna",
            "pcpr-torun.pfron",
            "pcpr-torun.piecza",
            "pcpr-torun.poradnictwo",
            "oik-torun.interwencja",
            "ngo-trzezwosc.grupa-wsparcia",
            "pup-torun.posrednictwo",
            "rops-torun.obserwatorium",
        ],
    ),
    (
        "directory_search_services_filtered_in",
        "directory_count_services_filtered_in",
        S(text=ST("pomoc"), target_groups=F(none_of=("dlugotrwale-bezrobotni",))),
        "relevance",
        True,
        [
            "kuratorzy-torun.dozor",
            "pcpr-torun.pfron",
            "pcpr-torun.piecza",
            "pcpr-torun.poradnictwo",
            "oik-torun.interwencja",
            "ngo-trzezwosc.grupa-wsparcia",
            "rops-torun.obserwatorium",
        ],
    ),
    # no text, a territory: every service of the competent institutions, own gmina first, then by distance
    (
        "directory_browse_services_in",
        "directory_count_browse_services_in",
        S(),
        "relevance",
        True,
        [
            "gops-lubianka.praca-socjalna",
            "pcpr-torun.pfron",
            "pcpr-torun.piecza",
            "pcpr-torun.poradnictwo",
            "plu-torun.terapia",
            "kuratorzy-torun.dozor",
            "oik-torun.interwencja",
            "kmp-torun.niebieska-karta",
            "ngo-trzezwosc.grupa-wsparcia",
            "owes-torun.wsparcie-es",
            "pup-torun.doradztwo",
            "pup-torun.posrednictwo",
            "pup-torun.psu",
            "pup-torun.szkolenia",
            "wup-torun.eures",
            "rops-torun.obserwatorium",
        ],
    ),
    (
        "directory_browse_services_filtered",
        "directory_count_browse_services_filtered",
        S(target_groups=F(all_of=("bezdomni",))),
        "name",
        False,
        [
            "kis-torun.kis",
            "mopr-torun.praca-socjalna",
            "cis-torun.reintegracja",
            "ngo-bezdomni.schronisko",
            "ngo-bezdomni.streetworking",
        ],
    ),
    (
        "directory_institutions",
        "directory_count_institutions",
        I(text=T("urzędu pracy")),
        "relevance",
        False,
        ["pup-torun", "wup-torun"],
    ),
    (
        "directory_institutions_filtered",
        "directory_count_institutions_filtered",
        I(competences=("psychologia",)),
        "name",
        False,
        ["cis-torun", "mopr-torun", "oik-torun", "ppp-torun", "pzp-torun", "pcpr-torun"],
    ),
    (
        "directory_institutions_in",
        "directory_count_institutions_in",
        I(types=("PCPR", "PUP", "OPS")),
        "relevance",
        True,
        ["gops-lubianka", "pcpr-torun", "pup-torun"],
    ),
    (
        "directory_institutions_filtered_in",
        "directory_count_institutions_filtered_in",
        I(categories=F(any_of=("terapia-uzaleznien",))),
        "relevance",
        True,
        ["plu-torun", "ngo-trzezwosc"],
    ),
    (
        "directory_browse_institutions",
        "directory_count_browse_institutions",
        I(types=("CIS", "KIS")),
        "name",
        False,
        ["cis-chelmza", "cis-torun", "kis-torun", "kis-lubicz"],
    ),
    (
        "directory_browse_institutions_filtered",
        "directory_count_browse_institutions_filtered",
        I(target_groups=F(any_of=("bezdomni",))),
        "name",
        False,
        ["cis-torun", "kis-torun", "mopr-torun", "ngo-bezdomni"],
    ),
]


@pytest.mark.parametrize(
    ("page", "count", "query", "sort", "scoped", "expected"), VARIANTS, ids=[v[0] for v in VARIANTS]
)
def test_generated_query_variants(
    demo_store: Store, page: str, count: str, query: S | I, sort: str, scoped: bool, expected: list[str]
) -> None:
    scope = search.resolve_scope(demo_store, LUBIANKA) if scoped else None
    browse = page.startswith("directory_browse")
    rows = demo_store.query(page, _params(query, sort, scope, True, browse))
    assert [r["id"] for r in rows] == expected
    assert demo_store.query(count, _params(query, sort, scope, False, browse)) == [{"n": len(expected)}]


def test_browse_all_services_by_name(demo_store: Store) -> None:
    p = _params(S(), "name", None, True, True)
    rows = demo_store.query("directory_browse_services", p)
    assert len(rows) == 44 and [r["id"] for r in rows[:3]] == [
        "mopr-torun.asystent",
        "dps-torun.dps",
        "ppp-torun.diagnoza",
    ]
    assert demo_store.query("directory_count_browse_services", _params(S(), "name", None, False, True)) == [{"n": 44}]


def test_bench_sample(demo_store: Store) -> None:
    assert demo_store.query("directory_bench_sample", {}) == [{"teryt": "046301", "name": "Toruń", "institutions": 21}]
