"""Current KRS extracts ("odpis aktualny", register RejS) as returned by the KRS API (JSON).

Only institution data is read; members of bodies (names/PESEL, masked by the API anyway)
are ignored on purpose.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from importers.parsers.errors import ImportIssue, ImportValidationError, os_error_message
from importers.parsers.records import ParsedFile
from importers.parsers.text import clean_text

__all__ = [
    "KrsAddress",
    "KrsRecord",
    "KrsSeat",
    "nip_is_valid",
    "parse_krs",
    "parse_krs_dir",
    "regon_is_valid",
]

_KRS = re.compile(r"^\d{10}$")
_POSTAL = re.compile(r"^\d{2}-\d{3}$")


@dataclass(frozen=True, slots=True)
class KrsSeat:
    """``siedziba`` – the registered seat (names as in KRS: UPPERCASE)."""

    country: str
    voivodeship: str
    powiat: str
    gmina: str
    locality: str


@dataclass(frozen=True, slots=True)
class KrsAddress:
    street: str | None
    house_number: str | None
    flat_number: str | None
    locality: str
    postal_code: str | None  # missing in some extracts
    post_office: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class KrsRecord:
    krs_number: str  # 10 digits, zero-padded
    name: str
    legal_form: str  # e.g. "STOWARZYSZENIE", "FUNDACJA", "STOWARZYSZENIE KULTURY FIZYCZNEJ"
    register: str  # "RejS" (stowarzyszenia, fundacje…) or "RejP"
    seat: KrsSeat
    address: KrsAddress
    is_opp: bool  # status organizacji pożytku publicznego
    goals: str  # dział 3: cel działania organizacji (statutory goals)
    regon: str | None  # 9 digits (a 14-digit REGON ending in 00000 is shortened)
    nip: str | None
    registered_on: date | None  # dataRejestracjiWKRS
    state_as_of: date | None  # stanZDnia of the extract
    file: str


def regon_is_valid(regon: str) -> bool:
    """Checksum of a 9- or 14-digit REGON."""
    weights: tuple[int, ...]
    if regon.isdigit() and len(regon) == 9:
        weights = (8, 9, 2, 3, 4, 5, 6, 7)
    elif regon.isdigit() and len(regon) == 14:
        weights = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
    else:
        return False
    check = sum(int(d) * w for d, w in zip(regon, weights, strict=False)) % 11 % 10
    return check == int(regon[-1])


def nip_is_valid(nip: str) -> bool:
    digits = re.sub(r"[\s-]", "", nip)
    if not (digits.isdigit() and len(digits) == 10):
        return False
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    return check != 10 and check == int(digits[9])


def _get(data: Any, path: str, file: str, *, required: bool = True) -> Any:
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            if required:
                raise ImportValidationError(file, None, path, "Brak wymaganego elementu w odpisie KRS.")
            return None
        node = node[part]
    return node


def _text(data: Any, path: str, file: str, *, required: bool = True) -> str | None:
    value = _get(data, path, file, required=required)
    if value is None:
        return None
    if not isinstance(value, str | int):
        raise ImportValidationError(file, None, path, "Oczekiwano tekstu.")
    text = clean_text(str(value))
    if required and not text:
        raise ImportValidationError(file, None, path, "Pusta wartość wymaganego elementu.")
    return text or None


def _date(data: Any, path: str, file: str) -> date | None:
    raw = _text(data, path, file, required=False)
    if raw is None:
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ImportValidationError(file, None, path, f"Nieprawidłowa data '{raw[:20]}' (oczekiwano DD.MM.RRRR).")


def parse_krs(path: str | Path) -> KrsRecord:
    """Parse one KRS JSON extract (e.g. ``krs-ngo-sample/0000096794.json``)."""
    p = Path(path)
    f = p.name
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ImportValidationError(f, None, None, os_error_message(exc)) from exc
    if not raw.strip():
        raise ImportValidationError(f, None, None, "Plik jest pusty.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportValidationError(f, None, None, "Plik nie jest zapisany w kodowaniu UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise ImportValidationError(f, exc.lineno, None, f"Niepoprawny JSON ({exc.msg}, kolumna {exc.colno}).") from exc

    odpis = _get(data, "odpis", f)
    number = _text(odpis, "naglowekA.numerKRS", f) or ""
    if not _KRS.match(number):
        raise ImportValidationError(f, None, "naglowekA.numerKRS", "Numer KRS musi mieć 10 cyfr.")
    if _KRS.match(p.stem) and p.stem != number:
        raise ImportValidationError(
            f,
            None,
            "naglowekA.numerKRS",
            f"Numer KRS w treści ({number}) różni się od nazwy pliku.",
        )
    d1 = "dane.dzial1"
    subject = f"{d1}.danePodmiotu"
    seat_path = f"{d1}.siedzibaIAdres.siedziba"
    addr_path = f"{d1}.siedzibaIAdres.adres"
    postal = _text(odpis, f"{addr_path}.kodPocztowy", f, required=False)
    if postal is not None and not _POSTAL.match(postal):
        raise ImportValidationError(f, None, f"{addr_path}.kodPocztowy", "Kod pocztowy nie ma formatu NN-NNN.")
    opp = _get(odpis, f"{subject}.czyPosiadaStatusOPP", f, required=False)
    if opp is not None and not isinstance(opp, bool):
        raise ImportValidationError(f, None, f"{subject}.czyPosiadaStatusOPP", "Oczekiwano wartości logicznej.")
    regon = _text(odpis, f"{subject}.identyfikatory.regon", f, required=False)
    if regon is not None:
        if len(regon) == 14 and regon.endswith("00000"):
            regon = regon[:9]  # KRS pads 9-digit REGONs with zeros
        if not regon_is_valid(regon):
            raise ImportValidationError(
                f,
                None,
                f"{subject}.identyfikatory.regon",
                "Nieprawidłowy numer REGON (suma kontrolna).",
            )
    nip = _text(odpis, f"{subject}.identyfikatory.nip", f, required=False)
    if nip is not None and not nip_is_valid(nip):
        raise ImportValidationError(
            f, None, f"{subject}.identyfikatory.nip", "Nieprawidłowy numer NIP (suma kontrolna)."
        )
    goals = _get(odpis, "dane.dzial3.celDzialaniaOrganizacji.celDzialania", f)
    if not isinstance(goals, str) or not goals.strip():
        raise ImportValidationError(
            f,
            None,
            "dane.dzial3.celDzialaniaOrganizacji.celDzialania",
            "Brak celów działania organizacji.",
        )

    def seat(part: str) -> str:
        return _text(odpis, f"{seat_path}.{part}", f) or ""

    return KrsRecord(
        krs_number=number,
        name=_text(odpis, f"{subject}.nazwa", f) or "",
        legal_form=_text(odpis, f"{subject}.formaPrawna", f) or "",
        register=_text(odpis, "naglowekA.rejestr", f) or "",
        seat=KrsSeat(
            country=seat("kraj"),
            voivodeship=seat("wojewodztwo"),
            powiat=seat("powiat"),
            gmina=seat("gmina"),
            locality=seat("miejscowosc"),
        ),
        address=KrsAddress(
            street=_text(odpis, f"{addr_path}.ulica", f, required=False),
            house_number=_text(odpis, f"{addr_path}.nrDomu", f, required=False),
            flat_number=_text(odpis, f"{addr_path}.nrLokalu", f, required=False),
            locality=_text(odpis, f"{addr_path}.miejscowosc", f) or "",
            postal_code=postal,
            post_office=_text(odpis, f"{addr_path}.poczta", f, required=False),
            country=_text(odpis, f"{addr_path}.kraj", f, required=False),
        ),
        is_opp=bool(opp),
        goals="\n".join(line.strip() for line in goals.strip().splitlines()),
        regon=regon,
        nip=nip,
        registered_on=_date(odpis, "naglowekA.dataRejestracjiWKRS", f),
        state_as_of=_date(odpis, "naglowekA.stanZDnia", f),
        file=f,
    )


def parse_krs_dir(path: str | Path, *, strict: bool = True) -> ParsedFile[KrsRecord]:
    """Parse all ``*.json`` extracts of a directory, sorted by KRS number.

    ``strict=False`` reports bad files as ``ImportIssue(severity='error')`` and goes on.
    """
    d = Path(path)
    if not d.is_dir():
        raise ImportValidationError(d.name, None, None, "Katalog nie istnieje.")
    records: list[KrsRecord] = []
    issues: list[ImportIssue] = []
    seen: dict[str, str] = {}
    for file in sorted(d.glob("*.json")):
        try:
            rec = parse_krs(file)
        except ImportValidationError as exc:
            if strict:
                raise
            issues.append(ImportIssue(exc.file, exc.row, exc.field, exc.message, "error"))
            continue
        if rec.krs_number in seen:
            issue = ImportIssue(
                file.name,
                None,
                "naglowekA.numerKRS",
                f"Numer KRS {rec.krs_number} powtórzony (także w {seen[rec.krs_number]}).",
            )
            if strict:
                raise ImportValidationError(issue.file, issue.row, issue.field, issue.message)
            issues.append(ImportIssue(issue.file, None, issue.field, issue.message, "error"))
            continue
        seen[rec.krs_number] = file.name
        records.append(rec)
    records.sort(key=lambda r: r.krs_number)
    return ParsedFile(d.name, records, issues)
