"""``kooperacja serve`` (the API under uvicorn) and ``kooperacja schema`` (the GraphQL SDL)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from graph.config import Settings
from graph.errors import KooperacjaError

__all__ = ["app"]

app = typer.Typer()


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Adres nasłuchu")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    log_level: Annotated[str, typer.Option(help="Poziom logów (debug, info, warning)")] = "info",
    workers: Annotated[
        int, typer.Option(min=1, help="Liczba procesów roboczych (powyżej 1 tylko z Neo4j; stan wspólny – README)")
    ] = 1,
) -> None:
    """Uruchom API (GraphQL /graphql, HSDS /hsds, /health, /ready) pod uvicornem."""
    import uvicorn

    from api.app import create_app
    from api.commands.serve_workers import hand_over, workers_problem
    from api.observability import configure_logging

    cfg: Settings = ctx.obj
    problem = workers_problem(cfg, workers)
    if problem:
        typer.echo(f"Błąd konfiguracji: {problem}", err=True)
        raise typer.Exit(2)
    configure_logging(getattr(logging, log_level.upper(), logging.INFO))
    try:
        app = create_app(cfg)
    except KooperacjaError as exc:  # a weak secret, a bad variable: one Polish line, no traceback
        typer.echo(f"Błąd konfiguracji: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"Kooperacja API: http://{host}:{port}  (magazyn: {cfg.graph.split('@')[-1]}, środowisko: {cfg.env})", err=True
    )
    _portal_banner(app, host, port)
    if workers > 1:  # the app above checked the configuration and created the state; each worker builds its own
        hand_over(cfg, log_level)
        target = "api.commands.serve_workers:worker_app"
        uvicorn.run(target, factory=True, workers=workers, host=host, port=port, log_config=None, access_log=False)
        return
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, lifespan="on")


def _portal_banner(app: object, host: str, port: int) -> None:
    """The portal's address and, in development, the demo logins made by ``kooperacja demo``."""
    from api.portal.demo_accounts import describe, saved_demo_accounts

    typer.echo(f"Portal: http://{host}:{port}/   (wyszukiwarka pomocy; Ctrl+C kończy)", err=True)
    accounts = saved_demo_accounts(app.state.auth.settings)  # type: ignore[attr-defined]
    if accounts:
        typer.echo("Konta demonstracyjne (logowanie: /logowanie):", err=True)
        for line in describe(accounts):
            typer.echo(line, err=True)


@app.command()
def schema() -> None:
    """Wypisz schemat GraphQL (SDL), np. ``kooperacja schema > api/schema.graphql``."""
    from api.graphql.schema import sdl

    typer.echo(sdl(), nl=False)
