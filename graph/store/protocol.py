"""The slim store protocol every backend implements.

Domain code talks to a :class:`Store` only: it runs named queries
(:mod:`graph.catalog`) or statements derived from the model
(:mod:`graph.statements`), inside read or write transactions, and uses the
backend's bulk path for large inserts.  A backend that cannot do something
raises :class:`graph.errors.NotSupportedError` – never a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, Protocol, TypeVar, runtime_checkable

from graph.catalog import Statement

__all__ = ["ArrowTx", "Capability", "Tx", "Store", "Row", "T"]

Row = dict[str, Any]
T = TypeVar("T")


class Capability(StrEnum):
    #: Several statements commit or roll back together.
    TRANSACTIONS = "transactions"
    #: A bulk-insert path much faster than UNWIND … CREATE.
    BULK_COPY = "bulk_copy"
    #: Other processes may use the same database at the same time.
    MULTI_PROCESS = "multi_process"
    #: Transactions are retried automatically on transient errors.
    RETRIES = "retries"
    #: Transactions read results and copy bulk data as Arrow tables (:class:`ArrowTx`).
    ARROW = "arrow"


@runtime_checkable
class Tx(Protocol):
    """An open transaction: run statements, see your own writes.

    A transaction knows its store's dialect (``backend``, for statements built from
    the model by :mod:`graph.statements`) and declared capabilities, so code that
    receives a transaction needs neither the store nor a backend argument.
    """

    backend: str
    capabilities: frozenset[Capability]

    def run(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def columns(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
        """Like :meth:`run`, the result as columns (the bulk-read path)."""
        ...

    def bulk_insert(self, table: str, rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> None:
        """Insert rows into a node label or relationship type (``src``/``dst`` keys for rels)."""
        ...


class ArrowTx(Tx, Protocol):
    """A transaction of a store with :attr:`Capability.ARROW` (LadybugDB)."""

    def arrow(self, stmt: Statement | str, params: Mapping[str, Any] | None = None) -> Any:
        """Run a statement; the result as a ``pyarrow.Table``."""
        ...

    def copy_arrow(self, table: str, data: Any) -> None:
        """``COPY`` an Arrow table into a node or relationship table."""
        ...


class Store(Protocol):
    backend: str
    capabilities: frozenset[Capability]
    #: Number of round-trips to the database so far (statements executed).
    calls: int

    def init_schema(self) -> list[str]: ...

    def query(self, name: str | Statement, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def execute(self, name: str | Statement, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def read(self, work: Callable[[Tx], T]) -> T: ...

    def write(self, work: Callable[[Tx], T]) -> T: ...

    def ping(self) -> None: ...

    def close(self) -> None: ...
