"""SQLite state databases: private from the first byte, one writer at a time, WAL.

Why a umask and not ``chmod`` afterwards (issue 16): SQLite creates the
``-wal`` and ``-shm`` files itself, later, with the process umask – a
``chmod`` of the main file left them 0644 and the state directory 0755.
:func:`private_dir` creates the directory 0700 and :class:`SqliteDatabase`
opens the database under umask 077, so the database, its WAL and its SHM are
0600 when they come into existence.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["SqliteDatabase", "private_dir", "private_umask"]

_UMASK_LOCK = threading.Lock()


@contextmanager
def private_umask() -> Iterator[None]:
    """Files and directories created inside are private to the owner (umask 077).

    The umask is per process: the lock keeps two threads of ours from
    interleaving, and 077 only ever narrows what another thread creates.
    """
    with _UMASK_LOCK:
        old = os.umask(0o077)
        try:
            yield
        finally:
            os.umask(old)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) 0700; an existing directory of ours is narrowed to 0700."""
    with private_umask():
        path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not ours (e.g. a mounted volume): leave it
        if path.stat().st_uid == os.getuid():
            path.chmod(0o700)
    return path


#: PRAGMA cannot take parameters: one constant statement per allowed level (S-INJ-01)
_SYNCHRONOUS = {
    "OFF": "PRAGMA synchronous=OFF",
    "NORMAL": "PRAGMA synchronous=NORMAL",
    "FULL": "PRAGMA synchronous=FULL",
    "EXTRA": "PRAGMA synchronous=EXTRA",
}


class SqliteDatabase:
    """One SQLite file in a private directory; thread-safe within the process, serialised across processes."""

    backend = "sqlite"

    def __init__(self, path: Path, *, busy_timeout_ms: int = 10_000, synchronous: str = "NORMAL"):
        self.path = path
        private_dir(path.parent)
        with private_umask():
            # sqlite3's timeout is SQLite's busy timeout (sqlite3_busy_timeout), so no PRAGMA text is built from it
            self._conn = sqlite3.connect(
                str(path), check_same_thread=False, isolation_level=None, timeout=busy_timeout_ms / 1000
            )
            self._conn.execute("PRAGMA journal_mode=WAL")  # creates -wal/-shm under the umask
            self._conn.execute(_SYNCHRONOUS[synchronous])
        for suffix in ("", "-wal", "-shm"):  # files from before this fix
            with contextlib.suppress(OSError):
                Path(str(path) + suffix).chmod(0o600)
        self._lock = threading.Lock()

    def script(self, ddl: str) -> None:
        with self._lock, private_umask():
            self._conn.executescript(ddl)

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``: one writer across processes)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._conn.execute(sql, tuple(params)).fetchall())

    def read_one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        with self._lock:
            row = self._conn.execute(sql, tuple(params)).fetchone()
        return None if row is None else tuple(row)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
