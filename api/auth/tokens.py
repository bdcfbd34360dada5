"""Signed access tokens (HS256 JWTs we issue) and optional external OIDC tokens.

Our tokens carry only the user id, a token version and the standard claims;
role, institution and territories are read from the user store on every
request, so disabling a user or changing a password takes effect at once.
External tokens are verified against the provider's JWKS (asymmetric
algorithms only) and mapped to a local user by ``sub``; the provider never
decides a role.
"""

from __future__ import annotations

import logging
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

import jwt

from api.auth.settings import RELAXED_ENVS, AuthSettings, InsecureConfiguration
from api.auth.users import User, UserStore
from api.security import Principal
from graph.model import new_id

__all__ = ["Authenticator", "IssuedToken", "LOCAL_ALGORITHM", "OIDC_ALGORITHMS"]

log = logging.getLogger(__name__)

LOCAL_ALGORITHM = "HS256"
OIDC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
_LEEWAY = 10  # seconds of clock skew tolerated


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    token_type: str = "bearer"


def _check_jwks_url(url: str, env: str) -> None:
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "https":
        return
    loopback = parsed.scheme == "http" and parsed.hostname in ("127.0.0.1", "::1", "localhost")
    if env in RELAXED_ENVS and (loopback or parsed.scheme == "file"):
        return
    raise InsecureConfiguration("KOOPERACJA_OIDC_JWKS_URL musi być adresem https://")


class _FileJwks:
    """A JWKS read from a local file (development/test only: PyJWKClient fetches http(s) only)."""

    def __init__(self, url: str):
        self._path = urllib.request.url2pathname(urllib.parse.urlparse(url).path)

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK:
        kid = jwt.get_unverified_header(token).get("kid")
        with open(self._path, encoding="utf-8") as fh:
            keys = jwt.PyJWKSet.from_json(fh.read())
        for key in keys.keys:
            if key.key_id == kid:
                return key
        raise jwt.PyJWKClientError("no key with this kid in the JWKS file")


class Authenticator:
    """Issues and verifies tokens; one per app (or CLI command)."""

    def __init__(self, settings: AuthSettings, users: UserStore):
        self.settings = settings
        self.users = users
        self._jwks: jwt.PyJWKClient | _FileJwks | None = None
        url = settings.oidc_jwks_url
        if url:
            _check_jwks_url(url, settings.env)
            if urllib.parse.urlparse(url).scheme == "file":
                self._jwks = _FileJwks(url)
            else:
                self._jwks = jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=5)

    @classmethod
    def from_env(cls) -> Authenticator:
        settings = AuthSettings.from_env()
        return cls(settings, UserStore(settings.users_db))

    def close(self) -> None:
        self.users.close()

    # ------------------------------------------------------------ issue
    def login(self, username: str, password: str) -> IssuedToken | None:
        user = self.users.authenticate(username, password)
        return None if user is None else self.issue(user)

    def issue(self, user: User) -> IssuedToken:
        now = int(time.time())
        ttl = self.settings.token_ttl_seconds
        claims = {
            "iss": self.settings.issuer,
            "aud": self.settings.audience,
            "sub": user.id,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": new_id("t"),
            "ver": user.token_version,
        }
        token = jwt.encode(claims, self.settings.jwt_secret, algorithm=LOCAL_ALGORITHM)
        return IssuedToken(access_token=token, expires_in=ttl)

    # ------------------------------------------------------------ verify
    def principal(self, token: str) -> Principal | None:
        """The principal of a valid token, ``None`` for anything else (never raises)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return None
        alg = header.get("alg")
        try:
            if alg == LOCAL_ALGORITHM:
                return self._local(token)
            if self._jwks is not None and alg in OIDC_ALGORITHMS:
                return self._external(token)
        except jwt.PyJWTError as exc:
            # the exception class only: messages can quote claims
            log.info("token rejected: %s", type(exc).__name__)
        return None

    def _local(self, token: str) -> Principal | None:
        claims: dict[str, Any] = jwt.decode(
            token,
            self.settings.jwt_secret,
            algorithms=[LOCAL_ALGORITHM],
            audience=self.settings.audience,
            issuer=self.settings.issuer,
            leeway=_LEEWAY,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        user = self.users.get(str(claims["sub"]))
        if user is None or user.disabled or claims.get("ver") != user.token_version:
            return None
        return user.principal()

    def _external(self, token: str) -> Principal | None:
        assert self._jwks is not None
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
        except (jwt.PyJWKClientError, jwt.PyJWKSetError, OSError) as exc:
            log.warning("OIDC key lookup failed: %s", type(exc).__name__)
            return None
        claims: dict[str, Any] = jwt.decode(
            token,
            key.key,
            algorithms=OIDC_ALGORITHMS,
            audience=self.settings.oidc_audience,
            issuer=self.settings.oidc_issuer,
            leeway=_LEEWAY,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        user = self.users.by_oidc_subject(str(claims["sub"]))
        if user is None or user.disabled:
            return None
        return user.principal()
