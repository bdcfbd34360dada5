"""Neo4j over Bolt: the production store.

The driver is passed in and closed by its owner (one driver per process).
Work runs in managed transactions (``execute_read``/``execute_write``), which
the driver retries on transient errors – so work functions must be idempotent.
Driver errors are caught narrowly and re-raised as the project's own, without
query text or parameters in the message.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import neo4j
from neo4j import exceptions as nx

from graph.catalog import Statement, catalog
from graph.errors import (
    ConstraintViolation,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    TransactionConflict,
)
from graph.schema import neo4j_ddl
from graph.store.protocol import Capability, Row, T

__all__ = ["Neo4jStore"]

log = logging.getLogger(__name__)
# The driver logs every statement with its parameters at DEBUG, i.e. personal data:
# whatever the root level (CLI -v, an embedding application), its records below
# WARNING never reach a handler.
logging.getLogger("neo4j").setLevel(logging.WARNING)
# Server notifications (an unknown property key in an empty graph, a cartesian product the
# planner resolves anyway) are advice for query authors, pinned by the catalogue's tests,
# not news for an operator.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

#: rows per UNWIND statement of a bulk insert
BULK_CHUNK = 20_000


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _native(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, neo4j.time.DateTime):
        native = value.to_native()
        if native.tzinfo is not None:
            native = native.astimezone(dt.UTC).replace(tzinfo=None)
        return native
    if isinstance(value, neo4j.time.Date | neo4j.time.Time):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {k: _native(v) for k, v in value.items()}
    return value


#: Status codes of transactions the server ended for taking too long (or stopped during a restart):
#: "busy, try later" (503), not a masked internal error.
_TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.Terminated",
    "Neo.TransientError.Transaction.Terminated",
    "Neo.ClientError.Transaction.LockClientStopped",
    "Neo.TransientError.Transaction.LockClientStopped",
)
#: After the server was found unreachable, calls fail at once for this long (no driver timeouts piling up).
UNAVAILABLE_COOLDOWN_S = 1.0


def _wrap(exc: Exception, name: str) -> StoreError:
    code = getattr(exc, "code", None) or ""
    if code in _TIMEOUT_CODES:
        return StoreTimeout("transakcja przekroczyła limit czasu", query=name, backend="neo4j")
    if isinstance(exc, nx.DatabaseUnavailable) or code.startswith("Neo.TransientError.General.DatabaseUnavailable"):
        return StoreUnavailable("baza Neo4j jest niedostępna", query=name, backend="neo4j")
    if isinstance(exc, nx.ConstraintError):
        return ConstraintViolation("naruszenie unikalności klucza naturalnego", query=name, backend="neo4j")
    if isinstance(exc, nx.ServiceUnavailable | nx.SessionExpired):
        return StoreUnavailable("baza Neo4j jest niedostępna", query=name, backend="neo4j")
    if isinstance(exc, nx.AuthError):
        return StoreUnavailable("odmowa uwierzytelnienia w Neo4j", query=name, backend="neo4j")
    if isinstance(exc, nx.TransientError):
        return TransactionConflict("przejściowy błąd transakcji", query=name, backend="neo4j")
    code = getattr(exc, "code", None) or type(exc).__name__
    return StoreError(f"błąd bazy danych ({code})", query=name, backend="neo4j")


class _Neo4jTx:
    def __init__(self, store: Neo4jStore, tx: Any):
        self._store = store
        self._tx = tx
        self.backend = store.backend
        self.capabilities = store.capabilities

    def run(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> list[Row]:
        s = self._store._statement(stmt)
        params = dict(params or {})
        _check(s, params)
        self._store.calls += 1
        result = self._tx.run(s.text, params)
        return [{k: _native(v) for k, v in rec.items()} for rec in result]

    def columns(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
        """Like :meth:`run`, but the result as columns (bulk reads)."""
        s = self._store._statement(stmt)
        params = dict(params or {})
        _check(s, params)
        self._store.calls += 1
        result = self._tx.run(s.text, params)
        keys = list(result.keys())
        values = result.values()
        out: dict[str, list[Any]] = {k: [] for k in keys}
        for k, col in zip(keys, zip(*values, strict=True) if values else [() for _ in keys], strict=True):
            out[k] = [_native(v) for v in col]
        return out

    def bulk_insert(self, table: str, rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> None:
        # Neo4j has no faster transactional path than UNWIND … CREATE in one transaction;
        # chunks keep each statement's parameter at a few MB.  Nulls are left out (a
        # new entity simply lacks them) and dates are encoded directly (see _bolt).
        from graph import statements
        from graph.model import NODE_MODELS, REL_MODELS

        names = [c for c, _ in columns]
        for node in NODE_MODELS:
            if node.__label__ == table:
                for chunk in _chunks(rows, BULK_CHUNK):
                    payload = [{n: _bolt(r[n]) for n in names if r.get(n) is not None} for r in chunk]
                    self.run(statements.create_nodes(node, "neo4j"), {"rows": payload})
                return
        for rel in REL_MODELS:
            if rel.__type__ == table:
                for chunk in _chunks(rows, BULK_CHUNK):
                    if names:
                        payload = [
                            {
                                "src": r["src"],
                                "dst": r["dst"],
                                "props": {n: _bolt(r[n]) for n in names if r.get(n) is not None},
                            }
                            for r in chunk
                        ]
                    else:  # no properties: the statement reads only src and dst
                        payload = [{"src": r["src"], "dst": r["dst"]} for r in chunk]
                    self.run(statements.create_rels(rel, "neo4j"), {"rows": payload})
                return
        raise StoreError("nieznana tabela", query=f"bulk.{table}", backend="neo4j")


try:  # the driver's own Bolt structure type (stable across 5.x; checked by the tests)
    from neo4j._codec.packstream import Structure as _Structure
except ImportError:  # pragma: no cover - a driver without it falls back to its own conversion
    _Structure = None

_EPOCH = dt.datetime(1970, 1, 1)
_EPOCH_DATE = dt.date(1970, 1, 1)


def _bolt(value: Any) -> Any:
    """A naive datetime or a date as the Bolt structure the driver would send.

    The driver converts each Python temporal value through its own time classes
    in pure Python (tens of µs each: three quarters of the time of a bulk insert
    of referrals); the wire form is two integers.  Stored values are identical
    (LocalDateTime / Date).
    """
    kind = type(value)
    if _Structure is None or (kind is not dt.datetime and kind is not dt.date):
        return value
    if kind is dt.date:
        return _Structure(b"D", (value - _EPOCH_DATE).days)
    if value.tzinfo is not None:
        return value
    delta = value - _EPOCH
    return _Structure(b"d", delta.days * 86_400 + delta.seconds, delta.microseconds * 1_000)


def _chunks(rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _check(s: Statement, params: Mapping[str, Any]) -> None:
    missing = s.params - params.keys()
    extra = params.keys() - s.params
    if missing or extra:
        raise StoreError(
            f"zapytanie {s.name!r}: brak parametrów {sorted(missing)} / nadmiarowe {sorted(extra)}",
            query=s.name,
            backend="neo4j",
        )


class Neo4jStore:
    """Neo4j store over a driver owned by the caller."""

    backend = "neo4j"
    capabilities = frozenset({Capability.TRANSACTIONS, Capability.MULTI_PROCESS, Capability.RETRIES})

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None, timeout: float = 30.0):
        self._driver = driver
        self._database = database
        self._timeout = timeout
        self._down_until = 0.0  # monotonic time until which the server is taken as unreachable
        self.calls = 0

    def _statement(self, stmt: Statement | str) -> Statement:
        return stmt if isinstance(stmt, Statement) else catalog().statement(stmt, self.backend)

    def _session(self, access: str) -> Any:
        return self._driver.session(database=self._database, default_access_mode=access)

    def _managed(self, access: str, work: Callable[[Any], T], name: str) -> T:
        def unit(tx: Any) -> T:
            return work(_Neo4jTx(self, tx))

        unit_tx = neo4j.unit_of_work(timeout=self._timeout)(unit)
        if time.monotonic() < self._down_until:
            # found unreachable a moment ago: fail now instead of queueing for the driver's timeouts
            raise StoreUnavailable("baza Neo4j jest niedostępna", query=name, backend="neo4j")
        try:
            with self._session(access) as session:
                # the driver's managed transactions return what ``work`` returns
                result: T = (
                    session.execute_read(unit_tx) if access == neo4j.READ_ACCESS else session.execute_write(unit_tx)
                )
                return result
        except (nx.Neo4jError, nx.DriverError) as exc:
            log.warning("neo4j error in %s: %s", name, type(exc).__name__)
            error = _wrap(exc, name)
            if type(error) is StoreUnavailable:
                self._down_until = time.monotonic() + UNAVAILABLE_COOLDOWN_S
            raise error from None
        except OSError as exc:
            self._down_until = time.monotonic() + UNAVAILABLE_COOLDOWN_S
            raise StoreUnavailable("baza Neo4j jest niedostępna", query=name, backend="neo4j") from exc

    def init_schema(self) -> list[str]:
        done = []
        for ddl in neo4j_ddl():
            self.calls += 1
            try:
                with self._session(neo4j.WRITE_ACCESS) as session:
                    session.run(ddl).consume()
            except (nx.Neo4jError, nx.DriverError) as exc:
                raise _wrap(exc, "schema") from None
            done.append(ddl)
        return done

    def query(self, name: str | Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        s = self._statement(name)
        return self._managed(neo4j.READ_ACCESS, lambda tx: tx.run(s, params), s.name)

    def execute(self, name: str | Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        s = self._statement(name)
        return self._managed(neo4j.WRITE_ACCESS, lambda tx: tx.run(s, params), s.name)

    def read(self, work: Callable[[Any], T]) -> T:
        return self._managed(neo4j.READ_ACCESS, work, "read")

    def write(self, work: Callable[[Any], T]) -> T:
        return self._managed(neo4j.WRITE_ACCESS, work, "write")

    def ping(self) -> None:
        try:
            self._driver.verify_connectivity()
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise StoreUnavailable("baza Neo4j jest niedostępna", query="ping", backend="neo4j") from exc

    def close(self) -> None:
        """The driver belongs to its owner; nothing to release here."""
