"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile).

:func:`verify_or_dummy` always spends one argon2 verification – also for an
unknown user – so the response time does not reveal whether a login exists.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "hash_password",
    "verify_or_dummy",
    "needs_rehash",
    "check_password_policy",
    "warm_up",
    "MIN_PASSWORD_LENGTH",
]

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # A real hash of a random string: verifying against it costs the same as a real check.
    import secrets

    return _HASHER.hash(secrets.token_urlsafe(24))


def check_password_policy(password: str) -> None:
    """``ValueError`` with a Polish message when the password is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"hasło musi mieć co najmniej {MIN_PASSWORD_LENGTH} znaków")
    if len(set(password)) < 5:
        raise ValueError("hasło jest zbyt jednolite")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_or_dummy(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; with ``stored_hash=None`` verify a dummy and fail."""
    target = stored_hash or _dummy_hash()
    ok: bool
    try:
        ok = _HASHER.verify(target, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    return ok and stored_hash is not None


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


def warm_up() -> None:
    """Compute the dummy hash now, so the first unknown-user login is not a slow outlier."""
    _dummy_hash()
