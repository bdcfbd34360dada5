"""Search that understands how social workers ask (issue 12), on the demo network, on both stores.

Hand-checked facts (importers/demo.py): CIS (cis-torun, cis-chelmza), the KIS (kis-torun,
kis-lubicz), the social cooperative (ss-kopernik) and MOPR Toruń serve "osoby długotrwale
bezrobotne" (a target group, not a word of their names); "Terapia uzależnień" (plu-torun) and
the self-help group (ngo-trzezwosc) serve "osoby uzależnione od narkotyków"; the mental-health
clinic (pzp-torun) and the ŚDS serve "osoby z zaburzeniami psychicznymi"; WUP's service is
"Doradztwo zawodowe i EURES"; Czernikowo (041503) lies in powiat toruński, whose police
(kmp-torun) runs the "Procedura Niebieskiej Karty"; MOPR Toruń has staff for "poradnictwo prawne".
"""

from __future__ import annotations

from typing import Any

import pytest
from apitest import error_codes, gql
from fastapi.testclient import TestClient

from graph.store.protocol import Store
from queries.directory import search

SEARCH = """
query($text: String, $match: TextMatch, $territory: String, $km: Float, $first: Int) {
  searchServices(text: $text, textMatch: $match, territory: $territory, withinKm: $km, first: $first) {
    totalCount
    edges { node {
      score
      service { id institution { id } }
      explanation {
        summary relaxedWords ignoredWords
        words { word key matchedBy field source }
        territory { rule }
      }
    } }
  }
}
"""


def _search(client: TestClient, **variables: Any) -> dict[str, Any]:
    variables.setdefault("first", 50)
    return gql(client, SEARCH, variables)["data"]["searchServices"]


def _ids(result: dict[str, Any]) -> list[str]:
    return [e["node"]["service"]["id"] for e in result["edges"]]


def _node(result: dict[str, Any], service: str) -> dict[str, Any]:
    return next(e["node"] for e in result["edges"] if e["node"]["service"]["id"] == service)


# ------------------------------------------------------------ the queries


def test_help_for_the_unemployed_finds_what_serves_them(demo_client: TestClient) -> None:
    result = _search(demo_client, text="pomoc dla bezrobotnych")
    found = set(_ids(result))
    assert {
        "cis-torun.reintegracja",
        "cis-chelmza.reintegracja",
        "kis-torun.kis",
        "ss-kopernik.zatrudnienie",
        "mopr-torun.praca-socjalna",
        "pup-torun.posrednictwo",
    } <= found
    cis = _node(result, "cis-torun.reintegracja")["explanation"]
    # "pomoc" says nothing in this field: ignored, never required
    assert cis["ignoredWords"] == ["pomoc"] and cis["relaxedWords"] == []
    assert cis["words"][0]["source"] == "w grupie docelowej"
    # a service named after the word ranks before one that serves the group
    assert _ids(result)[0] == "pup-torun.szkolenia"


def test_violence_in_the_family_for_czernikowo(demo_client: TestClient) -> None:
    result = _search(demo_client, text="przemoc w rodzinie", territory="041503")
    found = _ids(result)
    assert "kmp-torun.niebieska-karta" in found and "oik-torun.interwencja" in found
    words = _node(result, "kmp-torun.niebieska-karta")["explanation"]["words"]
    assert words[0]["matchedBy"] == "SYNONYM" and words[0]["word"] == "przemoc w rodzinie"
    summary = _node(result, "kmp-torun.niebieska-karta")["explanation"]["summary"]
    assert "– synonim: przemoc w rodzinie" in summary and summary.startswith("Dopasowane słowa: dopasowano: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("narkomania", {"plu-torun.terapia", "ngo-trzezwosc.grupa-wsparcia"}),
        ("depresja", {"pzp-torun.pzp", "sds-torun.sds"}),
        ("praca za granicą", {"wup-torun.eures"}),
        ("dom opieki", {"dps-torun.dps"}),
        ("senior", {"dps-torun.dps"}),
    ],
)
def test_field_words_find_services_described_otherwise(demo_client: TestClient, text: str, expected: set[str]) -> None:
    result = _search(demo_client, text=text)
    assert expected <= set(_ids(result)[:10])


def test_eures_is_explained_as_a_synonym(demo_client: TestClient) -> None:
    result = _search(demo_client, text="praca za granicą")
    assert _ids(result)[0] == "wup-torun.eures"
    word = _node(result, "wup-torun.eures")["explanation"]["words"][0]
    assert (word["word"], word["key"], word["matchedBy"], word["source"]) == (
        "praca za granicą",
        "EURES",
        "SYNONYM",
        "w nazwie usługi",
    )


