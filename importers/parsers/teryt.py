"""Parser of the GUS TERYT TERC register (województwa, powiaty, gminy).

Accepted forms (all as published by GUS eTERYT, "pliki pełne"):

* CSV – ``;``-separated, header ``WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA``, UTF-8 with or
  without BOM, CRLF or LF, trailing empty line(s);
* XML – ``<teryt><catalog …><row><WOJ>02</WOJ>…</row>`` and the older
  ``<row><col name="WOJ">02</col>…`` form, where ``NAZWA_DOD`` is called ``NAZDOD``;
* ZIP – the download, containing the CSV and/or the XML (the CSV is preferred).

Codes stay text (``"02"``, never ``2``).  The stable gmina key is WOJ+POW+GMI (6 digits);
RODZ (the 7th digit) changes when a gmina changes type.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal
from xml.parsers import expat

from importers.parsers.archive import check_archive, read_member
from importers.parsers.errors import ImportIssue, ImportValidationError, csv_error_message, os_error_message
from importers.parsers.text import fold

__all__ = [
    "COLUMNS",
    "GMINA_RODZ",
    "District",
    "VOIVODESHIP_CODES",
    "Gmina",
    "Powiat",
    "TercFile",
    "TercRow",
    "TercUnits",
    "Variant",
    "Voivodeship",
    "parse_terc",
    "parse_terc_bytes",
    "terc_units",
]

Variant = Literal["urzedowy", "adresowy"]
RowLevel = Literal["voivodeship", "powiat", "gmina", "gmina_part"]

COLUMNS: tuple[str, ...] = ("WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA")
_ALIASES = {"NAZDOD": "NAZWA_DOD"}
VOIVODESHIP_CODES = frozenset(f"{i:02d}" for i in range(2, 33, 2))
GMINA_RODZ = frozenset({"1", "2", "3"})
_ALL_RODZ = frozenset({"1", "2", "3", "4", "5", "8", "9"})
_TWO_DIGITS = re.compile(r"^\d{2}$")
_MAX_SHOWN = 40

ADRESOWY_WARNING = (
    "Plik TERC w wariancie adresowym nie zawiera gmin miejsko-wiejskich (RODZ 3) ani gmin "
    "miejskich podzielonych na dzielnice lub delegatury (Warszawa, Kraków, Łódź, Poznań, "
    "Wrocław) – do listy gmin użyj wariantu urzędowego (TERC_Urzedowy)."
)


@dataclass(frozen=True, slots=True)
class TercRow:
    """One TERC record.  ``line`` is the CSV row (header = 1) or the XML line of ``<row>``."""

    woj: str
    pow: str
    gmi: str
    rodz: str
    name: str
    kind: str  # NAZWA_DOD, e.g. "powiat", "gmina miejsko-wiejska"
    stan_na: date
    line: int

    @property
    def code(self) -> str:
        """The TERYT code as written: 2, 4 or 7 digits."""
        return self.woj + self.pow + self.gmi + self.rodz

    @property
    def level(self) -> RowLevel:
        if not self.pow:
            return "voivodeship"
        if not self.gmi:
            return "powiat"
        return "gmina" if self.rodz in GMINA_RODZ else "gmina_part"


@dataclass(slots=True)
class TercFile:
    source: str
    variant: Variant
    stan_na: date
    rows: list[TercRow]
    warnings: list[ImportIssue] = field(default_factory=list)

    def units(self) -> TercUnits:
        return terc_units(self.rows)


@dataclass(frozen=True, slots=True)
class Voivodeship:
    code: str  # 2 digits
    name: str  # as in TERC: UPPERCASE


@dataclass(frozen=True, slots=True)
class Powiat:
    code: str  # 4 digits WOJ+POW
    name: str
    kind: str  # "powiat" | "miasto na prawach powiatu" | "miasto stołeczne, na prawach powiatu"
    woj: str

    @property
    def is_city(self) -> bool:
        return "na prawach powiatu" in self.kind


@dataclass(frozen=True, slots=True)
class Gmina:
    key: str  # 6 digits WOJ+POW+GMI – stable
    teryt7: str  # key + RODZ
    rodz: str  # "1" miejska | "2" wiejska | "3" miejsko-wiejska
    name: str
    kind: str
    woj: str
    powiat_code: str
    powiat_name: str


@dataclass(frozen=True, slots=True)
class District:
    """A dzielnica of Warsaw (RODZ 8) or a delegatura of a city (RODZ 9) – not a gmina."""

    code: str  # 7 digits
    name: str  # e.g. "Kraków-Podgórze", "Mokotów"
    kind: str  # "dzielnica" | "delegatura"
    gmina_key: str  # the city gmina it belongs to (6 digits)


@dataclass(slots=True)
class TercUnits:
    voivodeships: dict[str, Voivodeship]
    powiats: dict[str, Powiat]
    gminas: dict[str, Gmina]
    districts: dict[str, District] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# Entry points


def parse_terc(path: str | Path) -> TercFile:
    """Parse a TERC file (CSV, XML or ZIP – recognised by content, not only by suffix)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ImportValidationError(p.name, None, None, os_error_message(exc)) from exc
    return parse_terc_bytes(data, p.name)


