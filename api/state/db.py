"""The state database interface the user store and the audit trail are written against.

Both stores speak SQL with ``?`` placeholders through :class:`StateDatabase`:
``tx()`` opens a write transaction that also serialises writers across
processes (``BEGIN IMMEDIATE`` on SQLite; a PostgreSQL backend would take an
advisory lock), ``read``/``read_one`` run a query outside any write.  Schema
texts are per backend (``schema`` maps a backend name to its DDL).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

__all__ = ["StateDatabase", "Cursor", "IntegrityError"]


def _integrity_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.IntegrityError]
    try:
        import psycopg

        errors.append(psycopg.errors.IntegrityError)
    except ImportError:  # PostgreSQL support not installed
        pass
    return tuple(errors)


#: Constraint violations (a duplicate username…), whichever backend raised them.
IntegrityError: tuple[type[Exception], ...] = _integrity_errors()


class Cursor(Protocol):
    """What a transaction hands out: ``execute`` returning something with ``fetchone``/``fetchall``/``rowcount``."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...


class StateDatabase(Protocol):
    backend: str

    def tx(self) -> AbstractContextManager[Cursor]: ...

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def read_one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...

    def script(self, ddl: str) -> None: ...

    def close(self) -> None: ...