def test_legal_advice_in_torun(demo_client: TestClient) -> None:
    result = _search(demo_client, text="poradnictwo prawne", territory="0463")
    assert result["totalCount"] > 0
    assert "mopr-torun" in {e["node"]["service"]["institution"]["id"] for e in result["edges"]}
    # without a territory the PCPR's service in the category "Poradnictwo prawne" ranks first
    assert _ids(_search(demo_client, text="pomoc prawna"))[0] == "pcpr-torun.poradnictwo"


# ------------------------------------------------------------ typos and diacritics


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("uzaleznienia", "plu-torun.terapia"),  # no diacritics
        ("bezdomnosc", "ngo-bezdomni.schronisko"),  # no diacritics
        ("depresia", "pzp-torun.pzp"),  # one wrong letter
        ("schronsko", "ngo-bezdomni.schronisko"),  # one letter missing
        ("narkomnaia", "plu-torun.terapia"),  # two letters swapped
    ],
)
def test_typos_and_missing_diacritics_still_match(demo_client: TestClient, text: str, service: str) -> None:
    assert service in _ids(_search(demo_client, text=text))[:10]


def test_a_corrected_word_says_so(demo_client: TestClient) -> None:
    words = _node(_search(demo_client, text="depresia"), "pzp-torun.pzp")["explanation"]["words"]
    assert words[0]["word"] == "depresia" and words[0]["matchedBy"] in {"SYNONYM", "TYPO"}


def test_short_words_are_not_corrected(demo_client: TestClient) -> None:
    # "dps" is an abbreviation; "dpa" (3 letters) is not a typo of it
    assert _search(demo_client, text="dpa")["totalCount"] == 0


# ------------------------------------------------------------ ranking and relaxation


def test_more_matched_concepts_rank_higher(demo_store: Store) -> None:
    text = search.ServiceText.parse("bezdomni uzależnieni")
    hits = search.search_services(demo_store, search.ServiceSearch(text=text), 0, 50, None)
    matched = [h.matched_terms for h in hits]
    assert matched[0] == 2 and matched == sorted(matched, reverse=True)
    both = {h.id for h in hits if h.matched_terms == 2}
    # CIS and KIS Toruń serve both groups
    assert {"cis-torun.reintegracja", "kis-torun.kis"} <= both


def test_a_multi_word_query_is_relaxed_not_empty(demo_client: TestClient) -> None:
    result = _search(demo_client, text="narkomania kolonie")
    assert result["totalCount"] > 0
    terapia = _node(result, "plu-torun.terapia")["explanation"]
    assert terapia["relaxedWords"] == ["kolonie"]
    assert "Pominięto słowa: „kolonie”." in terapia["summary"]


def test_competent_institutions_before_near_ones(demo_client: TestClient) -> None:
    # Łubianka with 17 km: the CIS are only near; PUP (powiat) is competent
    result = _search(demo_client, text="bezrobotni", territory="041505", km=17.0)
    rules = [e["node"]["explanation"]["territory"]["rule"] for e in result["edges"]]
    assert "WITHIN_DISTANCE" in rules and "SERVES_PARENT" in rules
    first_near = rules.index("WITHIN_DISTANCE")
    assert all(r == "WITHIN_DISTANCE" for r in rules[first_near:])


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "puste zapytanie"),
        ("   ", "puste zapytanie"),
        ("i w z na do dla od osób", "nie ma słów"),
        ("?!... ,;: -- //", "nie ma słów"),
        ("😀🙂🚀", "nie ma słów"),
        ("x" * 5000, "za długi"),
    ],
)
def test_bad_text_gets_a_polish_answer_and_no_store_call(
    demo_client: TestClient, demo_store: Store, text: str, phrase: str
) -> None:
    before = demo_store.calls
    body = gql(demo_client, SEARCH, {"text": text}, expect_errors=True)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert phrase in body["errors"][0]["message"] and body["errors"][0]["message"].startswith("text: ")
    assert demo_store.calls == before  # refused before the store: no scan of anything


def test_a_megabyte_of_text_is_refused_before_parsing(demo_client: TestClient) -> None:
    response = demo_client.post("/graphql", json={"query": SEARCH, "variables": {"text": "a" * 1_000_000}})
    assert response.status_code == 413
    assert "zbyt duża" in response.text


def test_cypher_looking_text_is_only_text(demo_client: TestClient) -> None:
    payload = "') MATCH (n) DETACH DELETE n RETURN 1 //"
    result = _search(demo_client, text=payload)
    assert result["totalCount"] == 0
    assert _search(demo_client, text="senior")["totalCount"] > 0  # nothing was deleted
