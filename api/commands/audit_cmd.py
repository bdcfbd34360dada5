"""``kooperacja audit verify|export``: the audit trail of client data (in the state directory).

``verify`` walks the hash chain and exits 1 when a record was changed or
deleted; ``export --client ID`` answers a data-subject access request with
every event about that client (and is itself recorded in the trail).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.audit.log import AuditEvent, AuditLog, Outcome
from api.auth.settings import state_dir

__all__ = ["audit"]

console = Console()
audit = typer.Typer(help="Dziennik audytu dostępu do danych klientów.", no_args_is_help=True)

StateDir = Annotated[
    Path | None,
    typer.Option("--state-dir", help="Katalog stanu (domyślnie KOOPERACJA_STATE_DIR albo ./kooperacja-state)"),
]


def _log(folder: Path | None) -> AuditLog:
    path = (folder or state_dir()) / "audit.sqlite3"
    if not path.exists():
        console.print(f"[red]Błąd:[/red] brak dziennika audytu w {path.parent}")
        raise typer.Exit(2)
    return AuditLog(path)


@audit.command("verify")
def verify(folder: StateDir = None) -> None:
    """Sprawdź łańcuch skrótów dziennika (kod wyjścia 1, gdy ktoś zmienił lub usunął zapis)."""
    report = _log(folder).verify()
    console.print(f"Zdarzeń: {report.events}, głowa: #{report.head_seq} {report.head_hash[:16]}…")
    if report.ok:
        console.print("[green]Dziennik nienaruszony.[/green]")
        return
    for problem in report.problems:
        console.print(f"[red]•[/red] {problem}")
    raise typer.Exit(1)


@audit.command("export")
def export(
    client: Annotated[str, typer.Option("--client", help="Identyfikator (pseudonim) klienta")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Plik JSON (domyślnie: standardowe wyjście)")] = None,
    folder: StateDir = None,
) -> None:
    """Zdarzenia dotyczące klienta (żądanie dostępu osoby, której dane dotyczą)."""
    log = _log(folder)
    answer = log.export_subject(client)
    log.append(AuditEvent(action="audit.export", outcome=Outcome.ALLOWED, actor="cli", role="operator",
                          object_type="client", object_id=client, purpose="data_subject_access"))
    text = json.dumps(answer, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(output)
    console.print(f"Zapisano {len(answer['events'])} zdarzeń do {output}.")
