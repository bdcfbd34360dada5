"""``kooperacja template OUT [--format xlsx|csv] [--przyklad]``: the Kooperacja spreadsheet template."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

console = Console()


class TemplateFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


app = typer.Typer()


@app.command("template")
def template_cmd(
    out: Annotated[Path, typer.Argument(help="Plik .xlsx, katalog na pliki CSV albo archiwum .zip")],
    format: Annotated[TemplateFormat, typer.Option("--format", help="xlsx albo csv")] = TemplateFormat.XLSX,
    example: Annotated[
        bool, typer.Option("--przyklad", help="Wypełnij szablon przykładową siecią (gmina Dobczyce)")
    ] = False,
) -> None:
    """Zapisz pusty szablon arkusza Kooperacja (instytucje, usługi, kompetencje, współpraca, partnerstwa, członkowie)."""
    from importers.spreadsheet.example import EXAMPLE
    from importers.spreadsheet.template import write_template

    if out.exists() and out.is_file() and format is TemplateFormat.CSV and out.suffix.lower() != ".zip":
        console.print(f"[red]Błąd:[/red] {escape(str(out))} jest plikiem – dla CSV podaj katalog albo archiwum .zip.")
        raise typer.Exit(2)
    written = write_template(out, format.value, EXAMPLE if example else None)
    what = "Przykładowy arkusz" if example else "Szablon"
    console.print(f"{what} zapisano: {escape(str(written))}")
    console.print(
        "Opis kolumn: arkusz „instrukcja” (XLSX) albo README.md (CSV). Wczytanie: kooperacja import arkusz PLIK"
    )
