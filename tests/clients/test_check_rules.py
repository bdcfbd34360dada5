"""``kooperacja check rules`` / :func:`graph.clients.check.check_rules` on both stores: the demo and a generated
powiat obey every rule; planted breaches are each found under their rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import model as m
from graph.clients.check import CHECKED_RULES, check_rules
from graph.clients.statute import RULES
from graph.enums import InstitutionType as IT
from graph.store.protocol import Store
from graph.writer import Batch, write_batch
from importers.demo import demo_batch, reference_batch
from importers.synthetic.generator import Options, generate
from tests.clients.clientnet import T0
from tests.clients.fixtures import cli_graph_args

runner = CliRunner()


def test_every_checked_rule_has_an_article() -> None:
    assert set(CHECKED_RULES) <= set(RULES)
    assert all(RULES[r].message.startswith("Art. ") for r in CHECKED_RULES)


def test_the_demo_obeys_every_rule(store: Store) -> None:
    write_batch(store, reference_batch())
    write_batch(store, demo_batch())
    report = check_rules(store)
    assert report.checked["referral"] > 40 and report.checked["plan"] > 40
    assert report.violations == []
    # art. 9a uppd: gaps in the field are flagged, not counted as violations
    flags = {(f.rule, f.object_id): f.detail for f in report.flags}
    assert (
        flags[("zi.composition", "zi-lubicz")] == "oświata, ochrona zdrowia, organizacje pozarządowe, kuratorzy sądowi"
    )
    assert ("zi.exists", "041504") not in flags and ("zi.exists", "041503") in flags  # Lubicz has a ZI, Czernikowo not


def test_a_generated_powiat_obeys_every_rule(store: Store, data_dir: Path) -> None:
    generate(
        store,
        Options(
            scale="powiat",
            seed=5,
            territory="0415",
            terc=data_dir / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv",
            centroids=data_dir / "gmina-centroids",
            clients_per_chunk=500,
        ),
    )  # short transactions
    report = check_rules(store)
    assert report.checked["referral"] > 1000
    assert report.by_rule() == {}


def _planted(net: Store) -> None:
    """Breaches the service would refuse, written straight into the graph."""
    b = Batch()
    b.add(m.Institution, [m.Institution(id="police-x", name="Policja", type=IT.POLICE, gmina="041501")])
    b.add(
        m.Client, [m.Client(id="client-bad1", target_groups=["seniorzy"], residence_gmina="041501", registered_at=T0)]
    )
    b.add(m.RegisteredAt, [m.RegisteredAt(src="client-bad1", dst="ops-a")])
    refs = {  # id: (client, sender, receiver, status, step, basis)
        "rf-self": ("client-a1", "ops-a", "ops-a", "requested", None, "ups_art100"),
        "rf-police": ("client-a1", "cis-p", "police-x", "requested", None, "ups_art100"),
        "rf-senior": ("client-bad1", "ops-a", "cis-p", "requested", "referral", "uzs_art12"),
        "rf-early": ("client-a1", "ops-a", "cis-p", "received", "opinion", "uzs_art12"),
    }
    b.add(
        m.Referral,
        [
            m.Referral(id=k, status=v[3], step=v[4], basis=v[5], created_at=T0, applicant="OSOBA", opinion_by="ops-a")
            for k, v in refs.items()
        ],
    )
    b.add(m.ForClient, [m.ForClient(src=k, dst=v[0]) for k, v in refs.items()])
    b.add(m.SentBy, [m.SentBy(src=k, dst=v[1]) for k, v in refs.items()])
    b.add(m.SentTo, [m.SentTo(src=k, dst=v[2]) for k, v in refs.items()])
    plans = {
        "pl-ipus3y": ("IPUS", "cus-c", 36),
        "pl-contract10y": ("KONTRAKT_SOCJALNY", "ops-a", 120),
        "pl-ipzs4y": ("IPZS", "cis-p", 48),
    }
    start = dt.date(2025, 1, 1)
    b.add(
        m.Plan,
        [
            m.Plan(
                id=k, type=t, status="active", starts_on=start, ends_on=start.replace(year=start.year + months // 12)
            )
            for k, (t, _o, months) in plans.items()
        ],
    )
    b.add(m.PlanFor, [m.PlanFor(src=k, dst="client-a1") for k in plans])
    b.add(m.ResponsibleFor, [m.ResponsibleFor(src=k, dst=o) for k, (_t, o, _m) in plans.items()])
    write_batch(net, b)


def test_planted_breaches_are_found(net: Store) -> None:
    assert check_rules(net).violations == []  # the test network obeys the rules
    _planted(net)
    found = {(v.rule, v.object_id) for v in check_rules(net).violations}
    assert {
        ("referral.self", "rf-self"),
        ("basis.sender_receiver", "rf-police"),
        ("cis.group", "rf-senior"),
        ("cis.step", "rf-early"),
        ("ipus.duration", "pl-ipus3y"),
        ("ipus.need", "pl-ipus3y"),
        ("contract.duration", "pl-contract10y"),
        ("ipzs.duration", "pl-ipzs4y"),
        ("ipzs.agreed", "pl-ipzs4y"),
    } <= found


def test_cli_lists_violations_and_exits_1(net: Store, request: pytest.FixtureRequest) -> None:
    _planted(net)
    args = cli_graph_args(net, request)
    result = runner.invoke(app, [*args, "check", "rules"], terminal_width=200)
    assert result.exit_code == 1, result.output
    assert "referral.self" in result.output and "Art. 12 ust. 1 ustawy o zatrudnieniu socjalnym" in result.output
    assert "naruszeń" in result.output or "naruszenia" in result.output


def test_checker_queries_by_name(net: Store) -> None:
    """The whole-graph tables the checker reads (each named query on both stores)."""
    insts = {r["id"]: r for r in net.query("rules_institutions", {})}
    assert insts["pup-u"]["type"] == "PUP" and sorted(insts["cis-p"]["serves"]) == ["041501", "041502"]
    clients = {r["id"]: r for r in net.query("rules_clients", {})}
    assert clients["client-a1"]["home_id"] == "ops-a" and clients["client-a1"]["residence_gmina"] == "041501"
    refs = {r["id"]: r for r in net.query("rules_referrals", {})}
    assert (refs["rf-a1"]["sender_id"], refs["rf-a1"]["receiver_id"], refs["rf-a1"]["opinion_by"]) == (
        "ops-a",
        "cis-p",
        "ops-a",
    )
    plans = {r["id"]: r for r in net.query("rules_plans", {})}
    assert [(x["id"], x["role"]) for x in plans["pl-o1"]["participants"] if x and x.get("id")] == [
        ("ops-o", "uzgadniający IPZS")
    ]
    assert net.query("rules_partnerships", {}) == []  # the test network has no ZI
    assert net.query("analysis_shared_persons", {"territory": ""}) == []  # nobody registered twice
