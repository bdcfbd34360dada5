"""``kooperacja bench api``: end-to-end GraphQL latency over loopback next to the store.

The API runs under uvicorn in a thread of this process on 127.0.0.1 (LadybugDB
allows one process per database, so the server shares this process's store),
and a bounded number of requests is sent by a few client threads.  For each
scenario the table shows end-to-end p50/p95 and requests/s, the p50 of the
same named query run directly on the store, their ratio, and the store calls
one request makes.
"""

from __future__ import annotations

import dataclasses
import socket
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store
from graph.store.protocol import Store

console = Console()

SEARCH = """query($t: String!, $km: Float) {
  searchServices(text: "pomoc", textMatch: ANY, territory: $t, withinKm: $km, first: 20) {
    totalCount edges { node { score service { id name institution { id name } }
                              explanation { summary } } } } }"""

NESTED = """{ institutions(first: 20) { edges { node {
  id name typeLabel
  services(first: 10) { edges { node { id name categories { id } } } }
  partners(first: 10) { edges { node { ties { kind } institution { id name } } } }
} } } }"""


#: joined into ``kooperacja bench`` by :mod:`api.commands.bench`
app = typer.Typer()


@dataclasses.dataclass
class Result:
    name: str
    latencies: list[float]
    wall: float
    direct: list[float]
    calls: float

    def pct(self, values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _timed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _load(url: str, payload: dict[str, Any], requests: int, concurrency: int) -> tuple[list[float], float]:
    import httpx

    local = threading.local()

    def one(_: int) -> float:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=60)
        t0 = time.perf_counter()
        response = client.post(url, json=payload)
        elapsed = time.perf_counter() - t0
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"błąd odpowiedzi: {response.status_code} {body.get('errors')}")
        return elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(one, range(requests)))
    return latencies, time.perf_counter() - started


def _serve(store: Store, cfg: Settings) -> tuple[Any, threading.Thread, int]:
    import uvicorn

    from api.app import create_app
    from api.security import SecurityConfig

    # "test": no JWT secret needed, introspection still off; loopback only
    app = create_app(dataclasses.replace(cfg, env="test"), store=store, security=SecurityConfig())
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise KooperacjaError("serwer API nie wystartował")
        time.sleep(0.05)
    return server, thread, port


@app.command("api")
def bench_api(
    ctx: typer.Context,
    requests: Annotated[int, typer.Option(min=10, max=10_000, help="Liczba żądań na scenariusz")] = 200,
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="Równoległych klientów")] = 4,
    within_km: Annotated[float, typer.Option(help="Promień wyszukiwania (km)")] = 10.0,
) -> None:
    """Opóźnienie GraphQL (p50/p95, żądania/s) przez loopback obok tego samego zapytania w bazie."""
    cfg: Settings = ctx.obj
    try:
        with open_store(cfg) as store:
            results = _run(store, cfg, requests, concurrency, within_km)
    except KooperacjaError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    _print(results, store.backend, requests, concurrency)


def _run(store: Store, cfg: Settings, requests: int, concurrency: int, within_km: float) -> list[Result]:
    sample = store.query("directory_bench_sample", {})
    if not sample:
        raise KooperacjaError("graf nie zawiera gmin z instytucjami – załaduj dane (kooperacja demo / generate)")
    teryt = sample[0]["teryt"]
    console.print(
        f"Gmina testowa: {sample[0]['name']} ({teryt}), {sample[0]['institutions']} instytucji z siedzibą; "
        f"promień {within_km:g} km; {requests} żądań × {concurrency} klientów."
    )
    from queries.directory import search

    scope = search.resolve_scope(store, teryt, within_km)
    service_query = search.ServiceSearch(text=search.ServiceText.parse("pomoc", match_all=False))
    inst_query = search.InstitutionSearch()

    def direct_search() -> None:
        search.search_services(store, service_query, 0, 21, search.resolve_scope(store, teryt, within_km))

    def direct_nested() -> None:
        search.search_institutions(store, inst_query, 0, 21, None)

    scenarios: list[tuple[str, dict[str, Any], Callable[[], None], str]] = [
        (
            "wyszukiwanie usług w gminie (searchServices)",
            {"query": SEARCH, "variables": {"t": teryt, "km": within_km}},
            direct_search,
            "directory_territory_scope + serving + box + directory_search_services_in",
        ),
        ("instytucje → usługi → partnerzy (20 instytucji)", {"query": NESTED}, direct_nested, "directory_institutions"),
    ]
    del scope
    server, thread, port = _serve(store, cfg)
    url = f"http://127.0.0.1:{port}/graphql"
    out = []
    try:
        for name, payload, direct, _ in scenarios:
            direct_times = _timed(direct, min(requests, 200))
            _load(url, payload, 10, 1)  # warm-up: caches, connections, lemmatiser
            before = store.calls
            _load(url, payload, 1, 1)
            calls = store.calls - before
            latencies, wall = _load(url, payload, requests, concurrency)
            out.append(Result(name, latencies, wall, direct_times, calls))
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    return out


def _print(results: list[Result], backend: str, requests: int, concurrency: int) -> None:
    table = Table(title=f"API przez loopback ({backend}): {requests} żądań, {concurrency} klientów")
    for col in ("scenariusz", "p50 ms", "p95 ms", "żądań/s", "baza p50 ms", "API/baza (p50)", "wywołań bazy"):
        table.add_column(col, justify="left" if col == "scenariusz" else "right")
    for r in results:
        p50, p95 = r.pct(r.latencies, 0.5), r.pct(r.latencies, 0.95)
        direct = statistics.median(r.direct) * 1000
        table.add_row(
            r.name,
            f"{p50:.1f}",
            f"{p95:.1f}",
            f"{len(r.latencies) / r.wall:.0f}",
            f"{direct:.2f}",
            f"{p50 / direct:.1f}×" if direct > 0 else "–",
            f"{r.calls:.0f}",
        )
    console.print(table)
    console.print(
        "Baza: te same nazwane zapytania wywołane bezpośrednio (wyszukiwanie: zakres terytorialny i strona wyników; "
        "lista zagnieżdżona: strona instytucji). Opóźnienie API obejmuje HTTP, GraphQL, DataLoadery i serializację."
    )
