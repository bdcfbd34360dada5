"""Conformance of every ``gaps_*`` named query on both stores over the demo network.

Expected values are derived by hand from the demo definitions in
:mod:`importers.demo` (institutions, ties, partnerships) or, for the seeded
client data, recomputed in Python from the demo batch itself – never from the
query under test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph import model as m
from graph.catalog import catalog
from graph.reference import SERVICE_CATEGORIES, TARGET_GROUPS
from graph.store.protocol import Store
from importers.demo import demo_batch

P0415 = {"prefix": "0415"}
IN_0415 = {
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
FROM = dt.datetime(2025, 1, 1)
TO = dt.datetime(2026, 1, 1)


def _batch_rels(model: type) -> list[Any]:
    return demo_batch().rels[model]


def _batch_nodes(model: type) -> list[Any]:
    return demo_batch().nodes[model]


def test_every_gaps_query_has_a_conformance_test() -> None:
    tested = {
        "gaps_territories",
        "gaps_institutions",
        "gaps_services",
        "gaps_ties",
        "gaps_memberships",
        "gaps_referrals",
        "gaps_registrations",
        "gaps_plans",
        "gaps_categories",
        "gaps_target_groups",
        "gaps_candidates",
        "gaps_institution_gminas",
        "gaps_group_providers",  # tested in test_diagnosis_defects.py
    }
    assert {n for n in catalog().names() if n.startswith("gaps_")} == tested


def test_gaps_territories(demo_store: Store) -> None:
    rows = demo_store.query("gaps_territories", P0415)
    assert [r["teryt"] for r in rows] == ["04", "0415", *[f"0415{k:02d}" for k in range(1, 10)]]
    parents = {r["teryt"]: r["parent"] for r in rows}
    assert parents["04"] is None and parents["0415"] == "04" and parents["041503"] == "0415"
    czernikowo = next(r for r in rows if r["teryt"] == "041503")
    assert czernikowo["name"] == "Czernikowo" and czernikowo["level"] == "gmina"
    assert (czernikowo["lat"], czernikowo["lon"]) == (52.9111, 18.9658)
    whole = demo_store.query("gaps_territories", {"prefix": ""})
    assert len(whole) == 13


def test_gaps_institutions(demo_store: Store) -> None:
    rows = {r["id"]: r for r in demo_store.query("gaps_institutions", P0415)}
    assert set(rows) == IN_0415
    assert sorted(rows["pup-torun"]["serves"]) == ["0415", "0463"]
    assert sorted(rows["cis-torun"]["serves"]) == ["041504", "041506", "046301"]
    assert rows["cis-torun"]["gmina"] == "046301" and rows["cis-torun"]["gmina_name"] == "Toruń"
    assert rows["kis-lubicz"]["type"] == "KIS" and rows["kis-lubicz"]["gmina_lat"] == 53.0473


def test_gaps_institutions_for_torun_city(demo_store: Store) -> None:
    # 21 institutions are located in 046301 (pracodawca-puk serves nothing but is located there);
    # no institution located elsewhere serves 046301, 0463 or 04, so exactly those 21
    rows = demo_store.query("gaps_institutions", {"prefix": "046301"})
    assert len(rows) == 21 and all(r["gmina"] == "046301" for r in rows)


def test_gaps_services(demo_store: Store) -> None:
    rows = {r["id"]: r for r in demo_store.query("gaps_services", P0415)}
    assert len(rows) == 30
    cis = rows["cis-chelmza.reintegracja"]
    assert cis["institution"] == "cis-chelmza" and cis["status"] == "active"
    assert cis["categories"] == ["reintegracja-zawodowa"]
    assert sorted(cis["groups"]) == ["dlugotrwale-bezrobotni", "uzaleznieni-alkohol"]
    assert sorted(cis["areas"]) == ["041501", "041502"]
    assert sorted(rows["pup-torun.psu"]["areas"]) == ["0415", "0463"]
    assert rows["rops-torun.obserwatorium"]["groups"] == []


def test_gaps_ties(demo_store: Store) -> None:
    rows = demo_store.query("gaps_ties", P0415)
    assert len(rows) == 18
    pairs = {(r["src"], r["dst"]): r for r in rows}
    tie = pairs[("cus-lubicz", "kis-lubicz")]
    assert (tie["kind"], tie["since"], tie["rating"]) == ("referrals", dt.date(2021, 1, 1), 4)
    assert ("mopr-torun", "pup-torun") not in pairs  # MOPR Toruń is outside powiat toruński
    assert len(demo_store.query("gaps_ties", {"prefix": ""})) == 32


def test_gaps_memberships(demo_store: Store) -> None:
    rows = demo_store.query("gaps_memberships", P0415)
    assert len(rows) == 12
    by = {(r["institution"], r["partnership"]): r for r in rows}
    assert by[("cus-lubicz", "zi-lubicz")]["role"] == "przewodniczący"
    assert by[("pup-torun", "pzk-torun")]["type"] == "PARTNERSKI_ZESPOL_KOOPERACJI"
    assert by[("pup-torun", "pzk-torun")]["signed"] == dt.date(2021, 10, 1)
    assert sum(1 for r in rows if r["partnership"] == "zi-torun") == 5


def _expected_referrals(scope: set[str] | None) -> set[tuple[Any, ...]]:
    refs = {r.id: r for r in _batch_nodes(m.Referral)}
    by = {r.src: r.dst for r in _batch_rels(m.SentBy)}
    to = {r.src: r.dst for r in _batch_rels(m.SentTo)}
    client = {r.src: r.dst for r in _batch_rels(m.ForClient)}
    out = set()
    for rid, r in refs.items():
        if not FROM <= r.created_at < TO:
            continue
        if scope is not None and by[rid] not in scope and to[rid] not in scope:
            continue
        out.add(
            (
                rid,
                by[rid],
                to[rid],
                client[rid],
                r.status.value,
                None if r.outcome is None else r.outcome.value,
                r.created_at,
            )
        )
    return out


def test_gaps_referrals(demo_store: Store) -> None:
    for prefix, scope in (("0415", IN_0415), ("", None)):
        rows = demo_store.query("gaps_referrals", {"prefix": prefix, "date_from": FROM, "date_to": TO})
        got = {
            (r["id"], r["sender"], r["receiver"], r["client"], r["status"], r["outcome"], r["created_at"]) for r in rows
        }
        assert got == _expected_referrals(scope)
        assert len(got) == len(rows) > 0
    empty = demo_store.query(
        "gaps_referrals", {"prefix": "", "date_from": dt.datetime(2020, 1, 1), "date_to": dt.datetime(2021, 1, 1)}
    )
    assert empty == []


def test_gaps_registrations(demo_store: Store) -> None:
    clients = {c.id: c for c in _batch_nodes(m.Client)}
    expected = {
        (r.src, r.dst, tuple(sorted(clients[r.src].target_groups)))
        for r in _batch_rels(m.RegisteredAt)
        if r.dst in IN_0415
    }
    rows = demo_store.query("gaps_registrations", P0415)
    assert {(r["client"], r["institution"], tuple(sorted(r["target_groups"]))) for r in rows} == expected
    assert len(rows) == len(expected) > 0


def test_gaps_plans(demo_store: Store) -> None:
    plans = {p.id: p for p in _batch_nodes(m.Plan)}
    resp = {r.src: r.dst for r in _batch_rels(m.ResponsibleFor)}
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    expected = {
        pid
        for pid, p in plans.items()
        if resp[pid] in IN_0415
        and (p.starts_on is None or p.starts_on <= end)
        and (p.ends_on is None or p.ends_on >= start)
    }
    rows = demo_store.query("gaps_plans", {"prefix": "0415", "date_from": start, "date_to": end})
    assert {r["id"] for r in rows} == expected
    participants = {}
    for r in _batch_rels(m.ParticipatesIn):
        participants.setdefault(r.dst, set()).add(r.src)
    for r in rows:
        assert set(r["participants"]) == participants.get(r["id"], set())


def test_gaps_vocabularies(demo_store: Store) -> None:
    cats = demo_store.query("gaps_categories", {})
    assert [(r["id"], r["parent"]) for r in cats] == sorted((c, p) for c, _, p in SERVICE_CATEGORIES)
    groups = demo_store.query("gaps_target_groups", {})
    assert [r["id"] for r in groups] == sorted(g for g, _ in TARGET_GROUPS)


def test_gaps_candidates(demo_store: Store) -> None:
    rows = demo_store.query("gaps_candidates", {"types": ["KIS", "SDS"]})
    assert [r["id"] for r in rows] == ["kis-lubicz", "kis-torun", "sds-torun"]
    assert rows[2]["serves"] == ["0463"] and rows[2]["gmina_name"] == "Toruń"


@pytest.mark.parametrize(("gmina", "count"), [("046301", 21), ("041504", 4), ("041501", 2), ("041503", 1)])
def test_gaps_institution_gminas(demo_store: Store, gmina: str, count: int) -> None:
    rows = {r["gmina"]: r["institutions"] for r in demo_store.query("gaps_institution_gminas", {})}
    assert rows[gmina] == count
    assert sum(rows.values()) == 34
