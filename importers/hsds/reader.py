"""Read HSDS 3.0 data – the CSV datapackage or the JSON forms – into one table model.

Every input form ends up as a :class:`Dataset`: records by table and id, each
with its scalar fields (typed and checked against :mod:`importers.hsds.spec`),
the ids it refers to (``refs``; in JSON these come from nesting) and where it
was read (file and row, or file and JSON path) for messages.  The same object
may appear several times (the JSON examples repeat the organization inside
every service): occurrences are merged, and occurrences that disagree are an
error.  Reading never stops at the first problem: all errors are collected
and raised together by :meth:`Dataset.raise_errors`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.cells import restore
from importers.hsds.errors import HsdsInputError, Issue
from importers.hsds.profile import TERYT_TYPE
from importers.hsds.spec import (
    CSV_FILES,
    FOREIGN_KEYS,
    MAPPED_FIELDS,
    SUBJECT_REFS,
    TABLES,
    TableSpec,
)

__all__ = ["Record", "Dataset", "read_path", "read_datapackage", "read_json"]

#: JSON properties that hold one nested object (all other children are arrays).
SINGLE_CHILDREN = frozenset({"organization", "program", "location", "service", "taxonomy_term", "taxonomy_detail"})


#: Required fields that must also be non-empty.  Other required text fields may
#: be empty: HSDS publishers (Kooperacja included) leave e.g. ``address_1`` or
#: an organization's ``description`` empty when they do not know it.
NON_EMPTY = frozenset(
    {
        "id",
        "name",
        "status",
        "number",
        "identifier",
        "identifier_type",
        "location_type",
        "address_type",
        "last_action_date",
    }
)


@dataclass
class Record:
    """One HSDS object after reading (and merging its occurrences)."""

    table: str
    id: str
    fields: dict[str, Any]
    refs: dict[str, set[str]]
    where: str
    #: attribute/metadata: the table the ``link_id``/``resource_id`` names (first occurrence); the
    #: references themselves are kept per table as ``link_id@service``, ``link_id@organization``…
    subject: str | None = None

    def ref(self, name: str) -> set[str]:
        return self.refs.get(name, set())

    def get(self, name: str) -> Any:
        return self.fields.get(name)


@dataclass
class Dataset:
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {t: {} for t in TABLES})
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: objects and rows read, before merging repeated occurrences
    read: int = 0
    #: (file or table, table or id, field) already reported once
    _unknown_seen: set[tuple[str, str, str]] = field(default_factory=set)

    def table(self, name: str) -> dict[str, Record]:
        return self.records[name]

    def error(self, where: str, field_name: str | None, message: str) -> None:
        self.errors.append(Issue(where, field_name, message))

    def warn(self, where: str, field_name: str | None, message: str) -> None:
        self.warnings.append(Issue(where, field_name, message, "warning"))

    def unknown_field(self, file: str, table: str, name: str, where: str) -> None:
        key = (file, table, name)
        if key not in self._unknown_seen:
            self._unknown_seen.add(key)
            self.warn(
                where,
                name,
                f"pole spoza HSDS 3.0 w tabeli {table} – pominięte (dalsze wystąpienia w tym pliku nie są zgłaszane)",
            )

    def lenient(self, file: str, table: str, name: str, where: str) -> None:
        key = (file, table, "#int:" + name)
        if key not in self._unknown_seen:
            self._unknown_seen.add(key)
            self.warn(where, name, "liczba zamiast tekstu – przyjęto jej zapis dziesiętny")

    def add(self, rec: Record) -> None:
        self.read += 1
        have = self.records[rec.table].get(rec.id)
        if have is None:
            self.records[rec.table][rec.id] = rec
            return
        for name, value in rec.fields.items():
            old = have.fields.get(name)
            if old is None:
                have.fields[name] = value
            elif old != value:
                key = (rec.table, rec.id, "#conflict:" + name)
                if key in self._unknown_seen:
                    continue
                self._unknown_seen.add(key)
                message = f"obiekt {rec.table} o tym samym id opisano inaczej w: {have.where}"
                if _conflict_matters(rec.table, name, have, rec):
                    self.error(rec.where, name, message)
                else:
                    self.warn(
                        rec.where,
                        name,
                        message + " – pole nie jest przenoszone do grafu, pozostawiono pierwszą wartość",
                    )
        for name, ids in rec.refs.items():
            have.refs.setdefault(name, set()).update(ids)
        if have.subject is None:
            have.subject = rec.subject

    def raise_errors(self) -> None:
        if self.errors:
            raise HsdsInputError(self.errors)


def _conflict_matters(table: str, name: str, first: Record, second: Record) -> bool:
    """Whether two different values of one field change what is written to the graph."""
    if name in MAPPED_FIELDS.get(table, frozenset()):
        return True
    if table == "location" and name in ("external_identifier", "external_identifier_type"):
        kinds = {first.get("external_identifier_type"), second.get("external_identifier_type")}
        return TERYT_TYPE in kinds
    return False


# ------------------------------------------------------------------ values

_TIME_FIELDS = frozenset({"opens_at", "closes_at"})


def _canonical(name: str, value: str) -> str:
    """``10:00:00`` and ``10:00`` are the same opening time."""
    if name in _TIME_FIELDS and len(value) == 8 and value.endswith(":00") and value[2] == ":":
        return value[:5]
    return value


def _number(raw: Any) -> int | float:
    value = float(raw)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError
    return int(value) if value.is_integer() else value


def _coerce(spec: TableSpec, name: str, raw: Any, *, from_text: bool) -> Any:
    """A typed value, ``None`` for an empty one; ``ValueError`` with a Polish message.

    JSON integers in text fields (``"identifier": 1234567`` in the HSDS
    ``tabular.json`` example) are accepted as their decimal text; the caller
    reports it.
    """
    if raw is None:
        return None
    if from_text:
        text = str(raw).strip()
        if text == "":
            return None
        if spec.is_number(name):
            try:
                return _number(text)
            except ValueError:
                raise ValueError("oczekiwano liczby") from None
        value: Any = text
    elif spec.is_number(name):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError("oczekiwano liczby")
        value = _number(raw)
    else:
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str):
            raise ValueError("oczekiwano tekstu")
        value = raw.strip()
        if value == "":
            return None
    if isinstance(value, str):
        value = _canonical(name, value)
    allowed = spec.enums.get(name)
    if allowed is not None and value not in allowed:
        raise ValueError(f"wartość spoza dozwolonej listy: {', '.join(allowed)}")
    return value


def _subject_table(value: Any) -> str | None:
    """``link_entity``/``resource_type`` as a table name (singular or plural, any case)."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in TABLES:
        return text
    if text in CSV_FILES:
        return CSV_FILES[text]
    plural = {t.csv.removesuffix(".csv"): n for n, t in TABLES.items()}
    return plural.get(text)


