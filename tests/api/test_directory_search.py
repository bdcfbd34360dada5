"""Directory search on the demo network, on both stores, with hand-checked expectations.

Facts used (importers/demo.py): gmina 041505 Łubianka (rural, powiat toruński 0415,
woj. 04) is served by gops-lubianka (041505); by pcpr-torun, pup-torun, plu-torun,
kuratorzy-torun, oik-torun, kmp-torun, owes-torun and ngo-trzezwosc (declared) through
powiat 0415; by wup-torun and rops-torun through voivodeship 04.  cis-torun serves
046301/041504/041506 and lies 16.58 km from Łubianka's centroid (53.1390, 18.4872);
cis-chelmza serves 041501/041502 and lies 10.54 km from it.
"""

from __future__ import annotations

from typing import Any

import pytest
from apitest import error_codes, gql
from fastapi.testclient import TestClient

LUBIANKA = "041505"
COMPETENT_FOR_LUBIANKA = {
    "gops-lubianka": ("SERVES_TERRITORY", "041505", False),
    "pcpr-torun": ("SERVES_PARENT", "0415", False),
    "pup-torun": ("SERVES_PARENT", "0415", False),
    "plu-torun": ("SERVES_PARENT", "0415", False),
    "kuratorzy-torun": ("SERVES_PARENT", "0415", False),
    "oik-torun": ("SERVES_PARENT", "0415", False),
    "kmp-torun": ("SERVES_PARENT", "0415", False),
    "owes-torun": ("SERVES_PARENT", "0415", False),
    "ngo-trzezwosc": ("SERVES_PARENT", "0415", True),
    "wup-torun": ("SERVES_PARENT", "04", False),
    "rops-torun": ("SERVES_PARENT", "04", False),
}

TERRITORY = """
query($teryt: String!, $km: Float) {
  territory(teryt: $teryt, withinKm: $km) {
    territory { teryt name level }
    powiat { teryt }
    voivodeship { teryt }
    institutionGroups(first: 50) {
      edges { node { type institutions(first: 50) { edges { node {
        institution { id type }
        territory { rule declared distanceKm via { teryt } description }
      } } } } }
    }
  }
}
"""

SEARCH = """
query($text: String, $match: TextMatch, $territory: String, $km: Float, $cats: IdListFilter,
      $groups: IdListFilter, $open: Boolean, $competence: [ID!], $sort: ServiceSort, $first: Int) {
  searchServices(text: $text, textMatch: $match, territory: $territory, withinKm: $km, categories: $cats,
                 targetGroups: $groups, openOnly: $open, competence: $competence, sort: $sort, first: $first) {
    totalCount
    edges { node {
      score
      service { id name freePlaces status institution { id } }
      explanation {
        summary
        relaxedWords
        words { word key matchedBy field }
        categories { id }
        targetGroups { id }
        territory { rule declared distanceKm via { teryt } }
      }
    } }
  }
}
"""


def _report(client: TestClient, teryt: str, km: float | None = None) -> dict[str, dict[str, Any]]:
    data = gql(client, TERRITORY, {"teryt": teryt, "km": km})["data"]["territory"]
    out = {}
    for group in data["institutionGroups"]["edges"]:
        for edge in group["node"]["institutions"]["edges"]:
            node = edge["node"]
            assert node["institution"]["type"] == group["node"]["type"]
            out[node["institution"]["id"]] = node["territory"]
    return out


def _search(client: TestClient, **variables: Any) -> dict[str, Any]:
    variables.setdefault("first", 100)
    return gql(client, SEARCH, variables)["data"]["searchServices"]  # type: ignore[no-any-return]


def _ids(result: dict[str, Any]) -> list[str]:
    return [e["node"]["service"]["id"] for e in result["edges"]]


def test_rural_gmina_gets_its_gops_powiat_and_voivodeship_institutions(demo_client: TestClient) -> None:
    data = gql(demo_client, TERRITORY, {"teryt": LUBIANKA})["data"]["territory"]
    assert data["territory"] == {"teryt": "041505", "name": "Łubianka", "level": "GMINA"}
    assert data["powiat"] == {"teryt": "0415"} and data["voivodeship"] == {"teryt": "04"}
    report = _report(demo_client, LUBIANKA)
    assert set(report) == set(COMPETENT_FOR_LUBIANKA)
    for inst, (rule, via, declared) in COMPETENT_FOR_LUBIANKA.items():
        assert (report[inst]["rule"], report[inst]["via"]["teryt"], report[inst]["declared"]) == (rule, via, declared)
    assert "powiat toruński (0415)" in report["pcpr-torun"]["description"]


