"""The generated rows themselves (no database): determinism, model validity, procedures.

Powiat toruński (0415: 9 gminas, real TERC codes) with a fixed seed; the rules
checked are those of docs/domain.md (art. 12 and 18 of the social-employment act).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from typing import Any

import pytest

from graph import model as m
from graph.digest import rows_digest
from graph.enums import InstitutionType as IT
from graph.schema import to_row, validate
from importers.synthetic.clients import CLIENT_RATE, NOW
from importers.synthetic.geography import Geography
from tests.synthetic.conftest import POWIAT, SEED
from tests.synthetic.helpers import Rows, by_id, generated, targets


def _digests(rows: Rows) -> dict[str, str]:
    return {getattr(k, "__label__", None) or k.__type__: rows_digest(k, v) for k, v in rows.items()}


# ------------------------------------------------------------------ determinism


def test_same_seed_same_rows_and_other_seed_other_rows(geo: Geography, powiat_rows: Rows) -> None:
    again = generated(geo, "powiat", POWIAT, SEED, clients_per_chunk=50_000)  # other chunking too
    assert _digests(again) == _digests(powiat_rows)
    other = generated(geo, "powiat", POWIAT, SEED + 1)
    differ = {name for name, d in _digests(other).items() if _digests(powiat_rows).get(name) != d}
    assert {"Client", "Referral", "Institution", "COOPERATES_WITH"} <= differ


def test_gmina_scale_is_the_same_every_time(geo: Geography) -> None:
    first = generated(geo, "gmina", "041503", 11)
    assert _digests(generated(geo, "gmina", "041503", 11)) == _digests(first)
    assert first[m.Client] and first[m.Referral]


# ------------------------------------------------------------------ validity


@pytest.mark.parametrize(
    "model", [*m.NODE_MODELS, *m.REL_MODELS], ids=lambda x: getattr(x, "__label__", None) or x.__type__
)
def test_a_sample_of_every_table_validates_and_is_stored_as_the_model_would_store_it(
    powiat_rows: Rows, model: Any
) -> None:
    rows = powiat_rows.get(model, [])
    if model in (m.Territory, m.Within, m.ServiceCategory, m.TargetGroup, m.Competence):
        assert not rows  # written by the TERYT importer and the vocabularies, not the generator
        return
    if model in (m.SearchKey, m.Indexes):
        # derived rows: the writer's search-index refresh (graph/search/index.py) makes them from the
        # services the generator writes; that the stored index agrees: tests/synthetic/test_generator_store.py
        assert not rows
        return
    if model is m.Occupancy:
        assert not rows  # a register edition's numbers: written only by importers/registers/editions.py
        return
    assert rows, "the generator should produce this table"
    sample = random.Random(5).sample(rows, min(300, len(rows)))
    for row in sample:
        data = {k: v for k, v in row.items() if k != "keywords"}  # let the model compute them
        expected = to_row(validate(model, data))
        assert set(row) <= set(expected)
        # a field the generator leaves out (e.g. one added to the model later) is stored as null
        missing = {k: v for k, v in expected.items() if k not in row}
        assert all(v is None or v == [] for v in missing.values()), missing
        assert {k: expected[k] for k in row} == row


# ------------------------------------------------------------------ procedures


@pytest.fixture(scope="module")
def world(powiat_rows: Rows) -> dict[str, Any]:
    insts = by_id(powiat_rows[m.Institution])
    refs = by_id(powiat_rows[m.Referral])
    plans = by_id(powiat_rows[m.Plan])
    clients = by_id(powiat_rows[m.Client])
    plans_of: dict[str, list[str]] = defaultdict(list)
    for r in powiat_rows[m.PlanFor]:
        plans_of[r["dst"]].append(r["src"])
    consents_for: set[tuple[str, str]] = set()
    consent_client = targets(powiat_rows[m.ConsentOf])
    for r in powiat_rows[m.ConsentFor]:
        consents_for.add((consent_client[r["src"]], r["dst"]))
    return {
        "insts": insts,
        "refs": refs,
        "plans": plans,
        "clients": clients,
        "plans_of": plans_of,
        "client_of": targets(powiat_rows[m.ForClient]),
        "sent_by": targets(powiat_rows[m.SentBy]),
        "sent_to": targets(powiat_rows[m.SentTo]),
        "home": targets(powiat_rows[m.RegisteredAt]),
        "responsible": targets(powiat_rows[m.ResponsibleFor]),
        "consents_for": consents_for,
    }


def test_every_gmina_has_one_ops_or_cus_and_every_client_is_registered_there(
    geo: Geography, powiat_rows: Rows, world
) -> None:
    homes = [i for i in world["insts"].values() if i["type"] in ("OPS", "CUS")]
    assert sorted(i["gmina"] for i in homes) == sorted(geo.powiats[POWIAT].gminas)
    home_ids = {i["id"] for i in homes}
    assert set(world["home"]) == set(world["clients"])
    assert set(world["home"].values()) <= home_ids


def test_powiat_institutions_exist(world) -> None:
    types = Counter(i["type"] for i in world["insts"].values())
    assert types["PCPR"] == 1 and types["PUP"] == 1 and types["ROPS"] == 1 and types["WUP"] == 1
    assert types["GKRPA"] == 9 and types["SZKOLA"] >= 9 and types["NGO"] >= 9
    assert 80 <= sum(types.values()) <= 250


def test_client_count_follows_population(geo: Geography, powiat_rows: Rows) -> None:
    expected = geo.powiat_population(POWIAT) * CLIENT_RATE
    assert 0.85 * expected <= len(powiat_rows[m.Client]) <= 1.15 * expected
    per_client = len(powiat_rows[m.Referral]) / len(powiat_rows[m.Client])
    assert 2.5 <= per_client <= 3.3  # about 3 referrals per client (3M for 1M in Poland)


def test_cis_referrals_follow_art_12(world) -> None:
    cis = [r for r in world["refs"].values() if r["basis"] == "uzs_art12"]
    assert cis
    for r in cis:
        sender = world["insts"][world["sent_by"][r["id"]]]
        target = world["insts"][world["sent_to"][r["id"]]]
        client = world["clients"][world["client_of"][r["id"]]]
        assert target["type"] == "CIS"
        assert sender["type"] in ("OPS", "CUS", "PUP")
        if sender["type"] == "PUP":  # the PUP refers only the long-term unemployed
            assert "dlugotrwale-bezrobotni" in client["target_groups"]
        assert (client["id"], target["id"]) in world["consents_for"]
    steps = Counter(r["step"] for r in cis)
    assert set(steps) <= {"application", "opinion", "referral", "ipzs"} and steps["ipzs"] > steps["application"]


def test_ipzs_plans_belong_to_admitted_cis_participants(powiat_rows: Rows, world) -> None:
    ipzs = [p for p in world["plans"].values() if p["type"] == "IPZS"]
    assert ipzs
    admitted = {
        (world["client_of"][r["id"]], world["sent_to"][r["id"]]) for r in world["refs"].values() if r["step"] == "ipzs"
    }
    plan_client = targets(powiat_rows[m.PlanFor])
    agreed_by = {r["dst"]: r for r in powiat_rows[m.ParticipatesIn] if r["role"] == "uzgadniający IPZS"}
    for p in ipzs:
        client, cis = plan_client[p["id"]], world["responsible"][p["id"]]
        assert (client, cis) in admitted
        assert agreed_by[p["id"]]["src"] == world["home"][client]  # agreed with the client's OPS/CUS


def test_kis_only_with_a_kontrakt_socjalny(world) -> None:
    kis = [r for r in world["refs"].values() if r["basis"] == "uzs_art18"]
    assert kis
    for r in kis:
        client = world["client_of"][r["id"]]
        contracts = [
            world["plans"][p] for p in world["plans_of"][client] if world["plans"][p]["type"] == "KONTRAKT_SOCJALNY"
        ]
        assert contracts and any(c["starts_on"] <= r["created_at"].date() for c in contracts)
        assert world["insts"][world["sent_to"][r["id"]]]["type"] == "KIS"
        assert world["insts"][world["sent_by"][r["id"]]]["type"] in ("OPS", "CUS")


def test_statuses_outcomes_and_dates_are_consistent(world) -> None:
    open_states = {"draft", "requested", "received", "accepted", "in-progress", "on-hold"}
    outcomes = Counter()
    for r in world["refs"].values():
        client = world["clients"][world["client_of"][r["id"]]]
        assert client["registered_at"] < r["created_at"] < NOW
        if r["status"] in open_states:
            assert r["closed_at"] is None and r["outcome"] is None
        else:
            assert r["closed_at"] is not None and r["created_at"] < r["closed_at"] < NOW
        if r["status"] == "completed":
            assert r["outcome"] is not None
            outcomes[r["outcome"]] += 1
        assert (
            world["sent_by"][r["id"]] != world["sent_to"][r["id"]]
            or world["sent_to"][r["id"]] == world["home"][client["id"]]
        )
    assert outcomes["employed"] > 0 and outcomes["resigned"] > 0 and outcomes["independent"] > 0
    for p in world["plans"].values():
        assert p["starts_on"] <= p["ends_on"]
        assert (p["status"] == "active") == (p["ends_on"] >= NOW.date()) or p["type"] == "IPZS"


def test_every_referral_outside_the_home_institution_has_a_basis_for_sharing(world) -> None:
    for r in world["refs"].values():
        client = world["client_of"][r["id"]]
        target = world["sent_to"][r["id"]]
        if target != world["home"][client]:
            assert (client, target) in world["consents_for"]


def test_ties_are_mostly_local_and_cross_sector(powiat_rows: Rows, world) -> None:
    ties = powiat_rows[m.CooperatesWith]
    assert len(ties) >= 100
    insts = world["insts"]
    serves: dict[str, set[str]] = defaultdict(set)
    for r in powiat_rows[m.Serves]:
        serves[r["src"]].add(r["dst"])

    def near(a: str, b: str) -> bool:
        """Same powiat, or one serves the other's gmina or powiat (e.g. a city PUP for the powiat)."""
        ga, gb = insts[a]["gmina"], insts[b]["gmina"]
        return ga[:4] == gb[:4] or bool(serves[a] & {gb, gb[:4]}) or bool(serves[b] & {ga, ga[:4]})

    local = sum(near(t["src"], t["dst"]) for t in ties)
    cross = sum(IT(insts[t["src"]]["type"]).sector != IT(insts[t["dst"]]["type"]).sector for t in ties)
    assert local / len(ties) > 0.8
    assert cross / len(ties) > 0.6
    assert len({(t["src"], t["dst"]) for t in ties} | {(t["dst"], t["src"]) for t in ties}) == 2 * len(ties)


