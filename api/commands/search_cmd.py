"""``kooperacja search …``: the search index (SearchKey –INDEXES→ Service)."""

from __future__ import annotations

import time

import typer

from api.commands.common import console, fail
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store

__all__ = ["search"]

search = typer.Typer(help="Indeks wyszukiwarki usług.", no_args_is_help=True)


@search.command("reindex")
def reindex(ctx: typer.Context) -> None:
    """Przebuduj indeks wyszukiwarki wszystkich usług (po zmianie tezaurusa); zapisuje tylko różnice."""
    from graph.search.index import rebuild

    cfg: Settings = ctx.obj
    started = time.perf_counter()
    try:
        with open_store(cfg, batch=True) as store:
            written = rebuild(store)
    except KooperacjaError as exc:
        fail(exc)
    console.print(f"Indeks wyszukiwarki: zmienione powiązania: {written}; {time.perf_counter() - started:.1f} s.")
