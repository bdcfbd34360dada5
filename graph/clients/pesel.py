"""PESEL, only ever as a keyed hash: HMAC-SHA256 with a key held outside the graph.

The key comes from ``KOOPERACJA_PESEL_KEY`` or, when unset, from
``<state dir>/pesel.key`` (the caller names the directory; 32 random
bytes, created on first use, mode 0600).
Without the key the hashes cannot be recomputed from a PESEL, so a graph dump
alone does not re-identify anyone.  The number itself is never stored, logged
or put in an error message.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

__all__ = ["PeselError", "valid_pesel", "pesel_hash", "load_key", "KEY_FILE"]

KEY_FILE = "pesel.key"
_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


class PeselError(ValueError):
    """An invalid PESEL (the message never quotes it)."""


def valid_pesel(pesel: str) -> bool:
    """11 digits with a correct check digit.

    >>> valid_pesel("44051401359"), valid_pesel("44051401358")
    (True, False)
    """
    if len(pesel) != 11 or not pesel.isascii() or not pesel.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(pesel[:10], _WEIGHTS, strict=True))
    return (10 - total % 10) % 10 == int(pesel[10])


def load_key(directory: Path) -> bytes:
    """The HMAC key: the environment variable, or the key file (created when missing)."""
    env_key = os.environ.get("KOOPERACJA_PESEL_KEY")
    if env_key:
        if len(env_key.encode()) < 32:
            raise PeselError("KOOPERACJA_PESEL_KEY musi mieć co najmniej 32 bajty")
        return env_key.encode()
    folder = directory
    path = folder / KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    key = path.read_bytes()
    if len(key) < 32:
        raise PeselError("plik klucza PESEL jest uszkodzony (za krótki)")
    return key


def pesel_hash(pesel: str, key: bytes) -> str:
    """The keyed hash stored as ``Client.pesel_hash``; :class:`PeselError` for an invalid number."""
    pesel = pesel.strip()
    if not valid_pesel(pesel):
        raise PeselError("niepoprawny numer PESEL (11 cyfr z poprawną cyfrą kontrolną)")
    return hmac.new(key, pesel.encode("ascii"), hashlib.sha256).hexdigest()
