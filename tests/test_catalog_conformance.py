"""Named queries: same result on both stores over the demo graph, and hand-checked.

Every catalogue entry must be exercised by some test (a name that appears in no
test file fails :func:`test_every_named_query_is_tested`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.catalog import Catalog, catalog
from graph.errors import UnknownQueryError

TESTS = Path(__file__).parent

CASES = {
    "institution_by_id": (
        {"id": "gops-lubianka"},
        lambda rows: rows[0]["gmina"] == "041505" and rows[0]["type"] == "OPS",
    ),
    "territory_ancestors": ({"teryt": "041505"}, lambda rows: [r["teryt"] for r in rows] == ["0415", "04"]),
    "competent_institutions": (
        {"teryt": "041505"},
        lambda rows: (
            {r["id"] for r in rows} >= {"gops-lubianka", "pcpr-torun", "pup-torun", "rops-torun", "wup-torun"}
            and "cis-torun" not in {r["id"] for r in rows}
            and "mopr-torun" not in {r["id"] for r in rows}
        ),
    ),
    "institution_type_counts": ({}, lambda rows: {r["type"]: r["n"] for r in rows}["OPS"] == 9),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_core_queries_agree_across_stores(demo_stores, name) -> None:
    params, check = CASES[name]
    results = {b: s.query(name, params) for b, s in demo_stores.items()}
    assert results["ladybug"] == results["neo4j"]
    assert check(results["ladybug"]), results["ladybug"]


def test_every_named_query_is_tested() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("*.py"))
    untested = [n for n in catalog().names() if f'"{n}"' not in sources and f"'{n}'" not in sources]
    assert untested == []


def test_catalogue_rejects_unknown_names() -> None:
    with pytest.raises(UnknownQueryError):
        catalog().statement("no_such_query", "ladybug")


def test_backend_variant_wins_over_portable_text() -> None:
    cat = Catalog()
    assert "substring(g.teryt, 1, 4)" in cat.statement("competent_institutions", "ladybug").text
    assert "substring(g.teryt, 0, 4)" in cat.statement("competent_institutions", "neo4j").text


def test_query_text_is_pinned() -> None:
    # The catalogue is code: changing a query's text must be a deliberate act.
    text = catalog().statement("territory_ancestors", "neo4j").text
    assert "MATCH (g:Territory {teryt: $teryt})-[:WITHIN*1..2]->(t:Territory)" in text
    assert catalog().statement("territory_ancestors", "neo4j").params == frozenset({"teryt"})
