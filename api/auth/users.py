"""User accounts, stored in SQLite in the state directory – never in the graph.

A user belongs to one institution (caseworker, institution_admin), to one or
more territories (coordinator), or to neither (analyst: aggregates only;
admin).  ``token_version`` is bumped when a user is disabled or their password
is reset, which invalidates every token issued before.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from api.auth.passwords import check_password_policy, hash_password, needs_rehash, verify_or_dummy
from api.principal import Principal, Role
from api.state import open_state_db
from api.state.db import IntegrityError
from graph.errors import KooperacjaError
from graph.model import new_id

__all__ = ["User", "UserStore", "UserError", "UnknownUser"]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_TERYT = re.compile(r"^\d{2}(\d{2}(\d{2})?)?$")
_INSTITUTION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    institution_id TEXT,
    territories TEXT NOT NULL DEFAULT '[]',
    oidc_subject TEXT UNIQUE,
    disabled INTEGER NOT NULL DEFAULT 0,
    token_version INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
"""


_COLUMNS = (
    "SELECT id, username, password_hash, role, institution_id, territories, oidc_subject, "
    "disabled, token_version, created_at, password_changed_at FROM users WHERE "
)
#: The only lookups there are; fixed texts, so no SQL is built from input.
_SELECT = {
    "id": _COLUMNS + "id = ?",
    "username": _COLUMNS + "username = ?",
    "oidc_subject": _COLUMNS + "oidc_subject = ?",
}


class UserError(KooperacjaError):
    """Invalid user data or operation (Polish message, no password in it)."""


class UnknownUser(UserError):
    pass


@dataclass(frozen=True)
class User:
    id: str
    username: str
    role: Role
    institution_id: str | None
    territories: tuple[str, ...] = ()
    oidc_subject: str | None = None
    disabled: bool = False
    token_version: int = 0
    created_at: str = ""
    password_changed_at: str = ""
    _hash: str = field(default="", repr=False, compare=False)

    def principal(self) -> Principal:
        return Principal(
            user_id=self.id,
            role=self.role,
            institution_id=self.institution_id,
            territories=self.territories,
            anonymous=False,
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _check_shape(role: Role, institution_id: str | None, territories: Sequence[str]) -> None:
    if institution_id is not None and not _INSTITUTION.match(institution_id):
        raise UserError("niepoprawny identyfikator instytucji")
    bad = [t for t in territories if not _TERYT.match(t)]
    if bad:
        raise UserError("kody terytoriów muszą być kodami TERYT (2, 4 albo 6 cyfr)")
    if role in (Role.CASEWORKER, Role.INSTITUTION_ADMIN) and not institution_id:
        raise UserError(f"rola {role.value} wymaga instytucji (--institution)")
    if role is Role.COORDINATOR and not territories:
        raise UserError("rola coordinator wymaga co najmniej jednego terytorium (--territory)")
    if role is Role.ADMIN and (institution_id or territories):
        raise UserError("administrator systemu nie należy do instytucji ani terytorium")


class UserStore:
    """Users in the state database (a private SQLite file, or PostgreSQL); safe to share between threads."""

    def __init__(self, path: Path):
        self.path = path
        self._db = open_state_db(path)  # PostgreSQL when KOOPERACJA_STATE_URL is set
        self._db.script(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _row(row: tuple[object, ...] | None) -> User | None:
        if row is None:
            return None
        (uid, username, phash, role, inst, terr, sub, disabled, ver, created, changed) = row
        return User(
            id=str(uid),
            username=str(username),
            role=Role(str(role)),
            institution_id=None if inst is None else str(inst),
            territories=tuple(json.loads(str(terr))),
            oidc_subject=None if sub is None else str(sub),
            disabled=bool(disabled),
            token_version=int(ver),  # type: ignore[call-overload]
            created_at=str(created),
            password_changed_at=str(changed),
            _hash=str(phash),
        )

    def _select(self, where: str, value: object) -> User | None:
        return self._row(self._db.read_one(_SELECT[where], (value,)))

    # ------------------------------------------------------------- reads
    def get(self, user_id: str) -> User | None:
        return self._select("id", user_id)

    def by_username(self, username: str) -> User | None:
        return self._select("username", username.strip().lower())

    def by_oidc_subject(self, subject: str) -> User | None:
        return self._select("oidc_subject", subject)

    def list(self) -> list[User]:
        ids = [r[0] for r in self._db.read("SELECT id FROM users ORDER BY username")]
        return [u for u in (self.get(i) for i in ids) if u is not None]

    # ------------------------------------------------------------- writes
    def add(
        self,
        username: str,
        password: str,
        role: Role | str,
        *,
        institution_id: str | None = None,
        territories: Sequence[str] = (),
        oidc_subject: str | None = None,
    ) -> User:
        username = username.strip().lower()
        if not _USERNAME.match(username):
            raise UserError("nazwa użytkownika: 3–64 znaki, małe litery, cyfry, kropka, myślnik, podkreślnik")
        try:
            role = Role(role)
        except ValueError:
            raise UserError(f"nieznana rola; dozwolone: {', '.join(r.value for r in Role)}") from None
        _check_shape(role, institution_id, territories)
        try:
            check_password_policy(password)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        uid = new_id("u")
        now = _now()
        try:
            with self._db.tx() as conn:
                conn.execute(
                    "INSERT INTO users (id, username, password_hash, role, institution_id, territories, "
                    "oidc_subject, created_at, password_changed_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        uid,
                        username,
                        hash_password(password),
                        role.value,
                        institution_id,
                        json.dumps(sorted(set(territories))),
                        oidc_subject,
                        now,
                        now,
                    ),
                )
        except IntegrityError:
            raise UserError("użytkownik o tej nazwie (albo tym identyfikatorze OIDC) już istnieje") from None
        user = self.get(uid)
        assert user is not None
        return user

    def set_disabled(self, username: str, disabled: bool = True) -> User:
        with self._db.tx() as conn:
            cur = conn.execute(
                "UPDATE users SET disabled = ?, token_version = token_version + 1 WHERE username = ?",
                (int(disabled), username.strip().lower()),
            )
            if cur.rowcount != 1:
                raise UnknownUser("nie ma takiego użytkownika")
        user = self.by_username(username)
        assert user is not None
        return user

    def reset_password(self, username: str, password: str) -> User:
        try:
            check_password_policy(password)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        with self._db.tx() as conn:
            cur = conn.execute(
                "UPDATE users SET password_hash = ?, password_changed_at = ?, "
                "token_version = token_version + 1 WHERE username = ?",
                (hash_password(password), _now(), username.strip().lower()),
            )
            if cur.rowcount != 1:
                raise UnknownUser("nie ma takiego użytkownika")
        user = self.by_username(username)
        assert user is not None
        return user

    # ------------------------------------------------------------- login
    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password matches and the account is enabled, else ``None``.

        Unknown, disabled and wrong-password logins cost one argon2 verification
        each and return the same ``None``.
        """
        user = self.by_username(username) if _USERNAME.match(username.strip().lower()) else None
        ok = verify_or_dummy(user._hash if user else None, password)
        if not ok or user is None or user.disabled:
            return None
        if needs_rehash(user._hash):
            with self._db.tx() as conn:
                conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (hash_password(password), user.id))
        return user
