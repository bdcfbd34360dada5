"""``kooperacja import <kind> PATH …``: every importer adds its sub-command here.

Importer CLI modules are listed in ``IMPORT_MODULES``; each adds
``@imports.command("<kind>")`` at import time.  Shared output helpers keep the
closing summary identical for every importer.
"""

from __future__ import annotations

import importlib

import typer
from rich.console import Console
from rich.table import Table

imports = typer.Typer(help="Import danych: TERYT, rejestry, arkusze, Open Referral HSDS.", no_args_is_help=True)
console = Console()

#: modules that add ``@imports.command(...)`` sub-commands
IMPORT_MODULES: list[str] = ["api.commands.teryt_cmd", "api.commands.registers_cmd", "api.commands.hsds_cmd"]


def print_summary(title: str, read: int, created: int, updated: int, unchanged: int, rejected: int, seconds: float) -> None:
    """The closing summary every importer prints (Polish labels)."""
    table = Table(title=title)
    for col in ("wczytane", "nowe", "zmienione", "bez zmian", "odrzucone", "wiersze/s"):
        table.add_column(col, justify="right")
    rate = read / seconds if seconds > 0 else 0.0
    table.add_row(str(read), str(created), str(updated), str(unchanged), str(rejected), f"{rate:,.0f}")
    console.print(table)


def register(app: typer.Typer) -> None:
    for name in IMPORT_MODULES:
        importlib.import_module(name)
    app.add_typer(imports, name="import")