def test_cis_two_gminas_away_only_with_within_km(demo_client: TestClient) -> None:
    assert "cis-torun" not in _report(demo_client, LUBIANKA)
    assert "cis-torun" not in _report(demo_client, LUBIANKA, km=16.0)
    near = _report(demo_client, LUBIANKA, km=17.0)
    assert near["cis-torun"]["rule"] == "WITHIN_DISTANCE"
    assert near["cis-torun"]["distanceKm"] == pytest.approx(16.58, abs=0.01)
    assert near["cis-torun"]["via"] is None
    # statutory competence wins over distance for an institution that has both
    assert near["gops-lubianka"]["rule"] == "SERVES_TERRITORY"


def test_reintegration_services_for_lubianka_depend_on_distance(demo_client: TestClient) -> None:
    cats = {"anyOf": ["reintegracja-zawodowa"]}
    assert _search(demo_client, territory=LUBIANKA, cats=cats)["totalCount"] == 0
    eleven = _search(demo_client, territory=LUBIANKA, cats=cats, km=11.0)
    assert _ids(eleven) == ["cis-chelmza.reintegracja"]
    seventeen = _search(demo_client, territory=LUBIANKA, cats=cats, km=17.0, sort={"field": "DISTANCE"})
    assert _ids(seventeen) == ["cis-chelmza.reintegracja", "cis-torun.reintegracja"]
    terr = seventeen["edges"][1]["node"]["explanation"]["territory"]
    assert terr["rule"] == "WITHIN_DISTANCE" and terr["distanceKm"] == pytest.approx(16.58, abs=0.01)


def test_search_in_gmina_is_limited_to_competent_institutions(demo_client: TestClient) -> None:
    result = _search(demo_client, territory=LUBIANKA)
    owners = {e["node"]["service"]["institution"]["id"] for e in result["edges"]}
    # owes, rops, wup and every other competent institution offer at least one service
    assert owners == set(COMPETENT_FOR_LUBIANKA)
    # gops 1 + pcpr 3 + pup 4 + plu, kuratorzy, oik, kmp, owes, ngo-trzezwosc, wup, rops 1 each
    assert result["totalCount"] == len(result["edges"]) == 16
    # ranked by territorial tier without text: own gmina, then powiat, then voivodeship
    tiers = [COMPETENT_FOR_LUBIANKA[e["node"]["service"]["institution"]["id"]][1] for e in result["edges"]]
    assert tiers == sorted(tiers, key=lambda v: {"041505": 0, "0415": 1, "04": 2}[v])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "pomocy" (genitive) finds services holding "pomoc"
        ("pomocy", {"kuratorzy-torun.dozor", "mopr-torun.zasilki", "gops-lubianka.praca-socjalna"}),
        # "bezrobotny" finds "Szkolenia dla bezrobotnych"
        ("bezrobotny", {"pup-torun.szkolenia", "pup-torun.posrednictwo"}),
        # "poradnictwa" finds "Specjalistyczne poradnictwo rodzinne"
        ("poradnictwa", {"pcpr-torun.poradnictwo", "pup-torun.doradztwo"}),
        # no diacritics in the query, inflected in the data
        ("uzaleznien", {"plu-torun.terapia", "ngo-trzezwosc.grupa-wsparcia"}),
    ],
)
def test_polish_inflection_and_diacritics(demo_client: TestClient, text: str, expected: set[str]) -> None:
    found = set(_ids(_search(demo_client, text=text)))
    assert expected <= found


def test_lemma_match_outranks_prefix_match_and_is_explained(demo_client: TestClient) -> None:
    result = _search(demo_client, text="poradnictwa")
    scores = {e["node"]["service"]["id"]: e["node"] for e in result["edges"]}
    lemma = scores["pcpr-torun.poradnictwo"]
    prefix = scores["pzp-torun.pzp"]  # "Poradnia…" shares only the stem "poradn"
    assert lemma["score"] > prefix["score"]
    assert lemma["explanation"]["words"] == [
        {"word": "poradnictwa", "key": "poradnictwo", "matchedBy": "LEMMA", "field": "SERVICE"}
    ]
    assert prefix["explanation"]["words"][0]["matchedBy"] == "PREFIX"
    assert "poradnictwa" in lemma["explanation"]["summary"]
    ranked = [e["node"]["score"] for e in result["edges"]]
    assert ranked == sorted(ranked, reverse=True)


def test_all_words_versus_any_word(demo_client: TestClient) -> None:
    # a thesaurus phrase: the services named after it first
    both = _search(demo_client, text="terapia uzależnień")
    assert set(_ids(both)[:2]) == {"plu-torun.terapia", "ngo-trzezwosc.grupa-wsparcia"}
    either = set(_ids(_search(demo_client, text="schronisko szkolenia", match="ANY")))
    assert {"ngo-bezdomni.schronisko", "pup-torun.szkolenia"} <= either
    # no service holds both: ALL is relaxed to any word, and each hit says which word it lacks
    relaxed = _search(demo_client, text="schronisko szkolenia")
    assert set(_ids(relaxed)) == either
    for edge in relaxed["edges"]:
        explanation = edge["node"]["explanation"]
        assert len(explanation["relaxedWords"]) == 1
        assert "Pominięto słowa" in explanation["summary"]


