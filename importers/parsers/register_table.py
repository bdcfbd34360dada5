"""Read one edition of an institution register with a declarative layout (:mod:`.layout`).

The result is a list of homes (institutions), each with one row per type of
service (a DPS with several types per art. 56 uops has several rows), the
edition date and every problem found – all of them, not only the first.
Columns named in the layout's ``personal`` list (directors' names) are never
read: their cells are not even turned into text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.plural import ERRORS
from importers.parsers._xlsx import find_polish_date, split_address
from importers.parsers.errors import ImportIssue, ImportValidationError
from importers.parsers.layout import FIELD_LABELS, NUMBER_FIELDS, Layout, list_layouts, load_layout
from importers.parsers.text import clean_text, fold
from importers.parsers.workbook import Grid, cell_text, read_grids

__all__ = ["Home", "RegisterEdition", "RegisterFileError", "TypeRow", "detect_layout", "parse_register", "split_entry"]

_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_PHONE = re.compile(r"(?:tel\.?\s*)?(?:\(\d{2}\)\s*|\b\d{2}\s)?\d{2,3}[\s-]?\d{2,3}[\s-]?\d{2,3}(?:[\s-]?\d{2,3})?\b")
_POSTAL = re.compile(r"\b\d{2}\s*-\s*\d{3}\b")
_OPERATOR_LINE = re.compile(r"^/.*/$|^\(.*(?:zgromadzeni|prowadz|fundacj|caritas).*\)$", re.IGNORECASE)
_OPERATOR_PREFIX = re.compile(r"^(?:Miasto i Gmina|Gmina i Miasto|Gmina|Miasto)\s+\S+(?:\s+\S+)?$")
_STREET = re.compile(r"^(?:ul|al|os|pl)\.\s?|^(?:ulica|aleja|osiedle|plac|rynek)\b", re.IGNORECASE)
_LOCATIVE = re.compile(r"\bw(?:e)?\s+((?:[A-ZĄĆĘŁŃÓŚŹŻ][\w-]+)(?:\s+(?:(?:nad|pod)\s+)?[A-ZĄĆĘŁŃÓŚŹŻ][\w-]+)?)")


_NOT_PLACE = frozenset({"dom", "domu", "pomocy", "spolecznej", "dps", "filia", "nad", "pod"})


@dataclass(frozen=True, slots=True)
class TypeRow:
    type: str | None  # "dla osób w podeszłym wieku" (lower case, single spaces)
    places: int | None  # None = the register does not publish it
    residents: int | None
    free: int | None
    waiting: int | None
    row: int


@dataclass(slots=True)
class Home:
    key: str  # identity within the register (layout's ``identity``), folded
    name: str
    powiat: str | None
    gmina: str | None  # as written, when the register has a gmina column
    street: str | None
    postal_code: str | None
    post_town: str | None  # the town after the postal code
    place: str | None  # a locality written with a house number ("Moczary 41" → "Moczary")
    name_locality: str | None  # "w Zakrzewie" → "Zakrzewie" (locative, as written)
    phone: str | None
    operator: str | None
    rows: list[TypeRow]
    row: int


@dataclass(slots=True)
class RegisterEdition:
    source: str
    layout: Layout
    as_of: dt.date
    published: dt.date | None  # a date in the file name when it differs from as_of (download date)
    homes: list[Home]
    warnings: list[ImportIssue] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(h.rows) for h in self.homes)


class RegisterFileError(ImportValidationError):
    """All errors of one file (a file is either read whole or not at all)."""

    def __init__(self, file: str, issues: list[ImportIssue]) -> None:
        first = issues[0]
        super().__init__(file, first.row, first.field, first.message)
        self.issues = issues

    def __str__(self) -> str:
        if len(self.issues) == 1:
            return super().__str__()
        lines = "\n".join(f"  {i}" for i in self.issues)
        return f"{self.file}: {ERRORS(len(self.issues))}:\n{lines}"


# ---------------------------------------------------------------- entry text


def split_entry(text: str) -> dict[str, str | None]:
    """Split a "name and address" cell: name, street, postal code, post town, place, phone, operator."""
    chunks = [clean_text(c) for c in re.split(r"\n|\s{3,}", text.replace("''", '"')) if clean_text(c)]
    phones: list[str] = []
    operator = None
    kept: list[str] = []
    for i, chunk in enumerate(chunks):
        if _OPERATOR_LINE.match(chunk):
            operator = chunk.strip("/() ")
            continue
        if i == 0 and len(chunks) > 1 and _OPERATOR_PREFIX.match(chunk):
            operator = chunk
            continue
        without_postal = _POSTAL.sub(" ", chunk)
        found = [
            m.group(0)
            for m in _PHONE.finditer(without_postal)
            if "(" in m.group(0) or len(re.sub(r"\D", "", m.group(0))) >= 9
        ]
        if found:
            phones += found
            for f in found:
                chunk = chunk.replace(f, " ")
            chunk = re.sub(r"\b(?:lub|oraz|tel\.?)\b", " ", chunk)
            chunk = clean_text(chunk).strip(" ,;")
            if not chunk:
                continue
        chunk = re.sub(r"\((?:dla\s[^)]*)\)", "", chunk).strip(" ,")
        if chunk:
            kept.append(chunk)
    joined = ", ".join(kept)
    name, street, postal, town = split_address(joined)
    place = None
    if postal is None:
        parts = [p.strip() for p in name.split(",") if p.strip()]
        streets = [p for p in parts[1:] if _STREET.match(p)]
        if streets:
            street = streets[0]
            name = ", ".join(p for p in parts if p not in streets)
    if town:
        m = re.match(r"^(.*?\D)\s+(\d+\s*[a-zA-Z]?(?:/\d+)?)$", town)  # "Jeżowe 72": locality + number
        if m:
            town = m.group(1).strip()
            place = town
            street = street or f"{m.group(1).strip()} {m.group(2)}"
    if street and not _STREET.match(street):
        m = re.match(r"^(.*?\D)\s+\d", street)
        if m:
            place = place or m.group(1).strip(" ,")
    loc = None
    for m in _LOCATIVE.finditer(name):
        words = m.group(1).split()
        while words and fold(words[-1]) in _NOT_PLACE:
            words.pop()
        loc = " ".join(words) or loc
    return {
        "name": name.strip(" ,") or joined,
        "street": street,
        "postal_code": postal,
        "post_town": town,
        "place": place,
        "name_locality": loc,
        "phone": phones[0] if phones else None,
        "operator": operator,
    }


# ---------------------------------------------------------------- header


@dataclass(slots=True)
class _Columns:
    by_field: dict[str, int]
    texts: dict[int, str]  # folded header text per column
    personal: set[int]


def _header_texts(grid: Grid, header_row: int, height: int) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    for c in range(1, grid.n_cols + 1):
        parts: list[str] = []
        for r in range(header_row, min(header_row + height, grid.n_rows + 1)):
            t = fold(grid.text(r, c, merged=True))
            if t and t not in parts:
                parts.append(t)
        texts[c] = parts
    return texts


def _find_header(grid: Grid, layout: Layout, start: int = 1) -> int | None:
    for r in range(start, grid.n_rows + 1):
        row = " | ".join(fold(t) for t in grid.row_texts(r) if t)
        if row and all(label in row for label in layout.header_labels):
            return r
    return None


def _columns(grid: Grid, layout: Layout, header_row: int, as_of_month: int | None) -> tuple[_Columns, list[str]]:
    """Field → column, and the labels of required columns not found."""
    parts = _header_texts(grid, header_row, layout.header_height)
    texts = {c: " | ".join(p) for c, p in parts.items()}
    personal = {c for c, t in texts.items() if any(label in t for label in layout.personal)}
    by_field: dict[str, int] = {}
    missing: list[str] = []
    for spec in layout.columns:
        cands = [
            c
            for c, t in texts.items()
            if c not in personal and c not in by_field.values() and any(lb in t for lb in spec.labels)
        ]
        if spec.monthly and cands and as_of_month is not None:
            month = _ROMAN[as_of_month - 1]
            cands = [c for c in cands if parts[c] and parts[c][-1] == month]
        if cands:
            by_field[spec.field] = cands[0]
        elif spec.required:
            missing.append(spec.labels[0])
    return _Columns(by_field, texts, personal), missing


def _date_in(text: str) -> dt.date | None:
    found = find_polish_date(text)
    if found:
        return found
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_NUMERIC_DATE, (2, 1, 0))):
        m = pattern.search(text)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                return dt.date(y, mo, d)
            except ValueError:
                continue
    return None


def _edition_date(grid: Grid, layout: Layout, header_row: int, file: str) -> dt.date | None:
    parts = _header_texts(grid, header_row, layout.header_height)
    for src in layout.edition_date:
        if src.kind == "title":
            for r in range(1, header_row + layout.header_height):
                for t in grid.row_texts(r):
                    if src.value in fold(t) and (d := _date_in(t)):
                        return d
        elif src.kind == "header_of":
            spec = next(c for c in layout.columns if c.field == src.value)
            for p in parts.values():
                text = " | ".join(p)
                if any(lb in text for lb in spec.labels) and (d := _date_in(text)):
                    return d
        elif src.kind == "file_name" and (d := _date_in(Path(file).stem.replace("_", " "))):
            return d
    return None


# ---------------------------------------------------------------- rows


def _int(value: Any) -> int | str | None:
    """An integer cell; None when empty; the problem text when not a whole number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "oczekiwano liczby całkowitej"
    if isinstance(value, int):
        result = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value)
    ):
        result = int(value)
    elif isinstance(value, str) and value.strip() in ("-", "—", "–", "x", "X", "brak"):
        return None
    else:
        return f"oczekiwano liczby całkowitej (jest '{cell_text(value)[:20]}')"
    return "liczba nie może być ujemna" if result < 0 else result