def parse_terc_bytes(data: bytes, name: str) -> TercFile:
    """Parse TERC content; ``name`` is the file name used in messages and for the variant."""
    if data.startswith(b"PK\x03\x04") or name.lower().endswith(".zip"):
        return _parse_zip(data, name)
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") or name.lower().endswith(".xml"):
        records = _read_xml(data, name)
    else:
        records = _read_csv(data, name)
    return _finish(records, name)


# --------------------------------------------------------------------------------------
# Readers → (fields, line) records


_Record = tuple[dict[str, str], int]


def _decode_utf8(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start]
        message = f"Plik nie jest zapisany w kodowaniu UTF-8 (niepoprawny bajt 0x{bad:02X})"
        try:
            data.decode("cp1250")
            message += "; wygląda na kodowanie Windows-1250 (cp1250)"
        except UnicodeDecodeError:
            pass
        raise ImportValidationError(source, line, None, message + " – zapisz go ponownie jako UTF-8.") from exc


def _read_csv(data: bytes, source: str) -> list[_Record]:
    text = _decode_utf8(data, source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader)
    except StopIteration:
        raise ImportValidationError(source, 1, None, "Plik jest pusty.") from None
    names = [_ALIASES.get(h.strip().upper(), h.strip().upper()) for h in header]
    if len(names) == 1 and ("," in header[0] or "\t" in header[0]):
        raise ImportValidationError(source, 1, None, "Zły separator kolumn: pliki TERC GUS używają średnika ';'.")
    for col in COLUMNS:
        if col not in names:
            raise ImportValidationError(source, 1, col, f"Brak wymaganej kolumny '{col}' w nagłówku.")
    dupes = [n for n, c in Counter(names).items() if c > 1 and n]
    if dupes:
        raise ImportValidationError(source, 1, dupes[0], "Kolumna występuje w nagłówku dwa razy.")

    records: list[_Record] = []
    blank_line: int | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not v.strip() for v in row):
                blank_line = blank_line or line
                continue
            if blank_line is not None:
                raise ImportValidationError(source, blank_line, None, "Pusty wiersz w środku pliku.")
            if len(row) != len(names):
                missing = names[len(row)] if len(row) < len(names) else None
                raise ImportValidationError(
                    source,
                    line,
                    missing,
                    f"Wiersz ma {len(row)} pól zamiast {len(names)} – plik jest uszkodzony lub ucięty.",
                )
            records.append((dict(zip(names, row, strict=True)), line))
    except csv.Error as exc:
        raise ImportValidationError(source, reader.line_num, None, csv_error_message(exc)) from exc
    return records


