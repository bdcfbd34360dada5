"""The voivode's register of free places in domy pomocy społecznej (DPS) – human XLSX.

Layout (found by content, not by fixed positions): a title with "stan na dzień …", a
multi-row header with merged cells, then per powiat a subtotal row (number, powiat, "X"
in the name/type columns) followed by the DPS rows.  A DPS with several types (art. 56
uops) has its name in a vertically merged cell and one row per type.  Further "X" rows
inside a powiat are subtotals (e.g. gmina-run vs powiat-run homes) and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from importers.parsers._xlsx import (
    Sheet,
    cell_text,
    find_polish_date,
    load_sheets,
    parse_int,
    split_address,
)
from importers.parsers.errors import ImportIssue, ImportValidationError
from importers.parsers.text import clean_text, fold

__all__ = ["DpsFile", "DpsRecord", "DpsTypeRow", "parse_dps_xlsx"]

# (needles that must all occur in the folded header text, field) – first match wins
_COLUMNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("czteroosobow", "kobiet"), "free_women_4bed"),
    (("czteroosobow", "mezczyzn"), "free_men_4bed"),
    (("wolnych", "kobiet"), "free_women"),
    (("wolnych", "mezczyzn"), "free_men"),
    (("czas oczekiwania",), "wait_days"),
    (("oczekujacych",), "waiting"),
    (("wolnych miejsc",), "free"),
    (("skierowanych",), "referred"),
    (("umieszczonych",), "residents"),
    (("przyjetych",), "admitted"),
    (("liczba miejsc",), "places"),
    (("typ dps",), "dps_type"),
    (("dom pomocy",), "name"),
    (("powiat",), "powiat"),
)
_REQUIRED = ("powiat", "name", "dps_type", "places", "residents", "free")
_LABELS = {
    "powiat": "Powiat",
    "name": "Dom Pomocy Społecznej (nazwa i adres)",
    "dps_type": "Typ DPS",
    "places": "Liczba miejsc",
    "referred": "Liczba osób skierowanych",
    "residents": "Liczba osób umieszczonych",
    "admitted": "Liczba osób przyjętych",
    "free": "Liczba wolnych miejsc",
    "free_women": "Wolne miejsca dla kobiet",
    "free_women_4bed": "Wolne miejsca dla kobiet w pokojach 4-os.",
    "free_men": "Wolne miejsca dla mężczyzn",
    "free_men_4bed": "Wolne miejsca dla mężczyzn w pokojach 4-os.",
    "waiting": "Liczba osób oczekujących",
    "wait_days": "Przewidywany czas oczekiwania (dni)",
}
_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*\.?\s*$")
_OPERATOR = re.compile(r"^(?:Miasto i Gmina|Gmina i Miasto|Gmina|Miasto)\s+\S")


@dataclass(frozen=True, slots=True)
class DpsTypeRow:
    """Numbers for one DPS type (art. 56 uops) in one home."""

    dps_type: str  # e.g. "dla osób w podeszłym wieku"
    places: int  # per the voivode's decision
    referred: int | None  # osoby skierowane
    residents: int  # osoby umieszczone
    admitted: int | None  # osoby przyjęte
    free: int  # wolne miejsca ogółem
    free_women: int | None
    free_women_4bed: int | None
    free_men: int | None
    free_men_4bed: int | None
    waiting: int | None  # osoby oczekujące
    wait_days: int | None  # przewidywany czas oczekiwania (dni)
    row: int


@dataclass(frozen=True, slots=True)
class DpsRecord:
    """One DPS entry (a filled name cell) with its type rows."""

    powiat: str  # as written: "bocheński", "m. Kraków"
    powiat_no: int | None  # "1." … "22." in the sheet
    operator: str | None  # "Gmina Borzęcin", "Miasto Kraków" (prefix of the name cell)
    name: str
    street: str | None
    postal_code: str | None
    locality: str | None  # after the postal code (may include a house number)
    raw_text: str  # the name cell, single-spaced
    types: tuple[DpsTypeRow, ...]
    row: int

    @property
    def home_key(self) -> str:
        """Identity of the home: the same DPS may be listed in several rows (per type)."""
        return fold(f"{self.name} {self.street or ''} {self.postal_code or ''}")

    @property
    def places(self) -> int:
        return sum(t.places for t in self.types)

    @property
    def residents(self) -> int:
        return sum(t.residents for t in self.types)

    @property
    def free(self) -> int:
        return sum(t.free for t in self.types)

    @property
    def waiting(self) -> int | None:
        values = [t.waiting for t in self.types if t.waiting is not None]
        return sum(values) if values else None


@dataclass(slots=True)
class DpsFile:
    source: str
    as_of: date | None  # "stan na dzień 31 lipca 2026 r."
    records: list[DpsRecord]
    warnings: list[ImportIssue] = field(default_factory=list)


def _classify(text: str) -> str | None:
    folded = fold(text)
    for needles, name in _COLUMNS:
        if all(n in folded for n in needles):
            return name
    return None


def _find_header(sheet: Sheet) -> tuple[int, int, dict[str, int]]:
    """(header row, first data row, field → column)."""
    for r in sheet.rows():
        folded = [fold(t) for t in sheet.row_texts(r)]
        if "powiat" in folded and any("dom pomocy" in t for t in folded):
            header_row = r
            break
    else:
        raise ImportValidationError(
            sheet.file,
            None,
            None,
            "Nie znaleziono wiersza nagłówka (kolumny 'Powiat', 'Dom Pomocy Społecznej…').",
        )
    powiat_col = [fold(t) for t in sheet.row_texts(header_row)].index("powiat") + 1
    first_data = None
    for r in range(header_row + 1, sheet.max_row + 1):
        if cell_text(sheet.raw(r, powiat_col)) and any(
            _NUMBERED.match(cell_text(sheet.raw(r, c))) for c in range(1, powiat_col)
        ):
            first_data = r
            break
    if first_data is None:
        raise ImportValidationError(sheet.file, header_row, None, "Brak wierszy z danymi pod nagłówkiem.")
    columns: dict[str, int] = {}
    for c in range(1, sheet.max_col + 1):
        parts: list[str] = []
        for r in range(header_row, first_data):
            t = cell_text(sheet.value(r, c))
            if t and t not in parts:
                parts.append(t)
        name = _classify(" | ".join(parts)) if parts else None
        if name and name not in columns:
            columns[name] = c
    for req in _REQUIRED:
        if req not in columns:
            raise ImportValidationError(sheet.file, header_row, _LABELS[req], "Brak wymaganej kolumny w nagłówku.")
    if powiat_col > 1:
        columns["powiat_no"] = powiat_col - 1
    return header_row, first_data, columns


def _wait_days(value: object, file: str, row: int) -> int | None:
    if isinstance(value, str) and value.strip().upper() in ("X", "-", "—", ""):
        return None
    return parse_int(value, file, row, _LABELS["wait_days"], required=False)


def parse_dps_xlsx(path: str | Path) -> DpsFile:
    """Parse ``dps_wolne_miejsca_malopolskie_2026-07-31.xlsx``: one record per DPS entry."""
    sheet = load_sheets(path)[0]
    f = sheet.file
    _header_row, first_data, cols = _find_header(sheet)
    as_of = None
    for r in range(1, first_data):
        text = " ".join(sheet.row_texts(r))
        if "stan na" in fold(text):
            as_of = find_polish_date(text)
            break

    records: list[DpsRecord] = []
    warnings: list[ImportIssue] = []
    powiat: str | None = None
    powiat_no: int | None = None
    current: dict[str, Any] | None = None  # fields of the DPS being read
    current_types: list[DpsTypeRow] = []
    subtotal_places = 0

    def close() -> None:
        nonlocal current, current_types
        if current is not None:
            records.append(DpsRecord(**current, types=tuple(current_types)))
        current, current_types = None, []

    def num(name: str, r: int, required: bool = False) -> int | None:
        col = cols.get(name)
        return parse_int(sheet.raw(r, col), f, r, _LABELS[name], required=required) if col else None

    for r in range(first_data, sheet.max_row + 1):
        p_text = cell_text(sheet.value(r, cols["powiat"]))
        if p_text and not sheet.is_continuation(r, cols["powiat"]):
            powiat = p_text
            no = _NUMBERED.match(cell_text(sheet.raw(r, cols["powiat_no"]))) if "powiat_no" in cols else None
            powiat_no = int(no.group(1)) if no else None
        name_raw = sheet.raw(r, cols["name"])
        name_text = cell_text(name_raw)
        type_text = cell_text(sheet.raw(r, cols["dps_type"]))
        if name_text.upper() == "X" or type_text.upper() == "X":
            close()  # subtotal row
            subtotal = parse_int(sheet.raw(r, cols["places"]), f, r, _LABELS["places"], required=False)
            subtotal_places += subtotal or 0
            continue
        if not name_text and not type_text:
            continue
        if powiat is None:
            raise ImportValidationError(f, r, _LABELS["powiat"], "Wiersz DPS przed pierwszym powiatem.")
        if not type_text:
            raise ImportValidationError(f, r, _LABELS["dps_type"], "Brak typu DPS.")
        if name_text:
            close()
            chunks = [c for c in re.split(r"\s{2,}|\n", str(name_raw).replace("''", '"')) if c.strip()]
            operator = None
            if len(chunks) > 1 and _OPERATOR.match(chunks[0].strip()):
                operator = clean_text(chunks[0])
                chunks = chunks[1:]
            dps_name, street, postal, locality = split_address(" ".join(chunks))
            if postal is None:
                warnings.append(ImportIssue(f, r, _LABELS["name"], "Brak kodu pocztowego w adresie DPS."))
            current = {
                "powiat": powiat,
                "powiat_no": powiat_no,
                "operator": operator,
                "name": dps_name,
                "street": street,
                "postal_code": postal,
                "locality": locality,
                "raw_text": name_text,
                "row": r,
            }
        elif current is None:
            raise ImportValidationError(f, r, _LABELS["name"], "Wiersz z typem DPS bez nazwy domu.")
        places = num("places", r, required=True)
        residents = num("residents", r, required=True)
        free = num("free", r, required=True)
        assert places is not None and residents is not None and free is not None
        row = DpsTypeRow(
            dps_type=type_text,
            places=places,
            referred=num("referred", r),
            residents=residents,
            admitted=num("admitted", r),
            free=free,
            free_women=num("free_women", r),
            free_women_4bed=num("free_women_4bed", r),
            free_men=num("free_men", r),
            free_men_4bed=num("free_men_4bed", r),
            waiting=num("waiting", r),
            wait_days=_wait_days(sheet.raw(r, cols["wait_days"]), f, r) if "wait_days" in cols else None,
            row=r,
        )
        if residents > places:
            warnings.append(
                ImportIssue(
                    f,
                    r,
                    _LABELS["residents"],
                    "Liczba osób umieszczonych większa niż liczba miejsc.",
                )
            )
        if row.free_women is not None and row.free_men is not None and row.free_women + row.free_men != free:
            warnings.append(
                ImportIssue(
                    f,
                    r,
                    _LABELS["free"],
                    f"Wolne miejsca dla kobiet ({row.free_women}) i mężczyzn ({row.free_men}) "
                    f"nie sumują się do liczby wolnych miejsc ({free}).",
                )
            )
        current_types.append(row)
    close()
    total = sum(rec.places for rec in records)
    if subtotal_places and subtotal_places != total:
        warnings.append(
            ImportIssue(
                f,
                None,
                _LABELS["places"],
                f"Suma miejsc w wierszach podsumowań ({subtotal_places}) różni się od sumy miejsc w domach ({total}).",
            )
        )
    if not records:
        raise ImportValidationError(f, None, None, "Arkusz nie zawiera żadnych DPS.")
    return DpsFile(f, as_of, records, warnings)
