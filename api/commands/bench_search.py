"""``kooperacja bench search``: relevance of the service search on the judged set, and its latency.

Relevance (recall@10, nDCG@10, share of queries with a relevant service in the top 3) comes
from ``queries/directory/relevance.yaml``; latency is measured per search – parsing,
territorial scope, the relaxation check and one page of 10 with its matched keys – over
every judged query, without a territory and with one (``--territory``, default Lubicz).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import console, fail
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store

__all__ = ["app"]

app = typer.Typer()


@app.command("search")
def bench_search(
    ctx: typer.Context,
    territory: Annotated[str, typer.Option(help="Jednostka (TERYT) do pomiaru czasu z terytorium")] = "041504",
    repeat: Annotated[
        int, typer.Option(min=1, max=50, help="Ile razy powtórzyć każde zapytanie przy pomiarze czasu")
    ] = 3,
    judged: Annotated[
        Path | None, typer.Option(help="Plik ocenionych zapytań (domyślnie queries/directory/relevance.yaml)")
    ] = None,
    show: Annotated[int, typer.Option(help="Ile najsłabszych zapytań wypisać")] = 8,
) -> None:
    """Trafność wyszukiwarki usług (recall@10, nDCG@10, trafienie w pierwszej trójce) i jej czas (p50/p95)."""
    from rich.table import Table

    from queries.directory import relevance

    cfg: Settings = ctx.obj
    try:
        queries = relevance.load_judged(judged or relevance.PATH)
        with open_store(cfg) as store:
            outcomes, skipped = relevance.evaluate(store, queries)
            relevance.latencies(store, queries[:5], None, 1)  # warm-up: caches, query plans
            plain = relevance.latencies(store, queries, None, repeat)
            scoped = relevance.latencies(store, queries, territory, repeat)
            services = len(relevance.Truth.read(store).services)
    except KooperacjaError as exc:
        fail(exc)
    if not outcomes:
        fail("w bazie nie ma żadnej z oczekiwanych usług: uruchom `kooperacja demo` albo `kooperacja generate`")
    n = len(outcomes)
    table = Table(title=f"Wyszukiwarka usług ({store.backend}, {services} usług, {cfg.graph})")
    table.add_column("miara")
    table.add_column("wartość", justify="right")
    table.add_row("ocenione zapytania", f"{n} (bez oczekiwanych usług w bazie: {skipped})")
    table.add_row("recall@10", f"{sum(o.recall for o in outcomes) / n:.3f}")
    table.add_row("nDCG@10", f"{sum(o.ndcg for o in outcomes) / n:.3f}")
    table.add_row("trafna usługa w pierwszej trójce", f"{100 * sum(o.top3 for o in outcomes) / n:.1f} %")
    for label, times in (("bez terytorium", plain), (f"z terytorium {territory}", scoped)):
        p50, p95 = relevance.percentile(times, 50), relevance.percentile(times, 95)
        table.add_row(f"czas {label}: p50 / p95", f"{p50:.1f} / {p95:.1f} ms ({len(times)} wyszukiwań)")
    console.print(table)
    weakest = sorted(outcomes, key=lambda o: (o.recall, o.ndcg))[:show]
    for o in weakest:
        if o.recall >= 1.0:
            break
        where = f" [{o.query.territory}]" if o.query.territory else ""
        console.print(f"  recall {o.recall:.2f}  nDCG {o.ndcg:.2f}  „{o.query.text}”{where} (trafnych: {o.relevant})")
