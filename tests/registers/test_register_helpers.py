"""Pure helpers of the register importers: the gazetteer's repairs, ids, hints (no store)."""

from __future__ import annotations

import pytest

from importers.registers.common import short_slug, stable_id
from importers.registers.gazetteer import Gazetteer, authority_hint
from tests.registers.territories import terc_2025


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    units = terc_2025().units()
    rows = [
        {
            "teryt": g.key,
            "name": g.name,
            "rodz": g.rodz,
            "powiat": g.powiat_code,
            "powiat_name": g.powiat_name,
            "woj": g.woj,
            "woj_name": units.voivodeships[g.woj].name.lower(),
        }
        for g in units.gminas.values()
    ]
    return Gazetteer(rows)


def test_districts_of_cities_resolve_to_the_city_only(gaz: Gazetteer) -> None:
    nowa_huta = gaz.resolve_gmina(code="1261011", name="Kraków - Nowa Huta", woj="12")
    assert (nowa_huta.key, nowa_huta.method) == ("126101", "name") and "delegatura" in nowa_huta.note
    assert gaz.resolve_gmina(name="Łódź-Bałuty", woj="10").key == "106101"
    # the head is no city with powiat rights, or the code names another gmina: no guess
    assert gaz.resolve_gmina(name="Wieliczka-Osiedle", woj="12").key is None
    assert gaz.resolve_gmina(code="1219011", name="Kraków-Podgórze", woj="12").key is None
    # a real hyphenated gmina name is matched as itself
    assert gaz.resolve_gmina(name="Jerzmanowice - Przeginia", woj="12").key == "120604"


def test_localities_powiats_and_voivodeships(gaz: Gazetteer) -> None:
    assert gaz.resolve_locality("Pcim 638", woj="12", powiat="myślenicki").key == "120904"
    assert gaz.resolve_locality("Gródek n/ Dunajcem", woj="12", powiat="nowosądecki").key == "121003"
    assert gaz.resolve_locality("Kasina Wielka", woj="12", powiat="limanowski").key is None  # ≈ Kamionka Wielka
    assert gaz.resolve_locality("Bochnia", woj="12", powiat="bocheński").key == "120101"  # the town
    assert gaz.resolve_powiat("m. Kraków", "12").powiat_code == "1261"
    assert gaz.resolve_powiat("Miasto Nowy Sącz", "12").powiat_code == "1262"
    assert gaz.resolve_powiat("nieistniejący", "12").method == "unresolved"
    assert gaz.guess_woj(["bocheński", "brzeski", "m. Kraków"]) == "12"
    assert gaz.guess_woj(["brzeski"]) is None  # małopolskie and opolskie both have one
    assert gaz.woj_code("PODKARPACKIE") == "18" and gaz.woj_code("województwo śląskie") == "24"
    assert gaz.woj_in_text("Wykaz ŚDS województwa małopolskiego") == "12"


def test_authority_hint() -> None:
    assert authority_hint("Wójt Gminy Mszana Dolna ul. Spadochroniarzy 6") == "wiejska"
    assert authority_hint("Burmistrz Miasta Limanowa") == "miejska"
    assert authority_hint("Prezydent Miasta Krakowa zlecił …") == "miejska"
    assert authority_hint("Burmistrz Miasta i Gminy Niepołomice") == "miejsko-wiejska"
    assert authority_hint("Starosta Bocheński") is None and authority_hint(None) is None


def test_ids_are_stable_bounded_and_distinct() -> None:
    assert stable_id("sds", "ŚDS w Bieczu", "ul. Parkowa 1") == "sds:sds-w-bieczu-ul-parkowa-1"
    long_a = stable_id(
        "dps", "Dom Pomocy Społecznej prowadzony przez Zgromadzenie Sióstr, Prowincja Krakowska w Wadowicach"
    )
    long_b = stable_id(
        "dps", "Dom Pomocy Społecznej prowadzony przez Zgromadzenie Sióstr, Prowincja Krakowska w Tarnowie"
    )
    assert long_a != long_b and len(long_a) <= 4 + 1 + 50 + 1 + 8
    assert long_a == stable_id(
        "dps", "DOM POMOCY SPOŁECZNEJ prowadzony przez Zgromadzenie Sióstr, Prowincja Krakowska w Wadowicach"
    )
    assert short_slug("dla osób w podeszłym wieku") == "podeszlym-wieku"
    cut = short_slug("dla dzieci i młodzieży niepełnosprawnych intelektualnie")
    assert cut.startswith("dzieci-mlodziezy-niepelnosprawnych-intel") and len(cut) <= 40 + 7
    assert cut != short_slug("dla dzieci i młodzieży niepełnosprawnych intelektualnie i ruchowo")
