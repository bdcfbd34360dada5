"""Declarative layouts of institution registers: one YAML file per layout.

The format is documented in ``importers/registers/mappings/README.md``.  A new
voivodeship's register loads by writing a mapping file – no code change.
Every problem of a mapping file is reported at once, in Polish, with the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importers.parsers.errors import ImportValidationError
from importers.parsers.text import fold

__all__ = [
    "FIELDS",
    "NUMBER_FIELDS",
    "ColumnSpec",
    "DateSource",
    "Layout",
    "RowRule",
    "load_layout",
    "layout_dir",
    "list_layouts",
]

#: Text fields a column may fill.
TEXT_FIELDS = ("lp", "powiat", "gmina", "name", "address", "type", "phone", "operator")
#: Number fields (per type row): places per decision, residents, free places, waiting list.
NUMBER_FIELDS = ("places", "residents", "free", "waiting")
FIELDS = TEXT_FIELDS + NUMBER_FIELDS
FIELD_LABELS = {
    "lp": "Lp.",
    "powiat": "powiat",
    "gmina": "gmina",
    "name": "nazwa",
    "address": "adres",
    "type": "typ",
    "phone": "telefon",
    "operator": "prowadzący",
    "places": "liczba miejsc",
    "residents": "liczba mieszkańców",
    "free": "wolne miejsca",
    "waiting": "lista oczekujących",
}
_IDENTITY_PARTS = ("powiat", "gmina", "name", "street", "postal_code", "locality", "phone")
_TOP_KEYS = {
    "name",
    "description",
    "institution_type",
    "register",
    "voivodeship",
    "sheet",
    "header",
    "columns",
    "personal",
    "records",
    "identity",
    "edition_date",
    "service",
}


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    field: str
    labels: tuple[str, ...]  # folded; a column whose header text contains one of them
    monthly: bool = False  # one column per month I–XII under the label: the edition's month is read
    required: bool = True


@dataclass(frozen=True, slots=True)
class RowRule:
    column: str  # a field name
    equals: tuple[str, ...] = ()  # folded values
    matches: re.Pattern[str] | None = None  # on the folded text

    def hit(self, folded: str) -> bool:
        return folded in self.equals or bool(self.matches and self.matches.search(folded))


@dataclass(frozen=True, slots=True)
class Extract:
    column: str  # the field whose cell is split
    pattern: re.Pattern[str]  # named groups are fields: "(?P<gmina>.*) \\(powiat (?P<powiat>.*)\\)"


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """What one row (type) of the register offers: name template, category, legal basis."""

    name: str = "Całodobowa opieka – dom pomocy społecznej {type}"
    category: str = "opieka-calodobowa"
    legal_basis: str = "art. 54–59 ustawy o pomocy społecznej (typ domu: art. 56)"


@dataclass(frozen=True, slots=True)
class DateSource:
    kind: str  # "title" | "header_of" | "file_name"
    value: str  # folded text to look for / field name / ""


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    description: str
    institution_type: str
    register: str
    voivodeship: str | None
    sheet: str | int | None
    header_labels: tuple[str, ...]
    header_height: int
    header_repeats: bool
    columns: tuple[ColumnSpec, ...]
    personal: tuple[str, ...]  # folded labels of columns never read (names of people)
    starts_at: str
    carry: tuple[str, ...]
    skip: tuple[RowRule, ...]
    stop: tuple[RowRule, ...]
    section: re.Pattern[str] | None  # a row with one text matching this sets the type
    address_in: str  # field holding name + address (+ phones)
    identity: tuple[str, ...]
    edition_date: tuple[DateSource, ...]
    extract: tuple[Extract, ...] = ()
    service: ServiceSpec = ServiceSpec()
    path: Path = field(default=Path("."), compare=False)


def layout_dir() -> Path:
    """The mappings shipped with Kooperacja."""
    return Path(__file__).resolve().parents[1] / "registers" / "mappings"


def list_layouts(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or layout_dir()).glob("*.yaml"))


def load_layout(name_or_path: str | Path, directory: Path | None = None) -> Layout:
    """A mapping by name (from ``directory``, default the shipped ones) or by path."""
    p = Path(name_or_path)
    if p.suffix not in (".yaml", ".yml"):
        p = (directory or layout_dir()) / f"{name_or_path}.yaml"
    if not p.is_file():
        known = ", ".join(list_layouts(directory)) or "brak"
        raise ImportValidationError(
            str(name_or_path), None, None, f"Nie ma takiego układu rejestru. Dostępne układy: {known}."
        )
    import yaml  # local: only the register importer needs it

    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ImportValidationError(
            p.name, line + 1 if line is not None else None, None, "Plik układu nie jest poprawnym YAML."
        ) from exc
    problems: list[str] = []
    layout = _build(p, data if isinstance(data, dict) else {}, problems)
    if not isinstance(data, dict):
        problems.insert(0, "plik powinien zawierać słownik kluczy (name, header, columns, …)")
    if problems:
        raise ImportValidationError(p.name, None, None, "Błędy w pliku układu: " + "; ".join(problems) + ".")
    assert layout is not None
    return layout


def _labels(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(fold(str(v)) for v in items if str(v).strip())


def _rules(value: Any, key: str, problems: list[str]) -> tuple[RowRule, ...]:
    rules: list[RowRule] = []
    for i, item in enumerate(value or []):
        if not isinstance(item, dict) or item.get("column") not in FIELDS:
            problems.append(f"{key}[{i}]: potrzebny klucz 'column' z nazwą pola ({', '.join(FIELDS)})")
            continue
        pattern = None
        if "matches" in item:
            try:
                pattern = re.compile(str(item["matches"]))
            except re.error:
                problems.append(f"{key}[{i}].matches: niepoprawne wyrażenie regularne")
        rules.append(RowRule(item["column"], _labels(item.get("equals", [])) if "equals" in item else (), pattern))
    return tuple(rules)


def _build(p: Path, d: dict[str, Any], problems: list[str]) -> Layout | None:
    for key in sorted(set(d) - _TOP_KEYS):
        problems.append(f"nieznany klucz '{key}'")
    for key in ("institution_type", "register", "header", "columns"):
        if key not in d:
            problems.append(f"brak klucza '{key}'")
    header = d.get("header") or {}
    columns: list[ColumnSpec] = []
    for fname, spec in (d.get("columns") or {}).items():
        if fname not in FIELDS:
            problems.append(f"columns.{fname}: nieznane pole (dozwolone: {', '.join(FIELDS)})")
            continue
        if isinstance(spec, dict):
            labels = _labels(spec.get("label", []))
            columns.append(
                ColumnSpec(fname, labels, bool(spec.get("monthly", False)), not bool(spec.get("optional", False)))
            )
        else:
            labels = _labels(spec)
            columns.append(ColumnSpec(fname, labels))
        if not labels:
            problems.append(f"columns.{fname}: brak etykiety kolumny")
    col_fields = {c.field for c in columns}
    if "name" not in col_fields and d.get("columns"):
        problems.append("columns: potrzebna kolumna 'name' (nazwa instytucji)")
    records = d.get("records") or {}
    starts_at = records.get("starts_at", "name")
    if starts_at not in col_fields and d.get("columns"):
        problems.append(f"records.starts_at: pole '{starts_at}' nie ma kolumny")
    section = None
    if records.get("section"):
        try:
            section = re.compile(str(records["section"]))
        except re.error:
            problems.append("records.section: niepoprawne wyrażenie regularne")
    identity = tuple(d.get("identity") or ("powiat", "name"))
    for part in identity:
        if part not in _IDENTITY_PARTS:
            problems.append(f"identity: nieznana część '{part}' (dozwolone: {', '.join(_IDENTITY_PARTS)})")
    dates: list[DateSource] = []
    for i, item in enumerate(d.get("edition_date") or []):
        if isinstance(item, dict) and "title" in item:
            dates.append(DateSource("title", fold(str(item["title"]))))
        elif isinstance(item, dict) and item.get("header_of") in col_fields:
            dates.append(DateSource("header_of", str(item["header_of"])))
        elif isinstance(item, dict) and item.get("file_name"):
            dates.append(DateSource("file_name", ""))
        else:
            problems.append(f"edition_date[{i}]: oczekiwano 'title: TEKST', 'header_of: POLE' albo 'file_name: true'")
    if not dates:
        problems.append("edition_date: podaj, skąd wziąć datę wydania (title / header_of / file_name)")
    try:
        height = int(header.get("height", 1))
    except (TypeError, ValueError):
        height = 0
    if height < 1:
        problems.append("header.height: liczba wierszy nagłówka (≥ 1)")
    labels = _labels(header.get("labels", []))
    if not labels:
        problems.append("header.labels: etykiety, po których rozpoznać wiersz nagłówka")
    extracts: list[Extract] = []
    for i, item in enumerate(records.get("extract") or []):
        try:
            pattern = re.compile(str(item.get("pattern", ""))) if isinstance(item, dict) else None
        except re.error:
            pattern = None
        if not isinstance(item, dict) or item.get("column") not in FIELDS or pattern is None or not pattern.groupindex:
            problems.append(
                f"records.extract[{i}]: potrzebne 'column' (pole) i 'pattern' z nazwanymi grupami (?P<pole>…)"
            )
            continue
        for group in pattern.groupindex:
            if group not in FIELDS:
                problems.append(f"records.extract[{i}]: grupa '{group}' nie jest nazwą pola")
        extracts.append(Extract(item["column"], pattern))
    svc = d.get("service") or {}
    if not isinstance(svc, dict) or set(svc) - {"name", "category", "legal_basis"}:
        problems.append("service: dozwolone klucze name, category, legal_basis")
        svc = {}
    service = ServiceSpec(**{k: str(v) for k, v in svc.items()})
    skip = _rules(records.get("skip"), "records.skip", problems)
    stop = _rules(records.get("stop"), "records.stop", problems)
    if problems:
        return None
    return Layout(
        name=str(d.get("name") or p.stem),
        description=str(d.get("description") or ""),
        institution_type=str(d["institution_type"]),
        register=str(d["register"]),
        voivodeship=str(d["voivodeship"]).zfill(2) if d.get("voivodeship") is not None else None,
        sheet=d.get("sheet"),
        header_labels=labels,
        header_height=height,
        header_repeats=bool(header.get("repeats", False)),
        columns=tuple(columns),
        personal=_labels(d.get("personal", [])),
        starts_at=starts_at,
        carry=tuple(records.get("carry", [])),
        skip=skip,
        stop=stop,
        section=section,
        address_in=str(records.get("address_in", "name")),
        identity=identity,
        edition_date=tuple(dates),
        extract=tuple(extracts),
        service=service,
        path=p,
    )
