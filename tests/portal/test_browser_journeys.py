"""The portal's journeys in headless Chromium, with axe-core on every page and a screenshot of each.

(1) anonymous search near Lubicz → institution → phone; (2) MOPR → CIS referral through the
steps, accepted from the CIS inbox, "not found" for a third institution; (3) free places set to
0 show in the public search; (4) the coordinator's network map (a layer switched), diagnosis and
GraphML download, with axe on the coordinator pages; (5) XSS payloads render as text; (6) the search
with the keyboard alone.  Journeys 1 and 2 run on both stores, the others on LadybugDB.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import axe, chromium, console_errors, live_server, require_browser, shot
from portalkit import PASSWORD
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from api.app import create_app
from api.portal.demo_accounts import DEMO_ACCOUNTS
from api.security import Role
from graph.config import Settings
from graph.store.protocol import Store
from tests.conftest import load_demo

LADYBUG_ONLY = pytest.mark.parametrize("backend", ["ladybug"], indirect=True)


class Browser:
    """One Chromium session against the live app; every visited page is checked by axe."""

    def __init__(self, driver: Any, base: str, app: Any, prefix: str):
        self.driver, self.base, self.app, self.prefix = driver, base, app, prefix
        self.violations: dict[str, list[dict[str, Any]]] = {}
        self.errors: dict[str, list[str]] = {}
        self.pages = 0

    def check(self, name: str) -> None:
        """Screenshot, axe and console check of the page now shown."""
        self.pages += 1
        shot(self.driver, f"{self.prefix}-{self.pages:02d}-{name}")
        found = axe(self.driver)
        if found:
            self.violations[name] = found
        errors = console_errors(self.driver)
        if errors:
            self.errors[name] = errors

    def open(self, path: str, name: str) -> None:
        self.driver.get(self.base + path)
        self.check(name)

    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def fill(self, field: str, value: str) -> None:
        el = self.driver.find_element(By.NAME, field)
        el.clear()
        el.send_keys(value)

    def submit(self, selector: str = "main form button[type=submit]") -> None:
        self.click(self.driver.find_element(By.CSS_SELECTOR, selector))

    def click(self, element: Any) -> None:
        """Click and wait for the next page (a form post or a link)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, 15).until(lambda _: _left_document(old))

    def login(self, role: Role, institution: str | None) -> str:
        name = f"{role.value.replace('_', '-')}-{institution}-{self.pages}"
        self.app.state.auth.users.add(name, PASSWORD, role, institution_id=institution)
        self.driver.delete_all_cookies()
        self.open("/logowanie", f"logowanie-{institution}")
        self.fill("username", name)
        self.fill("password", PASSWORD)
        self.submit()
        return name

    def done(self) -> None:
        assert not self.violations, self.violations
        assert not self.errors, self.errors


def _left_document(element: Any) -> bool:
    """True once ``element`` belongs to a page that has been replaced.

    Selenium's ``staleness_of`` knows only the stale-reference error; while the
    next page is being committed Chromium may instead answer "Node with given id
    does not belong to the document", which means the same thing.
    """
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


