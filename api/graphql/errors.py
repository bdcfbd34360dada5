"""Errors a GraphQL client may see, and the masking of everything else.

Resolvers raise :class:`PublicError` subclasses (Polish message, a ``code``
extension) or :class:`graph.errors.ModelValidationError` (Polish messages
naming the field).  Every other exception – a store error, a bug – reaches the
client only as a generic Polish message with a correlation id (the request
id), never with Cypher, parameters or a stack trace; the server log gets the
same id, the exception type and the catalogue query name.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from api.observability import current_request_id, new_request_id
from graph.errors import (
    DomainError,
    InvalidInput,
    ModelValidationError,
    StoreError,
    StoreUnavailable,
)

__all__ = [
    "PublicError",
    "NotFoundError",
    "BadInputError",
    "CorrelatedMaskErrors",
    "quiet_request_error",
    "INTERNAL_MESSAGE",
    "UNAVAILABLE_MESSAGE",
]

log = logging.getLogger("kooperacja.graphql")

INTERNAL_MESSAGE = "Wewnętrzny błąd serwera."
UNAVAILABLE_MESSAGE = "Baza danych jest chwilowo niedostępna. Spróbuj ponownie za chwilę."


class PublicError(Exception):
    """An error whose (Polish) message is safe to show to the client."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, *, extensions: dict[str, Any] | None = None):
        super().__init__(message)
        self.extensions = {"code": self.code, **(extensions or {})}


class NotFoundError(PublicError):
    code = "NOT_FOUND"


class BadInputError(PublicError):
    """Invalid argument; ``field`` names the offending argument or input field."""

    code = "BAD_USER_INPUT"

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}", extensions={"fields": [{"field": field, "message": message}]})


def _domain_error(exc: DomainError) -> dict[str, Any]:
    """The same extensions a :class:`PublicError` of that kind would carry."""
    if isinstance(exc, InvalidInput):
        return {"code": exc.code, "fields": [{"field": exc.field, "message": exc.reason}]}
    return {"code": exc.code, **({"field": exc.field} if exc.field else {})}


def _model_error(exc: ModelValidationError) -> dict[str, Any]:
    return {
        "code": "BAD_USER_INPUT",
        "entity": exc.entity,
        "fields": [{"field": loc, "message": msg} for loc, msg in exc.errors],
    }


def quiet_request_error(error: GraphQLError) -> GraphQLError | None:
    """A generic Polish twin of a syntax, validation or variable error, or ``None`` to keep it.

    graphql-core's own messages quote the caller's input back ("Cannot query
    field 'x'", "Variable '$id' got invalid value …") and suggest names ("Did
    you mean 'pesel'?") – schema enumeration with introspection off (issue 16).
    Errors we raise carry a ``code`` and no input; errors with a ``path`` come
    from execution and are handled by the masking.
    """
    if (error.extensions or {}).get("code") or error.path:
        return None
    message = error.message
    if message.startswith("Syntax Error"):
        text, code = "Błąd składni zapytania GraphQL.", "GRAPHQL_PARSE_FAILED"
    elif message.startswith("GraphQL introspection has been disabled"):
        text, code = "Introspekcja schematu jest wyłączona (introspection disabled).", "INTROSPECTION_DISABLED"
    elif message.startswith("Variable '$"):
        text, code = "Niepoprawna wartość zmiennej zapytania.", "BAD_USER_INPUT"
    else:
        text, code = "Zapytanie nie jest zgodne ze schematem API.", "GRAPHQL_VALIDATION_FAILED"
    return GraphQLError(
        text, nodes=error.nodes, source=error.source, positions=error.positions, extensions={"code": code}
    )


class CorrelatedMaskErrors(MaskErrors):
    """``MaskErrors`` that keeps public errors and tags masked ones with a correlation id.

    With ``quiet_requests`` (everywhere but development) syntax, validation and
    variable errors become generic Polish messages with a code and the location:
    no echo of the caller's input, no "Did you mean …?".
    """

    def __init__(self, quiet_requests: bool = True) -> None:
        super().__init__(should_mask_error=lambda _e: True, error_message=INTERNAL_MESSAGE)
        self.quiet_requests = quiet_requests

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is None or isinstance(original, GraphQLError):
            # validation/syntax errors and permission denials carry no data – but they may echo input
            quiet = quiet_request_error(error) if self.quiet_requests else None
            return quiet or error
        if isinstance(original, PublicError):
            return self._replace(error, str(original), original.extensions)
        if isinstance(original, DomainError):
            return self._replace(error, str(original), _domain_error(original))
        if isinstance(original, ModelValidationError):
            message = "Niepoprawne dane: " + "; ".join(f"{loc}: {msg}" for loc, msg in original.errors)
            return self._replace(error, message, _model_error(original))
        correlation = current_request_id() or new_request_id()
        unavailable = isinstance(original, StoreUnavailable)
        log.error(
            "graphql error",
            extra={
                "correlation_id": correlation,
                "error_type": type(original).__name__,
                "store_query": getattr(original, "query", None) if isinstance(original, StoreError) else None,
                "path": ".".join(str(p) for p in (error.path or [])),
            },
        )
        code = "STORE_UNAVAILABLE" if unavailable else "INTERNAL_SERVER_ERROR"
        message = UNAVAILABLE_MESSAGE if unavailable else INTERNAL_MESSAGE
        return self._replace(
            error, f"{message} Identyfikator zgłoszenia: {correlation}.", {"code": code, "correlationId": correlation}
        )

    @staticmethod
    def _replace(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )
