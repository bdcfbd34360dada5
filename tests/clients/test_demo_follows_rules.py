"""The demo network obeys the rules the workflow enforces on new writes.

* KIS participation rests on a kontrakt socjalny (art. 18 ustawy o zatrudnieniu
  socjalnym): every client referred to a KIS has one.
* A PUP that refers a long-term unemployed person to a CIS has its own basis
  for it, so its outbox shows every referral it sent.
"""

from __future__ import annotations

import datetime as dt

from graph.catalog import Statement
from graph.enums import InstitutionType, PlanType, ReferralStatus

TODAY = dt.date(2026, 3, 1)

KIS_CLIENTS = Statement(
    "test.kis_clients",
    "MATCH (r:Referral)-[:SENT_TO]->(k:Institution {type: $kis}) MATCH (r)-[:FOR_CLIENT]->(c:Client) "
    "OPTIONAL MATCH (c)<-[:PLAN_FOR]-(p:Plan {type: $contract}) "
    "RETURN r.id AS referral, count(p) AS contracts ORDER BY referral",
)
SENT_BY = Statement(
    "test.sent_by",
    "MATCH (r:Referral)-[:SENT_BY]->(i:Institution {id: $institution}) RETURN r.id AS id ORDER BY id",
)


def test_every_kis_participant_has_a_social_contract(demo_store) -> None:
    rows = demo_store.query(KIS_CLIENTS, {"kis": InstitutionType.KIS.value, "contract": PlanType.SOCIAL_CONTRACT.value})
    assert len(rows) >= 5, "the demo sends clients to KIS"
    assert [r["referral"] for r in rows if r["contracts"] == 0] == []


def test_the_pup_sees_every_referral_it_sent(demo_store) -> None:
    sent = [r["id"] for r in demo_store.query(SENT_BY, {"institution": "pup-torun"})]
    assert sent, "the demo PUP refers long-term unemployed people to CIS"
    outbox = demo_store.query(
        "clients_inbox_outgoing",
        {
            "institution_id": "pup-torun",
            "today": TODAY,
            "statuses": [s.value for s in ReferralStatus],
            "skip": 0,
            "limit": 100,
        },
    )
    assert sorted(r["id"] for r in outbox) == sent
