"""Helpers of the API tests (GraphQL calls, error codes, the test app)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.security import SecurityConfig
from graph.config import Settings
from graph.store.protocol import Store

ADMIN_TOKEN = "test-admin-token-4d7f"


def make_client(store: Store, *, env: str = "test", public: bool = True) -> TestClient:
    app = create_app(
        Settings(graph="(test store)", env=env),
        store=store,
        security=SecurityConfig(admin_token=ADMIN_TOKEN, public_directory=public),
    )
    return TestClient(app)


def gql(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    expect_errors: bool = False,
) -> dict[str, Any]:
    """POST a GraphQL operation; returns the JSON body (asserts no errors unless asked)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    body: dict[str, Any] = response.json()
    if not expect_errors:
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code", "") for e in body.get("errors", [])]
