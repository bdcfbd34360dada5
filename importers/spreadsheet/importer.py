"""``kooperacja import arkusz``: load a validated Kooperacja spreadsheet in one transaction.

By default a spreadsheet with any error writes nothing and the report lists
every problem.  With ``skip_invalid`` the valid rows are written (and only the
links whose ends are written or already stored) and the report lists the rest.
Rows replace the stored values of the same ids (upsert); rows removed from a
spreadsheet are not deleted from the store.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from graph import model as m
from graph.enums import CooperationKind
from graph.progress import Progress
from graph.store.protocol import Store
from graph.writer import Batch
from importers.parsers.errors import ImportValidationError
from importers.registers.seats import write_with_seats
from importers.spreadsheet.items import institution_item, partnership_item, service_item
from importers.spreadsheet.reader import read_workbook
from importers.spreadsheet.report import SpreadsheetReport
from importers.spreadsheet.schema import STATUTORY_AREA
from importers.spreadsheet.store_view import DEFAULT_TERMS, StoreView
from importers.spreadsheet.validate import Validation, validate_workbook

__all__ = ["SpreadsheetReport", "import_spreadsheet", "build_batch"]


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
        m.HasCompetence(
            src=r.values["institution"],
            dst=r.values["competence"],
            staff=1 if r.values["staff"] is None else r.values["staff"],
        )
        for r in result.ok_rows("kompetencje")
    ]
    ties = [
        m.CooperatesWith(
            src=v["institution"],
            dst=v["partner"],
            kind=v["kind"] or CooperationKind.OTHER,
            since=v["since"],
            rating=v["rating"],
        )
        for v in (r.values for r in result.ok_rows("wspolpraca"))
    ]
    partnerships, covers = [], []
    for r in result.ok_rows("partnerstwa"):
        partnerships.append(partnership_item(r.values))
        covers += [m.Covers(src=r.values["id"], dst=t) for t in r.values["area"]]
    members = [
        m.MemberOf(src=r.values["institution"], dst=r.values["partnership"], role=r.values["role"])
        for r in result.ok_rows("czlonkowie")
    ]

    used = {
        "categories": {c.dst for c in in_cat},
        "groups": {g.dst for g in for_group},
        "competences": {c.dst for c in competences},
    }
    term_models: dict[str, type[m.Node]] = {
        "categories": m.ServiceCategory,
        "groups": m.TargetGroup,
        "competences": m.Competence,
    }
    for vocab, codes in used.items():
        missing = sorted(codes - view.stored_terms[vocab])
        if vocab == "categories":  # a parent category must exist too
            parents = {DEFAULT_TERMS[vocab][c][1] for c in missing} - {None} - view.stored_terms[vocab]
            missing = sorted(set(missing) | {p for p in parents if p})
        items = []
        for code in missing:
            name, parent = DEFAULT_TERMS[vocab][code]
            items.append(
                {"id": code, "name": name, "parent": parent} if vocab == "categories" else {"id": code, "name": name}
            )
        if items:
            b.add(term_models[vocab], items)

    b.add(m.Institution, institutions).add(m.Service, services).add(m.Partnership, partnerships)
    b.add(m.LocatedIn, located).add(m.Serves, serves).add(m.PartOf, part_of)
    b.add(m.Offers, offers).add(m.InCategory, in_cat).add(m.ForGroup, for_group).add(m.AvailableIn, available)
    b.add(m.HasCompetence, competences).add(m.CooperatesWith, ties)
    b.add(m.Covers, covers).add(m.MemberOf, members)
    return b


def import_spreadsheet(
    store: Store, path: str | Path, *, skip_invalid: bool = False, progress: Progress | None = None
) -> SpreadsheetReport:
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
        raise ImportValidationError(
            book.source,
            None,
            None,
            "W bazie nie ma jednostek TERYT – najpierw wczytaj TERYT: kooperacja import teryt PLIK_TERC.",
        )
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
    report.write, report.removed_seats = write_with_seats(store, build_batch(result))
    report.written = True
    for key, rows in result.rows.items():
        report.rows_loaded[book.sheets[key].label] = sum(1 for r in rows if r.ok)
    report.seconds = time.perf_counter() - started
    step("gotowe", 3, 3)
    return report
