"""Attach centroid coordinates (PRG 2020, WGS84) to territories already in the store.

Gmina centroids carry 7-digit codes of 2020; they are joined on the stable
6-digit key, so gminas whose type (RODZ) changed since keep their point.
Gminas created later have no centroid and are reported, as are centroids with
no territory in the store.  All updates are one :func:`write_batch`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from graph import model as m
from graph.progress import Progress
from graph.store.protocol import Store
from graph.writer import Batch, WriteReport, write_batch
from importers.parsers.centroids import Centroid, parse_gmina_centroids, parse_powiat_centroids
from importers.parsers.errors import ImportIssue, ImportValidationError
from importers.teryt import UnitRef, stored_territories

__all__ = ["CentroidImportResult", "find_centroid_files", "import_centroids"]

GMINA_FILE = "gminy_centroidy_PRG2020.csv"
POWIAT_FILE = "powiaty_centroidy_PRG2020.csv"


@dataclass
class CentroidImportResult:
    rows_read: int
    report: WriteReport
    gminas_without_centroid: list[UnitRef] = field(default_factory=list)
    powiats_without_centroid: list[UnitRef] = field(default_factory=list)
    #: (code, name) of centroids whose unit is not in the store
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    seconds: float = 0.0


def find_centroid_files(path: str | Path) -> tuple[Path | None, Path | None]:
    """(gmina file, powiat file) for a directory or a single file.

    A single file is classified by the length of its codes, not by its name.
    """
    p = Path(path)
    if p.is_dir():
        g, pw = p / GMINA_FILE, p / POWIAT_FILE
        if not g.exists() and not pw.exists():
            raise ImportValidationError(p.name, None, None, f"W katalogu brak plików {GMINA_FILE} i {POWIAT_FILE}.")
        return (g if g.exists() else None), (pw if pw.exists() else None)
    if not p.exists():
        raise ImportValidationError(p.name, None, None, "Plik nie istnieje.")
    try:
        parse_powiat_centroids(p)
        return None, p
    except ImportValidationError as powiat_error:
        try:
            parse_gmina_centroids(p)
        except ImportValidationError:
            raise powiat_error from None
        return p, None


def import_centroids(store: Store, path: str | Path, *, progress: Progress | None = None) -> CentroidImportResult:
    """Set ``lat``/``lon`` of gminas and powiats from the centroid CSVs at ``path``.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        A file is invalid, or no territories have been imported yet; nothing is written.
    """
    started = time.perf_counter()
    step = progress or (lambda _s, _d, _t: None)
    step("wczytywanie plików", 0, 3)
    gmina_file, powiat_file = find_centroid_files(path)
    gminas: list[Centroid] = parse_gmina_centroids(gmina_file) if gmina_file else []
    powiats: list[Centroid] = parse_powiat_centroids(powiat_file) if powiat_file else []
    step("dopasowanie do jednostek w bazie", 1, 3)
    existing = stored_territories(store)
    if not existing:
        raise ImportValidationError(
            Path(path).name, None, None, "W bazie nie ma jednostek terytorialnych – najpierw: kooperacja import teryt."
        )
    result = CentroidImportResult(rows_read=len(gminas) + len(powiats), report=WriteReport())
    points: dict[str, Centroid] = {}
    for c in gminas:
        key = c.gmina_key
        if key in existing and existing[key].get("level") == "gmina":
            points[key] = c
        else:
            result.unmatched.append((c.code, c.name))
    for c in powiats:
        if c.code in existing and existing[c.code].get("level") == "powiat":
            points[c.code] = c
        else:
            result.unmatched.append((c.code, c.name))
    for code, row in sorted(existing.items()):
        level = row.get("level")
        if code in points:
            continue
        ref = UnitRef(code, level or "", row.get("name") or "")
        if level == "gmina" and gmina_file:
            result.gminas_without_centroid.append(ref)
        elif level == "powiat" and powiat_file:
            result.powiats_without_centroid.append(ref)
    items = []
    for code, c in points.items():
        row = dict(existing[code])
        row["lat"], row["lon"] = c.lat, c.lon
        items.append(row)
    step("zapis do bazy (jedna transakcja)", 2, 3)
    result.report = write_batch(store, Batch().add(m.Territory, items))
    step("gotowe", 3, 3)
    result.seconds = time.perf_counter() - started
    return result
