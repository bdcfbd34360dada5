"""Who is calling: roles, their Polish names and the principal of a request.

Plain data with no web framework behind it, so the command line and the domain
code can use it without loading FastAPI; :mod:`api.security` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["ANONYMOUS", "ROLE_LABELS", "Principal", "Role"]


class Role(StrEnum):
    """Roles of authenticated users (Polish display names in :data:`ROLE_LABELS`)."""

    CASEWORKER = "caseworker"
    INSTITUTION_ADMIN = "institution_admin"
    COORDINATOR = "coordinator"
    ANALYST = "analyst"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.CASEWORKER: "pracownik socjalny / doradca",
    Role.INSTITUTION_ADMIN: "administrator instytucji",
    Role.COORDINATOR: "koordynator",
    Role.ANALYST: "analityk",
    Role.ADMIN: "administrator systemu",
}


@dataclass(frozen=True)
class Principal:
    """The caller of one request; never logged beyond ``user_id`` and ``role``."""

    user_id: str | None = None
    role: Role | None = None
    institution_id: str | None = None
    territories: tuple[str, ...] = ()
    anonymous: bool = True

    @property
    def is_admin(self) -> bool:
        return not self.anonymous and self.role is Role.ADMIN

    def has_role(self, *roles: Role) -> bool:
        return not self.anonymous and self.role in roles


ANONYMOUS = Principal()
