"""PostgreSQL state databases (``KOOPERACJA_STATE_URL=postgresql://…``): several API instances, one state.

The stores write SQL with ``?`` placeholders (SQLite's); here they become
``%s``.  A write transaction takes a transaction-level advisory lock first, so
writers are serialised across instances exactly as ``BEGIN IMMEDIATE`` does on
SQLite – the audit chain stays one chain with several API instances (issue 17).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from graph.errors import KooperacjaError

__all__ = ["PostgresDatabase", "WRITE_LOCK"]

#: The advisory lock key of state writes ("KOOP" in ASCII).
WRITE_LOCK = 0x4B4F4F50


def _sql(text: str) -> str:
    # our statements hold no literal '?' or '%': a plain translation is exact
    return text.replace("%", "%%").replace("?", "%s")


class _Cursor:
    def __init__(self, conn: Any):
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(_sql(sql), tuple(params))


class PostgresDatabase:
    """One connection, thread-safe within the process, writers serialised across processes."""

    backend = "postgresql"

    def __init__(self, url: str, *, connect_timeout: int = 5):
        import psycopg

        self.url = url
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.OperationalError as exc:  # never the URL in the message: it may hold a password
            raise KooperacjaError(
                f"baza stanu PostgreSQL (KOOPERACJA_STATE_URL) jest nieosiągalna: {type(exc).__name__}"
            ) from None
        self._lock = threading.Lock()

    def script(self, ddl: str) -> None:
        with self.tx() as cur:
            cur._conn.execute(ddl)  # several statements, no parameters

    @contextmanager
    def tx(self) -> Iterator[_Cursor]:
        with self._lock, self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield _Cursor(self._conn)

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return [tuple(r) for r in self._conn.execute(_sql(sql), tuple(params)).fetchall()]

    def read_one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        with self._lock:
            row = self._conn.execute(_sql(sql), tuple(params)).fetchone()
        return None if row is None else tuple(row)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
