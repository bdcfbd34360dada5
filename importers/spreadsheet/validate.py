"""Validation of a Kooperacja spreadsheet: every problem, with sheet, row and column.

Three passes over the rows read by :mod:`importers.spreadsheet.reader`:

1. cells – types, allowed values, required fields, TERYT codes known to the store,
   vocabulary terms (categories, target groups, competences), and the checks the
   domain model makes (lengths, age range, free places ≤ places…);
2. duplicates – the same identifier (or pair) twice in a sheet;
3. references – institutions and partnerships named in other sheets must be in
   the spreadsheet or already in the store.

Nothing stops at the first problem.  With ``skip_invalid`` rows that are fine
but depend on a wrong row (a service of an institution whose row has errors)
are marked as skipped, and an optional link to such a row (the parent
institution) is dropped with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph import model as m
from graph.errors import ModelValidationError
from graph.schema import validate
from importers.parsers.text import fold
from importers.spreadsheet import cells
from importers.spreadsheet.issues import Severity, SheetIssue
from importers.spreadsheet.items import institution_item, partnership_item, service_item
from importers.spreadsheet.reader import RawRow, RawSheet, Workbook
from importers.spreadsheet.schema import ENUMS, Column, Sheet
from importers.spreadsheet.store_view import StoreView

__all__ = ["RowData", "Validation", "validate_workbook"]

_VOCAB_LABELS = {"categories": "kategoria usług", "groups": "grupa docelowa", "competences": "kompetencja"}
# Poland's extent with a margin: points outside are typos (swapped or missing digits)
_LAT = (48.9, 55.0)
_LON = (14.0, 24.3)


@dataclass
class RowData:
    sheet: Sheet
    label: str
    row: int
    values: dict[str, Any]
    issues: list[SheetIssue] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def skipped(self) -> bool:
        return any(i.severity == "skipped" for i in self.issues)

    @property
    def ok(self) -> bool:
        return not self.has_errors and not self.skipped

    def error(self, column: Column | None, message: str, severity: Severity = "error") -> None:
        self.issues.append(SheetIssue(self.label, self.row, column.header if column else None, message, severity))


@dataclass
class Validation:
    rows: dict[str, list[RowData]]  # sheet key → rows
    issues: list[SheetIssue]  # structural issues (whole sheets/files)
    view: StoreView
    skip_invalid: bool

    def all_issues(self) -> list[SheetIssue]:
        out = list(self.issues)
        for rows in self.rows.values():
            for r in rows:
                out.extend(r.issues)
        return out

    @property
    def errors(self) -> list[SheetIssue]:
        return [i for i in self.all_issues() if i.severity == "error"]

    def ok_rows(self, sheet: str) -> list[RowData]:
        return [r for r in self.rows.get(sheet, []) if r.ok]


# ------------------------------------------------------------------ cells


def _territory(code: str, view: StoreView) -> str:
    """The stored key of a code; a 7-digit gmina code must carry the right RODZ."""
    key = code[:6] if len(code) == 7 else code
    unit = view.territories.get(key)
    if unit is None:
        raise cells.CellError(f"Kod TERYT {code} nie istnieje w rejestrze TERYT wczytanym do bazy.")
    if len(code) == 7 and unit.get("rodz") and code[6] != unit["rodz"]:
        raise cells.CellError(f"Kod TERYT {code} nie istnieje: gmina {key} {unit['name']} ma kod {key}{unit['rodz']}.")
    return key


def _vocab_term(value: str, vocab: str, view: StoreView) -> str:
    code = view.vocab[vocab].get(fold(value))
    if code is None:
        raise cells.CellError(
            f"Nieznana {_VOCAB_LABELS[vocab]} '{cells.shown(value)}' – użyj kodu lub nazwy z arkusza słowniki."
        )
    return code


def _parse(col: Column, raw: Any, view: StoreView) -> Any:
    kind = col.kind
    if kind == "id" or kind == "ref":
        return cells.identifier(raw)
    if kind == "text":
        value = cells.text(raw)
        return _vocab_term(value, col.vocab, view) if col.vocab else value
    if kind == "int":
        return cells.integer(raw)
    if kind == "float":
        return cells.decimal(raw)
    if kind == "date":
        return cells.date(raw)
    if kind == "enum":
        assert col.enum is not None
        return cells.enum_member(raw, ENUMS[col.enum])
    if kind == "teryt":
        code = cells.teryt_code(raw)
        if len(code) < 6:
            raise cells.CellError(f"Podaj kod gminy (6 lub 7 cyfr), nie powiatu ani województwa (jest '{code}').")
        return _territory(code, view)
    if kind == "teryt_list":
        return _unique(_territory(cells.teryt_code(part), view) for part in cells.items(raw))
    if kind == "list":
        parts = cells.items(raw)
        if col.vocab:
            return _unique(_vocab_term(p, col.vocab, view) for p in parts)
        return _unique(p.lower() for p in parts)
    simple: dict[str, Callable[[Any], Any]] = {
        "email": cells.email,
        "postal": cells.postal,
        "regon": cells.regon,
        "nip": cells.nip,
        "krs": cells.krs,
        "url": cells.url,
    }
    return simple[kind](raw)


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_row(raw_sheet: RawSheet, raw: RawRow, view: StoreView) -> RowData:
    data = RowData(raw_sheet.sheet, raw_sheet.label, raw.row, {})
    for col in raw_sheet.sheet.columns:
        value = raw.values.get(col.key)
        if _blank(value):
            data.values[col.key] = [] if col.kind in ("list", "teryt_list") else None
            if col.required:
                data.error(col, "Brak wymaganej wartości.")
            continue
        try:
            data.values[col.key] = _parse(col, value, view)
        except cells.CellError as exc:
            data.values[col.key] = None
            data.error(col, str(exc))
    return data


# ------------------------------------------------------------------ row checks


def _model_check(
    data: RowData, model: type[Any], item: Mapping[str, Any], columns: Mapping[str, str] | None = None
) -> None:
    """Run the domain model's own validation; report its errors at the right column."""
    try:
        validate(model, dict(item))
    except ModelValidationError as exc:
        for loc, msg in exc.errors:
            key = (columns or {}).get(loc.split(".")[0], loc.split(".")[0])
            col = next((c for c in data.sheet.columns if c.key == key), None)
            data.error(col, f"{msg[:1].upper()}{msg[1:]}.")


