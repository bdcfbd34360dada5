"""Moje sprawy on both stores: journey (2) – register, refer through the steps, accept – and access."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from portalkit import PASSWORD, Portal, csrf_of

from api.security import Role

CIS_SERVICE = "cis-torun.reintegracja"


def _register(client: TestClient, portal: Portal) -> str:
    r = portal.post(
        client,
        "/sprawy/klienci/nowy",
        {"birthYearBand": "1980-1989", "sex": "MALE", "gmina": "Toruń", "targetGroups": ["bezdomni"]},
    )
    assert r.status_code == 303, r.text
    return r.headers["location"].split("?")[0]


def _alert(html: str) -> str:
    return " ".join(re.findall(r'role="alert">(.*?)</div>', html, re.DOTALL))


def test_referral_journey_from_mopr_to_cis(writable_portal: Portal) -> None:
    portal = writable_portal
    mopr = portal.login(Role.CASEWORKER, "mopr-torun")
    client_url = _register(mopr, portal)
    client_id = client_url.rsplit("/", 1)[1]
    page = mopr.get(client_url)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "osoby bezdomne" in page.text

    choose = mopr.get(f"{client_url}/skierowanie", params={"usluga": CIS_SERVICE})
    assert "Sprawdzenie miejsc: <strong>są wolne miejsca</strong>" in choose.text
    r = mopr.post(
        f"{client_url}/skierowanie",
        data={
            "csrf_token": csrf_of(choose.text),
            "serviceId": CIS_SERVICE,
            "institutionId": "cis-torun",
            "basis": "CIS_REFERRAL",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, _alert(r.text)
    referral_url = r.headers["location"]
    draft = mopr.get(referral_url).text
    assert "Dołącz opinię pracownika socjalnego" in draft and "Wyślij skierowanie" not in draft

    # the API's procedure applies: sending before the opinion and referral steps is refused
    early = portal.post(mopr, referral_url + "/wyslij", {}, page=referral_url)
    assert early.status_code == 422 and _alert(early.text)
    for step in ("OPINION", "REFERRAL"):
        r = portal.post(mopr, referral_url + "/etap", {"step": step}, page=referral_url)
        assert r.status_code == 303, _alert(r.text)
    sent = portal.post(mopr, referral_url + "/wyslij", {}, page=referral_url)
    assert sent.status_code == 303, _alert(sent.text)
    assert "wysłane" in mopr.get(referral_url).text

    cis = portal.login(Role.CASEWORKER, "cis-torun")
    inbox = cis.get("/sprawy").text
    referral_id = referral_url.rsplit("/", 1)[1]
    assert referral_id in inbox and "Potwierdź odbiór" in inbox and "Przyjmij" in inbox
    for status in ("RECEIVED", "ACCEPTED"):
        r = portal.post(cis, referral_url + "/status", {"status": status, "back": "inbox"}, page="/sprawy")
        assert r.status_code == 303, _alert(r.text)
    assert "<strong>przyjęte</strong>" in cis.get(referral_url).text
    assert "przyjęte" in mopr.get(client_url).text  # the sender sees the answer

    # the CIS draws up the IPZS on the accepted referral (its plan form offers that referral)
    cis_view = cis.get(client_url).text
    assert f'<option value="{referral_id}">' in cis_view
    ipzs = portal.post(
        cis,
        client_url + "/plany",
        {
            "type": "IPZS",
            "referralId": referral_id,
            "startsOn": "2026-03-01",
            "endsOn": "2026-08-31",
            "goals": "reintegracja zawodowa",
        },
        page=client_url,
    )
    if ipzs.status_code == 303:
        assert "indywidualny program zatrudnienia socjalnego" in cis.get(client_url).text
    else:  # the statute's conditions are the API's; the page shows its Polish answer
        assert ipzs.status_code == 422 and "Art." in _alert(ipzs.text), _alert(ipzs.text)

    other = portal.login(Role.CASEWORKER, "gops-lubianka")
    for url in (client_url, referral_url):
        r = other.get(url)
        assert r.status_code == 404 and "Nie znaleziono" in r.text
    assert client_id not in other.get("/sprawy").text


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_plans_are_created_through_the_api_rules(writable_portal: Portal) -> None:
    portal = writable_portal
    mopr = portal.login(Role.CASEWORKER, "mopr-torun")
    client_url = _register(mopr, portal)
    r = portal.post(
        mopr,
        client_url + "/plany",
        {
            "type": "SOCIAL_CONTRACT",
            "startsOn": "2026-01-01",
            "endsOn": "2026-06-30",
            "goals": "podjęcie pracy\nterapia",
        },
        page=client_url,
    )
    assert r.status_code == 303, _alert(r.text)
    html = mopr.get(client_url).text
    assert "kontrakt socjalny" in html and "<li>podjęcie pracy</li>" in html


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_anonymous_and_other_roles_get_no_client_pages(writable_portal: Portal) -> None:
    portal = writable_portal
    for url in ("/sprawy", "/sprawy/klienci/nowy", "/sprawy/klienci/cl-1"):
        r = portal.anonymous.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/logowanie?next=")
    admin = portal.login(Role.INSTITUTION_ADMIN, "cis-torun")
    r = admin.get("/sprawy")
    assert r.status_code == 403 and "Brak dostępu" in r.text
    assert "Moje sprawy" not in admin.get("/").text.split("<main")[0]


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_an_expired_session_keeps_the_form(writable_portal: Portal) -> None:
    portal = writable_portal
    mopr = TestClient(portal.app)
    username = portal.user(Role.CASEWORKER, "mopr-torun")
    token = csrf_of(mopr.get("/logowanie").text)
    mopr.post("/logowanie", data={"csrf_token": token, "username": username, "password": PASSWORD, "next": "/"})
    assert mopr.get("/sprawy/klienci/nowy").status_code == 200
    # the session ends (here: the password is reset, which invalidates every token issued before)
    portal.app.state.auth.users.reset_password(username, PASSWORD + "-nowe")
    form = {"csrf_token": token, "birthYearBand": "1990-1999", "gmina": "Toruń", "targetGroups": "bezdomni"}
    r = mopr.post("/sprawy/klienci/nowy", data=form, follow_redirects=False)
    assert r.status_code == 401 and "Sesja wygasła" in r.text
    assert 'name="replay:birthYearBand" value="1990-1999"' in r.text
    assert 'name="replay:targetGroups" value="bezdomni"' in r.text
    replay = dict(re.findall(r'name="(replay:[^"]+)" value="([^"]*)"', r.text))
    relogin = mopr.post(
        "/logowanie",
        data={
            "csrf_token": csrf_of(r.text),
            "username": username,
            "password": PASSWORD + "-nowe",
            "next": "/sprawy/klienci/nowy",
            **replay,
        },
        follow_redirects=False,
    )
    assert relogin.status_code == 200 and "Wyślij formularz" in relogin.text
    assert 'action="/sprawy/klienci/nowy"' in relogin.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', relogin.text))
    again = mopr.post("/sprawy/klienci/nowy", data=fields, follow_redirects=False)
    assert again.status_code == 303, again.text
    assert "osoby bezdomne" in mopr.get(again.headers["location"]).text
