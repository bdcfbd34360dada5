"""Accounts and authentication: secrets, argon2 users, JWTs, external OIDC via a local JWKS, CLI."""

from __future__ import annotations

import base64
import http.server
import json
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from typer.testing import CliRunner

from api.auth.settings import AuthSettings, InsecureConfiguration
from api.auth.tokens import Authenticator
from api.auth.users import UserError, UserStore
from api.security import Role

STRONG = secrets.token_urlsafe(48)


@pytest.fixture
def users(tmp_path: Path) -> Iterator[UserStore]:
    store = UserStore(tmp_path / "users.sqlite3")
    yield store
    store.close()


def settings(tmp_path: Path, **env: str) -> AuthSettings:
    base = {"KOOPERACJA_ENV": "production", "KOOPERACJA_JWT_SECRET": STRONG, "KOOPERACJA_STATE_DIR": str(tmp_path)}
    return AuthSettings.from_env({**base, **env})


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize("secret", ["", "changeme", "short-secret", "a" * 64, "your-256-bit-secret"])
def test_production_refuses_a_weak_secret(tmp_path: Path, secret: str) -> None:
    with pytest.raises(InsecureConfiguration):
        settings(tmp_path, KOOPERACJA_JWT_SECRET=secret)


@pytest.mark.parametrize("env", ["development", "test"])
def test_development_and_test_get_an_ephemeral_secret(tmp_path: Path, env: str) -> None:
    cfg = settings(tmp_path, KOOPERACJA_ENV=env, KOOPERACJA_JWT_SECRET="")
    assert cfg.ephemeral_secret and len(cfg.jwt_secret) >= 48


def test_test_env_never_writes_state_into_the_working_tree(tmp_path: Path) -> None:
    cfg = AuthSettings.from_env({"KOOPERACJA_ENV": "test"})
    assert "kooperacja-state-" in cfg.state_dir.name and cfg.state_dir.is_absolute()


def test_oidc_needs_issuer_and_audience_and_https(tmp_path: Path, users: UserStore) -> None:
    with pytest.raises(InsecureConfiguration):
        settings(tmp_path, KOOPERACJA_OIDC_JWKS_URL="https://idp.example/jwks")
    cfg = settings(
        tmp_path,
        KOOPERACJA_OIDC_JWKS_URL="http://127.0.0.1:9/jwks",
        KOOPERACJA_OIDC_ISSUER="i",
        KOOPERACJA_OIDC_AUDIENCE="a",
    )
    with pytest.raises(InsecureConfiguration):
        Authenticator(cfg, users)  # plain http only on loopback and only in development/test


def test_app_start_refuses_weak_secret_and_admin_token_in_production(store, monkeypatch, tmp_path: Path) -> None:
    from api.app import create_app
    from api.security import SecurityConfig
    from graph.config import Settings

    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("KOOPERACJA_JWT_SECRET", "changeme")
    with pytest.raises(InsecureConfiguration):
        create_app(Settings(graph="x", env="production"), store=store)
    monkeypatch.setenv("KOOPERACJA_JWT_SECRET", STRONG)
    with pytest.raises(InsecureConfiguration):
        create_app(Settings(graph="x", env="production"), store=store, security=SecurityConfig(admin_token="t" * 40))
    create_app(Settings(graph="x", env="production"), store=store)


# ---------------------------------------------------------------- users


