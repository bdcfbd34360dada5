"""Mapa sieci (issue 11 page 4, issue 14): layers, brokers, isolates, filters, access; on both stores."""

from __future__ import annotations

import html
import json
import re

from portalkit import Portal

from api.security import Role


def _graph(page: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'data-graph="([^"]*)"', page)
    assert found, "no data-graph attribute"
    return json.loads(html.unescape(found.group(1)))  # type: ignore[no-any-return]


def test_coordinator_sees_the_network_with_layers_brokers_and_isolates(portal: Portal) -> None:
    client = portal.login(Role.COORDINATOR, "cus-lubicz", territories=("0415",))
    r = client.get("/mapa-sieci", params={"teren": "0415", "okres": "2025"})
    assert r.status_code == 200, r.text
    page = r.text
    graph = _graph(page)
    assert {e["layer"] for e in graph["edges"]} == {"declared", "partnership", "referrals"}
    brokers = [n["name"] for n in graph["nodes"] if n["broker"]]
    assert len(brokers) == 3 and "Powiatowy Urząd Pracy dla Miasta Torunia" in brokers
    assert any(n["isolated"] for n in graph["nodes"])
    # small referral counts are hidden, never shown
    assert all(e["weight"] is None or e["weight"] >= 5 for e in graph["edges"] if e["layer"] == "referrals")
    assert 'name="warstwa" value="referrals"' in page and "vendor/cytoscape/cytoscape.min.js" in page
    assert "<script>" not in page  # data in an attribute, code in static files (CSP)
    assert 'href="/instytucje/pup-torun"' in page
    # filter by sector: only social-economy institutions and the ties among them
    eco = _graph(client.get("/mapa-sieci", params={"teren": "0415", "okres": "2025", "sektor": "social_economy"}).text)
    assert eco["nodes"] and {n["sector"] for n in eco["nodes"]} == {"social_economy"}
    ids = {n["id"] for n in eco["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in eco["edges"])


def test_network_page_is_for_coordinators_of_the_territory_and_analysts(portal: Portal) -> None:
    r = portal.anonymous.get("/mapa-sieci", params={"teren": "0415"}, follow_redirects=False)
    assert r.status_code in (200, 303, 401) and "Mapa sieci" not in r.text.split("<h1")[-1][:40]
    caseworker = portal.login(Role.CASEWORKER, "cus-lubicz")
    assert caseworker.get("/mapa-sieci", params={"teren": "0415"}).status_code == 403
    elsewhere = portal.login(Role.COORDINATOR, "cus-lubicz", territories=("0463",))
    assert elsewhere.get("/mapa-sieci", params={"teren": "0415", "okres": "2025"}).status_code == 403
    analyst = portal.login(Role.ANALYST)
    assert analyst.get("/mapa-sieci", params={"teren": "0415", "okres": "2025"}).status_code == 200
    assert analyst.get("/mapa-sieci", params={"teren": "04x", "okres": "2025"}).status_code == 404
