"""``kooperacja bench parse``: how long reading a TERC file takes (CSV, XML or ZIP).

The parser's speed was once asserted in a test (under a second for the whole of
Poland); a timed test on a shared machine is noise, so the figure lives here.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()

#: joined into ``kooperacja bench`` by :mod:`api.commands.bench`
app = typer.Typer()


@app.command("parse")
def bench_parse(
    files: Annotated[list[Path], typer.Argument(help="Pliki TERC (CSV, XML albo ZIP z GUS)")],
    repeat: Annotated[int, typer.Option(min=1, max=100, help="Powtórzeń każdego pliku")] = 5,
) -> None:
    """Czas wczytania plików TERC (mediana z powtórzeń) i liczba wierszy na sekundę."""
    from importers.parsers.errors import ImportValidationError
    from importers.parsers.teryt import parse_terc

    table = Table(title=f"Wczytywanie TERC (mediana z {repeat})")
    for col in ("plik", "wierszy", "gmin", "mediana s", "wierszy/s"):
        table.add_column(col, justify="left" if col == "plik" else "right")
    for path in files:
        if not path.is_file():
            console.print(f"[red]Błąd:[/red] nie ma pliku {path.resolve()}")
            raise typer.Exit(2)
        times, rows, gminas = [], 0, 0
        try:
            for _ in range(repeat):
                start = time.perf_counter()
                parsed = parse_terc(path)
                units = parsed.units()
                times.append(time.perf_counter() - start)
                rows, gminas = len(parsed.rows), len(units.gminas)
        except ImportValidationError as exc:
            console.print(f"[red]Błąd:[/red] {exc}")
            raise typer.Exit(2) from None
        median = statistics.median(times)
        table.add_row(path.name, str(rows), str(gminas), f"{median:.3f}", f"{rows / median:,.0f}".replace(",", " "))
    console.print(table)
