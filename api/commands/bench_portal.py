"""``kooperacja bench portal``: page time against the GraphQL operations it runs, and browser timings."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import fail
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store

__all__ = ["app"]

app = typer.Typer()


@app.command("portal")
def bench_portal(
    ctx: typer.Context,
    text: Annotated[str, typer.Option(help="Tekst wyszukiwania")] = "terapia uzależnień",
    gmina: Annotated[str, typer.Option(help="Gmina (nazwa)")] = "Lubicz",
    km: Annotated[int, typer.Option(help="Odległość w km")] = 25,
    institution: Annotated[str, typer.Option(help="Identyfikator instytucji")] = "cis-torun",
    repeat: Annotated[int, typer.Option(min=5, max=1000, help="Pomiary czasu serwera na stronę")] = 50,
    browser_runs: Annotated[int, typer.Option(min=0, max=100, help="Wczytania w Chromium na stronę (0 = bez)")] = 10,
) -> None:
    """Czas stron portalu (p50/p95) obok operacji GraphQL, które wykonują, oraz DOMContentLoaded i LCP w Chromium."""
    from api.portal.bench import percentile, ratio, run

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg) as store:
            results = run(
                store,
                cfg,
                text=text,
                gmina=gmina,
                km=km,
                institution=institution,
                repeat=repeat,
                browser_runs=browser_runs,
            )
    except (KooperacjaError, RuntimeError) as exc:
        fail(exc)
    typer.echo(
        f"Portal – {store.backend} ({cfg.graph}); {repeat} pomiarów na stronę przez HTTP (pętla zwrotna), "
        f"{browser_runs} wczytań w Chromium"
    )
    for r in results:
        typer.echo(f"\n{r.case.name}: {r.case.url}")
        typer.echo(f"  operacje GraphQL: {' + '.join(name for name, _ in r.case.ops)}")
        typer.echo(
            f"  strona p50 / p95:           {percentile(r.page_ms, 50):7.1f} / {percentile(r.page_ms, 95):7.1f} ms"
        )
        typer.echo(
            f"  operacje GraphQL p50 / p95: {percentile(r.ops_ms, 50):7.1f} / {percentile(r.ops_ms, 95):7.1f} ms"
        )
        typer.echo(f"  strona ÷ operacje (p50):    {ratio(r):.2f}×  (cel ≤ 1,3×)")
        if r.dcl_ms:
            lcp = f"{percentile(r.lcp_ms, 50):.0f} ms" if r.lcp_ms else "–"
            typer.echo(f"  Chromium p50: DOMContentLoaded {percentile(r.dcl_ms, 50):.0f} ms, LCP {lcp}  (cel < 1 s)")
        typer.echo(f"  HTML: {r.html_bytes / 1024:.1f} KB")
