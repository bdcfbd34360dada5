"""The embedded store: LadybugDB (``ladybug`` on PyPI), a directory on disk.

One process owns the directory.  Writes are serialised by a lock (LadybugDB
fails concurrent write transactions at once instead of waiting); reads use a
small pool of connections.  Bulk inserts go through ``COPY … FROM`` an Arrow
table, which is atomic and ~10× faster than ``UNWIND … CREATE``.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.catalog import Statement, catalog
from graph.errors import (
    ConstraintViolation,
    DanglingReference,
    NotSupportedError,
    StoreError,
    StoreUnavailable,
    TransactionConflict,
)
from graph.schema import ladybug_ddl
from graph.store.protocol import Capability, Row, T

__all__ = ["LadybugStore", "arrow_table"]

log = logging.getLogger(__name__)

_ARROW_TYPES = {
    "STRING": "string",
    "INT64": "int64",
    "DOUBLE": "float64",
    "BOOLEAN": "bool_",
    "DATE": "date32",
    "TIMESTAMP": "timestamp",
    "STRING[]": "list",
}


def _arrow_type(pa: Any, name: str) -> Any:
    kind = _ARROW_TYPES[name]
    if kind == "list":
        return pa.list_(pa.string())
    if kind == "timestamp":
        return pa.timestamp("us")
    return getattr(pa, kind)()


def _wrap(exc: Exception, name: str) -> StoreError:
    # Driver messages can quote key values; keep them out of our message.
    text = str(exc)
    if "duplicated primary key" in text:
        return ConstraintViolation("naruszenie unikalności klucza naturalnego", query=name, backend="ladybug")
    if "Unable to find primary key" in text:
        return DanglingReference("relacja wskazuje na nieistniejący węzeł", query=name, backend="ladybug")
    if "lock" in text.lower() and "file" in text.lower():
        return StoreUnavailable("baza danych jest zablokowana przez inny proces", query=name, backend="ladybug")
    if "write transaction" in text.lower() and "conflict" in text.lower():
        return TransactionConflict("konflikt równoległych zapisów", query=name, backend="ladybug")
    return StoreError(f"błąd bazy danych ({type(exc).__name__})", query=name, backend="ladybug")


class _LadybugTx:
    def __init__(self, store: LadybugStore, conn: Any):
        self._store = store
        self._conn = conn
        self.backend = store.backend
        self.capabilities = store.capabilities
        self.used_arrow = False

    def run(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._store._run(self._conn, stmt, params)

    def columns(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
        """Like :meth:`run`, but the result as columns read through Arrow (bulk reads)."""
        table = self.arrow(stmt, params)
        return {c: table.column(c).to_pylist() for c in table.column_names}

    def arrow(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> Any:
        """Run a statement; the result as a ``pyarrow.Table`` (parameters may be Arrow tables)."""
        self.used_arrow = True
        return self._store._run_arrow(self._conn, stmt, params)

    def bulk_insert(self, table: str, rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> None:
        if not rows:
            return
        from graph.model import REL_MODELS

        is_rel = any(m.__type__ == table for m in REL_MODELS)
        cols = [("src", "STRING"), ("dst", "STRING"), *columns] if is_rel else list(columns)
        self.copy_arrow(table, arrow_table(rows, cols))

    def copy_arrow(self, table: str, data: Any) -> None:
        """``COPY`` an Arrow table into a node table, or a relationship table
        (whose first two columns are the source and destination keys)."""
        from graph.model import REL_MODELS

        if data.num_rows == 0:
            return
        self.used_arrow = True
        rel = next((m for m in REL_MODELS if m.__type__ == table), None)
        opts = ""
        if rel is not None:
            data = data.rename_columns(["from", "to", *data.column_names[2:]])
            opts = f" (from='{rel.__src__.__label__}', to='{rel.__dst__.__label__}')"
        self._store.calls += 1
        try:
            self._conn.execute(f"COPY {table} FROM $data{opts}", {"data": data})
        except RuntimeError as exc:
            raise _wrap(exc, f"bulk.{table}") from None


def arrow_table(rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> Any:
    """Rows as a ``pyarrow.Table`` with the store's column types (``STRING``, ``INT64``…)."""
    import pyarrow as pa

    # Converting the dicts as one struct array runs in C++ (twice as fast as a
    # list per column); missing keys become nulls, other keys are ignored.
    fields = [pa.field(col, _arrow_type(pa, ptype)) for col, ptype in columns]
    return pa.Table.from_struct_array(pa.array(rows, type=pa.struct(fields)))


