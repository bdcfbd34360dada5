"""``kooperacja bench …``: speed and memory figures (never timed tests).

Each benchmark lives in its own module listed in ``BENCH_MODULES`` and adds a
sub-command to :data:`bench` at import time.
"""

from __future__ import annotations

import importlib

import typer

bench = typer.Typer(help="Pomiary wydajności: wypisują liczby i proporcje.", no_args_is_help=True)

#: modules that add ``@bench.command(...)`` sub-commands
BENCH_MODULES: list[str] = ["api.commands.bench_gaps", "api.commands.bench_api", "api.commands.bench_import", "api.commands.bench_load"]


def register(app: typer.Typer) -> None:
    for name in BENCH_MODULES:
        importlib.import_module(name)
    app.add_typer(bench, name="bench")
