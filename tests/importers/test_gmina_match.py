"""GminaMatcher on real dirty data: Śląskie names, Małopolska TERYT codes, KRS seats."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from importers.parsers.gmina_match import GminaMatcher, GminaRef, MatchResult, kind_hint
from importers.parsers.krs import parse_krs_dir
from importers.parsers.ops import OpsMalopolskaRecord, parse_ops_malopolska, parse_ops_slaskie
from importers.parsers.teryt import TercUnits
from importers.parsers.text import fold


def test_slaskie_all_rows_resolve_to_distinct_gminas(
    regional_dir: Path, matcher: GminaMatcher, units_2025: TercUnits
) -> None:
    recs = parse_ops_slaskie(regional_dir / "ops_slaskie.csv").records
    results = [
        matcher.resolve(name=r.gmina_raw, woj="24", powiat=r.powiat, hint=kind_hint(r.name, r.kind)) for r in recs
    ]
    keys = [res.key for res in results]
    assert None not in keys
    assert len(set(keys)) == 167
    woj24 = {k for k, g in units_2025.gminas.items() if g.woj == "24"}
    assert set(keys) == woj24  # every gmina of woj. śląskie exactly once
    assert Counter(res.method for res in results) == {"name+powiat": 167}
    by_raw = {r.gmina_raw: res.key for r, res in zip(recs, results, strict=True)}
    for raw, name in (
        ("Buczkowice Gmina Buczkowice-", "Buczkowice"),
        ("Żarki Miejsko", "Żarki"),
        ("Szczekociny Miejsko", "Szczekociny"),
    ):
        key = by_raw[raw]
        assert key is not None and units_2025.gminas[key].name == name


@pytest.fixture(scope="module")
def malopolska(regional_dir: Path) -> list[OpsMalopolskaRecord]:
    return parse_ops_malopolska(regional_dir / "ops_malopolska_geo.csv").records


def test_malopolska_codes_alone(malopolska: list[OpsMalopolskaRecord], matcher: GminaMatcher) -> None:
    """The raw 7-digit codes, as SOURCES.md describes them."""
    results = [matcher.resolve_code(r.teryt_raw) for r in malopolska]
    assert Counter(res.method for res in results) == {"exact": 108, "prefix": 85, "unresolved": 2}
    bad_prefixes = {r.teryt_raw[:6] for r, res in zip(malopolska, results, strict=True) if res.key is None}
    assert bad_prefixes == {"121115", "121906"}
    covered = {res.key for res in results if res.key}
    woj12 = [k for k in matcher.gminas if k.startswith("12")]
    assert (len(covered), len(woj12)) == (167, 183)


def _resolve(matcher: GminaMatcher, r: OpsMalopolskaRecord) -> MatchResult:
    return matcher.resolve(
        code=r.teryt_raw,
        name=r.gmina,
        woj="12",
        powiat=r.powiat,
        hint=kind_hint(r.name),
        powiat_level=r.kind == "PCPR",
    )


def test_malopolska_codes_checked_against_names(malopolska: list[OpsMalopolskaRecord], matcher: GminaMatcher) -> None:
    """Codes and names together: most codes point to a neighbouring gmina; names repair them."""
    pcpr = [(r, _resolve(matcher, r)) for r in malopolska if r.kind == "PCPR"]
    gmina_level = [(r, _resolve(matcher, r)) for r in malopolska if r.kind != "PCPR"]

    # PCPR pseudo-codes PPPP011 → the powiat
    assert len(pcpr) == 16
    assert all(res.key is None and res.resolved for _, res in pcpr)
    assert {res.powiat_code for _, res in pcpr} == {r.teryt_raw[:4] for r, _ in pcpr}
    assert len({res.powiat_code for _, res in pcpr}) == 16

    categories = Counter(
        "exact"
        if res.method == "exact"
        else "prefix"
        if res.method == "prefix"
        else "unresolved"
        if res.method == "unresolved"
        else "name-repaired"
        for _, res in gmina_level
    )
    assert categories == {"exact": 54, "prefix": 15, "name-repaired": 108, "unresolved": 2}
    # only 54 of the 108 codes that exist in TERC name the right gmina
    assert sum(1 for r, res in gmina_level if res.method == "exact" and res.key == r.teryt_raw[:6]) == 54
    repaired = [(r, res) for r, res in gmina_level if res.method in ("name", "name+powiat", "fuzzy")]
    assert all("przyjęto nazwę" in res.note for _, res in repaired)
    unresolved = sorted(r.gmina for r, res in gmina_level if res.key is None)
    assert unresolved == ["Niegowić", "Trąbki"]  # villages, not gminas
    assert len({res.key for _, res in gmina_level if res.key}) == 175


def test_malopolska_examples(malopolska: list[OpsMalopolskaRecord], matcher: GminaMatcher) -> None:
    res = {r.name: _resolve(matcher, r) for r in malopolska}
    # RODZ 1 given for a miejsko-wiejska gmina → prefix
    libiaz = res["Ośrodek Pomocy Społecznej w Libiążu"]
    assert (libiaz.key, libiaz.method) == ("120304", "prefix")
    # city vs rural gmina of the same name, settled by the institution's name
    grybow_m = res["Miejskie Centrum Usług Społecznych w Grybowie"]
    grybow_g = res["Gminne Centrum Usług Społecznych w Grybowie"]
    assert (grybow_m.key, grybow_g.key) == ("121001", "121004")
    oswiecim_g = res["Ośrodek Pomocy Społecznej Gminy Oświęcim"]
    assert oswiecim_g.key == "121306"
    assert "1213011 Oświęcim (gm. miejska" in oswiecim_g.note
    # same name in two powiats, settled by the powiat
    assert res["Gminny Ośrodek Pomocy Społecznej w Bolesławiu (pow. dąbrowski)"].key == "120401"
    assert res["Gminny Ośrodek Pomocy Społecznej w Bolesławiu (pow. olkuski)"].key == "121203"
    # a delegatura name resolves to its city
    mopr = res["Miejski Ośrodek Pomocy Społecznej w Krakowie"]
    assert mopr.key == "126101"


def test_ambiguous_names_are_never_guessed(matcher: GminaMatcher) -> None:
    plain = matcher.resolve_name("Bochnia", woj="12")
    assert plain.key is None and plain.method == "unresolved" and plain.ambiguous
    assert set(plain.candidates) == {"120101", "120102"}
    assert "niejednoznaczna" in plain.note
    same_powiat = matcher.resolve_name("Bochnia", woj="12", powiat="bocheński")
    assert same_powiat.key is None and same_powiat.ambiguous
    assert matcher.resolve_name("Bochnia", woj="12", hint="miejska").key == "120101"
    assert matcher.resolve_name("Bochnia", woj="12", hint="wiejska").key == "120102"
    assert matcher.resolve_name("Miasto Bochnia", woj="12").key == "120101"
    assert matcher.resolve_name("Bochnia M.", woj="12").key == "120101"
    assert matcher.resolve_name("gm. Bochnia", woj="12").key == "120102"
    # same name in two powiats
    assert matcher.resolve_name("Spytkowice", woj="12").ambiguous
    sp = matcher.resolve_name("Spytkowice", woj="12", powiat="nowotarski")
    assert (sp.key, sp.method, sp.powiat_code) == ("121113", "name+powiat", "1211")
    # the code settles an ambiguous name only if it is one of the candidates
    by_code = matcher.resolve(code="1201022", name="Bochnia", woj="12")
    assert (by_code.key, by_code.method) == ("120102", "exact")


def test_fuzzy_districts_and_codes(matcher: GminaMatcher) -> None:
    typo = matcher.resolve_name("Krzeszowce", woj="12")
    assert (typo.key, typo.method) == ("120606", "fuzzy")
    assert matcher.resolve_name("Zupełnie Inna Nazwa", woj="12").method == "unresolved"
    conflict = matcher.resolve(code="1201011", name="Krzeszowce", woj="12")  # code: Bochnia
    assert conflict.key is None and set(conflict.candidates) == {"120101", "120606"}
    assert matcher.resolve_name("Kraków-Podgórze", woj="12").key == "126101"
    assert matcher.resolve_name("Kraków - Nowa Huta", woj="12").key == "126101"
    warszawa = matcher.resolve_code("1465028")  # a dzielnica code
    assert (warszawa.key, warszawa.method) == ("146501", "prefix")
    assert matcher.resolve_code("0201043").method == "exact"
    assert matcher.resolve_code("020104").method == "exact"  # a 6-digit key
    assert matcher.resolve_code("12-0101").method == "unresolved"
    assert matcher.resolve_code("9901011").method == "unresolved"
    pcpr = matcher.resolve_code("1202011", powiat_level=True)
    assert (pcpr.key, pcpr.powiat_code, pcpr.method) == (None, "1202", "prefix")
    assert matcher.resolve(code="1202011", powiat="brzeski", woj="12", powiat_level=True).powiat_code == "1202"


def test_krs_seats(data_dir: Path, matcher: GminaMatcher) -> None:
    """KRS names the gmina "DĘBICA" for the town; locality = gmina name means the town gmina."""
    recs = parse_krs_dir(data_dir / "krs-ngo-sample").records
    no_hint = [matcher.resolve(name=r.seat.gmina, woj="18", powiat=r.seat.powiat) for r in recs]
    assert Counter(res.method for res in no_hint) == {"name+powiat": 31, "unresolved": 15}
    assert all(res.ambiguous for res in no_hint if res.key is None)
    with_hint = [
        matcher.resolve(
            name=r.seat.gmina,
            woj="18",
            powiat=r.seat.powiat,
            hint="miejska" if fold(r.seat.locality) == fold(r.seat.gmina) else None,
        )
        for r in recs
    ]
    assert all(res.key is not None and res.key.startswith("18") for res in with_hint)


def test_matcher_from_plain_refs() -> None:
    refs = [
        GminaRef("020101", "Bolesławiec", "1", "0201", "bolesławiecki", "02"),
        GminaRef("020102", "Bolesławiec", "2", "0201", "bolesławiecki", "02"),
        GminaRef("020103", "Gromadka", "2", "0201", "bolesławiecki", "02"),
    ]
    m = GminaMatcher(refs)
    assert m.resolve_name("GROMADKA", woj="02").key == "020103"
    assert m.resolve_name("Bolesławiec", woj="02").ambiguous
    assert m.resolve(code="0201011", name="Bolesławiec").key == "020101"
    assert m.powiat_codes("powiat bolesławiecki", "02") == ["0201"]


@pytest.mark.parametrize(
    ("texts", "hint"),
    [
        (("Miejsko-Gminny Ośrodek Pomocy Społecznej",), "miejsko-wiejska"),
        (("MGOPS Szczucin",), "miejsko-wiejska"),
        (("Miejski Ośrodek Pomocy Społecznej",), "miejska"),
        (("MOPS",), "miejska"),
        (("Gminny Ośrodek Pomocy Społecznej",), "wiejska"),
        (("Ośrodek Pomocy Społecznej Gminy Oświęcim",), "wiejska"),
        (("Ośrodek Pomocy Społecznej w Olkuszu",), None),
        ((None, ""), None),
    ],
)
def test_kind_hint(texts: tuple[str | None, ...], hint: str | None) -> None:
    assert kind_hint(*texts) == hint
