"""Portal security on both stores: cookies, CSRF, CSP, escaping, no-store, access, small counts."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from portalkit import PASSWORD, Portal, csrf_of

from api.security import Role

SCRIPT = "<script>alert('x')</script>"
ATTR = '" onmouseover="alert(1)" x="'


def _set_cookie(response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(name + "="):
            return header
    raise AssertionError(f"no Set-Cookie {name}: {response.headers.get_list('set-cookie')}")


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_session_and_csrf_cookies_are_httponly_and_strict(portal: Portal) -> None:
    client = TestClient(portal.app)
    page = client.get("/logowanie")
    csrf_cookie = _set_cookie(page, "kooperacja_csrf").lower()
    assert "httponly" in csrf_cookie and "samesite=strict" in csrf_cookie
    username = portal.user(Role.CASEWORKER, "mopr-torun")
    r = client.post(
        "/logowanie",
        data={"csrf_token": csrf_of(page.text), "username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    session = _set_cookie(r, "kooperacja_sesja").lower()
    assert "httponly" in session and "samesite=strict" in session and "path=/" in session
    assert "secure" not in session  # test/development serve plain http on localhost


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_cookies_are_secure_outside_development(portal: Portal, monkeypatch) -> None:
    import secrets

    from api.app import create_app
    from graph.config import Settings

    monkeypatch.setenv("KOOPERACJA_JWT_SECRET", secrets.token_urlsafe(48))
    app = create_app(Settings(graph="(test store)", env="production"), store=portal.app.state.store)
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/logowanie")
        assert "; secure" in _set_cookie(page, "kooperacja_csrf").lower()


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_a_wrong_password_is_refused_in_polish(portal: Portal) -> None:
    client = TestClient(portal.app)
    username = portal.user(Role.CASEWORKER, "mopr-torun")
    r = portal.post(client, "/logowanie", {"username": username, "password": "zle-haslo"})
    assert r.status_code == 401 and "Nieprawidłowa nazwa użytkownika lub hasło." in r.text
    assert "kooperacja_sesja=" not in r.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_every_state_changing_form_needs_the_csrf_token(writable_portal: Portal) -> None:
    portal = writable_portal
    mopr = portal.login(Role.CASEWORKER, "mopr-torun")
    admin = portal.login(Role.INSTITUTION_ADMIN, "cis-chelmza")
    cases = [
        (mopr, "/sprawy/klienci/nowy", {"targetGroups": "bezdomni"}),
        (mopr, "/sprawy/skierowania/rf-x/status", {"status": "ACCEPTED"}),
        (mopr, "/wylogowanie", {}),
        (admin, "/moja-instytucja/uslugi/cis-chelmza.reintegracja/miejsca", {"capacity": "30", "freePlaces": "17"}),
        (admin, "/moja-instytucja/profil", {"name": "Przejęta"}),
        (portal.anonymous, "/logowanie", {"username": "x", "password": "y"}),
    ]
    before = portal.anonymous.get("/instytucje/cis-chelmza").text
    for client, url, data in cases:
        for token in (None, "0" * 64):
            body = dict(data) if token is None else {**data, "csrf_token": token}
            r = client.post(url, data=body, follow_redirects=False)
            assert r.status_code == 403, (url, r.status_code)
            assert "Formularz wygasł albo nie pochodzi z tej strony" in r.text
    # nothing changed
    assert portal.anonymous.get("/instytucje/cis-chelmza").text == before


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_csp_forbids_inline_scripts_and_pages_have_none(portal: Portal) -> None:
    for url in ("/", "/?co=praca&gmina=Toru%C5%84", "/instytucje/cis-torun", "/teren/0415", "/logowanie", "/nie-ma"):
        r = portal.anonymous.get(url)
        csp = r.headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]+)", csp).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "frame-ancestors 'none'" in csp and r.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text), url  # no inline <script>
        assert not re.search(r"\son[a-z]+=", r.text), url  # no inline handlers
        assert "http://" not in re.sub(r'href="http[^"]*"', "", r.text).replace("http://www.w3.org", ""), url


def test_payloads_in_name_description_and_goal_render_as_text(writable_portal: Portal) -> None:
    portal = writable_portal
    admin = portal.login(Role.INSTITUTION_ADMIN, "cis-chelmza")
    r = portal.post(
        admin, "/moja-instytucja/profil", {"name": "CIS " + SCRIPT + ATTR, "city": "Chełmża"}, page="/moja-instytucja"
    )
    assert r.status_code == 303
    r = portal.post(
        admin,
        "/moja-instytucja/uslugi",
        {"name": "Usługa " + ATTR, "description": "Opis " + SCRIPT},
        page="/moja-instytucja",
    )
    assert r.status_code == 303
    mopr = portal.login(Role.CASEWORKER, "mopr-torun")
    r = portal.post(mopr, "/sprawy/klienci/nowy", {"gmina": "Toruń", "targetGroups": "bezdomni"})
    client_url = r.headers["location"].split("?")[0]
    r = portal.post(
        mopr,
        client_url + "/plany",
        {
            "type": "SOCIAL_CONTRACT",
            "startsOn": "2026-01-01",
            "endsOn": "2026-06-30",
            "goals": "Cel " + SCRIPT + "\nCel " + ATTR,
        },
        page=client_url,
    )
    assert r.status_code == 303, r.text
    pages = [
        portal.anonymous.get("/instytucje/cis-chelmza").text,
        portal.anonymous.get("/", params={"co": "Opis", "gmina": "Chełmża – gmina miejska (powiat toruński)"}).text,
        portal.anonymous.get("/teren/041501").text,
        admin.get("/moja-instytucja").text,
        mopr.get(client_url).text,
    ]
    for html in pages:
        assert "<script>alert" not in html and 'onmouseover="alert' not in html
    assert "CIS &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34; onmouseover=&#34;alert(1)&#34; x=&#34;" in pages[0]
    assert "Opis &lt;script&gt;" in pages[0]
    assert "<li>Cel &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</li>" in pages[4]
    assert "Cel &#34; onmouseover=&#34;alert(1)&#34; x=&#34;" in pages[4]


def test_client_pages_are_never_stored_and_never_shown_to_anonymous(writable_portal: Portal) -> None:
    portal = writable_portal
    mopr = portal.login(Role.CASEWORKER, "mopr-torun")
    r = portal.post(mopr, "/sprawy/klienci/nowy", {"gmina": "Toruń", "targetGroups": "bezdomni"})
    client_url = r.headers["location"].split("?")[0]
    for url in ("/sprawy", client_url, "/sprawy/klienci/nowy", client_url + "/skierowanie"):
        assert mopr.get(url).headers["cache-control"] == "no-store", url
        anon = portal.anonymous.get(url, follow_redirects=False)
        assert anon.status_code == 303 and "cl-" not in anon.text
    assert (
        portal.login(Role.INSTITUTION_ADMIN, "cis-torun").get("/moja-instytucja").headers["cache-control"] == "no-store"
    )
    # public pages carry no client data: no pseudonyms, no referral ids
    for url in ("/", "/?co=praca&gmina=Toru%C5%84", "/instytucje/mopr-torun", "/teren/046301", "/teren/0415"):
        html = portal.anonymous.get(url).text
        assert not re.search(r"\b(cl|rf|pl)-[0-9a-f]{16,}", html), url


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_forged_fields_get_a_polish_page_not_a_500(writable_portal: Portal) -> None:
    portal = writable_portal
    mopr = portal.login(Role.CASEWORKER, "mopr-torun")
    admin = portal.login(Role.INSTITUTION_ADMIN, "cis-chelmza")
    for client, url, data, page in [
        (mopr, "/sprawy/klienci/nowy", {"sex": "ROBOT"}, None),
        (mopr, "/sprawy/klienci/nowy", {"birthYearBand": "'; DROP"}, None),
        (mopr, "/sprawy/klienci/nowy", {"targetGroups": "nie-ma-takiej"}, None),
        (mopr, "/sprawy/skierowania/rf-nie-ma/status", {"status": "HACKED"}, "/sprawy"),
        (mopr, "/sprawy/skierowania/rf-nie-ma/status", {"status": "ACCEPTED"}, "/sprawy"),
        (mopr, "/sprawy/skierowania/%3Cx%3E/etap", {"step": "OPINION"}, "/sprawy"),
        (
            mopr,
            "/sprawy/klienci/cl-nie-ma/skierowanie",
            {"serviceId": "x", "institutionId": "y", "basis": "NOPE"},
            "/sprawy",
        ),
        (admin, "/moja-instytucja/uslugi/cudza.usluga/miejsca", {"freePlaces": "1"}, "/moja-instytucja"),
        (admin, "/moja-instytucja/wspolpraca", {"partnerId": "mopr-torun", "kind": "<b>"}, "/moja-instytucja"),
        (admin, "/moja-instytucja/kompetencje", {"staff:nie-ma": "3"}, "/moja-instytucja"),
    ]:
        r = portal.post(client, url, data, page=page)
        assert r.status_code in (400, 403, 404, 422), (url, data, r.status_code)
        assert '<html lang="pl">' in r.text and "Traceback" not in r.text, url


@pytest.mark.parametrize(
    "backend", ["ladybug"], indirect=True
)  # the portal layer; the store side runs on both in the journeys
def test_another_institution_cannot_be_edited(writable_portal: Portal) -> None:
    portal = writable_portal
    admin = portal.login(Role.INSTITUTION_ADMIN, "cis-chelmza")
    r = portal.post(
        admin, "/moja-instytucja/uslugi/cis-torun.reintegracja/miejsca", {"freePlaces": "0"}, page="/moja-instytucja"
    )
    assert r.status_code in (404, 422)
    assert "brak wolnych miejsc" not in portal.anonymous.get("/instytucje/cis-torun").text
