"""No N+1: a nested GraphQL query makes the same number of store calls for 1 and 100 rows."""

from __future__ import annotations

import pytest
from apitest import gql, make_client

from graph import model as m
from graph.enums import CooperationKind, InstitutionType, PartnershipType
from graph.reference import SERVICE_CATEGORIES, TARGET_GROUPS
from graph.store.protocol import Store
from graph.writer import Batch, write_batch

N = 120

NESTED = """
query($first: Int!) {
  institutions(first: $first) {
    edges { node {
      id name typeLabel
      locatedIn { name parent { name } }
      competences { competence { name } staff }
      services(first: 10) { totalCount edges { node {
        id name categories { id name } targetGroups { id }
        institution { id }
      } } }
      partners(first: 10) { totalCount edges { node {
        ties { kind since }
        partnerships { name }
        institution { id name services(first: 3) { edges { node { id } } } }
      } } }
    } }
  }
}
"""

SEARCH = """
query($first: Int!) {
  searchServices(text: "wsparcie", territory: "0415", first: $first) {
    edges { node { score service { id institution { id name } categories { id } }
                   explanation { summary territory { rule via { name } } } } }
  }
}
"""


def _network(store: Store) -> None:
    b = Batch()
    b.add(
        m.Territory,
        [
            m.Territory(teryt="04", level="voivodeship", name="kujawsko-pomorskie", lat=53.0, lon=18.5),
            m.Territory(teryt="0415", level="powiat", name="toruński", lat=53.0, lon=18.6),
            m.Territory(teryt="041505", level="gmina", name="Łubianka", rodz="2", lat=53.1, lon=18.5),
        ],
    )
    b.add(m.Within, [m.Within(src="0415", dst="04"), m.Within(src="041505", dst="0415")])
    b.add(m.ServiceCategory, [m.ServiceCategory(id=c, name=n, parent=p) for c, n, p in SERVICE_CATEGORIES[:3]])
    b.add(m.TargetGroup, [m.TargetGroup(id=g, name=n) for g, n in TARGET_GROUPS[:2]])
    b.add(m.Competence, [m.Competence(id="praca-socjalna", name="praca socjalna")])
    b.add(m.Partnership, [m.Partnership(id="p-1", name="Partnerstwo testowe", type=PartnershipType.PARTNERSHIP)])
    ids = [f"inst-{n:03d}" for n in range(N)]
    b.add(
        m.Institution,
        [
            m.Institution(
                id=i,
                name=f"Stowarzyszenie numer {n:03d}",
                type=InstitutionType.NGO,
                gmina="041505",
                lat=53.1 + n / 1000,
                lon=18.5,
            )
            for n, i in enumerate(ids)
        ],
    )
    b.add(m.LocatedIn, [m.LocatedIn(src=i, dst="041505") for i in ids])
    b.add(m.Serves, [m.Serves(src=i, dst="0415") for i in ids])
    b.add(m.HasCompetence, [m.HasCompetence(src=i, dst="praca-socjalna", staff=2) for i in ids])
    b.add(m.MemberOf, [m.MemberOf(src=i, dst="p-1") for i in ids[:5]])
    services = [(i, f"{i}.s{k}") for i in ids for k in range(2)]
    b.add(
        m.Service,
        [m.Service(id=s, name=f"Wsparcie nr {k}", description="wsparcie rodzin") for k, (_, s) in enumerate(services)],
    )
    b.add(m.Offers, [m.Offers(src=i, dst=s) for i, s in services])
    b.add(m.InCategory, [m.InCategory(src=s, dst=SERVICE_CATEGORIES[1][0]) for _, s in services])
    b.add(m.ForGroup, [m.ForGroup(src=s, dst=TARGET_GROUPS[0][0]) for _, s in services])
    b.add(
        m.CooperatesWith,
        [
            m.CooperatesWith(src=a, dst=c, kind=CooperationKind.REFERRALS)
            for a, c in zip(ids, ids[1:] + ids[:1], strict=True)
        ],
    )
    write_batch(store, b)


@pytest.mark.parametrize("query", [NESTED, SEARCH], ids=["institutions-services-partners", "search"])
def test_store_calls_do_not_grow_with_rows(store: Store, query: str) -> None:
    _network(store)
    with make_client(store) as client:
        calls = {}
        for first in (1, 100):
            before = store.calls
            body = gql(client, query, {"first": first})
            calls[first] = store.calls - before
            root = next(iter(body["data"].values()))
            assert len(root["edges"]) == first
        assert calls[1] == calls[100], calls
        # one call per batched field (page, loaders), whatever the number of rows
        assert calls[100] <= 15, calls


def test_nested_rows_are_complete(store: Store) -> None:
    _network(store)
    with make_client(store) as client:
        body = gql(client, NESTED, {"first": 100})
    edges = body["data"]["institutions"]["edges"]
    first = edges[0]["node"]
    assert first["id"] == "inst-000"
    assert first["locatedIn"] == {"name": "Łubianka", "parent": {"name": "toruński"}}
    assert first["services"]["totalCount"] == 2
    # inst-000 declared a tie to inst-001 and received one from inst-119; it shares p-1 with inst-001..004
    partners = {p["node"]["institution"]["id"]: p["node"] for p in first["partners"]["edges"]}
    assert first["partners"]["totalCount"] == 5
    assert set(partners) == {"inst-001", "inst-002", "inst-003", "inst-004", "inst-119"}
    assert partners["inst-001"]["ties"] == [{"kind": "REFERRALS", "since": None}]
    assert partners["inst-001"]["partnerships"] == [{"name": "Partnerstwo testowe"}]
    assert partners["inst-119"]["partnerships"] == []
    assert all(len(e["node"]["services"]["edges"]) == 2 for e in edges)
