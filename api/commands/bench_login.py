"""``kooperacja bench login``: an anonymous directory query's p50 with and without wrong logins.

The review (issue 16) sent 48 wrong passwords at 2 per second and saw the
directory median go from 59 to 1,080 ms.  This bench runs the API under
uvicorn on loopback, measures the directory query alone, then again while
``--attempts`` wrong logins arrive at ``--rate`` per second (one username,
one address, as the review did), and prints both medians, their change, and
how the logins were answered (401 wrong password / 429 throttled).
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import Counter
from typing import Annotated

import typer
from rich.console import Console

from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store

__all__ = ["app"]

app = typer.Typer()
console = Console()

DIRECTORY = "{ institutions(first: 10) { totalCount edges { node { id name services(first: 5) { edges { node { name } } } } } } }"


def _directory_latencies(base: str, stop: threading.Event | None, n: int) -> list[float]:
    import httpx

    out: list[float] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        while (stop is None and len(out) < n) or (stop is not None and not stop.is_set()):
            started = time.perf_counter()
            response = client.post("/graphql", json={"query": DIRECTORY})
            if response.status_code != 200 or response.json().get("errors"):
                raise KooperacjaError(f"zapytanie katalogu nie powiodło się: {response.status_code}")
            out.append(time.perf_counter() - started)
    return out


def _wrong_logins(base: str, attempts: int, rate: float) -> Counter[int]:
    import httpx

    statuses: Counter[int] = Counter()
    with httpx.Client(base_url=base, timeout=60) as client:
        for n in range(attempts):
            due = time.perf_counter() + 1 / rate
            response = client.post("/auth/token", data={"username": "bench-ofiara", "password": f"zle-haslo-{n:05d}"})
            statuses[response.status_code] += 1
            time.sleep(max(0.0, due - time.perf_counter()))
    return statuses


@app.command("login")
def bench_login(
    ctx: typer.Context,
    attempts: Annotated[int, typer.Option(min=1, max=10_000, help="Liczba błędnych logowań")] = 50,
    rate: Annotated[float, typer.Option(min=0.1, max=100.0, help="Logowań na sekundę")] = 2.0,
    baseline: Annotated[int, typer.Option(min=10, max=10_000, help="Zapytań katalogu w pomiarze bazowym")] = 60,
) -> None:
    """Mediana zapytania katalogu bez i w trakcie serii błędnych logowań (dławienie logowań)."""
    from api.commands.bench_api import _serve

    cfg: Settings = ctx.obj
    logging.getLogger("kooperacja.auth").setLevel(logging.ERROR)  # 50 "login failed" lines are the point, not output
    try:
        with open_store(cfg) as store:
            server, thread, port = _serve(store, cfg)
            try:
                base = f"http://127.0.0.1:{port}"
                _directory_latencies(base, None, 10)  # warm-up
                quiet = _directory_latencies(base, None, baseline)
                stop = threading.Event()
                during: list[float] = []
                reader = threading.Thread(target=lambda: during.extend(_directory_latencies(base, stop, 0)))
                reader.start()
                try:
                    statuses = _wrong_logins(base, attempts, rate)
                finally:
                    stop.set()
                    reader.join()
            finally:
                server.should_exit = True
                thread.join(10)
    except KooperacjaError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    p50_quiet, p50_during = statistics.median(quiet) * 1000, statistics.median(during) * 1000
    change = (p50_during / p50_quiet - 1) * 100
    console.print(f"Zapytanie katalogu, mediana bez logowań: {p50_quiet:.1f} ms (n={len(quiet)})")
    console.print(
        f"W trakcie {attempts} błędnych logowań ({rate:g}/s): {p50_during:.1f} ms (n={len(during)}), "
        f"zmiana {change:+.1f} %"
    )
    answers = ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
    console.print(f"Odpowiedzi na logowania: {answers}")
