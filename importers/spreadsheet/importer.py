"""``kooperacja import arkusz``: load a validated Kooperacja spreadsheet in one transaction.

By default a spreadsheet with any error writes nothing and the report lists
every problem.  With ``skip_invalid`` the valid rows are written (and only the
links whose ends are written or already stored) and the report lists the rest.
Rows replace the stored values of the same ids (upsert); rows removed from a
spreadsheet are not deleted from the store.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import model as m
from graph.enums import CooperationKind
from graph.store.protocol import Store
from graph.writer import Batch, Counts, WriteReport, write_batch
from importers.parsers.errors import ImportValidationError
from importers.spreadsheet.issues import SheetIssue
from importers.spreadsheet.reader import read_workbook
from importers.spreadsheet.schema import STATUTORY_AREA
from importers.spreadsheet.validate import (
    DEFAULT_TERMS,
    StoreView,
    Validation,
    institution_item,
    partnership_item,
    service_item,
    validate_workbook,
)

__all__ = ["SpreadsheetReport", "import_spreadsheet", "build_batch"]

Progress = Callable[[str, int, int], None]


@dataclass
class SpreadsheetReport:
    source: str
    skip_invalid: bool
    rows_read: dict[str, int] = field(default_factory=dict)  # sheet title → data rows
    rows_loaded: dict[str, int] = field(default_factory=dict)
    issues: list[SheetIssue] = field(default_factory=list)
    write: WriteReport = field(default_factory=WriteReport)
    written: bool = False
    seconds: float = 0.0

    @property
    def errors(self) -> list[SheetIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def skipped(self) -> list[SheetIssue]:
        return [i for i in self.issues if i.severity == "skipped"]

    @property
    def warnings(self) -> list[SheetIssue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def total_read(self) -> int:
        return sum(self.rows_read.values())

    @property
    def rejected(self) -> int:
        """Data rows not written (rows with errors and rows skipped because of them)."""
        return self.total_read - sum(self.rows_loaded.values())

    @property
    def totals(self) -> Counts:
        return self.write.totals

    def lines(self, limit: int = 0) -> list[str]:
        out = [f"Arkusz Kooperacja: {self.source}"]
        for title, n in self.rows_read.items():
            out.append(f"  {title}: wierszy {n}, zapisanych {self.rows_loaded.get(title, 0)}")
        kinds = Counter(i.severity for i in self.issues)
        if self.errors and not self.written:
            out.append(f"Znaleziono błędy: {kinds['error']}. Nic nie zostało zapisane (popraw plik albo użyj --skip-invalid).")
        elif self.errors:
            out.append(f"Pominięto wiersze z błędami: błędów {kinds['error']}, wierszy zależnych {kinds['skipped']}.")
        chosen = sorted(self.issues, key=lambda i: ({"error": 0, "skipped": 1, "warning": 2}[i.severity], i.sheet, i.row or 0))
        shown = chosen if limit <= 0 else chosen[:limit]
        out.extend("  " + str(i) for i in shown)
        if 0 < limit < len(chosen):
            out.append(f"  … i {len(chosen) - limit} więcej (wszystkie: --limit 0 albo --report PLIK)")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "skip_invalid": self.skip_invalid,
            "written": self.written,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rejected": self.rejected,
            "seconds": round(self.seconds, 3),
            "tables": {k: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged} for k, c in sorted(self.write.per_table.items())},
            "issues": [{"sheet": i.sheet, "row": i.row, "column": i.column, "severity": i.severity, "message": i.message} for i in self.issues],
        }

    def write_file(self, path: str | Path) -> Path:
        """The report as JSON (``.json``) or CSV (one issue per line)."""
        p = Path(path)
        if p.suffix.lower() == ".json":
            p.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
            return p
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["arkusz", "wiersz", "kolumna", "rodzaj", "opis"])
        labels = {"error": "błąd", "skipped": "pominięto", "warning": "uwaga"}
        for i in self.issues:
            w.writerow([i.sheet, i.row or "", i.column or "", labels[i.severity], i.message])
        p.write_text(buf.getvalue(), encoding="utf-8-sig")
        return p


def _area(values: dict[str, Any]) -> tuple[list[str], bool]:
    """(served TERYT codes, declared?) of an institution row."""
    if values["area"]:
        return list(values["area"]), values["type"] not in STATUTORY_AREA
    level = STATUTORY_AREA.get(values["type"])
    seat: str = values["gmina"]
    if level is None:
        return [], False
    return [{"gmina": seat, "powiat": seat[:4], "voivodeship": seat[:2]}[level]], False


def build_batch(result: Validation) -> Batch:
    """The batch of every valid row of a validated spreadsheet."""
    view = result.view
    b = Batch()
    institutions, located, serves, part_of = [], [], [], []
    served: dict[str, list[str]] = dict(view.serves)
    for r in result.ok_rows("instytucje"):
        v = r.values
        institutions.append(institution_item(v))
        located.append(m.LocatedIn(src=v["id"], dst=v["gmina"]))
        area, declared = _area(v)
        served[v["id"]] = area
        serves += [m.Serves(src=v["id"], dst=t, declared=declared) for t in area]
        if v["parent"]:
            part_of.append(m.PartOf(src=v["id"], dst=v["parent"]))
    services, offers, in_cat, for_group, available = [], [], [], [], []
    for r in result.ok_rows("uslugi"):
        v = r.values
        services.append(service_item(v))
        offers.append(m.Offers(src=v["institution"], dst=v["id"]))
        in_cat += [m.InCategory(src=v["id"], dst=c) for c in v["categories"]]
        for_group += [m.ForGroup(src=v["id"], dst=g) for g in v["groups"]]
        available += [m.AvailableIn(src=v["id"], dst=t) for t in (v["area"] or served.get(v["institution"], []))]
    competences = [
        m.HasCompetence(src=r.values["institution"], dst=r.values["competence"], staff=1 if r.values["staff"] is None else r.values["staff"])
        for r in result.ok_rows("kompetencje")
    ]
    ties = [
        m.CooperatesWith(src=v["institution"], dst=v["partner"], kind=v["kind"] or CooperationKind.OTHER, since=v["since"], rating=v["rating"])
        for v in (r.values for r in result.ok_rows("wspolpraca"))
    ]
    partnerships, covers = [], []
    for r in result.ok_rows("partnerstwa"):
        partnerships.append(partnership_item(r.values))
        covers += [m.Covers(src=r.values["id"], dst=t) for t in r.values["area"]]
    members = [m.MemberOf(src=r.values["institution"], dst=r.values["partnership"], role=r.values["role"]) for r in result.ok_rows("czlonkowie")]

    used = {
        "categories": {c.dst for c in in_cat},
        "groups": {g.dst for g in for_group},
        "competences": {c.dst for c in competences},
    }
    term_models: dict[str, type[m.Node]] = {"categories": m.ServiceCategory, "groups": m.TargetGroup, "competences": m.Competence}
    for vocab, codes in used.items():
        missing = sorted(codes - view.stored_terms[vocab])
        if vocab == "categories":  # a parent category must exist too
            parents = {DEFAULT_TERMS[vocab][c][1] for c in missing} - {None} - view.stored_terms[vocab]
            missing = sorted(set(missing) | {p for p in parents if p})
        items = []
        for code in missing:
            name, parent = DEFAULT_TERMS[vocab][code]
            items.append({"id": code, "name": name, "parent": parent} if vocab == "categories" else {"id": code, "name": name})
        if items:
            b.add(term_models[vocab], items)

    b.add(m.Institution, institutions).add(m.Service, services).add(m.Partnership, partnerships)
    b.add(m.LocatedIn, located).add(m.Serves, serves).add(m.PartOf, part_of)
    b.add(m.Offers, offers).add(m.InCategory, in_cat).add(m.ForGroup, for_group).add(m.AvailableIn, available)
    b.add(m.HasCompetence, competences).add(m.CooperatesWith, ties)
    b.add(m.Covers, covers).add(m.MemberOf, members)
    return b


def import_spreadsheet(store: Store, path: str | Path, *, skip_invalid: bool = False, progress: Progress | None = None) -> SpreadsheetReport:
    """Validate a Kooperacja spreadsheet (XLSX, CSV directory or ZIP) and write it.

    Returns the report; ``report.written`` is False when errors stopped the write.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        The file cannot be read at all, or the store holds no TERYT units.
    """
    step = progress or (lambda _d, _n, _t: None)
    started = time.perf_counter()
    step("wczytywanie arkusza", 0, 3)
    book = read_workbook(path)
    view = StoreView.load(store, book)
    if not view.territories and any(book.sheets[k].rows for k in ("instytucje", "partnerstwa") if k in book.sheets):
        raise ImportValidationError(book.source, None, None, "W bazie nie ma jednostek TERYT – najpierw wczytaj TERYT: kooperacja import teryt PLIK_TERC.")
    step("sprawdzanie wierszy", 1, 3)
    result = validate_workbook(book, view, skip_invalid=skip_invalid)
    report = SpreadsheetReport(book.source, skip_invalid, issues=result.all_issues())
    for key, rows in result.rows.items():
        title = book.sheets[key].label
        report.rows_read[title] = len(rows)
        report.rows_loaded[title] = 0
    if result.errors and not skip_invalid:
        report.seconds = time.perf_counter() - started
        return report
    step("zapis do bazy (jedna transakcja)", 2, 3)
    report.write = write_batch(store, build_batch(result))
    report.written = True
    for key, rows in result.rows.items():
        report.rows_loaded[book.sheets[key].label] = sum(1 for r in rows if r.ok)
    report.seconds = time.perf_counter() - started
    step("gotowe", 3, 3)
    return report
