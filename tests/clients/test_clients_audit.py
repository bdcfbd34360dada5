"""The audit trail: append-only, hash-chained, tamper- and deletion-evident, DSAR export, CLI."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.audit.log import AuditEvent, AuditLog, Outcome
from tests.clients.fixtures import fill_audit


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    return AuditLog(tmp_path / "audit.sqlite3")


def _raw(log: AuditLog) -> sqlite3.Connection:
    return sqlite3.connect(str(log.path), isolation_level=None)


def test_chain_verifies_and_holds_only_pseudonyms(log: AuditLog) -> None:
    fill_audit(log)
    report = log.verify()
    assert report.ok and report.events == 5 and report.head_seq == 5
    events = log.events()
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].object_pseudonym == events[2].object_pseudonym == log.pseudonym_of("cl-0")
    assert events[0].subject_pseudonym == events[0].object_pseudonym
    assert all("cl-" not in json.dumps(e.record()) for e in events)


def test_updates_and_deletes_are_refused(log: AuditLog) -> None:
    fill_audit(log)
    conn = _raw(log)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET outcome = 'denied' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM events WHERE seq = 2")
    assert log.verify().ok


def test_a_tampered_record_is_detected(log: AuditLog) -> None:
    fill_audit(log)
    conn = _raw(log)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET outcome = 'denied' WHERE seq = 3")
    problems = log.verify().problems
    assert any("zdarzenie 3" in p and "skrótem" in p for p in problems)
    assert any("events_no_update" in p for p in problems)


def test_a_deleted_record_is_detected(log: AuditLog) -> None:
    fill_audit(log)
    conn = _raw(log)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE seq = 2")
    assert any("brak zdarzeń 2" in p for p in log.verify().problems)


def test_deleting_the_tail_is_detected_by_the_head(log: AuditLog) -> None:
    fill_audit(log)
    conn = _raw(log)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE seq = 5")
    assert any("głowa dziennika" in p for p in log.verify().problems)


def test_a_rewritten_chain_still_breaks_at_the_seam(log: AuditLog) -> None:
    fill_audit(log)
    conn = _raw(log)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET hash = 'f' || substr(hash, 2) WHERE seq = 4")
    assert log.verify().problems  # event 4 no longer matches its content, event 5 its predecessor


def test_concurrent_appends_keep_one_chain(log: AuditLog) -> None:
    threads = [threading.Thread(target=fill_audit, args=(log, 20)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = log.verify()
    assert report.ok and report.events == 80


def test_export_and_forget(log: AuditLog) -> None:
    log.append_many(
        [
            AuditEvent(
                action="client.read", outcome=Outcome.ALLOWED, actor="u-1", object_type="client", object_id="cl-x"
            ),
            AuditEvent(
                action="referral.read",
                outcome=Outcome.ALLOWED,
                actor="u-2",
                object_type="referral",
                object_id="rf-x",
                subject_id="cl-x",
            ),
            AuditEvent(
                action="client.read", outcome=Outcome.DENIED, actor="u-3", object_type="client", object_id="cl-y"
            ),
        ]
    )
    answer = log.export_subject("cl-x", ["rf-x"])
    assert [(e["action"], e["actor"], e["object_id"]) for e in answer["events"]] == [
        ("client.read", "u-1", "cl-x"),
        ("referral.read", "u-2", "rf-x"),
    ]
    assert log.forget_subject("cl-x", ["rf-x"]) == 2
    assert log.export_subject("cl-x")["events"] == []
    assert log.pseudonym_of("cl-x") is None and log.pseudonym_of("cl-y") is not None
    assert log.verify().ok and len(log.events()) == 3  # the trail itself is intact


def test_malformed_ids_are_not_stored(log: AuditLog) -> None:
    log.append(AuditEvent(action="client.read", outcome=Outcome.DENIED, object_type="client", object_id="x" * 500))
    assert log.events()[0].object_pseudonym == "malformed"


def test_audit_cli(tmp_path: Path) -> None:
    from api.cli import app

    log = AuditLog(tmp_path / "audit.sqlite3")
    log.append(
        AuditEvent(action="client.read", outcome=Outcome.ALLOWED, actor="u-1", object_type="client", object_id="cl-x")
    )
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify", "--state-dir", str(tmp_path)])
    assert ok.exit_code == 0 and "nienaruszony" in ok.output
    out = tmp_path / "dsar.json"
    exported = runner.invoke(app, ["audit", "export", "--client", "cl-x", "-o", str(out), "--state-dir", str(tmp_path)])
    assert exported.exit_code == 0
    assert [e["action"] for e in json.loads(out.read_text())["events"]] == ["client.read"]
    assert log.events()[-1].action == "audit.export"  # the access request is itself on the record
    conn = _raw(log)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET actor = 'u-2' WHERE seq = 1")
    bad = runner.invoke(app, ["audit", "verify", "--state-dir", str(tmp_path)])
    assert bad.exit_code == 1 and "zdarzenie 1" in bad.output
    missing = runner.invoke(app, ["audit", "verify", "--state-dir", str(tmp_path / "none")])
    assert missing.exit_code == 2