def test_category_and_group_operators(demo_client: TestClient) -> None:
    # OR
    any_of = set(_ids(_search(demo_client, cats={"anyOf": ["szkolenia", "schronienie"]})))
    assert any_of == {"pup-torun.szkolenia", "ngo-bezdomni.schronisko"}
    # AND: both categories on one service
    all_of = set(_ids(_search(demo_client, cats={"allOf": ["poradnictwo-rodzinne", "poradnictwo-prawne"]})))
    assert all_of == {"pcpr-torun.poradnictwo"}
    # a parent category covers its children
    parent = set(_ids(_search(demo_client, cats={"anyOf": ["rynek-pracy"]})))
    assert parent == {
        "pup-torun.szkolenia",
        "pup-torun.posrednictwo",
        "pup-torun.doradztwo",
        "pup-torun.psu",
        "wup-torun.eures",
    }
    # NOT
    not_labour = set(
        _ids(_search(demo_client, cats={"anyOf": ["rynek-pracy"], "noneOf": ["szkolenia", "doradztwo-zawodowe"]}))
    )
    assert not_labour == {"pup-torun.posrednictwo", "pup-torun.psu"}
    # target groups AND with categories
    groups = _search(demo_client, cats={"anyOf": ["rynek-pracy"]}, groups={"allOf": ["uchodzcy", "niepelnosprawni"]})
    assert _ids(groups) == ["pup-torun.posrednictwo"]
    explained = groups["edges"][0]["node"]["explanation"]
    assert explained["categories"] == [{"id": "posrednictwo-pracy"}]
    assert {g["id"] for g in explained["targetGroups"]} == {"uchodzcy", "niepelnosprawni"}


def test_open_only_excludes_full_and_inactive_services(demo_client: TestClient) -> None:
    # pup-torun.psu has 0 free places; the others of pup-torun have free places or none recorded
    every = set(_ids(_search(demo_client, cats={"anyOf": ["rynek-pracy"]})))
    open_ = set(_ids(_search(demo_client, cats={"anyOf": ["rynek-pracy"]}, open=True)))
    assert every - open_ == {"pup-torun.psu"}
    full = set(_ids(_search(demo_client, open=True)))
    assert not {"cis-chelmza.reintegracja", "dps-torun.dps", "pup-torun.psu"} & full


def test_competence_filter(demo_client: TestClient) -> None:
    found = _search(demo_client, competence=["coaching-zatrudnienia"])
    assert set(_ids(found)) == {"cis-torun.reintegracja", "cis-chelmza.reintegracja"}


def test_sorting_by_allow_listed_fields(demo_client: TestClient) -> None:
    by_free = _search(demo_client, sort={"field": "FREE_PLACES"}, first=3)
    assert [e["node"]["service"]["freePlaces"] for e in by_free["edges"]] == [35, 12, 10]
    names = [e["node"]["service"]["name"] for e in _search(demo_client, sort={"field": "NAME"})["edges"]]
    assert names == sorted(names)
    reverse = [
        e["node"]["service"]["name"] for e in _search(demo_client, sort={"field": "NAME", "reverse": True})["edges"]
    ]
    assert reverse == sorted(names, reverse=True)


def test_bad_arguments_are_rejected_in_polish(demo_client: TestClient) -> None:
    body = gql(demo_client, SEARCH, {"territory": "999999"}, expect_errors=True)
    assert error_codes(body) == ["NOT_FOUND"] and "TERYT 999999" in body["errors"][0]["message"]
    body = gql(demo_client, SEARCH, {"km": 5.0}, expect_errors=True)
    assert error_codes(body) == ["BAD_USER_INPUT"] and "withinKm" in body["errors"][0]["message"]
    body = gql(demo_client, SEARCH, {"territory": LUBIANKA, "km": 5000.0}, expect_errors=True)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    body = gql(demo_client, SEARCH, {"sort": {"field": "DISTANCE"}}, expect_errors=True)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    body = gql(demo_client, SEARCH, {"cats": {"allOf": ["a", "b", "c", "d"]}}, expect_errors=True)
    assert error_codes(body) == ["BAD_USER_INPUT"] and "categories.allOf" in body["errors"][0]["message"]
    body = gql(demo_client, SEARCH, {"sort": {"field": "n.name; DETACH DELETE n"}}, expect_errors=True)
    assert ("errors" in body and "data" not in body) or body.get("data") is None


def test_cypher_payload_in_search_text_is_just_text(demo_client: TestClient) -> None:
    payload = "Robby' WITH true as ignored MATCH (s) DETACH DELETE s; //"
    result = _search(demo_client, text=payload, match="ALL")
    assert result["totalCount"] == 0
    assert _search(demo_client)["totalCount"] == 44