def _build(
    ds: Dataset,
    spec: TableSpec,
    values: dict[str, Any],
    where: str,
    file: str,
    *,
    from_text: bool,
    tabular: bool,
    refs: dict[str, set[str]] | None = None,
    subject: str | None = None,
) -> Record | None:
    """Check and type one flat object; ``None`` (with errors recorded) when it has no id."""
    fields: dict[str, Any] = {}
    out_refs: dict[str, set[str]] = {k: set(v) for k, v in (refs or {}).items()}
    bad: set[str] = set()
    for name, raw in values.items():
        if name not in spec.fields:
            ds.unknown_field(file, spec.name, name, where)
            continue
        if not from_text and isinstance(raw, int) and not isinstance(raw, bool) and not spec.is_number(name):
            ds.lenient(file, spec.name, name, where)
        try:
            value = _coerce(spec, name, raw, from_text=from_text)
        except ValueError as exc:
            ds.error(where, name, str(exc))
            bad.add(name)
            continue
        if value is None:
            continue
        if name in FOREIGN_KEYS or name in SUBJECT_REFS:
            out_refs.setdefault(name, set()).add(str(value))
        else:
            fields[name] = value
    required = spec.required + (spec.tabular_required if tabular else ())
    for name in required:
        if out_refs.get(name) or name in fields or name in bad:
            continue
        if values.get(name) is None or name in NON_EMPTY or name in spec.tabular_required:
            ds.error(where, name, "pole wymagane")
    rec_id = fields.pop("id", None)
    if rec_id is None:
        return None
    for ref_name, kind_field in SUBJECT_REFS.items():
        if ref_name in spec.fields:
            if subject is None:
                subject = _subject_table(fields.get(kind_field))
            # A polymorphic reference is kept per table it names ("link_id@service"), so occurrences
            # of one attribute that name different tables stay apart when they are merged.
            if ref_name in out_refs:
                out_refs[f"{ref_name}@{subject or ''}"] = out_refs.pop(ref_name)
    return Record(spec.name, str(rec_id), fields, out_refs, where, subject)


