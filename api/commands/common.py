"""Output helpers every command module shares: one console, one error exit, one progress bar.

Kept free of heavy imports: ``kooperacja --help`` loads every command module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from graph.progress import Progress

__all__ = ["console", "existing_path", "fail", "progress", "print_summary"]

console = Console()


def fail(exc: BaseException | str, *, nothing_written: bool = False, code: int = 2) -> NoReturn:
    """Print one Polish error line (``Błąd: …``) and exit with ``code``.

    ``nothing_written`` adds the promise a failed import keeps: no partial write.
    """
    # soft_wrap: one line however narrow the terminal (a log line, a grep)
    console.print(f"[red]Błąd:[/red] {escape(str(exc))}", soft_wrap=True)
    if nothing_written:
        console.print("Nic nie zostało zapisane.")
    raise typer.Exit(code)


def existing_path(value: Path | None) -> Path | None:
    """Typer callback for an input path: a missing one is one Polish line saying where it was looked for."""
    if value is not None and not value.exists():
        where = f"szukano: {value.resolve()}"
        if not value.is_absolute():
            where += f", względem bieżącego katalogu {Path.cwd()}"
        fail(f"nie ma pliku ani katalogu {value} ({where}).")
    return value


@contextmanager
def progress(title: str) -> Iterator[Progress]:
    """A transient progress bar; yields the ``(description, done, total)`` callback importers take."""
    from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("[bold]{task.fields[title]}[/bold]"),
        BarColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("start", total=1, title=title)

        def step(description: str, done: int, total: int) -> None:
            bar.update(task, description=description, completed=done, total=total)

        yield step


def print_summary(
    title: str, read: int, created: int, updated: int, unchanged: int, rejected: int, seconds: float
) -> None:
    """The closing summary every importer prints (Polish labels)."""
    from rich.table import Table

    table = Table(title=title)
    for col in ("wczytane", "nowe", "zmienione", "bez zmian", "odrzucone", "wiersze/s"):
        table.add_column(col, justify="right")
    rate = read / seconds if seconds > 0 else 0.0
    table.add_row(str(read), str(created), str(updated), str(unchanged), str(rejected), f"{rate:,.0f}")
    console.print(table)
