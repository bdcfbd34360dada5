"""Authorization by construction, checked over the whole schema and app.

* default deny: every GraphQL root field declares a permission; every REST route
  is public by an explicit allow-list entry or depends on a permission (S-AUTH-05);
* without credentials every non-public operation is refused (S-AUTH-09), and with
  the public directory switched off, every operation;
* every root field taking an id answers "not yours" byte-for-byte like "does not
  exist", and the refusal is audited (S-AUTH-01, S-AUTH-10); whether the response
  time differs is measured by ``kooperacja bench timing``, never asserted in a test;
* a walk over every schema path ending in a client, referral, plan or consent,
  run as another institution's caseworker, finds none of the hidden objects (S-AUTH-02);
* alias and batch enumeration are refused before any store call (S-AUTH-08);
* DataLoaders are per request and concurrent callers never see each other's cache (S-AUTH-07).
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import importlib.util
import inspect
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    is_non_null_type,
)
from graphql.pyutils import Undefined

from api.security import Role
from graph import model as m
from graph.writer import get_nodes
from tests.clients.clientnet import (
    HIDDEN_FROM_A,
    HIDDEN_PLANS_FROM_A,
    HIDDEN_REFERRALS_FROM_A,
    network_batch,
)

SENSITIVE = {"Client", "Referral", "Plan", "Consent", "PlanParticipant"}
MAX_PATH = 5


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def graphql_schema() -> Any:
    from api.graphql.schema import build_schema

    return build_schema(development=False)


# ---------------------------------------------------------------- default deny (static)


def test_every_root_field_declares_a_permission() -> None:
    schema = graphql_schema()
    missing = []
    for root in (schema.query, schema.mutation):
        for field in root.__strawberry_definition__.fields:  # type: ignore[union-attr]
            if not field.permission_classes:
                missing.append(field.name)
    assert missing == [], f"root fields without a permission class: {missing}"


#: REST routes reachable without any permission dependency – reviewed one by one.
PUBLIC_ROUTES = {
    "/health": "process liveness, no data",
    "/ready": "store reachability, no data",
    "/auth/token": "the login itself",
    "/openapi.json": "API description",
    "/docs": "API description",
    "/docs/oauth2-redirect": "API description",
    "/redoc": "API description",
    "/graphql": "GraphQL: every field has its own permission (test above)",
    "": "the GraphQL router's WebSocket endpoint: same schema, same field permissions",
}


def _route_calls(dependant: Any) -> set[str]:
    found = set()
    for dep in getattr(dependant, "dependencies", []) or []:
        call = getattr(dep, "call", None)
        if call is not None:
            found.add(getattr(call, "__qualname__", repr(call)))
        found |= _route_calls(dep)
    return found


def rest_routes(app: Any) -> Iterator[tuple[str, Any]]:
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:
            yield route.path, None
            continue
        for ctx in contexts():
            if ctx.path == "":
                assert "GraphQLRouter" in getattr(ctx.original_route.endpoint, "__qualname__", ""), "unnamed route"
            yield ctx.path, ctx.dependant


def test_every_rest_route_is_public_by_allow_list_or_guarded(app_client) -> None:
    guards = {"require_directory_access", "require_user"}
    unguarded = []
    for path, dependant in rest_routes(app_client.app):
        if path in PUBLIC_ROUTES or path in portal_routes(app_client.app):
            continue  # portal pages: guarded by the session + GraphQL-as-the-caller (tests below)
        if not (_route_calls(dependant) & guards):
            unguarded.append(path)
    assert unguarded == [], f"REST routes with no permission dependency: {unguarded}"
    assert any(p.startswith("/hsds") for p, _ in rest_routes(app_client.app))


# ---------------------------------------------------------------- portal pages (api/portal)
#
# Portal pages carry no REST permission dependency: their guard is that a page reads and writes
# data only through ``api.portal.framework.operations.query()/mutate()``, which run named GraphQL
# operations against the schema *as the session's caller* (same field permissions as /graphql,
# checked above), and that a page needing a role answers an anonymous caller with the login.

#: Portal pages anyone may open – reviewed one by one.
PUBLIC_PORTAL_PAGES = {
    "/static/{path:path}": "the portal's own CSS/JS and pinned vendor files, no data",
    "/logowanie": "the login form and its POST (the login itself)",
    "/wylogowanie": "logout: only clears the session cookie (CSRF-checked)",
    "/logowanie/oidc": "OpenID Connect login start (the login itself)",
    "/logowanie/oidc/powrot": "OpenID Connect callback (the login itself, state-checked)",
    "/": "service search: PublicDirectory operations only",
    "/podpowiedzi/gminy": "gmina autocomplete: public TERYT names",
    "/instytucje/{institution_id}": "institution page: PublicDirectory operations only",
    "/teren": "territory chooser: PublicDirectory operations only",
    "/teren/{teryt}": "territory page: PublicDirectory operations only (small counts suppressed by the API)",
    "/docs": "Swagger UI page (API description), also in PUBLIC_ROUTES",
}

#: What a portal page module may import: the portal framework and shared helpers (data only via
#: query()/mutate()), roles, enum/text value helpers, the web framework – never a store, a named
#: query, a domain service or a resolver (third-party imports are checked too, stdlib is not).
PAGE_IMPORTS_ALLOWED = (
    "api.portal.framework",
    "api.portal.shared",
    "api.security",
    "graph.enums",
    "graph.text",
    "starlette",
    "fastapi",
)
#: Reviewed per-module additions.
PAGE_IMPORTS_EXTRA = {
    "api.portal.pages.login.routes": {
        "api.auth.routes": "the token endpoint's own rate-limited login (the login itself)"
    },
    "api.portal.pages.login.oidc": {
        "httpx": "the OpenID Connect token request to the configured provider (the login itself)"
    },
    "api.portal.pages.tools.routes": {
        "strawberry.fastapi": "GraphQLRouter subclass serving the vendored GraphiQL for /graphql"
    },
}


def portal_routes(app: Any) -> dict[str, list[Any]]:
    """Path → the PortalRoute objects (one per method) of every portal page."""
    from api.portal.framework.routing import PortalRoute

    out: dict[str, list[Any]] = {}
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for ctx in contexts() if contexts else []:
            if isinstance(ctx.original_route, PortalRoute):
                out.setdefault(ctx.path, []).append(ctx.original_route)
    return out


def _module_imports(source: str, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):  # relative imports resolved against the page's package
            found.add(importlib.util.resolve_name("." * node.level + (node.module or ""), package))
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {name for name in found if name.split(".")[0] not in sys.stdlib_module_names}


def test_portal_pages_read_data_only_through_graphql_as_the_caller(app_client) -> None:
    routes = portal_routes(app_client.app)
    assert {"/", "/sprawy", "/moja-instytucja", "/mapa-sieci", "/diagnoza", "/partnerstwa"} <= set(routes)
    modules = {r.endpoint.__module__ for rs in routes.values() for r in rs}
    bad: dict[str, set[str]] = {}
    for name in sorted(modules):
        module = importlib.import_module(name)
        source = inspect.getsource(module)
        allowed = PAGE_IMPORTS_ALLOWED + tuple(PAGE_IMPORTS_EXTRA.get(name, {}))
        extra = {
            i
            for i in _module_imports(source, module.__package__ or "")
            if not any(i == a or i.startswith(a + ".") for a in allowed)
        }
        if "state.store" in source or ".store." in source:
            extra.add("the store itself")
        if extra:
            bad[name] = extra
    assert bad == {}, f"portal page modules reaching data other than through query()/mutate(): {bad}"
    unused = {m for m in PAGE_IMPORTS_EXTRA if m not in modules}
    assert unused == set(), f"stale PAGE_IMPORTS_EXTRA entries: {unused}"
    stale = set(PUBLIC_PORTAL_PAGES) - set(routes)
    assert stale == set(), f"PUBLIC_PORTAL_PAGES lists no-longer-existing pages: {stale}"


def test_portal_pages_needing_a_role_refuse_an_anonymous_caller(app_client) -> None:
    from fastapi.testclient import TestClient

    private = {p: rs for p, rs in portal_routes(app_client.app).items() if p not in PUBLIC_PORTAL_PAGES}
    for prefix in ("/sprawy", "/moja-instytucja", "/mapa-sieci", "/diagnoza", "/partnerstwa"):
        assert any(p.startswith(prefix) for p in private), prefix
    with TestClient(app_client.app) as anonymous:  # no session cookie, no token
        for path, rs in sorted(private.items()):
            url = re.sub(r"\{[^}]+\}", "x-1", path)
            for method in sorted({m for r in rs for m in r.methods}):
                response = anonymous.request(method, url, follow_redirects=False)
                if method == "GET":  # the login, coming back here afterwards
                    assert response.status_code == 303, (method, path, response.status_code)
                    assert response.headers["location"].startswith("/logowanie?next="), (method, path)
                else:  # the login form (no session) or the CSRF refusal: nothing written, no data
                    assert response.status_code in (401, 403), (method, path, response.status_code)


# ---------------------------------------------------------------- dummy arguments for every field


def _literal(t: Any) -> str:
    if isinstance(t, GraphQLNonNull):
        return _literal(t.of_type)
    if isinstance(t, GraphQLList):
        return f"[{_literal(t.of_type)}]"
    if isinstance(t, GraphQLEnumType):
        return next(iter(t.values))
    if isinstance(t, GraphQLInputObjectType):
        inner = [
            f"{n}: {_literal(f.type)}"
            for n, f in t.fields.items()
            if is_non_null_type(f.type) and f.default_value is Undefined
        ]
        return "{" + ", ".join(inner) + "}"
    name = getattr(t, "name", "")
    if name not in SCALAR_LITERALS:
        raise AssertionError(f"no dummy literal for the scalar {name}: add a valid one to SCALAR_LITERALS")
    return SCALAR_LITERALS[name]


#: A literal that passes validation for every scalar of the schema: an invalid one (e.g. "x-1" for a
#: Date) fails the whole document before any permission runs, and the refusal would go unchecked.
SCALAR_LITERALS = {
    "Int": "2025",
    "Float": "1.0",
    "Boolean": "false",
    "String": '"x-1"',
    "ID": '"x-1"',
    "Date": '"2025-01-01"',
    "DateTime": '"2025-01-01T00:00:00"',
}


def _selection(t: Any) -> str:
    named = get_named_type(t)
    return " { __typename }" if isinstance(named, GraphQLObjectType) or hasattr(named, "types") else ""


def operations(kind: str) -> list[tuple[str, str]]:
    schema = graphql_schema()._schema
    root = schema.query_type if kind == "query" else schema.mutation_type
    out = []
    for name, field in root.fields.items():
        args = [f"{a}: {_literal(arg.type)}" for a, arg in field.args.items() if is_non_null_type(arg.type)]
        call = f"{name}({', '.join(args)})" if args else name
        out.append((name, f"{kind} {{ {call}{_selection(field.type)} }}"))
    return out


def _admin_only_fields() -> set[str]:
    from api.security import AdminOnly

    schema = graphql_schema()
    out = set()
    for root in (schema.query, schema.mutation):
        for f in root.__strawberry_definition__.fields:  # type: ignore[union-attr]
            if any(issubclass(p, AdminOnly) for p in f.permission_classes):
                out.add(_camel(f.name))
    return out


#: Fields guarded by ``AdminOnly`` (directory edits) answer an anonymous caller FORBIDDEN, not
#: UNAUTHENTICATED – still no data; every other field says UNAUTHENTICATED.
FORBIDDEN_FOR_ANONYMOUS = dict.fromkeys(_admin_only_fields(), "FORBIDDEN")


def _public_fields() -> set[str]:
    from api.security import PublicDirectory

    schema = graphql_schema()
    return {f.name for f in schema.query.__strawberry_definition__.fields if PublicDirectory in f.permission_classes}


@pytest.mark.parametrize("kind", ["query", "mutation"])
def test_without_credentials_only_the_public_directory_answers(app_client, kind: str) -> None:
    public = {_camel(n) for n in _public_fields()}
    checked = 0
    unchecked: list[tuple[str, Any]] = []
    for name, doc in operations(kind):
        status, body = app_client.gql(doc)
        assert status == 200
        if name in public:
            continue
        codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
        if not any("path" in e for e in body.get("errors", [])):
            unchecked.append((name, body))  # the dummy arguments did not validate: nothing ran
            continue
        expected = FORBIDDEN_FOR_ANONYMOUS.get(name, "UNAUTHENTICATED")
        assert codes == [expected], (name, body)
        assert not (body.get("data") or {}).get(name), (name, body)
        checked += 1
    assert unchecked == []
    assert checked >= (10 if kind == "mutation" else 8)


def test_private_directory_refuses_every_anonymous_operation(net, state_dir) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.security import SecurityConfig
    from graph.config import Settings

    app = create_app(Settings(graph="x", env="test"), store=net, security=SecurityConfig(public_directory=False))
    with TestClient(app) as client:
        for kind in ("query", "mutation"):
            for name, doc in operations(kind):
                body = client.post("/graphql", json={"query": doc}).json()
                codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
                assert codes == [FORBIDDEN_FOR_ANONYMOUS.get(name, "UNAUTHENTICATED")], (name, body)
                assert not (body.get("data") or {}).get(name)
        assert client.get("/hsds/services").status_code == 401
        assert client.get("/health").status_code == 200


def test_expired_and_forged_tokens_get_401_on_every_operation(app_client) -> None:
    import jwt

    forged = jwt.encode({"sub": "u-x", "exp": 1}, "nope" * 10, algorithm="HS256")
    for kind in ("query", "mutation"):
        for name, doc in operations(kind):
            response = app_client.client.post(
                "/graphql", json={"query": doc}, headers={"Authorization": f"Bearer {forged}"}
            )
            assert response.status_code == 401 and "data" not in response.json(), name


def test_client_type_has_no_identifying_field() -> None:
    client = graphql_schema()._schema.type_map["Client"]
    assert set(client.fields) == {
        "id",
        "homeInstitutionId",
        "isHome",
        "targetGroups",
        "birthYearBand",
        "sex",
        "registeredAt",
        "referrals",
        "plans",
        "consents",
    }


# ---------------------------------------------------------------- "not yours" == "does not exist"


def _id_lookups() -> list[tuple[str, str]]:
    """Every root query field with an ID argument, as (field, document with $id)."""
    schema = graphql_schema()._schema
    out = []
    for name, field in schema.query_type.fields.items():
        ids = [a for a, arg in field.args.items() if getattr(get_named_type(arg.type), "name", "") == "ID"]
        if not ids:
            continue
        others = [
            f"{a}: {_literal(arg.type)}" for a, arg in field.args.items() if a != ids[0] and is_non_null_type(arg.type)
        ]
        args = ", ".join([f"{ids[0]}: $id", *others])
        out.append((name, f"query($id: ID!) {{ r: {name}({args}){_full(field)} }}"))
    return out


def _full(field: GraphQLField) -> str:
    named = get_named_type(field.type)
    if not isinstance(named, GraphQLObjectType):
        return ""
    scalars = [
        n
        for n, f in named.fields.items()
        if isinstance(get_named_type(f.type), GraphQLScalarType | GraphQLEnumType) and not f.args
    ]
    return " { " + " ".join(scalars) + " }"


def test_not_yours_and_not_existing_are_byte_identical_and_audited(app_client) -> None:
    token = app_client.token(Role.CASEWORKER, "ops-a")
    lookups = _id_lookups()
    assert {"client", "referral", "plan"} <= {n for n, _ in lookups}
    hidden = [*HIDDEN_FROM_A, *HIDDEN_REFERRALS_FROM_A, *HIDDEN_PLANS_FROM_A]
    for name, doc in lookups:
        missing = app_client.raw(doc, {"id": "rf-00000000000000000000000000000000"}, token)
        for oid in hidden:
            assert app_client.raw(doc, {"id": oid}, token) == missing, (name, oid)
    denied = {e.object_pseudonym for e in app_client.audit.events() if e.outcome == "denied"}
    for oid in hidden:
        assert app_client.audit.pseudonym_of(oid) in denied, oid


# ---------------------------------------------------------------- the schema-path walk


def _reaches_sensitive(schema: Any) -> set[str]:
    """Object types from which a sensitive type is reachable through fields."""
    reach: set[str] = set(SENSITIVE)
    changed = True
    while changed:
        changed = False
        for name, t in schema.type_map.items():
            if name in reach or not isinstance(t, GraphQLObjectType) or name.startswith("__"):
                continue
            if any(getattr(get_named_type(f.type), "name", "") in reach for f in t.fields.values()):
                reach.add(name)
                changed = True
    return reach


def schema_paths() -> list[list[tuple[str, GraphQLField]]]:
    """Every field path from Query (≤ MAX_PATH fields) ending in a client, referral, plan or consent."""
    schema = graphql_schema()._schema
    reach = _reaches_sensitive(schema)
    out: list[list[tuple[str, GraphQLField]]] = []

    def walk(t: GraphQLObjectType, prefix: list[tuple[str, GraphQLField]]) -> None:
        for name, field in t.fields.items():
            target = get_named_type(field.type)
            if not isinstance(target, GraphQLObjectType) or target.name not in reach:
                continue
            path = [*prefix, (name, field)]
            if target.name in SENSITIVE:
                out.append(path)
            if len(path) < MAX_PATH:
                walk(target, path)

    walk(schema.query_type, [])
    return out


def _document(path: list[tuple[str, GraphQLField]]) -> tuple[str, str | None]:
    """The query for a path; the root's ID argument (if any) becomes ``$id``."""
    root_name, root = path[0]
    id_arg = next((a for a, arg in root.args.items() if getattr(get_named_type(arg.type), "name", "") == "ID"), None)
    args = []
    for a, arg in root.args.items():
        if a == id_arg:
            args.append(f"{a}: $id")
        elif a == "pesel":
            args.append(f'{a}: "44051401359"')
        elif is_non_null_type(arg.type):
            args.append(f"{a}: {_literal(arg.type)}")
    body = _full(path[-1][1])
    for name, _field in reversed(path[1:]):
        body = f" {{ id {name}{body} }}" if name != "participants" else f" {{ {name}{body} }}"
    call = f"{root_name}({', '.join(args)})" if args else root_name
    head = "query($id: ID!)" if id_arg else "query"
    return f"{head} {{ {call}{body} }}", id_arg