# --------------------------------------------------------------------- CSV


def _csv_rows(ds: Dataset, path: Path, spec: TableSpec) -> None:
    file = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        ds.error(file, None, "plik nie jest zapisany w UTF-8")
        return
    except OSError:
        ds.error(file, None, "nie można odczytać pliku")
        return
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        ds.error(file, None, f"niepoprawny plik CSV ({exc})")
        return
    if not rows:
        ds.error(file, None, "pusty plik (brak nagłówka)")
        return
    header = [h.strip() for h in rows[0]]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        ds.error(f"{file}, wiersz 1", dupes[0], "kolumna powtórzona w nagłówku")
        return
    for name in spec.required + spec.tabular_required:
        if name not in header:
            ds.error(f"{file}, wiersz 1", name, "brak wymaganej kolumny")
    for number, row in enumerate(rows[1:], start=2):
        where = f"{file}, wiersz {number}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            ds.error(where, None, f"wiersz ma {len(row)} pól, a nagłówek {len(header)}")
            continue
        # our exports write formula-like text as "'=…" (graph.cells.neutralise): read it back as written
        row = [restore(cell) for cell in row]
        rec = _build(ds, spec, dict(zip(header, row, strict=True)), where, file, from_text=True, tabular=True)
        if rec is not None:
            ds.add(rec)


def _datapackage_tables(ds: Dataset, directory: Path) -> list[tuple[Path, TableSpec]]:
    """The CSV resources to read: from ``datapackage.json``, or the standard HSDS file names."""
    manifest = directory / "datapackage.json"
    standard = [
        (directory / csv_name, TABLES[t]) for csv_name, t in CSV_FILES.items() if (directory / csv_name).is_file()
    ]
    if not manifest.is_file():
        ds.warn(str(directory), None, "brak datapackage.json – wczytano pliki o standardowych nazwach HSDS")
        return standard
    try:
        raw = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        ds.error("datapackage.json", None, "nie można odczytać pliku (UTF-8)")
        return []
    stripped = raw.strip()
    if stripped and "\n" not in stripped and not stripped.startswith(("{", "[")) and stripped.endswith(".json"):
        # A git symlink checked out as a text file (as in the HSDS examples).
        ds.warn(
            "datapackage.json",
            None,
            "plik zawiera tylko ścieżkę (dowiązanie symboliczne zapisane jako tekst) – "
            "wczytano pliki o standardowych nazwach HSDS",
        )
        return standard
    try:
        package = json.loads(raw)
    except json.JSONDecodeError as exc:
        ds.error(f"datapackage.json, linia {exc.lineno}, kolumna {exc.colno}", None, f"niepoprawny JSON ({exc.msg})")
        return []
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        ds.error("datapackage.json", "resources", "oczekiwano listy zasobów")
        return []
    out: list[tuple[Path, TableSpec]] = []
    for index, res in enumerate(resources):
        where = f"datapackage.json, zasób {index}"
        if not isinstance(res, dict) or not isinstance(res.get("path"), str):
            ds.error(where, "path", "zasób bez ścieżki do pliku")
            continue
        rel = res["path"]
        target = (directory / rel).resolve()
        if directory.resolve() not in target.parents:
            ds.error(where, "path", "ścieżka wychodzi poza katalog pakietu")
            continue
        table = CSV_FILES.get(Path(rel).name) or _subject_table(res.get("name"))
        if table is None:
            ds.warn(where, "name", "zasób spoza HSDS 3.0 – pominięty")
            continue
        if not target.is_file():
            ds.error(where, "path", "brak pliku wskazanego w pakiecie")
            continue
        out.append((target, TABLES[table]))
    return out