@pytest.fixture
def browser(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    require_browser()
    driver = chromium(tmp_path / "chromium-profile")
    yield driver
    driver.quit()


def _session(
    store: Store, driver: Any, prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Browser]:
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("KOOPERACJA_TILE_URL", "")  # offline: no tile server, markers still drawn
    app = create_app(Settings(graph="(test store)", env="test"), store=store)
    with live_server(app) as base:
        yield Browser(driver, base, app, prefix)


@pytest.fixture
def demo_site(
    demo_store: Store,
    browser: Any,
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[Browser]:
    yield from _session(demo_store, browser, f"{request.node.originalname}-{backend}", tmp_path, monkeypatch)


@pytest.fixture
def fresh_site(
    store: Store,
    browser: Any,
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[Browser]:
    load_demo(store)
    yield from _session(store, browser, f"{request.node.originalname}-{backend}", tmp_path, monkeypatch)


def test_journey_1_anonymous_search_to_a_phone_number(demo_site: Browser) -> None:
    b = demo_site
    b.open("/", "szukaj")
    b.fill("co", "terapia uzależnień")
    b.fill("gmina", "Lubicz")
    Select(b.driver.find_element(By.NAME, "km")).select_by_value("25")
    b.submit("form.search button[type=submit]")
    WebDriverWait(b.driver, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".hit")))
    assert "co=terapia" in b.driver.current_url and "gmina=Lubicz" in b.driver.current_url  # bookmarkable
    b.check("wyniki")
    assert "Dlaczego:" in b.text()
    b.click(b.driver.find_element(By.CSS_SELECTOR, ".hit .inst a[href='/instytucje/plu-torun']"))
    WebDriverWait(b.driver, 10).until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    b.check("instytucja")
    assert "Poradnia Leczenia Uzależnień" in b.text()
    phone = b.driver.find_element(By.CSS_SELECTOR, "a[href^='tel:']")
    assert phone.is_displayed() and re.search(r"\d{2}", phone.text)
    # the map draws the marker although no tile server is configured
    assert b.driver.find_elements(By.CSS_SELECTOR, "#mapa path.leaflet-interactive")
    b.driver.back()
    assert "gmina=Lubicz" in b.driver.current_url and b.driver.find_elements(By.CSS_SELECTOR, ".hit")
    b.open("/teren/041504", "gmina")
    assert "Kto odpowiada za mieszkańców" in b.text()
    b.open("/nie-ma-takiej-strony", "404")
    assert "Nie znaleziono" in b.text()
    b.done()


def test_journey_2_referral_from_mopr_to_cis(fresh_site: Browser) -> None:
    b = fresh_site
    b.login(Role.CASEWORKER, "mopr-torun")
    assert b.driver.current_url.endswith("/sprawy")
    b.check("moje-sprawy")
    b.click(b.driver.find_element(By.LINK_TEXT, "Zarejestruj klienta"))
    b.check("rejestracja")
    Select(b.driver.find_element(By.NAME, "birthYearBand")).select_by_value("1970-1979")
    b.fill("gmina", "Toruń")
    b.driver.find_element(By.ID, "g-bezdomni").click()
    b.submit("main form button[type=submit]")
    assert "Klient zarejestrowany." in b.text()
    b.check("klient")
    client_url = b.driver.current_url.split("?")[0]
    b.driver.get(client_url + "/skierowanie?usluga=cis-torun.reintegracja")
    b.check("nowe-skierowanie")
    assert "są wolne miejsca" in b.text()
    Select(b.driver.find_element(By.NAME, "basis")).select_by_value("CIS_REFERRAL")
    b.submit("main form.stack button[type=submit]")
    for step in ("Dołącz opinię pracownika socjalnego", "Wystaw skierowanie", "Wyślij skierowanie"):
        b.check("skierowanie-" + step.split()[0].lower())
        b.click(b.driver.find_element(By.XPATH, f"//button[normalize-space()='{step}']"))
    assert "Skierowanie wysłane." in b.text()
    referral_url = b.driver.current_url.split("?")[0]
    b.check("wyslane")

    b.login(Role.CASEWORKER, "cis-torun")
    b.check("cis-skrzynka")
    referral_id = referral_url.rsplit("/", 1)[1]
    assert b.driver.find_elements(By.CSS_SELECTOR, f"a[href$='{referral_id}']")
    row = b.driver.find_element(By.XPATH, f"//tr[.//a[contains(@href, '{referral_id}')]]")
    b.click(row.find_element(By.XPATH, ".//button[normalize-space()='Potwierdź odbiór']"))
    row = b.driver.find_element(By.XPATH, f"//tr[.//a[contains(@href, '{referral_id}')]]")
    b.click(row.find_element(By.XPATH, ".//button[normalize-space()='Przyjmij']"))
    b.driver.get(referral_url)
    b.check("przyjete")
    assert "przyjęte" in b.text()

    b.login(Role.CASEWORKER, "gops-lubianka")
    b.driver.get(client_url)
    b.check("obca-instytucja")
    assert "Nie znaleziono" in b.text()
    b.done()


@LADYBUG_ONLY
def test_journey_3_no_free_places_reach_the_public_search(fresh_site: Browser) -> None:
    b = fresh_site
    b.login(Role.INSTITUTION_ADMIN, "cis-chelmza")
    assert b.driver.current_url.endswith("/moja-instytucja")
    b.check("moja-instytucja")
    form = b.driver.find_element(By.CSS_SELECTOR, "form[action$='/miejsca']")
    free = form.find_element(By.NAME, "freePlaces")
    free.clear()
    free.send_keys("abc")
    b.click(form.find_element(By.TAG_NAME, "button"))
    b.check("blad-pola")
    assert "Podaj liczbę całkowitą." in b.text()
    search = (
        "/?gmina=Che%C5%82m%C5%BCa+%E2%80%93+gmina+miejska+%28powiat+toru%C5%84ski%29&kategoria=reintegracja-zawodowa"
    )
    for value in ("4", "0"):
        form = b.driver.find_element(By.CSS_SELECTOR, "form[action$='/miejsca']")
        free = form.find_element(By.NAME, "freePlaces")
        free.clear()
        free.send_keys(value)
        b.click(form.find_element(By.TAG_NAME, "button"))
        assert "Liczba miejsc zapisana." in b.text()
        if value == "4":  # the public search follows the admin's number
            b.driver.get(b.base + search)
            hit = b.driver.find_element(By.XPATH, "//li[@class='hit'][.//a[contains(., 'CIS Chełmża')]]")
            assert "4 wolne miejsca" in hit.text
            b.driver.get(b.base + "/moja-instytucja")
    b.driver.delete_all_cookies()
    b.open(
        "/?gmina=Che%C5%82m%C5%BCa+%E2%80%93+gmina+miejska+%28powiat+toru%C5%84ski%29&kategoria=reintegracja-zawodowa",
        "wyszukiwanie-bez-miejsc",
    )
    hit = b.driver.find_element(By.XPATH, "//li[@class='hit'][.//a[contains(., 'CIS Chełmża')]]")
    assert "brak wolnych miejsc" in hit.text
    b.open(
        "/?gmina=Che%C5%82m%C5%BCa+%E2%80%93+gmina+miejska+%28powiat+toru%C5%84ski%29&kategoria=reintegracja-zawodowa&wolne=1",
        "tylko-wolne",
    )
    assert "CIS Chełmża" not in b.text()
    b.done()


XSS = ["<script>window.__xss=1</script>", '" onmouseover="window.__xss=1" x="', "<img src=x onerror=window.__xss=1>"]


@LADYBUG_ONLY
def test_journey_5_payloads_render_as_text(fresh_site: Browser) -> None:
    b = fresh_site
    name = "CIS " + XSS[0] + XSS[1]
    b.login(Role.INSTITUTION_ADMIN, "cis-chelmza")
    field = b.driver.find_element(By.CSS_SELECTOR, "form[action='/moja-instytucja/profil'] input[name=name]")
    field.clear()
    field.send_keys(name)
    b.submit("form[action='/moja-instytucja/profil'] button")
    assert "Profil zapisany." in b.text()
    b.driver.find_element(By.CSS_SELECTOR, "form[action='/moja-instytucja/uslugi'] input[name=name]").send_keys(
        "Usługa " + XSS[2]
    )
    b.driver.find_element(By.CSS_SELECTOR, "form[action='/moja-instytucja/uslugi'] textarea").send_keys(
        "Opis " + XSS[0] + XSS[1]
    )
    b.submit("form[action='/moja-instytucja/uslugi'] button")
    assert "Usługa zapisana." in b.text()
    b.open("/instytucje/cis-chelmza", "instytucja-xss")
    assert name in b.driver.find_element(By.TAG_NAME, "h1").text
    assert "Opis " + XSS[0] + XSS[1] in b.text()
    for el in b.driver.find_elements(By.CSS_SELECTOR, "h1, h3, p"):
        b.driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", el)
    b.open(
        "/?co=Opis&gmina=Che%C5%82m%C5%BCa+%E2%80%93+gmina+miejska+%28powiat+toru%C5%84ski%29&km=50", "wyszukiwanie-xss"
    )

    b.login(Role.CASEWORKER, "mopr-torun")
    b.click(b.driver.find_element(By.LINK_TEXT, "Zarejestruj klienta"))
    b.fill("gmina", "Toruń")
    b.submit("main form button[type=submit]")
    for name, value in (("startsOn", "2026-01-01"), ("endsOn", "2026-06-30")):
        b.driver.execute_script("arguments[0].value = arguments[1]", b.driver.find_element(By.NAME, name), value)
    b.driver.find_element(By.NAME, "goals").send_keys("Cel " + XSS[0] + "\n" + "Cel " + XSS[1])
    b.submit("form[action$='/plany'] button")
    assert "Plan zapisany." in b.text()
    b.check("plan-xss")
    goals = [li.text for li in b.driver.find_elements(By.CSS_SELECTOR, "article.card li")]
    assert "Cel " + XSS[0] in goals and "Cel " + XSS[1].strip() in [g.strip() for g in goals]
    assert "Cel " + XSS[0] in b.text() and "Cel " + XSS[1] in b.text()
    assert b.driver.execute_script("return window.__xss") is None
    b.done()


@LADYBUG_ONLY
def test_journey_6_search_with_the_keyboard_alone(demo_site: Browser) -> None:
    b = demo_site
    b.open("/", "klawiatura")
    body = b.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the skip link comes first
    active = b.driver.switch_to.active_element
    assert active.text == "Przejdź do treści"
    visited = []
    for _ in range(30):
        active = b.driver.switch_to.active_element
        if active.get_attribute("name") == "co":
            break
        active.send_keys(Keys.TAB)
        visited.append(b.driver.switch_to.active_element.tag_name)
    active = b.driver.switch_to.active_element
    assert active.get_attribute("name") == "co", visited
    # a visible focus indicator on the focused field
    outline = b.driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline
    active.send_keys("terapia uzależnień")
    active.send_keys(Keys.TAB)
    b.driver.switch_to.active_element.send_keys("Lubicz")
    # the autocomplete (progressive enhancement) offers the gmina by its name, never a code
    WebDriverWait(b.driver, 10).until(
        lambda d: d.execute_script("return document.querySelectorAll('#gminy-lista option').length") > 0
    )
    offered = b.driver.execute_script("return [...document.querySelectorAll('#gminy-lista option')].map(o => o.value)")
    assert "Lubicz – gmina wiejska (powiat toruński)" in offered
    b.driver.switch_to.active_element.send_keys(Keys.ENTER)  # Enter in a field submits the form
    WebDriverWait(b.driver, 10).until(ec.url_contains("gmina=Lubicz"))
    b.check("klawiatura-wyniki")
    assert "Lubicz – gmina wiejska" in b.text()
    b.done()


@pytest.mark.parametrize("width", [360, 768, 1440])
@LADYBUG_ONLY
def test_pages_fit_phone_to_desktop_widths(demo_site: Browser, width: int) -> None:
    b = demo_site
    b.driver.set_window_size(width, 900)
    for path, name in [
        ("/?co=praca&gmina=Toru%C5%84", "szukaj"),
        ("/instytucje/cis-torun", "instytucja"),
        ("/teren/0415", "powiat"),
    ]:
        b.driver.get(b.base + path)
        b.driver.set_window_size(width, 900)
        overflow = b.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, width, overflow)
        shot(b.driver, f"szerokosc-{width}-{name}")
    for role, institution, path in [
        (Role.CASEWORKER, "mopr-torun", "/sprawy"),
        (Role.INSTITUTION_ADMIN, "cis-chelmza", "/moja-instytucja"),
    ]:
        b.login(role, institution)
        b.driver.get(b.base + path)
        b.driver.set_window_size(width, 900)
        overflow = b.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, width, overflow)  # wide tables scroll inside their own box
        shot(b.driver, f"szerokosc-{width}-{path.strip('/')}")


