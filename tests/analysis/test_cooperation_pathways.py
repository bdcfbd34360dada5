"""Declared vs realised cooperation, client pathways and recommendations on hand-built projections."""

from __future__ import annotations

import itertools

import pytest
from gapkit import day, inst, projection

from graph.enums import InstitutionType as T
from queries.analysis.cooperation import compare_declared_realised
from queries.analysis.coverage import check_expectations, coverage_matrix
from queries.analysis.expectations import DEFAULT_EXPECTATIONS
from queries.analysis.pathways import DEFAULT_PATHWAYS, PathwaySpec, Step, funnel
from queries.analysis.privacy import suppress_nested
from queries.analysis.projection import Membership, ReferralInfo, Registration, ServiceInfo, Tie
from queries.analysis.recommend import fill_expectation_gaps, fill_need_gaps, suggest_partners


def _refs(sender: str, receiver: str, n: int, start: int = 0, **kw) -> list[ReferralInfo]:  # type: ignore[no-untyped-def]
    return [
        ReferralInfo(f"r-{sender}-{receiver}-{k}", sender, receiver, f"c-{sender}-{k}", day(start + k), **kw)
        for k in range(n)
    ]


BASE = [
    inst("ops", T.OPS, "041501"),
    inst("pup", T.PUP, "041501", serves=("0415",)),
    inst("cis", T.CIS, "041502"),
    inst("kis", T.KIS, "041502"),
    inst("ngo", T.NGO, "041503"),
]


def test_planted_undeclared_flow_is_found_and_declared_or_partnered_flows_are_not() -> None:
    p = projection(
        BASE,
        ties=[Tie("ops", "cis", "referrals"), Tie("pup", "kis", "agreement"), Tie("ngo", "ops", "information")],
        memberships=[Membership("ops", "pzk", "PZK"), Membership("ngo", "pzk", "PZK")],
        referrals=[*_refs("ops", "cis", 6), *_refs("pup", "cis", 7), *_refs("ngo", "ops", 2), *_refs("kis", "ngo", 1)],
    )
    r = compare_declared_realised(p)
    # pup → cis (7) and kis → ngo (1) have no tie and no partnership; ngo → ops is declared (either direction counts)
    # all flows are suppressed together with their published total (16): the 1 and the 2 are small, together 3 < 5,
    # so the smallest published flow (ops → cis, 6) is hidden too; the 7 stays and sorts first
    assert [(f.sender, f.receiver, f.referrals) for f in r.undeclared] == [("pup", "cis", 7), ("kis", "ngo", None)]
    assert r.flow_counts[("ops", "cis")] is None and r.referrals_total == 16
    assert r.flows == 4 and r.flows_declared == 2 and r.flows_partnership_only == 0
    # the agreement pup–kis carries no referral: unused and expected to carry referrals
    assert [(u.a, u.b, u.expects_referrals) for u in r.unused] == [("kis", "pup", True)]
    assert r.declared_expecting_referrals == 2 and r.used_ties == 1 and r.used_share == 0.5
    assert r.referrals_total == 16


def test_flow_covered_only_by_a_partnership_is_counted_as_such() -> None:
    p = projection(
        BASE,
        memberships=[Membership("pup", "zi", "ZI"), Membership("cis", "zi", "ZI")],
        referrals=_refs("pup", "cis", 5),
    )
    r = compare_declared_realised(p)
    assert r.undeclared == () and r.flows_partnership_only == 1


def test_referrals_outside_the_period_or_drafts_do_not_count() -> None:
    refs = [
        *_refs("pup", "cis", 5),
        ReferralInfo("old", "pup", "kis", "c", day(-40)),
        ReferralInfo("d", "pup", "ngo", "c", day(3), status="draft"),
    ]
    r = compare_declared_realised(projection(BASE, referrals=refs))
    assert [(f.sender, f.receiver, f.referrals) for f in r.undeclared] == [("pup", "cis", 5)]


# ---------------------------------------------------------------- pathways

OPS_CIS_JOB = DEFAULT_PATHWAYS[0]