def read_datapackage(directory: Path) -> Dataset:
    """Read an HSDS tabular data package (a directory of CSV files)."""
    ds = Dataset()
    tables = _datapackage_tables(ds, directory)
    for path, spec in tables:
        ds.files.append(path.name)
        _csv_rows(ds, path, spec)
    # every other data file of the directory is named, never skipped silently
    used = {p.resolve() for p, _ in tables}
    for other in sorted(directory.iterdir()) if directory.is_dir() else []:
        if (
            other.is_file()
            and other.suffix.lower() in (".csv", ".json", ".tsv", ".txt")
            and other.name != "datapackage.json"
            and other.resolve() not in used
        ):
            ds.warn(
                other.name,
                None,
                "plik nie jest tabelą HSDS 3.0 (nieznana nazwa albo brak w datapackage.json) – nie wczytano go",
            )
    if not ds.files and not ds.errors:
        ds.error(str(directory), None, "katalog nie zawiera plików HSDS")
    return ds


# -------------------------------------------------------------------- JSON

_STRONG_MARKERS: list[tuple[str, tuple[str, ...]]] = [
    ("location", ("location_type",)),
    ("service", ("status", "service_areas", "service_at_locations", "eligibility_description")),
    ("taxonomy_term", ("taxonomy_detail", "taxonomy_id", "term_uri", "parent_id")),
    (
        "organization",
        (
            "organization_identifiers",
            "legal_status",
            "year_incorporated",
            "website",
            "services",
            "locations",
            "programs",
            "parent_organization_id",
            "tax_status",
            "tax_id",
            "logo",
        ),
    ),
    ("service_at_location", ("location", "service", "service_id", "location_id")),
]
#: File-name fragments naming the kind of the objects inside (most specific first).
_HINTS = [
    ("service_at_location", "service_at_location"),
    ("taxonomy_term", "taxonomy_term"),
    ("taxonom", "taxonomy"),
    ("organi", "organization"),
    ("service", "service"),
    ("location", "location"),
]


def _kind_of(obj: dict[str, Any], file: str) -> str | None:
    for table, markers in _STRONG_MARKERS:
        if any(m in obj for m in markers):
            return table
    stem = Path(file).stem.lower()
    for fragment, table in _HINTS:
        if fragment in stem:
            return table
    return None


def _walk(
    ds: Dataset,
    table: str,
    obj: Any,
    where: str,
    file: str,
    refs: dict[str, set[str]] | None = None,
    subject: str | None = None,
) -> str | None:
    """Read a (possibly nested) JSON object of ``table``; returns its id."""
    if not isinstance(obj, dict):
        ds.error(where, None, "oczekiwano obiektu JSON")
        return None
    spec = TABLES[table]
    own_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    up_refs: dict[str, set[str]] = {k: set(v) for k, v in (refs or {}).items()}
    for key, child in spec.children.items():
        if key not in obj or obj[key] is None:
            continue
        value = obj[key]
        single = key in SINGLE_CHILDREN
        if single and not isinstance(value, dict):
            ds.error(where, key, "oczekiwano obiektu JSON")
            continue
        if not single and not isinstance(value, list):
            ds.error(where, key, "oczekiwano listy obiektów")
            continue
        items = [value] if single else value
        down_fk = f"{table}_id"
        for index, item in enumerate(items):
            child_where = f"{where}.{key}" if single else f"{where}.{key}[{index}]"
            if child in ("attribute", "metadata"):
                ref_name = "link_id" if child == "attribute" else "resource_id"
                child_refs = {ref_name: {own_id}} if own_id else {}
                _walk(ds, child, item, child_where, file, child_refs, subject=table)
            elif down_fk in TABLES[child].fields:
                _walk(ds, child, item, child_where, file, {down_fk: {own_id}} if own_id else {})
            else:
                child_id = _walk(ds, child, item, child_where, file)
                if child_id is not None:
                    up_refs.setdefault(f"{child}_id", set()).add(child_id)
    flat = {k: v for k, v in obj.items() if k not in spec.children}
    rec = _build(ds, spec, flat, where, file, from_text=False, tabular=False, refs=up_refs, subject=subject)
    if rec is None:
        return None
    ds.add(rec)
    return rec.id


