"""Mutations of an institution's own entries: validated, atomic, admin token only (both stores)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from apitest import ADMIN_TOKEN, error_codes, gql, make_client
from fastapi.testclient import TestClient

from graph import model as m
from graph.store.protocol import Store
from graph.writer import get_node, get_rels, graph_counts, write_batch
from importers.demo import demo_batch, reference_batch


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    write_batch(store, reference_batch())
    write_batch(store, demo_batch())
    with make_client(store) as c:
        yield c


def admin(client: TestClient, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return gql(client, query, variables, token=ADMIN_TOKEN, **kw)


PROFILE = """
mutation($id: ID!, $p: InstitutionProfileInput!) {
  updateInstitutionProfile(institutionId: $id, profile: $p) { id name phone postalCode www description }
}
"""

SAVE = """
mutation($id: ID!, $s: ServiceInput!) {
  saveService(institutionId: $id, service: $s) {
    id name status freePlaces capacity categories { id } targetGroups { id } institution { id }
  }
}
"""


def test_update_profile_changes_only_given_fields_and_reindexes(client: TestClient, store: Store) -> None:
    before = get_node(store, m.Institution, "gops-lubianka")
    body = admin(
        client,
        PROFILE,
        {
            "id": "gops-lubianka",
            "p": {"phone": "56 000 11 22", "www": None, "description": "Pomoc dla seniorów i opiekunów"},
        },
    )
    got = body["data"]["updateInstitutionProfile"]
    assert got["phone"] == "56 000 11 22" and got["www"] is None and got["name"] == before.name
    after = get_node(store, m.Institution, "gops-lubianka")
    assert after.postal_code == before.postal_code and after.updated_at is not None
    assert "senior" in after.keywords and "opiekun" in after.keywords  # keywords follow the new text
    found = gql(client, '{ searchServices(text: "opiekunów", territory: "041505") { totalCount } }')
    assert found["data"]["searchServices"]["totalCount"] == 1


def test_profile_validation_names_the_field_in_polish(client: TestClient, store: Store) -> None:
    before = get_node(store, m.Institution, "gops-lubianka")
    body = admin(
        client, PROFILE, {"id": "gops-lubianka", "p": {"postalCode": "87100", "lat": 123.0}}, expect_errors=True
    )
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    fields = {f["field"]: f["message"] for f in error["extensions"]["fields"]}
    assert fields == {"postalCode": "niepoprawny format", "lat": "wartość za duża"}
    assert get_node(store, m.Institution, "gops-lubianka") == before
    missing = admin(client, PROFILE, {"id": "nie-ma", "p": {"phone": "1"}}, expect_errors=True)
    assert error_codes(missing) == ["NOT_FOUND"]


def test_create_and_change_a_service(client: TestClient, store: Store) -> None:
    counts = graph_counts(store)
    created = admin(
        client,
        SAVE,
        {
            "id": "gops-lubianka",
            "s": {
                "name": "Klub wsparcia opiekunów",
                "capacity": 12,
                "freePlaces": 4,
                "categories": ["wsparcie-dzienne"],
                "targetGroups": ["seniorzy", "niepelnosprawni"],
            },
        },
    )
    svc = created["data"]["saveService"]
    assert svc["institution"] == {"id": "gops-lubianka"} and svc["status"] == "ACTIVE"
    assert {g["id"] for g in svc["targetGroups"]} == {"seniorzy", "niepelnosprawni"}
    after = graph_counts(store)
    assert after["Service"] == counts["Service"] + 1 and after["OFFERS"] == counts["OFFERS"] + 1
    # change: replace categories, clear free places, close temporarily
    changed = admin(
        client,
        SAVE,
        {
            "id": "gops-lubianka",
            "s": {
                "id": svc["id"],
                "status": "TEMPORARILY_CLOSED",
                "freePlaces": None,
                "categories": ["aktywizacja-seniorow"],
            },
        },
    )
    got = changed["data"]["saveService"]
    assert got["status"] == "TEMPORARILY_CLOSED" and got["freePlaces"] is None and got["capacity"] == 12
    assert got["categories"] == [{"id": "aktywizacja-seniorow"}] and len(got["targetGroups"]) == 2
    assert [r.dst for r in get_rels(store, m.InCategory, [svc["id"]])] == ["aktywizacja-seniorow"]
    found = gql(client, '{ searchServices(text: "opiekunowie", territory: "041505", openOnly: true) { totalCount } }')
    assert found["data"]["searchServices"]["totalCount"] == 0


def test_service_writes_are_atomic_and_owned(client: TestClient, store: Store) -> None:
    counts = graph_counts(store)
    bad = admin(
        client,
        SAVE,
        {"id": "gops-lubianka", "s": {"name": "X", "categories": ["praca-socjalna", "nie-ma-takiej"]}},
        expect_errors=True,
    )
    assert bad["errors"][0]["extensions"]["fields"] == [
        {"field": "categories[1]", "message": "nieznany identyfikator 'nie-ma-takiej'"}
    ]
    assert graph_counts(store) == counts
    over = admin(
        client, SAVE, {"id": "pup-torun", "s": {"id": "pup-torun.szkolenia", "freePlaces": 500}}, expect_errors=True
    )
    assert over["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "wolnych miejsc" in over["errors"][0]["message"]
    no_name = admin(client, SAVE, {"id": "gops-lubianka", "s": {"capacity": 3}}, expect_errors=True)
    assert no_name["errors"][0]["extensions"]["fields"] == [{"field": "name", "message": "pole wymagane"}]
    # another institution's service: the same answer as a missing one
    other = admin(
        client,
        SAVE,
        {"id": "gops-lubianka", "s": {"id": "pup-torun.szkolenia", "name": "Przejęta"}},
        expect_errors=True,
    )
    missing = admin(
        client, SAVE, {"id": "gops-lubianka", "s": {"id": "nie-ma", "name": "Przejęta"}}, expect_errors=True
    )
    assert error_codes(other) == error_codes(missing) == ["NOT_FOUND"]
    assert get_node(store, m.Service, "pup-torun.szkolenia").name == "Szkolenia dla bezrobotnych"
    assert graph_counts(store) == counts


def test_capacity_competences_and_ties(client: TestClient, store: Store) -> None:
    cap = admin(
        client,
        """mutation { setServiceCapacity(institutionId: "pup-torun", serviceId: "pup-torun.psu",
                              capacity: 60, freePlaces: 5) { capacity freePlaces isOpen } }""",
    )
    assert cap["data"]["setServiceCapacity"] == {"capacity": 60, "freePlaces": 5, "isOpen": True}
    comp = admin(
        client,
        """mutation { setInstitutionCompetences(institutionId: "gops-lubianka",
        competences: [{competenceId: "praca-socjalna", staff: 4}, {competenceId: "mediacje"}]) {
        competences { competence { id } staff } } }""",
    )
    assert comp["data"]["setInstitutionCompetences"]["competences"] == [
        {"competence": {"id": "mediacje"}, "staff": 1},
        {"competence": {"id": "praca-socjalna"}, "staff": 4},
    ]
    bad = admin(
        client,
        """mutation { setInstitutionCompetences(institutionId: "gops-lubianka",
        competences: [{competenceId: "mediacje", staff: -2}]) { id } }""",
        expect_errors=True,
    )
    assert bad["errors"][0]["extensions"]["fields"] == [{"field": "competences[0].staff", "message": "wartość za mała"}]
    tie = admin(
        client,
        """mutation { declareCooperation(institutionId: "gops-lubianka", partnerId: "pup-torun",
        kind: REFERRALS, since: "2024-02-01", rating: 3) { partners { edges { node { institution { id } ties { direction kind since rating } } } } } }""",
    )
    partners = tie["data"]["declareCooperation"]["partners"]["edges"]
    assert partners == [
        {
            "node": {
                "institution": {"id": "pup-torun"},
                "ties": [
                    {"direction": "DECLARED_BY_INSTITUTION", "kind": "REFERRALS", "since": "2024-02-01", "rating": 3}
                ],
            }
        }
    ]
    again = admin(
        client,
        """mutation { declareCooperation(institutionId: "gops-lubianka", partnerId: "pup-torun",
        kind: AGREEMENT) { id } }""",
    )
    assert again["data"]["declareCooperation"]["id"] == "gops-lubianka"
    assert [(r.dst, r.kind.value) for r in get_rels(store, m.CooperatesWith, ["gops-lubianka"])] == [
        ("pup-torun", "agreement")
    ]
    self_tie = admin(
        client,
        """mutation { declareCooperation(institutionId: "gops-lubianka", partnerId: "gops-lubianka")
        { id } }""",
        expect_errors=True,
    )
    assert "sama ze sobą" in self_tie["errors"][0]["message"]
    removed = admin(client, 'mutation { withdrawCooperation(institutionId: "gops-lubianka", partnerId: "pup-torun") }')
    assert removed["data"]["withdrawCooperation"] is True
    assert get_rels(store, m.CooperatesWith, ["gops-lubianka"]) == []
    again_removed = admin(
        client, 'mutation { withdrawCooperation(institutionId: "gops-lubianka", partnerId: "pup-torun") }'
    )
    assert again_removed["data"]["withdrawCooperation"] is False
