"""Profile rules and value conversions (no store)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from graph.enums import InstitutionType as IT
from importers.hsds import profile as pf
from importers.hsds.typemap import guess_type
from importers.hsds.values import (
    cost_text,
    join_limited,
    parse_timestamp,
    phone_text,
    polish_identifier,
    postal_code,
    schedule_text,
)


def test_ids_keep_uuids_and_derive_the_rest() -> None:
    existing = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert pf.hsds_id("Service", existing) == existing
    derived = pf.hsds_id("Institution", "mopr-torun")
    assert derived == str(uuid.uuid5(uuid.UUID("b17f4fda-f0c2-5ffb-b901-179547ce672c"), "Institution:mopr-torun"))
    assert pf.hsds_id("Service", "mopr-torun") != derived  # the kind is part of the name
    assert pf.node_id_from("Institution", derived, "mopr-torun") == "mopr-torun"
    assert pf.node_id_from("Institution", derived, "mops-chelmza") is None
    assert pf.node_id_from("Institution", existing, None) == existing
    assert not pf.is_uuid(existing.upper())


def test_teryt_codes() -> None:
    assert pf.teryt_urn("04") == "urn:teryt:wojewodztwo:04"
    assert pf.teryt_urn("0415") == "urn:teryt:powiat:0415"
    assert pf.teryt_urn("041504") == "urn:teryt:gmina:041504"
    assert pf.parse_teryt("urn:teryt:gmina:0415042", urn=True) == "041504"
    assert pf.parse_teryt(" 0463 ", urn=False) == "0463"
    for bad, message in [
        ("urn:teryt:gmina:0415", "poziom TERYT"),
        ("urn:teryt:miasto:0415", "nieznany poziom"),
        ("urn:teryt:gmina:04150", "2, 4, 6 lub 7 cyfr"),
        ("teryt:041504", "oczekiwano urn:teryt"),
    ]:
        with pytest.raises(ValueError, match=message):
            pf.parse_teryt(bad, urn=True)


def test_polish_identifiers() -> None:
    assert polish_identifier("krs", "123456") == "0000123456"
    assert polish_identifier("nip", "PL 879-123-45-67") == "8791234567"
    assert polish_identifier("regon", "87123456700012") == "87123456700012"
    refusals = [
        ("krs", "12345678901", "KRS ma najwyżej 10 cyfr"),
        ("regon", "1234", "REGON ma 9 albo 14 cyfr"),
        ("nip", "123", "NIP ma 10 cyfr"),
        ("nip", "12a4567890", "NIP może zawierać tylko cyfry"),
    ]
    for kind, raw, message in refusals:
        with pytest.raises(ValueError, match=message):
            polish_identifier(kind, raw)


def test_small_conversions() -> None:
    assert postal_code("87-100") == "87-100" and postal_code("87100") == "87-100" and postal_code("ABC 1234") is None
    assert phone_text('"+48 56 611 22 33"', 100.0) == "+48 56 611 22 33 wew. 100"
    assert join_limited(["a", "b", "a", "c" * 10], 5) == ("a, b", 1)
    assert parse_timestamp("2023-03-15T10:30:45.123Z") == dt.datetime(2023, 3, 15, 10, 30, 45, 123000)
    assert parse_timestamp("2024-05-01T12:00:00+02:00") == dt.datetime(2024, 5, 1, 10, 0)
    assert parse_timestamp("2024-05-01") == dt.datetime(2024, 5, 1)
    with pytest.raises(ValueError, match="oczekiwano daty i godziny ISO 8601"):
        parse_timestamp("wczoraj")
    assert schedule_text(None, "MO,WE", "08:00", "16:00") == "pn., śr. 08:00–16:00"
    assert schedule_text(None, None, None, None, "MONTHLY", "1,15") == "dni miesiąca: 1,15"
    assert schedule_text("Codziennie", "MO", "08:00", None) == "Codziennie"
    assert cost_text("Ulgowy", 5, "pln", None) == "Ulgowy: 5 PLN"


@pytest.mark.parametrize(
    ("name", "legal_status", "expected"),
    [
        ("Gminny Ośrodek Pomocy Społecznej w Obrowie", None, IT.OPS),
        ("Klub Integracji Społecznej przy MOPS w Chełmży", None, IT.KIS),
        ("Środowiskowy Dom Samopomocy w Toruniu", None, IT.SDS),
        ("Dom Pomocy Społecznej „Złota Jesień”", None, IT.DPS),
        ("Powiatowy Urząd Pracy dla Miasta Torunia", None, IT.PUP),
        ("Wojewódzki Urząd Pracy w Toruniu", None, IT.WUP),
        ("Powiatowe Centrum Pomocy Rodzinie", None, IT.PCPR),
        ("Centrum Usług Społecznych w Lubiczu", None, IT.CUS),
        ("Spółdzielnia Socjalna „Razem”", None, IT.SOCIAL_COOPERATIVE),
        ("Nowy Start", "fundacja", IT.NGO),
        ("Stowarzyszenie Przyjaciół Wisły", None, IT.NGO),
        ("Example Organization Inc.", "Limited Company", IT.OTHER),
    ],
)
def test_type_guess(name: str, legal_status: str | None, expected: IT) -> None:
    assert guess_type(name, legal_status)[0] is expected
