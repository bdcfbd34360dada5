"""Errors of the clients workflow: Polish, safe to show, never quoting input values.

:class:`NotVisible` is the single answer for "does not exist" and "exists but
not yours" – same class, same message, same code.
"""

from __future__ import annotations

from api.graphql.errors import NotFoundError, PublicError

__all__ = ["NotVisible", "Forbidden", "RuleViolation", "Conflict", "NOT_FOUND_MESSAGE"]

NOT_FOUND_MESSAGE = "Nie znaleziono."


class NotVisible(NotFoundError):
    def __init__(self) -> None:
        super().__init__(NOT_FOUND_MESSAGE)


class Forbidden(PublicError):
    """The caller sees the object but may not do this to it (or lacks an institution)."""

    code = "FORBIDDEN"


class RuleViolation(PublicError):
    """A workflow or statutory rule refuses the operation (KIS rule, procedure step…)."""

    code = "RULE_VIOLATION"


class Conflict(PublicError):
    """The object changed in between (compare-and-set found another status)."""

    code = "CONFLICT"
