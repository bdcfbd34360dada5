"""``kooperacja bench peer``: Kooperacja against @neo4j/graphql on the same Neo4j and data (issue 17).

The peer (``api/commands/peer/server.mjs``: @neo4j/graphql on Apollo Server) is installed with npm
into ``~/.cache/kooperacja/peer`` (never the repository), pinned by :data:`PEER_PACKAGES`.  Both
servers run as their own processes on loopback over one Neo4j (``--graph bolt://…`` holding data,
e.g. ``kooperacja generate --scale powiat --territory 0415 --seed 1``); this process is the load
generator for both.  For every query shape the answers are first proven equal, then the servers are
driven in alternating rounds (the starting side alternates too) at each concurrency; printed:
requests/s, p50, p95, the median of the per-round ratios (Kooperacja ÷ peer requests/s) and the
load average.

Shapes covered so far: the paginated institution list with ``totalCount``, and institutions →
services (first 10 by name).  Not yet: partners (Kooperacja's partners join declared ties and shared
partnerships – the peer needs a ``@cypher`` field for that) and a territory's competent
institutions; APOC is not added (@neo4j/graphql 7 needs it for neither shape).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.config import Settings

__all__ = ["app", "PEER_PACKAGES", "SHAPES"]

console = Console(width=120)  # the table stays readable when piped to a file
app = typer.Typer()

PEER_PACKAGES = ("@neo4j/graphql@7.6.3", "@apollo/server@5.5.1", "graphql@16.15.0", "neo4j-driver@5.28.3")
PEER_SERVER = Path(__file__).with_name("peer") / "server.mjs"
_SERVE = (sys.executable, "-m", "api.cli", "serve")

#: name → (Kooperacja query, peer query, normaliser of each answer to comparable data)
SHAPES: dict[str, tuple[str, str, Callable[[dict], Any], Callable[[dict], Any]]] = {
    "lista + totalCount": (
        "{ institutions(first: 20) { totalCount edges { node { id name } } } }",
        "{ institutionsConnection(first: 20, sort: [{name: ASC}, {id: ASC}]) { totalCount edges { node { id name } } } }",
        lambda d: (
            d["institutions"]["totalCount"],
            [(e["node"]["id"], e["node"]["name"]) for e in d["institutions"]["edges"]],
        ),
        lambda d: (
            d["institutionsConnection"]["totalCount"],
            [(e["node"]["id"], e["node"]["name"]) for e in d["institutionsConnection"]["edges"]],
        ),
    ),
    "instytucje → usługi": (
        "{ institutions(first: 20) { edges { node { id name services(first: 10) { edges { node { id name } } } } } } }",
        (
            "{ institutions(limit: 20, sort: [{name: ASC}, {id: ASC}]) { id name "
            "servicesConnection(first: 10, sort: [{node: {name: ASC}}, {node: {id: ASC}}]) { edges { node { id name } } } } }"
        ),
        lambda d: [
            (e["node"]["id"], [s["node"]["id"] for s in e["node"]["services"]["edges"]])
            for e in d["institutions"]["edges"]
        ],
        lambda d: [(i["id"], [s["node"]["id"] for s in i["servicesConnection"]["edges"]]) for i in d["institutions"]],
    ),
}


def _cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kooperacja" / "peer"


def ensure_peer() -> Path:
    """The npm cache directory with the pinned peer packages (installed on first use)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise typer.BadParameter("brak Node.js/npm – zainstaluj pakiety nodejs i npm")
    folder = _cache()
    marker = folder / "installed.json"
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == list(PEER_PACKAGES):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text('{"name": "kooperacja-peer", "private": true, "type": "module"}\n')
    console.print(f"npm: instaluję {', '.join(PEER_PACKAGES)} do {folder} …")
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--save-exact", "--prefix", str(folder), *PEER_PACKAGES],
        check=True,
        capture_output=True,
    )
    marker.write_text(json.dumps(list(PEER_PACKAGES)), encoding="utf-8")
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(conn: http.client.HTTPConnection, body: bytes) -> dict:
    conn.request("POST", "/graphql", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = json.loads(response.read())
    if response.status != 200 or payload.get("errors"):
        raise RuntimeError(f"HTTP {response.status}: {str(payload.get('errors'))[:300]}")
    return dict(payload["data"])


def _once(port: int, body: bytes) -> dict:
    """One request on a new connection (a kept-alive one may have been closed by the server while idle)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        return _post(conn, body)
    finally:
        conn.close()


def _wait(port: int, proc: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} zakończył się ({proc.returncode}): {log.read_text(errors='replace')[-1500:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            _post(conn, b'{"query": "{ __typename }"}')
            return
        except (OSError, RuntimeError, ValueError):
            time.sleep(0.5)
    raise RuntimeError(f"{what} nie odpowiada po 180 s")


def _load(port: int, body: bytes, requests: int, concurrency: int) -> tuple[list[float], float]:
    """``requests`` POSTs from ``concurrency`` keep-alive clients: latencies (s) and wall time (s)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    left = [requests]

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if left[0] <= 0 or errors:
                    conn.close()
                    return
                left[0] -= 1
            started = time.perf_counter()
            try:
                _post(conn, body)
            except (OSError, RuntimeError, ValueError) as exc:  # a refused or failed request ends the round
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                return
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"port {port}: {errors[0]}")
    return latencies, time.perf_counter() - started


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


