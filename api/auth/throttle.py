"""Login throttling: backoff per username and per client address, a bounded hashing pool, a log.

Why (issue 16): 48 wrong passwords at 2 per second raised an anonymous
directory query's median from 59 to 1,080 ms – every attempt is one argon2
verification (64 MiB, several lanes) – and nothing was logged.

* :class:`Backoff` – from the ``free``-th failure on, a key (a username, a
  client address) is locked for ``base·2^(n-free)`` seconds, at most ``cap``; a
  locked attempt is refused *before* any argon2 work, with ``Retry-After``.
  Unknown usernames are throttled like known ones (nothing tells them apart).
  A success clears the username's count.  Entries are forgotten after
  ``forget_after`` seconds without a failure, and the table is bounded.
* at most :data:`HASHING_SLOTS` verifications run at once and at most
  :data:`HASHING_QUEUE` wait; beyond that the login is refused as busy (503),
  so logins cannot starve the other requests' threads and cores.
* every failure is logged as ``login failed`` with keyed hashes
  (HMAC-SHA-256 under a key derived from the JWT secret) of the username and
  the address – never the password, never either in clear: the security log can
  correlate attempts without holding personal data.

Counts live in this process: with several API processes each throttles on
its own (documented; the shared state store may hold them later).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import anyio
import anyio.to_thread

from api.auth.tokens import Authenticator, IssuedToken

__all__ = ["Backoff", "LoginGuard", "LoginThrottled", "LoginBusy", "HASHING_SLOTS", "HASHING_QUEUE"]

log = logging.getLogger("kooperacja.auth")

HASHING_SLOTS = 1
HASHING_QUEUE = 8


class LoginThrottled(Exception):
    def __init__(self, retry_after: float):
        super().__init__("login throttled")
        self.retry_after = max(1, int(retry_after + 0.999))


class LoginBusy(Exception):
    pass


@dataclass
class _Entry:
    failures: int = 0
    locked_until: float = 0.0
    last_failure: float = 0.0


class Backoff:
    """Failure counts and lockouts per key; thread-safe, bounded."""

    def __init__(
        self,
        *,
        free: int,
        base: float = 1.0,
        cap: float = 900.0,
        forget_after: float = 900.0,
        max_entries: int = 50_000,
    ):
        self.free, self.base, self.cap = free, base, cap
        self.forget_after, self.max_entries = forget_after, max_entries
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, key: str, now: float | None = None) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return 0.0
            if now - entry.last_failure > self.forget_after and now >= entry.locked_until:
                del self._entries[key]
                return 0.0
            return max(0.0, entry.locked_until - now)

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            entry = self._entries.pop(key, None) or _Entry()
            if now - entry.last_failure > self.forget_after:
                entry.failures = 0
            entry.failures += 1
            entry.last_failure = now
            over = entry.failures - self.free + 1  # the free-th failure starts the first lockout
            if over > 0:
                entry.locked_until = now + min(self.cap, self.base * 2 ** min(over - 1, 30))
            self._entries[key] = entry
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


class LoginGuard:
    """Password logins through the throttles and the bounded hashing pool (``app.state.login_guard``)."""

    def __init__(self, auth: Authenticator, *, per_user: Backoff | None = None, per_client: Backoff | None = None):
        self.auth = auth
        self.per_user = per_user or Backoff(free=5)
        self.per_client = per_client or Backoff(free=20)
        self._slots = anyio.CapacityLimiter(HASHING_SLOTS)
        self._waiting = 0
        self._key = hmac.new(auth.settings.jwt_secret.encode("utf-8"), b"kooperacja login log", hashlib.sha256).digest()

    def ref(self, value: str) -> str:
        """A keyed hash of ``value`` for the log (same value, same reference; not reversible)."""
        return hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    async def login(self, username: str, password: str, client: str | None) -> IssuedToken | None:
        """The token, ``None`` for wrong credentials; :class:`LoginThrottled` / :class:`LoginBusy` refuse early."""
        user_key = "u:" + username.strip().lower()[:128]
        client_key = "c:" + (client or "?")
        wait = max(self.per_user.retry_after(user_key), self.per_client.retry_after(client_key))
        if wait > 0:
            self._log("throttled", username, client)
            raise LoginThrottled(wait)
        if self._waiting >= HASHING_QUEUE:
            self._log("busy", username, client)
            raise LoginBusy
        self._waiting += 1
        try:
            issued = await anyio.to_thread.run_sync(self.auth.login, username, password, limiter=self._slots)
        finally:
            self._waiting -= 1
        if issued is None:
            self.per_user.failed(user_key)
            self.per_client.failed(client_key)
            self._log("bad_credentials", username, client)
        else:
            self.per_user.succeeded(user_key)
        return issued

    def _log(self, reason: str, username: str, client: str | None) -> None:
        log.warning(
            "login failed",
            extra={
                "reason": reason,
                "login_ref": self.ref(username.strip().lower()),
                "client_ref": self.ref(client or "?"),
            },
        )
