"""Writing the Kooperacja spreadsheet template (XLSX or CSV) and its documentation.

Everything is generated from :mod:`importers.spreadsheet.schema`, the enums of
:mod:`graph.enums` and the default vocabularies of :mod:`graph.reference`, so
the template, its README and the validator cannot drift apart.  The XLSX form
has an ``instrukcja`` sheet (the column documentation), the data sheets with
header comments and drop-down lists, and a ``słowniki`` sheet with the allowed
values.  The CSV form is one file per data sheet plus ``README.md``, in a
directory or a ZIP.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from graph.enums import PolishEnum
from graph.reference import COMPETENCES, SERVICE_CATEGORIES, TARGET_GROUPS
from importers.spreadsheet import cells
from importers.spreadsheet.schema import ENUMS, LIST_SEPARATOR, SHEETS, Column, Sheet

__all__ = ["Format", "Rows", "write_template", "readme_markdown", "vocabularies", "column_rules"]

Format = Literal["xlsx", "csv"]
#: Example or pre-filled rows: sheet key → rows of column key → value.
Rows = Mapping[str, Sequence[Mapping[str, Any]]]

_FIXED_TIME = dt.datetime(2026, 1, 1)  # document properties: no build-time noise in shipped files
_ENUM_TITLES = {
    "institution_type": "Typ instytucji",
    "service_status": "Status usługi",
    "cooperation_kind": "Rodzaj współpracy",
    "partnership_type": "Typ partnerstwa",
}
_VOCAB_TITLES = {"categories": "Kategorie usług", "groups": "Grupy docelowe", "competences": "Kompetencje"}
_KIND_LABELS = {
    "id": "identyfikator",
    "text": "tekst",
    "int": "liczba całkowita",
    "float": "liczba",
    "date": "data",
    "enum": "wartość z listy",
    "teryt": "kod TERYT",
    "teryt_list": "kody TERYT (lista)",
    "list": "lista",
    "ref": "identyfikator (odwołanie)",
    "email": "e-mail",
    "postal": "kod pocztowy",
    "regon": "REGON",
    "nip": "NIP",
    "krs": "numer KRS",
    "url": "adres www",
}
INTRO = [
    "Arkusz Kooperacja – szablon do ręcznego uzupełnienia przez CUS, OPS lub ROPS.",
    "Każdy arkusz danych ma w wierszu 1 nagłówki kolumn; dane wpisuj od wiersza 2, jeden rekord w wierszu. Kolumny oznaczone * są wymagane. Kolejność kolumn jest dowolna, nieznane kolumny są pomijane.",
    f"Kilka wartości w jednej komórce rozdzielaj średnikiem ({LIST_SEPARATOR}). Wartości z list (typy, statusy, kategorie…) można wpisać kodem albo nazwą – obie formy są w arkuszu słowniki. Wielkość liter i polskie znaki nie mają znaczenia.",
    "Kody TERYT wpisuj jako tekst (z zerem na początku, np. 020101): gmina 6 cyfr (albo 7 z rodzajem gminy), powiat 4 cyfry, województwo 2 cyfry. Kody muszą istnieć w rejestrze TERYT wczytanym do bazy (kooperacja import teryt).",
    "Identyfikatory instytucji i partnerstw łączą arkusze: usługi, kompetencje, współpraca i członkowie wskazują instytucje z arkusza instytucje albo już zapisane w bazie (np. z rejestrów: rjps:2793, krs:0000096794).",
    "Nie wpisuj danych osobowych: telefony i adresy e-mail mają być ogólne (sekretariat), nie imienne.",
    "Import: kooperacja import arkusz PLIK. Plik z błędami nie zapisuje niczego – raport pokazuje każdy problem z arkuszem, wierszem i kolumną. Opcja --skip-invalid zapisuje poprawne wiersze i wypisuje pozostałe. Ponowny import tego samego pliku niczego nie zmienia; usunięcie wiersza z arkusza nie usuwa rekordu z bazy.",
]


def vocabularies() -> dict[str, list[tuple[str, str]]]:
    """Allowed values for the słowniki sheet and the README: title → [(code, Polish name)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for key, enum in ENUMS.items():
        out[_ENUM_TITLES[key]] = _enum_values(enum)
    out[_VOCAB_TITLES["categories"]] = [(c, n) for c, n, _ in SERVICE_CATEGORIES]
    out[_VOCAB_TITLES["groups"]] = list(TARGET_GROUPS)
    out[_VOCAB_TITLES["competences"]] = list(COMPETENCES)
    return out


def _enum_values(enum: type[PolishEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


def _vocab_title(col: Column) -> str | None:
    if col.enum:
        return _ENUM_TITLES[col.enum]
    if col.vocab:
        return _VOCAB_TITLES[col.vocab]
    return None


def column_rules(col: Column) -> str:
    """Allowed values of a column, for the documentation."""
    title = _vocab_title(col)
    if title:
        return f"kod lub nazwa z listy „{title}” (arkusz słowniki)"
    if col.kind == "ref":
        return f"identyfikator z arkusza {col.ref} albo z bazy"
    return _KIND_LABELS[col.kind]


# ------------------------------------------------------------------ README


def readme_markdown() -> str:
    """The column documentation as Markdown (shipped as importers/template/README.md)."""
    lines = ["# Arkusz Kooperacja – szablon i opis kolumn", ""]
    lines += [p + "\n" for p in INTRO]
    lines += [
        (
            "Pliki: `szablon.xlsx` (pusty szablon; nowy zapisze `kooperacja template PLIK [--format xlsx|csv]`), "
            "`przyklad.xlsx` i katalog `przyklad/` (ta sama przykładowa sieć w XLSX i CSV: fikcyjne instytucje "
            "w prawdziwej gminie Dobczyce, TERYT 120901, powiat myślenicki 1209)."
        ),
        "",
        "W wersji CSV każdy arkusz to osobny plik (UTF-8, separator przecinek albo średnik): "
        + ", ".join(f"`{s.csv_name}`" for s in SHEETS)
        + " – w katalogu albo w archiwum ZIP.",
        "",
    ]
    for sheet in SHEETS:
        lines += [
            f"## Arkusz `{sheet.title}`",
            "",
            sheet.doc,
            "",
            "| Kolumna | Wymagana | Dozwolone wartości | Opis |",
            "|---|---|---|---|",
        ]
        for col in sheet.columns:
            lines.append(f"| {col.header} | {'tak' if col.required else 'nie'} | {column_rules(col)} | {col.doc} |")
        lines.append("")
    lines += ["## Słowniki (kody i nazwy)", ""]
    for title, values in vocabularies().items():
        lines += [f"### {title}", "", "| Kod | Nazwa |", "|---|---|"]
        lines += [f"| `{code}` | {name} |" for code, name in values]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------ CSV


def _csv_text(sheet: Sheet, rows: Iterable[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.title for c in sheet.columns])
    for row in rows:
        w.writerow([_cell_text(row.get(c.key)) for c in sheet.columns])
    return buf.getvalue()


def _cell_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return f"{LIST_SEPARATOR} ".join(cells.text(v) for v in value)
    if isinstance(value, PolishEnum):
        return value.value
    return cells.text(value)


def _csv_files(rows: Rows) -> dict[str, str]:
    files = {s.csv_name: _csv_text(s, rows.get(s.key, ())) for s in SHEETS}
    files["README.md"] = readme_markdown()
    return files


# ------------------------------------------------------------------ XLSX


def _write_xlsx(path: Path, rows: Rows) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.properties.creator = "Kooperacja"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")

    guide = wb.active
    assert guide is not None
    guide.title = "instrukcja"
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 11
    guide.column_dimensions["C"].width = 42
    guide.column_dimensions["D"].width = 90
    guide.append(["Arkusz Kooperacja"])
    guide["A1"].font = Font(bold=True, size=14)
    for paragraph in INTRO:
        guide.append([paragraph])
    for sheet in SHEETS:
        guide.append([])
        guide.append([f"Arkusz „{sheet.title}”", None, None, sheet.doc])
        guide.cell(guide.max_row, 1).font = bold
        guide.append(["Kolumna", "Wymagana", "Dozwolone wartości", "Opis"])
        for c in range(1, 5):
            guide.cell(guide.max_row, c).font = bold
            guide.cell(guide.max_row, c).fill = head_fill
        for col in sheet.columns:
            guide.append([col.header, "tak" if col.required else "nie", column_rules(col), col.doc])
            for c in range(1, 5):
                guide.cell(guide.max_row, c).alignment = wrap

    vocab = vocabularies()
    lists = wb.create_sheet("słowniki")
    ranges: dict[str, str] = {}
    for index, (title, values) in enumerate(vocab.items()):
        code_col, name_col = 2 * index + 1, 2 * index + 2
        lists.cell(1, code_col, f"{title} – kod").font = bold
        lists.cell(1, name_col, f"{title} – nazwa").font = bold
        for r, (code, name) in enumerate(values, start=2):
            lists.cell(r, code_col, code)
            lists.cell(r, name_col, name)
        letter = get_column_letter(name_col)
        ranges[title] = f"{quote_sheetname('słowniki')}!${letter}$2:${letter}${len(values) + 1}"
        lists.column_dimensions[get_column_letter(code_col)].width = 24
        lists.column_dimensions[letter].width = 48

    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title, index=len(wb.sheetnames) - 1)
        ws.append([c.title for c in sheet.columns])
        ws.freeze_panes = "A2"
        for index, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index)
            cell.font = bold
            cell.fill = head_fill
            cell.comment = Comment(f"{col.doc}\nDozwolone: {column_rules(col)}.", "Kooperacja", width=320, height=140)
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = col.width
            list_title = _vocab_title(col)
            if list_title and col.kind != "list":
                # a drop-down hint only: codes typed by hand stay allowed
                dv = DataValidation(type="list", formula1=ranges[list_title], allow_blank=True, showErrorMessage=False)
                dv.add(f"{letter}2:{letter}1000")
                ws.add_data_validation(dv)
        for row in rows.get(sheet.key, ()):
            ws.append([_xlsx_value(row.get(c.key)) for c in sheet.columns])
        for index, col in enumerate(sheet.columns, start=1):
            if col.kind in ("teryt", "teryt_list", "regon", "nip", "krs", "postal", "id", "ref"):
                # text format keeps the leading zeros of codes typed into new cells
                ws.column_dimensions[get_column_letter(index)].number_format = "@"
                for r in range(2, ws.max_row + 1):
                    ws.cell(r, index).number_format = "@"
    wb.save(path)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return f"{LIST_SEPARATOR} ".join(cells.text(v) for v in value)
    if isinstance(value, PolishEnum):
        return value.value
    return value


# ------------------------------------------------------------------ entry point


def write_template(out: str | Path, fmt: Format = "xlsx", rows: Rows | None = None) -> Path:
    """Write the template (empty, or filled with ``rows``) as XLSX, a CSV directory or a CSV ZIP.

    ``fmt="csv"`` writes a ZIP when ``out`` ends with ``.zip``, else a directory.
    """
    p = Path(out)
    data: Rows = rows or {}
    if fmt == "xlsx":
        if p.suffix.lower() != ".xlsx":
            p = p.with_suffix(".xlsx")
        p.parent.mkdir(parents=True, exist_ok=True)
        _write_xlsx(p, data)
        return p
    files = _csv_files(data)
    if p.suffix.lower() == ".zip":
        p.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in files.items():
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, content.encode("utf-8"))
        return p
    p.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (p / name).write_text(content, encoding="utf-8")
    return p