def parse_register(path: str | Path, layout: Layout | str) -> RegisterEdition:
    """Read ``path`` with ``layout``; :class:`RegisterFileError` lists every problem found."""
    lay = layout if isinstance(layout, Layout) else load_layout(layout)
    grids = read_grids(path)
    file = grids[0].file if grids else Path(path).name
    chosen = _choose_sheet(grids, lay)
    if chosen is None:
        raise ImportValidationError(file, None, None, _mismatch(grids, lay))
    grid, header_row = chosen
    as_of = _edition_date(grid, lay, header_row, file)
    if as_of is None:
        where = ", ".join(
            {"title": "tytuł", "header_of": "nagłówek kolumny", "file_name": "nazwa pliku"}[s.kind]
            for s in lay.edition_date
        )
        raise ImportValidationError(file, None, None, f"Nie znaleziono daty wydania rejestru (szukano: {where}).")
    cols, missing = _columns(grid, lay, header_row, as_of.month)
    if missing:
        found = "; ".join(f"'{t[:50]}'" for c, t in sorted(cols.texts.items()) if t and c not in cols.personal)
        raise ImportValidationError(
            file,
            header_row,
            None,
            f"Plik nie pasuje do układu '{lay.name}': brak kolumn {', '.join(repr(m) for m in missing)}; znaleziono kolumny: {found}.",
        )
    published = _date_in(Path(file).stem.replace("_", " "))
    return _read_rows(grid, lay, header_row, cols, as_of, published if published != as_of else None)


