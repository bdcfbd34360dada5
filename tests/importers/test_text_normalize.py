"""fold() and gmina/powiat name normalisation."""

from __future__ import annotations

import pytest

from importers.parsers.teryt import TercUnits
from importers.parsers.text import fold, normalize_gmina_name, normalize_powiat_name


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("ŁÓDŹ", "lodz"),
        ("Żółć  gęślą\n jaźń", "zolc gesla jazn"),
        ("Krynica - Zdrój", "krynica-zdroj"),
        ("Jerzmanowice– Przeginia", "jerzmanowice-przeginia"),
        ("-Buczkowice-", "buczkowice"),
        ("Dobra (Szczecińska)", "dobra szczecinska"),
        ("  Kraków. ", "krakow"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Buczkowice Gmina Buczkowice-", "buczkowice"),
        ("Żarki Miejsko", "zarki"),
        ("Szczekociny Miejsko", "szczekociny"),
        ("Miasto i Gmina Niepołomice", "niepolomice"),
        ("Gmina Miejska Oświęcim", "oswiecim"),
        ("gm. Bochnia", "bochnia"),
        ("Bochnia (miasto)", "bochnia"),
        ("Bochnia - miasto", "bochnia"),
        ("Tarnów m.", "tarnow"),
        ("M. Tarnów", "tarnow"),
        ("m.st. Warszawa", "warszawa"),
        ("Miasto Kraków ", "krakow"),
        ("Gmina Tarnów", "tarnow"),
        # real names containing noise-like words are kept
        ("Nowe Miasto", "nowe miasto"),
        ("Nowe Miasto Lubawskie", "nowe miasto lubawskie"),
        ("Miejska Górka", "miejska gorka"),
    ],
)
def test_normalize_gmina_name(raw: str, normalized: str) -> None:
    assert normalize_gmina_name(raw) == normalized


def test_normalize_keeps_every_real_gmina_name(units_2025: TercUnits) -> None:
    for g in units_2025.gminas.values():
        assert normalize_gmina_name(g.name) == fold(g.name), g.name
    for p in units_2025.powiats.values():
        assert normalize_powiat_name(p.name) == fold(p.name), p.name


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("powiat bolesławiecki", "boleslawiecki"),
        ("m. Kraków", "krakow"),
        ("Miasto Nowy Sącz", "nowy sacz"),
        ("BIESZCZADZKI", "bieszczadzki"),
    ],
)
def test_normalize_powiat_name(raw: str, normalized: str) -> None:
    assert normalize_powiat_name(raw) == normalized
