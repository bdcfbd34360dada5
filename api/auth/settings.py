"""Authentication settings, read from the environment once per app or command.

Credentials, the audit trail and key material live in a *state directory*
(``KOOPERACJA_STATE_DIR``, default ``./kooperacja-state``) that is kept apart
from the graph: a graph dump or an analytics export never carries them.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.errors import KooperacjaError

__all__ = [
    "AuthSettings",
    "InsecureConfiguration",
    "DEFAULT_STATE_DIR",
    "state_dir",
    "RELAXED_ENVS",
    "MIN_SECRET_BYTES",
]

DEFAULT_STATE_DIR = "./kooperacja-state"
#: Environments where a missing JWT secret is replaced by a random per-process one.
RELAXED_ENVS = frozenset({"development", "test"})
MIN_SECRET_BYTES = 32
#: Secrets seen in examples and tutorials: refused even when long enough.
_KNOWN_DEFAULTS = frozenset(
    {
        "changeme",
        "change-me",
        "secret",
        "supersecret",
        "your-secret-key",
        "your-256-bit-secret",
        "kooperacja",
        "development",
        "test",
    }
)


class InsecureConfiguration(KooperacjaError):
    """The configuration would run the service with a guessable or missing secret."""


def state_dir(env: Mapping[str, str] | None = None) -> Path:
    """The directory holding users, the audit log and keys (created on demand)."""
    env = os.environ if env is None else env
    return Path(env.get("KOOPERACJA_STATE_DIR") or DEFAULT_STATE_DIR)


def _weak(secret: str) -> bool:
    lowered = secret.strip().lower()
    if lowered in _KNOWN_DEFAULTS or len(set(secret)) < 8:
        return True
    return len(secret.encode("utf-8")) < MIN_SECRET_BYTES


@dataclass(frozen=True)
class AuthSettings:
    """Everything the token and user code needs; build with :meth:`from_env`."""

    state_dir: Path
    jwt_secret: str
    env: str = "production"
    token_ttl_seconds: int = 900
    issuer: str = "kooperacja"
    audience: str = "kooperacja-api"
    oidc_jwks_url: str | None = None
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    #: True when the secret was generated for this process (development/test only).
    ephemeral_secret: bool = False

    @property
    def users_db(self) -> Path:
        return self.state_dir / "users.sqlite3"

    @property
    def audit_db(self) -> Path:
        return self.state_dir / "audit.sqlite3"

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_jwks_url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, mode: str | None = None) -> AuthSettings:
        """Read and check the settings; :class:`InsecureConfiguration` on a weak secret.

        Outside ``KOOPERACJA_ENV=development``/``test`` (or ``mode``, the app's
        environment) an empty, short or well-known ``KOOPERACJA_JWT_SECRET``
        stops the start-up.  Under ``test`` without ``KOOPERACJA_STATE_DIR`` the
        state goes to a fresh temporary directory, never into the working tree.
        """
        env = os.environ if env is None else env
        mode = (mode or env.get("KOOPERACJA_ENV") or "production").strip().lower()
        secret = env.get("KOOPERACJA_JWT_SECRET") or ""
        ephemeral = False
        if not secret or _weak(secret):
            if mode not in RELAXED_ENVS:
                raise InsecureConfiguration(
                    "KOOPERACJA_JWT_SECRET jest pusty, za krótki (min. "
                    f"{MIN_SECRET_BYTES} bajtów) albo domyślny – ustaw losowy sekret "
                    "(np. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
                )
            if not secret:
                secret, ephemeral = secrets.token_urlsafe(48), True
        ttl_raw = env.get("KOOPERACJA_TOKEN_TTL_SECONDS") or "900"
        try:
            ttl = int(ttl_raw)
        except ValueError:
            raise InsecureConfiguration("KOOPERACJA_TOKEN_TTL_SECONDS musi być liczbą sekund") from None
        if not 60 <= ttl <= 3600:
            raise InsecureConfiguration("KOOPERACJA_TOKEN_TTL_SECONDS musi mieścić się w 60–3600 s")
        jwks = env.get("KOOPERACJA_OIDC_JWKS_URL") or None
        oidc_issuer = env.get("KOOPERACJA_OIDC_ISSUER") or None
        oidc_audience = env.get("KOOPERACJA_OIDC_AUDIENCE") or None
        if jwks and not (oidc_issuer and oidc_audience):
            raise InsecureConfiguration(
                "KOOPERACJA_OIDC_JWKS_URL wymaga także KOOPERACJA_OIDC_ISSUER i KOOPERACJA_OIDC_AUDIENCE"
            )
        folder = state_dir(env)
        if mode == "test" and not env.get("KOOPERACJA_STATE_DIR"):
            folder = Path(tempfile.mkdtemp(prefix="kooperacja-state-"))
            atexit.register(shutil.rmtree, folder, True)
        return cls(
            state_dir=folder,
            jwt_secret=secret,
            env=mode,
            token_ttl_seconds=ttl,
            oidc_jwks_url=jwks,
            oidc_issuer=oidc_issuer,
            oidc_audience=oidc_audience,
            ephemeral_secret=ephemeral,
        )
