"""``import_hsds``: read, check, map and write an HSDS 3.0 data set in one batch.

Reading and mapping collect every problem first; if there is any error the
function raises :class:`~importers.hsds.errors.HsdsInputError` and writes
nothing.  Otherwise one :func:`graph.writer.write_batch` call writes the whole
data set atomically, so a second import of the same data reports every row
unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph import model as m
from graph.store.protocol import Store
from graph.writer import WriteReport, get_nodes, write_batch
from importers.hsds.errors import HsdsInputError, Issue
from importers.hsds.mapping import Plan, plan_import
from importers.hsds.reader import Dataset, read_path

__all__ = ["ImportResult", "StoreLookup", "import_hsds", "check_hsds"]


@dataclass
class ImportResult:
    files: list[str]
    read: int
    report: WriteReport
    warnings: list[Issue] = field(default_factory=list)
    skipped: int = 0
    not_carried: dict[str, int] = field(default_factory=dict)


class StoreLookup:
    """The graph facts the mapping needs, read from a store (one query per call)."""

    def __init__(self, store: Store):
        self.store = store

    def territories(self, codes: set[str]) -> set[str]:
        if not codes:
            return set()
        return {t.teryt for t in get_nodes(self.store, m.Territory, sorted(codes))}

    def institutions(self, ids: set[str]) -> dict[str, m.Institution]:
        if not ids:
            return {}
        return {i.id: i for i in get_nodes(self.store, m.Institution, sorted(ids))}

    def services(self, ids: set[str]) -> dict[str, m.Service]:
        if not ids:
            return {}
        return {s.id: s for s in get_nodes(self.store, m.Service, sorted(ids))}


def check_hsds(store: Store, path: Path) -> tuple[Dataset, Plan]:
    """Read and map without writing; raises :class:`HsdsInputError` on any error."""
    ds = read_path(path)
    ds.raise_errors()
    plan = plan_import(ds, StoreLookup(store))
    if plan.errors:
        raise HsdsInputError(plan.errors)
    return ds, plan


def import_hsds(store: Store, path: Path, *, progress: Callable[[str], None] | None = None) -> ImportResult:
    """Import an HSDS data package directory, JSON file or JSON directory.

    Parameters
    ----------
    store
        The store to write to; territories (TERC) should already be loaded for
        TERYT codes to become LOCATED_IN / AVAILABLE_IN links.
    path
        A directory with ``datapackage.json`` (or standard HSDS CSV names), a
        JSON file, or a directory of JSON files.
    progress
        Called with a Polish description of each stage.

    Returns
    -------
    ImportResult
        Counts per table (created / updated / unchanged) and every warning.
    """
    say = progress or (lambda _msg: None)
    say("wczytywanie i sprawdzanie plików")
    ds, plan = check_hsds(store, path)
    say("zapis do grafu")
    report = write_batch(store, plan.batch)
    return ImportResult(
        files=ds.files,
        read=ds.read,
        report=report,
        warnings=ds.warnings + plan.warnings,
        skipped=plan.skipped,
        not_carried=plan.not_carried,
    )
