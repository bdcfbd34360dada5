"""The search index (SearchKey -INDEXES-> Service): the same on both stores, kept in step with writes.

Facts from importers/demo.py: cis-torun.reintegracja serves "osoby długotrwale bezrobotne"
(a target group: weight 4); plu-torun.terapia is named "Terapia uzależnień" (name: weight 5).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph import model as m
from graph.errors import ModelValidationError
from graph.search import index
from graph.search.thesaurus import load, thesaurus
from graph.store.protocol import Store
from graph.writer import Batch, graph_counts, write_batch
from queries.directory import search, writes
from tests.conftest import load_demo

INDEX_QUERIES = [
    ("search_index_documents", {"ids": ["cis-torun.reintegracja", "plu-torun.terapia"]}),
    ("search_index_groups", {"ids": ["cis-torun.reintegracja"]}),
    ("search_index_categories", {"ids": ["cis-torun.reintegracja", "pcpr-torun.poradnictwo"]}),
    ("search_index_competences", {"ids": ["mopr-torun", "cis-torun"]}),
    ("search_index_services_of", {"ids": ["pup-torun"]}),
    ("search_index_all_services", {}),
    (
        "directory_search_hits",
        {
            "terms": ["bezrobotny", "=dlugotrwale_bezrobotny", "cis"],
            "ids": ["cis-torun.reintegracja", "pup-torun.szkolenia"],
        },
    ),
]


def _sorted(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


def _links(store: Store) -> list[tuple[str, str, int, str]]:
    ids = [r["id"] for r in store.query("search_index_all_services", {})]
    return sorted((r["key"], r["id"], int(r["w"]), r["field"]) for r in store.query("search_index_links", {"ids": ids}))


@pytest.mark.parametrize(("name", "params"), INDEX_QUERIES, ids=[q[0] for q in INDEX_QUERIES])
def test_index_queries_agree_across_stores(demo_stores: dict[str, Store], name: str, params: dict) -> None:
    results = {b: _sorted(s.query(name, params)) for b, s in demo_stores.items()}
    assert results["ladybug"] == results["neo4j"] and results["ladybug"]


def test_index_is_the_same_on_both_stores_and_hand_checked(demo_stores: dict[str, Store]) -> None:
    links = {b: _links(s) for b, s in demo_stores.items()}
    assert links["ladybug"] == links["neo4j"]
    got = {(k, s): (w, f) for k, s, w, f in links["ladybug"]}
    assert got[("=dlugotrwale_bezrobotny", "cis-torun.reintegracja")] == (4, "group")
    assert got[("bezrobotny", "cis-torun.reintegracja")] == (4, "group")
    assert got[("=terapia_uzaleznienie", "plu-torun.terapia")] == (5, "name")
    assert ("osoba", "cis-torun.reintegracja") not in got  # a stop word is not a key
    # every service is indexed
    assert {s for _, s, _, _ in links["ladybug"]} == {
        r["id"] for r in demo_stores["ladybug"].query("search_index_all_services", {})
    }


SAME_QUERIES = [
    ("pomoc dla bezrobotnych", None),
    ("przemoc w rodzinie", "041503"),
    ("narkomania", None),
    ("depresja", None),
    ("praca za granicą", None),
    ("poradnictwo prawne", "0463"),
    ("uzaleznienia", None),
    ("bezdomnosc", "0415"),
    ("dom opieki dla babci", None),
    ("narkomania kolonie", None),
    ("senior", "041504"),
]


@pytest.mark.parametrize(("text", "territory"), SAME_QUERIES)
def test_search_answers_the_same_on_both_stores(
    demo_stores: dict[str, Store], text: str, territory: str | None
) -> None:
    answers = {}
    for backend, store in demo_stores.items():
        scope = search.resolve_scope(store, territory) if territory else None
        query = search.ServiceSearch(text=search.ServiceText.parse(text))
        hits = search.search_services(store, query, 0, 20, scope)
        answers[backend] = (
            [(h.id, round(h.score, 6), h.matched_terms, sorted(map(sorted, h.hits))) for h in hits],
            search.count_services(store, query, scope),
        )
    assert answers["ladybug"] == answers["neo4j"]
    assert answers["ladybug"][1] > 0


def test_reimport_writes_no_index_link(store: Store) -> None:
    load_demo(store)
    before = _links(store)
    counts = graph_counts(store)
    load_demo(store)
    assert _links(store) == before and graph_counts(store) == counts
    ids = [r["id"] for r in store.query("search_index_all_services", {})]
    assert store.write(lambda tx: index.refresh(tx, store.backend, ids)) == 0


def _found(store: Store, text: str) -> set[str]:
    query = search.ServiceSearch(text=search.ServiceText.parse(text))
    return {h.id for h in search.search_services(store, query, 0, 100, None)}


def test_service_edits_move_the_index(store: Store) -> None:
    load_demo(store)
    assert "plu-torun.terapia" not in _found(store, "garncarstwo")
    writes.save_service(store, "plu-torun", "plu-torun.terapia", {"name": "Warsztaty garncarstwa"}, target_groups=[])
    assert "plu-torun.terapia" in _found(store, "garncarstwo")
    links = {(k, f) for k, s, _, f in _links(store) if s == "plu-torun.terapia"}
    assert ("=terapia_uzaleznienie", "name") not in links  # the old name is gone from the index
    assert not any(f == "group" for _, f in links)  # so are the target groups
    # a new service is found at once
    sid = writes.save_service(store, "ngo-bezdomni", None, {"name": "Łaźnia i pralnia"}, target_groups=["bezdomni"])
    assert sid in _found(store, "łaźnia") and sid in _found(store, "bezdomność")


def test_competences_and_profile_reindex_the_institutions_services(store: Store) -> None:
    load_demo(store)
    assert "kis-lubicz.kis" not in _found(store, "mediacje")
    writes.set_competences(store, "kis-lubicz", [("mediacje", 1)])
    assert "kis-lubicz.kis" in _found(store, "mediacje")
    writes.update_institution_profile(store, "kis-lubicz", {"name": "Klub Integracji Społecznej Słoneczko"})
    assert "kis-lubicz.kis" in _found(store, "słoneczko")


def test_the_batch_writer_indexes_a_new_target_group(store: Store) -> None:
    load_demo(store)
    assert "dps-torun.dps" not in _found(store, "uchodźcy")
    write_batch(store, Batch().add(m.ForGroup, [m.ForGroup(src="dps-torun.dps", dst="uchodzcy")]))
    assert "dps-torun.dps" in _found(store, "uchodźcy")


# ------------------------------------------------------------------ thesaurus data


def test_thesaurus_is_reviewed_data_of_at_least_sixty_concepts() -> None:
    th = thesaurus()
    assert len(th.concepts) >= 60
    for concept in th.concepts.values():
        assert len(concept.terms) >= 2 and len(concept.rationale) > 20, concept.id
        assert all(concept.phrases), concept.id
    assert th.by_phrase[("przemoc", "rodzina")] == ("przemoc-domowa",)
    assert "eures" in th.vocabulary


def test_a_broken_thesaurus_names_the_entry_and_field(tmp_path: Path) -> None:
    bad = {
        "concepts": [
            {"id": "a", "terms": ["jeden", "dwa"], "rationale": "źródło: ustawa"},
            {"id": "a", "terms": ["w i z"], "rationale": ""},
        ]
    }
    path = tmp_path / "thesaurus.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ModelValidationError) as err:
        load(path)
    fields = dict(err.value.errors)
    assert set(fields) == {"concepts[1].id", "concepts[1].terms", "concepts[1].rationale"}
    assert "powtórzony" in fields["concepts[1].id"]