_EXPAT_MESSAGES = {
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]: "plik się urywa (jest ucięty)",
    expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH]: "niezgodny znacznik zamykający",
    expat.errors.codes[expat.errors.XML_ERROR_SYNTAX]: "błąd składni",
    expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]: "niepoprawny znak lub znacznik",
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN]: "niezamknięty znacznik",
    expat.errors.codes[expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]: "dane po końcu dokumentu",
}
_XML_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")


def _read_xml(data: bytes, source: str) -> list[_Record]:
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    m = _XML_DECL_ENCODING.match(body.lstrip())
    declared = m.group(1).decode("ascii").lower() if m else "utf-8"
    if declared.replace("_", "-") in ("utf-8", "utf8"):
        text = _decode_utf8(body, source)
    else:
        try:
            text = body.decode(declared)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportValidationError(
                source,
                None,
                None,
                f"Nieobsługiwane lub niezgodne z treścią kodowanie XML '{declared}'.",
            ) from exc

    records: list[_Record] = []
    parser = expat.ParserCreate(encoding="utf-8")
    current: dict[str, str] = {}
    in_row = False
    field_name: str | None = None
    buf: list[str] = []
    row_line = 0
    catalog_date = ""

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_row, field_name, buf, row_line, current, catalog_date
        if name == "catalog":
            catalog_date = attrs.get("date", "")
        elif name == "row":
            in_row = True
            current = {}
            row_line = parser.CurrentLineNumber
        elif in_row:
            if name == "col":
                col = attrs.get("name")
                if not col:
                    raise ImportValidationError(
                        source, parser.CurrentLineNumber, None, "Element <col> bez atrybutu 'name'."
                    )
                field_name = col
            else:
                field_name = name
            buf = []

    def end(name: str) -> None:
        nonlocal in_row, field_name
        if name == "row" and in_row:
            records.append((current, row_line))
            in_row = False
        elif in_row and field_name is not None:
            key = field_name.strip().upper()
            current[_ALIASES.get(key, key)] = "".join(buf).strip()
            field_name = None

    def chars(data_: str) -> None:
        if field_name is not None:
            buf.append(data_)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        detail = _EXPAT_MESSAGES.get(exc.code) or expat.errors.messages[exc.code]
        raise ImportValidationError(
            source,
            exc.lineno,
            None,
            f"Uszkodzony plik XML ({detail}, kolumna {exc.offset + 1}).",
        ) from exc
    for fields, line in records:
        if "STAN_NA" not in fields and catalog_date:
            fields["STAN_NA"] = catalog_date
        for col in COLUMNS:
            if col not in fields:
                raise ImportValidationError(source, line, col, f"Brak elementu '{col}' w rekordzie <row>.")
    return records


def _parse_zip(data: bytes, name: str) -> TercFile:
    zf = check_archive(io.BytesIO(data), name)  # damaged → Polish error; a decompression bomb is refused
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        csvs = [i for i in members if i.filename.lower().endswith(".csv")]
        xmls = [i for i in members if i.filename.lower().endswith(".xml")]
        candidates = csvs or xmls
        if not candidates:
            raise ImportValidationError(name, None, None, "Archiwum ZIP nie zawiera pliku TERC (.csv ani .xml).")
        chosen = candidates[0]
        inner = f"{name}/{chosen.filename}"
        content = read_member(zf, chosen, inner)
    return parse_terc_bytes(content, inner)


# --------------------------------------------------------------------------------------
# Validation of records


def _shown(value: str) -> str:
    return value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN] + "…"


def _code(fields: dict[str, str], col: str, source: str, line: int, required: bool) -> str:
    value = fields[col].strip()
    if not value:
        if required:
            raise ImportValidationError(source, line, col, "Brak wymaganego kodu.")
        return ""
    if not _TWO_DIGITS.match(value):
        raise ImportValidationError(source, line, col, f"Kod musi składać się z 2 cyfr (jest '{_shown(value)}').")
    if value == "00":
        raise ImportValidationError(source, line, col, "Kod '00' jest niedozwolony.")
    return value