def test_user_shapes_are_checked(users: UserStore) -> None:
    with pytest.raises(UserError):
        users.add("anna", "dlugie-haslo-123", Role.CASEWORKER)  # no institution
    with pytest.raises(UserError):
        users.add("koord", "dlugie-haslo-123", Role.COORDINATOR)  # no territory
    with pytest.raises(UserError):
        users.add("koord", "dlugie-haslo-123", Role.COORDINATOR, territories=["12345"])
    with pytest.raises(UserError):
        users.add("anna", "krotkie", Role.CASEWORKER, institution_id="ops-a")
    with pytest.raises(UserError):
        users.add("Anna Kowalska", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a")
    with pytest.raises(UserError):
        users.add("root", "dlugie-haslo-123", Role.ADMIN, institution_id="ops-a")
    users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a")
    with pytest.raises(UserError):
        users.add("ANNA", "dlugie-haslo-456", Role.CASEWORKER, institution_id="ops-a")


def test_passwords_are_argon2_and_never_stored_in_clear(users: UserStore, tmp_path: Path) -> None:
    users.add("anna", "haslo-kanarek-7781", Role.CASEWORKER, institution_id="ops-a")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("users.sqlite3*"))  # the database and its WAL
    assert b"haslo-kanarek-7781" not in raw and b"$argon2id$" in raw


def test_authenticate(users: UserStore) -> None:
    users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a")
    assert users.authenticate("anna", "dlugie-haslo-123") is not None
    assert users.authenticate("ANNA ", "dlugie-haslo-123") is not None
    assert users.authenticate("anna", "zle-haslo-0000") is None
    assert users.authenticate("nikt", "dlugie-haslo-123") is None
    users.set_disabled("anna")
    assert users.authenticate("anna", "dlugie-haslo-123") is None


