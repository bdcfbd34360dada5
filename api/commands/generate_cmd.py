"""``kooperacja generate``: a synthetic network on the real TERYT territory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.commands.common import existing_path
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.plural import ROWS, count
from graph.store import open_store
from importers.parsers.errors import ImportValidationError

console = Console()

SCALES = ("gmina", "powiat", "voivodeship", "poland")

app = typer.Typer()


@app.command()
def generate(
    ctx: typer.Context,
    scale: Annotated[str, typer.Option(help="Zasięg: gmina, powiat, voivodeship albo poland")] = "gmina",
    seed: Annotated[int, typer.Option(help="Ziarno losowania: to samo ziarno daje ten sam graf")] = 1,
    territory: Annotated[
        str | None,
        typer.Option(help="Kod TERYT jednostki (6/4/2 cyfry; domyślnie Lubicz / powiat toruński / kujawsko-pomorskie)"),
    ] = None,
    terc: Annotated[
        Path | None,
        typer.Option(help="Plik TERC (domyślnie TERC_Urzedowy_2025 z katalogu danych)", callback=existing_path),
    ] = None,
    centroids: Annotated[
        Path | None,
        typer.Option(help="Katalog centroidów gmin i powiatów (domyślnie gmina-centroids)", callback=existing_path),
    ] = None,
    chunk: Annotated[
        int | None,
        typer.Option(min=100, help="Ok. tylu klientów w jednej transakcji (domyślnie 40 000; Neo4j: 10 000)"),
    ] = None,
) -> None:
    """Wygeneruj realistyczną sieć instytucji, usług i pseudonimowych klientów (dane syntetyczne)."""
    from importers.synthetic.generator import DEFAULT_CENTROIDS, DEFAULT_TERC, Options
    from importers.synthetic.generator import generate as run

    if scale not in SCALES:
        console.print(f"[red]Błąd:[/red] nieznana skala {scale!r} (dozwolone: {', '.join(SCALES)}).")
        raise typer.Exit(2)
    cfg: Settings = ctx.obj
    # Neo4j holds a whole transaction in its heap: smaller chunks keep a default server within bounds.
    per_chunk = chunk or (10_000 if cfg.is_neo4j else 40_000)
    options = Options(
        scale=scale,  # type: ignore[arg-type]
        seed=seed,
        territory=territory,
        terc=terc or DEFAULT_TERC,
        centroids=centroids or DEFAULT_CENTROIDS,
        clients_per_chunk=per_chunk,
    )
    try:
        with (
            open_store(cfg, batch=True) as store,
            Progress(
                TextColumn("[bold]generowanie[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as bar,
        ):
            store.init_schema()
            task = bar.add_task("terytorium", total=None)

            def step(name: str, done: int, total: int) -> None:
                bar.update(task, description=name, completed=done, total=total)

            result = run(store, options, progress=step)
    except (ImportValidationError, KooperacjaError, ValueError) as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    if result.teryt is not None:
        t = result.teryt.report.totals
        console.print(
            f"Terytorium z {result.teryt.source} (stan na {result.teryt.stan_na.isoformat()}): "
            f"nowe {t.created}, zmienione {t.updated}, bez zmian {t.unchanged}."
        )
    table = Table(title=f"Sieć syntetyczna: skala {scale}, ziarno {seed}")
    for col in ("tabela", "nowe", "zmienione", "bez zmian"):
        table.add_column(col, justify="left" if col == "tabela" else "right")
    for name, c in sorted(result.report.per_table.items()):
        table.add_row(name, f"{c.created:,}", f"{c.updated:,}", f"{c.unchanged:,}")
    console.print(table)
    seconds = result.seconds_generating + result.seconds_writing
    rate = result.rows / result.seconds_writing if result.seconds_writing else 0.0
    console.print(
        f"{ROWS(result.rows, thousands=True)} w {count(result.chunks, 'transakcji', 'transakcjach', 'transakcjach')}; generowanie {result.seconds_generating:.1f} s, "
        f"zapis {result.seconds_writing:.1f} s ({rate:,.0f} wierszy/s), razem {seconds:.1f} s; magazyn: {store.backend}."
    )
