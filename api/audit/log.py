"""The append-only, keyed hash-chained audit trail of client data (apart from the graph).

Every read of client data and every write, denials included, becomes one
:class:`AuditEvent`.  Events never hold a graph id: the objects they name
(clients, referrals, plans, consents) appear only as *audit pseudonyms*,
random strings.  The mapping table holds no id either – only a keyed hash
(HMAC-SHA-256) of each id – so a PESEL typed into a denied lookup is not
kept verbatim (issue 16).  Mappings made by denied or failed events are
*provisional* and bounded (:data:`MAX_PROVISIONAL`, oldest dropped first);
an allowed event makes a mapping permanent.  Erasing a client deletes its
mappings, so the trail keeps its events but nothing links them to the client.

Tamper evidence (issue 16: an unkeyed chain could be rewritten and
recomputed, and the head rewound, by anyone who could write the file):

* each event stores ``hash = HMAC(chain key, prev_hash + canonical JSON)``;
  the key (:func:`load_audit_key`) lives outside the audit store – a file of
  its own (``KOOPERACJA_AUDIT_KEY_FILE``, default ``audit.key`` beside the
  store, 0600) – so a rewrite cannot be recomputed without it;
* each append also writes a *signed checkpoint* (sequence number, hash,
  time, HMAC under a checkpoint key) to a file outside the store
  (``audit.checkpoint``); ``kooperacja audit checkpoint`` prints it for
  keeping elsewhere, and :meth:`AuditLog.verify` checks the store against the
  local checkpoint and any exported ones, so deleting events from the end
  and rewinding the head is caught;
* SQLite triggers refuse UPDATE and DELETE on events.

Events written before the chain was keyed (an older store) are verified with
the old unkeyed digest up to ``meta.keyed_from``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from api.state import open_state_db
from api.state.sqlite import private_dir, private_umask
from graph.clients.audit import AuditEvent, Outcome  # defined beside the domain that emits them

__all__ = [
    "AuditEvent",
    "AuditLog",
    "Checkpoint",
    "StoredEvent",
    "VerifyReport",
    "Outcome",
    "GENESIS",
    "MAX_PROVISIONAL",
    "load_audit_key",
]

GENESIS = "0" * 64
_PSEUDONYM_PREFIX = "ap-"
_MAX_REF = 120  # longer "ids" are not ids: they are recorded as malformed, never stored
#: Mappings made by denied/failed events kept at most (oldest dropped): fuzzing cannot grow the table.
MAX_PROVISIONAL = 10_000
KEY_FILE = "audit.key"
CHECKPOINT_FILE = "audit.checkpoint"


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
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pseudonym_refs (
    entity_ref TEXT PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE,
    client_ref TEXT,
    provisional INTEGER NOT NULL DEFAULT 0,
    made INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pseudonym_refs_client ON pseudonym_refs(client_ref);
CREATE INDEX IF NOT EXISTS pseudonym_refs_provisional ON pseudonym_refs(provisional, made);
"""

