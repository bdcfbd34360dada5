"""Every GraphQL list pages correctly across page boundaries (demo data, both stores).

For each list the whole result is read in one page, then again in pages of 1, 2
and 7 following ``endCursor``; the concatenation must equal the single page,
``totalCount`` must be the same on every page, and ``hasPreviousPage`` /
``hasNextPage`` must be right at both ends.
"""

from __future__ import annotations

from typing import Any

import pytest
from apitest import error_codes, gql
from fastapi.testclient import TestClient

# (name, query with $first/$after, path to the connection, id of a node)
LISTS: list[tuple[str, str, tuple[str, ...], str]] = [
    (
        "searchServices",
        (
            "query($first:Int,$after:String){ c: searchServices(first:$first, after:$after) "
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{service{id}}} } }"
        ),
        ("c",),
        "service.id",
    ),
    (
        "searchServices in a gmina with text",
        (
            'query($first:Int,$after:String){ c: searchServices(text:"pomoc", textMatch: ANY, territory:"041505", '
            "withinKm: 20, first:$first, after:$after) "
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{service{id}}} } }"
        ),
        ("c",),
        "service.id",
    ),
    (
        "institutions",
        (
            "query($first:Int,$after:String){ c: institutions(first:$first, after:$after) "
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{id}} } }"
        ),
        ("c",),
        "id",
    ),
    (
        "institutions in a territory by distance",
        (
            'query($first:Int,$after:String){ c: institutions(filter:{territory:"041505", withinKm: 25}, '
            "sort:{field: DISTANCE}, first:$first, after:$after) "
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{id}} } }"
        ),
        ("c",),
        "id",
    ),
    (
        "competenceHolders",
        (
            'query($first:Int,$after:String){ c: competenceHolders(competence:"praca-socjalna", first:$first, after:$after) '
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{institution{id}}} } }"
        ),
        ("c",),
        "institution.id",
    ),
    (
        "partners",
        (
            'query($first:Int,$after:String){ c: partners(institutionId:"mopr-torun", first:$first, after:$after) '
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{institution{id}}} } }"
        ),
        ("c",),
        "institution.id",
    ),
    (
        "institution.services",
        (
            'query($first:Int,$after:String){ i: institution(id:"pup-torun") { c: services(first:$first, after:$after) '
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{id}} } } }"
        ),
        ("i", "c"),
        "id",
    ),
    (
        "institution.partners",
        (
            'query($first:Int,$after:String){ i: institution(id:"pup-torun") { c: partners(first:$first, after:$after) '
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{institution{id}}} } } }"
        ),
        ("i", "c"),
        "institution.id",
    ),
    (
        "territory.institutionGroups",
        (
            'query($first:Int,$after:String){ t: territory(teryt:"0415") { c: institutionGroups(first:$first, after:$after) '
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{type}} } } }"
        ),
        ("t", "c"),
        "type",
    ),
    (
        "categories",
        (
            "query($first:Int,$after:String){ c: categories(first:$first, after:$after) "
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{id}} } }"
        ),
        ("c",),
        "id",
    ),
    (
        "targetGroups",
        (
            "query($first:Int,$after:String){ c: targetGroups(first:$first, after:$after) "
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{id}} } }"
        ),
        ("c",),
        "id",
    ),
    (
        "competences",
        (
            "query($first:Int,$after:String){ c: competences(first:$first, after:$after) "
            "{ totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{id}} } }"
        ),
        ("c",),
        "id",
    ),
]


def _conn(body: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node: Any = body["data"]
    for key in path:
        node = node[key]
    return node  # type: ignore[no-any-return]


def _key(node: dict[str, Any], dotted: str) -> str:
    value: Any = node
    for part in dotted.split("."):
        value = value[part]
    return str(value)


@pytest.mark.parametrize(("name", "query", "path", "key"), LISTS, ids=[x[0] for x in LISTS])
def test_list_pages_across_boundaries(
    demo_client: TestClient, name: str, query: str, path: tuple[str, ...], key: str
) -> None:
    whole = _conn(gql(demo_client, query, {"first": 100}), path)
    expected = [_key(e["node"], key) for e in whole["edges"]]
    assert len(expected) >= 3, f"{name}: too few rows to test paging"
    assert whole["totalCount"] == len(expected)
    assert len(set(expected)) == len(expected), f"{name}: duplicates"
    assert not whole["pageInfo"]["hasNextPage"] and not whole["pageInfo"]["hasPreviousPage"]
    for size in (1, 2, 7):
        seen: list[str] = []
        after = None
        pages = 0
        while True:
            page = _conn(gql(demo_client, query, {"first": size, "after": after}), path)
            pages += 1
            assert page["totalCount"] == len(expected), f"{name}: totalCount on page {pages}"
            assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
            seen += [_key(e["node"], key) for e in page["edges"]]
            assert len(page["edges"]) <= size
            if not page["pageInfo"]["hasNextPage"]:
                break
            assert len(page["edges"]) == size
            after = page["pageInfo"]["endCursor"]
            assert after == page["edges"][-1]["cursor"]
        assert seen == expected, f"{name}: pages of {size}"
        assert pages == -(-len(expected) // size)


def test_page_size_is_capped_and_cursors_are_checked(demo_client: TestClient) -> None:
    query = "query($first:Int,$after:String){ institutions(first:$first, after:$after){ edges{ node{ id } } } }"
    for first in (0, -1, 101, 100_000_000):
        body = gql(demo_client, query, {"first": first}, expect_errors=True)
        assert error_codes(body) == ["BAD_USER_INPUT"], first
        assert "first" in body["errors"][0]["message"]
    body = gql(demo_client, query, {"first": 5, "after": "nie-kursor"}, expect_errors=True)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    # the default page size is 20
    default = gql(demo_client, "{ institutions { edges { node { id } } } }")
    assert len(default["data"]["institutions"]["edges"]) == 20
    # a cursor past the end gives an empty page, not an error
    from api.graphql.pagination import encode_cursor

    past = gql(demo_client, query, {"first": 5, "after": encode_cursor(500)})
    assert past["data"]["institutions"]["edges"] == []
