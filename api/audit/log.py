"""The append-only, hash-chained audit trail of client data (SQLite, apart from the graph).

Every read of client data and every write, denials included, becomes one
:class:`AuditEvent`.  Events never hold a graph id: the objects they name
(clients, referrals, plans, consents) appear only as *audit pseudonyms*,
random strings kept in a separate mapping table.  Erasing a client deletes its
mapping entries, so the trail keeps its events but nothing links them to the
client any more (and a re-used id would get a fresh pseudonym).

Tamper evidence: each event stores ``hash = sha256(prev_hash + canonical
JSON of the event)``; SQLite triggers refuse UPDATE and DELETE on events; a
one-row ``head`` table holds the last sequence number and hash, so deleting
records from the end is detected too.  :meth:`AuditLog.verify` checks all of
it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.clients.audit import AuditEvent, Outcome  # defined beside the domain that emits them

__all__ = [
    "AuditEvent",
    "AuditLog",
    "StoredEvent",
    "VerifyReport",
    "Outcome",
    "GENESIS",
]

GENESIS = "0" * 64
_PSEUDONYM_PREFIX = "ap-"
_MAX_REF = 120  # longer "ids" are not ids: they are recorded as malformed, never stored


_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    actor TEXT,
    role TEXT,
    institution TEXT,
    action TEXT NOT NULL,
    object_type TEXT,
    object_pseudonym TEXT,
    subject_pseudonym TEXT,
    purpose TEXT,
    outcome TEXT NOT NULL,
    request_id TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_subject ON events(subject_pseudonym);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT OR IGNORE INTO head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE IF NOT EXISTS pseudonyms (
    entity_id TEXT PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE,
    client_id TEXT
);
CREATE INDEX IF NOT EXISTS pseudonyms_client ON pseudonyms(client_id);
"""

_TRIGGERS = ("events_no_update", "events_no_delete")
_COLUMNS = (
    "SELECT seq, ts, actor, role, institution, action, object_type, object_pseudonym, "
    "subject_pseudonym, purpose, outcome, request_id, prev_hash, hash FROM events "
)
_SELECT_ALL = _COLUMNS + "ORDER BY seq"
_SELECT_SUBJECT = _COLUMNS + "WHERE subject_pseudonym = ? ORDER BY seq"
_FIELDS = (
    "ts",
    "actor",
    "role",
    "institution",
    "action",
    "object_type",
    "object_pseudonym",
    "subject_pseudonym",
    "purpose",
    "outcome",
    "request_id",
)


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    ts: str
    actor: str | None
    role: str | None
    institution: str | None
    action: str
    object_type: str | None
    object_pseudonym: str | None
    subject_pseudonym: str | None
    purpose: str | None
    outcome: str
    request_id: str | None
    prev_hash: str
    hash: str

    def record(self) -> dict[str, Any]:
        """The hashed fields, in a fixed order."""
        return {name: getattr(self, name) for name in _FIELDS}