def _to_row(fields: dict[str, str], line: int, source: str) -> TercRow:
    woj = _code(fields, "WOJ", source, line, required=True)
    if woj not in VOIVODESHIP_CODES:
        raise ImportValidationError(
            source, line, "WOJ", f"Nieznany kod województwa '{woj}' (dozwolone parzyste 02–32)."
        )
    pow_ = _code(fields, "POW", source, line, required=False)
    gmi = _code(fields, "GMI", source, line, required=False)
    rodz = fields["RODZ"].strip()
    if gmi and not pow_:
        raise ImportValidationError(source, line, "POW", "Gmina bez kodu powiatu.")
    if gmi:
        if rodz not in _ALL_RODZ:
            raise ImportValidationError(
                source,
                line,
                "RODZ",
                f"Nieznany rodzaj jednostki RODZ '{_shown(rodz)}' (dozwolone 1, 2, 3, 4, 5, 8, 9).",
            )
    elif rodz:
        raise ImportValidationError(source, line, "RODZ", "RODZ może być wypełniony tylko dla gmin (gdy jest GMI).")
    name = fields["NAZWA"].strip()
    if not name:
        raise ImportValidationError(source, line, "NAZWA", "Brak nazwy jednostki.")
    raw_date = fields["STAN_NA"].strip()
    try:
        stan_na = date.fromisoformat(raw_date)
    except ValueError:
        raise ImportValidationError(
            source,
            line,
            "STAN_NA",
            f"Nieprawidłowa data '{_shown(raw_date)}' (oczekiwano RRRR-MM-DD).",
        ) from None
    return TercRow(woj, pow_, gmi, rodz, name, fields["NAZWA_DOD"].strip(), stan_na, line)


def _variant_from_name(name: str) -> Variant | None:
    folded = fold(name)
    if "adresow" in folded:
        return "adresowy"
    if "urzedow" in folded:
        return "urzedowy"
    return None


