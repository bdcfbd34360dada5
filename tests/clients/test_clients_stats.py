"""Aggregates: counts only, small cells suppressed everywhere, differencing does not reconstruct them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from api.security import Role
from graph import model as m
from graph.writer import Batch, write_batch
from tests.clients.fixtures import cli_graph_args

STATS = """query($t: String!, $y: Int!) {
  clientStatistics(territory: $t, year: $y) {
    byTargetGroup { threshold publishedTotal suppressedCells cells { gmina category count display } }
    totals { publishedTotal cells { gmina category count display } }
  }
}"""
REFERRALS = """query($t: String!, $y: Int!) {
  referralStatistics(territory: $t, year: $y) { byStatus { cells { gmina category count } } byOutcome { cells { count } } }
  referralFlows(territory: $t, year: $y) { cells { gmina senderInstitutionId category count display } }
}"""


@pytest.fixture
def crowd(net):  # type: ignore[no-untyped-def]
    """More clients, single target group each: 041501 +8 bezdomni +2 seniorzy; 041502 +12 bezdomni +6 niepełnosprawni."""
    when = dt.datetime(2025, 5, 1, 9, 0)
    clients, reg = [], []
    for home, group, n in [
        ("ops-a", "bezdomni", 8),
        ("ops-a", "seniorzy", 2),
        ("ops-o", "bezdomni", 12),
        ("ops-o", "niepelnosprawni", 6),
    ]:
        for k in range(n):
            cid = f"cl-{home}-{group}-{k:02d}"
            clients.append(m.Client(id=cid, target_groups=[group], registered_at=when))
            reg.append(m.RegisteredAt(src=cid, dst=home))
    write_batch(net, Batch().add(m.Client, clients).add(m.RegisteredAt, reg))
    return net


def cells(table: dict[str, Any]) -> dict[tuple[str, str], int | None]:
    return {(c["gmina"], c["category"]): c["count"] for c in table["cells"]}


def test_small_cells_are_suppressed_with_secondary_suppression(app_client, crowd) -> None:
    token = app_client.token(Role.ANALYST)
    body = app_client.gql(STATS, {"t": "04", "y": 2025}, token)[1]["data"]["clientStatistics"]
    groups, totals = cells(body["byTargetGroup"]), cells(body["totals"])
    # true values – 041501: bezdomni 9, dlugotrwale 1, seniorzy 3; 041502: alkohol 1, bezdomni 18, niepełnosprawni 7
    assert groups == {
        ("041501", "bezdomni"): 9,
        ("041501", "dlugotrwale-bezrobotni"): None,
        ("041501", "seniorzy"): None,
        ("041502", "uzaleznieni-alkohol"): None,
        ("041502", "bezdomni"): 18,
        ("041502", "niepelnosprawni"): None,
    }
    assert totals == {("041501", "razem"): 12, ("041502", "razem"): 26}
    assert body["byTargetGroup"]["threshold"] == 5 and body["byTargetGroup"]["suppressedCells"] == 4
    assert body["byTargetGroup"]["publishedTotal"] == 27  # a sum of published cells, never the true one
    assert {c["display"] for c in body["byTargetGroup"]["cells"] if c["count"] is None} == {"<5"}


def test_differencing_two_queries_does_not_reveal_a_suppressed_cell(app_client, crowd) -> None:
    """The attacker wants '041502 / uzaleznieni-alkohol' (true value 1)."""
    token = app_client.token(Role.ANALYST)
    whole = app_client.gql(STATS, {"t": "04", "y": 2025}, token)[1]["data"]["clientStatistics"]
    gmina = app_client.gql(STATS, {"t": "041502", "y": 2025}, token)[1]["data"]["clientStatistics"]
    # a narrower territory is the same cells, not a new total to subtract
    g_whole = {k: v for k, v in cells(whole["byTargetGroup"]).items() if k[0] == "041502"}
    assert cells(gmina["byTargetGroup"]) == g_whole
    # every group of 041502 is single-valued, so total − published groups is what an attacker can compute …
    total = cells(gmina["totals"])[("041502", "razem")]
    published = [v for v in g_whole.values() if v is not None]
    assert total is not None and total - sum(published) == 8  # = alkohol + niepełnosprawni, not separable
    candidates = (
        {total - sum(published)} | {total - v for v in published} | {abs(a - b) for a in published for b in published}
    )
    assert 1 not in candidates
    # … whereas without the secondary suppression the niepełnosprawni cell (7) would give it away
    assert total - 18 - 7 == 1
    # the period cannot be shifted to difference overlapping ranges: only whole calendar years exist
    from api.graphql.schema import build_schema

    query_type = build_schema(development=True)._schema.query_type
    assert sorted(query_type.fields["clientStatistics"].args) == ["territory", "year"]
    other_year = app_client.gql(STATS, {"t": "04", "y": 2024}, token)[1]["data"]["clientStatistics"]
    assert other_year["totals"]["cells"] == []


def test_every_published_count_is_zero_or_at_least_the_threshold(app_client, crowd) -> None:
    token = app_client.token(Role.ANALYST)
    body = app_client.gql(REFERRALS, {"t": "", "y": 2025}, token)[1]["data"]
    counts = [c["count"] for c in body["referralFlows"]["cells"]]
    counts += [c["count"] for c in body["referralStatistics"]["byStatus"]["cells"]]
    counts += [c["count"] for c in body["referralStatistics"]["byOutcome"]["cells"]]
    assert counts and all(c is None or c == 0 or c >= 5 for c in counts)
    flows = {(c["senderInstitutionId"], c["category"]): c["display"] for c in body["referralFlows"]["cells"]}
    assert flows[("ops-o", "ops-a")] == "<5" and flows[("ops-a", "cis-p")] == "<5"


def test_who_may_ask_for_which_territory(app_client, crowd) -> None:
    coord = app_client.token(Role.COORDINATOR, territories=("0415",))
    assert app_client.gql(STATS, {"t": "041501", "y": 2025}, coord)[1]["data"]["clientStatistics"] is not None
    for outside in ("0463", "04", ""):
        body = app_client.gql(STATS, {"t": outside, "y": 2025}, coord)[1]
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert app_client.gql(STATS, {"t": "", "y": 2025}, app_client.token(Role.ANALYST))[1]["data"]["clientStatistics"]
    for role, inst in [(Role.CASEWORKER, "ops-a"), (Role.INSTITUTION_ADMIN, "ops-a")]:
        body = app_client.gql(STATS, {"t": "041501", "y": 2025}, app_client.token(role, inst))[1]
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = app_client.gql(STATS, {"t": "4x", "y": 2025}, app_client.token(Role.ANALYST))[1]
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    events = [(e.action, e.outcome, e.role) for e in app_client.audit.events() if e.action.startswith("stats.")]
    assert ("stats.clients", "denied", "coordinator") in events and ("stats.clients", "allowed", "analyst") in events


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_cli_exports_are_suppressed_too(crowd, state_dir, request, tmp_path, fmt: str) -> None:
    from api.cli import app

    graph = cli_graph_args(crowd, request)
    out = tmp_path / f"stats.{fmt}"
    args = [
        *graph,
        "clients",
        "stats",
        "--territory",
        "04",
        "--year",
        "2025",
        "--format",
        fmt,
        "--state-dir",
        str(state_dir),
    ]
    if fmt != "table":
        args += ["--output", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    if fmt == "table":
        assert "<5" in result.output and "Suma opublikowanych komórek: 27" in result.output
        return
    text = out.read_text(encoding="utf-8")
    rows = json.loads(text) if fmt == "json" else list(csv.DictReader(io.StringIO(text)))
    shown = {(r["gmina"], r["category"]): r["count"] for r in rows if r["measure"] == "clients_by_target_group"}
    assert shown[("041502", "uzaleznieni-alkohol")] == "<5" and shown[("041502", "bezdomni")] == "18"
    assert all(r["count"] == "<5" or int(r["count"]) >= 5 or int(r["count"]) == 0 for r in rows)
