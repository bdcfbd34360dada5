"""``kooperacja bench load``: a bounded loopback load test (locust, headless) of the whole API.

Starts the API on 127.0.0.1 over a fresh embedded store holding the demo
network (or over the configured graph with ``--configured-graph``), with its
own state directory, JWT secret and accounts; runs ``tests/load/locustfile.py``
for a fixed time; stops everything it started and prints p95, requests/s and
the error ratio.  Exit code 1 when errors reach 1 % or more.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from graph.config import Settings

__all__ = ["load", "LOCUSTFILE", "MAX_ERROR_RATIO"]

console = Console()
LOCUSTFILE = Path(__file__).resolve().parents[2] / "tests" / "load" / "locustfile.py"
MAX_ERROR_RATIO = 0.01
#: Caseworkers of OPS/CUS (they may refer to a CIS), a coordinator of the voivodeship.
CASEWORKER_INSTITUTIONS = ["mopr-torun", "gops-obrowo", "cus-lubicz", "gops-chelmza", "mops-chelmza"]


#: joined into ``kooperacja bench`` by :mod:`api.commands.bench`
app = typer.Typer()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _accounts(state: Path) -> Path:
    from api.auth.users import UserStore
    from api.security import Role

    users = UserStore(state / "users.sqlite3")
    out: dict[str, list[dict[str, str]]] = {"caseworker": [], "coordinator": [], "public": []}
    for k, inst in enumerate(CASEWORKER_INSTITUTIONS):
        password = secrets.token_urlsafe(18)
        users.add(f"load-cw-{k}", password, Role.CASEWORKER, institution_id=inst)
        out["caseworker"].append({"username": f"load-cw-{k}", "password": password, "institution": inst})
    password = secrets.token_urlsafe(18)
    users.add("load-coord", password, Role.COORDINATOR, territories=["04"])
    out["coordinator"].append({"username": "load-coord", "password": password})
    users.close()
    path = state / "load-users.json"
    path.write_text(json.dumps(out), encoding="utf-8")
    path.chmod(0o600)
    return path


def _demo_store(folder: Path) -> str:
    from graph.store.ladybug_store import LadybugStore
    from graph.writer import write_batch
    from importers.demo import demo_batch, reference_batch

    path = folder / "graph"
    store = LadybugStore(path)
    try:
        store.init_schema()
        write_batch(store, reference_batch())
        write_batch(store, demo_batch())
    finally:
        store.close()
    return str(path)


def _wait_ready(url: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("serwer API zakończył działanie przy starcie")
        try:
            with urllib.request.urlopen(url + "/ready", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("serwer API nie wystartował w czasie")


def _summary(prefix: Path) -> dict[str, Any]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    failures = int(total["Failure Count"])
    return {
        "requests": requests,
        "failures": failures,
        "error_ratio": failures / requests if requests else 1.0,
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "rps": float(total["Requests/s"]),
        "per_name": {r["Name"]: (int(r["Request Count"]), float(r["95%"])) for r in rows if r["Name"] != "Aggregated"},
        # what failed and why (locust's own summary), so a failed run can be diagnosed from its result
        "failure_reasons": _failure_reasons(prefix),
    }


def _failure_reasons(prefix: Path) -> list[str]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [f"{r['Method']} {r['Name']}: {r['Error'][:200]} ×{r['Occurrences']}" for r in csv.DictReader(fh)]


def run_load(
    cfg: Settings,
    *,
    users: int,
    spawn_rate: float,
    run_time: str,
    configured_graph: bool = False,
    port: int | None = None,
    keep: Path | None = None,
) -> dict[str, Any]:
    """Start the API on loopback, run locust headless, stop both; the aggregated figures."""
    if not LOCUSTFILE.exists():
        raise RuntimeError(f"brak scenariusza obciążenia {LOCUSTFILE} (uruchom z katalogu repozytorium)")
    work = Path(tempfile.mkdtemp(prefix="kooperacja-load-"))
    state = work / "state"
    state.mkdir()
    server: subprocess.Popen[bytes] | None = None
    try:
        graph = cfg.graph if configured_graph else _demo_store(work)
        accounts = _accounts(state)
        port = port or _free_port()
        env = {
            **os.environ,
            "KOOPERACJA_ENV": "production",
            "KOOPERACJA_STATE_DIR": str(state),
            "KOOPERACJA_JWT_SECRET": secrets.token_urlsafe(48),
            "KOOPERACJA_GRAPH": graph,
        }
        env.pop("KOOPERACJA_ADMIN_TOKEN", None)
        if cfg.neo4j_password:
            env["KOOPERACJA_NEO4J_PASSWORD"] = cfg.neo4j_password
        log = open(work / "server.log", "wb")  # noqa: SIM115 - closed in finally via the process
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        host = f"http://127.0.0.1:{port}"
        _wait_ready(host, server)
        prefix = work / "locust"
        locust = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(spawn_rate),
                "-t",
                run_time,
                "-s",
                "10",
                "-H",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "KOOPERACJA_LOAD_USERS": str(accounts)},
            capture_output=True,
            text=True,
            timeout=_seconds(run_time) + 120,
        )
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError("locust nie zapisał statystyk:\n" + locust.stderr[-2000:])
        result = _summary(prefix)
        result["locust_exit"] = locust.returncode
        return result
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if keep is not None:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def _seconds(run_time: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    if run_time[-1] in units:
        return int(float(run_time[:-1]) * units[run_time[-1]])
    return int(run_time)


@app.command("load")
def load(
    ctx: typer.Context,
    users: Annotated[int, typer.Option(help="Liczba równoczesnych użytkowników")] = 50,
    spawn_rate: Annotated[float, typer.Option(help="Użytkowników uruchamianych na sekundę")] = 10,
    run_time: Annotated[str, typer.Option(help="Czas trwania, np. 60s albo 2m")] = "60s",
    configured_graph: Annotated[
        bool, typer.Option("--configured-graph", help="Użyj skonfigurowanego grafu (musi zawierać sieć demo)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    keep: Annotated[Path | None, typer.Option(help="Zachowaj logi i CSV locusta w tym katalogu")] = None,
    port: Annotated[int | None, typer.Option(min=1024, max=65535, help="Port API (domyślnie wolny port)")] = None,
) -> None:
    """Test obciążeniowy na 127.0.0.1: p95, żądania na sekundę i odsetek błędów (< 1%)."""
    if not 1 <= users <= 200:
        raise typer.BadParameter("od 1 do 200 użytkowników")
    if _seconds(run_time) > 600:
        raise typer.BadParameter("najwyżej 10 minut")
    cfg: Settings = ctx.obj
    try:
        result = run_load(
            cfg,
            users=users,
            spawn_rate=spawn_rate,
            run_time=run_time,
            configured_graph=configured_graph,
            keep=keep,
            port=port,
        )
    except RuntimeError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    ok = result["error_ratio"] < MAX_ERROR_RATIO
    if as_json:
        typer.echo(json.dumps({**result, "ok": ok}, ensure_ascii=False, indent=2))
    else:
        console.print(f"Użytkownicy: {users}, czas: {run_time}, żądań: {result['requests']}")
        console.print(
            f"p50: {result['p50_ms']:.0f} ms, p95: {result['p95_ms']:.0f} ms, "
            f"żądań/s: {result['rps']:.1f}, błędy: {result['error_ratio']:.2%}"
        )
        for name, (count, p95) in sorted(result["per_name"].items()):
            console.print(f"  {name}: {count} żądań, p95 {p95:.0f} ms")
        console.print("[green]OK[/green]" if ok else "[red]Za dużo błędów (≥ 1%)[/red]")
    if not ok:
        raise typer.Exit(1)
