"""The HSDS REST API over the demo on both stores: shapes validate, filters, pages, bounded round-trips."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import SecurityConfig
from graph.config import Settings
from graph.store.protocol import Store
from importers.hsds import profile as pf
from importers.hsds.validate import SchemaSet

TOKEN = "hsds-test-token-91c2"


def _client(store: Store, public: bool = True) -> TestClient:
    app = create_app(
        Settings(graph="(test store)", env="test"),
        store=store,
        security=SecurityConfig(admin_token=TOKEN, public_directory=public),
    )
    return TestClient(app)


@pytest.fixture
def client(demo_store: Store) -> Iterator[TestClient]:
    with _client(demo_store) as c:
        yield c


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    return response.json()


def page(client: TestClient, schemas: SchemaSet, url: str, kind: str) -> dict[str, Any]:
    body = get(client, url)
    assert schemas.errors("page", body) == []
    for item in body["contents"]:
        assert schemas.errors(kind, item) == [], (url, item.get("id"))
    assert body["size"] == len(body["contents"])
    return body


def test_meta_and_profile(client: TestClient) -> None:
    meta = get(client, "/hsds/")
    assert meta["version"] == "3.0"
    assert meta["openapi_url"].endswith("/openapi.json")
    profile = client.get(meta["profile"])
    assert profile.status_code == 200 and "Polish profile" in profile.text


def test_services_paginate_across_pages(client: TestClient, schemas: SchemaSet) -> None:
    seen: list[str] = []
    for number in range(1, 6):
        body = page(client, schemas, f"/hsds/services?per_page=10&page={number}", "service_list")
        assert (body["total_items"], body["total_pages"], body["page_number"]) == (44, 5, number)
        assert body["first_page"] is (number == 1) and body["last_page"] is (number == 5)
        seen += [s["id"] for s in body["contents"]]
    assert len(seen) == len(set(seen)) == 44
    beyond = page(client, schemas, "/hsds/services?per_page=10&page=6", "service_list")
    assert beyond["empty"] is True and beyond["size"] == 0 and beyond["last_page"] is True


def test_every_service_validates_in_full(client: TestClient, schemas: SchemaSet) -> None:
    body = page(client, schemas, "/hsds/services?per_page=100&full=true", "service")
    assert body["size"] == 44
    one = body["contents"][0]
    assert get(client, f"/hsds/services/{one['id']}") == one
    psu = get(client, f"/hsds/services/{pf.hsds_id('Service', 'pup-torun.psu')}")
    assert psu["name"] == "Prace społecznie użyteczne" and psu["organization"]["name"].startswith("Powiatowy Urząd")
    assert [a["uri"] for a in psu["service_areas"]] == ["urn:teryt:powiat:0415", "urn:teryt:powiat:0463"]
    # the Kooperacja id is accepted as a convenience
    assert get(client, "/hsds/services/pup-torun.psu")["id"] == psu["id"]


def test_service_filters(client: TestClient, schemas: SchemaSet) -> None:
    def total(query: str) -> int:
        return int(page(client, schemas, f"/hsds/services?per_page=100&{query}", "service_list")["total_items"])

    terms = get(client, "/hsds/taxonomy_terms?per_page=500")["contents"]
    term = {t.get("code"): t["id"] for t in terms}
    pup = pf.hsds_id("Institution", "pup-torun")
    assert total("search=bezrobotnych") == 5
    assert total(f"taxonomy_term_id={term['praca-socjalna']}") == 11
    assert total(f"taxonomy_term_id={term['seniorzy']}") == 9
    assert total(f"taxonomy_id={pf.taxonomy_id(pf.TAXONOMY_GROUPS)}") == 42
    assert total(f"taxonomy_id={pf.taxonomy_id(pf.TAXONOMY_TYPES)}") == 0
    assert total(f"organization_id={pup}") == 4
    assert total("organization_id=pup-torun") == 4
    assert total("organization_id=00000000-0000-4000-8000-000000000000") == 0
    assert total("teryt=041504") == 21
    assert total(f"teryt=041504&taxonomy_term_id={term['seniorzy']}") == 3
    assert total("modified_after=2026-01-15T09:00:00Z") == 44
    assert total("modified_after=2026-01-15T10:00:00%2B01:00") == 44
    assert total("modified_after=2026-01-15T09:00:01Z") == 0
    assert "ISO 8601" in get(client, "/hsds/services?modified_after=wczoraj", 422)["detail"]
    get(client, "/hsds/services?teryt=12a", 422)
    get(client, "/hsds/services?per_page=501", 422)
    assert get(client, "/hsds/services?format=ndjson", 400)["detail"] == "Obsługiwany jest tylko format json."


def test_organizations(client: TestClient, schemas: SchemaSet) -> None:
    body = page(client, schemas, "/hsds/organizations?per_page=100", "organization_list")
    assert body["total_items"] == 34
    full = page(client, schemas, "/hsds/organizations?per_page=100&full=true", "organization")
    by_name = {o["name"]: o for o in full["contents"]}
    pup = by_name["Powiatowy Urząd Pracy dla Miasta Torunia"]
    assert len(pup["services"]) == 4
    assert pup["locations"][0]["external_identifier"] == "046301"
    assert pup["locations"][0]["external_identifier_type"] == "TERYT"
    one = get(client, f"/hsds/organizations/{pup['id']}?full_service=true")
    assert schemas.errors("organization", one) == []
    assert {s["id"] for s in one["services"]} == {s["id"] for s in pup["services"]}
    assert "service_areas" in one["services"][0]
    lubicz = page(client, schemas, "/hsds/organizations?per_page=100&teryt=0415&search=integracji", "organization_list")
    assert sorted(o["name"] for o in lubicz["contents"]) == [
        "Centrum Integracji Społecznej w Chełmży",
        "Centrum Integracji Społecznej w Toruniu",
        "Klub Integracji Społecznej w Lubiczu",
    ]
    get(client, "/hsds/organizations/00000000-0000-4000-8000-000000000000", 404)


def test_taxonomies_and_terms(client: TestClient, schemas: SchemaSet) -> None:
    taxonomies = page(client, schemas, "/hsds/taxonomies", "taxonomy")
    assert sorted(t["name"] for t in taxonomies["contents"]) == sorted(pf.PROFILE_TAXONOMIES)
    kooperacja = pf.taxonomy_id(pf.TAXONOMY_CATEGORIES)
    assert get(client, f"/hsds/taxonomies/{kooperacja}")["name"] == "kooperacja"
    cats = page(client, schemas, f"/hsds/taxonomy_terms?per_page=500&taxonomy_id={kooperacja}", "taxonomy_term")
    assert cats["total_items"] == 33
    top = page(client, schemas, f"/hsds/taxonomy_terms?taxonomy_id={kooperacja}&top_only=true", "taxonomy_term")
    assert top["total_items"] == 7
    parent = pf.hsds_id("ServiceCategory", "pomoc-spoleczna")
    children = page(client, schemas, f"/hsds/taxonomy_terms?parent_id={parent}", "taxonomy_term")
    assert children["total_items"] == 10
    found = page(client, schemas, "/hsds/taxonomy_terms?search=poradnictwo", "taxonomy_term")
    assert sorted(t["code"] for t in found["contents"]) == [
        "poradnictwo",
        "poradnictwo-prawne",
        "poradnictwo-psychologiczne",
        "poradnictwo-rodzinne",
    ]
    term = get(client, f"/hsds/taxonomy_terms/{parent}")
    assert schemas.errors("taxonomy_term", term) == [] and term["taxonomy_detail"]["id"] == kooperacja
    get(client, "/hsds/taxonomy_terms/00000000-0000-4000-8000-000000000000", 404)


def test_service_at_locations(client: TestClient, schemas: SchemaSet) -> None:
    body = page(client, schemas, "/hsds/service_at_locations?per_page=100", "service_at_location_list")
    assert body["total_items"] == 44
    full = page(client, schemas, "/hsds/service_at_locations?per_page=5&full=true&teryt=041504", "service_at_location")
    assert full["total_items"] == 21
    sal = body["contents"][0]
    one = get(client, f"/hsds/service_at_locations/{sal['id']}")
    assert schemas.errors("service_at_location", one) == [] and one["service"]["id"] == sal["service_id"]
    get(client, "/hsds/service_at_locations/00000000-0000-4000-8000-000000000000", 404)
    get(client, "/hsds/service_at_locations?postcode=87-100", 400)


def test_round_trips_do_not_grow_with_the_page(client: TestClient, demo_store: Store) -> None:
    def calls(url: str) -> int:
        get(client, url)  # warm the id resolver
        before = demo_store.calls
        get(client, url)
        return demo_store.calls - before

    for url in (
        "/hsds/services?per_page={n}&full=true",
        "/hsds/organizations?per_page={n}&full_service=true",
        "/hsds/service_at_locations?per_page={n}&full=true",
    ):
        one, many = calls(url.format(n=1)), calls(url.format(n=40))
        assert one == many <= 16, url
    assert calls(f"/hsds/services/{pf.hsds_id('Service', 'pup-torun.psu')}") <= 14


def test_public_directory_switch(demo_store: Store) -> None:
    with _client(demo_store, public=False) as closed:
        assert closed.get("/hsds/services").status_code == 401
        assert closed.get("/hsds/services", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    with _client(demo_store, public=True) as open_:
        assert open_.get("/hsds/services").status_code == 200


def test_openapi_lists_the_hsds_paths(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    paths = {p for p in spec["paths"] if p.startswith("/hsds")}
    assert {
        "/hsds/",
        "/hsds/services",
        "/hsds/services/{id}",
        "/hsds/organizations",
        "/hsds/organizations/{id}",
        "/hsds/taxonomies",
        "/hsds/taxonomy_terms",
        "/hsds/service_at_locations",
    } <= paths
    params = {p["name"] for p in spec["paths"]["/hsds/services"]["get"]["parameters"]}
    assert {"search", "taxonomy_term_id", "organization_id", "modified_after", "page", "per_page", "teryt"} <= params
