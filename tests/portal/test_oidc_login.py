"""Portal login through an OpenID Connect provider: a real local provider (uvicorn) signing RS256 ID tokens."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from api.app import create_app
from api.portal.chromium import live_server
from api.security import Role
from graph.config import Settings
from graph.store.protocol import Store

ISSUER = "https://idp.example.test"
CLIENT = "kooperacja-portal"


def provider(key: Any, subject: str) -> Starlette:
    codes: dict[str, dict[str, str]] = {}

    async def authorize(request: Request) -> RedirectResponse:
        q = request.query_params
        assert q["code_challenge_method"] == "S256" and q["client_id"] == CLIENT
        codes["c1"] = {"challenge": q["code_challenge"], "redirect_uri": q["redirect_uri"]}
        return RedirectResponse(q["redirect_uri"] + "?" + urlencode({"code": "c1", "state": q["state"]}), 303)

    async def token(request: Request) -> JSONResponse:
        import base64
        import hashlib

        form = await request.form()
        issued = codes.pop(str(form["code"]), None)
        verifier = str(form["code_verifier"]).encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if issued is None or challenge != issued["challenge"] or form["redirect_uri"] != issued["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant"}, 400)
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": CLIENT, "sub": subject, "iat": now, "exp": now + 300}
        return JSONResponse({"id_token": jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})})

    return Starlette(routes=[Route("/authorize", authorize), Route("/token", token, methods=["POST"])])


@pytest.fixture(params=["ladybug"])
def backend(request: pytest.FixtureRequest) -> str:
    """Login is store-independent: LadybugDB only."""
    return str(request.param)


@pytest.fixture
def oidc_portal(demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}))
    with live_server(provider(key, "idp-user-7")) as idp:
        for name, value in {
            "KOOPERACJA_STATE_DIR": str(tmp_path / "state"),
            "KOOPERACJA_OIDC_JWKS_URL": jwks.as_uri(),
            "KOOPERACJA_OIDC_ISSUER": ISSUER,
            "KOOPERACJA_OIDC_AUDIENCE": CLIENT,
            "KOOPERACJA_OIDC_AUTHORIZE_URL": idp + "/authorize",
            "KOOPERACJA_OIDC_TOKEN_URL": idp + "/token",
            "KOOPERACJA_OIDC_CLIENT_ID": CLIENT,
        }.items():
            monkeypatch.setenv(name, value)
        app = create_app(Settings(graph="(test store)", env="test"), store=demo_store)
        with TestClient(app) as client:
            yield client, idp


def _follow_provider(client: TestClient, next_url: str) -> Any:
    start = client.get("/logowanie/oidc", params={"next": next_url}, follow_redirects=False)
    assert start.status_code == 303 and start.headers["location"].startswith("http://127.0.0.1")
    back = httpx.get(start.headers["location"], follow_redirects=False)  # the browser at the provider
    callback = urlsplit(back.headers["location"])
    assert callback.path == "/logowanie/oidc/powrot"
    return client.get(callback.path + "?" + callback.query, follow_redirects=False)


def test_oidc_login_maps_the_subject_to_a_local_account(oidc_portal: tuple[TestClient, str]) -> None:
    client, _ = oidc_portal
    assert "Zaloguj się kontem organizacji (OpenID Connect)" in client.get("/logowanie").text
    client.app.state.auth.users.add(
        "oidc-pracownik",
        "Haslo-niepotrzebne-1",
        Role.CASEWORKER,  # type: ignore[attr-defined]
        institution_id="mopr-torun",
        oidc_subject="idp-user-7",
    )
    done = _follow_provider(client, "/sprawy")
    assert done.status_code == 303 and done.headers["location"] == "/sprawy"
    assert client.get("/sprawy").status_code == 200


def test_oidc_login_without_a_local_account_is_refused(oidc_portal: tuple[TestClient, str]) -> None:
    client, _ = oidc_portal
    done = _follow_provider(client, "/sprawy")
    assert done.status_code == 401 and "Logowanie przez dostawcę tożsamości nie powiodło się" in done.text
    assert client.get("/sprawy", follow_redirects=False).status_code == 303


def test_a_forged_state_is_refused(oidc_portal: tuple[TestClient, str]) -> None:
    client, _ = oidc_portal
    client.get("/logowanie/oidc", follow_redirects=False)
    r = client.get("/logowanie/oidc/powrot", params={"code": "c1", "state": "cudzy-stan"}, follow_redirects=False)
    assert r.status_code == 401 and "kooperacja_sesja" not in r.headers.get("set-cookie", "")
