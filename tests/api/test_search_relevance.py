"""The judged query set (queries/directory/relevance.yaml) on the demo network, on both stores.

Relevance is behaviour, not speed: the set's goals (recall@10 ≥ 0.95, a relevant service in
the top 3 for ≥ 95 % of the queries) are held here; latency is `kooperacja bench search`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ModelValidationError
from graph.store.protocol import Store
from queries.directory import relevance


def test_the_judged_set_is_large_and_well_formed() -> None:
    judged = relevance.load_judged()
    assert len(judged) >= 60
    assert len({q.text for q in judged}) == len(judged)
    assert sum(1 for q in judged if q.territory) >= 2


def test_the_demo_meets_the_relevance_goals(demo_store: Store) -> None:
    outcomes, skipped = relevance.evaluate(demo_store, relevance.load_judged())
    assert len(outcomes) >= 60 and skipped <= 5
    recall = sum(o.recall for o in outcomes) / len(outcomes)
    top3 = sum(o.top3 for o in outcomes) / len(outcomes)
    assert recall >= 0.95, [(o.query.text, o.recall) for o in outcomes if o.recall < 1]
    assert top3 >= 0.95


def test_metrics_are_computed_from_the_ranking(demo_store: Store) -> None:
    judged = [relevance.Judged("praca za granicą", ("id:wup-torun.eures",))]
    [outcome], _ = relevance.evaluate(demo_store, judged)
    assert outcome.ranked[0] == "wup-torun.eures"
    assert (outcome.relevant, outcome.recall, outcome.ndcg, outcome.top3) == (1, 1.0, 1.0, True)
    wrong = [relevance.Judged("praca za granicą", ("id:dps-torun.dps",))]
    [miss], _ = relevance.evaluate(demo_store, wrong)
    assert (miss.recall, miss.ndcg, miss.top3) == (0.0, 0.0, False)


def test_a_malformed_judged_set_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "judged.yaml"
    path.write_text('queries:\n- {text: "a", expect: [grupa:x]}\n- {text: "", expect: [id:x]}\n', encoding="utf-8")
    with pytest.raises(ModelValidationError) as err:
        relevance.load_judged(path)
    assert [loc for loc, _ in err.value.errors] == ["queries[0]", "queries[1]"]
