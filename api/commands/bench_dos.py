"""``kooperacja bench dos``: how fast a fragment bomb is refused, and ``/health`` meanwhile.

A fragment bomb is a document of k fragments, each spreading the previous one
twice: under 1 KB, 2^k fields once expanded (issue 16).  The bench runs the
API under uvicorn on loopback, sends bombs from several clients at once and
polls ``/health`` all the while; it prints the refusal latency (p50/p95/max)
and the ``/health`` latency during the attack beside a quiet baseline.
"""

from __future__ import annotations

import statistics
import threading
import time
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store

__all__ = ["app", "fragment_bomb", "refusal_code"]

app = typer.Typer()
console = Console()


def fragment_bomb(k: int, *, aliased: bool = True, name: str = "F") -> str:
    """A document of ``k`` fragments, each spreading the previous one twice (2^k fields expanded).

    ``name`` prefixes the fragment names: a different one makes a different document.
    """
    leaf = "a0: categories { totalCount }" if aliased else "categories { totalCount }"
    fragments = [f"fragment {name}0 on Query {{ {leaf} }}"]
    fragments += [f"fragment {name}{i} on Query {{ ...{name}{i - 1} ...{name}{i - 1} }}" for i in range(1, k + 1)]
    return f"query Bomb {{ ...{name}{k} }}\n" + "\n".join(fragments)


def refusal_code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or []
    return errors[0].get("extensions", {}).get("code") if errors else None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_attack(base_url: str, k: int, attackers: int, rounds: int) -> dict[str, list[float]]:
    """Bombs from ``attackers`` threads (``rounds`` each) while one thread polls ``/health``."""
    import httpx

    bomb = fragment_bomb(k)
    refusals: list[float] = []
    fresh: list[float] = []
    health: list[float] = []
    codes: set[str | None] = set()
    done = threading.Event()

    def attack() -> None:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            for n in range(rounds):
                # a new comment each time (one cached document) ...
                started = time.perf_counter()
                response = client.post("/graphql", json={"query": f"# {n} {threading.get_ident()}\n{bomb}"})
                refusals.append(time.perf_counter() - started)
                codes.add(refusal_code(response.json()))
                # ... and a new document each time (parsed and validated afresh)
                started = time.perf_counter()
                response = client.post(
                    "/graphql", json={"query": fragment_bomb(k, name=f"F{n}x{threading.get_ident()}x")}
                )
                fresh.append(time.perf_counter() - started)
                codes.add(refusal_code(response.json()))

    def poll() -> None:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            while not done.is_set():
                started = time.perf_counter()
                response = client.get("/health")
                if response.status_code == 200:
                    health.append(time.perf_counter() - started)
                time.sleep(0.01)

    poller = threading.Thread(target=poll)
    poller.start()
    threads = [threading.Thread(target=attack) for _ in range(attackers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    poller.join()
    if not codes <= {"TOO_MANY_ALIASES", "QUERY_TOO_COMPLEX"}:  # the alias limit, or the validation budget
        raise KooperacjaError(f"bomba nie została odrzucona tak, jak powinna: {sorted(map(str, codes))}")
    return {"refusal": refusals, "fresh": fresh, "health": health}


def _quiet_health(base_url: str, n: int = 50) -> list[float]:
    import httpx

    out = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for _ in range(n):
            started = time.perf_counter()
            client.get("/health")
            out.append(time.perf_counter() - started)
    return out


@app.command("dos")
def bench_dos(
    ctx: typer.Context,
    k: Annotated[int, typer.Option(min=1, max=60, help="Liczba fragmentów bomby (2^k pól po rozwinięciu)")] = 30,
    attackers: Annotated[int, typer.Option(min=1, max=16, help="Równoległych napastników")] = 4,
    rounds: Annotated[int, typer.Option(min=1, max=1000, help="Bomb na napastnika")] = 25,
) -> None:
    """Bomba fragmentów: czas odrzucenia i czas odpowiedzi /health w trakcie ataku."""
    from api.commands.bench_api import _serve

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg) as store:
            server, thread, port = _serve(store, cfg)
            try:
                base = f"http://127.0.0.1:{port}"
                quiet = _quiet_health(base)
                figures = run_attack(base, k, attackers, rounds)
            finally:
                server.should_exit = True
                thread.join(10)
    except KooperacjaError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    table = Table(title=f"Bomba fragmentów k={k}: {attackers} napastników × {rounds} żądań")
    for col in ("pomiar", "n", "p50 ms", "p95 ms", "max ms"):
        table.add_column(col, justify="right" if col != "pomiar" else "left")
    for label, values in (
        ("odrzucenie bomby (inny komentarz)", figures["refusal"]),
        ("odrzucenie bomby (nowy dokument)", figures["fresh"]),
        ("/health w trakcie ataku", figures["health"]),
        ("/health bez ataku", quiet),
    ):
        table.add_row(
            label,
            str(len(values)),
            f"{statistics.median(values) * 1000:.1f}",
            f"{_percentile(values, 0.95) * 1000:.1f}",
            f"{max(values) * 1000:.1f}",
        )
    console.print(table)
