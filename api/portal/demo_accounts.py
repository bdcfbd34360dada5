"""Demo accounts, one per role, for a local look at the portal (development mode only).

``kooperacja demo`` calls :func:`create_demo_accounts`: each account gets a new
random password (printed, and kept in ``<state dir>/demo-accounts.json``, mode
0600, so ``kooperacja serve`` can print the logins again).  Outside
``KOOPERACJA_ENV=development`` nothing is created: a production directory never
holds accounts with known passwords.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from api.auth.settings import AuthSettings
from api.auth.users import UserStore
from api.security import ROLE_LABELS, Role

__all__ = ["DEMO_ACCOUNTS", "DemoAccount", "create_demo_accounts", "saved_demo_accounts", "demo_accounts_file"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    institution_id: str | None = None
    territories: tuple[str, ...] = ()
    #: where this role starts in the portal
    start: str = "/"


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("demo-pracownik-mopr", Role.CASEWORKER, "mopr-torun", start="/sprawy"),
    DemoAccount("demo-pracownik-cis", Role.CASEWORKER, "cis-torun", start="/sprawy"),
    DemoAccount("demo-admin-cis", Role.INSTITUTION_ADMIN, "cis-chelmza", start="/moja-instytucja"),
    DemoAccount("demo-koordynator", Role.COORDINATOR, territories=("0415", "0463")),
    DemoAccount("demo-analityk", Role.ANALYST),
    DemoAccount("demo-administrator", Role.ADMIN),
]


def demo_accounts_file(settings: AuthSettings) -> Path:
    return settings.state_dir / "demo-accounts.json"


def create_demo_accounts(settings: AuthSettings) -> list[tuple[DemoAccount, str]]:
    """Create (or reset the passwords of) the demo accounts; ``[]`` outside development."""
    if settings.env != "development":
        return []
    settings.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    users = UserStore(settings.users_db)
    created: list[tuple[DemoAccount, str]] = []
    try:
        for account in DEMO_ACCOUNTS:
            password = "demo-" + secrets.token_urlsafe(9)
            if users.by_username(account.username) is None:
                users.add(
                    account.username,
                    password,
                    account.role,
                    institution_id=account.institution_id,
                    territories=account.territories,
                )
            else:
                users.reset_password(account.username, password)
            created.append((account, password))
    finally:
        users.close()
    path = demo_accounts_file(settings)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(
            [{"username": a.username, "password": p, "role": a.role.value, "start": a.start} for a, p in created],
            fh,
            ensure_ascii=False,
            indent=2,
        )
    return created


def saved_demo_accounts(settings: AuthSettings) -> list[dict[str, str]]:
    """The demo logins written by ``kooperacja demo`` (development only; ``[]`` otherwise)."""
    path = demo_accounts_file(settings)
    if settings.env != "development" or not path.is_file():
        return []
    try:
        return list(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return []


def describe(accounts: list[dict[str, str]]) -> list[str]:
    """One Polish line per account: login, password, role."""
    return [
        f"  {a['username']:<22} hasło: {a['password']:<18} ({ROLE_LABELS.get(Role(a['role']), a['role'])})"
        for a in accounts
    ]
