"""``kooperacja import teryt PATH`` and ``kooperacja import centroids PATH``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from api.commands.common import console, existing_path, fail, print_summary, progress
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store
from importers.parsers.errors import ImportValidationError

if TYPE_CHECKING:
    from graph.writer import WriteReport

_LEVEL = {"voivodeship": "województwo", "powiat": "powiat", "gmina": "gmina"}

app = typer.Typer()


def _per_table(report: WriteReport) -> None:
    table = Table(title="Zapis według tabel")
    for col in ("tabela", "nowe", "zmienione", "bez zmian"):
        table.add_column(col, justify="right" if col != "tabela" else "left")
    for name, c in sorted(report.per_table.items()):
        table.add_row(name, str(c.created), str(c.updated), str(c.unchanged))
    console.print(table)


def _listing(title: str, rows: list[tuple[str, ...]], limit: int) -> None:
    if not rows:
        return
    console.print(f"[bold]{title}: {len(rows)}[/bold]")
    for row in rows[:limit] if limit > 0 else rows:
        console.print("  " + " ".join(row))
    if 0 < limit < len(rows):
        console.print(f"  … i {len(rows) - limit} więcej (pokaż wszystkie: --limit 0)")


def _summary(title: str, read: int, report: WriteReport, seconds: float) -> None:
    t = report.totals
    print_summary(title, read, t.created, t.updated, t.unchanged, 0, seconds)


@app.command("teryt")
def import_teryt_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(help="Plik TERC z GUS: CSV, XML albo pobrany ZIP (wariant urzędowy)", callback=existing_path),
    ],
    limit: Annotated[int, typer.Option(help="Ile pozycji pokazać w każdej części raportu zmian (0 = wszystkie)")] = 20,
) -> None:
    """Wczytaj województwa, powiaty i gminy z rejestru TERYT (TERC); raportuje każdą zmianę."""
    from importers.teryt import import_teryt

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg, batch=True) as store, progress("TERYT") as step:
            store.init_schema()
            result = import_teryt(store, path, progress=step)
    except (ImportValidationError, KooperacjaError) as exc:
        fail(exc, nothing_written=True)
    for w in result.warnings:
        console.print(f"[yellow]Uwaga:[/yellow] {w}")
    console.print(
        f"Plik {result.source}: wariant {result.variant}, stan na {result.stan_na.isoformat()}; "
        f"województwa {result.units['voivodeship']}, powiaty {result.units['powiat']}, gminy {result.units['gmina']}."
    )
    ch = result.changes
    if ch.empty:
        console.print("Brak zmian w podziale terytorialnym względem bazy.")
    if ch.date_only:
        console.print(f"Jednostki bez zmian poza datą stanu (STAN_NA): {ch.date_only} – liczą się jako zmienione.")
    _listing("Nowe jednostki", [(u.teryt, _LEVEL.get(u.level, u.level), u.name) for u in ch.new_units], limit)
    _listing(
        "Zmiany rodzaju gminy (RODZ)",
        [
            (c.teryt, c.name + ":", f"{c.old_rodz or '–'} ({c.old_kind or '–'}) →", f"{c.new_rodz} ({c.new_kind})")
            for c in ch.type_changes
        ],
        limit,
    )
    _listing("Zmiany nazw", [(r.teryt, f"{r.old_name} → {r.new_name}") for r in ch.renames], limit)
    _listing("Zmiany opisu (NAZWA_DOD)", [(code, f"{old or '–'} → {new}") for code, old, new in ch.kind_changes], limit)
    _listing(
        "Jednostki w bazie, których nie ma w pliku (nie usunięto)",
        [(u.teryt, _LEVEL.get(u.level, u.level), u.name) for u in ch.absent_units],
        limit,
    )
    _per_table(result.report)
    _summary("Import TERYT (TERC)", result.rows_read, result.report, result.seconds)


@app.command("centroids")
def import_centroids_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="Katalog gmina-centroids albo plik CSV centroidów gmin lub powiatów", callback=existing_path
        ),
    ],
    limit: Annotated[int, typer.Option(help="Ile pozycji pokazać w raporcie (0 = wszystkie)")] = 20,
) -> None:
    """Dołącz współrzędne środków gmin i powiatów (PRG) do jednostek już wczytanych z TERYT."""
    from importers.centroids import import_centroids

    cfg: Settings = ctx.obj
    started = time.perf_counter()
    try:
        with open_store(cfg, batch=True) as store, progress("Centroidy") as step:
            store.init_schema()
            result = import_centroids(store, path, progress=step)
    except (ImportValidationError, KooperacjaError) as exc:
        fail(exc, nothing_written=True)
    for w in result.warnings:
        console.print(f"[yellow]Uwaga:[/yellow] {w}")
    _listing(
        "Gminy bez centroidu",
        [(t.teryt, t.name) for t in result.gminas_without_centroid],
        limit,
    )
    _listing("Powiaty bez centroidu", [(t.teryt, t.name) for t in result.powiats_without_centroid], limit)
    _listing("Centroidy bez jednostki w bazie", [(c, n) for c, n in result.unmatched], limit)
    _per_table(result.report)
    _summary("Import centroidów", result.rows_read, result.report, time.perf_counter() - started)
