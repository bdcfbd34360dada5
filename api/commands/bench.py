"""``kooperacja bench …``: speed and memory figures (never timed tests), one module per benchmark."""

from __future__ import annotations

import typer

from api.commands import (
    bench_api,
    bench_dos,
    bench_gaps,
    bench_import,
    bench_load,
    bench_login,
    bench_parse,
    bench_peer,
    bench_portal,
    bench_registers,
    bench_search,
    bench_timing,
)

__all__ = ["bench"]

bench = typer.Typer(help="Pomiary wydajności: wypisują liczby i proporcje.", no_args_is_help=True)
bench.add_typer(bench_gaps.app)
bench.add_typer(bench_api.app)
bench.add_typer(bench_import.app)
bench.add_typer(bench_load.app)
bench.add_typer(bench_dos.app)
bench.add_typer(bench_login.app)
bench.add_typer(bench_timing.app)
bench.add_typer(bench_parse.app)
bench.add_typer(bench_registers.app)
bench.add_typer(bench_search.app)
bench.add_typer(bench_portal.app)
bench.add_typer(bench_peer.app)
