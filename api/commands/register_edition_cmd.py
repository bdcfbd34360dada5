"""``kooperacja import register FILE --mapping NAME``: one edition of a voivode register.

The layout comes from a YAML mapping (``importers/registers/mappings/NAME.yaml``
or a path to your own); gminas are resolved through SIMC (``--simc``); homes the
importer cannot place are appended to the decisions file (``--decyzje``) for a
person to fill in – the next edition reuses the decisions.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from api.commands.common import console, existing_path, fail, print_summary, progress
from api.commands.registers_cmd import per_table
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store
from importers.parsers.errors import ImportValidationError

app = typer.Typer()

_SIMC_NAME = Path("teryt-simc") / "SIMC_Urzedowy_2023-01-01.zip"


def _default_simc() -> Path | None:
    base = os.environ.get("KOOPERACJA_SHARED_DATA")
    for root in ([Path(base)] if base else []) + [
        Path.cwd() / "data",
        Path(__file__).resolve().parents[3] / "shared" / "data",
    ]:
        if (root / _SIMC_NAME).is_file():
            return root / _SIMC_NAME
    return None


@app.command("register")
def import_register_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="Wydanie rejestru (.xls, .xlsx, .ods albo .csv)", callback=existing_path)
    ],
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            help="Układ rejestru: nazwa (np. malopolska-dps) albo ścieżka do pliku YAML; domyślnie rozpoznawany",
        ),
    ] = None,
    simc: Annotated[Path | None, typer.Option("--simc", help="Rejestr miejscowości SIMC (ZIP z GUS)")] = None,
    decisions: Annotated[
        Path | None, typer.Option("--decyzje", help="Plik CSV z decyzjami o gminach (czytany i uzupełniany)")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Zapisz pełny raport do pliku (.json albo .csv)")
    ] = None,
    limit: Annotated[int, typer.Option(help="Ile pozycji pokazać w każdej części raportu (0 = wszystkie)")] = 20,
) -> None:
    """Wczytaj jedno wydanie rejestru wojewody; najnowsze wydanie pozostaje aktualne, zniknięte placówki są wycofywane."""
    from importers.registers.editions import GminaStats, import_register_edition

    simc_path = simc or _default_simc()
    if simc_path is None:
        fail("Nie znaleziono rejestru SIMC – podaj plik opcją --simc (SIMC_Urzedowy_*.zip z eTERYT GUS).")
    cfg: Settings = ctx.obj
    stats = GminaStats()
    try:
        with open_store(cfg, batch=True) as store, progress("Import rejestru") as step:
            store.init_schema()
            result = import_register_edition(
                store, path, mapping, simc=simc_path, decisions=decisions, stats=stats, progress=step
            )
    except (ImportValidationError, KooperacjaError) as exc:
        fail(exc, nothing_written=True)
    for line in result.lines(limit=limit):
        console.print(escape(line))
    per_table(result.write)
    console.print(
        f"Gminy ustalone automatycznie: {stats.automatic} z {stats.homes}; z pliku decyzji: {stats.decided}; do decyzji: {len(stats.open)}."
    )
    if report is not None:
        console.print(f"Raport zapisano: {escape(str(result.write_file(report)))}")
    print_summary(
        "Import rejestru",
        result.rows_read,
        result.created,
        result.updated,
        result.unchanged,
        len(result.rejected),
        result.seconds,
    )