def _finish(records: list[_Record], source: str) -> TercFile:
    if not records:
        raise ImportValidationError(source, None, None, "Plik nie zawiera żadnych rekordów TERC.")
    rows = [_to_row(fields, line, source) for fields, line in records]

    seen: dict[str, int] = {}
    gmina_seen: dict[str, int] = {}
    for r in rows:
        first = seen.setdefault(r.code, r.line)
        if first != r.line:
            raise ImportValidationError(
                source,
                r.line,
                None,
                f"Powtórzony kod TERYT {r.code} (pierwszy raz w wierszu {first}).",
            )
        if r.level == "gmina":
            key = r.woj + r.pow + r.gmi
            first = gmina_seen.setdefault(key, r.line)
            if first != r.line:
                raise ImportValidationError(
                    source,
                    r.line,
                    "RODZ",
                    f"Gmina {key} występuje z dwoma rodzajami (RODZ 1/2/3; drugi raz, pierwszy w wierszu {first}).",
                )
    for r in rows:
        if r.level != "voivodeship" and r.woj not in seen:
            raise ImportValidationError(
                source, r.line, "WOJ", f"Brak w pliku województwa {r.woj} nadrzędnego dla {r.code}."
            )
        if r.gmi and r.woj + r.pow not in seen:
            raise ImportValidationError(
                source,
                r.line,
                "POW",
                f"Brak w pliku powiatu {r.woj + r.pow} nadrzędnego dla {r.code}.",
            )

    warnings: list[ImportIssue] = []
    dates = Counter(r.stan_na for r in rows)
    stan_na = max(dates)
    if len(dates) > 1:
        listed = ", ".join(d.isoformat() for d in sorted(dates))
        warnings.append(
            ImportIssue(
                source,
                None,
                "STAN_NA",
                f"Różne daty STAN_NA w pliku ({listed}); przyjęto najnowszą.",
            )
        )

    rodz = Counter(r.rodz for r in rows)
    by_name = _variant_from_name(source)
    looks_adresowy = rodz["3"] == 0 and (rodz["4"] + rodz["5"]) > 0
    variant: Variant
    if looks_adresowy or (by_name == "adresowy" and rodz["3"] == 0):
        variant = "adresowy"
    elif by_name == "adresowy":
        # Named "Adresowy" but contains RODZ 3: trust the content.
        variant = "urzedowy"
        warnings.append(
            ImportIssue(
                source,
                None,
                None,
                "Nazwa pliku wskazuje wariant adresowy, ale plik zawiera gminy miejsko-wiejskie "
                "(RODZ 3) – potraktowano go jako urzędowy.",
            )
        )
    else:
        variant = "urzedowy"
    if variant == "adresowy":
        warnings.append(ImportIssue(source, None, "RODZ", ADRESOWY_WARNING))
        if by_name == "urzedowy":
            warnings.append(
                ImportIssue(
                    source,
                    None,
                    None,
                    "Nazwa pliku wskazuje wariant urzędowy, ale brak w nim gmin miejsko-wiejskich (RODZ 3).",
                )
            )
    else:
        keys3 = {r.woj + r.pow + r.gmi for r in rows if r.rodz == "3"}
        for r in rows:
            if r.rodz in ("4", "5") and r.woj + r.pow + r.gmi not in keys3:
                warnings.append(
                    ImportIssue(
                        source,
                        r.line,
                        "RODZ",
                        f"Część gminy {r.code} bez gminy miejsko-wiejskiej (RODZ 3) o tym samym kodzie.",
                    )
                )
    return TercFile(source, variant, stan_na, rows, warnings)


# --------------------------------------------------------------------------------------
# Units


def terc_units(rows: Iterable[TercRow]) -> TercUnits:
    """Voivodeships (2 digits), powiats (4) and gminas (6-digit key, RODZ 1/2/3 only).

    RODZ 4/5 (town / rural area of an urban-rural gmina), 8 (dzielnice of Warsaw) and
    9 (delegatury) are not gminas; dzielnice and delegatury are returned separately in
    ``districts`` (with the key of their city) so that names like "Kraków-Podgórze" resolve.
    """
    rows = list(rows)
    voivodeships: dict[str, Voivodeship] = {}
    powiats: dict[str, Powiat] = {}
    gminas: dict[str, Gmina] = {}
    for r in rows:
        if r.level == "voivodeship":
            voivodeships[r.woj] = Voivodeship(r.woj, r.name)
        elif r.level == "powiat":
            powiats[r.woj + r.pow] = Powiat(r.woj + r.pow, r.name, r.kind, r.woj)
    for r in rows:
        if r.level != "gmina":
            continue
        pcode = r.woj + r.pow
        powiat = powiats.get(pcode)
        key = pcode + r.gmi
        gminas[key] = Gmina(
            key=key,
            teryt7=key + r.rodz,
            rodz=r.rodz,
            name=r.name,
            kind=r.kind,
            woj=r.woj,
            powiat_code=pcode,
            powiat_name=powiat.name if powiat else "",
        )
    gminas_by_powiat: dict[str, list[str]] = {}
    for g in gminas.values():
        gminas_by_powiat.setdefault(g.powiat_code, []).append(g.key)
    districts: dict[str, District] = {}
    for r in rows:
        city = gminas_by_powiat.get(r.woj + r.pow, [])
        if r.rodz in ("8", "9") and len(city) == 1:  # a city powiat has exactly one gmina
            districts[r.code] = District(r.code, r.name, r.kind, city[0])
    return TercUnits(voivodeships, powiats, gminas, districts)
