"""The schema class the API serves: documents prepared off the loop, time budgets, quiet logs.

:class:`HardenedSchema` wraps strawberry's ``execute``:

1. a document seen lately (exact text) is looked up on the loop; any other is
   lexed, parsed and validated in a worker thread (at most
   :data:`VALIDATION_THREADS` at once) within :data:`VALIDATION_BUDGET_S` –
   past it the request is refused with ``QUERY_TOO_COMPLEX`` and the loop
   never waited on it;
2. the operation runs within :data:`EXECUTION_BUDGET_S`; past it the resolvers
   are cancelled and the caller gets ``TIMEOUT`` (a store call already in a
   worker thread finishes there; its result is dropped).

Store calls themselves already run in worker threads (``Context.run``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import anyio
import anyio.to_thread
import strawberry
from graphql import ASTValidationRule, GraphQLError, specified_rules
from strawberry.types import ExecutionResult

from api.graphql.documents import PREPARED, DocumentCache
from api.graphql.errors import quiet_request_error

__all__ = [
    "HardenedSchema",
    "VALIDATION_BUDGET_S",
    "EXECUTION_BUDGET_S",
    "VALIDATION_THREADS",
    "TOO_COMPLEX",
    "TIMED_OUT",
]

log = logging.getLogger("kooperacja.graphql")

#: Seconds a document may spend being parsed and validated (linear rules take ~10 ms at the token limit).
VALIDATION_BUDGET_S = 2.0
#: Seconds an operation may run; the Neo4j store's own timeouts are shorter (fail fast, issue 16).
EXECUTION_BUDGET_S = 20.0
#: Worker threads validating at once: CPU-bound work, the machine's cores are the bound.
VALIDATION_THREADS = 2

TOO_COMPLEX = "Zapytanie jest zbyt złożone, by je sprawdzić w dozwolonym czasie."
TIMED_OUT = "Zapytanie trwało zbyt długo i zostało przerwane. Spróbuj zawęzić zapytanie."


class HardenedSchema(strawberry.Schema):
    """``strawberry.Schema`` preparing documents off the event loop, with time budgets.

    ``validation_rules`` are the project's own rules; they run after graphql's
    specified rules, in the same order strawberry would run them.
    """

    def __init__(
        self,
        *args: Any,
        validation_rules: Sequence[type[ASTValidationRule]] = (),
        max_tokens: int,
        cache_size: int = 256,
        quiet_requests: bool = True,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.quiet_requests = quiet_requests
        self.documents = DocumentCache(
            self._schema, (*specified_rules, *validation_rules), max_tokens=max_tokens, maxsize=cache_size
        )
        self._validators = anyio.CapacityLimiter(VALIDATION_THREADS)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Strawberry's default logs every resolver error with its message and traceback, which
        # may quote data; CorrelatedMaskErrors logs a scrubbed record instead.
        return None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[Any] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        token = None
        if isinstance(query, str) and query:
            prepared = self.documents.cached(query)
            if prepared is None:
                try:
                    with anyio.fail_after(VALIDATION_BUDGET_S):
                        prepared = await anyio.to_thread.run_sync(
                            self.documents.prepare, query, abandon_on_cancel=True, limiter=self._validators
                        )
                except TimeoutError:
                    log.warning("graphql document refused: validation budget exceeded")
                    return _refused(TOO_COMPLEX, "QUERY_TOO_COMPLEX")
            if prepared.document is None:  # did not parse: answer here, nothing to hand strawberry
                return ExecutionResult(data=None, errors=[self._quiet(e) for e in prepared.errors])
            token = PREPARED.set(prepared)
        try:
            with anyio.fail_after(EXECUTION_BUDGET_S):
                return await super().execute(
                    query,
                    variable_values=variable_values,
                    context_value=context_value,
                    root_value=root_value,
                    operation_name=operation_name,
                    allowed_operation_types=allowed_operation_types,
                    operation_extensions=operation_extensions,
                )
        except TimeoutError:
            log.warning("graphql operation cancelled: execution budget exceeded")
            return _refused(TIMED_OUT, "TIMEOUT")
        finally:
            if token is not None:
                PREPARED.reset(token)

    def _quiet(self, error: GraphQLError) -> GraphQLError:
        return (quiet_request_error(error) if self.quiet_requests else None) or error


def _refused(message: str, code: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])
