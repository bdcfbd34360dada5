"""The API's own state – accounts and the audit trail – apart from the graph.

One small database helper serves both: :class:`api.state.db.StateDatabase`
(a connection, a lock, transactions, ``?`` parameters).  SQLite in the state
directory is the embedded default (:func:`api.state.sqlite.open_sqlite`:
directory 0700 and files 0600 from creation, WAL, busy timeout).  The
interface is what a PostgreSQL backend needs as well (issue 17): the stores
only call ``tx()``/``read()``/``read_one()`` with ``?`` placeholders, and
:data:`api.state.db.IntegrityError` covers both drivers' constraint errors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from graph.errors import KooperacjaError

__all__ = ["open_state_db", "state_url", "STATE_URL_ENV"]

STATE_URL_ENV = "KOOPERACJA_STATE_URL"


def state_url() -> str | None:
    """``KOOPERACJA_STATE_URL`` when it names PostgreSQL, else ``None`` (SQLite in the state directory)."""
    url = (os.environ.get(STATE_URL_ENV) or "").strip()
    if not url:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        raise KooperacjaError(f"{STATE_URL_ENV} musi być adresem postgresql://… (albo pusty: SQLite w katalogu stanu)")
    return url


def open_state_db(path: Path, url: str | None = None) -> Any:
    """The state database: PostgreSQL at ``url`` (or ``KOOPERACJA_STATE_URL``), else SQLite at ``path``."""
    url = url or state_url()
    if url:
        from api.state.postgres import PostgresDatabase

        return PostgresDatabase(url)
    from api.state.sqlite import SqliteDatabase

    return SqliteDatabase(path)
