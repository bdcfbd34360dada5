"""``kooperacja clients stats|erase``: suppressed statistics and erasure, for the operator.

``stats`` prints (or exports as CSV/JSON) the same suppressed cells as the
GraphQL statistics – small counts never leave the system, whatever the
format.  ``erase`` removes a client on behalf of its home institution.
"""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from api.auth.settings import state_dir
from api.commands.operator import operator_id
from api.principal import Principal, Role
from graph.config import Settings
from graph.errors import KooperacjaError

if TYPE_CHECKING:
    from queries.clients_stats import StatTable

__all__ = ["clients"]

console = Console()
clients = typer.Typer(help="Dane klientów: statystyki (z ukryciem małych liczb) i usuwanie.", no_args_is_help=True)
OPERATOR = operator_id()  # os:<login>: the audit record names the person at the terminal

StateDir = Annotated[
    Path | None,
    typer.Option("--state-dir", help="Katalog stanu (domyślnie KOOPERACJA_STATE_DIR albo ./kooperacja-state)"),
]


class Measure(StrEnum):
    clients = "clients"
    referrals = "referrals"
    flows = "flows"


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(exc: Exception) -> NoReturn:
    console.print(f"[red]Błąd:[/red] {exc}")
    raise typer.Exit(2)


def _rows(tables: list[StatTable]) -> list[dict[str, object]]:
    return [
        {
            "measure": t.measure,
            "year": t.year,
            "gmina": c.gmina,
            "sender": c.sender or "",
            "category": c.category,
            "count": c.display,
        }
        for t in tables
        for c in t.cells
    ]


def render(tables: list[StatTable], fmt: Format) -> str:
    """The cells as CSV or JSON text: suppressed cells only ever as their display form ("<5")."""
    rows = _rows(tables)
    if fmt is Format.json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["measure", "year", "gmina", "sender", "category", "count"])
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


@clients.command("stats")
def stats(
    ctx: typer.Context,
    territory: Annotated[str, typer.Option(help="Kod TERYT (2/4/6 cyfr); pusty = cały kraj")] = "",
    year: Annotated[int, typer.Option(help="Rok kalendarzowy")] = 2025,
    measure: Annotated[Measure, typer.Option(help="clients, referrals albo flows")] = Measure.clients,
    fmt: Annotated[Format, typer.Option("--format", help="table, csv albo json")] = Format.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Plik wynikowy (csv/json)")] = None,
    folder: StateDir = None,
) -> None:
    """Statystyki klientów i skierowań per gmina i rok (liczby poniżej progu ukryte)."""
    cfg: Settings = ctx.obj
    # imported here: `kooperacja --help` must not load the clients domain
    from api.clients.runtime import make_runtime
    from graph.store import open_store
    from queries import clients_stats as aggregates

    runtime = make_runtime(folder or state_dir())
    principal = Principal(user_id=OPERATOR, role=Role.ANALYST, anonymous=False)
    try:
        with open_store(cfg) as store:
            args = (store, runtime.audit, principal, territory, year)
            if measure is Measure.clients:
                tables = list(aggregates.client_statistics(*args))
            elif measure is Measure.referrals:
                tables = list(aggregates.referral_statistics(*args))
            else:
                tables = [aggregates.referral_flows(*args)]
    except KooperacjaError as exc:
        _fail(exc)
    if fmt is not Format.table:
        text = render(tables, fmt)
        if output is None:
            typer.echo(text, nl=False)
        else:
            tmp = output.with_name(output.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(output)
            console.print(f"Zapisano {output}.")
        return
    for t in tables:
        table = Table(title=f"{t.measure} – {t.territory or 'Polska'} {t.year} (próg {t.threshold})")
        for col in ("gmina", "nadawca", "kategoria", "liczba"):
            table.add_column(col)
        for c in t.cells:
            table.add_row(c.gmina, c.sender or "", c.category, c.display)
        console.print(table)
        console.print(f"Suma opublikowanych komórek: {t.published_total}; ukrytych komórek: {t.suppressed}.")


@clients.command("erase")
def erase(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(help="Identyfikator (pseudonim) klienta")],
    institution: Annotated[str, typer.Option(help="Instytucja, w której klient jest zarejestrowany")],
    yes: Annotated[bool, typer.Option("--yes", help="Bez pytania o potwierdzenie")] = False,
    folder: StateDir = None,
) -> None:
    """Usuń klienta z jego skierowaniami, planami i zgodami (dziennik audytu traci powiązanie)."""
    from graph.clients.erasure import erase_client

    if not yes and not typer.confirm("Usunąć nieodwracalnie dane klienta?"):
        raise typer.Exit(1)
    cfg: Settings = ctx.obj
    from api.clients.runtime import make_runtime
    from graph.clients.errors import NotVisible
    from graph.store import open_store

    runtime = make_runtime(folder or state_dir())
    principal = Principal(user_id=OPERATOR, role=Role.INSTITUTION_ADMIN, institution_id=institution, anonymous=False)
    try:
        with open_store(cfg) as store:
            report = erase_client(store, runtime.audit, principal, client_id)
    except NotVisible:
        _fail(ValueError("nie ma takiego klienta w tej instytucji"))
    except KooperacjaError as exc:
        _fail(exc)
    console.print(
        f"Usunięto klienta: skierowania {report.referrals}, plany {report.plans}, zgody {report.consents}; "
        f"powiązania w dzienniku audytu usunięte: {report.unlinked_audit_entries}."
    )
