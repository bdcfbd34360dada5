"""Conformance of the hsds_* named queries: the same hand-checked answers on both stores (demo data).

Expected values were counted by hand from the tables of ``importers/demo.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.store.protocol import Store

STAMP = dt.datetime(2026, 1, 15, 9, 0)  # updated_at of every demo service
# graph.text.query_terms("bezrobotnych") and ("integracji"): lemma, folded form, prefix key
BEZROBOTNYCH = {"lemma": "bezrobotny", "surface": "bezrobotnych", "prefix": "p:bezrob"}
INTEGRACJI = {"lemma": "integracja", "surface": "integracji", "prefix": "p:integr"}

LUBICZ_INSTITUTIONS = {  # located in gmina 041504, or serving it, powiat 0415 or woj. 04
    "cus-lubicz",
    "kis-lubicz",
    "ngo-seniorzy",
    "gkrpa-lubicz",
    "pcpr-torun",
    "pup-torun",
    "wup-torun",
    "rops-torun",
    "cis-torun",
    "owes-torun",
    "oik-torun",
    "ngo-trzezwosc",
    "kmp-torun",
    "kuratorzy-torun",
    "plu-torun",
}


def ids(store: Store, name: str, **params: Any) -> list[str]:
    return sorted(r["id"] for r in store.query(name, params))


def test_territory_institutions(demo_store: Store) -> None:
    assert set(ids(demo_store, "hsds_territory_institutions", teryt="041504")) == LUBICZ_INSTITUTIONS
    # powiat toruński: the 13 institutions located in its gminas and the 11 serving it or woj. 04
    assert len(ids(demo_store, "hsds_territory_institutions", teryt="0415")) == 24


def test_service_offers(demo_store: Store) -> None:
    rows = demo_store.query("hsds_service_offers", {"ids": ["pup-torun.psu", "mopr-torun.zasilki", "nie-ma"]})
    assert rows == [
        {"service_id": "mopr-torun.zasilki", "institution_id": "mopr-torun"},
        {"service_id": "pup-torun.psu", "institution_id": "pup-torun"},
    ]


def test_unfiltered_counts_and_pages(demo_store: Store) -> None:
    assert demo_store.query("hsds_services_count_all") == [{"n": 44}]
    assert demo_store.query("hsds_sal_count_all") == [{"n": 44}]  # every demo institution has an address
    assert ids(demo_store, "hsds_services_page_all", skip=0, limit=5) == [
        "cis-chelmza.reintegracja",
        "cis-torun.reintegracja",
        "cus-lubicz.ipus",
        "cus-lubicz.klub-seniora",
        "dps-torun.dps",
    ]
    page = [r["id"] for r in demo_store.query("hsds_services_page_all", {"skip": 2, "limit": 2})]
    assert page == ["cus-lubicz.ipus", "cus-lubicz.klub-seniora"]
    assert [r["id"] for r in demo_store.query("hsds_sal_page_all", {"skip": 43, "limit": 5})] == ["wup-torun.eures"]
    assert demo_store.query("hsds_organizations_count_all") == [{"n": 34}]
    page = [r["id"] for r in demo_store.query("hsds_organizations_page_all", {"skip": 0, "limit": 3})]
    assert page == ["cis-chelmza", "cis-torun", "cus-lubicz"]


def test_service_filters(demo_store: Store) -> None:
    s = demo_store
    assert ids(s, "hsds_service_ids_of_institution", institution="pup-torun") == [
        "pup-torun.doradztwo",
        "pup-torun.posrednictwo",
        "pup-torun.psu",
        "pup-torun.szkolenia",
    ]
    assert len(ids(s, "hsds_service_ids_in_category", category="praca-socjalna")) == 11
    assert ids(s, "hsds_service_ids_for_group", target_group="seniorzy") == [
        "cus-lubicz.ipus",
        "cus-lubicz.klub-seniora",
        "dps-torun.dps",
        "gops-chelmza.praca-socjalna",
        "gops-czernikowo.praca-socjalna",
        "gops-wielka-nieszawka.praca-socjalna",
        "mopr-torun.uslugi-opiekuncze",
        "mopr-torun.zasilki",
        "ngo-seniorzy.aktywni-seniorzy",
    ]
    # all but the ROPS observatory and the OWES service have a target group
    assert len(ids(s, "hsds_service_ids_with_any_group")) == 42
    assert len(ids(s, "hsds_service_ids_in_taxonomy", taxonomy="kooperacja")) == 44
    assert ids(s, "hsds_service_ids_in_taxonomy", taxonomy="inna") == []
    assert len(ids(s, "hsds_service_ids_modified_since", since=STAMP)) == 44
    assert ids(s, "hsds_service_ids_modified_since", since=STAMP + dt.timedelta(seconds=1)) == []
    assert len(ids(s, "hsds_service_ids_with_location")) == 44
    lubicz = ids(s, "hsds_service_ids_in_territory", teryt="041504")
    assert len(lubicz) == 21 and {i.split(".")[0] for i in lubicz} == LUBICZ_INSTITUTIONS
    assert ids(s, "hsds_service_ids_matching", **BEZROBOTNYCH) == [
        "cis-chelmza.reintegracja",
        "pup-torun.doradztwo",
        "pup-torun.posrednictwo",
        "pup-torun.psu",
        "pup-torun.szkolenia",
    ]


def test_organization_search(demo_store: Store) -> None:
    assert ids(demo_store, "hsds_organization_ids_matching", **INTEGRACJI) == [
        "cis-chelmza",
        "cis-torun",
        "kis-lubicz",
        "kis-torun",
    ]


def test_all_ids(demo_store: Store) -> None:
    assert len(demo_store.query("hsds_all_institution_ids")) == 34
    services = {r["id"] for r in demo_store.query("hsds_all_service_ids")}
    assert len(services) == 44 and "pup-torun.psu" in services
