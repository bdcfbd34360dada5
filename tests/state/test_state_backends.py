"""Accounts and the audit trail on both state backends: SQLite (default) and PostgreSQL (KOOPERACJA_STATE_URL).

With PostgreSQL, two API instances (two processes' worth of connections) append to one chain that
verifies, with no event lost; the tamper checks hold on both.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from api.audit.log import AuditEvent, AuditLog, Outcome
from api.auth.users import UserError, UserStore
from api.security import Role


def _event(n: int, outcome: str = Outcome.ALLOWED) -> AuditEvent:
    return AuditEvent(
        action="client.read", outcome=outcome, actor=f"u-{n % 3}", object_type="client", object_id=f"cl-{n % 5}"
    )


def test_users_on_both_backends(state_url: str | None, use_state_url: object, tmp_path: Path) -> None:
    users = UserStore(tmp_path / "users.sqlite3")
    assert users._db.backend == ("postgresql" if state_url else "sqlite")
    users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="mopr-torun")
    with pytest.raises(UserError, match="już istnieje"):
        users.add("anna", "dlugie-haslo-456", Role.CASEWORKER, institution_id="mopr-torun")
    assert users.authenticate("anna", "dlugie-haslo-123") is not None
    assert users.authenticate("anna", "zle-haslo-0000") is None
    assert users.set_disabled("anna").disabled


def test_two_instances_append_to_one_chain(state_url: str | None, tmp_path: Path) -> None:
    key = b"k" * 32
    # two "instances": their own connections, their own checkpoint files, one key
    first = AuditLog(
        tmp_path / "a" / "audit.sqlite3" if state_url else tmp_path / "audit.sqlite3",
        key=key,
        url=state_url,
        checkpoint_path=tmp_path / "a.checkpoint",
    )
    second = AuditLog(
        tmp_path / "b" / "audit.sqlite3" if state_url else tmp_path / "audit.sqlite3",
        key=key,
        url=state_url,
        checkpoint_path=tmp_path / "b.checkpoint",
    )

    def write(log: AuditLog, base: int) -> None:
        for n in range(40):
            log.append(_event(base + n, Outcome.DENIED if n % 7 == 0 else Outcome.ALLOWED))

    threads = [
        threading.Thread(target=write, args=(log, base)) for log, base in ((first, 0), (second, 1000)) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = first.verify([c for c in (first.checkpoint(), second.checkpoint()) if c is not None])
    assert report.ok, report.problems
    assert report.events == 160 and [e.seq for e in second.events()] == list(range(1, 161))


def test_tampering_is_caught_on_both_backends(state_url: str | None, tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3", key=b"t" * 32, url=state_url)
    for n in range(5):
        log.append(_event(n))
    exported = log.checkpoint()
    assert log.verify().ok
    with pytest.raises(Exception, match="append-only"), log._db.tx() as cur:
        cur.execute("UPDATE events SET actor = 'u-9' WHERE seq = 2")
    drop = "DROP TRIGGER events_no_delete ON events" if state_url else "DROP TRIGGER events_no_delete"
    with log._db.tx() as cur:  # an attacker with write access to the database
        cur.execute(drop)
        cur.execute("DELETE FROM events WHERE seq = 5")
        cur.execute("UPDATE head SET seq = 4, hash = (SELECT hash FROM events WHERE seq = 4) WHERE id = 1")
    problems = log.verify([exported] if exported else []).problems
    assert any("events_no_delete" in p for p in problems)
    assert any("kończy się na 4" in p for p in problems), problems


def test_bad_or_unreachable_state_url_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.errors import KooperacjaError

    monkeypatch.setenv("KOOPERACJA_STATE_URL", "mysql://x")
    with pytest.raises(KooperacjaError, match="postgresql://"):
        UserStore(tmp_path / "users.sqlite3")
    monkeypatch.setenv("KOOPERACJA_STATE_URL", "postgresql://kto:tajne-haslo@127.0.0.1:1/nic")
    with pytest.raises(KooperacjaError, match="nieosiągalna") as caught:
        UserStore(tmp_path / "users.sqlite3")
    assert "tajne-haslo" not in str(caught.value)