def _tabular(ds: Dataset, data: dict[str, Any], file: str) -> None:
    """The ``tabular.json`` form: ``{"organizations.csv": [rows…], …}``."""
    for key, rows in data.items():
        table = CSV_FILES.get(key)
        if table is None:
            ds.warn(f"{file}, {key}", None, "tabela spoza HSDS 3.0 – pominięta")
            continue
        if not isinstance(rows, list):
            ds.error(f"{file}, {key}", None, "oczekiwano listy wierszy")
            continue
        for index, row in enumerate(rows):
            where = f"{file}, {key}[{index}]"
            if not isinstance(row, dict):
                ds.error(where, None, "oczekiwano obiektu JSON")
                continue
            rec = _build(ds, TABLES[table], row, where, file, from_text=False, tabular=True)
            if rec is not None:
                ds.add(rec)


def _json_document(ds: Dataset, path: Path) -> None:
    file = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        ds.error(file, None, "plik nie jest zapisany w UTF-8")
        return
    except json.JSONDecodeError as exc:
        ds.error(f"{file}, linia {exc.lineno}, kolumna {exc.colno}", None, f"niepoprawny JSON ({exc.msg})")
        return
    except OSError:
        ds.error(file, None, "nie można odczytać pliku")
        return
    ds.files.append(file)
    if isinstance(data, dict) and data and all(str(k).endswith(".csv") for k in data):
        _tabular(ds, data, file)
        return
    if isinstance(data, dict) and "id" not in data and {"openapi_url", "version"} & data.keys():
        ds.warn(file, None, "metadane API HSDS (odpowiedź GET /) – pominięte")
        return
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items: Iterable[tuple[str, Any]] = (
            (f"{file}, obiekt $.contents[{i}]", o) for i, o in enumerate(data["contents"])
        )
    elif isinstance(data, list):
        items = ((f"{file}, obiekt $[{i}]", o) for i, o in enumerate(data))
    else:
        items = [(f"{file}, obiekt $", data)]
    for where, obj in items:
        if not isinstance(obj, dict):
            ds.error(where, None, "oczekiwano obiektu JSON")
            continue
        kind = _kind_of(obj, file)
        if kind is None:
            ds.error(where, None, "nie rozpoznano rodzaju obiektu HSDS (usługa, organizacja, lokalizacja, taksonomia…)")
            continue
        _walk(ds, kind, obj, where, file)


def read_json(path: Path) -> Dataset:
    """Read HSDS JSON: one file, or every ``*.json`` file of a directory (not recursive)."""
    ds = Dataset()
    files = sorted(p for p in path.glob("*.json") if p.name != "datapackage.json") if path.is_dir() else [path]
    if not files:
        ds.error(str(path), None, "brak plików JSON")
    for file in files:
        _json_document(ds, file)
    return ds


def read_path(path: Path) -> Dataset:
    """A data package directory (``datapackage.json`` or standard CSV names), a JSON file or a JSON directory."""
    if not path.exists():
        ds = Dataset()
        ds.error(str(path), None, "ścieżka nie istnieje")
        return ds
    if path.is_dir():
        if (path / "datapackage.json").is_file() or any((path / name).is_file() for name in CSV_FILES):
            return read_datapackage(path)
        return read_json(path)
    if path.suffix.lower() == ".csv":
        return read_datapackage(path.parent)
    return read_json(path)
