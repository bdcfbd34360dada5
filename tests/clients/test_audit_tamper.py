"""Issue 16, items 4–6: a keyed chain with signed checkpoints, keyed pseudonym refs, private files.

The two attacks of the review: rewrite an event and recompute the chain (and
head) – caught by the chain key; delete the last event and rewind the head –
caught by the signed checkpoint kept outside the store.  An attacker who also
holds the key is caught by a checkpoint exported earlier.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

import api.audit.log as audit_log
from api.audit.log import AuditEvent, AuditLog, Checkpoint, Outcome
from tests.clients.fixtures import fill_audit

PESEL = "44051401359"


def _raw(log: AuditLog) -> sqlite3.Connection:
    conn = sqlite3.connect(str(log.path), isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS events_no_update")
    conn.execute("DROP TRIGGER IF EXISTS events_no_delete")
    return conn


def _recompute(conn: sqlite3.Connection, digest) -> None:  # type: ignore[no-untyped-def]
    """What an attacker does after changing an event: re-hash every event and move the head."""
    rows = conn.execute(
        "SELECT seq, ts, actor, role, institution, action, object_type, object_pseudonym, subject_pseudonym, "
        "purpose, outcome, request_id FROM events ORDER BY seq"
    ).fetchall()
    prev = audit_log.GENESIS
    for row in rows:
        record = dict(zip(audit_log._FIELDS, row[1:], strict=True))
        new = digest(prev, record)
        conn.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, new, row[0]))
        prev = new
    conn.execute("UPDATE head SET seq = ?, hash = ? WHERE id = 1", (rows[-1][0], prev))


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    return AuditLog(tmp_path / "state" / "audit.sqlite3")


def test_rewrite_and_recompute_without_the_key_is_caught(log: AuditLog) -> None:
    fill_audit(log)
    conn = _raw(log)
    conn.execute("UPDATE events SET actor = 'u-9' WHERE seq = 3")
    _recompute(conn, audit_log._unkeyed_digest)  # the old, unkeyed recipe
    problems = log.verify().problems
    assert any("zdarzenie 3" in p and "z kluczem" in p for p in problems), problems
    wrong_key = b"k" * 32
    _recompute(
        conn,
        lambda prev, rec: hmac.new(wrong_key, (prev + audit_log._canonical(rec)).encode(), hashlib.sha256).hexdigest(),
    )
    assert any("zdarzenie 1" in p for p in log.verify().problems)


def test_rewrite_and_recompute_with_the_key_is_caught_by_an_exported_checkpoint(log: AuditLog) -> None:
    fill_audit(log)
    exported = log.checkpoint()
    assert exported is not None and exported.seq == 5
    conn = _raw(log)
    conn.execute("UPDATE events SET outcome = 'denied' WHERE seq = 5")
    _recompute(conn, log._digest)  # an insider with the key file
    Path(log.checkpoint_path).unlink()  # ... who also removes the local checkpoint
    report = log.verify([exported])
    assert any("zewnętrzny" in p and "przepisany" in p for p in report.problems), report.problems
    assert any("brak punktu kontrolnego" in p for p in report.problems)


def test_delete_last_and_rewind_the_head_is_caught(log: AuditLog, tmp_path: Path) -> None:
    fill_audit(log, 4)
    older = Path(shutil.copy(log.checkpoint_path, tmp_path / "older.checkpoint"))  # validly signed, seq 4
    fill_audit(log, 1)
    exported = log.checkpoint()
    conn = _raw(log)
    conn.execute("DELETE FROM events WHERE seq = 5")
    (seq, digest) = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("UPDATE head SET seq = ?, hash = ? WHERE id = 1", (seq, digest))
    problems = log.verify().problems
    assert any("kończy się na 4" in p for p in problems), problems
    shutil.copy(older, log.checkpoint_path)  # put back a checkpoint from before the deleted event
    fooled = [p for p in log.verify().problems if "wyzwalacza" not in p]
    assert fooled == []  # the local anchor alone is fooled (only the dropped triggers show) ...
    assert exported is not None
    assert any("kończy się na 4" in p for p in log.verify([exported]).problems)  # ... the exported one is not


def test_forged_checkpoint_and_moved_keyed_from_are_caught(log: AuditLog) -> None:
    fill_audit(log, 2)
    good = log.checkpoint()
    assert good is not None
    forged = Checkpoint(seq=1, hash=good.hash, ts=good.ts, signature=good.signature)
    assert any("podpis" in p for p in log.verify([forged]).problems)
    conn = _raw(log)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'keyed_from'")
    assert any("znacznik" in p for p in log.verify().problems)


def test_cli_verify_with_exported_checkpoint_and_checkpoint_command(tmp_path: Path) -> None:
    from api.cli import app

    state = tmp_path / "state"
    log = AuditLog(state / "audit.sqlite3")
    fill_audit(log, 3)
    runner = CliRunner()
    printed = runner.invoke(app, ["audit", "checkpoint", "--state-dir", str(state)])
    assert printed.exit_code == 0 and json.loads(printed.stdout)["seq"] == 3
    kept = tmp_path / "kept.jsonl"
    kept.write_text(printed.stdout)
    ok = runner.invoke(app, ["audit", "verify", "--state-dir", str(state), "--checkpoint", str(kept)])
    assert ok.exit_code == 0 and "punkty kontrolne: 2" in ok.output
    conn = _raw(log)
    conn.execute("DELETE FROM events WHERE seq = 3")
    conn.execute("UPDATE head SET seq = 2, hash = (SELECT hash FROM events WHERE seq = 2) WHERE id = 1")
    log.checkpoint_path.unlink()
    bad = runner.invoke(app, ["audit", "verify", "--state-dir", str(state), "--checkpoint", str(kept)])
    assert bad.exit_code == 1 and "kończy się na 2" in bad.output


def test_denied_lookups_keep_no_raw_id_and_the_table_is_bounded(log: AuditLog, monkeypatch: pytest.MonkeyPatch) -> None:
    log.append(
        AuditEvent(action="client.read", outcome=Outcome.DENIED, actor="u-3", object_type="client", object_id=PESEL)
    )
    assert log.pseudonym_of(PESEL) is not None  # the same id still maps to the same pseudonym
    log.close()
    for suffix in ("", "-wal"):
        data = Path(str(log.path) + suffix)
        if data.exists():
            assert PESEL.encode() not in data.read_bytes()
    log = AuditLog(log.path)
    monkeypatch.setattr(audit_log, "MAX_PROVISIONAL", 20)
    fill_audit(log, 2)  # two permanent mappings (allowed reads)
    for n in range(100):
        log.append(
            AuditEvent(action="client.read", outcome=Outcome.DENIED, object_type="client", object_id=f"probe-{n}")
        )
    permanent, provisional = log.mapping_count()
    assert permanent == 2 and provisional == 20
    assert log.pseudonym_of("cl-0") is not None and log.pseudonym_of("probe-0") is None  # oldest dropped
    assert log.pseudonym_of("probe-99") is not None
    log.append(AuditEvent(action="client.read", outcome=Outcome.ALLOWED, object_type="client", object_id="probe-99"))
    assert log.mapping_count() == (3, 19)  # an allowed read makes the mapping permanent
    assert log.verify().ok


def test_old_store_is_migrated_to_keyed_refs(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    conn = sqlite3.connect(str(path))
    conn.executescript(
        "CREATE TABLE pseudonyms (entity_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL UNIQUE, "
        "client_id TEXT); INSERT INTO pseudonyms VALUES ('cl-old', 'ap-old', 'cl-old');"
    )
    conn.close()
    log = AuditLog(path)
    assert log.pseudonym_of("cl-old") == "ap-old"
    names = {r[0] for r in sqlite3.connect(str(path)).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "pseudonyms" not in names


def test_state_files_are_private_from_creation(tmp_path: Path) -> None:
    state = tmp_path / "fresh" / "state"
    log = AuditLog(state / "audit.sqlite3")
    fill_audit(log, 1)
    from api.auth.users import UserStore

    users = UserStore(state / "users.sqlite3")
    users.list()
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    for name in (
        "audit.sqlite3",
        "audit.sqlite3-wal",
        "audit.sqlite3-shm",
        "audit.key",
        "audit.checkpoint",
        "users.sqlite3",
        "users.sqlite3-wal",
        "users.sqlite3-shm",
    ):
        path = state / name
        assert path.exists(), name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