def test_each_gmina_has_an_interdisciplinary_team(geo: Geography, powiat_rows: Rows, world) -> None:
    teams = [p for p in powiat_rows[m.Partnership] if p["type"] == "ZESPOL_INTERDYSCYPLINARNY"]
    covers = targets(powiat_rows[m.Covers])
    assert sorted(covers[p["id"]] for p in teams) == sorted(geo.powiats[POWIAT].gminas)
    members: dict[str, set[str]] = defaultdict(set)
    for r in powiat_rows[m.MemberOf]:
        members[r["dst"]].add(insts_type := world["insts"][r["src"]]["type"])
        assert insts_type
    for p in teams:
        assert {"OPS", "POLICJA", "GKRPA"} <= members[p["id"]] or {"CUS", "POLICJA", "GKRPA"} <= members[p["id"]]


def test_services_have_categories_groups_and_territory(powiat_rows: Rows) -> None:
    services = powiat_rows[m.Service]
    offered = {r["dst"] for r in powiat_rows[m.Offers]}
    categorised = {r["src"] for r in powiat_rows[m.InCategory]}
    located = {r["src"] for r in powiat_rows[m.AvailableIn]}
    ids = {s["id"] for s in services}
    assert ids == offered == categorised == located
    assert 3 <= len(services) / len(powiat_rows[m.Institution]) <= 7  # ≈5 (200,000 for 40,000)
    assert any(s["capacity"] for s in services) and all(
        (s["free_places"] or 0) <= (s["capacity"] or 0) for s in services
    )


def test_dates_never_in_the_future(powiat_rows: Rows) -> None:
    for c in powiat_rows[m.Consent]:
        assert c["granted_at"] < NOW
    for t in powiat_rows[m.CooperatesWith]:
        assert t["since"] <= dt.date(2025, 12, 31)