@app.command("peer")
def bench_peer(
    ctx: typer.Context,
    requests: Annotated[int, typer.Option(min=10, max=10_000, help="Żądań na rundę")] = 100,
    rounds: Annotated[int, typer.Option(min=1, max=20, help="Rund na kształt i współbieżność")] = 3,
    concurrency: Annotated[str, typer.Option(help="Liczby klientów, po przecinku")] = "1,8",
    workers: Annotated[int, typer.Option(min=1, max=16, help="Procesy robocze Kooperacji (serve --workers)")] = 1,
) -> None:
    """Kooperacja i @neo4j/graphql na tym samym Neo4j: te same odpowiedzi, potem naprzemienne rundy obciążenia."""
    cfg: Settings = ctx.obj
    if not cfg.is_neo4j:
        console.print("[red]Błąd:[/red] podaj Neo4j z danymi: kooperacja --graph bolt://… bench peer")
        raise typer.Exit(2)
    levels = [int(c) for c in concurrency.split(",") if c.strip()]
    folder = ensure_peer()
    work = Path(tempfile.mkdtemp(prefix="kooperacja-peer-"))
    k_port, p_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "KOOPERACJA_GRAPH": cfg.graph,
        "KOOPERACJA_NEO4J_USER": cfg.neo4j_user,
        "KOOPERACJA_NEO4J_PASSWORD": cfg.neo4j_password or "",
        "KOOPERACJA_ENV": "test",
        "KOOPERACJA_STATE_DIR": str(work / "state"),
        "KOOPERACJA_JWT_SECRET": secrets.token_urlsafe(48),
        "PEER_NEO4J_URI": cfg.graph,
        "PEER_NEO4J_PASSWORD": cfg.neo4j_password or "",
        "PEER_PORT": str(p_port),
        "NODE_PATH": str(folder / "node_modules"),
    }
    procs: list[subprocess.Popen] = []
    try:
        for cmd, log, what, port in (
            (
                [*_SERVE, "--port", str(k_port), "--log-level", "warning", "--workers", str(workers)],
                work / "kooperacja.log",
                "Kooperacja",
                k_port,
            ),
            (["node", str(folder / "server.mjs")], work / "peer.log", "peer", p_port),
        ):
            if what == "peer":  # ESM resolves packages beside the script, not through NODE_PATH
                shutil.copyfile(PEER_SERVER, folder / "server.mjs")
            with log.open("wb") as out:
                procs.append(subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT))
            _wait(port, procs[-1], log, what)
        console.print(f"Kooperacja: {workers} proces(y) roboczy(e); peer: jeden proces Node.js.", markup=False)
        _compare_and_drive(k_port, p_port, requests, rounds, levels)
    except RuntimeError as exc:  # a server that died or refused: the figures would be meaningless
        console.print(f"Błąd pomiaru: {exc}", style="red", markup=False)
        raise typer.Exit(1) from None
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


def _compare_and_drive(k_port: int, p_port: int, requests: int, rounds: int, levels: list[int]) -> None:
    table = Table(title=f"Kooperacja ÷ @neo4j/graphql 7.6.3 (ten sam Neo4j): {requests} żądań × {rounds} rund")
    for col in (
        "kształt",
        "klientów",
        "K żądań/s",
        "peer żądań/s",
        "K p50/p95 ms",
        "peer p50/p95 ms",
        "mediana K÷peer",
    ):
        table.add_column(col, justify="left" if col == "kształt" else "right")
    load_before = os.getloadavg()
    for name, (k_query, p_query, k_norm, p_norm) in SHAPES.items():
        k_body = json.dumps({"query": k_query}).encode()
        p_body = json.dumps({"query": p_query}).encode()
        ours, theirs = k_norm(_once(k_port, k_body)), p_norm(_once(p_port, p_body))
        if ours != theirs:
            console.print(f"Różne odpowiedzi dla „{name}”:", style="red")
            console.print(f"Kooperacja: {str(ours)[:600]}\npeer: {str(theirs)[:600]}", markup=False)
            raise typer.Exit(1)
        console.print(f"„{name}”: odpowiedzi równe ({len(str(ours))} znaków po normalizacji).")
        _load(k_port, k_body, 10, 1)  # warm-up: plans, pools, caches on both sides
        _load(p_port, p_body, 10, 1)
        for level in levels:
            k_all: list[float] = []
            p_all: list[float] = []
            ratios, k_rps, p_rps = [], [], []
            for r in range(rounds):
                order = [("k", k_port, k_body), ("p", p_port, p_body)]
                figures = {}
                for side, port, body in order if r % 2 == 0 else order[::-1]:
                    figures[side] = _load(port, body, requests, level)
                (k_lat, k_wall), (p_lat, p_wall) = figures["k"], figures["p"]
                k_all += k_lat
                p_all += p_lat
                k_rps.append(len(k_lat) / k_wall)
                p_rps.append(len(p_lat) / p_wall)
                ratios.append(k_rps[-1] / p_rps[-1])
            table.add_row(
                name,
                str(level),
                f"{statistics.median(k_rps):.0f}",
                f"{statistics.median(p_rps):.0f}",
                f"{_pct(k_all, 0.5):.0f} / {_pct(k_all, 0.95):.0f}",
                f"{_pct(p_all, 0.5):.0f} / {_pct(p_all, 0.95):.0f}",
                f"{statistics.median(ratios):.2f}×",
            )
    console.print(table)
    after = os.getloadavg()
    console.print(
        f"Obciążenie maszyny (load average 1/5/15 min): przed {load_before[0]:.1f}/{load_before[1]:.1f}/"
        f"{load_before[2]:.1f}, po {after[0]:.1f}/{after[1]:.1f}/{after[2]:.1f}; rdzeni: {os.cpu_count()}."
    )
