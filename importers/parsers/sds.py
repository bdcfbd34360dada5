"""The voivode's list of środowiskowe domy samopomocy (ŚDS) – human-formatted XLSX.

The sheet has a title row (with the "wg stanu na …" date), section titles ("… o zasięgu
gminnym", "… o zasięgu powiatowym", "Kluby Samopomocy", "Miejsca całodobowe"), header rows
found by their content (``L.p``, "Adres …", "Typ Domu", …), numbered data rows, and
summary rows (skipped).  Cells contain line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from importers.parsers._xlsx import cell_text, find_polish_date, load_sheets, parse_int
from importers.parsers.errors import ImportIssue, ImportValidationError
from importers.parsers.text import clean_text, fold

__all__ = ["SdsFile", "SdsRecord", "SdsSection", "parse_sds_xlsx"]

SdsSection = Literal["gminny", "powiatowy", "klub", "calodobowe"]

_SECTION_TITLES: tuple[tuple[str, SdsSection], ...] = (
    ("zasiegu gminnym", "gminny"),
    ("zasiegu powiatowym", "powiatowy"),
    ("kluby samopomocy", "klub"),
    ("calodobow", "calodobowe"),
)
# header text (folded) → field; checked in this order, first match wins
_NUMBER_HEADERS = frozenset({"l.p", "lp", "l. p", "nr", "nr l.p"})
_HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("podmiotu prowadzacego", "operator"),
    ("adres", "address"),
    ("publiczne", "public"),
    ("typ domu", "types"),
    ("za zyciem", "places_za_zyciem"),
    ("liczba miejsc", "places"),
    ("epuap", "epuap"),
    ("edoreczenia", "e_delivery"),
    ("e-doreczenia", "e_delivery"),
    ("telefon", "phone"),
    ("gmina", "unit"),
    ("powiat", "unit"),
)
_NUMBER = re.compile(r"^\s*(\d{1,4})\s*\.?\s*$")
_TYPES = re.compile(r"^\s*([A-D](?:\s*[,;/]\s*[A-D])*)\b(.*)$", re.DOTALL)
_BRANCH = re.compile(r"^(?:z\s+fil|z\s+flil|oraz\s+w\b)")
_POWIAT_IN_PARENS = re.compile(r"\(\s*powiat\s+([^)]+)\)", re.IGNORECASE)
_POSTAL = re.compile(r"\b(\d{2})\s*-\s*(\d{3})\b\s*([^,\n]*)")


@dataclass(frozen=True, slots=True)
class SdsRecord:
    section: SdsSection
    number: int  # "L.p." – numbering restarts in "Kluby" and "Miejsca całodobowe"
    unit_raw: str  # column "Miasto/Gmina" or "Powiat" as written (single-spaced)
    gmina: str | None  # gmina name (gmina-level ŚDS, clubs)
    powiat: str | None  # powiat name: "(powiat gorlicki)" hint or the powiat column
    name: str  # first line of the address cell, e.g. "ŚDS w Bieczu"
    address: str  # main address lines (without branches), joined with ", "
    postal_code: str | None
    locality: str | None  # after the postal code
    branches: str | None  # "z filią w …" part, if any
    operator: str  # body running the home ("Wójt Gminy … zlecił Stowarzyszeniu …")
    commissioned: bool  # run by another body on the unit's behalf ("zlecił" / "powierzył")
    is_public: bool  # column "Publiczne" = 1
    types: tuple[str, ...]  # ŚDS types A–D
    types_note: str | None  # text after the letters ("z 4 miejscami całodobowymi …")
    places: int  # "Liczba miejsc dotowanych" (for clubs/round-the-clock: their places)
    places_za_zyciem: int | None
    epuap: str | None
    e_delivery: str | None  # adres do e-Doręczeń
    phone: str | None
    row: int


@dataclass(slots=True)
class SdsFile:
    source: str
    as_of: date | None  # "wg stanu na 8 stycznia 2026 r."
    records: list[SdsRecord]
    warnings: list[ImportIssue] = field(default_factory=list)

    def homes(self) -> list[SdsRecord]:
        """ŚDS proper (gmina- and powiat-level), without clubs and the round-the-clock list."""
        return [r for r in self.records if r.section in ("gminny", "powiatowy")]


def _section_of(texts: list[str]) -> SdsSection | None:
    filled = [t for t in texts if t]
    if len(filled) != 1:
        return None
    folded = fold(filled[0])
    for needle, section in _SECTION_TITLES:
        if needle in folded:
            return section
    return None


def _header_map(texts: list[str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for col, text in enumerate(texts, start=1):
        folded = fold(text)
        if not folded:
            continue
        if folded in _NUMBER_HEADERS:
            mapping[col] = "number"
            continue
        for needle, name in _HEADER_FIELDS:
            if needle in folded:
                mapping[col] = name
                break
    return mapping


def _is_header(mapping: dict[int, str]) -> bool:
    names = set(mapping.values())
    return {"number", "address", "places"} <= names


def _split_lines(value: object) -> list[str]:
    if value is None:
        return []
    text = str(value).replace("''", '"')
    return [clean_text(line).rstrip(",").strip() for line in text.splitlines() if clean_text(line)]


def _parse_address(value: object) -> tuple[str, str, str | None, str | None, str | None]:
    lines = _split_lines(value)
    if not lines:
        return "", "", None, None, None
    main = lines
    branches: str | None = None
    for i, line in enumerate(lines):
        if i > 0 and _BRANCH.match(fold(line)):
            main, branches = lines[:i], " ".join(lines[i:])
            break
        inner = re.search(r"\bz\s+fili", line)
        if i > 0 and inner and inner.start() > 0:
            main = [*lines[:i], line[: inner.start()].strip(" ,")]
            branches = " ".join([line[inner.start() :], *lines[i + 1 :]])
            break
    address = ", ".join(main)
    m = _POSTAL.search(address) or _POSTAL.search(", ".join(lines))
    postal = f"{m.group(1)}-{m.group(2)}" if m else None
    locality = clean_text(m.group(3)) or None if m else None
    return lines[0], address, postal, locality, branches


def _unit(section: SdsSection, raw: str) -> tuple[str | None, str | None]:
    """(gmina, powiat) from the first column."""
    powiat: str | None = None
    m = _POWIAT_IN_PARENS.search(raw)
    text = raw
    if m:
        powiat = clean_text(m.group(1))
        text = raw[: m.start()]
    text = clean_text(text)
    stripped = re.sub(r"^(?:gmina|miasto i gmina|miasto)\s+", "", text, flags=re.IGNORECASE).strip()
    if section == "powiatowy":
        return None, stripped or None
    return stripped or None, powiat


def parse_sds_xlsx(path: str | Path) -> SdsFile:
    """Parse the ŚDS list (``sds_malopolskie_2026-01-08.xlsx``): one record per numbered entry."""
    sheets = load_sheets(path)
    sheet = sheets[0]
    f = sheet.file
    records: list[SdsRecord] = []
    warnings: list[ImportIssue] = []
    as_of: date | None = None
    mapping: dict[int, str] = {}
    labels: dict[str, str] = {}
    section: SdsSection | None = None

    for r in sheet.rows():
        texts = sheet.row_texts(r)
        if not any(texts):
            continue
        if as_of is None and "stanu na" in fold(" ".join(texts)):
            as_of = find_polish_date(" ".join(texts))
        new_section = _section_of(texts)
        if new_section is not None:
            section = new_section
            continue
        candidate = _header_map(texts)
        if _is_header(candidate):
            # keep columns of the previous header that this one leaves unnamed (e.g. e-Doręczenia)
            mapping = {**mapping, **candidate}
            labels.update({name: texts[col - 1] for col, name in candidate.items()})
            continue
        cols = {name: col for col, name in mapping.items()}
        if "number" not in cols:
            continue
        num = _NUMBER.match(cell_text(sheet.raw(r, cols["number"])))
        if not num:
            continue  # title, summary ("Razem:") or note row
        if section is None:
            raise ImportValidationError(
                f,
                r,
                None,
                "Wiersz danych przed tytułem sekcji (nie wiadomo, czy gminny czy powiatowy).",
            )

        def get(name: str, row: int = r, c: dict[str, int] = cols) -> object:
            col = c.get(name)
            return sheet.raw(row, col) if col else None

        def label(name: str) -> str:
            return clean_text(labels.get(name, name))[:60]

        unit_raw = cell_text(get("unit"))
        if not unit_raw:
            raise ImportValidationError(f, r, label("unit"), "Brak nazwy gminy/powiatu.")
        gmina, powiat = _unit(section, str(get("unit") or ""))
        name, address, postal, locality, branches = _parse_address(get("address"))
        if not address:
            raise ImportValidationError(f, r, label("address"), "Brak adresu domu.")
        if postal is None:
            warnings.append(ImportIssue(f, r, label("address"), "Brak kodu pocztowego w adresie."))
        operator = cell_text(get("operator"))
        if not operator:
            raise ImportValidationError(f, r, label("operator"), "Brak podmiotu prowadzącego.")
        raw_types = cell_text(get("types"))
        types: tuple[str, ...] = ()
        types_note: str | None = None
        if raw_types:
            tm = _TYPES.match(raw_types.upper())
            if not tm:
                raise ImportValidationError(
                    f,
                    r,
                    label("types"),
                    f"Nieznany typ domu '{raw_types[:40]}' (dozwolone A, B, C, D).",
                )
            types = tuple(sorted(set(re.findall(r"[A-D]", tm.group(1)))))
            note_start = len(tm.group(1))
            types_note = raw_types[note_start:].strip(" .,;") or None
        elif section in ("gminny", "powiatowy"):
            raise ImportValidationError(f, r, label("types"), "Brak typu domu (A–D).")
        public_raw = get("public")
        is_public = parse_int(public_raw, f, r, label("public"), required=False) == 1
        places = parse_int(get("places"), f, r, label("places"))
        assert places is not None
        records.append(
            SdsRecord(
                section=section,
                number=int(num.group(1)),
                unit_raw=unit_raw,
                gmina=gmina,
                powiat=powiat,
                name=name,
                address=address,
                postal_code=postal,
                locality=locality,
                branches=branches,
                operator=operator,
                commissioned=bool(re.search(r"\b(zlecił|powierzył)", operator, re.IGNORECASE)),
                is_public=is_public,
                types=types,
                types_note=types_note,
                places=places,
                places_za_zyciem=parse_int(get("places_za_zyciem"), f, r, label("places_za_zyciem"), required=False),
                epuap=cell_text(get("epuap")) or None,
                e_delivery=cell_text(get("e_delivery")) or None,
                phone=cell_text(get("phone")) or None,
                row=r,
            )
        )
    if not mapping:
        raise ImportValidationError(
            f,
            None,
            None,
            "Nie znaleziono wiersza nagłówka (kolumny 'L.p', 'Adres…', 'Liczba miejsc…').",
        )
    if not records:
        raise ImportValidationError(f, None, None, "Arkusz nie zawiera żadnych ponumerowanych wpisów.")
    return SdsFile(f, as_of, records, warnings)