def detect_layout(path: str | Path, directory: Path | None = None) -> Layout:
    """The first shipped (or ``directory``'s) layout whose header the file has; a Polish message otherwise."""
    grids = read_grids(path)
    layouts = [load_layout(name, directory) for name in list_layouts(directory)]
    for lay in layouts:
        if _choose_sheet(grids, lay) is not None:
            return lay
    file = grids[0].file if grids else Path(path).name
    expected = "; ".join(f"{lay.name}: " + ", ".join(f"'{lb}'" for lb in lay.header_labels) for lay in layouts)
    found = _mismatch(grids, layouts[0]).split("znaleziono: ", 1)[-1] if layouts else ""
    raise ImportValidationError(
        file,
        None,
        None,
        f"Plik nie pasuje do żadnego znanego układu rejestru (oczekiwano nagłówka – {expected}); znaleziono: {found}",
    )


def _choose_sheet(grids: list[Grid], lay: Layout) -> tuple[Grid, int] | None:
    for i, grid in enumerate(grids):
        if lay.sheet is not None and lay.sheet not in (i, grid.sheet):
            continue
        row = _find_header(grid, lay)
        if row is not None:
            return grid, row
    return None


def _mismatch(grids: list[Grid], lay: Layout) -> str:
    expected = ", ".join(f"'{lb}'" for lb in lay.header_labels)
    seen: list[str] = []
    for grid in grids[:2]:
        for r in range(1, min(grid.n_rows, 12) + 1):
            seen += [f"'{t[:40]}'" for t in grid.row_texts(r) if t and not t.replace(".", "").isdigit()]
    shown = ", ".join(dict.fromkeys(seen[:12])) or "pusty arkusz"
    return f"Plik nie pasuje do układu '{lay.name}': oczekiwano wiersza nagłówka z etykietami {expected}; znaleziono: {shown}."