#: The same tables on PostgreSQL (issue 17: several API instances, one chain); the triggers call one function.
_SCHEMA_POSTGRES = _SCHEMA.replace(
    "INSERT OR IGNORE INTO head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "');",
    "INSERT INTO head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "') ON CONFLICT DO NOTHING;",
).replace(
    """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
    """CREATE OR REPLACE FUNCTION kooperacja_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
CREATE OR REPLACE TRIGGER events_no_update BEFORE UPDATE ON events
FOR EACH ROW EXECUTE FUNCTION kooperacja_audit_append_only();
CREATE OR REPLACE TRIGGER events_no_delete BEFORE DELETE ON events
FOR EACH ROW EXECUTE FUNCTION kooperacja_audit_append_only();""",
)
_TRIGGER_NAMES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
}

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


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at one moment, signed with the checkpoint key."""

    seq: int
    hash: str
    ts: str
    signature: str

    def payload(self) -> bytes:
        return f"{self.seq}:{self.hash}:{self.ts}".encode()

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        data = json.loads(text)
        return cls(seq=int(data["seq"]), hash=str(data["hash"]), ts=str(data["ts"]), signature=str(data["signature"]))


@dataclass
class VerifyReport:
    events: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def load_audit_key(folder: Path) -> bytes:
    """The audit master key: ``KOOPERACJA_AUDIT_KEY_FILE`` or ``audit.key`` in ``folder`` (made when missing).

    Keep it apart from the store (another volume, a secret mount): whoever holds
    both can recompute a rewritten chain – the exported checkpoints still catch it.
    """
    configured = os.environ.get("KOOPERACJA_AUDIT_KEY_FILE")
    path = Path(configured) if configured else folder / KEY_FILE
    if not path.exists():
        private_dir(path.parent)
        with private_umask(), contextlib.suppress(FileExistsError):  # another process made it first
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
    key = path.read_bytes()
    if len(key) < 32:
        raise ValueError(f"klucz dziennika audytu {path} jest uszkodzony (za krótki)")
    return key


def _subkey(master: bytes, purpose: str) -> bytes:
    return hmac.new(master, f"kooperacja audit {purpose}".encode(), hashlib.sha256).digest()


def _canonical(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _unkeyed_digest(prev_hash: str, record: dict[str, Any]) -> str:
    """The digest of events written before the chain was keyed (verification of old stores only)."""
    return hashlib.sha256((prev_hash + _canonical(record)).encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class AuditLog:
    """The audit trail in ``path`` (SQLite); thread-safe, and safe across processes.

    ``key`` is the master key (default :func:`load_audit_key` of the store's
    folder); ``checkpoint_path`` the file the signed head goes to after every
    append (default ``audit.checkpoint`` beside the store).
    """

    def __init__(
        self, path: Path, *, key: bytes | None = None, checkpoint_path: Path | None = None, url: str | None = None
    ):
        self.path = path
        self._db = open_state_db(path, url)  # PostgreSQL with KOOPERACJA_STATE_URL (or ``url``)
        private_dir(path.parent)  # the key and the checkpoint stay local files either way
        self._db.script(_SCHEMA_POSTGRES if self._db.backend == "postgresql" else _SCHEMA)
        master = key if key is not None else load_audit_key(path.parent)
        self._chain_key = _subkey(master, "chain")
        self._ref_key = _subkey(master, "pseudonym")
        self._checkpoint_key = _subkey(master, "checkpoint")
        self.checkpoint_path = checkpoint_path or path.parent / CHECKPOINT_FILE
        self._migrate()

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------ keys
    def _digest(self, prev_hash: str, record: dict[str, Any]) -> str:
        return hmac.new(self._chain_key, (prev_hash + _canonical(record)).encode("utf-8"), hashlib.sha256).hexdigest()

    def _ref(self, entity_id: str) -> str:
        return hmac.new(self._ref_key, entity_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def _sign(self, seq: int, digest: str, ts: str) -> Checkpoint:
        unsigned = Checkpoint(seq, digest, ts, "")
        signature = hmac.new(self._checkpoint_key, unsigned.payload(), hashlib.sha256).hexdigest()
        return Checkpoint(seq, digest, ts, signature)

    def _signed(self, checkpoint: Checkpoint) -> bool:
        expected = self._sign(checkpoint.seq, checkpoint.hash, checkpoint.ts).signature
        return hmac.compare_digest(expected, checkpoint.signature)

    def _keyed_from(self, seq: int) -> str:
        # signed, so that moving it up cannot make rewritten events pass as old unkeyed ones
        return f"{seq}:{hmac.new(self._chain_key, f'keyed_from:{seq}'.encode(), hashlib.sha256).hexdigest()}"

    def _migrate(self) -> None:
        """Older stores: keyed chain from the next event on; raw-id mappings become keyed ones."""
        with self._db.tx() as conn:
            if conn.execute("SELECT value FROM meta WHERE key = 'keyed_from'").fetchone() is None:
                head = conn.execute("SELECT seq FROM head WHERE id = 1").fetchone()
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('keyed_from', ?)", (self._keyed_from(int(head[0]) + 1),)
                )
            if self._db.backend != "sqlite":
                return  # stores before keyed refs were SQLite only
            old = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'pseudonyms'").fetchone()
            if old is not None:
                for entity, pseudonym, client in conn.execute(
                    "SELECT entity_id, pseudonym, client_id FROM pseudonyms"
                ).fetchall():
                    conn.execute(
                        "INSERT OR IGNORE INTO pseudonym_refs (entity_ref, pseudonym, client_ref, provisional, made) "
                        "VALUES (?, ?, ?, 0, 0)",
                        (self._ref(entity), pseudonym, None if client is None else self._ref(client)),
                    )
                conn.execute("DROP TABLE pseudonyms")

    # ------------------------------------------------------------ pseudonyms
    def _pseudonym(
        self, conn: Any, entity_id: str | None, client_id: str | None, *, allowed: bool, seq: int
    ) -> str | None:
        if entity_id is None:
            return None
        if len(entity_id) > _MAX_REF:
            return "malformed"
        ref = self._ref(entity_id)
        client_ref = None if client_id is None else self._ref(client_id)
        row = conn.execute("SELECT pseudonym, provisional FROM pseudonym_refs WHERE entity_ref = ?", (ref,)).fetchone()
        if row is not None:
            if allowed and row[1]:
                conn.execute("UPDATE pseudonym_refs SET provisional = 0 WHERE entity_ref = ?", (ref,))
            if client_ref is not None:
                conn.execute(
                    "UPDATE pseudonym_refs SET client_ref = ? WHERE entity_ref = ? AND client_ref IS NULL",
                    (client_ref, ref),
                )
            return str(row[0])
        pseudonym = _PSEUDONYM_PREFIX + secrets.token_hex(12)
        conn.execute(
            "INSERT INTO pseudonym_refs (entity_ref, pseudonym, client_ref, provisional, made) VALUES (?, ?, ?, ?, ?)",
            (ref, pseudonym, client_ref, 0 if allowed else 1, seq),
        )
        return pseudonym

    @staticmethod
    def _bound_provisional(conn: Any) -> None:
        (count,) = conn.execute("SELECT count(*) FROM pseudonym_refs WHERE provisional = 1").fetchone()
        excess = int(count) - MAX_PROVISIONAL
        if excess > 0:
            conn.execute(
                "DELETE FROM pseudonym_refs WHERE entity_ref IN (SELECT entity_ref FROM pseudonym_refs "
                "WHERE provisional = 1 ORDER BY made LIMIT ?)",
                (excess,),
            )

    # ------------------------------------------------------------ append
    def append(self, event: AuditEvent) -> int:
        return self.append_many([event])[-1]

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        """Append events atomically, in order; returns their sequence numbers."""
        if not events:
            return []
        seqs: list[int] = []
        with self._db.tx() as conn:
            seq, prev = conn.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
            provisional = False
            for event in events:
                subject_client = event.subject_id
                if subject_client is None and event.object_type == "client":
                    subject_client = event.object_id
                allowed = event.outcome == Outcome.ALLOWED
                provisional = provisional or not allowed
                seq += 1
                record = {
                    "ts": _now(),
                    "actor": event.actor,
                    "role": event.role,
                    "institution": event.institution,
                    "action": event.action,
                    "object_type": event.object_type,
                    "object_pseudonym": self._pseudonym(
                        conn, event.object_id, subject_client, allowed=allowed, seq=seq
                    ),
                    "subject_pseudonym": self._pseudonym(
                        conn, subject_client, subject_client, allowed=allowed, seq=seq
                    ),
                    "purpose": event.purpose,
                    "outcome": event.outcome,
                    "request_id": event.request_id,
                }
                digest = self._digest(prev, record)
                conn.execute(
                    "INSERT INTO events (seq, ts, actor, role, institution, action, object_type, "
                    "object_pseudonym, subject_pseudonym, purpose, outcome, request_id, prev_hash, hash) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (seq, *(record[f] for f in _FIELDS), prev, digest),
                )
                prev = digest
                seqs.append(seq)
            if provisional:
                self._bound_provisional(conn)
            conn.execute("UPDATE head SET seq = ?, hash = ? WHERE id = 1", (seq, prev))
            # inside the write transaction: checkpoints are written in chain order across processes
            self._write_checkpoint(self._sign(seq, prev, _now()))
        return seqs

    def _write_checkpoint(self, checkpoint: Checkpoint) -> None:
        tmp = self.checkpoint_path.with_name(f"{self.checkpoint_path.name}.{os.getpid()}.tmp")
        with private_umask():
            tmp.write_text(checkpoint.to_json() + "\n", encoding="utf-8")
        tmp.replace(self.checkpoint_path)

    def checkpoint(self) -> Checkpoint | None:
        """The latest signed checkpoint (to export and keep elsewhere), ``None`` before the first event."""
        try:
            return Checkpoint.from_json(self.checkpoint_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    # ------------------------------------------------------------ reads
    def _events(self, subject: str | None = None) -> list[StoredEvent]:
        sql = _SELECT_ALL if subject is None else _SELECT_SUBJECT
        rows = self._db.read(sql, () if subject is None else (subject,))
        return [StoredEvent(*row) for row in rows]

    def events(self) -> list[StoredEvent]:
        return self._events()

    def pseudonym_of(self, entity_id: str) -> str | None:
        row = self._db.read_one("SELECT pseudonym FROM pseudonym_refs WHERE entity_ref = ?", (self._ref(entity_id),))
        return None if row is None else str(row[0])

    def mapping_count(self) -> tuple[int, int]:
        """(permanent, provisional) mappings in the pseudonym table."""
        rows = dict(self._db.read("SELECT provisional, count(*) FROM pseudonym_refs GROUP BY provisional"))
        return int(rows.get(0, 0)), int(rows.get(1, 0))

    def export_subject(self, client_id: str, entity_ids: Iterable[str] = ()) -> dict[str, Any]:
        """A data-subject access answer: every event about the client.

        The table keeps no ids, so objects are named by graph id only for the
        ids given in ``entity_ids`` (the client's referrals, plans… from the
        graph) and the client itself; any other object by its pseudonym.
        Events recorded before an erasure cannot be found any more.
        """
        names = {p: e for e in {client_id, *entity_ids} if (p := self.pseudonym_of(e)) is not None}
        subject = self.pseudonym_of(client_id)
        events = self._events(subject) if subject else []
        out = []
        for e in events:
            item = asdict(e)
            item["object_id"] = names.get(e.object_pseudonym or "")
            if item["object_id"] is None:
                item["object_pseudonym"] = e.object_pseudonym
            else:
                item.pop("object_pseudonym")
            for key in ("prev_hash", "hash", "subject_pseudonym"):
                item.pop(key)
            out.append(item)
        return {"client_id": client_id, "events": out}

    # ------------------------------------------------------------ erasure
    def forget_subject(self, client_id: str, entity_ids: Iterable[str] = ()) -> int:
        """Unlink a client's events: delete the mappings of the client and its objects."""
        refs = {self._ref(e) for e in {client_id, *entity_ids}}
        with self._db.tx() as conn:
            removed = conn.execute("DELETE FROM pseudonym_refs WHERE client_ref = ?", (self._ref(client_id),)).rowcount
            for ref in refs:
                removed += conn.execute("DELETE FROM pseudonym_refs WHERE entity_ref = ?", (ref,)).rowcount
        return int(removed)

    # ------------------------------------------------------------ verify
    def verify(self, external: Iterable[Checkpoint] = ()) -> VerifyReport:
        """Check triggers, the keyed chain, the head, and the local and ``external`` checkpoints."""
        report = VerifyReport()
        triggers = {r[0] for r in self._db.read(_TRIGGER_NAMES[self._db.backend])}
        head = self._db.read_one("SELECT seq, hash FROM head WHERE id = 1")
        keyed_row = self._db.read_one("SELECT value FROM meta WHERE key = 'keyed_from'")
        keyed_from = 1
        if keyed_row is not None:
            number = str(keyed_row[0]).partition(":")[0]
            if number.isdigit() and hmac.compare_digest(self._keyed_from(int(number)), str(keyed_row[0])):
                keyed_from = int(number)
            else:
                report.problems.append("znacznik początku łańcucha z kluczem jest zmieniony")
        for name in _TRIGGERS:
            if name not in triggers:
                report.problems.append(f"brak wyzwalacza chroniącego dziennik: {name}")
        events = self.events()
        report.events = len(events)
        by_seq: dict[int, str] = {}
        prev, expected_seq = GENESIS, 1
        for e in events:
            if e.seq != expected_seq:
                report.problems.append(f"brak zdarzeń {expected_seq}–{e.seq - 1} (usunięte?)")
            if e.prev_hash != prev:
                report.problems.append(f"zdarzenie {e.seq}: przerwany łańcuch skrótów")
            expected = (self._digest if e.seq >= keyed_from else _unkeyed_digest)(e.prev_hash, e.record())
            if not hmac.compare_digest(expected, e.hash):
                report.problems.append(
                    f"zdarzenie {e.seq}: treść nie zgadza się ze skrótem z kluczem (zmieniona albo przeliczona?)"
                )
            by_seq[e.seq] = e.hash
            prev, expected_seq = e.hash, e.seq + 1
        last = expected_seq - 1
        if head is None:
            report.problems.append("brak rekordu głowy dziennika")
        else:
            report.head_seq, report.head_hash = int(head[0]), str(head[1])
            if report.head_seq != last or report.head_hash != prev:
                report.problems.append(
                    f"głowa dziennika wskazuje zdarzenie {report.head_seq}, ostatnie zapisane to {last}"
                    " (usunięte zdarzenia z końca?)"
                )
        local = self.checkpoint()
        if local is None and last > 0:
            report.problems.append(f"brak punktu kontrolnego {self.checkpoint_path.name} (usunięty?)")
        for label, checkpoint in [("lokalny", local), *(("zewnętrzny", c) for c in external)]:
            if checkpoint is None:
                continue
            report.checkpoints += 1
            if not self._signed(checkpoint):
                report.problems.append(f"punkt kontrolny ({label}) #{checkpoint.seq}: nieprawidłowy podpis")
            elif checkpoint.seq > last:
                report.problems.append(
                    f"punkt kontrolny ({label}) wskazuje zdarzenie {checkpoint.seq}, a dziennik kończy się na {last}"
                    " (usunięte zdarzenia z końca i cofnięta głowa?)"
                )
            elif checkpoint.seq > 0 and by_seq.get(checkpoint.seq) != checkpoint.hash:
                report.problems.append(
                    f"punkt kontrolny ({label}) #{checkpoint.seq}: skrót zdarzenia inny niż podpisany (przepisany łańcuch?)"
                )
        return report
