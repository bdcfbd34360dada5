"""Lists of gmina/powiat social-assistance centres (OPS, MOPS, GOPS, CUS, PCPR, MOPR).

* ``ops_malopolska_geo.csv`` – Małopolskie, RJPS export with coordinates (comma CSV, BOM,
  multi-line quoted opening hours);
* ``ops_slaskie.csv`` – Śląskie, one centre per gmina, names only (no TERYT codes).

TERYT codes and gmina names are kept raw here; resolve them with
:class:`importers.parsers.gmina_match.GminaMatcher`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from importers.parsers._csvutil import parse_float, read_csv_records, shown
from importers.parsers.centroids import LAT_RANGE, LON_RANGE
from importers.parsers.errors import ImportIssue, ImportValidationError
from importers.parsers.records import ParsedFile
from importers.parsers.text import clean_text

__all__ = [
    "MALOPOLSKA_KINDS",
    "SLASKIE_KINDS",
    "OpsMalopolskaRecord",
    "OpsSlaskieRecord",
    "parse_ops_malopolska",
    "parse_ops_slaskie",
]

MALOPOLSKA_KINDS = frozenset({"OPS", "PCPR", "CUS", "MOPR"})
SLASKIE_KINDS = frozenset({"GOPS", "MOPS", "CUS"})
GEO_PRECISIONS = frozenset({"miejscowosc", "gmina_centrum", "dzielnica"})
_POSTAL = re.compile(r"^\d{2}-\d{3}$")
_UNIT_ID = re.compile(r"^(\d+)(?:\.0+)?$")
_TERYT7 = re.compile(r"^\d{7}$")


@dataclass(frozen=True, slots=True)
class OpsMalopolskaRecord:
    kind: str  # OPS | PCPR | CUS | MOPR
    unit_id: int  # RJPS id_jednostki
    voivodeship: str
    powiat: str
    gmina: str
    name: str
    postal_code: str | None
    locality: str | None
    street: str | None
    house_number: str | None
    phone: str | None
    www: str | None
    email: str | None
    opening_hours: str | None  # multi-line text, kept as is (stripped)
    teryt_raw: str  # teryt_gminy as given – often not a valid TERC code
    lat: float
    lon: float
    geo_precision: str  # miejscowosc | gmina_centrum | dzielnica
    source_note: str  # "uwagi"
    row: int


@dataclass(frozen=True, slots=True)
class OpsSlaskieRecord:
    kind: str  # GOPS | MOPS | CUS
    voivodeship: str
    powiat: str
    gmina_raw: str  # as written, may be dirty ("Żarki Miejsko")
    name: str
    postal_code: str | None
    locality: str | None
    address: str | None
    phone: str | None
    email: str | None
    row: int


def _opt(value: str) -> str | None:
    return clean_text(value) or None


def _required(value: str, file: str, row: int, field: str) -> str:
    text = clean_text(value)
    if not text:
        raise ImportValidationError(file, row, field, "Brak wymaganej wartości.")
    return text


def _check_contacts(
    file: str,
    row: int,
    postal: str | None,
    email: str | None,
    warnings: list[ImportIssue],
    postal_field: str = "kod_pocztowy",
) -> None:
    if postal and not _POSTAL.match(postal):
        warnings.append(ImportIssue(file, row, postal_field, "Kod pocztowy nie ma formatu NN-NNN."))
    if email and ("@" not in email or " " in email):
        # never echo the value: e-mails may be personal data
        warnings.append(ImportIssue(file, row, "email", "Nieprawidłowy adres e-mail."))


_MALOPOLSKA_COLUMNS = (
    "typ",
    "id_jednostki",
    "wojewodztwo",
    "powiat",
    "gmina",
    "nazwa",
    "kod_pocztowy",
    "miejscowosc",
    "ulica",
    "numer_domu",
    "telefon",
    "www",
    "email",
    "godziny_pracy",
    "teryt_gminy",
    "latitude",
    "longitude",
    "geo_precyzja",
    "uwagi",
)


def parse_ops_malopolska(path: str | Path) -> ParsedFile[OpsMalopolskaRecord]:
    """Parse ``ops_malopolska_geo.csv`` (195 records: OPS 163, PCPR 16, CUS 14, MOPR 2)."""
    p = Path(path)
    f = p.name
    records: list[OpsMalopolskaRecord] = []
    warnings: list[ImportIssue] = []
    seen_ids: dict[int, int] = {}
    for rec in read_csv_records(p, _MALOPOLSKA_COLUMNS):
        row = rec.row
        kind = _required(rec["typ"], f, row, "typ").upper()
        if kind not in MALOPOLSKA_KINDS:
            raise ImportValidationError(
                f,
                row,
                "typ",
                f"Nieznany typ jednostki '{shown(kind)}' (dozwolone: OPS, PCPR, CUS, MOPR).",
            )
        raw_id = rec["id_jednostki"].strip()
        m = _UNIT_ID.match(raw_id)
        if not m:
            raise ImportValidationError(
                f,
                row,
                "id_jednostki",
                f"Identyfikator jednostki musi być liczbą (jest '{shown(raw_id)}').",
            )
        unit_id = int(m.group(1))
        first = seen_ids.setdefault(unit_id, row)
        if first != row:
            raise ImportValidationError(
                f,
                row,
                "id_jednostki",
                f"Powtórzony identyfikator {unit_id} (pierwszy raz w wierszu {first}).",
            )
        teryt = rec["teryt_gminy"].strip()
        if not _TERYT7.match(teryt):
            raise ImportValidationError(
                f, row, "teryt_gminy", f"Kod TERYT gminy musi mieć 7 cyfr (jest '{shown(teryt)}')."
            )
        geo = rec["geo_precyzja"].strip()
        if geo not in GEO_PRECISIONS:
            warnings.append(ImportIssue(f, row, "geo_precyzja", f"Nieznana dokładność geokodowania '{shown(geo)}'."))
        postal = _opt(rec["kod_pocztowy"])
        email = _opt(rec["email"])
        _check_contacts(f, row, postal, email, warnings)
        hours = rec["godziny_pracy"].replace("\r\n", "\n").strip() or None
        records.append(
            OpsMalopolskaRecord(
                kind=kind,
                unit_id=unit_id,
                voivodeship=_required(rec["wojewodztwo"], f, row, "wojewodztwo"),
                powiat=_required(rec["powiat"], f, row, "powiat"),
                gmina=_required(rec["gmina"], f, row, "gmina"),
                name=_required(rec["nazwa"], f, row, "nazwa"),
                postal_code=postal,
                locality=_opt(rec["miejscowosc"]),
                street=_opt(rec["ulica"]),
                house_number=_opt(rec["numer_domu"]),
                phone=_opt(rec["telefon"]),
                www=_opt(rec["www"]),
                email=email,
                opening_hours=hours,
                teryt_raw=teryt,
                lat=parse_float(rec["latitude"], f, row, "latitude", *LAT_RANGE),
                lon=parse_float(rec["longitude"], f, row, "longitude", *LON_RANGE),
                geo_precision=geo,
                source_note=clean_text(rec["uwagi"]),
                row=row,
            )
        )
    if not records:
        raise ImportValidationError(f, None, None, "Plik nie zawiera żadnych rekordów.")
    return ParsedFile(f, records, warnings)


_SLASKIE_COLUMNS = (
    "typ",
    "wojewodztwo",
    "powiat",
    "gmina",
    "nazwa",
    "kod_pocztowy",
    "miejscowosc",
    "adres",
    "telefon",
    "email",
)


def parse_ops_slaskie(path: str | Path) -> ParsedFile[OpsSlaskieRecord]:
    """Parse ``ops_slaskie.csv`` (167 records, one per gmina of woj. śląskie)."""
    p = Path(path)
    f = p.name
    records: list[OpsSlaskieRecord] = []
    warnings: list[ImportIssue] = []
    for rec in read_csv_records(p, _SLASKIE_COLUMNS):
        row = rec.row
        kind = _required(rec["typ"], f, row, "typ").upper()
        if kind not in SLASKIE_KINDS:
            raise ImportValidationError(
                f,
                row,
                "typ",
                f"Nieznany typ jednostki '{shown(kind)}' (dozwolone: GOPS, MOPS, CUS).",
            )
        postal = _opt(rec["kod_pocztowy"])
        email = _opt(rec["email"])
        _check_contacts(f, row, postal, email, warnings)
        records.append(
            OpsSlaskieRecord(
                kind=kind,
                voivodeship=_required(rec["wojewodztwo"], f, row, "wojewodztwo"),
                powiat=_required(rec["powiat"], f, row, "powiat"),
                gmina_raw=_required(rec["gmina"], f, row, "gmina"),
                name=_required(rec["nazwa"], f, row, "nazwa"),
                postal_code=postal,
                locality=_opt(rec["miejscowosc"]),
                address=_opt(rec["adres"]),
                phone=_opt(rec["telefon"]),
                email=email,
                row=row,
            )
        )
    if not records:
        raise ImportValidationError(f, None, None, "Plik nie zawiera żadnych rekordów.")
    return ParsedFile(f, records, warnings)
