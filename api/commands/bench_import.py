"""``kooperacja bench import``: rows/s of the shared write path on the synthetic network.

For each store: a first load of the synthetic network (scale ``poland`` or
``voivodeship``) into an empty database, then an unchanged re-load of the same
network (same seed: every row is read, compared and left alone).  Rows/s count
the rows handed to :func:`graph.writer.write_batch` divided by the time spent
inside it; generating the rows in Python is timed separately.

Embedded (LadybugDB) always runs, in a temporary directory.  Neo4j runs when
``--graph bolt://…`` names an empty database (or ``--wipe`` allows clearing it),
or with ``--neo4j``, which starts a local server (graph.neo4j_server) for the run.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.config import Settings
from graph.store.protocol import Store

if TYPE_CHECKING:
    from graph.writer import Batch, WriteReport

console = Console(width=150)


#: joined into ``kooperacja bench`` by :mod:`api.commands.bench`
app = typer.Typer()


@dataclass
class Phase:
    backend: str
    name: str
    rows: int = 0
    write_s: float = 0.0
    generate_s: float = 0.0
    territory_s: float = 0.0
    chunks: int = 0
    report: WriteReport | None = None
    #: peak resident memory of this process so far (LadybugDB runs inside it; Neo4j does not)
    peak_rss_mb: float = 0.0
    #: the embedded database on disk after this pass (None for Neo4j)
    disk_mb: float | None = None

    @property
    def rate(self) -> float:
        return self.rows / self.write_s if self.write_s else 0.0


def _run(store: Store, options: Any, name: str) -> Phase:
    from importers.synthetic.generator import generate

    phase = Phase(store.backend, name)

    from graph.writer import write_batch

    def timed(s: Store, batch: Batch) -> WriteReport:
        started = time.perf_counter()
        report = write_batch(s, batch, trusted=True)
        phase.write_s += time.perf_counter() - started
        phase.rows += len(batch)
        phase.chunks += 1
        return report

    def progress(chunk: str, done: int, total: int) -> None:
        if done < total:
            console.print(f"  [{store.backend}] {name}: {done + 1}/{total} {chunk}", highlight=False)

    started = time.perf_counter()
    result = generate(store, options, progress=progress, write=timed)
    phase.generate_s = result.seconds_generating
    phase.territory_s = time.perf_counter() - started - result.seconds_generating - result.seconds_writing
    phase.report = result.report
    phase.peak_rss_mb = _peak_rss_mb()
    phase.disk_mb = _disk_mb(getattr(store, "path", None))
    return phase


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _disk_mb(path: Any) -> float | None:
    if path is None:
        return None
    root = Path(path)
    # the database file with its write-ahead log and shadow pages beside it (db, db.wal, …)
    files = root.rglob("*") if root.is_dir() else root.parent.glob(glob_escape(root.name) + "*")
    return sum(f.stat().st_size for f in files if f.is_file()) / 2**20


def _both_loads(store: Store, options: Any) -> list[Phase]:
    first = _run(store, options, "pierwsze ładowanie")
    console.print(
        f"[bold]{store.backend}: pierwsze ładowanie {first.rows:,} wierszy w {first.write_s:.1f} s = {first.rate:,.0f} wierszy/s[/bold]"
    )
    again = _run(store, options, "ponowne (bez zmian)")
    console.print(
        f"[bold]{store.backend}: ponowne ładowanie {again.rows:,} wierszy w {again.write_s:.1f} s = {again.rate:,.0f} wierszy/s[/bold]"
    )
    assert again.report is not None
    t = again.report.totals
    if t.created or t.updated:
        console.print(f"[red]Ponowne ładowanie zmieniło dane: nowe {t.created}, zmienione {t.updated}.[/red]")
    return [first, again]


@contextmanager
def _embedded(keep: Path | None, buffer_mb: int) -> Iterator[Store]:
    from graph.store.ladybug_store import LadybugStore

    directory = Path(tempfile.mkdtemp(prefix="kooperacja-bench-")) if keep is None else keep
    store = LadybugStore(directory / "db", buffer_pool_mb=buffer_mb)
    try:
        store.init_schema()
        yield store
    finally:
        store.close()
        if keep is None:
            shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def _neo4j(uri: str, user: str, password: str, wipe: bool) -> Iterator[Store]:
    import neo4j

    from graph.store.neo4j_store import Neo4jStore
    from graph.writer import graph_counts

    driver = neo4j.GraphDatabase.driver(
        uri, auth=(user, password), max_transaction_retry_time=5, notifications_min_severity="OFF"
    )
    try:
        driver.verify_connectivity()
        store = Neo4jStore(driver, timeout=3600)
        store.init_schema()
        if any(graph_counts(store).values()):
            if not wipe:
                raise typer.BadParameter("baza Neo4j nie jest pusta – użyj --wipe, aby ją wyczyścić przed pomiarem")
            with driver.session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
        yield store
    finally:
        driver.close()


@contextmanager
def _local_neo4j(heap: str, pagecache_mb: int) -> Iterator[tuple[str, str]]:
    from graph.neo4j_server import Neo4jServer

    directory = Path(tempfile.mkdtemp(prefix="kooperacja-bench-neo4j-"))
    password = secrets.token_urlsafe(16)
    console.print(f"Uruchamiam lokalny Neo4j (heap {heap}, page cache {pagecache_mb} MB)…")
    server = Neo4jServer.start(directory, password=password, timeout=300, heap=heap, pagecache_mb=pagecache_mb)
    try:
        yield server.uri, password
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def _print(phases: list[Phase]) -> None:
    table = Table(title="Zapis przez graph.writer.write_batch (wiersze = węzły + relacje)")
    columns = (
        "magazyn",
        "przebieg",
        "wiersze",
        "transakcje",
        "zapis [s]",
        "wiersze/s",
        "generowanie [s]",
        "TERYT itp. [s]",
        "szczyt RSS [MB]",
        "baza na dysku [MB]",
    )
    for col in columns:
        table.add_column(col, justify="left" if col in ("magazyn", "przebieg") else "right")
    for p in phases:
        disk = "–" if p.disk_mb is None else f"{p.disk_mb:,.0f}"
        table.add_row(
            p.backend,
            p.name,
            f"{p.rows:,}",
            str(p.chunks),
            f"{p.write_s:.1f}",
            f"{p.rate:,.0f}",
            f"{p.generate_s:.1f}",
            f"{p.territory_s:.1f}",
            f"{p.peak_rss_mb:,.0f}",
            disk,
        )
    console.print(table)
    targets = {"ladybug": 100_000, "neo4j": 20_000}
    for backend in dict.fromkeys(p.backend for p in phases):
        first, again = [p for p in phases if p.backend == backend][:2]
        ok_first = first.rate >= targets[backend]
        ok_again = again.rate >= first.rate
        console.print(
            f"{backend}: pierwsze ładowanie {first.rate:,.0f} wierszy/s (cel ≥ {targets[backend]:,}: {'tak' if ok_first else 'NIE'}); "
            f"ponowne {again.rate:,.0f} wierszy/s ({'co najmniej' if ok_again else 'WOLNIEJ niż'} pierwsze)."
        )


@app.command("import")
def bench_import(
    ctx: typer.Context,
    scale: Annotated[str, typer.Option(help="poland albo voivodeship (albo powiat/gmina do próby)")] = "poland",
    territory: Annotated[str | None, typer.Option(help="Kod TERYT dla mniejszych skal")] = None,
    seed: Annotated[int, typer.Option(help="Ziarno generatora")] = 1,
    graph: Annotated[str | None, typer.Option("--graph", help="bolt://… – zmierz także na tej bazie Neo4j")] = None,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Uruchom lokalny Neo4j i zmierz także na nim")] = False,
    wipe: Annotated[bool, typer.Option(help="Wyczyść niepustą bazę Neo4j przed pomiarem")] = False,
    embedded: Annotated[bool, typer.Option(help="Mierz magazyn wbudowany (LadybugDB)")] = True,
    keep: Annotated[
        Path | None, typer.Option(help="Zostaw bazę wbudowaną w tym katalogu (zamiast tymczasowego)")
    ] = None,
    chunk: Annotated[int, typer.Option(help="Klientów na transakcję (LadybugDB)")] = 40_000,
    buffer_mb: Annotated[int, typer.Option(help="Pamięć podręczna LadybugDB [MB]")] = 4096,
    neo4j_chunk: Annotated[int, typer.Option(help="Klientów na transakcję (Neo4j)")] = 10_000,
    neo4j_heap: Annotated[str, typer.Option(help="Pamięć JVM lokalnego Neo4j")] = "3g",
    neo4j_pagecache: Annotated[int, typer.Option(help="Page cache lokalnego Neo4j [MB]")] = 2048,
) -> None:
    """Wiersze/s zapisu: pierwsze ładowanie i ponowne bez zmian, LadybugDB i Neo4j."""
    from importers.synthetic.generator import Options

    cfg: Settings = ctx.obj
    uri = graph or (cfg.graph if cfg.is_neo4j else None)
    phases: list[Phase] = []
    base = Options(scale=scale, seed=seed, territory=territory)  # type: ignore[arg-type]
    if embedded:
        with _embedded(keep, buffer_mb) as store:
            phases += _both_loads(store, Options(**{**base.__dict__, "clients_per_chunk": chunk}))
        _print(phases)
    neo_options = Options(**{**base.__dict__, "clients_per_chunk": neo4j_chunk})
    measured = len(phases)
    if uri:
        password = cfg.neo4j_password or os.environ.get("KOOPERACJA_NEO4J_PASSWORD") or ""
        with _neo4j(uri, cfg.neo4j_user, password, wipe) as store:
            phases += _both_loads(store, neo_options)
    elif neo4j:
        with (
            _local_neo4j(neo4j_heap, neo4j_pagecache) as (local_uri, password),
            _neo4j(local_uri, "neo4j", password, False) as store,
        ):
            phases += _both_loads(store, neo_options)
    if len(phases) > measured:
        _print(phases)
