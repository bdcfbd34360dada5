"""Conformance of the ``partnerships_*`` named queries on both stores (expected values from what the test wrote)."""

from __future__ import annotations

import datetime as dt

from graph import model as m
from graph.enums import MembershipStatus, PartnershipType, TaskStatus
from graph.store.protocol import Store
from graph.writer import Batch, write_batch


def _seed(store: Store) -> None:
    batch = Batch()
    batch.add(
        m.Partnership,
        [
            m.Partnership(
                id="pz",
                name="PZK",
                type=PartnershipType.TASK_TEAM,
                coordinator="cus-lubicz",
                founding_document="Zarządzenie 5/2025",
                signed=dt.date(2025, 1, 2),
            )
        ],
    )
    batch.add(
        m.MemberOf,
        [
            m.MemberOf(src="cus-lubicz", dst="pz", role="koordynator", since=dt.date(2025, 1, 2)),
            m.MemberOf(src="pup-torun", dst="pz", status=MembershipStatus.INVITED),
        ],
    )
    batch.add(
        m.Meeting,
        [
            m.Meeting(id="mt1", partnership="pz", held_on=dt.date(2025, 2, 1), attendees=["cus-lubicz"], agenda="A"),
            m.Meeting(id="mt2", partnership="pz", held_on=dt.date(2025, 5, 1), agenda="B"),
        ],
    )
    batch.add(
        m.PlanTask,
        [
            m.PlanTask(
                id="t1",
                partnership="pz",
                goal="G",
                title="T",
                responsible="cus-lubicz",
                due=dt.date(2025, 3, 1),
                status=TaskStatus.IN_PROGRESS,
            )
        ],
    )
    batch.add(m.SurveyRound, [m.SurveyRound(id="pz@2025-03-01", partnership="pz", opened_on=dt.date(2025, 3, 1))])
    batch.add(
        m.PartnerRating,
        [
            m.PartnerRating(
                id="r1",
                partnership="pz",
                round="pz@2025-03-01",
                rater="cus-lubicz",
                ratee="pup-torun",
                reliability=4,
                mission=3,
                openness=2,
                influence=1,
                involvement=2,
                resources=3,
            )
        ],
    )
    write_batch(store, batch)


def test_partnership_queries(demo_net: Store) -> None:
    _seed(demo_net)
    everything = {r["id"] for r in demo_net.query("partnerships_all", {"institutions": []})}
    assert {"pz", "zi-lubicz"} <= everything
    mine = demo_net.query("partnerships_all", {"institutions": ["pup-torun"]})
    assert "pz" in {r["id"] for r in mine}  # an invitation counts as a link to the partnership
    row = demo_net.query("partnerships_by_ids", {"ids": ["pz"]})[0]
    assert (row["type"], row["coordinator"], row["founding_document"], row["signed"]) == (
        "ZADANIOWY_ZESPOL_KOOPERACYJNY",
        "cus-lubicz",
        "Zarządzenie 5/2025",
        dt.date(2025, 1, 2),
    )
    members = {
        (r["institution"], r["status"], r["since"]) for r in demo_net.query("partnerships_members", {"ids": ["pz"]})
    }
    assert members == {("cus-lubicz", "active", dt.date(2025, 1, 2)), ("pup-torun", "invited", None)}
    assert [r["id"] for r in demo_net.query("partnerships_meetings", {"partnership": "pz"})] == ["mt2", "mt1"]
    assert demo_net.query("partnerships_meetings", {"partnership": "pz"})[1]["attendees"] == ["cus-lubicz"]
    task = demo_net.query("partnerships_task_by_id", {"id": "t1"})[0]
    assert (task["status"], task["due"]) == ("in_progress", dt.date(2025, 3, 1))
    assert [r["id"] for r in demo_net.query("partnerships_tasks", {"partnership": "pz"})] == ["t1"]
    assert [r["id"] for r in demo_net.query("partnerships_rounds", {"partnership": "pz"})] == ["pz@2025-03-01"]
    rating = demo_net.query("partnerships_ratings", {"partnership": "pz"})[0]
    assert (rating["rater"], rating["ratee"], rating["openness"], rating["resources"]) == (
        "cus-lubicz",
        "pup-torun",
        2,
        3,
    )


def test_trust_of_institutions_for_the_map(demo_net: Store) -> None:
    from queries.partnerships import trust_by_institution

    _seed(demo_net)
    rows = demo_net.query("partnerships_trust_of", {"ids": ["pup-torun"]})
    assert [(r["partnership"], r["rater"]) for r in rows] == [("pz", "cus-lubicz")]
    # a later round replaces the earlier one on the map
    write_batch(
        demo_net,
        Batch()
        .add(m.SurveyRound, [m.SurveyRound(id="pz@2025-09-01", partnership="pz", opened_on=dt.date(2025, 9, 1))])
        .add(
            m.PartnerRating,
            [
                m.PartnerRating(
                    id="r2",
                    partnership="pz",
                    round="pz@2025-09-01",
                    rater="cus-lubicz",
                    ratee="pup-torun",
                    reliability=1,
                    mission=1,
                    openness=1,
                    influence=4,
                    involvement=4,
                    resources=4,
                )
            ],
        ),
    )
    assert trust_by_institution(demo_net, ["pup-torun", "cus-lubicz"]) == {"pup-torun": (1.0, 4.0, 1)}
