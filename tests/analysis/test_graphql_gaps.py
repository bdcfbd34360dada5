"""`gapReport` over GraphQL: roles, territory scope, parts on demand, same answers as the library."""

from __future__ import annotations

import asyncio
import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from api.clients.runtime import ClientsRuntime, make_runtime
from api.graphql.context import Context
from api.graphql.schema import build_schema
from api.security import ANONYMOUS, Principal, Role, SecurityConfig
from graph.config import Settings
from graph.store.protocol import Store
from queries.analysis.projection import PROJECTION_QUERIES, Period
from queries.analysis.report import build_report

ANALYST = Principal(user_id="u-analyst", role=Role.ANALYST, anonymous=False)
COORDINATOR = Principal(user_id="u-coord", role=Role.COORDINATOR, territories=("0415",), anonymous=False)
CASEWORKER = Principal(user_id="u-cw", role=Role.CASEWORKER, institution_id="mopr-torun", anonymous=False)

QUERY = """
query($t: String!, $p: String!, $c: String) {
  gapReport(territory: $t, period: $p, comparePeriod: $c) {
    territory { teryt name level }
    queries
    gaps { expectation teryt unitName }
    coverage { gminas rows { kind id supply } }
    structure(layer: ALL) { cohesion { density centralization isolates } brokers { id betweenness } betweennessMethod
                            coordinator { missing reason } }
    cooperation { undeclared { sender receiver referrals referralsDisplay } unused { a b } }
    pathways { id steps { label clients clientsDisplay } }
    partners(institution: "cus-lubicz") { partner reason }
    gapFillers { gap teryt institution km }
    comparison { metric a b delta }
  }
}
"""


@functools.cache
def _runtime() -> ClientsRuntime:
    """The audit trail the reports are recorded in (as the app's clients runtime would be)."""
    folder = Path(tempfile.mkdtemp(prefix="gaps-audit-"))
    atexit.register(shutil.rmtree, folder, True)
    return make_runtime(folder)


def _run(store: Store, principal: Principal, variables: dict[str, Any], query: str = QUERY) -> Any:
    ctx = Context(store=store, principal=principal, request_id="t", settings=Settings(), security=SecurityConfig())
    ctx.request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(clients=_runtime())))
    return asyncio.run(build_schema(development=False).execute(query, variable_values=variables, context_value=ctx))


def test_reports_and_refusals_are_audited(demo_store: Store) -> None:
    audit = _runtime().audit
    before = len(audit.events())
    q = "query($t: String!, $p: String!) { gapReport(territory: $t, period: $p) { queries } }"
    assert _run(demo_store, COORDINATOR, {"t": "041504", "p": "2025"}, q).errors is None
    assert _codes(_run(demo_store, COORDINATOR, {"t": "0463", "p": "2025"}, q)) == ["FORBIDDEN"]
    assert _codes(_run(demo_store, CASEWORKER, {"t": "0415", "p": "2025"}, q)) == ["FORBIDDEN"]
    events = audit.events()[before:]
    assert [(e.action, e.outcome, e.actor) for e in events] == [
        ("gaps.report", "allowed", "u-coord"),
        ("gaps.report", "denied", "u-coord"),
        ("field.gapReport", "denied", "u-cw"),
    ]
    assert events[0].purpose is not None and "041504" in events[0].purpose
    assert audit.verify().ok


def _codes(result: Any) -> list[str]:
    return [(e.extensions or {}).get("code", "") for e in result.errors or []]


def test_analyst_gets_the_report_matching_the_library(demo_store: Store) -> None:
    result = _run(demo_store, ANALYST, {"t": "0415", "p": "2025", "c": "2024"})
    assert result.errors is None, result.errors
    data = result.data["gapReport"]
    assert data["territory"] == {"teryt": "0415", "name": "toruński", "level": "powiat"}
    assert data["queries"] == 2 * len(PROJECTION_QUERIES)
    lib = build_report(demo_store, "0415", Period.parse("2025"))
    assert [(g["expectation"], g["teryt"]) for g in data["gaps"]] == [(g.expectation, g.teryt) for g in lib.gaps]
    assert data["structure"]["cohesion"]["isolates"] == list(lib.structure["all"].cohesion.isolates)
    assert [b["id"] for b in data["structure"]["brokers"]] == [b.id for b in lib.structure["all"].brokers.top]
    assert data["structure"]["betweennessMethod"] == "exact"
    assert [(f["sender"], f["receiver"]) for f in data["cooperation"]["undeclared"]] == [
        (f.sender, f.receiver) for f in lib.cooperation.undeclared
    ]
    for f in data["cooperation"]["undeclared"]:
        assert f["referrals"] is None and f["referralsDisplay"] == "<5"
    assert all(p["partner"] for p in data["partners"]) and data["partners"]
    assert any(f["gap"] == "sds-powiat" for f in data["gapFillers"])
    assert {r["metric"] for r in data["comparison"]} >= {"density_all", "referrals_total"}


def test_coordinator_only_inside_own_territory(demo_store: Store) -> None:
    ok = _run(
        demo_store,
        COORDINATOR,
        {"t": "041504", "p": "2025"},
        "query($t: String!, $p: String!) { gapReport(territory: $t, period: $p) { territory { name } } }",
    )
    assert ok.errors is None and ok.data["gapReport"]["territory"]["name"] == "Lubicz"
    denied = _run(
        demo_store,
        COORDINATOR,
        {"t": "0463", "p": "2025"},
        "query($t: String!, $p: String!) { gapReport(territory: $t, period: $p) { queries } }",
    )
    assert _codes(denied) == ["FORBIDDEN"]


def test_other_roles_and_anonymous_are_refused(demo_store: Store) -> None:
    q = '{ gapReport(territory: "0415", period: "2025") { queries } }'
    assert _codes(_run(demo_store, ANONYMOUS, {}, q)) == ["UNAUTHENTICATED"]
    assert _codes(_run(demo_store, CASEWORKER, {}, q)) == ["FORBIDDEN"]


def test_bad_arguments_name_the_argument(demo_store: Store) -> None:
    bad_teryt = _run(demo_store, ANALYST, {}, '{ gapReport(territory: "041", period: "2025") { queries } }')
    assert _codes(bad_teryt) == ["BAD_USER_INPUT"] and "territory" in bad_teryt.errors[0].message
    bad_period = _run(
        demo_store, ANALYST, {}, '{ gapReport(territory: "0415", period: "2025-02-03:2025-03-01") { queries } }'
    )
    assert _codes(bad_period) == ["BAD_USER_INPUT"] and "pełne miesiące" in bad_period.errors[0].message


def test_parts_are_computed_on_demand(demo_store: Store) -> None:
    # only the coverage: a fixed number of store calls, no structure analysis needed
    before = demo_store.calls
    result = _run(demo_store, ANALYST, {}, '{ gapReport(territory: "PL", period: "2025") { coverage { gminas } } }')
    assert result.errors is None
    assert len(result.data["gapReport"]["coverage"]["gminas"]) == 10
    assert demo_store.calls - before == len(PROJECTION_QUERIES)