@dataclass
class VerifyReport:
    events: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _digest(prev_hash: str, record: dict[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class AuditLog:
    """The audit trail in ``path`` (SQLite); thread-safe, and safe across processes."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA busy_timeout=10000")
        self._conn.executescript(_SCHEMA)
        try:
            path.chmod(0o600)
        except OSError:  # pragma: no cover
            pass

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # ------------------------------------------------------------ pseudonyms
    @staticmethod
    def _pseudonym(conn: sqlite3.Connection, entity_id: str | None, client_id: str | None) -> str | None:
        if entity_id is None:
            return None
        if len(entity_id) > _MAX_REF:
            return "malformed"
        row = conn.execute("SELECT pseudonym FROM pseudonyms WHERE entity_id = ?", (entity_id,)).fetchone()
        if row is not None:
            if client_id is not None:
                conn.execute(
                    "UPDATE pseudonyms SET client_id = ? WHERE entity_id = ? AND client_id IS NULL",
                    (client_id, entity_id),
                )
            return str(row[0])
        pseudonym = _PSEUDONYM_PREFIX + secrets.token_hex(12)
        conn.execute(
            "INSERT INTO pseudonyms (entity_id, pseudonym, client_id) VALUES (?, ?, ?)",
            (entity_id, pseudonym, client_id),
        )
        return pseudonym

    # ------------------------------------------------------------ append
    def append(self, event: AuditEvent) -> int:
        return self.append_many([event])[-1]

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        """Append events atomically, in order; returns their sequence numbers."""
        if not events:
            return []
        seqs: list[int] = []
        with self._tx() as conn:
            seq, prev = conn.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
            for event in events:
                subject_client = event.subject_id
                if subject_client is None and event.object_type == "client":
                    subject_client = event.object_id
                record = {
                    "ts": _now(),
                    "actor": event.actor,
                    "role": event.role,
                    "institution": event.institution,
                    "action": event.action,
                    "object_type": event.object_type,
                    "object_pseudonym": self._pseudonym(conn, event.object_id, subject_client),
                    "subject_pseudonym": self._pseudonym(conn, subject_client, subject_client),
                    "purpose": event.purpose,
                    "outcome": event.outcome,
                    "request_id": event.request_id,
                }
                seq += 1
                digest = _digest(prev, record)
                conn.execute(
                    "INSERT INTO events (seq, ts, actor, role, institution, action, object_type, "
                    "object_pseudonym, subject_pseudonym, purpose, outcome, request_id, prev_hash, hash) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (seq, *(record[f] for f in _FIELDS), prev, digest),
                )
                prev = digest
                seqs.append(seq)
            conn.execute("UPDATE head SET seq = ?, hash = ? WHERE id = 1", (seq, prev))
        return seqs

    # ------------------------------------------------------------ reads
    def _events(self, subject: str | None = None) -> list[StoredEvent]:
        sql = _SELECT_ALL if subject is None else _SELECT_SUBJECT
        with self._lock:
            rows = self._conn.execute(sql, () if subject is None else (subject,)).fetchall()
        return [StoredEvent(*row) for row in rows]

    def events(self) -> list[StoredEvent]:
        return self._events()

    def pseudonym_of(self, entity_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT pseudonym FROM pseudonyms WHERE entity_id = ?", (entity_id,)).fetchone()
        return None if row is None else str(row[0])

    def export_subject(self, client_id: str) -> dict[str, Any]:
        """A data-subject access answer: every event about the client, objects named by graph id.

        Events recorded before an erasure cannot be found any more (their link is gone).
        """
        with self._lock:
            rows = self._conn.execute(
                "SELECT entity_id, pseudonym FROM pseudonyms WHERE client_id = ?", (client_id,)
            ).fetchall()
        ids = {str(p): str(e) for e, p in rows}
        subject = self.pseudonym_of(client_id)
        events = self._events(subject) if subject else []
        out = []
        for e in events:
            item = asdict(e)
            item["object_id"] = ids.get(e.object_pseudonym or "")
            for key in ("prev_hash", "hash", "subject_pseudonym", "object_pseudonym"):
                item.pop(key)
            out.append(item)
        return {"client_id": client_id, "events": out}

    # ------------------------------------------------------------ erasure
    def forget_subject(self, client_id: str, entity_ids: Iterable[str] = ()) -> int:
        """Unlink a client's events: delete the pseudonym entries of the client and its objects."""
        ids = {client_id, *entity_ids}
        with self._tx() as conn:
            removed = conn.execute("DELETE FROM pseudonyms WHERE client_id = ?", (client_id,)).rowcount
            for entity in ids:
                removed += conn.execute("DELETE FROM pseudonyms WHERE entity_id = ?", (entity,)).rowcount
        return int(removed)

    # ------------------------------------------------------------ verify
    def verify(self) -> VerifyReport:
        report = VerifyReport()
        with self._lock:
            triggers = {
                r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            }
            head = self._conn.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
        for name in _TRIGGERS:
            if name not in triggers:
                report.problems.append(f"brak wyzwalacza chroniącego dziennik: {name}")
        events = self.events()
        report.events = len(events)
        prev, expected_seq = GENESIS, 1
        for e in events:
            if e.seq != expected_seq:
                report.problems.append(f"brak zdarzeń {expected_seq}–{e.seq - 1} (usunięte?)")
            if e.prev_hash != prev:
                report.problems.append(f"zdarzenie {e.seq}: przerwany łańcuch skrótów")
            if _digest(e.prev_hash, e.record()) != e.hash:
                report.problems.append(f"zdarzenie {e.seq}: treść nie zgadza się ze skrótem (zmieniona?)")
            prev, expected_seq = e.hash, e.seq + 1
        if head is None:
            report.problems.append("brak rekordu głowy dziennika")
        else:
            report.head_seq, report.head_hash = int(head[0]), str(head[1])
            if report.head_seq != expected_seq - 1 or report.head_hash != prev:
                report.problems.append(
                    f"głowa dziennika wskazuje zdarzenie {report.head_seq}, ostatnie zapisane to {expected_seq - 1}"
                    " (usunięte zdarzenia z końca?)"
                )
        return report