def _read_rows(
    grid: Grid, lay: Layout, header_row: int, cols: _Columns, as_of: dt.date, published: dt.date | None
) -> RegisterEdition:
    file = grid.file
    errors: list[ImportIssue] = []
    warnings: list[ImportIssue] = [
        ImportIssue(file, r, None, "Komórka zaczyna się od znaku formuły (= + - @) – zapisano ją jako tekst.")
        for r, c in grid.formula_cells
        if c not in cols.personal and r > header_row
    ]
    homes: dict[str, Home] = {}
    current: Home | None = None
    carried: dict[str, str] = {}
    section_type: str | None = None
    r = header_row + lay.header_height - 1
    while r < grid.n_rows:
        r += 1
        if lay.header_repeats and _find_header(grid, lay, r) == r:
            cols, _ = _columns(grid, lay, r, as_of.month)
            carried.clear()
            current = None
            r += lay.header_height - 1
            continue

        extracted: dict[str, str] = {}
        for ex in lay.extract:
            c = cols.by_field.get(ex.column)
            m = ex.pattern.search(grid.text(r, c)) if c else None
            if m:
                extracted.update({k: clean_text(v) for k, v in m.groupdict().items() if v})

        def text(
            fname: str, row: int = r, by_field: dict[str, int] = cols.by_field, parts: dict[str, str] = extracted
        ) -> str:
            if fname in parts:
                return parts[fname]
            c = by_field.get(fname)
            return grid.text(row, c) if c else ""

        folded = {f: fold(text(f)) for f in {*cols.by_field, *extracted} if f not in NUMBER_FIELDS}
        if any(rule.hit(folded.get(rule.column, "")) for rule in lay.stop):
            break
        filled = [t for c in range(1, grid.n_cols + 1) if c not in cols.personal and (t := grid.text(r, c))]
        if lay.section and len(filled) == 1 and lay.section.search(fold(filled[0])):
            section_type = clean_text(filled[0]).lower()
            current = None
            continue
        for f in lay.carry:
            if folded.get(f):
                carried[f] = text(f)
        if any(rule.hit(folded.get(rule.column, "")) for rule in lay.skip):
            continue
        start_col = cols.by_field[lay.starts_at]
        starts = bool(grid.text(r, start_col)) and not grid.is_continuation(r, start_col)
        numbers: dict[str, int | None] = {}
        for f in NUMBER_FIELDS:
            c = cols.by_field.get(f)
            value = _int(grid.raw(r, c)) if c else None
            if isinstance(value, str):
                errors.append(ImportIssue(file, r, FIELD_LABELS[f], value.capitalize() + ".", "error"))
                value = None
            numbers[f] = value
        row_type = clean_text(text("type")).lower() or section_type
        if not starts and not any(v is not None for v in numbers.values()) and not text("type"):
            continue  # an empty or decorative row
        if starts:
            raw_entry = grid.raw(r, cols.by_field[lay.address_in]) if lay.address_in in cols.by_field else None
            entry = split_entry(
                str(raw_entry) if raw_entry is not None else ""
            )  # line breaks separate name and address
            if lay.address_in != "name":
                entry["name"] = text("name")
            powiat = text("powiat") or carried.get("powiat") or None
            gmina = text("gmina") or carried.get("gmina") or None
            phone = clean_text(text("phone")) or entry["phone"]
            phone_first = _PHONE.search(phone or "")
            operator = clean_text(text("operator")) or entry["operator"]
            parts = {
                "powiat": powiat,
                "gmina": gmina,
                "name": entry["name"],
                "street": entry["street"],
                "postal_code": entry["postal_code"],
                "locality": entry["post_town"] or entry["name_locality"],
                "phone": re.sub(r"\D", "", phone_first.group(0)) if phone_first else None,
            }
            key = fold(" | ".join(str(parts[p] or "") for p in lay.identity))
            if not entry["name"]:
                errors.append(ImportIssue(file, r, FIELD_LABELS["name"], "Brak nazwy.", "error"))
                current = None
                continue
            current = homes.get(key)
            if current is None:
                current = Home(
                    key=key,
                    name=entry["name"] or "",
                    powiat=powiat,
                    gmina=gmina,
                    street=entry["street"],
                    postal_code=entry["postal_code"],
                    post_town=entry["post_town"],
                    place=entry["place"],
                    name_locality=entry["name_locality"],
                    phone=phone,
                    operator=operator,
                    rows=[],
                    row=r,
                )
                homes[key] = current
        elif current is None:
            errors.append(
                ImportIssue(
                    file, r, FIELD_LABELS[lay.starts_at], "Wiersz z liczbami bez nazwy instytucji powyżej.", "error"
                )
            )
            continue
        tr = TypeRow(row_type, numbers["places"], numbers["residents"], numbers["free"], numbers["waiting"], r)
        if tr.places is not None and tr.free is not None and tr.free > tr.places:
            warnings.append(
                ImportIssue(
                    file,
                    r,
                    FIELD_LABELS["free"],
                    f"Wolnych miejsc ({tr.free}) więcej niż miejsc ({tr.places}) – pominięto liczbę miejsc.",
                )
            )
            tr = TypeRow(tr.type, None, tr.residents, tr.free, tr.waiting, r)
        current.rows.append(tr)
    if errors:
        raise RegisterFileError(file, errors)
    if not homes:
        raise ImportValidationError(
            file, None, None, f"Arkusz nie zawiera żadnych pozycji rejestru (układ '{lay.name}')."
        )
    return RegisterEdition(file, lay, as_of, published, list(homes.values()), warnings)
