"""``POST /auth/token`` (OAuth2 password flow) and ``GET /auth/me``.

A failed login – unknown user, wrong password, disabled account – is one
answer: 401 with the same Polish message, after the same argon2 work.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.auth.tokens import Authenticator
from api.deps import PrincipalDep
from api.security import Principal

__all__ = ["router", "authenticator_of", "require_user", "LOGIN_FAILED"]

router = APIRouter(prefix="/auth", tags=["uwierzytelnianie"])
LOGIN_FAILED = "Nieprawidłowa nazwa użytkownika lub hasło."


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
    responses={401: {"description": "nieprawidłowe dane logowania"}},
)
async def token(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenResponse:
    auth = authenticator_of(request)
    issued = await run_in_threadpool(auth.login, form.username, form.password)
    if issued is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, LOGIN_FAILED, headers={"WWW-Authenticate": "Bearer"})
    return TokenResponse(access_token=issued.access_token, expires_in=issued.expires_in)


def require_user(principal: PrincipalDep) -> Principal:
    """REST dependency: a logged-in caller, else 401 (the REST twin of ``Authenticated``)."""
    if principal.anonymous or principal.user_id is None or principal.role is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wymagane zalogowanie.", headers={"WWW-Authenticate": "Bearer"})
    return principal


@router.get("/me", summary="Zalogowany użytkownik", response_model=MeResponse,
            responses={401: {"description": "brak lub nieważny token"}})
async def me(principal: Annotated[Principal, Depends(require_user)]) -> MeResponse:
    return MeResponse(user_id=str(principal.user_id), role=str(principal.role), institution_id=principal.institution_id,
                      territories=list(principal.territories))
