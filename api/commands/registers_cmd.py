"""``kooperacja import ops-malopolska|ops-slaskie|sds|dps|krs PATH`` and ``import arkusz PATH``.

Each command loads one institution register (or a Kooperacja spreadsheet) into
the store in one transaction, with a progress bar, the report of match
decisions and warnings (never contact data), and the common closing summary.
``--report FILE`` writes the full report as JSON (``.json``) or CSV.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from api.commands.common import console, existing_path, fail, print_summary, progress
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.progress import Progress
from graph.store import open_store
from importers.parsers.errors import ImportValidationError

if TYPE_CHECKING:
    from graph.writer import WriteReport

ReportOption = Annotated[Path | None, typer.Option("--report", help="Zapisz pełny raport do pliku (.json albo .csv)")]
LimitOption = Annotated[int, typer.Option(help="Ile pozycji pokazać w każdej części raportu (0 = wszystkie)")]
WojOption = Annotated[
    str | None,
    typer.Option("--wojewodztwo", help="Województwo (nazwa lub kod); domyślnie rozpoznawane z nazw powiatów"),
]

app = typer.Typer()


def per_table(report: WriteReport) -> None:
    table = Table(title="Zapis według tabel")
    for col in ("tabela", "nowe", "zmienione", "bez zmian"):
        table.add_column(col, justify="left" if col == "tabela" else "right")
    for name, c in sorted(report.per_table.items()):
        table.add_row(name, str(c.created), str(c.updated), str(c.unchanged))
    console.print(table)


def _run(
    ctx: typer.Context, title: str, work: Callable[[Any, Progress], Any], report_file: Path | None, limit: int
) -> None:
    cfg: Settings = ctx.obj
    try:
        with open_store(cfg, batch=True) as store, progress(title) as step:
            store.init_schema()
            report = work(store, step)
    except (ImportValidationError, KooperacjaError) as exc:
        fail(exc, nothing_written=True)
    for line in report.lines(limit=limit):
        console.print(escape(line))
    per_table(report.write)
    if report_file is not None:
        console.print(f"Raport zapisano: {escape(str(report.write_file(report_file)))}")
    print_summary(
        title, report.rows_read, report.created, report.updated, report.unchanged, len(report.rejected), report.seconds
    )


@app.command("ops-malopolska")
def import_ops_malopolska_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="Plik ops_malopolska_geo.csv (eksport RJPS z współrzędnymi)", callback=existing_path)
    ],
    report: ReportOption = None,
    limit: LimitOption = 20,
) -> None:
    """Wczytaj OPS, CUS i PCPR województwa małopolskiego; sprawdza i naprawia kody TERYT."""
    from importers.registers.ops_malopolska import import_ops_malopolska

    _run(
        ctx,
        "Import OPS/CUS/PCPR (małopolskie)",
        lambda s, step: import_ops_malopolska(s, path, progress=step),
        report,
        limit,
    )


@app.command("ops-slaskie")
def import_ops_slaskie_cmd(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Plik ops_slaskie.csv (bez kodów TERYT)", callback=existing_path)],
    report: ReportOption = None,
    limit: LimitOption = 20,
) -> None:
    """Wczytaj OPS i CUS województwa śląskiego; gminy dopasowywane po nazwie."""
    from importers.registers.ops_slaskie import import_ops_slaskie

    _run(ctx, "Import OPS/CUS (śląskie)", lambda s, step: import_ops_slaskie(s, path, progress=step), report, limit)


@app.command("sds")
def import_sds_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="Wykaz środowiskowych domów samopomocy (XLSX wojewody)", callback=existing_path)
    ],
    wojewodztwo: WojOption = None,
    report: ReportOption = None,
    limit: LimitOption = 20,
) -> None:
    """Wczytaj środowiskowe domy samopomocy z usługą wsparcia dziennego i liczbą miejsc."""
    from importers.registers.sds import import_sds

    _run(ctx, "Import ŚDS", lambda s, step: import_sds(s, path, woj=wojewodztwo, progress=step), report, limit)


@app.command("dps")
def import_dps_cmd(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Rejestr wolnych miejsc w DPS (XLSX wojewody)", callback=existing_path)],
    wojewodztwo: WojOption = None,
    report: ReportOption = None,
    limit: LimitOption = 20,
) -> None:
    """Wczytaj domy pomocy społecznej z usługami według typu domu, miejscami i wolnymi miejscami."""
    from importers.registers.dps import import_dps

    _run(ctx, "Import DPS", lambda s, step: import_dps(s, path, woj=wojewodztwo, progress=step), report, limit)


@app.command("krs")
def import_krs_cmd(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Odpis KRS (JSON) albo katalog odpisów", callback=existing_path)],
    report: ReportOption = None,
    limit: LimitOption = 20,
) -> None:
    """Wczytaj organizacje pozarządowe z odpisów KRS (siedziba, cele statutowe, REGON/NIP)."""
    from importers.registers.krs import import_krs

    _run(ctx, "Import KRS (NGO)", lambda s, step: import_krs(s, path, progress=step), report, limit)


@app.command("arkusz")
def import_spreadsheet_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="Arkusz Kooperacja: plik .xlsx, katalog plików CSV albo archiwum .zip", callback=existing_path
        ),
    ],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Zapisz poprawne wiersze, pomiń błędne (i zależne od nich)")
    ] = False,
    report: ReportOption = None,
    limit: Annotated[int, typer.Option(help="Ile problemów wypisać (0 = wszystkie)")] = 0,
) -> None:
    """Wczytaj arkusz Kooperacja; plik z błędami nie zapisuje niczego (chyba że --skip-invalid)."""
    from importers.spreadsheet.importer import import_spreadsheet

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg, batch=True) as store, progress("Arkusz Kooperacja") as step:
            store.init_schema()
            result = import_spreadsheet(store, path, skip_invalid=skip_invalid, progress=step)
    except (ImportValidationError, KooperacjaError) as exc:
        fail(exc, nothing_written=True)
    for line in result.lines(limit=limit):
        console.print(escape(line))
    if report is not None:
        console.print(f"Raport zapisano: {escape(str(result.write_file(report)))}")
    if not result.written:
        raise typer.Exit(1)
    per_table(result.write)
    t = result.totals
    print_summary(
        "Import arkusza Kooperacja",
        result.total_read,
        t.created,
        t.updated,
        t.unchanged,
        result.rejected,
        result.seconds,
    )
