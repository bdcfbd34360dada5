"""The public pages on both stores: search, institution, gmina/powiat, autocomplete, errors."""

from __future__ import annotations

import re

from portalkit import Portal

from api.portal.framework.text import date_pl


def _hits(html: str) -> list[str]:
    return re.findall(r'<li class="hit">\s*<h3><a href="([^"]+)">', html)


def test_search_near_lubicz_finds_addiction_therapy_with_the_reason_and_phone(portal: Portal) -> None:
    r = portal.anonymous.get("/", params={"co": "terapia uzależnień", "gmina": "Lubicz", "km": "25"})
    assert r.status_code == 200
    html = r.text
    assert '<html lang="pl">' in html
    hits = _hits(html)
    assert hits, html
    assert any("/instytucje/plu-torun" in h for h in hits)
    assert "Dlaczego:" in html and "tel." in html
    assert "Lubicz – gmina wiejska (powiat toruński)" in html
    # the form keeps the query: the URL is the bookmark
    assert 'value="terapia uzależnień"' in html and '<option value="25" selected>' in html


def test_competent_and_near_are_told_apart(portal: Portal) -> None:
    html = portal.anonymous.get("/", params={"co": "terapia uzależnień", "gmina": "Lubicz", "km": "25"}).text
    assert "w pobliżu" in html or "właściwa dla gminy" in html
    competent_only = portal.anonymous.get("/", params={"gmina": "Lubicz", "kategoria": "pomoc-spoleczna"}).text
    assert "właściwa dla gminy" in competent_only and "w pobliżu" not in competent_only
    assert "/instytucje/cus-lubicz" in competent_only


def test_free_places_are_shown_with_their_date(portal: Portal) -> None:
    html = portal.anonymous.get("/", params={"gmina": "Toruń", "kategoria": "reintegracja-zawodowa"}).text
    assert re.search(r"\d+ woln(e|ych) miejsc\w*</strong> \(stan na \d+ \w+ \d{4}\)", html), html


def test_an_empty_result_says_what_to_relax(portal: Portal) -> None:
    r = portal.anonymous.get(
        "/", params={"co": "nieistniejącausługaxyz", "gmina": "Łubianka", "wolne": "1", "km": "10"}
    )
    assert r.status_code == 200
    assert "Nic nie znaleziono" in r.text
    assert "pokaż także usługi bez wolnych miejsc" in r.text
    assert "szukaj także w odległości do 50 km" in r.text


def test_an_ambiguous_gmina_asks_which_one(portal: Portal) -> None:
    html = portal.anonymous.get("/", params={"gmina": "Chełmża", "co": "praca"}).text
    assert "Którą gminę masz na myśli?" in html
    assert "Chełmża – gmina miejska" in html and "Chełmża – gmina wiejska" in html


def test_an_unknown_gmina_is_said_so(portal: Portal) -> None:
    html = portal.anonymous.get("/", params={"gmina": "Atlantyda", "co": "praca"}).text
    assert "Nie znaleziono gminy „Atlantyda”" in html


def test_gmina_autocomplete_matches_without_diacritics(portal: Portal) -> None:
    r = portal.anonymous.get("/podpowiedzi/gminy", params={"nazwa": "lubi"})
    labels = [x["label"] for x in r.json()]
    assert any(x.startswith("Lubicz – gmina wiejska") for x in labels)
    assert any(x.startswith("Łubianka") for x in labels)
    assert portal.anonymous.get("/podpowiedzi/gminy", params={"nazwa": "l"}).json() == []


def test_institution_page_shows_profile_services_and_contacts(portal: Portal) -> None:
    r = portal.anonymous.get("/instytucje/cis-torun")
    assert r.status_code == 200
    html = r.text
    assert "Centrum Integracji Społecznej w Toruniu" in html
    assert "Reintegracja społeczna i zawodowa w CIS" in html
    assert "Telefon" in html and "Kompetencje kadry" in html and "Obszar działania" in html
    assert 'id="mapa"' in html and "Partnerzy i współpraca" in html
    # the record's source and last update, as the API reports them
    api = portal.anonymous.post("/graphql", json={"query": '{ institution(id: "cis-torun") { source updatedAt } }'})
    record = api.json()["data"]["institution"]
    assert record["source"] == "demo" and record["updatedAt"]
    assert f"Źródło: demo, ostatnia aktualizacja: {date_pl(record['updatedAt'])}" in html


def test_gmina_page_groups_responsible_institutions(portal: Portal) -> None:
    html = portal.anonymous.get("/teren/041504").text
    assert "Gmina Lubicz" in html
    assert "Centrum Usług Społecznych w Lubiczu" in html and "Powiatowy Urząd Pracy" in html
    assert "Najważniejsze luki" in html and "/diagnoza?teren=041504" in html
    powiat = portal.anonymous.get("/teren/0415")
    assert powiat.status_code == 200 and "Powiat toruński" in powiat.text


def test_territory_by_name_redirects_to_the_unit(portal: Portal) -> None:
    r = portal.anonymous.get("/teren", params={"nazwa": "Lubicz"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/teren/041504"


def test_bad_urls_and_forged_fields_get_a_polish_page(portal: Portal) -> None:
    for url, status in [
        ("/nie-ma-takiej-strony", 404),
        ("/instytucje/nie-ma-takiej", 404),
        ("/instytucje/%3Cscript%3E", 404),
        ("/teren/99", 404),
        ("/teren/999999", 404),
        ("/?km=abc", 400),
        ("/?grupa=%22onmouseover%3D", 400),
        ("/?kategoria=nie-ma", 400),
        ("/sprawy/klienci/x/skierowanie?usluga=%00", 303),
        ("/static/../app.py", 404),
        ("/static/vendor/manifest.json", 404),
    ]:
        r = portal.anonymous.get(url, follow_redirects=False)
        assert r.status_code == status, (url, r.status_code)
        if status != 303:
            assert r.headers["content-type"].startswith("text/html"), url
            assert '<html lang="pl">' in r.text and "Traceback" not in r.text, url
    assert "Nie znaleziono" in portal.anonymous.get("/nie-ma").text
    # API paths keep their JSON errors
    assert portal.anonymous.get("/hsds/services/nie-ma").headers["content-type"].startswith("application/json")


def test_search_page_weighs_under_300_kb(portal: Portal) -> None:
    r = portal.anonymous.get("/", params={"co": "praca", "gmina": "Toruń"})
    total = len(r.content)
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', r.text):
        total += len(portal.anonymous.get(asset).content)
    assert total < 300_000, total


def test_pages_show_no_more_than_the_api_allows(portal: Portal) -> None:
    """With the directory closed to anonymous callers (the API's switch), every public page asks to log in."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.security import SecurityConfig
    from graph.config import Settings

    app = create_app(
        Settings(graph="(test store)", env="test"),
        store=portal.app.state.store,
        security=SecurityConfig(public_directory=False),
    )
    with TestClient(app) as closed:
        for url in (
            "/?co=praca&gmina=Toru%C5%84",
            "/instytucje/cis-torun",
            "/teren/0415",
            "/podpowiedzi/gminy?nazwa=lub",
        ):
            r = closed.get(url, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/logowanie?next="), url
