"""Issue 16, item 2: ``/auth/token`` throttled per username and per address, failures logged by keyed hash."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from apitest import make_client

from api.auth.throttle import HASHING_QUEUE, Backoff
from api.security import Role
from graph.store.protocol import Store

PASSWORD = "dlugie-haslo-123"


@pytest.fixture(autouse=True)
def _own_state(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own accounts (both store parameters add the same user)."""
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(tmp_path / "state"))


def _token(client: Any, username: str, password: str) -> Any:
    return client.post("/auth/token", data={"username": username, "password": password})


def test_backoff_doubles_after_the_free_failures_and_forgets() -> None:
    backoff = Backoff(free=2, base=1.0, cap=5.0, forget_after=60.0)
    backoff.failed("k", now=0.0)
    assert backoff.retry_after("k", now=0.0) == 0.0  # the first failure is free
    backoff.failed("k", now=0.0)
    assert backoff.retry_after("k", now=0.0) == 1.0  # the second starts the lockouts
    backoff.failed("k", now=1.0)
    assert backoff.retry_after("k", now=1.0) == 2.0
    for _ in range(10):
        backoff.failed("k", now=1.0)
    assert backoff.retry_after("k", now=1.0) == 5.0  # capped
    assert backoff.retry_after("k", now=100.0) == 0.0  # forgotten after a quiet minute
    bounded = Backoff(free=1, max_entries=3)
    for n in range(10):
        bounded.failed(f"k{n}")
    assert len(bounded._entries) == 3


def test_wrong_passwords_lock_the_username_before_any_hashing(
    demo_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with make_client(demo_store) as client:
        app: Any = client.app
        app.state.auth.users.add("anna", PASSWORD, Role.CASEWORKER, institution_id="mopr-torun")
        calls = []
        original = app.state.auth.login
        app.state.auth.login = lambda *a: calls.append(1) or original(*a)
        with caplog.at_level(logging.WARNING, logger="kooperacja.auth"):
            statuses = [_token(client, "anna", f"zle-haslo-{n:04d}").status_code for n in range(5)]
            assert statuses == [401] * 5
            locked = _token(client, "anna", PASSWORD)  # even the right password waits
            assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
            assert "Zbyt wiele" in locked.json()["detail"]
            assert len(calls) == 5  # the refused attempt cost no argon2 verification
            assert _token(client, "beata", "zle-haslo-0000").status_code == 401  # other names unaffected
        failures = [r for r in caplog.records if r.getMessage() == "login failed"]
        assert [r.reason for r in failures].count("bad_credentials") == 6  # 5 × anna, 1 × beata  # type: ignore[attr-defined]
        assert [r.reason for r in failures].count("throttled") == 1  # type: ignore[attr-defined]
        for record in failures:
            text = str(record.__dict__)
            assert "anna" not in text and "zle-haslo" not in text and PASSWORD not in text and "testclient" not in text
        refs = {r.login_ref for r in failures}  # type: ignore[attr-defined]
        assert len(refs) == 2 and all(len(ref) == 16 for ref in refs)


def test_one_address_trying_many_names_is_throttled(demo_store: Store) -> None:
    with make_client(demo_store) as client:
        statuses = [_token(client, f"user{n:03d}", "zle-haslo-0000").status_code for n in range(21)]
        assert statuses == [401] * 20 + [429]


def test_a_full_hashing_queue_answers_busy(demo_store: Store) -> None:
    with make_client(demo_store) as client:
        app: Any = client.app
        app.state.login_guard._waiting = HASHING_QUEUE
        response = _token(client, "anna", PASSWORD)
        assert response.status_code == 503 and response.headers["Retry-After"] == "1"


def test_portal_login_form_shares_the_throttle(demo_store: Store) -> None:
    import re

    with make_client(demo_store) as client:
        page = client.get("/logowanie")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, "login page has no CSRF field"

        def post(password: str) -> Any:
            return client.post(
                "/logowanie",
                data={"csrf_token": found.group(1), "username": "anna", "password": password},
                follow_redirects=False,
            )

        assert [post(f"zle-haslo-{n:04d}").status_code for n in range(5)] == [401] * 5
        refused = post("zle-haslo-9999")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert "Zbyt wiele nieudanych prób" in refused.text
        assert _token(client, "anna", PASSWORD).status_code == 429  # one throttle for the form and the API
