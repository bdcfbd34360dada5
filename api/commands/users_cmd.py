"""``kooperacja users add|list|disable|enable|reset-password``: accounts in the state directory.

Passwords are typed at a hidden prompt (or read from standard input with
``--password-stdin`` for scripts) – never passed as an argument, where they
would show in the process list and the shell history.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from api.auth.settings import state_dir
from api.principal import ROLE_LABELS, Role
from graph.config import Settings
from graph.errors import KooperacjaError

if TYPE_CHECKING:
    from api.auth.users import UserStore

__all__ = ["users"]

console = Console()
users = typer.Typer(help="Konta użytkowników (przechowywane poza grafem, w katalogu stanu).", no_args_is_help=True)

StateDir = Annotated[
    Path | None,
    typer.Option("--state-dir", help="Katalog stanu (domyślnie KOOPERACJA_STATE_DIR albo ./kooperacja-state)"),
]
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Czytaj hasło z pierwszego wiersza wejścia")]


def _store(folder: Path | None) -> UserStore:
    # imported here: `kooperacja --help` must not load password hashing and the state database
    from api.auth.users import UserStore

    return UserStore((folder or state_dir()) / "users.sqlite3")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Hasło", hide_input=True, confirmation_prompt="Powtórz hasło"))


def _fail(exc: Exception) -> NoReturn:
    console.print(f"[red]Błąd:[/red] {exc}")
    raise typer.Exit(2)


def _require_institution(cfg: Settings, institution: str) -> None:
    """The institution must exist in the graph: an account bound to nothing would see nothing, or a later namesake."""
    from graph.store import open_store

    try:
        with open_store(cfg) as store:
            found = store.query("directory_institutions_by_id", {"ids": [institution]})
    except KooperacjaError as exc:
        _fail(KooperacjaError(f"nie można sprawdzić instytucji w grafie: {exc}"))
    if not found:
        _fail(KooperacjaError(f"w grafie nie ma instytucji o identyfikatorze {institution!r} – sprawdź --institution"))


@users.command("add")
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Nazwa użytkownika (małe litery, cyfry, . _ -)")],
    role: Annotated[Role, typer.Option(help="Rola")],
    institution: Annotated[
        str | None, typer.Option(help="Identyfikator instytucji (caseworker, institution_admin)")
    ] = None,
    territory: Annotated[
        list[str] | None, typer.Option(help="Kod TERYT obszaru koordynatora (można powtórzyć)")
    ] = None,
    oidc_subject: Annotated[str | None, typer.Option(help="Identyfikator (sub) w zewnętrznym dostawcy OIDC")] = None,
    password_stdin: PasswordStdin = False,
    folder: StateDir = None,
) -> None:
    """Dodaj użytkownika (instytucja musi istnieć w grafie)."""
    if institution is not None:
        _require_institution(ctx.obj, institution)
    try:
        store = _store(folder)
        user = store.add(
            username,
            _password(password_stdin),
            role,
            institution_id=institution,
            territories=territory or (),
            oidc_subject=oidc_subject,
        )
    except KooperacjaError as exc:  # UserError, or the state database failing
        _fail(exc)
    console.print(f"Dodano użytkownika {user.username} ({ROLE_LABELS[user.role]}), id {user.id}.")


@users.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    folder: StateDir = None,
) -> None:
    """Wypisz użytkowników (bez haseł)."""
    rows = [
        {
            "id": u.id,
            "username": u.username,
            "role": u.role.value,
            "institution": u.institution_id,
            "territories": list(u.territories),
            "disabled": u.disabled,
            "oidc": u.oidc_subject is not None,
            "created_at": u.created_at,
        }
        for u in _store(folder).list()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Użytkownicy")
    for col in ("nazwa", "rola", "instytucja", "obszary", "aktywny", "OIDC"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["username"]),
            str(r["role"]),
            str(r["institution"] or "–"),
            ", ".join(r["territories"]) or "–",  # type: ignore[arg-type]
            "nie" if r["disabled"] else "tak",
            "tak" if r["oidc"] else "nie",
        )
    console.print(table)


@users.command("disable")
def disable(username: str, folder: StateDir = None) -> None:
    """Zablokuj konto (wydane tokeny przestają działać od razu)."""
    try:
        _store(folder).set_disabled(username, True)
    except KooperacjaError as exc:  # UserError, or the state database failing
        _fail(exc)
    console.print("Konto zablokowane.")


@users.command("enable")
def enable(username: str, folder: StateDir = None) -> None:
    """Odblokuj konto."""
    try:
        _store(folder).set_disabled(username, False)
    except KooperacjaError as exc:  # UserError, or the state database failing
        _fail(exc)
    console.print("Konto odblokowane.")


@users.command("reset-password")
def reset_password(username: str, password_stdin: PasswordStdin = False, folder: StateDir = None) -> None:
    """Ustaw nowe hasło (wydane tokeny przestają działać)."""
    try:
        _store(folder).reset_password(username, _password(password_stdin))
    except KooperacjaError as exc:  # UserError, or the state database failing
        _fail(exc)
    console.print("Hasło zmienione.")
