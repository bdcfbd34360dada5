"""``kooperacja gaps TERYT --out DIR``: the gap report of a territory as HTML, PNG, CSV, Kumu and GraphML.

Everything is written to a temporary directory next to ``DIR`` first and moved
into place only when complete, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.commands.operator import record_cli_access
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store

console = Console()


def default_period(today: dt.date | None = None) -> str:
    """The previous calendar year – the period of the annual *ocena zasobów pomocy społecznej*.

    >>> default_period(dt.date(2026, 11, 22))
    '2025-01-01:2025-12-31'
    """
    year = (today or dt.date.today()).year - 1
    return f"{year}-01-01:{year}-12-31"


def _write_outputs(report: object, target: Path, indicators: object = None) -> list[Path]:
    from queries.analysis.export import write_graphml, write_indicator_csv, write_kumu, write_report_csvs
    from queries.analysis.html import CHART_FILES, render_charts, render_html
    from queries.analysis.report import GapReport

    assert isinstance(report, GapReport)
    target.mkdir(parents=True, exist_ok=True)
    images = render_charts(report)
    written = []
    for key, data in images.items():
        path = target / CHART_FILES[key]
        path.write_bytes(data)
        written.append(path)
    page = target / "raport.html"
    page.write_text(
        render_html(report, images, generated_at=dt.datetime.now(), indicators=indicators), encoding="utf-8"
    )
    written.append(page)
    if indicators is not None:
        written += write_indicator_csv(indicators, target)
    written += write_report_csvs(report, target)
    written += write_kumu(report, target)
    written.append(write_graphml(report, target / "siec.graphml"))
    dump = target / "raport.json"
    dump.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    written.append(dump)
    return written


def _publish(tmp: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(tmp.iterdir()):
        os.replace(path, out / path.name)


app = typer.Typer()


@app.command()
def gaps(
    ctx: typer.Context,
    teryt: Annotated[
        str, typer.Argument(help="Kod TERYT gminy (6 cyfr), powiatu (4) lub województwa (2); 'PL' = cały kraj")
    ],
    out: Annotated[Path, typer.Option("--out", help="Katalog wyników (zostanie utworzony)")],
    period: Annotated[
        str | None, typer.Option(help="Okres RRRR-MM-DD:RRRR-MM-DD albo RRRR (domyślnie poprzedni rok)")
    ] = None,
    compare: Annotated[str | None, typer.Option(help="Drugi okres do porównania (ta sama postać)")] = None,
    seed: Annotated[int, typer.Option(help="Ziarno losowości (Louvain, próbkowanie pośrednictwa)")] = 0,
    expectations: Annotated[
        Path | None, typer.Option(help="Plik JSON z własnymi oczekiwaniami wobec terytorium")
    ] = None,
    years: Annotated[
        str | None, typer.Option("--years", help="Wskaźniki w czasie za lata RRRR:RRRR (np. 2023:2025)")
    ] = None,
    quarterly: Annotated[bool, typer.Option("--quarterly", help="Wskaźniki kwartalne zamiast rocznych")] = False,
    targets: Annotated[
        Path | None, typer.Option(help="Plik JSON z celami wskaźników (wskaźnik, wartość, kierunek)")
    ] = None,
    pathways: Annotated[
        Path | None, typer.Option(help="Plik JSON ze ścieżkami klientów zdefiniowanymi przez koordynatora")
    ] = None,
) -> None:
    """Diagnoza luk w sieci współpracy terytorium: raport HTML, wykresy, CSV, eksport do Kumu i GraphML."""
    from queries.analysis.expectations import DEFAULT_EXPECTATIONS, load_expectations
    from queries.analysis.pathways import load_pathways
    from queries.analysis.projection import Period
    from queries.analysis.report import build_report

    cfg: Settings = ctx.obj
    started = time.perf_counter()
    try:
        # counts derived from client pathways: on the audit record with the OS user, or no report
        record_cli_access("cli.gaps_report", f"gap_analysis {teryt} {period or default_period()}")
    except (OSError, sqlite3.Error, ValueError) as exc:
        console.print(f"[red]Błąd:[/red] nie można zapisać dostępu w dzienniku audytu ({type(exc).__name__}) – odmowa")
        raise typer.Exit(2) from None
    try:
        main_period = Period.parse(period or default_period())
        other = Period.parse(compare) if compare else None
        exps = load_expectations(expectations) if expectations else DEFAULT_EXPECTATIONS
        series = None
        with open_store(cfg, batch=True) as store:
            options = {"pathways": load_pathways(pathways)} if pathways else {}
            report = build_report(store, teryt, main_period, compare=other, seed=seed, expectations=exps, **options)
            if years:
                from queries.analysis.indicators import build_series, load_targets, periods

                first, _, last = years.partition(":")
                if not (first.isdigit() and (last or first).isdigit()):
                    raise KooperacjaError("--years: podaj lata jako RRRR:RRRR")
                goals = load_targets(targets) if targets else ()
                points = periods(int(first), int(last or first), quarterly)
                series = build_series(store, teryt, points, goals, expectations=exps, seed=seed)
    except KooperacjaError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        files = _write_outputs(report, tmp, series)
        _publish(tmp, out)
    except OSError as exc:
        console.print(f"[red]Nie udało się zapisać wyników w {out}:[/red] {type(exc).__name__}")
        raise typer.Exit(1) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = Table(title=f"Diagnoza: {report.territory_title} ({report.teryt or 'PL'}), {report.period.label}")
    table.add_column("miara")
    table.add_column("wartość", justify="right")
    table.add_row("instytucje w analizie", str(len(report.institutions)))
    table.add_row("luki (niespełnione oczekiwania)", str(len(report.gaps)))
    table.add_row("brak koordynatora sieci", "tak" if report.structure["all"].coordinator.missing else "nie")
    table.add_row("deklaracje bez skierowań", str(len(report.cooperation.unused)))
    table.add_row("skierowania bez deklaracji (pary)", str(len(report.cooperation.undeclared)))
    table.add_row("zapytania do bazy", str(report.timings.get("queries")))
    table.add_row(
        "czas: odczyt z bazy / analiza [s]",
        f"{report.timings['projection']:.2f} / {sum(v for k, v in report.timings.items() if k not in ('projection', 'queries')):.2f}",
    )
    console.print(table)
    console.print(
        f"Zapisano {len(files)} plików w {out} (raport: {out / 'raport.html'}) w {time.perf_counter() - started:.1f} s."
    )


@app.command()
def ozps(
    ctx: typer.Context,
    teryt: Annotated[str, typer.Argument(help="Kod TERYT gminy (6 cyfr), powiatu (4) lub województwa (2)")],
    out: Annotated[Path, typer.Option("--out", help="Katalog wyników (zostanie utworzony)")],
) -> None:
    """Ocena zasobów pomocy społecznej (art. 16a uops): instytucje, miejsca, kadra, NGO – i czego brakuje."""
    from queries.analysis.ozps import build_ozps, write_ozps

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg) as store:
            report = build_ozps(store, teryt)
    except KooperacjaError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    files = write_ozps(report, out.resolve())
    console.print(f"Ocena zasobów: {report.title} – zapisano {len(files)} plików w {out} (raport: {files[0]}).")