def test_unknown_user_costs_the_same_argon2_work(users: UserStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown, malformed and wrong-password logins each verify one hash of the real parameters.

    Equal work, not equal time, is asserted; the time is measured by ``kooperacja bench timing``.
    """
    from argon2 import PasswordHasher, extract_parameters

    from api.auth import passwords

    verified: list[str] = []

    class Recording(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append(hash if isinstance(hash, str) else hash.decode())
            return super().verify(hash, password)

    real = passwords._HASHER
    monkeypatch.setattr(
        passwords,
        "_HASHER",
        Recording(
            time_cost=real.time_cost,
            memory_cost=real.memory_cost,
            parallelism=real.parallelism,
            hash_len=real.hash_len,
            salt_len=real.salt_len,
            type=real.type,
        ),
    )
    users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a")
    assert users.authenticate("anna", "zle-haslo-0000") is None
    assert users.authenticate("nikt-taki", "zle-haslo-0000") is None
    assert users.authenticate("nie poprawna nazwa!", "zle-haslo-0000") is None
    assert len(verified) == 3
    known, *dummies = (extract_parameters(h) for h in verified)
    assert dummies == [known, known]
    assert verified[1] != verified[0]  # the unknown user's hash is a dummy, not anna's


# ---------------------------------------------------------------- tokens


@pytest.fixture
def auth(tmp_path: Path, users: UserStore) -> Authenticator:
    return Authenticator(settings(tmp_path), users)


def test_token_round_trip_and_revocation(auth: Authenticator, users: UserStore) -> None:
    user = users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a")
    token = auth.login("anna", "dlugie-haslo-123")
    assert token is not None and token.expires_in == 900
    p = auth.principal(token.access_token)
    assert p is not None and (p.user_id, p.role, p.institution_id, p.anonymous) == (
        user.id,
        Role.CASEWORKER,
        "ops-a",
        False,
    )
    claims = jwt.decode(token.access_token, options={"verify_signature": False})
    assert set(claims) == {"iss", "aud", "sub", "iat", "nbf", "exp", "jti", "ver"}  # no role, no personal data
    users.reset_password("anna", "nowe-dlugie-haslo-9")
    assert auth.principal(token.access_token) is None
    fresh = auth.login("anna", "nowe-dlugie-haslo-9")
    assert fresh is not None and auth.principal(fresh.access_token) is not None
    users.set_disabled("anna")
    assert auth.principal(fresh.access_token) is None


def _claims(user_id: str, **over: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": "kooperacja",
        "aud": "kooperacja-api",
        "sub": user_id,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": "t-1",
        "ver": 0,
        **over,
    }


def test_expired_forged_and_tampered_tokens_are_refused(auth: Authenticator, users: UserStore) -> None:
    user = users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a")
    good = jwt.encode(_claims(user.id), STRONG, algorithm="HS256")
    assert auth.principal(good) is not None
    now = int(time.time())
    bad = [
        jwt.encode(_claims(user.id, exp=now - 60, iat=now - 1000, nbf=now - 1000), STRONG, algorithm="HS256"),
        jwt.encode(_claims(user.id), "x" * 48, algorithm="HS256"),
        jwt.encode(_claims(user.id, aud="other"), STRONG, algorithm="HS256"),
        jwt.encode(_claims(user.id, iss="other"), STRONG, algorithm="HS256"),
        jwt.encode(_claims("u-nobody"), STRONG, algorithm="HS256"),
        jwt.encode(_claims(user.id, ver=5), STRONG, algorithm="HS256"),
        jwt.encode(_claims(user.id), None, algorithm="none"),
        good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"),
        "not.a.token",
        "",
    ]
    header, payload, sig = good.split(".")
    raised = json.loads(base64.urlsafe_b64decode(payload + "==")) | {"ver": 0, "sub": user.id, "exp": now + 10**6}
    bad.append(".".join([header, base64.urlsafe_b64encode(json.dumps(raised).encode()).decode().rstrip("="), sig]))
    assert [auth.principal(t) for t in bad] == [None] * len(bad)


# ---------------------------------------------------------------- external OIDC (local key, loopback JWKS)


@pytest.fixture
def rsa_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(key: Any, kid: str) -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**jwk, "kid": kid, "use": "sig", "alg": "RS256"}]}


@pytest.fixture
def jwks_server(rsa_key: Any) -> Iterator[str]:
    body = json.dumps(_jwks(rsa_key, "k1")).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks"
    server.shutdown()


def _oidc_token(key: Any, sub: str, kid: str = "k1", **over: Any) -> str:
    now = int(time.time())
    claims = {"iss": "https://idp.test", "aud": "kooperacja", "sub": sub, "iat": now, "exp": now + 300, **over}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@pytest.mark.parametrize("source", ["loopback", "file"])
def test_external_oidc_tokens_via_jwks(
    tmp_path: Path, users: UserStore, rsa_key: Any, jwks_server: str, source: str
) -> None:
    url = jwks_server
    if source == "file":
        path = tmp_path / "jwks.json"
        path.write_text(json.dumps(_jwks(rsa_key, "k1")))
        url = path.as_uri()
    cfg = settings(
        tmp_path,
        KOOPERACJA_ENV="test",
        KOOPERACJA_OIDC_JWKS_URL=url,
        KOOPERACJA_OIDC_ISSUER="https://idp.test",
        KOOPERACJA_OIDC_AUDIENCE="kooperacja",
    )
    auth = Authenticator(cfg, users)
    users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a", oidc_subject="idp|anna")
    p = auth.principal(_oidc_token(rsa_key, "idp|anna"))
    assert p is not None and p.institution_id == "ops-a" and p.role is Role.CASEWORKER
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused = [
        _oidc_token(rsa_key, "idp|stranger"),  # no local account
        _oidc_token(rsa_key, "idp|anna", aud="someone-else"),
        _oidc_token(rsa_key, "idp|anna", iss="https://evil.test"),
        _oidc_token(rsa_key, "idp|anna", exp=int(time.time()) - 100),
        _oidc_token(other_key, "idp|anna"),  # signed by a key the JWKS does not hold
        _oidc_token(rsa_key, "idp|anna", kid="unknown"),
        # algorithm confusion: HS256 "signed" with the public key must not pass as OIDC
        jwt.encode({"sub": "idp|anna"}, "k" * 64, algorithm="HS256"),
    ]
    assert [auth.principal(t) for t in refused] == [None] * len(refused)
    users.set_disabled("anna")
    assert auth.principal(_oidc_token(rsa_key, "idp|anna")) is None


# ---------------------------------------------------------------- REST and GraphQL


def test_password_flow_endpoint(app_client) -> None:
    auth = app_client.app.state.auth
    auth.users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="ops-a")
    auth.users.add("ewa", "dlugie-haslo-456", Role.CASEWORKER, institution_id="ops-a")
    auth.users.set_disabled("ewa")
    ok = app_client.client.post("/auth/token", data={"username": "anna", "password": "dlugie-haslo-123"})
    assert ok.status_code == 200 and ok.json()["token_type"] == "bearer"
    token = ok.json()["access_token"]
    failures = [
        app_client.client.post("/auth/token", data={"username": u, "password": p})
        for u, p in [("anna", "zle-haslo-000"), ("nikt", "dlugie-haslo-123"), ("ewa", "dlugie-haslo-456")]
    ]
    assert {(r.status_code, r.content) for r in failures} == {(401, failures[0].content)}
    assert failures[0].headers["www-authenticate"] == "Bearer"
    me = app_client.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["institution_id"] == "ops-a"
    assert app_client.client.get("/auth/me").status_code == 401


@pytest.mark.parametrize("header", ["Bearer garbage", "Bearer ", "Basic YTpi", "Bearer eyJhbGciOiJub25lIn0.e30."])
def test_bad_credentials_are_401_on_rest_and_graphql(app_client, header: str) -> None:
    for response in (
        app_client.client.get("/auth/me", headers={"Authorization": header}),
        app_client.client.post("/graphql", json={"query": "{ me { userId } }"}, headers={"Authorization": header}),
        app_client.client.post("/graphql", json={"query": "{ categories { id } }"}, headers={"Authorization": header}),
    ):
        assert response.status_code == 401 and "data" not in response.json()


# ---------------------------------------------------------------- CLI


def test_users_cli(tmp_path: Path, graph_args: list[str]) -> None:
    from api.cli import app

    runner = CliRunner()
    folder = ["--state-dir", str(tmp_path)]
    assert runner.invoke(app, [*graph_args, "demo"]).exit_code == 0
    missing = runner.invoke(
        app,
        [
            *graph_args,
            "users",
            "add",
            "anna",
            "--role",
            "caseworker",
            "--institution",
            "ops-nieistniejacy",
            "--password-stdin",
            *folder,
        ],
        input="haslo-z-cli-00123\n",
    )
    assert missing.exit_code == 2 and "nie ma instytucji" in missing.output
    add = runner.invoke(
        app,
        [
            *graph_args,
            "users",
            "add",
            "anna",
            "--role",
            "caseworker",
            "--institution",
            "mopr-torun",
            "--password-stdin",
            *folder,
        ],
        input="haslo-z-cli-00123\n",
    )
    assert add.exit_code == 0, add.output
    bad = runner.invoke(
        app, ["users", "add", "jan", "--role", "coordinator", "--password-stdin", *folder], input="haslo-z-cli-00123\n"
    )
    assert bad.exit_code == 2 and "terytorium" in bad.output
    listed = runner.invoke(app, ["users", "list", "--json", *folder])
    rows = json.loads(listed.output)
    assert [(r["username"], r["role"], r["institution"], r["disabled"]) for r in rows] == [
        ("anna", "caseworker", "mopr-torun", False)
    ]
    assert "argon2" not in listed.output and "haslo-z-cli" not in listed.output
    assert runner.invoke(app, ["users", "disable", "anna", *folder]).exit_code == 0
    assert json.loads(runner.invoke(app, ["users", "list", "--json", *folder]).output)[0]["disabled"] is True
    reset = runner.invoke(
        app, ["users", "reset-password", "anna", "--password-stdin", *folder], input="inne-haslo-z-cli-9\n"
    )
    assert reset.exit_code == 0
    assert runner.invoke(app, ["users", "disable", "nikt", *folder]).exit_code == 2
    store = UserStore(tmp_path / "users.sqlite3")
    store.set_disabled("anna", False)
    assert store.authenticate("anna", "inne-haslo-z-cli-9") is not None