def test_planted_pathway_gives_the_expected_funnel() -> None:
    # 20 clients start at the OPS; 12 are referred to the CIS 10 days after registering; 6 of them get a job 100 days later
    regs = [Registration(f"c{k:02d}", "ops", day(0)) for k in range(20)]
    refs = []
    for k in range(12):
        outcome = "employed" if k < 6 else ("resigned" if k < 8 else None)
        refs.append(
            ReferralInfo(
                f"r{k}",
                "ops",
                "cis",
                f"c{k:02d}",
                day(10),
                "completed" if outcome else "in-progress",
                outcome=outcome,
                closed_at=day(110) if outcome else None,
            )
        )
    r = funnel(projection(BASE, registrations=regs, referrals=refs), OPS_CIS_JOB)
    assert [(s.label, s.clients) for s in r.steps] == [("OPS/CUS", 20), ("CIS", 12), ("praca", 6)]
    assert [s.share_of_start for s in r.steps] == [1.0, 0.6, 0.3]
    # the 4 still at the CIS are in progress, not drop-outs: 2 of 12 left (both counts small, so hidden)
    assert [s.drop_off for s in r.steps] == [None, None, None]
    assert r.steps[2].in_progress is None and r.steps[2].ended is None
    assert [s.median_days for s in r.steps] == [None, 10.0, 100.0]
    # outcomes of the CIS referral: 6 employed, 2 resigned, 4 without outcome → 2 is suppressed, and one more
    assert r.outcomes["employed"] == 6 and r.outcomes["resigned"] is None and r.outcomes["none"] is None
    assert r.outcome_rates["employed"] == 0.5


def test_steps_must_follow_in_time_and_need_a_referral_received() -> None:
    spec = PathwaySpec(
        "x",
        "PUP → KIS → CIS",
        (Step("PUP", frozenset({T.PUP})), Step("KIS", frozenset({T.KIS})), Step("CIS", frozenset({T.CIS}))),
    )
    refs = []
    for k in range(8):
        c = f"c{k}"
        refs.append(ReferralInfo(f"a{k}", "pup", "kis", c, day(20)))
        # half go on to the CIS after the KIS, half were at the CIS before they came to the KIS
        refs.append(ReferralInfo(f"b{k}", "kis", "cis", c, day(40 if k < 4 else 5)))
    r = funnel(projection(BASE, referrals=refs), spec)
    assert [s.clients for s in r.steps][:2] == [8, 8]
    # only 4 reach the CIS after the KIS: 8 → 4 is a drop of 4 (< 5), so the 4 is hidden
    assert r.steps[2].clients is None


def test_funnel_suppression_never_reveals_a_small_drop() -> None:
    assert suppress_nested([30, 27, 27, 10, 0], k=5) == [30, None, None, 10, 0]
    for counts in ([12, 9, 2], [50, 46, 45, 40], [7, 7, 3]):
        shown = suppress_nested(counts, k=5)
        published = [c for c in shown if c is not None]
        assert all(c == 0 or c >= 5 for c in published)
        assert all(a - b == 0 or a - b >= 5 for a, b in itertools.pairwise(published))


# ---------------------------------------------------------------- recommendations


def test_link_prediction_recommends_the_pair_sharing_clients_with_a_reason() -> None:
    regs = [Registration(f"c{k}", i, day(0)) for k in range(6) for i in ("ops", "ngo")]
    p = projection(BASE, registrations=regs, ties=[Tie("ops", "pup", "agreement")])
    found = {(s.institution, s.partner): s for s in suggest_partners(p, per_institution=1)}
    best = found[("ops", "ngo")]
    assert best.shared_clients == 6 and "wspólnych klientów (6)" in best.reason
    assert "łączą sektory: pomoc społeczna – organizacje pozarządowe" in best.reason
    # already tied pairs are never suggested
    assert ("ops", "pup") not in found and ("pup", "ops") not in found


def test_suggestions_are_deterministic() -> None:
    regs = [Registration(f"c{k}", i, day(0)) for k in range(3) for i in ("ops", "cis", "kis")]
    p = projection(BASE, registrations=regs)
    assert suggest_partners(p) == suggest_partners(p)


def test_gap_fillers_are_the_nearest_institutions_of_the_missing_type() -> None:
    near = inst("sds-near", T.SDS, "041601", lat=53.0, lon=18.7)
    far = inst("sds-far", T.SDS, "041701", lat=53.5, lon=18.6)
    p = projection(BASE, candidates=[near, far])
    checks = check_expectations(p, DEFAULT_EXPECTATIONS)
    fillers = [f for f in fill_expectation_gaps(p, checks) if f.gap == "sds-powiat"]
    assert [f.institution for f in fillers] == ["sds-near", "sds-far"]
    assert fillers[0].km == pytest.approx(6.7, abs=0.1)


def test_need_fillers_point_to_providers_for_the_group() -> None:
    regs = [Registration(f"c{k}", "ngo", day(0), ("bezdomni",)) for k in range(5)]
    p = projection(
        BASE,
        registrations=regs,
        services=[ServiceInfo("s", "cis", groups=("bezdomni",))],
        groups={"bezdomni": "osoby bezdomne"},
    )
    fillers = fill_need_gaps(p, coverage_matrix(p))
    assert [(f.gap, f.teryt, f.institution) for f in fillers] == [("group:bezdomni", "041503", "cis")]
