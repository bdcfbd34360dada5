"""``kooperacja audit verify|export``: the audit trail of client data (in the state directory).

``verify`` walks the keyed hash chain, checks the head against the local
signed checkpoint and any exported ones (``--checkpoint FILE``), and exits 1
when a record was changed, recomputed or deleted; ``checkpoint`` prints the
latest signed checkpoint to keep elsewhere (e.g. a daily copy off the host);
``export --client ID`` answers a data-subject access request with every event
about that client (and is itself recorded in the trail).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.audit.log import AuditEvent, AuditLog, Checkpoint, Outcome
from api.auth.settings import state_dir
from api.commands.operator import OPERATOR_ROLE, operator_id
from graph.plural import EVENTS

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


def _checkpoints(files: list[Path]) -> list[Checkpoint]:
    out: list[Checkpoint] = []
    for path in files:
        try:
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            out.extend(Checkpoint.from_json(line) for line in lines)
        except (OSError, ValueError, KeyError) as exc:
            console.print(f"[red]Błąd:[/red] nie można odczytać punktu kontrolnego {path}: {type(exc).__name__}")
            raise typer.Exit(2) from None
    return out


@audit.command("verify")
def verify(
    folder: StateDir = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint", help="Wyeksportowany punkt kontrolny (plik JSON, jeden na wiersz); można powtórzyć"
        ),
    ] = None,
) -> None:
    """Sprawdź łańcuch skrótów z kluczem i punkty kontrolne (kod wyjścia 1, gdy ktoś zmienił lub usunął zapis)."""
    external = _checkpoints(checkpoint or [])
    report = _log(folder).verify(external)
    console.print(
        f"Zdarzeń: {report.events}, głowa: #{report.head_seq} {report.head_hash[:16]}…, "
        f"sprawdzone punkty kontrolne: {report.checkpoints}"
    )
    if report.ok:
        console.print("[green]Dziennik nienaruszony.[/green]")
        return
    for problem in report.problems:
        console.print(f"[red]•[/red] {problem}")
    raise typer.Exit(1)


@audit.command("checkpoint")
def checkpoint_cmd(folder: StateDir = None) -> None:
    """Wypisz ostatni podpisany punkt kontrolny (JSON) – przechowuj go poza serwerem."""
    found = _log(folder).checkpoint()
    if found is None:
        console.print("[red]Błąd:[/red] dziennik nie ma jeszcze punktu kontrolnego (brak zdarzeń)")
        raise typer.Exit(2)
    typer.echo(found.to_json())


@audit.command("export")
def export(
    client: Annotated[str, typer.Option("--client", help="Identyfikator (pseudonim) klienta")],
    objects: Annotated[
        list[str] | None,
        typer.Option("--object", help="Identyfikator obiektu klienta (skierowania, planu…) do nazwania w odpowiedzi"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Plik JSON (domyślnie: standardowe wyjście)")
    ] = None,
    folder: StateDir = None,
) -> None:
    """Zdarzenia dotyczące klienta (żądanie dostępu osoby, której dane dotyczą)."""
    log = _log(folder)
    answer = log.export_subject(client, objects or [])
    log.append(
        AuditEvent(
            action="audit.export",
            outcome=Outcome.ALLOWED,
            actor=operator_id(),
            role=OPERATOR_ROLE,
            object_type="client",
            object_id=client,
            purpose="data_subject_access",
        )
    )
    text = json.dumps(answer, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(output)
    console.print(f"Zapisano {EVENTS(len(answer['events']))} do {output}.")
