"""Every model entity round-trips through both stores: write, read back equal."""

from __future__ import annotations

import pytest

from graph import model as m
from graph.writer import Batch, get_nodes, get_rels, graph_counts, write_batch
from tests.samples import sample_nodes, sample_rels


def _batch() -> Batch:
    b = Batch()
    for model, items in sample_nodes().items():
        b.add(model, items)
    for rel, items in sample_rels().items():
        b.add(rel, items)
    return b


def test_samples_cover_every_model() -> None:
    assert set(sample_nodes()) == set(m.NODE_MODELS)
    assert set(sample_rels()) == set(m.REL_MODELS)


def test_every_entity_round_trips(store) -> None:
    write_batch(store, _batch())
    for model, items in sample_nodes().items():
        back = {n.key: n for n in get_nodes(store, model, [i.key for i in items])}
        for item in items:
            assert back[item.key] == item, model.__label__
    for rel, items in sample_rels().items():
        back = {(r.src, r.dst): r for r in get_rels(store, rel, sorted({i.src for i in items}))}
        for item in items:
            assert back[(item.src, item.dst)] == item, rel.__type__


def test_second_write_changes_nothing(store) -> None:
    write_batch(store, _batch())
    before = graph_counts(store)
    report = write_batch(store, _batch())
    assert report.totals.created == 0 and report.totals.updated == 0
    assert report.totals.unchanged == len(_batch())
    assert graph_counts(store) == before


def test_changed_property_is_updated_in_place(store) -> None:
    write_batch(store, _batch())
    service = sample_nodes()[m.Service][0].model_copy(update={"free_places": 0, "keywords": []})
    service = m.Service.model_validate(service.model_dump())
    tie = sample_rels()[m.CooperatesWith][0].model_copy(update={"rating": 2})
    report = write_batch(store, Batch().add(m.Service, [service]).add(m.CooperatesWith, [tie]))
    assert report.per_table["Service"].updated == 1
    assert report.per_table["COOPERATES_WITH"].updated == 1
    assert get_nodes(store, m.Service, ["s-cis"])[0].free_places == 0
    assert get_rels(store, m.CooperatesWith, ["i-ops"])[0].rating == 2
    assert graph_counts(store)["Service"] == 1


@pytest.mark.parametrize("model", m.NODE_MODELS, ids=lambda x: x.__label__)
def test_missing_node_reads_as_nothing(store, model) -> None:
    assert get_nodes(store, model, ["does-not-exist"]) == []
