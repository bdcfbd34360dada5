"""Projection from real stores (both backends): planted answers, bounded queries, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from gapkit import PLANTED_CLIENTS

from graph.store.protocol import Store
from queries.analysis.cooperation import compare_declared_realised
from queries.analysis.coverage import check_expectations
from queries.analysis.expectations import DEFAULT_EXPECTATIONS
from queries.analysis.pathways import DEFAULT_PATHWAYS, funnel
from queries.analysis.projection import PROJECTION_QUERIES, AnalysisInputError, Period, project

YEAR = Period.parse("2025")


def test_planted_gap_unused_tie_and_undeclared_flow_are_found(planted_store: Store) -> None:
    p = project(planted_store, "9901", YEAR)
    assert sorted(p.institutions) == ["t-cis", "t-ngo", "t-ops-a", "t-ops-b", "t-pup"]
    assert p.gminas == ["990101", "990102", "990103"]
    checks = {(c.expectation, c.teryt): c for c in check_expectations(p, DEFAULT_EXPECTATIONS)}
    assert checks[("ops-gmina", "990103")].met is False
    assert checks[("ops-gmina", "990101")].via == ("t-ops-a",)
    assert checks[("pup-powiat", "9901")].met is True
    coop = compare_declared_realised(p)
    assert [(f.sender, f.receiver, f.referrals) for f in coop.undeclared] == [("t-ops-a", "t-cis", PLANTED_CLIENTS)]
    assert [(u.a, u.b) for u in coop.unused] == [("t-ops-a", "t-pup")]
    path = funnel(p, DEFAULT_PATHWAYS[0])
    assert [s.clients for s in path.steps] == [PLANTED_CLIENTS, PLANTED_CLIENTS, PLANTED_CLIENTS]
    assert path.steps[2].median_days == 90.0


def test_projection_uses_a_fixed_number_of_queries_whatever_the_territory(demo_store: Store) -> None:
    seen = set()
    for teryt in ("046301", "0415", "0463", "04", "PL"):
        before = demo_store.calls
        p = project(demo_store, teryt, YEAR)
        assert demo_store.calls - before == len(PROJECTION_QUERIES) == p.queries
        seen.add(len(p.institutions))
    assert len(seen) > 1  # the territories differ in size, the query count does not


def test_demo_projection_by_hand(demo_store: Store) -> None:
    p = project(demo_store, "0415", YEAR)
    located = {
        "mops-chelmza",
        "gops-chelmza",
        "gops-czernikowo",
        "cus-lubicz",
        "gops-lubianka",
        "gops-lysomice",
        "gops-obrowo",
        "gops-wielka-nieszawka",
        "gops-zlawies",
        "cis-chelmza",
        "kis-lubicz",
        "ngo-seniorzy",
        "gkrpa-lubicz",
    }
    serving = {
        "pcpr-torun",
        "pup-torun",
        "wup-torun",
        "rops-torun",
        "cis-torun",
        "owes-torun",
        "oik-torun",
        "ngo-trzezwosc",
        "kmp-torun",
        "kuratorzy-torun",
        "plu-torun",
    }
    assert set(p.institutions) == located | serving
    assert {i for i, x in p.institutions.items() if x.located} == located
    assert p.declared.number_of_edges() == 18
    assert p.partnership.has_edge("cus-lubicz", "gkrpa-lubicz") and p.partnership.has_edge("pup-torun", "cis-torun")
    assert p.partnership.edges["kmp-torun", "pcpr-torun"]["weight"] == 1
    assert p.root.name == "toruński" and p.units["04"].in_territory is False


def test_errors_name_the_problem(demo_store: Store) -> None:
    with pytest.raises(AnalysisInputError, match="TERYT 9999"):
        project(demo_store, "9999", YEAR)
    with pytest.raises(AnalysisInputError, match="2, 4 albo 6 cyfr"):
        project(demo_store, "041", YEAR)
    with pytest.raises(AnalysisInputError, match="pełne miesiące"):
        project(demo_store, "0415", Period(dt.date(2025, 1, 1), dt.date(2025, 1, 15)))
    with pytest.raises(AnalysisInputError, match="RRRR-MM-DD"):
        Period.parse("2025-13-01:2025-12-31")
    with pytest.raises(AnalysisInputError, match="wcześniejszy"):
        Period.parse("2025-12-01:2025-01-31")
