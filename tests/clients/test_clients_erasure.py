"""Erasure: the client and its referrals, plans and consents go; the audit trail keeps only pseudonyms."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.security import Role
from graph import model as m
from graph.writer import get_nodes, graph_counts
from tests.clients.clientnet import graph_hash
from tests.clients.fixtures import cli_graph_args

ERASE = "mutation($id: ID!) { eraseClient(id: $id) { erased referrals plans consents } }"
READ = "query($id: ID!) { client(id: $id) { id referrals { id } } }"


def test_erasure_removes_the_client_and_unlinks_the_trail(app_client, net) -> None:
    api = app_client
    worker = api.token(Role.CASEWORKER, "ops-a")
    partner = api.token(Role.CASEWORKER, "cis-p")
    assert api.gql(READ, {"id": "client-a1"}, worker)[1]["data"]["client"]["id"] == "client-a1"
    assert api.gql(READ, {"id": "client-a1"}, partner)[1]["data"]["client"]["id"] == "client-a1"
    events_before = len(api.audit.events())
    old = api.audit.pseudonym_of("client-a1")
    assert old is not None and api.audit.export_subject("client-a1")["events"]
    before = graph_counts(net)

    status, body = api.gql(ERASE, {"id": "client-a1"}, api.token(Role.INSTITUTION_ADMIN, "ops-a"))
    assert status == 200 and body["data"]["eraseClient"] == {"erased": True, "referrals": 2, "plans": 1, "consents": 2}

    after = graph_counts(net)
    removed = {k: before[k] - after[k] for k in before if before[k] != after[k]}
    assert removed == {
        "Client": 1,
        "Referral": 2,
        "Plan": 1,
        "Consent": 2,
        "REGISTERED_AT": 1,
        "FOR_CLIENT": 2,
        "SENT_BY": 2,
        "SENT_TO": 2,
        "FOR_SERVICE": 2,
        "PLAN_FOR": 1,
        "RESPONSIBLE": 1,
        "CONSENT_OF": 2,
        "CONSENT_FOR": 2,
    }
    assert get_nodes(net, m.Client, ["client-a1"]) == [] and get_nodes(net, m.Referral, ["rf-a1", "rf-a1x"]) == []
    # the trail: events kept, nothing links them to the client any more
    log = api.audit
    assert log.pseudonym_of("client-a1") is None and log.pseudonym_of("rf-a1") is None
    assert log.export_subject("client-a1")["events"] == []
    events = log.events()
    assert len(events) > events_before and log.verify().ok
    assert any(e.object_pseudonym == old for e in events)  # the old pseudonym stays in the trail …
    assert all("client-a1" not in json.dumps(e.record()) for e in events)  # … and the id never was there
    erased = [e for e in events if e.action == "client.erase"]
    assert [(e.outcome, e.role) for e in erased] == [("allowed", "institution_admin")]
    # nobody sees it any more, and the answer is the one for a client that never existed
    assert api.raw(READ, {"id": "client-a1"}, partner) == api.raw(READ, {"id": "client-never"}, partner)
    # that denied lookup is recorded under a NEW pseudonym: the old events stay unlinked
    rotated = log.pseudonym_of("client-a1")
    assert rotated is not None and rotated != old
    assert [e["outcome"] for e in log.export_subject("client-a1")["events"]] == ["denied"]


def test_only_the_home_institutions_admin_erases(app_client, net) -> None:
    api = app_client
    before = graph_hash(net)
    other_admin = api.gql(ERASE, {"id": "client-a1"}, api.token(Role.INSTITUTION_ADMIN, "ops-o"))[1]
    missing = api.gql(ERASE, {"id": "client-none"}, api.token(Role.INSTITUTION_ADMIN, "ops-o"))[1]
    assert other_admin == missing and missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    caseworker = api.gql(ERASE, {"id": "client-a1"}, api.token(Role.CASEWORKER, "ops-a"))[1]
    assert caseworker["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = api.gql(ERASE, {"id": "client-a1"}, api.token(Role.ADMIN))[1]
    assert admin["data"]["eraseClient"] is None  # no institution: erases nothing
    assert graph_hash(net) == before
    assert [e.outcome for e in api.audit.events() if e.action == "client.erase"] == ["denied"] * 3


def test_cli_erasure(net, state_dir, request) -> None:
    from api.cli import app
    from api.clients.runtime import make_runtime

    extra = cli_graph_args(net, request)  # the CLI opens its own connection to the same graph
    runner = CliRunner()
    base = [*extra, "clients", "erase", "client-a1", "--yes", "--state-dir", str(state_dir)]
    refused = runner.invoke(app, [*base, "--institution", "ops-o"])
    assert refused.exit_code == 2
    done = runner.invoke(app, [*base, "--institution", "ops-a"])
    assert done.exit_code == 0, done.output
    assert "skierowania 2, plany 1, zgody 2" in done.output
    log = make_runtime(state_dir).audit
    assert [e.outcome for e in log.events() if e.action == "client.erase"] == ["denied", "allowed"]
    if net.backend == "neo4j":
        assert get_nodes(net, m.Client, ["client-a1"]) == [] and get_nodes(net, m.Client, ["client-a2"])