@LADYBUG_ONLY
def test_graphiql_and_docs_work_offline(
    demo_store: Store, browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(tmp_path / "state"))
    app = create_app(Settings(graph="(test store)", env="development"), store=demo_store)
    with live_server(app) as base:
        b = Browser(browser, base, app, "narzedzia")
        b.driver.get(base + "/docs")
        WebDriverWait(b.driver, 20).until(lambda d: "/health" in d.find_element(By.TAG_NAME, "body").text)
        shot(b.driver, "narzedzia-docs")
        b.driver.get(base + "/graphql")
        WebDriverWait(b.driver, 20).until(ec.element_to_be_clickable((By.CSS_SELECTOR, ".graphiql-execute-button")))
        b.driver.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
        WebDriverWait(b.driver, 20).until(lambda d: "041504" in d.find_element(By.TAG_NAME, "body").text)
        shot(b.driver, "narzedzia-graphiql")
        origins = b.driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)"
        )
        assert set(origins) <= {base}, origins  # nothing from a CDN
        assert console_errors(b.driver) == []


@LADYBUG_ONLY
def test_every_kind_of_page_passes_axe(fresh_site: Browser) -> None:
    """The pages the journeys do not reach, in their other states (empty, ambiguous, errors, forms)."""
    b = fresh_site
    for path, name in [
        ("/?co=nieistniejacausluga&gmina=%C5%81ubianka&wolne=1", "puste-wyniki"),
        ("/?co=praca&gmina=Che%C5%82m%C5%BCa", "ktora-gmina"),
        ("/teren/0415", "powiat"),
        ("/teren?nazwa=Che%C5%82m%C5%BCa", "wybierz-jednostke"),
        ("/instytucje/mopr-torun", "instytucja-ops"),
        ("/?km=zle", "blad-400"),
    ]:
        b.open(path, name)
    b.open("/logowanie", "logowanie")
    b.fill("username", "nikt")
    b.fill("password", "zle-haslo-123")
    b.submit()
    b.check("logowanie-blad")
    b.login(Role.INSTITUTION_ADMIN, "cis-torun")
    b.open("/moja-instytucja?partner=pomocy", "szukaj-partnera")
    b.open("/sprawy", "403")
    b.login(Role.CASEWORKER, "mopr-torun")
    b.open("/sprawy/klienci/nowy", "rejestracja-pusta")
    b.submit()  # no gmina, no group: the API's rules answer beside the fields or above the form
    b.check("rejestracja-odpowiedz")
    b.driver.get(b.base + "/sprawy")
    link = b.driver.find_element(By.CSS_SELECTOR, "table a[href^='/sprawy/klienci/']")
    b.click(link)
    b.check("klient-demo")
    b.driver.get(b.driver.current_url + "/skierowanie?szukaj=reintegracja")
    b.check("szukaj-uslugi")
    b.done()


