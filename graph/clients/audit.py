"""What the clients workflow tells the audit trail, and the trail it needs.

The trail itself (SQLite, hash-chained, pseudonymising) lives in
``api/audit/log.py``; the domain only builds :class:`AuditEvent` values and
hands them to anything with ``append``/``append_many`` (:class:`AuditSink`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["AuditEvent", "AuditSink", "Outcome", "Caller"]


class Outcome:
    ALLOWED = "allowed"
    DENIED = "denied"
    FAILED = "failed"


@dataclass(frozen=True)
class AuditEvent:
    """One thing that happened; ``object_id``/``subject_id`` are graph ids, pseudonymised on append.

    ``subject_id`` is the client the object belongs to (the data subject).
    """

    action: str
    outcome: str
    actor: str | None = None
    role: str | None = None
    institution: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    subject_id: str | None = None
    purpose: str | None = None
    request_id: str | None = None


class AuditSink(Protocol):
    def append(self, event: AuditEvent) -> int: ...

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]: ...

    def forget_subject(self, client_id: str, entity_ids: Iterable[str] = ()) -> int: ...


class Caller(Protocol):
    """Who acts (the API's principal fits): roles are plain strings here."""

    @property
    def user_id(self) -> str | None: ...

    @property
    def role(self) -> str | None: ...

    @property
    def institution_id(self) -> str | None: ...

    @property
    def territories(self) -> tuple[str, ...]: ...

    @property
    def anonymous(self) -> bool: ...


#: Role names the domain checks (values of ``api.security.Role``).
CASEWORKER = "caseworker"
INSTITUTION_ADMIN = "institution_admin"
COORDINATOR = "coordinator"
ANALYST = "analyst"
ADMIN = "admin"


def has_role(caller: Caller, *roles: str) -> bool:
    return not caller.anonymous and caller.role is not None and str(caller.role) in roles
