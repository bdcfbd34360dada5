"""``kooperacja import hsds PATH`` and ``kooperacja export hsds OUT`` (Open Referral HSDS 3.0)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from api.commands.common import console, existing_path, fail, print_summary
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.plural import FILES, count
from graph.store import open_store

__all__ = ["imports", "export"]

#: joined into ``kooperacja import`` by :mod:`api.commands.importing`
imports = typer.Typer()
export = typer.Typer(help="Eksport danych: Open Referral HSDS 3.0.", no_args_is_help=True)


@imports.command("hsds")
def import_hsds_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="Katalog z datapackage.json (CSV) albo plik lub katalog JSON HSDS 3.0", callback=existing_path
        ),
    ],
    limit: Annotated[int, typer.Option(help="Ile ostrzeżeń pokazać (0 = wszystkie)")] = 30,
) -> None:
    """Wczytaj dane Open Referral HSDS 3.0: organizacje, usługi, lokalizacje, obszary, taksonomie."""
    from importers.hsds.errors import HsdsInputError
    from importers.hsds.importer import import_hsds

    cfg: Settings = ctx.obj
    started = time.perf_counter()
    try:
        with open_store(cfg, batch=True) as store, console.status("HSDS: start") as status:
            store.init_schema()
            result = import_hsds(store, path, progress=lambda msg: status.update(f"HSDS: {msg}"))
    except (HsdsInputError, KooperacjaError) as exc:
        fail(exc, nothing_written=True)
    seconds = time.perf_counter() - started
    shown = result.warnings if limit == 0 else result.warnings[:limit]
    for issue in shown:
        console.print(f"[yellow]Uwaga:[/yellow] {issue}")
    if len(shown) < len(result.warnings):
        more = len(result.warnings) - len(shown)
        console.print(
            f"… i {count(more, 'kolejne ostrzeżenie', 'kolejne ostrzeżenia', 'kolejnych ostrzeżeń')} (pokaż wszystkie: --limit 0)"
        )
    table = Table(title="Zapis według tabel")
    for col in ("tabela", "nowe", "zmienione", "bez zmian"):
        table.add_column(col, justify="left" if col == "tabela" else "right")
    for name, c in sorted(result.report.per_table.items()):
        table.add_row(name, str(c.created), str(c.updated), str(c.unchanged))
    console.print(table)
    t = result.report.totals
    console.print(f"Pliki: {', '.join(result.files)}")
    print_summary("Import HSDS 3.0", result.read, t.created, t.updated, t.unchanged, result.skipped, seconds)


@export.command("hsds")
def export_hsds_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Katalog docelowy (zostanie utworzony)")],
    fmt: Annotated[
        Literal["datapackage", "json"],
        typer.Option("--format", "-f", help="datapackage = CSV + datapackage.json; json = obiekty HSDS"),
    ] = "datapackage",
    territory: Annotated[
        str | None,
        typer.Option("--territory", "-t", help="Kod TERYT: tylko instytucje z tej jednostki i ją obsługujące"),
    ] = None,
) -> None:
    """Zapisz katalog (lub jedną jednostkę terytorialną) w formacie Open Referral HSDS 3.0."""
    from importers.hsds.export import UnknownTerritory, export_hsds

    cfg: Settings = ctx.obj
    started = time.perf_counter()
    try:
        with open_store(cfg, batch=True) as store, console.status("HSDS: eksport"):
            result = export_hsds(store, out, fmt, territory)
    except (UnknownTerritory, ValueError, KooperacjaError) as exc:
        fail(exc, nothing_written=True)
    table = Table(title=f"Eksport HSDS 3.0 ({fmt})")
    table.add_column("tabela HSDS")
    table.add_column("obiekty", justify="right")
    for name, n in result.counts.items():
        table.add_row(name, str(n))
    console.print(table)
    console.print(
        f"Zapisano {FILES(len(result.files))} do {out} w {time.perf_counter() - started:.1f} s "
        f"(organizacje: {result.counts.get('organization', 0)}, usługi: {result.counts.get('service', 0)})."
    )
