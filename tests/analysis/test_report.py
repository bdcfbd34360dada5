"""The whole report: identical for the same seed, identical on both stores, and privacy-safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gapkit import load_demo_into

from graph.store.ladybug_store import LadybugStore
from graph.store.protocol import Store
from queries.analysis import privacy
from queries.analysis.projection import Period
from queries.analysis.report import build_report

YEAR = Period.parse("2025")


@pytest.fixture(scope="module")
def fresh_ladybug_demo(tmp_path_factory: pytest.TempPathFactory) -> LadybugStore:
    """An independent LadybugDB copy of the demo, loaded separately from the shared ``demo_store``."""
    s = LadybugStore(tmp_path_factory.mktemp("demo-fresh") / "db")
    s.init_schema()
    load_demo_into(s)
    return s


def _dump(store: Store, teryt: str, seed: int = 0) -> str:
    report = build_report(store, teryt, YEAR, compare=Period.parse("2024"), seed=seed)
    return json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("teryt", ["0415", "04"])
def test_report_is_identical_across_stores_and_runs(
    demo_store: Store, fresh_ladybug_demo: LadybugStore, teryt: str
) -> None:
    # on the neo4j half this compares Neo4j with LadybugDB; on the ladybug half two separately loaded databases
    here = _dump(demo_store, teryt)
    assert here == _dump(fresh_ladybug_demo, teryt)
    assert here == _dump(demo_store, teryt)


def test_seed_is_recorded_and_results_are_stable_per_seed(fresh_ladybug_demo: LadybugStore) -> None:
    a = build_report(fresh_ladybug_demo, "04", YEAR, seed=7)
    b = build_report(fresh_ladybug_demo, "04", YEAR, seed=7)
    assert a.to_dict() == b.to_dict()
    assert a.parameters["seed"] == 7 and a.structure["all"].communities.seed == 7


def test_report_leaks_no_client_ids_and_no_small_counts(fresh_ladybug_demo: LadybugStore) -> None:
    report = build_report(fresh_ladybug_demo, "04", YEAR)
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert "cl-" not in text and "rf-" not in text and "pl-" not in text
    k = privacy.threshold()
    for pw in report.pathways:
        for s in pw.steps:
            assert s.clients is None or s.clients == 0 or s.clients >= k
        for n in pw.outcomes.values():
            assert n is None or n == 0 or n >= k
    for f in report.cooperation.undeclared:
        assert f.referrals is None or f.referrals >= k
    for row in report.coverage.rows:
        for d in row.demand or ():
            assert d is None or d == 0 or d >= k


def test_demo_diagnosis_of_powiat_torunski(fresh_ladybug_demo: LadybugStore) -> None:
    """Findings a coordinator can verify against the demo definitions by hand."""
    r = build_report(fresh_ladybug_demo, "0415", YEAR)
    gaps = {(g.expectation, g.teryt) for g in r.gaps}
    # the only ŚDS serves the city of Toruń (0463), not powiat toruński
    assert ("sds-powiat", "0415") in gaps
    # KIS Lubicz serves Lubicz and Obrowo; no other gmina of the powiat has a KIS nor a tie of its OPS to one
    assert {t for e, t in gaps if e == "kis-gmina"} == {
        "041501",
        "041502",
        "041503",
        "041505",
        "041506",
        "041508",
        "041509",
    }
    # four GOPS have no tie, partnership or referral at all
    assert r.structure["all"].cohesion.isolates == (
        "gops-czernikowo",
        "gops-lubianka",
        "gops-wielka-nieszawka",
        "gops-zlawies",
    )
    # the agreement PUP – GOPS Łysomice carries no referral
    assert any({u.a, u.b} == {"gops-lysomice", "pup-torun"} for u in r.cooperation.unused)


def test_to_dict_is_json_serialisable(tmp_path: Path, fresh_ladybug_demo: LadybugStore) -> None:
    report = build_report(fresh_ladybug_demo, "046301", YEAR)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["teryt"] == "046301" and data["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
