"""Helpers of the portal tests: a logged-in TestClient, CSRF tokens from pages."""

from __future__ import annotations

import re
import secrets
from typing import Any

from fastapi.testclient import TestClient

from api.security import Role

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
PASSWORD = "Haslo-portalu-" + secrets.token_hex(4)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "page has no CSRF field"
    return found.group(1)


class Portal:
    """The app (one per test) and browsers-as-TestClients for several users."""

    def __init__(self, app: Any):
        self.app = app
        self.anonymous = TestClient(app)
        self._n = 0

    def user(self, role: Role | str, institution: str | None = None, territories: tuple[str, ...] = ()) -> str:
        self._n += 1
        name = f"{Role(role).value.replace('_', '-')}-{self._n}-{secrets.token_hex(2)}"
        self.app.state.auth.users.add(name, PASSWORD, Role(role), institution_id=institution, territories=territories)
        return name

    def login(self, role: Role | str, institution: str | None = None, **kw: Any) -> TestClient:
        client = TestClient(self.app)
        username = self.user(role, institution, **kw)
        token = csrf_of(client.get("/logowanie").text)
        r = client.post(
            "/logowanie",
            data={"csrf_token": token, "username": username, "password": PASSWORD, "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return client

    @staticmethod
    def post(client: TestClient, url: str, data: dict[str, Any], *, page: str | None = None) -> Any:
        """POST a form with the CSRF token of ``page`` (default: the form's own URL)."""
        token = csrf_of(client.get(page or url).text)
        return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
