"""A coordinator runs a partnership end to end in the portal (issue 14): PZK, invitation, meeting, plan, survey, scores."""

from __future__ import annotations

import re

from portalkit import Portal

from api.security import Role


def test_coordinator_journey_through_the_partnership_pages(writable_portal: Portal) -> None:
    portal = writable_portal
    lider = portal.login(Role.COORDINATOR, "cus-lubicz", territories=("041504",))
    r = portal.post(
        lider,
        "/partnerstwa",
        {
            "nazwa": "PZK Lubicz",
            "rodzaj": "COOPERATION_TEAM",
            "dokument": "Porozumienie 1/2025",
            "podpisano": "2025-01-10",
        },
    )
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    assert re.fullmatch(r"/partnerstwa/p-[0-9a-f]+", url)
    assert (
        portal.post(lider, url + "/zapros", {"instytucja": "pup-torun", "rola": "członek"}, page=url).status_code == 303
    )
    pup = portal.login(Role.INSTITUTION_ADMIN, "pup-torun")
    page = pup.get(url).text
    assert "zaproszona" in page and "Przyjmij zaproszenie" in page
    assert portal.post(pup, url + "/akceptuj", {}, page=url).status_code == 303
    # a meeting; a PESEL-like string is refused with a Polish message and nothing is saved
    meeting = {
        "data": "2030-01-15",
        "obecni": ["cus-lubicz", "pup-torun"],
        "porzadek": "Plan 2030",
        "ustalenia": "Nabór do CIS",
    }
    bad = portal.post(lider, url + "/spotkanie", {**meeting, "ustalenia": "Klient 850101 12345"}, page=url)
    assert bad.status_code == 422 and "PESEL" in bad.text and "850101 12345" not in bad.text
    assert portal.post(lider, url + "/spotkanie", meeting, page=url).status_code == 303
    # the plan: an overdue task is flagged for the coordinator; the PUP marks it done
    assert (
        portal.post(
            lider,
            url + "/zadanie",
            {"cel": "Aktywizacja", "zadanie": "Wspólny nabór", "odpowiada": "pup-torun", "termin": "2025-02-01"},
            page=url,
        ).status_code
        == 303
    )
    page = lider.get(url).text
    assert "Plan 2030" in page and "po terminie: 1" in page
    task = re.search(r'name="zadanie" value="(tk-[0-9a-f]+)"', page)
    assert task is not None
    assert portal.post(pup, url + "/status", {"zadanie": task.group(1), "stan": "DONE"}, page=url).status_code == 303
    assert "po terminie: 0" in lider.get(url).text
    # a survey round, two ratings, the PARTNER scores on the page
    assert portal.post(lider, url + "/runda", {"data": "2030-02-01"}, page=url).status_code == 303
    page = lider.get(url).text
    round_id = re.search(r'name="runda" value="([^"]+)"', page)
    assert round_id is not None
    rating = {
        "reliability": "4",
        "mission": "4",
        "openness": "4",
        "influence": "2",
        "involvement": "2",
        "resources": "2",
    }
    assert (
        portal.post(
            lider, url + "/ocena", {"runda": round_id.group(1), "partner": "pup-torun", **rating}, page=url
        ).status_code
        == 303
    )
    assert (
        portal.post(
            pup, url + "/ocena", {"runda": round_id.group(1), "partner": "cus-lubicz", **rating}, page=url
        ).status_code
        == 303
    )
    page = lider.get(url).text
    assert "zaufanie 4.0 (100.0 % maksimum)" in page and "wzajemność ocen 1.0" in page
    # the scores are on the network map of the territory
    graph = lider.get("/mapa-sieci", params={"teren": "041504", "okres": "2025"}).text
    assert "Zaufanie i wartość (PARTNER)" in graph and "Powiatowy Urząd Pracy dla Miasta Torunia: zaufanie 4,0" in graph
    # another institution sees the members (directory data) but not the meetings
    other = portal.login(Role.INSTITUTION_ADMIN, "gops-obrowo")
    outsider = other.get(url).text
    assert "PZK Lubicz" in outsider and "Plan 2030" not in outsider
