"""Core commands: init, demo, stats, query."""

from __future__ import annotations

import json
import time
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from api.commands.common import console, fail
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.plural import ROWS


def _value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


app = typer.Typer()


@app.command()
def init(ctx: typer.Context) -> None:
    """Utwórz lub zaktualizuj schemat bazy i słowniki (kategorie, grupy docelowe, kompetencje)."""
    from graph.store import open_store
    from graph.writer import write_batch
    from importers.demo import reference_batch

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg, batch=True) as store:
            store.init_schema()
            report = write_batch(store, reference_batch())
    except KooperacjaError as exc:
        fail(exc)
    t = report.totals
    console.print(
        f"Schemat gotowy ({store.backend}). Słowniki: nowe {t.created}, zmienione {t.updated}, bez zmian {t.unchanged}."
    )


@app.command()
def demo(ctx: typer.Context) -> None:
    """Załaduj sieć demonstracyjną: Toruń i powiat toruński."""
    from graph.store import open_store
    from graph.writer import graph_counts, write_batch
    from importers.demo import demo_batch, reference_batch

    cfg: Settings = ctx.obj
    started = time.perf_counter()
    try:
        with open_store(cfg, batch=True) as store:
            store.init_schema()
            write_batch(store, reference_batch())
            report = write_batch(store, demo_batch())
            counts = graph_counts(store)
    except KooperacjaError as exc:
        fail(exc)
    table = Table(title="Sieć demonstracyjna: Toruń i powiat toruński")
    table.add_column("element")
    table.add_column("nowe", justify="right")
    table.add_column("zmienione", justify="right")
    table.add_column("bez zmian", justify="right")
    table.add_column("razem w bazie", justify="right")
    for name, c in sorted(report.per_table.items()):
        table.add_row(name, str(c.created), str(c.updated), str(c.unchanged), str(counts.get(name, "")))
    console.print(table)
    console.print(f"Gotowe w {time.perf_counter() - started:.1f} s, magazyn: {store.backend} ({cfg.graph}).")
    _demo_accounts(cfg)


def _demo_accounts(cfg: Settings) -> None:
    """Development only: one portal account per role, printed with its password."""
    from api.auth.settings import AuthSettings
    from api.portal.demo_accounts import create_demo_accounts, describe

    if cfg.env != "development":
        console.print("Konta demonstracyjne portalu powstają tylko z KOOPERACJA_ENV=development.")
        return
    created = create_demo_accounts(AuthSettings.from_env(mode=cfg.env))
    typer.echo("Konta demonstracyjne portalu (hasła zmieniają się przy każdym `kooperacja demo`):")
    for line in describe([{"username": a.username, "password": p, "role": a.role.value} for a, p in created]):
        typer.echo(line)


@app.command()
def stats(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Wynik jako JSON")] = False) -> None:
    """Liczba węzłów według etykiet i relacji według typów."""
    from graph.store import open_store
    from graph.writer import graph_counts

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg) as store:
            counts = graph_counts(store)
    except KooperacjaError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    table = Table(title="Zawartość grafu")
    table.add_column("etykieta / typ relacji")
    table.add_column("liczba", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    console.print(table)


def _record_client_read(name: str) -> None:
    """A query over client data is on the audit record with the OS user first – or it does not run."""
    import sqlite3

    from api.commands.operator import reads_client_data, record_cli_access

    try:
        if not reads_client_data(name):
            return
    except KooperacjaError:
        return  # an unknown name: the store reports it
    try:
        record_cli_access("cli.query", f"query {name}")
    except (OSError, sqlite3.Error, ValueError) as exc:
        fail(
            KooperacjaError(
                f"zapytanie {name} czyta dane klientów, a dostępu nie da się zapisać w dzienniku audytu "
                f"({type(exc).__name__}) – odmowa"
            )
        )


def _query_statement(name: str, neo4j: bool) -> Any:
    """The catalogue's statement for ``name``, or a Polish error with a hint (no store opened)."""
    import difflib

    from graph.catalog import catalog

    names = catalog().names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        hint = f" Może chodziło o: {', '.join(close)}?" if close else ""
        fail(f"nie ma zapytania „{name}” w katalogu.{hint} Listę zapytań pokaże: kooperacja query --list")
    return catalog().statement(name, "neo4j" if neo4j else "ladybug")


def _check_query_params(name: str, wanted: frozenset[str], given: dict[str, Any]) -> None:
    missing, extra = sorted(wanted - given.keys()), sorted(given.keys() - wanted)
    if missing:
        example = " ".join(f"-p {p}=…" for p in missing)
        fail(f"zapytanie „{name}” potrzebuje parametrów: {', '.join(missing)}. Podaj je tak: {example}")
    if extra:
        known = ", ".join(sorted(wanted)) or "żadnych"
        fail(f"zapytanie „{name}” nie zna parametrów: {', '.join(extra)} (przyjmuje: {known}).")


@app.command()
def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Nazwa zapytania z katalogu (queries/cypher)")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="klucz=wartość (JSON albo tekst)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Wynik jako JSON")] = False,
    list_: Annotated[bool, typer.Option("--list", help="Pokaż katalog zapytań z ich parametrami")] = False,
) -> None:
    """Uruchom nazwane zapytanie z katalogu (lista: --list)."""
    if list_:
        from graph.catalog import catalog

        for n in catalog().names():
            wanted = catalog().statement(n, "neo4j" if ctx.obj.is_neo4j else "ladybug").params
            shown = f" [dim]({', '.join(sorted(wanted))})[/dim]" if wanted else ""
            console.print(f"[bold]{n}[/bold]{shown}  {escape(catalog().entry(n).description)}")
        return
    if name is None:
        fail("podaj nazwę zapytania, np. kooperacja query directory_categories; listę pokaże: kooperacja query --list")
    params: dict[str, Any] = {}
    for item in param or []:
        key, sep, raw = item.partition("=")
        if not sep:
            fail(f"parametr „{item}” nie ma postaci klucz=wartość")
        params[key] = _value(raw)
    cfg: Settings = ctx.obj
    _check_query_params(name, _query_statement(name, cfg.is_neo4j).params, params)
    _record_client_read(name)
    from graph.store import open_store

    try:
        with open_store(cfg) as store:
            rows = store.query(name, params)
    except KooperacjaError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(title=name)
    for col in rows[0].keys() if rows else []:
        table.add_column(col)
    for row in rows:
        table.add_row(*[str(v) for v in row.values()])
    console.print(table)
    console.print(ROWS(len(rows)))
