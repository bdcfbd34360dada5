"""``POST /auth/token`` (OAuth2 password flow) and ``GET /auth/me``.

A failed login – unknown user, wrong password, disabled account – is one
answer: 401 with the same Polish message, after the same argon2 work.  Logins
go through :class:`api.auth.throttle.LoginGuard`: too many failures for a
username or from an address get 429 with ``Retry-After`` (no argon2 work), a
full hashing queue gets 503.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.auth.throttle import LoginBusy, LoginGuard, LoginThrottled
from api.auth.tokens import Authenticator
from api.deps import PrincipalDep
from api.security import Principal

__all__ = [
    "router",
    "authenticator_of",
    "login_guard_of",
    "require_user",
    "LOGIN_FAILED",
    "LOGIN_THROTTLED",
    "LOGIN_BUSY",
]

router = APIRouter(prefix="/auth", tags=["uwierzytelnianie"])
LOGIN_FAILED = "Nieprawidłowa nazwa użytkownika lub hasło."
LOGIN_THROTTLED = "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie później."
LOGIN_BUSY = "Serwer obsługuje teraz zbyt wiele logowań. Spróbuj ponownie za chwilę."


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MeResponse(BaseModel):
    user_id: str
    role: str
    institution_id: str | None
    territories: list[str]


def authenticator_of(request: Request) -> Authenticator:
    auth = getattr(request.app.state, "auth", None)
    if not isinstance(auth, Authenticator):
        raise RuntimeError("authentication not installed (api.auth.install)")
    return auth


@router.post(
    "/token",
    summary="Zaloguj się (OAuth2, hasło) i otrzymaj krótkotrwały token",
    response_model=TokenResponse,
    responses={
        401: {"description": "nieprawidłowe dane logowania"},
        429: {"description": "zbyt wiele nieudanych prób (nagłówek Retry-After)"},
        503: {"description": "zbyt wiele logowań naraz"},
    },
)
async def token(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenResponse:
    issued = await guarded_login(request, form.username, form.password)
    if issued is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, LOGIN_FAILED, headers={"WWW-Authenticate": "Bearer"})
    return TokenResponse(access_token=issued.access_token, expires_in=issued.expires_in)


def login_guard_of(request: Request) -> LoginGuard:
    guard = getattr(request.app.state, "login_guard", None)
    if not isinstance(guard, LoginGuard):
        raise RuntimeError("authentication not installed (api.auth.install)")
    return guard


async def guarded_login(request: Request, username: str, password: str) -> Any:
    """``IssuedToken`` or ``None``; raises the 429/503 ``HTTPException`` of a throttled or busy login."""
    client = request.client.host if request.client else None
    try:
        return await login_guard_of(request).login(username, password, client)
    except LoginThrottled as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, LOGIN_THROTTLED, headers={"Retry-After": str(exc.retry_after)}
        ) from None
    except LoginBusy:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, LOGIN_BUSY, headers={"Retry-After": "1"}) from None


def require_user(principal: PrincipalDep) -> Principal:
    """REST dependency: a logged-in caller, else 401 (the REST twin of ``Authenticated``)."""
    if principal.anonymous or principal.user_id is None or principal.role is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "Wymagane zalogowanie.", headers={"WWW-Authenticate": "Bearer"}
        )
    return principal


@router.get(
    "/me",
    summary="Zalogowany użytkownik",
    response_model=MeResponse,
    responses={401: {"description": "brak lub nieważny token"}},
)
async def me(principal: Annotated[Principal, Depends(require_user)]) -> MeResponse:
    return MeResponse(
        user_id=str(principal.user_id),
        role=str(principal.role),
        institution_id=principal.institution_id,
        territories=list(principal.territories),
    )