class LadybugStore:
    """Embedded LadybugDB store; see the module docstring."""

    backend = "ladybug"
    capabilities = frozenset({Capability.TRANSACTIONS, Capability.BULK_COPY, Capability.ARROW})

    def __init__(
        self, path: str | Path, *, read_only: bool = False, pool_size: int = 4, buffer_pool_mb: int | None = None
    ):
        """Open (or create) the database at ``path``.

        ``buffer_pool_mb`` caps LadybugDB's page cache and working memory; by default
        ``KOOPERACJA_LADYBUG_BUFFER_MB`` or, if unset, LadybugDB's own default
        (80 % of RAM), which bulk loads on a shared machine should not claim.
        """
        import ladybug

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.calls = 0
        self._read_only = read_only
        try:
            mb = buffer_pool_mb or int(os.environ.get("KOOPERACJA_LADYBUG_BUFFER_MB") or 0)
            self._db = ladybug.Database(str(self.path), read_only=read_only, buffer_pool_size=mb * 1024 * 1024)
        except RuntimeError as exc:
            error = _wrap(exc, "open")
            if isinstance(error, StoreUnavailable):
                from graph.store.holders import describe_holders

                # LadybugDB admits one process per database: say which one has it
                who = describe_holders(self.path) or "inny proces"
                error = StoreUnavailable(
                    f"baza {self.path} jest zablokowana – {who}. Zatrzymaj go albo, gdy kilka procesów ma "
                    "pracować na jednym grafie, użyj Neo4j (--graph bolt://…)",
                    query="open",
                    backend="ladybug",
                )
            raise error from None
        self._write_lock = threading.RLock()
        self._write_conn = ladybug.Connection(self._db)
        self._pool: queue.Queue[Any] = queue.Queue()
        for _ in range(pool_size):
            self._pool.put(ladybug.Connection(self._db))
        self._closed = False

    # ------------------------------------------------------------ plumbing
    def _text(self, stmt: Statement | str) -> tuple[str, str]:
        if isinstance(stmt, Statement):
            return stmt.name, stmt.text
        s = catalog().statement(stmt, self.backend)
        return s.name, s.text

    def _run(self, conn: Any, stmt: Statement | str, params: Mapping[str, Any] | None) -> list[Row]:
        name, text = self._text(stmt)
        params = dict(params or {})
        _check_params(name, stmt, params, self.backend)
        self.calls += 1
        try:
            raw = conn.execute(text, params)
            result: Any = raw[-1] if isinstance(raw, list) else raw
            cols = result.get_column_names()
            rows: list[Row] = []
            while result.has_next():
                rows.append(dict(zip(cols, result.get_next(), strict=True)))
            return rows
        except RuntimeError as exc:
            raise _wrap(exc, name) from None

    def _run_arrow(self, conn: Any, stmt: Statement | str, params: Mapping[str, Any] | None) -> Any:
        name, text = self._text(stmt)
        params = dict(params or {})
        _check_params(name, stmt, params, self.backend)
        self.calls += 1
        try:
            result = conn.execute(text, params)
            if isinstance(result, list):
                result = result[-1]
            return result.get_as_arrow()
        except RuntimeError as exc:
            raise _wrap(exc, name) from None

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        if self._closed:
            raise StoreUnavailable("magazyn danych jest zamknięty", backend=self.backend)
        conn = self._pool.get()
        try:
            yield conn
        finally:
            self._pool.put(conn)

    # ------------------------------------------------------------ protocol
    def init_schema(self) -> list[str]:
        if self._read_only:
            raise NotSupportedError("baza otwarta tylko do odczytu")
        done = []
        with self._write_lock:
            for ddl in ladybug_ddl():
                self.calls += 1
                try:
                    self._write_conn.execute(ddl)
                except RuntimeError as exc:
                    raise _wrap(exc, "schema") from None
                done.append(ddl)
            done += self._add_missing_columns()
        return done

    def _add_missing_columns(self) -> list[str]:
        # Upgrade path: a property added to the model becomes a new column (node and relationship tables).
        from graph.model import NODE_MODELS, REL_MODELS
        from graph.schema import node_props, rel_props

        added = []
        tables = [(m.__label__, node_props(m)) for m in NODE_MODELS] + [(r.__type__, rel_props(r)) for r in REL_MODELS]
        for table, props in tables:
            result: Any = self._write_conn.execute(f"CALL table_info('{table}') RETURN name")
            have = set()
            while result.has_next():
                have.add(result.get_next()[0])
            for prop in props:
                if prop.name not in have:
                    ddl = f"ALTER TABLE {table} ADD {prop.name} {prop.type.value}"
                    self._write_conn.execute(ddl)
                    added.append(ddl)
        return added

    def query(self, name: str | Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        with self._reader() as conn:
            return self._run(conn, name, params)

    def execute(self, name: str | Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.write(lambda tx: tx.run(name, params))

    def read(self, work: Callable[[Any], T]) -> T:
        with self._reader() as conn:
            conn.execute("BEGIN TRANSACTION READ ONLY")
            try:
                return work(_LadybugTx(self, conn))
            finally:
                _end(conn, "COMMIT")

    def write(self, work: Callable[[Any], T]) -> T:
        if self._read_only:
            raise NotSupportedError("baza otwarta tylko do odczytu")
        if self._closed:
            raise StoreUnavailable("magazyn danych jest zamknięty", backend=self.backend)
        with self._write_lock:
            conn = self._write_conn
            tx = _LadybugTx(self, conn)
            try:
                conn.execute("BEGIN TRANSACTION")
                try:
                    result = work(tx)
                except BaseException:
                    _end(conn, "ROLLBACK")
                    raise
                try:
                    conn.execute("COMMIT")
                except RuntimeError as exc:
                    raise _wrap(exc, "commit") from None
                return result
            finally:
                if tx.used_arrow:
                    self._renew_write_connection()

    def _renew_write_connection(self) -> None:
        # LadybugDB 0.22 keeps every Arrow table handed to COPY or LOAD FROM alive
        # until its connection closes (about 100 bytes a row: gigabytes, and at last
        # "buffer pool is full", over a Poland-scale load); a new connection frees them.
        import ladybug

        old = self._write_conn
        self._write_conn = ladybug.Connection(self._db)
        old.close()

    def ping(self) -> None:
        self.query(Statement("ping", "RETURN 1 AS ok"))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        while not self._pool.empty():
            self._pool.get().close()
        self._write_conn.close()
        self._db.close()


def _end(conn: Any, statement: str) -> None:
    """End a transaction; LadybugDB has already rolled back after a failed statement."""
    try:
        conn.execute(statement)
    except RuntimeError as exc:
        if "No active transaction" not in str(exc):
            raise


def _check_params(name: str, stmt: Statement | str, params: Mapping[str, Any], backend: str) -> None:
    s = stmt if isinstance(stmt, Statement) else catalog().statement(stmt, backend)
    wanted = s.params
    missing = wanted - params.keys()
    extra = params.keys() - wanted
    if missing or extra:
        raise StoreError(
            f"zapytanie {name!r}: brak parametrów {sorted(missing)} / nadmiarowe {sorted(extra)}",
            query=name,
            backend=backend,
        )