@LADYBUG_ONLY
def test_journey_4_coordinator_map_layer_diagnosis_and_graphml(demo_site: Browser, tmp_path: Path) -> None:
    """The demo coordinator of powiat toruński: map, a layer off and on, the diagnosis, the GraphML file."""
    b = demo_site
    account = next(a for a in DEMO_ACCOUNTS if a.role is Role.COORDINATOR)
    b.app.state.auth.users.add(account.username, PASSWORD, account.role, territories=account.territories)
    b.open("/logowanie", "logowanie-koordynator")
    b.fill("username", account.username)
    b.fill("password", PASSWORD)
    b.submit()
    b.open("/mapa-sieci?teren=0415&okres=2025", "mapa-sieci")
    assert "toruński" in b.driver.find_element(By.TAG_NAME, "h1").text
    WebDriverWait(b.driver, 15).until(lambda d: d.find_element(By.ID, "eksport-graphml").is_displayed())  # script ran
    b.driver.find_element(By.CSS_SELECTOR, "details summary").click()  # the list of ties, as a reader opens it

    def shown(layer: str) -> int:
        rows = b.driver.find_elements(By.CSS_SELECTOR, f"tr[data-layer='{layer}']")
        return sum(1 for r in rows if r.is_displayed())

    referrals, declared = shown("referrals"), shown("declared")
    assert referrals > 0 and declared > 0
    b.driver.find_element(By.CSS_SELECTOR, "#warstwy input[value='referrals']").click()
    WebDriverWait(b.driver, 5).until(lambda d: shown("referrals") == 0)
    assert shown("declared") == declared  # only the switched layer disappears
    b.check("mapa-bez-skierowan")
    b.driver.find_element(By.CSS_SELECTOR, "#warstwy input[value='referrals']").click()
    WebDriverWait(b.driver, 5).until(lambda d: shown("referrals") == referrals)
    b.click(b.driver.find_element(By.LINK_TEXT, "Diagnoza tego terytorium"))
    b.check("diagnoza")
    assert "Niespełnione wymogi ustawowe" in b.text()
    downloads = tmp_path / "pobrane"
    downloads.mkdir()
    b.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    b.driver.find_element(By.CSS_SELECTOR, "a[href*='format=graphml']").click()
    WebDriverWait(b.driver, 20).until(lambda d: [p for p in downloads.iterdir() if not p.name.endswith(".crdownload")])
    (graphml,) = list(downloads.iterdir())
    content = graphml.read_text(encoding="utf-8")
    assert "<graphml" in content and "Powiatowy Urząd Pracy dla Miasta Torunia" in content
    # the partnership pages list the coordinator's own institution's partnerships: a coordinator at CUS Lubicz
    b.app.state.auth.users.add(
        "koordynator-cus", PASSWORD, Role.COORDINATOR, institution_id="cus-lubicz", territories=("0415",)
    )
    b.driver.delete_all_cookies()
    b.open("/logowanie", "logowanie-koordynator-cus")
    b.fill("username", "koordynator-cus")
    b.fill("password", PASSWORD)
    b.submit()
    b.open("/partnerstwa", "partnerstwa")
    b.click(b.driver.find_element(By.CSS_SELECTOR, "main li a[href^='/partnerstwa/']"))
    b.check("partnerstwo")
    b.done()
