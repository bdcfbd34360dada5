"""``ops_malopolska_geo.csv`` → OPS, CUS and PCPR institutions (Małopolskie, RJPS export).

Each row becomes an :class:`~graph.model.Institution` (OPS and MOPR → type OPS,
CUS, PCPR) with its register id, address, coordinates and contacts, LOCATED_IN
its seat gmina and SERVING its gmina (OPS/CUS) or its powiat (PCPR).

The file's ``teryt_gminy`` codes are often wrong (RODZ 1/2 given for urban-rural
gminas, the code of a neighbouring gmina, pseudo-codes ``PPPP011`` for PCPRs).
Every code is checked against the gminas in the store together with the gmina
and powiat names; the name wins where they disagree and nothing ambiguous is
guessed.  Each decision that is not a clean exact match is in the report.

Ids: ``rjps:<id_jednostki>`` for rows from the RJPS export; rows the file took
from another source (``uwagi`` "mir.org.pl") carry ids the file's author made up,
so they get ``ops-malopolska:<id_jednostki>`` and no ``register_id``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from graph import model as m
from graph.enums import InstitutionType
from graph.store.protocol import Store
from graph.writer import Batch
from importers.parsers.errors import ImportValidationError
from importers.parsers.gmina_match import kind_hint
from importers.parsers.ops import OpsMalopolskaRecord, parse_ops_malopolska
from importers.registers.common import (
    Progress,
    build,
    finish,
    no_progress,
    valid_email,
    valid_postal,
)
from importers.registers.gazetteer import Gazetteer
from importers.registers.report import ImportReport

__all__ = ["import_ops_malopolska", "institution_id"]

KIND_TYPES = {
    "OPS": InstitutionType.OPS,
    "MOPR": InstitutionType.OPS,
    "CUS": InstitutionType.CUS,
    "PCPR": InstitutionType.PCPR,
}
#: model field → source column, for error messages
COLUMNS = {
    "id": "id_jednostki",
    "name": "nazwa",
    "type": "typ",
    "postal_code": "kod_pocztowy",
    "city": "miejscowosc",
    "street": "ulica",
    "phone": "telefon",
    "www": "www",
    "email": "email",
    "lat": "latitude",
    "lon": "longitude",
    "description": "godziny_pracy",
    "gmina": "teryt_gminy",
}


def _from_rjps(rec: OpsMalopolskaRecord) -> bool:
    return "rjps" in rec.source_note.lower()


def institution_id(rec: OpsMalopolskaRecord) -> str:
    return f"rjps:{rec.unit_id}" if _from_rjps(rec) else f"ops-malopolska:{rec.unit_id}"


def _source(rec: OpsMalopolskaRecord) -> str:
    base = "rejestr RJPS" if _from_rjps(rec) else "mir.org.pl (dane kontaktowe do weryfikacji)"
    return f"{base}; ops_malopolska_geo.csv"


def _street(rec: OpsMalopolskaRecord) -> str | None:
    parts = [p for p in (rec.street, rec.house_number) if p]
    return " ".join(parts) or None


def _description(rec: OpsMalopolskaRecord) -> str | None:
    if not rec.opening_hours:
        return None
    return f"Godziny pracy:\n{rec.opening_hours}"


def import_ops_malopolska(store: Store, path: str | Path, *, progress: Progress | None = None) -> ImportReport:
    """Import the Małopolska OPS/CUS/PCPR list; see the module docstring.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        The file is broken, a value is invalid, or no territories are loaded; nothing is written.
    """
    step = progress or no_progress
    started = time.perf_counter()
    step("wczytywanie i sprawdzanie pliku", 0, 3)
    parsed = parse_ops_malopolska(path)
    file = parsed.source
    gaz = Gazetteer.from_store(store, file)
    report = ImportReport("ops-malopolska", "Rejestr OPS/CUS/PCPR – małopolskie", file, rows_read=len(parsed.records))
    report.warnings.extend(parsed.warnings)

    institutions: list[Any] = []
    located: list[m.LocatedIn] = []
    serves: list[m.Serves] = []
    step("dopasowanie gmin i powiatów", 1, 3)
    for rec in parsed.records:
        woj = gaz.woj_code(rec.voivodeship)
        if woj is None:
            raise ImportValidationError(file, rec.row, "wojewodztwo", f"Nieznane województwo '{rec.voivodeship[:40]}'.")
        seat = gaz.resolve_gmina(
            code=rec.teryt_raw, name=rec.gmina, woj=woj, powiat=rec.powiat, hint=kind_hint(rec.name)
        )
        report.decide(
            seat,
            row=rec.row,
            file=file,
            institution=rec.name,
            target="gmina",
            field="teryt_gminy + gmina",
            value=f"{rec.teryt_raw} {rec.gmina}",
            code=rec.teryt_raw,
        )
        iid = institution_id(rec)
        institutions.append(
            build(
                m.Institution,
                {
                    "id": iid,
                    "name": rec.name,
                    "type": KIND_TYPES[rec.kind],
                    "register_id": str(rec.unit_id) if _from_rjps(rec) else None,
                    "gmina": seat.key,
                    "street": _street(rec),
                    "postal_code": valid_postal(rec.postal_code),
                    "city": rec.locality,
                    "lat": rec.lat,
                    "lon": rec.lon,
                    "phone": rec.phone,
                    "email": valid_email(rec.email),
                    "www": rec.www,
                    "description": _description(rec),
                    "source": _source(rec),
                },
                file=file,
                row=rec.row,
                columns=COLUMNS,
            )
        )
        if seat.key:
            located.append(m.LocatedIn(src=iid, dst=seat.key))
        if rec.kind == "PCPR":
            area = gaz.matcher.resolve(code=rec.teryt_raw, woj=woj, powiat=rec.powiat, powiat_level=True)
            report.decide(
                area,
                row=rec.row,
                file=file,
                institution=rec.name,
                target="powiat",
                field="teryt_gminy + powiat",
                value=f"{rec.teryt_raw} {rec.powiat}",
                code=rec.teryt_raw,
            )
            if area.powiat_code:
                serves.append(m.Serves(src=iid, dst=area.powiat_code))
        elif seat.key:
            serves.append(m.Serves(src=iid, dst=seat.key))
    _warn_shared_gminas(report, parsed.records, institutions, gaz)

    batch = Batch().add(m.Institution, institutions).add(m.LocatedIn, located).add(m.Serves, serves)
    return finish(store, batch, report, started, step)


def _warn_shared_gminas(
    report: ImportReport, records: list[OpsMalopolskaRecord], items: list[Any], gaz: Gazetteer
) -> None:
    """Two gmina-level centres in one gmina usually mean a duplicate or a wrong match."""
    by_gmina: dict[str, list[OpsMalopolskaRecord]] = {}
    for rec, inst in zip(records, items, strict=True):
        if rec.kind != "PCPR" and inst.gmina:
            by_gmina.setdefault(inst.gmina, []).append(rec)
    for key, recs in sorted(by_gmina.items()):
        if len(recs) > 1:
            rows = ", ".join(str(r.row) for r in recs)
            report.warn(
                report.source,
                recs[1].row,
                "gmina",
                f"Kilka ośrodków gminnych w gminie {gaz.describe(key)} (wiersze {rows}) – możliwy duplikat lub błędne dopasowanie.",
            )
