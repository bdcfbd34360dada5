"""Errors of the clients workflow: Polish, safe to show, never quoting input values.

:class:`NotVisible` is the single answer for "does not exist" and "exists but
not yours" – same class, same message, same code.  These are domain errors
(:class:`graph.errors.DomainError`); the API maps them to its error shape.
"""

from __future__ import annotations

from graph.errors import DomainError, NotFound

__all__ = ["NotVisible", "Forbidden", "RuleViolation", "Conflict", "NOT_FOUND_MESSAGE"]

NOT_FOUND_MESSAGE = "Nie znaleziono."


class NotVisible(NotFound):
    def __init__(self) -> None:
        super().__init__(NOT_FOUND_MESSAGE)


class Forbidden(DomainError):
    """The caller sees the object but may not do this to it (or lacks an institution)."""

    code = "FORBIDDEN"


class RuleViolation(DomainError):
    """A workflow or statutory rule refuses the operation; the message cites the article."""

    code = "RULE_VIOLATION"


class Conflict(DomainError):
    """The object changed in between (compare-and-set found another status)."""

    code = "CONFLICT"
