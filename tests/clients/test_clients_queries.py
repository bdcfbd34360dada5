"""The ``clients_*`` named queries: same answer on both stores over the demo, checked against an oracle.

The oracle re-implements the visibility rule in plain Python over the demo
batch (not over a store), so a query and the rule cannot drift apart
silently; a few figures are pinned by hand from the demo generator
(``importers/demo.py``: 48 clients, 3 of every 8 registered at MOPR Toruń,
consents for the receiving CIS/KIS and for the PUP that refers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from graph import model as m
from graph.catalog import catalog
from graph.clients.rules import RECEIVER_VISIBLE
from graph.enums import ReferralStatus
from importers.demo import demo_batch

TODAY = dt.date(2026, 3, 1)
YEAR = (dt.datetime(2025, 1, 1), dt.datetime(2026, 1, 1))
CYPHER = Path(__file__).resolve().parents[2] / "queries" / "cypher"
INSTITUTIONS = [
    "mopr-torun",
    "cis-torun",
    "cis-chelmza",
    "kis-lubicz",
    "kis-torun",
    "pup-torun",
    "gops-obrowo",
    "cus-lubicz",
]
RECV = {s.value for s in RECEIVER_VISIBLE}


# ------------------------------------------------------------------ oracle


@lru_cache(maxsize=1)
def demo() -> dict[str, Any]:
    b = demo_batch()
    out: dict[str, Any] = {"nodes": {k: {n.key: n for n in v} for k, v in b.nodes.items()}}
    rels: dict[type, list[Any]] = defaultdict(list)
    for k, v in b.rels.items():
        rels[k] += v
    out["rels"] = rels
    return out


def _one(rel: type, src: str) -> str:
    return next(r.dst for r in demo()["rels"][rel] if r.src == src)


def home_of(client: str) -> str:
    return _one(m.RegisteredAt, client)


def active_consent(client: str, inst: str, today: dt.date = TODAY, item: str | None = None) -> bool:
    consents = demo()["nodes"][m.Consent]
    for k in consents.values():
        if (
            _one(m.ConsentOf, k.id) == client
            and _one(m.ConsentFor, k.id) == inst
            and k.withdrawn_at is None
            and (k.valid_until is None or k.valid_until >= today)
            and (item is None or item in k.scope)
        ):
            return True
    return False


def referral_linked(r: m.Referral, inst: str) -> bool:
    return (
        _one(m.SentBy, r.id) == inst
        or r.notified_id == inst
        or (_one(m.SentTo, r.id) == inst and r.status.value in RECV)
    )


def plan_linked(p: m.Plan, inst: str) -> bool:
    parts = {x.src for x in demo()["rels"][m.ParticipatesIn] if x.dst == p.id}
    return _one(m.ResponsibleFor, p.id) == inst or inst in parts


def visible(client: str, inst: str) -> bool:
    if home_of(client) == inst:
        return True
    refs = [r for r in demo()["nodes"][m.Referral].values() if _one(m.ForClient, r.id) == client]
    plans = [p for p in demo()["nodes"][m.Plan].values() if _one(m.PlanFor, p.id) == client]
    link = any(referral_linked(r, inst) for r in refs) or any(plan_linked(p, inst) for p in plans)
    return link and active_consent(client, inst)


def visible_clients(inst: str) -> list[str]:
    return sorted(c for c in demo()["nodes"][m.Client] if visible(c, inst))


def visible_referrals(inst: str) -> list[str]:
    out = []
    for r in demo()["nodes"][m.Referral].values():
        c = _one(m.ForClient, r.id)
        if visible(c, inst) and (home_of(c) == inst or referral_linked(r, inst)):
            out.append(r.id)
    return sorted(out)


def visible_plans(inst: str) -> list[str]:
    out = []
    for p in demo()["nodes"][m.Plan].values():
        c = _one(m.PlanFor, p.id)
        if visible(c, inst) and (home_of(c) == inst or plan_linked(p, inst)):
            out.append(p.id)
    return sorted(out)


def all_ids(model: type) -> list[str]:
    return sorted(demo()["nodes"][model])


# ------------------------------------------------------------------ helpers


def both(demo_stores: dict[str, Any], name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    results = {b: s.query(name, params) for b, s in demo_stores.items()}
    assert results["ladybug"] == results["neo4j"], name
    return results["ladybug"]


def scope(inst: str) -> dict[str, Any]:
    return {"institution_id": inst, "today": TODAY}


# ------------------------------------------------------------------ pinned by hand


def test_oracle_matches_the_demo_generator() -> None:
    homes = Counter(home_of(c) for c in demo()["nodes"][m.Client])
    assert homes["mopr-torun"] == 18 and sum(homes.values()) == 48
    # the PUP refers long-term unemployed people to CIS on its own basis (every client whose only group of
    # art. 1 ust. 2 uzs is long-term unemployment, and some others): it sees exactly those 11
    referred = sorted({_one(m.ForClient, r.src) for r in demo()["rels"][m.SentBy] if r.dst == "pup-torun"})
    assert visible_clients("pup-torun") == referred and len(referred) == 11
    assert len(visible_clients("mopr-torun")) == 18  # nobody else shares a client with MOPR


# ------------------------------------------------------------------ reads


@pytest.mark.parametrize("inst", INSTITUTIONS)
def test_clients_list_and_by_ids(demo_stores, inst: str) -> None:
    listed = both(demo_stores, "clients_list", {"skip": 0, "limit": 100, **scope(inst)})
    assert [r["id"] for r in listed] == visible_clients(inst)
    by_ids = both(demo_stores, "clients_by_ids", {"ids": all_ids(m.Client), **scope(inst)})
    assert by_ids == listed
    for row in by_ids:
        home = home_of(row["id"]) == inst
        assert row["is_home"] is home and row["home_institution_id"] == home_of(row["id"])
        assert (row["registered_at"] is not None) is home
        groups_ok = home or active_consent(row["id"], inst, item="target_groups")
        assert (row["target_groups"] is not None) is groups_ok
        assert (row["birth_year_band"] is None) is not (home or active_consent(row["id"], inst, item="profile"))


def test_clients_list_pages(demo_stores) -> None:
    first = both(demo_stores, "clients_list", {"skip": 0, "limit": 5, **scope("mopr-torun")})
    second = both(demo_stores, "clients_list", {"skip": 5, "limit": 5, **scope("mopr-torun")})
    assert [r["id"] for r in first + second] == visible_clients("mopr-torun")[:10]


def test_nobody_without_an_institution_sees_anything(demo_stores) -> None:
    assert both(demo_stores, "clients_by_ids", {"ids": all_ids(m.Client), **scope("")}) == []
    assert both(demo_stores, "clients_list", {"skip": 0, "limit": 100, "institution_id": None, "today": TODAY}) == []


def test_clients_by_pesel_hash(demo_stores) -> None:
    # the demo has no PESEL hashes: nothing matches, for the home institution either
    assert both(demo_stores, "clients_by_pesel_hash", {"pesel_hash": "0" * 64, **scope("mopr-torun")}) == []


@pytest.mark.parametrize("inst", INSTITUTIONS)
def test_referrals_by_ids_of_clients_and_inbox(demo_stores, inst: str) -> None:
    by_ids = both(demo_stores, "clients_referrals_by_ids", {"ids": all_ids(m.Referral), **scope(inst)})
    assert [r["id"] for r in by_ids] == visible_referrals(inst)
    of_clients = both(demo_stores, "clients_referrals_of_clients", {"client_ids": all_ids(m.Client), **scope(inst)})
    assert sorted(r["id"] for r in of_clients) == visible_referrals(inst)
    statuses = [s.value for s in ReferralStatus]
    incoming = both(
        demo_stores, "clients_inbox_incoming", {"statuses": statuses, "skip": 0, "limit": 100, **scope(inst)}
    )
    outgoing = both(
        demo_stores, "clients_inbox_outgoing", {"statuses": statuses, "skip": 0, "limit": 100, **scope(inst)}
    )
    assert sorted(r["id"] for r in incoming) == sorted(r for r in visible_referrals(inst) if _one(m.SentTo, r) == inst)
    assert sorted(r["id"] for r in outgoing) == sorted(r for r in visible_referrals(inst) if _one(m.SentBy, r) == inst)
    assert all(r["is_receiver"] for r in incoming) and all(r["is_sender"] for r in outgoing)
    dates = [r["created_at"] for r in incoming]
    assert dates == sorted(dates, reverse=True)


def test_inbox_status_filter(demo_stores) -> None:
    rows = both(
        demo_stores,
        "clients_inbox_incoming",
        {"statuses": ["requested"], "skip": 0, "limit": 100, **scope("cis-torun")},
    )
    expected = [
        r
        for r in visible_referrals("cis-torun")
        if _one(m.SentTo, r) == "cis-torun" and demo()["nodes"][m.Referral][r].status.value == "requested"
    ]
    assert sorted(r["id"] for r in rows) == sorted(expected) and expected


@pytest.mark.parametrize("inst", INSTITUTIONS)
def test_plans_and_participants(demo_stores, inst: str) -> None:
    by_ids = both(demo_stores, "clients_plans_by_ids", {"ids": all_ids(m.Plan), **scope(inst)})
    assert [r["id"] for r in by_ids] == visible_plans(inst)
    of_clients = both(demo_stores, "clients_plans_of_clients", {"client_ids": all_ids(m.Client), **scope(inst)})
    assert sorted(r["id"] for r in of_clients) == visible_plans(inst)
    parts = both(demo_stores, "clients_plan_participants", {"plan_ids": all_ids(m.Plan), **scope(inst)})
    expected = sorted((x.dst, x.src) for x in demo()["rels"][m.ParticipatesIn] if x.dst in visible_plans(inst))
    assert [(r["plan_id"], r["institution_id"]) for r in parts] == expected


@pytest.mark.parametrize("inst", INSTITUTIONS)
def test_consents(demo_stores, inst: str) -> None:
    rows = both(demo_stores, "clients_consents_of_clients", {"client_ids": all_ids(m.Client), **scope(inst)})
    expected = sorted(
        k
        for k in demo()["nodes"][m.Consent]
        if visible(_one(m.ConsentOf, k), inst)
        and (home_of(_one(m.ConsentOf, k)) == inst or _one(m.ConsentFor, k) == inst)
    )
    assert sorted(r["id"] for r in rows) == expected
    assert all(r["active"] for r in rows)  # the demo withdraws nothing


def test_active_contracts(demo_stores) -> None:
    contracts = {
        p.id: _one(m.PlanFor, p.id)
        for p in demo()["nodes"][m.Plan].values()
        if p.type.value == "KONTRAKT_SOCJALNY" and p.starts_on <= TODAY <= p.ends_on
    }
    # demo contracts run 180 days from a start in 2025: some still run on TODAY, more in mid-2025
    for client in sorted(demo()["nodes"][m.Client])[:6]:
        rows = both(demo_stores, "clients_active_contracts", {"client_id": client, **scope(home_of(client))})
        assert sorted(r["id"] for r in rows) == sorted(p for p, c in contracts.items() if c == client)
    mid = dt.date(2025, 7, 1)
    live = sorted(
        p.id
        for p in demo()["nodes"][m.Plan].values()
        if p.type.value == "KONTRAKT_SOCJALNY" and p.starts_on <= mid <= p.ends_on
    )
    assert live, "the demo should have contracts running in July 2025"
    client = _one(m.PlanFor, live[0])
    rows = both(
        demo_stores, "clients_active_contracts", {"client_id": client, "institution_id": home_of(client), "today": mid}
    )
    assert [r["id"] for r in rows] == [p for p in live if _one(m.PlanFor, p) == client]
    # GOPS Czernikowo registers no client and receives none: a stranger to everyone
    stranger = both(
        demo_stores,
        "clients_active_contracts",
        {"client_id": client, "institution_id": "gops-czernikowo", "today": mid},
    )
    assert stranger == []


def test_directory_facts(demo_stores) -> None:
    rows = both(demo_stores, "clients_service_for_referral", {"service_id": "cis-torun.reintegracja"})
    assert rows == [
        {
            "service_id": "cis-torun.reintegracja",
            "status": "active",
            "capacity": 40,
            "free_places": 3,
            "institution_id": "cis-torun",
            "institution_type": "CIS",
        }
    ]
    assert both(demo_stores, "clients_institution_type", {"institution_id": "kis-lubicz"}) == [
        {"id": "kis-lubicz", "type": "KIS"}
    ]


def test_erase_targets_only_for_the_home_institution(demo_stores) -> None:
    client = min(c for c in demo()["nodes"][m.Client] if home_of(c) == "mopr-torun")
    rows = both(demo_stores, "clients_erase_targets", {"client_id": client, "institution_id": "mopr-torun"})
    assert len(rows) == 1
    got = {k: sorted(x for x in rows[0][k] if x) for k in ("referral_ids", "plan_ids", "consent_ids")}
    assert got["referral_ids"] == sorted(r for r in all_ids(m.Referral) if _one(m.ForClient, r) == client)
    assert got["plan_ids"] == sorted(p for p in all_ids(m.Plan) if _one(m.PlanFor, p) == client)
    assert got["consent_ids"] == sorted(k for k in all_ids(m.Consent) if _one(m.ConsentOf, k) == client)
    partner = next(iter(demo_batch().rels[m.SentTo])).dst
    assert both(demo_stores, "clients_erase_targets", {"client_id": client, "institution_id": partner}) == []


# ------------------------------------------------------------------ statistics


def test_stats_clients(demo_stores) -> None:
    params = {"territory": "04", "period_start": YEAR[0], "period_end": YEAR[1]}
    rows = both(demo_stores, "clients_stats_clients", params)
    gmina = {i.id: i.gmina for i in demo()["nodes"][m.Institution].values()}
    expected: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for c in demo()["nodes"][m.Client].values():
        g = gmina[home_of(c.id)]
        totals[g] += 1
        for grp in c.target_groups:
            expected[(g, grp)] += 1
    assert {(r["gmina"], r["category"]): r["n"] for r in rows} == dict(expected)
    total_rows = both(demo_stores, "clients_stats_clients_total", params)
    assert {r["gmina"]: r["n"] for r in total_rows} == dict(totals)
    assert {r["gmina"]: r["n"] for r in total_rows}["046301"] == 18  # Toruń = MOPR's 18, by hand
    narrow = both(demo_stores, "clients_stats_clients_total", {**params, "territory": "0415"})
    assert "046301" not in {r["gmina"] for r in narrow}


def test_stats_referrals_and_flows(demo_stores) -> None:
    params = {"territory": "", "period_start": YEAR[0], "period_end": YEAR[1]}
    rows = both(demo_stores, "clients_stats_referrals", params)
    gmina = {i.id: i.gmina for i in demo()["nodes"][m.Institution].values()}
    expected: Counter[tuple[str, str, str]] = Counter()
    flows: Counter[tuple[str, str]] = Counter()
    for r in demo()["nodes"][m.Referral].values():
        if YEAR[0] <= r.created_at < YEAR[1] and r.status.value != "draft":
            expected[(gmina[_one(m.SentTo, r.id)], r.status.value, r.outcome.value if r.outcome else "")] += 1
            flows[(_one(m.SentBy, r.id), _one(m.SentTo, r.id))] += 1
    assert {(r["gmina"], r["status"], r["outcome"]): r["n"] for r in rows} == dict(expected)
    flow_rows = both(demo_stores, "clients_stats_flows", params)
    assert {(r["sender_id"], r["receiver_id"]): r["n"] for r in flow_rows} == dict(flows)


# ------------------------------------------------------------------ the scope is in every query

VIS_BLOCK = (CYPHER / "clients_by_ids.cypher").read_text(encoding="utf-8")
#: Queries that read only directory facts (no client, referral or plan).
DIRECTORY_ONLY = {
    "clients_service_for_referral",
    "clients_institution_type",
    "clients_institution_facts",
    "clients_competent_welfare",
}
#: Aggregates: scoped by territory, return counts only.
AGGREGATES = {"clients_stats_clients", "clients_stats_clients_total", "clients_stats_referrals", "clients_stats_flows"}
#: Scoped to the home institution only (no partner access at all).
HOME_ONLY = {"clients_consent_withdraw", "clients_erase_targets"}


def _vis(text: str) -> str:
    start = text.index("(EXISTS { MATCH (c)-[:REGISTERED_AT]")
    depth, i = 0, start
    while True:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return text[start:i]


def test_every_client_query_carries_the_callers_scope() -> None:
    canonical = _vis(VIS_BLOCK)
    names = [n for n in catalog().names() if n.startswith("clients_")]
    assert len(names) >= 20
    for name in names:
        text = catalog().statement(name, "neo4j").text
        params = catalog().statement(name, "neo4j").params
        if name in DIRECTORY_ONLY:
            assert not re.search(r":(Client|Referral|Plan|Consent)\b", text), name
        elif name in AGGREGATES:
            assert "territory" in params and re.search(r"RETURN .*count\(", text, re.DOTALL), name
        elif name in HOME_ONLY:
            assert "institution_id" in params and "REGISTERED_AT]->(:Institution {id: $institution_id})" in text, name
        else:
            assert {"institution_id", "today"} <= params, name
            assert _vis(text) == canonical, f"{name}: visibility block differs from clients_by_ids"


def test_receiver_statuses_match_the_rules() -> None:
    listed = re.search(r"rv\.status IN \[([^\]]*)\]", VIS_BLOCK)
    assert listed is not None
    assert [s.strip(" '") for s in listed.group(1).split(",")] == [s.value for s in RECEIVER_VISIBLE]
