"""Conformance of the hsds_* named queries: the same hand-checked answers on both stores (demo data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.store.protocol import Store

STAMP = dt.datetime(2026, 1, 15, 9, 0)  # updated_at of every demo service

OFF: dict[str, Any] = {
    "org": "", "category": "", "target_group": "", "taxonomy": "", "any_group": False,
    "use_since": False, "since": dt.datetime(1900, 1, 1), "teryt": "", "with_location": False,
    "use_search": False, "words": [["~"]],
}
# search_words("bezrobotnych"): lemma, folded form, prefix key
BEZROBOTNYCH = [["bezrobotny", "bezrobotnych", "p:bezrob"]]


def _count(store: Store, **changes: Any) -> int:
    return int(store.query("hsds_services_count", {**OFF, **changes})[0]["n"])


def _page(store: Store, skip: int, limit: int, **changes: Any) -> list[str]:
    return [r["id"] for r in store.query("hsds_services_page", {**OFF, **changes, "skip": skip, "limit": limit})]


def test_territory_institutions(demo_store: Store) -> None:
    ids = {r["id"] for r in demo_store.query("hsds_territory_institutions", {"teryt": "041504"})}
    # located in gmina Lubicz, or serving it, powiat 0415 or woj. 04 (importers/demo.py, _INSTITUTIONS)
    assert ids == {
        "cus-lubicz", "kis-lubicz", "ngo-seniorzy", "gkrpa-lubicz", "pcpr-torun", "pup-torun", "wup-torun",
        "rops-torun", "cis-torun", "owes-torun", "oik-torun", "ngo-trzezwosc", "kmp-torun", "kuratorzy-torun",
        "plu-torun",
    }


def test_service_offers(demo_store: Store) -> None:
    rows = demo_store.query("hsds_service_offers", {"ids": ["pup-torun.psu", "mopr-torun.zasilki", "nie-ma"]})
    assert rows == [
        {"service_id": "mopr-torun.zasilki", "institution_id": "mopr-torun"},
        {"service_id": "pup-torun.psu", "institution_id": "pup-torun"},
    ]


def test_services_count_per_filter(demo_store: Store) -> None:
    assert _count(demo_store) == 44
    assert _count(demo_store, teryt="041504") == 21
    assert _count(demo_store, category="praca-socjalna") == 11
    assert _count(demo_store, target_group="seniorzy") == 9
    assert _count(demo_store, any_group=True) == 42  # all but the ROPS observatory and the OWES service
    assert _count(demo_store, taxonomy="kooperacja") == 44
    assert _count(demo_store, taxonomy="inna") == 0
    assert _count(demo_store, org="pup-torun") == 4
    assert _count(demo_store, use_since=True, since=STAMP) == 44
    assert _count(demo_store, use_since=True, since=STAMP + dt.timedelta(seconds=1)) == 0
    assert _count(demo_store, with_location=True) == 44
    assert _count(demo_store, use_search=True, words=BEZROBOTNYCH) == 5
    # filters combine with AND: Lubicz and the target group of seniors
    assert _count(demo_store, teryt="041504", target_group="seniorzy") == 3


def test_services_pages(demo_store: Store) -> None:
    assert _page(demo_store, 0, 5) == [
        "cis-chelmza.reintegracja", "cis-torun.reintegracja", "cus-lubicz.ipus", "cus-lubicz.klub-seniora",
        "dps-torun.dps"]
    assert _page(demo_store, 2, 2) == ["cus-lubicz.ipus", "cus-lubicz.klub-seniora"]
    assert _page(demo_store, 0, 10, use_search=True, words=BEZROBOTNYCH) == [
        "cis-chelmza.reintegracja", "pup-torun.doradztwo", "pup-torun.posrednictwo", "pup-torun.psu",
        "pup-torun.szkolenia"]
    assert _page(demo_store, 0, 10, teryt="041504", target_group="seniorzy") == [
        "cus-lubicz.ipus", "cus-lubicz.klub-seniora", "ngo-seniorzy.aktywni-seniorzy"]
    all_ids = _page(demo_store, 0, 100)
    assert len(all_ids) == 44 and all_ids == sorted(all_ids)


def test_organizations(demo_store: Store) -> None:
    off = {"teryt": "", "use_search": False, "words": [["~"]]}
    integracji = [["integracja", "integracji", "p:integr"]]
    assert demo_store.query("hsds_organizations_count", off) == [{"n": 34}]
    assert demo_store.query("hsds_organizations_count", {**off, "teryt": "0415"}) == [{"n": 24}]
    page = demo_store.query("hsds_organizations_page", {**off, "skip": 0, "limit": 3})
    assert [r["id"] for r in page] == ["cis-chelmza", "cis-torun", "cus-lubicz"]
    found = demo_store.query("hsds_organizations_page", {**off, "use_search": True, "words": integracji,
                                                         "skip": 0, "limit": 50})
    assert [r["id"] for r in found] == ["cis-chelmza", "cis-torun", "kis-lubicz", "kis-torun"]
    both = demo_store.query("hsds_organizations_page", {"teryt": "0415", "use_search": True, "words": integracji,
                                                        "skip": 0, "limit": 50})
    assert [r["id"] for r in both] == ["cis-chelmza", "cis-torun", "kis-lubicz"]


def test_all_ids(demo_store: Store) -> None:
    assert len(demo_store.query("hsds_all_institution_ids")) == 34
    services = {r["id"] for r in demo_store.query("hsds_all_service_ids")}
    assert len(services) == 44 and "pup-torun.psu" in services
