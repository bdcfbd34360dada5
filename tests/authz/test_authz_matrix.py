"""The authorization matrix (tests/authz/authz_matrix.yaml): every cell is a test, on both stores.

Each operation *arranges* fresh objects when it writes (so an allowed write
never changes what another cell sees), *acts* through GraphQL with the role's
token, and reports whether the caller got what it asked for.  A denied cell
must also leave the graph unchanged and – for a logged-in caller – leave a
refusal in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.security import Role
from graph.clients.service import ClientsService
from graph.config import Settings
from tests.clients.clientnet import graph_hash, load_network
from tests.clients.fixtures import Api, principal
from tests.conftest import BACKENDS, make_store

MATRIX_FILE = Path(__file__).with_name("authz_matrix.yaml")
MATRIX = yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))
ROLE_USERS: dict[str, tuple[Role, str | None, tuple[str, ...]]] = {
    "caseworker": (Role.CASEWORKER, "ops-a", ()),
    "institution_admin": (Role.INSTITUTION_ADMIN, "ops-a", ()),
    "coordinator": (Role.COORDINATOR, None, ("0415",)),
    "analyst": (Role.ANALYST, None, ()),
    "admin": (Role.ADMIN, None, ()),
}


class World:
    def __init__(self, store: Any, client: TestClient):
        self.store = store
        self.api = Api(client)

    def svc(self, institution: str) -> ClientsService:
        rt = self.api.app.state.clients
        return ClientsService(self.store, rt.audit, principal(institution), pesel_key=rt.pesel_key)

    def token(self, role: str) -> str | None:
        if role == "anonymous":
            return None
        r, inst, terr = ROLE_USERS[role]
        return self.api.token(r, inst, terr)


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from api.app import create_app

    store = make_store(request.param, request, tmp_path_factory.mktemp(f"authz-{request.param}"))
    load_network(store)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOOPERACJA_STATE_DIR", str(tmp_path_factory.mktemp("authz-state")))
        mp.setenv("KOOPERACJA_JWT_SECRET", "t" * 20 + "authz-matrix-secret-0123456789")
        app = create_app(Settings(graph="(test store)", env="test"), store=store)
    with TestClient(app) as client:
        yield World(store, client)
    store.close()


# ---------------------------------------------------------------- operations


@dataclass(frozen=True)
class Op:
    write: bool
    arrange: Callable[[World, str], Any]
    act: Callable[[World, str | None, Any], dict[str, Any]]
    allowed: Callable[[dict[str, Any], Any], bool]
    #: False for lists: a client missing from a caseworker's list is not a refused request.
    names_object: bool = True


def _data(body: dict[str, Any], field: str) -> Any:
    return (body.get("data") or {}).get(field)


def fixed(mapping: dict[str, Any]) -> Callable[[World, str], Any]:
    return lambda _w, own: mapping[own]


CLIENT = {"own": "client-a1", "partner": "client-o8", "other": "client-o1"}


def gql(query: str, variables: Callable[[Any], dict[str, Any]]) -> Callable[[World, str | None, Any], dict[str, Any]]:
    def act(w: World, token: str | None, ctx: Any) -> dict[str, Any]:
        return w.api.gql(query, variables(ctx), token)[1]

    return act


def _draft(w: World, sender: str, client: str) -> str:
    return (
        w.svc(sender)
        .create_referral(
            {"client_id": client, "to_institution_id": "ngo-n", "service_id": "ngo-n.porady", "basis": "consent"}
        )
        .id
    )


def _arrange_transition(w: World, own: str) -> tuple[str, str]:
    if own == "own":
        return _draft(w, "ops-a", "client-a1"), "CANCELLED"
    o = w.svc("ops-o")
    if own == "partner":
        ref = o.create_referral(
            {"client_id": "client-o8", "to_institution_id": "ops-a", "service_id": "ops-a.praca", "basis": "ups_art100"}
        )
    else:
        ref = o.create_referral(
            {
                "client_id": "client-o1",
                "to_institution_id": "cis-p",
                "service_id": "cis-p.reint",
                "basis": "uzs_art12",
                "step": "referral",
            }
        )
    o.send_referral(ref.id)
    return ref.id, "RECEIVED"


def _arrange_consent(w: World, own: str) -> tuple[str, str]:
    home, client, target = {
        "own": ("ops-a", "client-a1", "ngo-n"),
        "partner": ("ops-o", "client-o8", "ops-a"),
        "other": ("ops-o", "client-o1", "ngo-n"),
    }[own]
    made = w.svc(home).record_consent(
        {"client_id": client, "institution_id": target, "basis": "consent", "purpose": "x"}
    )
    return client, made.id


def _arrange_plan(w: World, own: str) -> str:
    if own == "partner":
        return "pl-o8p"
    inst, client = ("ops-a", "client-a1") if own == "own" else ("ops-o", "client-o1")
    return (
        w.svc(inst)
        .create_plan(
            {"client_id": client, "type": "KONTRAKT_SOCJALNY", "starts_on": "2026-03-01", "ends_on": "2027-02-28"}
        )
        .id
    )


def _arrange_erase(w: World, own: str) -> str:
    if own == "own":
        return w.svc("ops-a").register_client({"target_groups": ["seniorzy"]})[0].id
    return CLIENT[own]


def _inbox_allowed(body: dict[str, Any], rid: str) -> bool:
    ids = [r["id"] for k in ("i", "o") for r in (_data(body, k) or [])]
    return rid in ids


OPS: dict[str, Op] = {
    "read_client": Op(
        False,
        fixed(CLIENT),
        gql("query($id: ID!) { client(id: $id) { id targetGroups } }", lambda c: {"id": c}),
        lambda b, c: (_data(b, "client") or {}).get("id") == c,
    ),
    "list_clients": Op(
        False,
        fixed(CLIENT),
        gql("{ clients(limit: 100) { id } }", lambda c: {}),
        lambda b, c: c in [x["id"] for x in _data(b, "clients") or []],
        names_object=False,
    ),
    "read_referral": Op(
        False,
        fixed({"own": "rf-a1", "partner": "rf-o8", "other": "rf-o1"}),
        gql("query($id: ID!) { referral(id: $id) { id status client { id } } }", lambda r: {"id": r}),
        lambda b, r: (_data(b, "referral") or {}).get("id") == r,
    ),
    "read_plan": Op(
        False,
        fixed({"own": "pl-a1", "partner": "pl-o8p", "other": "pl-o1"}),
        gql("query($id: ID!) { plan(id: $id) { id participants { institutionId } } }", lambda p: {"id": p}),
        lambda b, p: (_data(b, "plan") or {}).get("id") == p,
    ),
    "inbox": Op(
        False,
        fixed({"own": "rf-a1", "partner": "rf-o8", "other": "rf-o1"}),
        gql(
            "{ i: inbox(direction: INCOMING, limit: 100) { id } o: inbox(direction: OUTGOING, limit: 100) { id } }",
            lambda r: {},
        ),
        _inbox_allowed,
        names_object=False,
    ),
    "register_client": Op(
        True,
        fixed({"own": None, "partner": "ops-o", "other": "cis-p"}),
        lambda w, t, inst: w.api.gql(
            'mutation { registerClient(input: {targetGroups: ["seniorzy"]}) { client { id isHome } } }'
            if inst is None
            else 'mutation($i: ID!) { registerClient(input: {targetGroups: ["seniorzy"], institutionId: $i}) { client { id } } }',
            None if inst is None else {"i": inst},
            t,
        )[1],
        lambda b, _c: bool(((_data(b, "registerClient") or {}).get("client") or {}).get("id")),
    ),
    "record_consent": Op(
        True,
        fixed(CLIENT),
        gql(
            'mutation($c: ID!) { recordConsent(input: {clientId: $c, institutionId: "ngo-n", basis: CONSENT, purpose: "x"}) { id } }',
            lambda c: {"c": c},
        ),
        lambda b, _c: _data(b, "recordConsent") is not None,
    ),
    "withdraw_consent": Op(
        True,
        _arrange_consent,
        gql(
            "mutation($c: ID!, $k: ID!) { withdrawConsent(clientId: $c, consentId: $k) { id withdrawnAt } }",
            lambda ck: {"c": ck[0], "k": ck[1]},
        ),
        lambda b, _c: bool((_data(b, "withdrawConsent") or {}).get("withdrawnAt")),
    ),
    "create_referral": Op(
        True,
        fixed(CLIENT),
        gql(
            'mutation($c: ID!) { createReferral(input: {clientId: $c, toInstitutionId: "ngo-n", '
            'serviceId: "ngo-n.porady", basis: CONSENT}) { id } }',
            lambda c: {"c": c},
        ),
        lambda b, _c: _data(b, "createReferral") is not None,
    ),
    "send_referral": Op(
        True,
        lambda w, own: _draft(w, "ops-o" if own == "other" else "ops-a", CLIENT[own]),
        gql("mutation($id: ID!) { sendReferral(id: $id) { referral { id status } capacity } }", lambda r: {"id": r}),
        lambda b, _r: ((_data(b, "sendReferral") or {}).get("referral") or {}).get("status") == "REQUESTED",
    ),
    "transition_referral": Op(
        True,
        _arrange_transition,
        gql(
            "mutation($id: ID!, $s: ReferralStatus!) { transitionReferral(id: $id, status: $s) { id status } }",
            lambda rs: {"id": rs[0], "s": rs[1]},
        ),
        lambda b, rs: (_data(b, "transitionReferral") or {}).get("status") == rs[1],
    ),
    "create_plan": Op(
        True,
        fixed(CLIENT),
        gql(
            'mutation($c: ID!) { createPlan(input: {clientId: $c, type: SOCIAL_CONTRACT, startsOn: "2026-03-01", endsOn: "2027-02-28"}) { id } }',
            lambda c: {"c": c},
        ),
        lambda b, _c: _data(b, "createPlan") is not None,
    ),
    "set_plan_status": Op(
        True,
        _arrange_plan,
        gql("mutation($id: ID!) { setPlanStatus(id: $id, status: ACTIVE) { id status } }", lambda p: {"id": p}),
        lambda b, _p: (_data(b, "setPlanStatus") or {}).get("status") == "ACTIVE",
    ),
    "add_plan_participant": Op(
        True,
        _arrange_plan,
        gql(
            'mutation($id: ID!) { addPlanParticipant(planId: $id, input: {institutionId: "ngo-n", role: "wsparcie", '
            "basis: CONSENT}) { id participants { institutionId } } }",
            lambda p: {"id": p},
        ),
        lambda b, _p: (
            "ngo-n" in [x["institutionId"] for x in (_data(b, "addPlanParticipant") or {}).get("participants", [])]
        ),
    ),
    "erase_client": Op(
        True,
        _arrange_erase,
        gql("mutation($id: ID!) { eraseClient(id: $id) { erased } }", lambda c: {"id": c}),
        lambda b, _c: bool((_data(b, "eraseClient") or {}).get("erased")),
    ),
    "client_statistics": Op(
        False,
        fixed({"own": "041501", "partner": "0415", "other": "0463"}),
        gql(
            "query($t: String!) { clientStatistics(territory: $t, year: 2025) { totals { publishedTotal } } }",
            lambda t: {"t": t},
        ),
        lambda b, _t: _data(b, "clientStatistics") is not None,
    ),
}

CELLS = [
    (op, role, own, MATRIX["operations"][op][role][k])
    for op in MATRIX["operations"]
    for role in MATRIX["roles"]
    for k, own in enumerate(MATRIX["ownership"])
]


def test_the_matrix_is_complete() -> None:
    ops = MATRIX["operations"]
    assert set(ops) == set(OPS), "every operation in the matrix has a driver and vice versa"
    for op, rows in ops.items():
        assert list(rows) == MATRIX["roles"], op
        for role, cells in rows.items():
            assert len(cells) == len(MATRIX["ownership"]) and set(cells) <= {"allow", "deny"}, (op, role)
    assert len(CELLS) == len(OPS) * 6 * 3


@pytest.mark.parametrize(("op", "role", "own", "expected"), CELLS, ids=[f"{o}-{r}-{w}" for o, r, w, _ in CELLS])
def test_cell(world: World, op: str, role: str, own: str, expected: str) -> None:
    spec = OPS[op]
    ctx = spec.arrange(world, own)
    token = world.token(role)
    before = graph_hash(world.store) if spec.write else None
    seen = len(world.api.audit.events())
    body = spec.act(world, token, ctx)
    assert spec.allowed(body, ctx) is (expected == "allow"), body
    if spec.write:
        changed = graph_hash(world.store) != before
        assert changed is (expected == "allow"), "a write must change the graph exactly when allowed"
    if expected == "deny":
        errors = body.get("errors", [])
        executed = body.get("data") is not None or any("path" in e for e in errors)  # not a validation error
        if role == "anonymous":
            assert not executed or [e["extensions"]["code"] for e in errors] == ["UNAUTHENTICATED"], body
        elif executed and (spec.names_object or role != "caseworker"):
            refusals = [e for e in world.api.audit.events()[seen:] if e.outcome == "denied"]
            assert refusals, f"{op}/{role}/{own}: refusal not audited"