def _check_row(data: RowData) -> None:
    if data.has_errors:
        return
    v, sheet = data.values, data.sheet
    if sheet.key == "instytucje":
        if v["parent"] is not None and v["parent"] == v["id"]:
            data.error(sheet.column("parent"), "Instytucja nie może być nadrzędna sama dla siebie.")
        if (v["lat"] is None) != (v["lon"] is None):
            data.error(sheet.column("lon" if v["lon"] is None else "lat"), "Podaj obie współrzędne albo żadnej.")
        if v["lat"] is not None and not _LAT[0] <= v["lat"] <= _LAT[1]:
            data.error(sheet.column("lat"), f"Szerokość geograficzna {v['lat']} leży poza Polską (49–55).")
        if v["lon"] is not None and not _LON[0] <= v["lon"] <= _LON[1]:
            data.error(sheet.column("lon"), f"Długość geograficzna {v['lon']} leży poza Polską (14–24,2).")
        if not data.has_errors:
            _model_check(data, m.Institution, institution_item(v))
    elif sheet.key == "uslugi":
        if v["min_age"] is not None and v["max_age"] is not None and v["min_age"] > v["max_age"]:
            data.error(sheet.column("max_age"), "Wiek do jest mniejszy niż wiek od.")
        elif v["capacity"] is not None and v["free_places"] is not None and v["free_places"] > v["capacity"]:
            data.error(sheet.column("free_places"), "Wolnych miejsc jest więcej niż miejsc.")
        elif v["free_places"] is not None and v["capacity"] is None:
            data.error(sheet.column("capacity"), "Podano wolne miejsca bez liczby miejsc.")
        else:
            _model_check(data, m.Service, service_item(v))
    elif sheet.key == "partnerstwa":
        _model_check(data, m.Partnership, partnership_item(v))
    elif sheet.key == "kompetencje":
        _model_check(
            data,
            m.HasCompetence,
            {"src": v["institution"], "dst": v["competence"], "staff": 1 if v["staff"] is None else v["staff"]},
        )
    elif sheet.key == "wspolpraca":
        if v["institution"] == v["partner"]:
            data.error(sheet.column("partner"), "Instytucja nie może współpracować sama ze sobą.")
        elif v["rating"] is not None and not 1 <= v["rating"] <= 4:
            data.error(sheet.column("rating"), f"Ocena musi być liczbą od 1 do 4 (jest {v['rating']}).")
        else:
            _model_check(
                data,
                m.CooperatesWith,
                {
                    "src": v["institution"],
                    "dst": v["partner"],
                    "kind": v["kind"] or "other",
                    "since": v["since"],
                    "rating": v["rating"],
                },
            )
    elif sheet.key == "czlonkowie":
        _model_check(data, m.MemberOf, {"src": v["institution"], "dst": v["partnership"], "role": v["role"]})


