"""The project's own exception types.

Messages never carry query parameters or property values: they may hold
personal data.  Driver exceptions are caught narrowly in the stores and
re-raised as one of these, with the original kept as ``__cause__`` for the
server log only after scrubbing (see :func:`graph.errors.safe_detail`).
"""

from __future__ import annotations

__all__ = [
    "KooperacjaError",
    "StoreError",
    "StoreUnavailable",
    "ConstraintViolation",
    "DanglingReference",
    "ModelValidationError",
    "NotSupportedError",
    "UnknownQueryError",
    "TransactionConflict",
    "DomainError",
    "NotFound",
    "InvalidInput",
]


class KooperacjaError(Exception):
    """Base of every error raised by Kooperacja."""


class StoreError(KooperacjaError):
    """A store operation failed; the transaction was rolled back."""

    def __init__(self, message: str, *, query: str | None = None, backend: str | None = None):
        super().__init__(message)
        self.query = query  # the catalogue name, never the text or parameters
        self.backend = backend


class StoreUnavailable(StoreError):
    """The store cannot be reached (server down, database locked)."""


class StoreTimeout(StoreUnavailable):
    """The store ended a transaction that ran out of time (or was terminated): busy, try again later."""


class TransactionConflict(StoreError):
    """A concurrent write conflicted; retrying may succeed."""


class ConstraintViolation(StoreError):
    """A uniqueness (natural key) constraint was violated."""


class DanglingReference(StoreError):
    """A relationship names an endpoint that does not exist."""


class ModelValidationError(KooperacjaError):
    """Input did not validate against the domain model.

    ``errors`` is a list of ``(location, Polish message)`` with no input values.
    """

    def __init__(self, entity: str, errors: list[tuple[str, str]]):
        self.entity = entity
        self.errors = errors
        joined = "; ".join(f"{loc}: {msg}" for loc, msg in errors)
        super().__init__(f"{entity}: {joined}")


class NotSupportedError(KooperacjaError):
    """The backend lacks a capability the caller asked for (never silently ignored)."""


class UnknownQueryError(KooperacjaError):
    """No named query of that name exists in the catalogue."""


class DomainError(KooperacjaError):
    """A refusal by domain logic whose Polish message is safe to show to the user.

    Raised below ``api/`` (no GraphQL types there); the API maps it to its own
    error shape (``code`` says which).  Messages carry no input values.
    """

    code = "BAD_REQUEST"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(DomainError):
    """The object asked for does not exist (or the caller may not see it)."""

    code = "NOT_FOUND"


class InvalidInput(DomainError):
    """An argument is invalid; ``field`` names it, ``reason`` says why (message: ``field: reason``)."""

    code = "BAD_USER_INPUT"

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}", field=field)
        self.reason = reason
