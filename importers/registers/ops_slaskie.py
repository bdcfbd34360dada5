"""``ops_slaskie.csv`` → one OPS (GOPS/MOPS) or CUS per gmina of woj. śląskie.

The file has no TERYT codes: gminas are matched by name within the voivodeship
named in the ``wojewodztwo`` column, helped by the powiat name and the type of
centre (a MOPS is a town's, a GOPS a rural gmina's), tolerant of dirty names
("Buczkowice Gmina Buczkowice-", "Żarki Miejsko").  A name whose folded form
differs from the gmina's official name is reported with the decision.

Ids are a slug of the centre's name and the resolved gmina key
(``ops-slaskie:<slug>``), so a corrected gmina name keeps the id; an unresolved
gmina contributes its name as written.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph import model as m
from graph.enums import InstitutionType
from graph.store.protocol import Store
from graph.writer import Batch
from importers.parsers.errors import ImportValidationError
from importers.parsers.gmina_match import kind_hint
from importers.parsers.ops import OpsSlaskieRecord, parse_ops_slaskie
from importers.registers.common import (
    IdRegistry,
    Progress,
    build,
    finish,
    no_progress,
    stable_id,
    valid_email,
    valid_postal,
)
from importers.registers.gazetteer import Gazetteer
from importers.registers.report import ImportReport

__all__ = ["import_ops_slaskie", "institution_id"]

KIND_TYPES = {"GOPS": InstitutionType.OPS, "MOPS": InstitutionType.OPS, "CUS": InstitutionType.CUS}
COLUMNS = {
    "id": "nazwa",
    "name": "nazwa",
    "type": "typ",
    "postal_code": "kod_pocztowy",
    "city": "miejscowosc",
    "street": "adres",
    "phone": "telefon",
    "email": "email",
}


def institution_id(rec: OpsSlaskieRecord, gmina: str | None) -> str:
    """Name + resolved gmina key (raw name if unresolved): cleaning a dirty name keeps the id."""
    return stable_id("ops-slaskie", rec.name, gmina or rec.gmina_raw)


def import_ops_slaskie(store: Store, path: str | Path, *, progress: Progress | None = None) -> ImportReport:
    """Import the Śląskie OPS/CUS list; see the module docstring.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        The file is broken, a value is invalid, or no territories are loaded; nothing is written.
    """
    step = progress or no_progress
    started = time.perf_counter()
    step("wczytywanie i sprawdzanie pliku", 0, 3)
    parsed = parse_ops_slaskie(path)
    file = parsed.source
    gaz = Gazetteer.from_store(store, file)
    report = ImportReport("ops-slaskie", "Lista OPS/CUS – śląskie", file, rows_read=len(parsed.records))
    report.warnings.extend(parsed.warnings)

    institutions: list[Any] = []
    ids = IdRegistry(file, "Ośrodek")
    located: list[m.LocatedIn] = []
    serves: list[m.Serves] = []
    step("dopasowanie gmin po nazwie", 1, 3)
    for rec in parsed.records:
        woj = gaz.woj_code(rec.voivodeship)
        if woj is None:
            raise ImportValidationError(file, rec.row, "wojewodztwo", f"Nieznane województwo '{rec.voivodeship[:40]}'.")
        res = gaz.resolve_gmina(name=rec.gmina_raw, woj=woj, powiat=rec.powiat, hint=kind_hint(rec.name, rec.kind))
        if res.key is not None and not gaz.same_name(rec.gmina_raw, res.key) and res.method != "fuzzy":
            cleaned = f"Nazwa '{rec.gmina_raw}' oczyszczona do '{gaz.gminas[res.key].name}'."
            res = replace(res, note=f"{cleaned} {res.note}".strip())
        report.decide(
            res,
            row=rec.row,
            file=file,
            institution=rec.name,
            target="gmina",
            field="gmina + powiat",
            value=f"{rec.gmina_raw} (pow. {rec.powiat})",
        )
        iid = ids.add(institution_id(rec, res.key), rec.row)
        institutions.append(
            build(
                m.Institution,
                {
                    "id": iid,
                    "name": rec.name,
                    "type": KIND_TYPES[rec.kind],
                    "gmina": res.key,
                    "street": rec.address,
                    "postal_code": valid_postal(rec.postal_code),
                    "city": rec.locality,
                    "phone": rec.phone,
                    "email": valid_email(rec.email),
                    "source": "ops_slaskie.csv",
                },
                file=file,
                row=rec.row,
                columns=COLUMNS,
            )
        )
        if res.key:
            located.append(m.LocatedIn(src=iid, dst=res.key))
            serves.append(m.Serves(src=iid, dst=res.key))

    batch = Batch().add(m.Institution, institutions).add(m.LocatedIn, located).add(m.Serves, serves)
    return finish(store, batch, report, started, step)