# ------------------------------------------------------------------ duplicates

_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    # sheet → (key columns, column the error is reported at)
    "instytucje": (("id",), "id"),
    "uslugi": (("id",), "id"),
    "partnerstwa": (("id",), "id"),
    "kompetencje": (("institution", "competence"), "competence"),
    "wspolpraca": (("institution", "partner"), "partner"),
    "czlonkowie": (("partnership", "institution"), "institution"),
}


def _check_duplicates(rows: list[RowData]) -> None:
    if not rows:
        return
    columns, at = _KEYS[rows[0].sheet.key]
    first: dict[tuple[Any, ...], int] = {}
    for r in rows:
        key = tuple(r.values.get(c) for c in columns)
        if any(k is None for k in key):
            continue
        if key in first:
            what = "Identyfikator" if columns == ("id",) else "Ta sama para"
            r.error(
                r.sheet.column(at),
                f"{what} {' / '.join(str(k) for k in key)} powtórzony (pierwszy raz w wierszu {first[key]}).",
            )
        else:
            first[key] = r.row


# ------------------------------------------------------------------ references

_REF_LABEL = {"instytucje": "instytucja", "partnerstwa": "partnerstwo"}
_UNKNOWN_REF = {
    "instytucje": "Nieznana instytucja '{ref}' – nie ma jej w arkuszu instytucje ani w bazie.",
    "partnerstwa": "Nieznane partnerstwo '{ref}' – nie ma go w arkuszu partnerstwa ani w bazie.",
}


def _check_references(result: Validation) -> None:
    view = result.view
    declared: dict[str, dict[str, RowData]] = {"instytucje": {}, "partnerstwa": {}}
    for sheet, by_id in declared.items():
        for r in result.rows.get(sheet, []):
            if r.values.get("id"):
                by_id.setdefault(r.values["id"], r)  # the first row of a repeated id is the one loaded
    stored = {"instytucje": view.institutions, "partnerstwa": view.partnerships}
    # first pass: unknown ids are errors in both modes
    for rows in result.rows.values():
        for r in rows:
            for col in r.sheet.columns:
                ref = r.values.get(col.key) if col.kind == "ref" else None
                if ref is None or col.ref is None:
                    continue
                if ref not in declared[col.ref] and ref not in stored[col.ref]:
                    r.error(col, _UNKNOWN_REF[col.ref].format(ref=ref))
    if not result.skip_invalid:
        return
    # second pass (--skip-invalid): rows depending on a wrong row are skipped
    for rows in result.rows.values():
        for r in rows:
            if r.has_errors:
                continue
            for col in r.sheet.columns:
                ref = r.values.get(col.key) if col.kind == "ref" else None
                if ref is None or col.ref is None or ref in stored[col.ref]:
                    continue
                target = declared[col.ref].get(ref)
                if target is None or target.ok:
                    continue
                where = f"arkusz '{target.label}', wiersz {target.row}"
                if r.sheet.key == "instytucje" and col.key == "parent":
                    r.values["parent"] = None
                    r.error(
                        col,
                        f"Pominięto powiązanie z instytucją nadrzędną '{ref}' – jej wiersz ma błędy ({where}).",
                        "warning",
                    )
                else:
                    r.error(
                        col,
                        f"{_REF_LABEL[col.ref]} '{ref}' ma błędy ({where}) – wiersz nie został zapisany.",
                        "skipped",
                    )


def validate_workbook(book: Workbook, view: StoreView, *, skip_invalid: bool = False) -> Validation:
    """Check every cell, row, duplicate and reference of a read workbook."""
    result = Validation({}, list(book.issues), view, skip_invalid)
    for key, raw_sheet in book.sheets.items():
        rows = [_read_row(raw_sheet, raw, view) for raw in raw_sheet.rows]
        for r in rows:
            _check_row(r)
        _check_duplicates(rows)
        result.rows[key] = rows
    _check_references(result)
    return result
