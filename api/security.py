"""Who is calling: the :class:`Principal` and the GraphQL permission classes.

Until the clients issue brings JWT and roles, one administrator token from the
environment (``KOOPERACJA_ADMIN_TOKEN``) is the only credential: a request
carrying ``Authorization: Bearer <token>`` acts as an administrator, anything
else is anonymous.  All credential handling lives in :func:`principal_from_request`
so that it can be replaced in one place.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from typing import Any

import strawberry
from fastapi import HTTPException
from graphql import GraphQLError
from starlette.requests import HTTPConnection

from api.principal import ANONYMOUS, ROLE_LABELS, Principal, Role

__all__ = [
    "ROLE_LABELS",
    "Role",
    "Principal",
    "ANONYMOUS",
    "SecurityConfig",
    "principal_from_request",
    "get_principal",
    "PublicDirectory",
    "Authenticated",
    "AdminOnly",
    "RequireRoles",
]


ADMIN_TOKEN_PRINCIPAL = Principal(user_id="admin-token", role=Role.ADMIN, anonymous=False)


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "nie", "off")


@dataclass(frozen=True)
class SecurityConfig:
    """Security settings read once when the app is created."""

    admin_token: str | None = None
    #: The directory (institutions, services) is readable without logging in.
    public_directory: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SecurityConfig:
        env = dict(os.environ if env is None else env)
        token = env.get("KOOPERACJA_ADMIN_TOKEN") or None
        return cls(admin_token=token, public_directory=_flag(env.get("KOOPERACJA_PUBLIC_DIRECTORY"), True))


def _bearer(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def principal_from_request(conn: HTTPConnection, config: SecurityConfig) -> Principal:
    """Map the request's credentials to a principal.

    No ``Authorization`` header: anonymous.  A bearer token must be a valid
    access token (:class:`api.auth.tokens.Authenticator` on ``app.state.auth``:
    our HS256 JWT, or an external OIDC token); anything else – expired,
    forged, a disabled user – is a 401, never a silent downgrade to anonymous.
    The static admin token is honoured only in development/test (the app
    refuses to start with one in production).
    """
    token = _bearer(conn)
    if token is None:
        if conn.headers.get("authorization"):
            raise _unauthenticated()
        return ANONYMOUS
    # constant-time comparison: the token is a secret
    if config.admin_token and hmac.compare_digest(token.encode(), config.admin_token.encode()):
        return ADMIN_TOKEN_PRINCIPAL
    auth = getattr(conn.app.state, "auth", None)
    principal = auth.principal(token) if auth is not None else None
    if principal is None:
        raise _unauthenticated()
    return principal  # type: ignore[no-any-return]


def _unauthenticated() -> HTTPException:
    return HTTPException(
        status_code=401, detail="Nieprawidłowy lub wygasły token.", headers={"WWW-Authenticate": "Bearer"}
    )


def security_config(conn: HTTPConnection) -> SecurityConfig:
    config = getattr(conn.app.state, "security", None)
    return config if isinstance(config, SecurityConfig) else SecurityConfig.from_env()


def get_principal(request: HTTPConnection) -> Principal:
    """FastAPI dependency: the caller of this request (cached on the request)."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    principal = principal_from_request(request, security_config(request))
    request.state.principal = principal
    return principal


# ---------------------------------------------------------------- GraphQL


def _principal(info: strawberry.Info) -> Principal:
    principal = getattr(info.context, "principal", None)
    return principal if isinstance(principal, Principal) else ANONYMOUS


class PublicDirectory(strawberry.BasePermission):
    """Directory data: open to everyone unless ``KOOPERACJA_PUBLIC_DIRECTORY=false``."""

    message = "Katalog jest dostępny tylko po zalogowaniu."
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012 (strawberry declares it an instance attribute)

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        config = getattr(info.context, "security", None)
        public = config.public_directory if isinstance(config, SecurityConfig) else True
        return public or not _principal(info).anonymous


class Authenticated(strawberry.BasePermission):
    message = "Wymagane zalogowanie."
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012 (strawberry declares it an instance attribute)

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return not _principal(info).anonymous


class AdminOnly(strawberry.BasePermission):
    message = "Brak uprawnień: operacja wymaga roli administratora."
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 (strawberry declares it an instance attribute)

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return _principal(info).is_admin


def RequireRoles(*roles: Role) -> type[strawberry.BasePermission]:
    """A permission class allowing the given roles (administrators always pass)."""
    allowed = frozenset(roles) | {Role.ADMIN}
    names = ", ".join(sorted(r.value for r in allowed))

    class _RequireRoles(strawberry.BasePermission):
        message = "Brak uprawnień do tej operacji."
        error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 (strawberry declares it an instance attribute)

        def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
            principal = _principal(info)
            if principal.anonymous:
                # not logged in is an authentication error, whatever role the field needs
                raise GraphQLError(Authenticated.message, extensions=dict(Authenticated.error_extensions))
            return principal.has_role(*allowed)

    _RequireRoles.__name__ = f"RequireRoles[{names}]"
    _RequireRoles.__qualname__ = _RequireRoles.__name__
    return _RequireRoles
