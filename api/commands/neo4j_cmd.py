"""``kooperacja neo4j start|stop|status``: a local Neo4j Community from Maven Central."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
DEFAULT_DIR = Path("./kooperacja-neo4j")

app = typer.Typer(help="Lokalny serwer Neo4j Community (pobierany z Maven Central).", no_args_is_help=True)


@app.command()
def start(
    data_dir: Annotated[Path, typer.Option(help="Katalog danych serwera")] = DEFAULT_DIR,
    port: Annotated[int, typer.Option(help="Port Bolt na 127.0.0.1")] = 7687,
    password: Annotated[
        str | None, typer.Option(help="Hasło użytkownika neo4j (domyślnie KOOPERACJA_NEO4J_PASSWORD)")
    ] = None,
    heap: Annotated[str, typer.Option(help="Pamięć JVM (np. 512m, 4g); graf całej Polski: co najmniej 4g")] = "512m",
    pagecache_mb: Annotated[int, typer.Option(min=64, help="Page cache [MB]; graf całej Polski: ok. 8192")] = 256,
) -> None:
    """Uruchom Neo4j w tle (Bolt na 127.0.0.1, uwierzytelnianie włączone)."""
    from graph.neo4j_server import Neo4jServer, Neo4jServerError

    if not re.fullmatch(r"\d+[kmgKMG]?", heap):
        raise typer.BadParameter(
            "podaj rozmiar pamięci jako liczbę z jednostką k, m albo g, np. 4g", param_hint="--heap"
        )
    pw = password or os.environ.get("KOOPERACJA_NEO4J_PASSWORD")
    if not pw:
        console.print("[red]Podaj hasło: --password albo KOOPERACJA_NEO4J_PASSWORD.[/red]")
        raise typer.Exit(2)
    try:
        server = Neo4jServer.start(
            data_dir=data_dir, port=port, password=pw, detached=True, heap=heap, pagecache_mb=pagecache_mb
        )
    except Neo4jServerError as exc:
        console.print(f"[red]Nie udało się uruchomić Neo4j:[/red] {exc}")
        raise typer.Exit(1) from None
    console.print(f"Neo4j działa: {server.uri} (pid {server.pid}).")
    console.print(f"Użyj: KOOPERACJA_GRAPH={server.uri} KOOPERACJA_NEO4J_PASSWORD=… kooperacja demo")


@app.command()
def stop(data_dir: Annotated[Path, typer.Option(help="Katalog danych serwera")] = DEFAULT_DIR) -> None:
    """Zatrzymaj serwer uruchomiony przez `kooperacja neo4j start`."""
    from graph.neo4j_server import stop_from_state

    stop_from_state(data_dir)
    console.print("Neo4j zatrzymany.")


@app.command()
def status(data_dir: Annotated[Path, typer.Option(help="Katalog danych serwera")] = DEFAULT_DIR) -> None:
    """Stan serwera."""
    from graph.neo4j_server import status as server_status

    console.print(server_status(data_dir))
