"""Import of the TERYT TERC register into the store: voivodeships, powiats, gminas.

The file is parsed by :mod:`importers.parsers.teryt` (CSV, XML or the ZIP as
downloaded).  Every unit becomes a :class:`graph.model.Territory` keyed by its
stable code (2, 4 or 6 digits; RODZ is the ``rodz`` attribute, NAZWA_DOD the
``kind``) and gminas and powiats get ``WITHIN`` edges to their parents.  The
whole file is written by ONE :func:`graph.writer.write_batch` call, so an
interrupted import leaves the store as it was and a re-run ends where a clean
run would.

Importing a newer TERC over an older one updates types and names in place and
adds new units; units missing from the new file are reported, never deleted
(institutions may still point at them).  Coordinates attached by the centroid
importer are kept.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph import model as m
from graph import statements
from graph.progress import Progress
from graph.store.protocol import Row, Store
from graph.writer import Batch, WriteReport, write_batch
from importers.parsers.errors import ImportIssue
from importers.parsers.teryt import TercFile, TercUnits, parse_terc

__all__ = [
    "TypeChange",
    "Rename",
    "UnitRef",
    "TerytChanges",
    "TerytImportResult",
    "territory_rows",
    "stored_territories",
    "compare_units",
    "import_teryt",
    "import_terc_file",
]

#: Called with (stage description, stages done, stages in total).

_STAGES = 4


@dataclass(frozen=True, slots=True)
class UnitRef:
    teryt: str
    level: str
    name: str


@dataclass(frozen=True, slots=True)
class TypeChange:
    """A gmina whose RODZ changed (its 7-digit code changes, its 6-digit key does not)."""

    teryt: str
    name: str
    old_rodz: str | None
    new_rodz: str
    old_kind: str | None
    new_kind: str


@dataclass(frozen=True, slots=True)
class Rename:
    teryt: str
    level: str
    old_name: str
    new_name: str


@dataclass
class TerytChanges:
    """What a TERC file changes in the stored territories (the change report)."""

    type_changes: list[TypeChange] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    new_units: list[UnitRef] = field(default_factory=list)
    absent_units: list[UnitRef] = field(default_factory=list)
    #: NAZWA_DOD changed without a type change (e.g. a powiat's description).
    kind_changes: list[tuple[str, str | None, str]] = field(default_factory=list)
    #: Units whose only change is the STAN_NA date of the file.
    date_only: int = 0

    @property
    def empty(self) -> bool:
        return not (self.type_changes or self.renames or self.new_units or self.absent_units or self.kind_changes)


@dataclass
class TerytImportResult:
    source: str
    variant: str
    stan_na: date
    rows_read: int
    units: dict[str, int]  # level -> count in the file
    report: WriteReport
    changes: TerytChanges
    warnings: list[ImportIssue]
    seconds: float


def territory_rows(
    units: TercUnits, stan_na: date, existing: Mapping[str, Row] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Territory items and WITHIN edges of the parsed units.

    Voivodeship names are stored in lower case ("mazowieckie"), as they are
    written in running Polish text; TERC spells them in capitals.  Coordinates
    of units already in the store (``existing``) are carried over.
    """
    existing = existing or {}
    nodes: list[dict[str, Any]] = []
    within: list[dict[str, str]] = []

    def coords(code: str) -> dict[str, Any]:
        old = existing.get(code) or {}
        return {"lat": old.get("lat"), "lon": old.get("lon")}

    for v in units.voivodeships.values():
        nodes.append(
            {
                "teryt": v.code,
                "level": "voivodeship",
                "name": v.name.lower(),
                "kind": "województwo",
                "stan_na": stan_na,
                **coords(v.code),
            }
        )
    for p in units.powiats.values():
        nodes.append(
            {"teryt": p.code, "level": "powiat", "name": p.name, "kind": p.kind, "stan_na": stan_na, **coords(p.code)}
        )
        within.append({"src": p.code, "dst": p.woj})
    for g in units.gminas.values():
        nodes.append(
            {
                "teryt": g.key,
                "level": "gmina",
                "name": g.name,
                "rodz": g.rodz,
                "kind": g.kind,
                "stan_na": stan_na,
                **coords(g.key),
            }
        )
        within.append({"src": g.key, "dst": g.powiat_code})
    return nodes, within


def stored_territories(store: Store) -> dict[str, Row]:
    """Every Territory row in the store, by TERYT code."""
    rows = store.query(statements.all_nodes(m.Territory, store.backend))
    return {r["teryt"]: r for r in rows}


def compare_units(new_rows: list[dict[str, Any]], existing: Mapping[str, Row]) -> TerytChanges:
    """The change report of writing ``new_rows`` over ``existing`` (pure)."""
    changes = TerytChanges()
    seen = set()
    for row in new_rows:
        code = row["teryt"]
        seen.add(code)
        old = existing.get(code)
        if old is None:
            changes.new_units.append(UnitRef(code, row["level"], row["name"]))
            continue
        if all(row.get(k) == old.get(k) for k in ("name", "rodz", "kind", "level")):
            changes.date_only += row.get("stan_na") != old.get("stan_na")
            continue
        if row["name"] != old.get("name"):
            changes.renames.append(Rename(code, row["level"], old.get("name") or "", row["name"]))
        if row.get("rodz") != old.get("rodz"):
            changes.type_changes.append(
                TypeChange(code, row["name"], old.get("rodz"), row["rodz"], old.get("kind"), row["kind"])
            )
        elif row.get("kind") != old.get("kind"):
            changes.kind_changes.append((code, old.get("kind"), row["kind"]))
    for code, old in sorted(existing.items()):
        if code not in seen:
            changes.absent_units.append(UnitRef(code, old.get("level") or "", old.get("name") or ""))
    return changes


def import_terc_file(
    store: Store, terc: TercFile, *, progress: Progress | None = None, started: float | None = None
) -> TerytImportResult:
    """Write an already parsed TERC file (see :func:`import_teryt`)."""
    started = time.perf_counter() if started is None else started
    step = progress or (lambda _s, _d, _t: None)
    units = terc.units()
    step("porównanie z bazą", 1, _STAGES)
    existing = stored_territories(store)
    nodes, within = territory_rows(units, terc.stan_na, existing)
    changes = compare_units(nodes, existing)
    step("zapis do bazy (jedna transakcja)", 2, _STAGES)
    report = write_batch(store, Batch().add(m.Territory, nodes).add(m.Within, within))
    step("gotowe", _STAGES, _STAGES)
    return TerytImportResult(
        source=terc.source,
        variant=terc.variant,
        stan_na=terc.stan_na,
        rows_read=len(terc.rows),
        units={"voivodeship": len(units.voivodeships), "powiat": len(units.powiats), "gmina": len(units.gminas)},
        report=report,
        changes=changes,
        warnings=list(terc.warnings),
        seconds=time.perf_counter() - started,
    )


def import_teryt(store: Store, path: str | Path, *, progress: Progress | None = None) -> TerytImportResult:
    """Parse a TERC file (CSV/XML/ZIP) and write its units in one transaction.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        The file is unreadable or invalid; nothing is written.
    graph.errors.StoreError
        The store refused the write; the transaction was rolled back.
    """
    started = time.perf_counter()
    if progress:
        progress("wczytywanie pliku", 0, _STAGES)
    terc = parse_terc(path)
    return import_terc_file(store, terc, progress=progress, started=started)
