"""The synthetic network: territory import, then chunks of generated rows.

:func:`generate` loads the real territory through the TERYT and centroid
importers, writes the reference vocabularies, and then writes the network in
chunks – per voivodeship first its institutional layer, then its clients in
groups of gminas – each chunk one atomic :func:`graph.writer.write_batch`
with ``trusted=True`` (rows are built in storage form; tests validate samples
against the model).  Memory stays bounded by one chunk, and a run killed
between chunks is completed by running it again: every chunk is idempotent.

The same options and seed give the same graph, row for row.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.gc_pause import gc_paused
from graph.progress import Progress
from graph.store.protocol import Store
from graph.writer import Batch, WriteReport, write_batch
from importers.parsers.teryt import parse_terc
from importers.synthetic.clients import clients_for_gmina, expected_clients
from importers.synthetic.geography import Geography, Scale, Scope
from importers.synthetic.institutions import build_voivodeship
from importers.synthetic.rows import Rows, model_order, new_rows
from importers.teryt import TerytImportResult, import_terc_file, stored_territories

__all__ = [
    "DEFAULT_DATA",
    "Options",
    "Chunk",
    "GenerateReport",
    "prepare",
    "offline_geography",
    "plan_chunks",
    "chunks",
    "generate",
    "batch_of",
]

DEFAULT_DATA = Path(os.environ.get("KOOPERACJA_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")
DEFAULT_TERC = DEFAULT_DATA / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv"
DEFAULT_CENTROIDS = DEFAULT_DATA / "gmina-centroids"


@dataclass(frozen=True)
class Options:
    scale: Scale = "gmina"
    seed: int = 1
    territory: str | None = None
    terc: Path = DEFAULT_TERC
    #: centroid directory; ``None`` (or a missing directory) leaves territories without points
    centroids: Path | None = DEFAULT_CENTROIDS
    #: about this many clients per chunk (≈27 rows each)
    clients_per_chunk: int = 40_000


@dataclass
class Chunk:
    name: str
    rows: Rows

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def batch(self) -> Batch:
        return batch_of(self.rows)


@dataclass
class GenerateReport:
    report: WriteReport = field(default_factory=WriteReport)
    chunks: int = 0
    rows: int = 0
    seconds_generating: float = 0.0
    seconds_writing: float = 0.0
    teryt: TerytImportResult | None = None
    scope: Scope | None = None


def batch_of(rows: Rows) -> Batch:
    batch = Batch()
    for model in model_order():
        items = rows.get(model)
        if items:
            batch.add(model, items)
    return batch


def prepare(store: Store, options: Options) -> tuple[Geography, Scope, TerytImportResult]:
    """Load TERC (and centroids) through the importers, write the vocabularies, pick the scope."""
    from importers.centroids import import_centroids
    from importers.demo import reference_batch

    teryt = import_terc_file(store, parse_terc(options.terc))
    if options.centroids is not None and Path(options.centroids).exists():
        import_centroids(store, options.centroids)
    write_batch(store, reference_batch())
    geo = Geography.from_rows(stored_territories(store))
    return geo, geo.scope(options.scale, options.territory), teryt


def offline_geography(terc: Path = DEFAULT_TERC, centroids: Path | None = DEFAULT_CENTROIDS) -> Geography:
    """The geography :func:`prepare` would read back from a store, built from the files only."""
    from importers.parsers.centroids import parse_gmina_centroids, parse_powiat_centroids
    from importers.teryt import territory_rows

    parsed = parse_terc(terc)
    nodes, _ = territory_rows(parsed.units(), parsed.stan_na)
    rows = {r["teryt"]: r for r in nodes}
    if centroids is not None and Path(centroids).exists():
        from importers.centroids import find_centroid_files

        gmina_file, powiat_file = find_centroid_files(centroids)
        points = [(c.gmina_key, c) for c in parse_gmina_centroids(gmina_file)] if gmina_file else []
        points += [(c.code, c) for c in parse_powiat_centroids(powiat_file)] if powiat_file else []
        for code, c in points:
            if code in rows:
                rows[code].update(lat=c.lat, lon=c.lon)
    return Geography.from_rows(rows)


def plan_chunks(geo: Geography, scope: Scope, clients_per_chunk: int) -> list[tuple[str, list[str]]]:
    """(voivodeship, gminas) per chunk; an empty gmina list means the institutional layer."""
    plan: list[tuple[str, list[str]]] = []
    for woj in scope.voivodeships:
        plan.append((woj, []))
        group: list[str] = []
        expected = 0.0
        for g in (g for g in scope.gminas if g[:2] == woj):
            group.append(g)
            expected += expected_clients(geo.gminas[g].population)
            if expected >= clients_per_chunk:
                plan.append((woj, group))
                group, expected = [], 0.0
        if group:
            plan.append((woj, group))
    return plan


def chunks(geo: Geography, scope: Scope, seed: int, clients_per_chunk: int) -> Iterator[Chunk]:
    """Generated rows, chunk by chunk (institutions of a voivodeship before its clients)."""
    layer = None
    for woj, gminas in plan_chunks(geo, scope, clients_per_chunk):
        name = geo.voivodeships[woj].name
        with gc_paused():
            if not gminas:
                layer = build_voivodeship(geo, woj, scope, seed)
                rows, layer.rows = layer.rows, new_rows()  # the layer keeps only its indexes
                chunk = Chunk(f"{name}: instytucje i usługi", rows)
            else:
                assert layer is not None
                rows = new_rows()
                for g in gminas:
                    clients_for_gmina(rows, layer, geo, g, seed)
                chunk = Chunk(f"{name}: klienci ({geo.gminas[gminas[0]].name} … {geo.gminas[gminas[-1]].name})", rows)
        yield chunk


Write = Callable[[Store, Batch], WriteReport]


def _trusted_write(store: Store, batch: Batch) -> WriteReport:
    return write_batch(store, batch, trusted=True)


def generate(
    store: Store,
    options: Options,
    *,
    progress: Progress | None = None,
    write: Write = _trusted_write,
) -> GenerateReport:
    """Build the synthetic network described by ``options`` in ``store``.

    ``progress`` gets (chunk name, chunks done, chunks in total); ``write``
    replaces the trusted write (the benchmark wraps it to time it).
    """
    out = GenerateReport()
    geo, scope, teryt = prepare(store, options)
    out.teryt, out.scope = teryt, scope
    total = len(plan_chunks(geo, scope, options.clients_per_chunk))
    started = time.perf_counter()
    for k, chunk in enumerate(chunks(geo, scope, options.seed, options.clients_per_chunk)):
        made = time.perf_counter()
        out.seconds_generating += made - started
        if progress:
            progress(chunk.name, k, total)
        out.report.merge(write(store, chunk.batch()))
        out.rows += chunk.size
        out.chunks += 1
        started = time.perf_counter()
        out.seconds_writing += started - made
    if progress:
        progress("gotowe", total, total)
    return out