def _ids_in(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and (k == "id" or k.endswith("Id")):
                found.add(v)
            found |= _ids_in(v)
    elif isinstance(value, list):
        for v in value:
            found |= _ids_in(v)
    return found


ALL_IDS = sorted(
    {
        n.key
        for model, items in network_batch().nodes.items()
        if model.__label__ in ("Client", "Referral", "Plan", "Consent")
        for n in items
    }
)
FORBIDDEN = {
    # OPS A: the hidden clients and everything of theirs, and of its partner client only what is O's
    "ops-a": {
        *HIDDEN_FROM_A,
        *HIDDEN_REFERRALS_FROM_A,
        *HIDDEN_PLANS_FROM_A,
        "cs-o1",
        "cs-o3",
        "cs-o4",
        "cs-o5",
        "cs-o6",
        "cs-o7",
        "cs-o8b",
    },
    # CIS P: partner of A (client-a1 via rf-a1) and of O (client-o1, client-o8 via rf-o8b)
    "cis-p": {
        "client-a2",
        "client-o2",
        "client-o3",
        "client-o4",
        "client-o5",
        "client-o6",
        "client-o7",
        "rf-a1x",
        "rf-o4",
        "rf-o5",
        "rf-o6",
        "rf-o7",
        "rf-o8",
        "pl-a1",
        "pl-o2",
        "pl-o8",
        "pl-o8p",
        "cs-a1x",
        "cs-o3",
        "cs-o4",
        "cs-o5",
        "cs-o6",
        "cs-o7",
        "cs-o8",
    },
}


def test_walk_covers_the_edges() -> None:
    rendered = {".".join(n for n, _ in p) for p in schema_paths()}
    for expected in (
        "client",
        "client.referrals",
        "client.referrals.client",
        "referral.client.plans",
        "plan.client.consents",
        "inbox.client.referrals",
        "clients.plans.participants",
    ):
        assert expected in rendered, expected
    assert len(rendered) >= 40


@pytest.mark.parametrize("caller", sorted(FORBIDDEN))
def test_schema_path_walk_finds_no_leak(app_client, caller: str) -> None:
    token = app_client.token(Role.CASEWORKER, caller)
    leaks: dict[str, set[str]] = {}
    seen_any: set[str] = set()
    for path in schema_paths():
        doc, id_arg = _document(path)
        variables = [{"id": i} for i in ALL_IDS] if id_arg else [{}]
        for v in variables:
            status, body = app_client.gql(doc, v, token)
            assert status == 200 and "errors" not in body, (doc, body)
            ids = _ids_in(body.get("data"))
            seen_any |= ids
            bad = ids & FORBIDDEN[caller]
            if bad:
                leaks[".".join(n for n, _ in path)] = bad
    assert leaks == {}
    assert len(seen_any - FORBIDDEN[caller]) >= 8  # the walk did see the caller's own data


# ---------------------------------------------------------------- enumeration


def test_alias_enumeration_is_refused_before_any_store_call(app_client, net) -> None:
    token = app_client.token(Role.CASEWORKER, "ops-a")
    many = " ".join(f'c{k}: client(id: "cl-{k:032x}") {{ id }}' for k in range(500))
    calls = net.calls
    _status, body = app_client.gql(f"{{ {many} }}", None, token)
    assert net.calls == calls and body.get("data") is None and body["errors"]
    eleven = " ".join(f'c{k}: client(id: "cl-{k:032x}") {{ id }}' for k in range(11))
    _status, body = app_client.gql(f"{{ {eleven} }}", None, token)
    assert net.calls == calls and body["errors"][0]["extensions"]["code"] == "TOO_MANY_LOOKUPS"
    ten = " ".join(f'c{k}: client(id: "cl-{k:032x}") {{ id }}' for k in range(10))
    assert "errors" not in app_client.gql(f"{{ {ten} }}", None, token)[1]
    batch = [{"query": '{ client(id: "client-a1") { id } }'}] * 100
    response = app_client.client.post("/graphql", json=batch, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and net.calls > calls


# ---------------------------------------------------------------- DataLoader isolation


def test_dataloaders_are_per_request_and_never_shared(app_client, monkeypatch) -> None:
    from api.clients import loaders

    made: list[tuple[int, int]] = []
    real = loaders.client_by_id

    def spy(ctx: Any) -> Any:
        loader = real(ctx)
        made.append((id(ctx), id(loader)))
        return loader

    monkeypatch.setattr(loaders, "client_by_id", spy)
    a = app_client.token(Role.CASEWORKER, "ops-a")
    p = app_client.token(Role.CASEWORKER, "cis-p")
    # client-a2 is visible to OPS A only; client-o1 to CIS P only; client-a1 to both (differently)
    doc = "query($id: ID!) { client(id: $id) { id birthYearBand referrals { id client { id } } } }"

    async def one(client: httpx.AsyncClient, token: str, cid: str) -> tuple[str, str, Any]:
        r = await client.post(
            "/graphql", json={"query": doc, "variables": {"id": cid}}, headers={"Authorization": f"Bearer {token}"}
        )
        return token, cid, r.json()["data"]["client"]

    async def run() -> list[tuple[str, str, Any]]:
        transport = httpx.ASGITransport(app=app_client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            jobs = [
                one(client, tok, cid)
                for _ in range(15)
                for tok in (a, p)
                for cid in ("client-a2", "client-o1", "client-a1")
            ]
            return await asyncio.gather(*jobs)

    results = asyncio.run(run())
    for tok, cid, data in results:
        if tok == a:
            assert (data is not None) is (cid != "client-o1"), (cid, data)
            if cid == "client-a1":
                assert data["birthYearBand"] == "1980-1989" and {r["id"] for r in data["referrals"]} == {
                    "rf-a1",
                    "rf-a1x",
                }
        else:
            assert (data is not None) is (cid != "client-a2"), (cid, data)
            if cid == "client-a1":
                assert data["birthYearBand"] is None and [r["id"] for r in data["referrals"]] == ["rf-a1"]
    assert len(made) == len(results)  # one loader per request …
    assert len({loader for _, loader in made}) == len(made) and len({ctx for ctx, _ in made}) == len(made)


def test_service_binding_follows_the_context(app_client, net) -> None:
    """The per-request service is keyed by the request's context, never reused across callers."""
    from api.clients.runtime import service_for
    from api.graphql.context import Context
    from api.security import SecurityConfig
    from graph.config import Settings
    from tests.clients.fixtures import principal

    class Req:
        app = app_client.app

    def ctx(inst: str) -> Context:
        c = Context(
            store=net, principal=principal(inst), request_id="r", settings=Settings(), security=SecurityConfig()
        )
        c.request = Req()  # type: ignore[assignment]
        return c

    first, second = ctx("ops-a"), ctx("cis-p")
    assert service_for(first) is service_for(first) and service_for(first) is not service_for(second)
    assert service_for(second).institution_id == "cis-p"
    assert get_nodes(net, m.Client, ["client-a2"])  # still there
    assert json.dumps(sorted(service_for(second).clients(["client-a2", "client-a1"]))) == '["client-a1"]'
