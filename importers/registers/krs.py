"""KRS extracts (JSON, "odpis aktualny") → NGO institutions.

Each extract becomes an :class:`~graph.model.Institution` of type NGO with its
KRS number (id ``krs:<number>``), REGON and NIP, its registered address,
LOCATED_IN the gmina of its seat and SERVING that gmina (marked ``declared``:
an NGO's area is its own choice, not a statutory competence).  The statutory
goals (dział 3) become the description; legal form, OPP status and liquidation
are noted in front of them.

KRS writes seat names in capitals and names a town gmina and the rural gmina
around it alike ("DĘBICA"); a seat locality equal to the gmina name is taken as
the town (the decision is reported).  Board members are never read.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph import model as m
from graph.enums import InstitutionType
from graph.store.protocol import Store
from graph.writer import Batch
from importers.parsers.errors import ImportValidationError
from importers.parsers.krs import KrsRecord, parse_krs, parse_krs_dir
from importers.parsers.text import fold
from importers.registers.common import Progress, build, finish, no_progress, valid_postal
from importers.registers.gazetteer import Gazetteer
from importers.registers.report import ImportReport

__all__ = ["import_krs"]

MAX_DESCRIPTION = 5000
_FORMS = {
    "STOWARZYSZENIE": "stowarzyszenie",
    "FUNDACJA": "fundacja",
    "STOWARZYSZENIE KULTURY FIZYCZNEJ": "stowarzyszenie kultury fizycznej",
}
COLUMNS = {
    "id": "naglowekA.numerKRS",
    "krs": "naglowekA.numerKRS",
    "name": "dane.dzial1.danePodmiotu.nazwa",
    "regon": "dane.dzial1.danePodmiotu.identyfikatory.regon",
    "nip": "dane.dzial1.danePodmiotu.identyfikatory.nip",
    "street": "dane.dzial1.siedzibaIAdres.adres.ulica",
    "postal_code": "dane.dzial1.siedzibaIAdres.adres.kodPocztowy",
    "city": "dane.dzial1.siedzibaIAdres.adres.miejscowosc",
    "description": "dane.dzial3.celDzialaniaOrganizacji.celDzialania",
}


def _street(rec: KrsRecord) -> str | None:
    a = rec.address
    number = a.house_number + (f"/{a.flat_number}" if a.flat_number else "") if a.house_number else None
    base = a.street or (a.locality if number else None)
    return " ".join(p for p in (base, number) if p) or None


def _description(rec: KrsRecord, file: str, report: ImportReport) -> str:
    form = _FORMS.get(rec.legal_form, rec.legal_form.lower())
    head = [f"Forma prawna: {form}."]
    if rec.is_opp:
        head.append("Organizacja pożytku publicznego.")
    if "W LIKWIDACJI" in rec.name.upper():
        head.append("W likwidacji.")
    text = " ".join(head) + "\nCele statutowe: " + rec.goals
    if len(text) > MAX_DESCRIPTION:
        report.warn(file, None, COLUMNS["description"], f"Cele statutowe skrócone do {MAX_DESCRIPTION} znaków.")
        text = text[: MAX_DESCRIPTION - 1].rstrip() + "…"
    return text


def import_krs(store: Store, path: str | Path, *, progress: Progress | None = None) -> ImportReport:
    """Import one KRS JSON extract or every ``*.json`` of a directory; see the module docstring.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        A file is broken or invalid, or no territories are loaded; nothing is written.
    """
    step = progress or no_progress
    started = time.perf_counter()
    step("wczytywanie i sprawdzanie odpisów", 0, 3)
    p = Path(path)
    if p.is_dir():
        parsed = parse_krs_dir(p)
        records, source = parsed.records, parsed.source
        if not records:
            raise ImportValidationError(source, None, None, "Katalog nie zawiera odpisów KRS (*.json).")
    else:
        records, source = [parse_krs(p)], p.name
    gaz = Gazetteer.from_store(store, source)
    report = ImportReport("krs", "Odpisy KRS – organizacje pozarządowe", source, rows_read=len(records))

    step("dopasowanie siedzib do gmin", 1, 3)
    institutions: list[Any] = []
    located: list[m.LocatedIn] = []
    serves: list[m.Serves] = []
    for rec in records:
        woj = gaz.woj_code(rec.seat.voivodeship)
        if woj is None:
            raise ImportValidationError(
                rec.file,
                None,
                "dane.dzial1.siedzibaIAdres.siedziba.wojewodztwo",
                f"Nieznane województwo '{rec.seat.voivodeship[:40]}'.",
            )
        town = fold(rec.seat.locality) == fold(rec.seat.gmina)
        res = gaz.resolve_gmina(name=rec.seat.gmina, woj=woj, powiat=rec.seat.powiat, hint="miejska" if town else None)
        if res.key is not None and town and "rozstrzygnięto typem" in res.note:
            res = replace(res, note=res.note + " Miejscowość siedziby = nazwa gminy, więc gmina miejska.")
        report.decide(
            res,
            row=None,
            file=rec.file,
            institution=rec.name,
            target="gmina",
            field="siedziba.gmina + powiat",
            value=f"{rec.seat.gmina} (pow. {rec.seat.powiat})",
        )
        iid = f"krs:{rec.krs_number}"
        institutions.append(
            build(
                m.Institution,
                {
                    "id": iid,
                    "name": rec.name,
                    "type": InstitutionType.NGO,
                    "krs": rec.krs_number,
                    "regon": rec.regon,
                    "nip": rec.nip,
                    "register_id": f"KRS {rec.krs_number}",
                    "gmina": res.key,
                    "street": _street(rec),
                    "postal_code": valid_postal(rec.address.postal_code),
                    "city": rec.address.locality,
                    "description": _description(rec, rec.file, report),
                    "source": "KRS (odpis aktualny)",
                    "updated_at": dt.datetime.combine(rec.state_as_of, dt.time()) if rec.state_as_of else None,
                },
                file=rec.file,
                row=None,
                columns=COLUMNS,
            )
        )
        if res.key:
            located.append(m.LocatedIn(src=iid, dst=res.key))
            serves.append(m.Serves(src=iid, dst=res.key, declared=True))

    batch = Batch().add(m.Institution, institutions).add(m.LocatedIn, located).add(m.Serves, serves)
    return finish(store, batch, report, started, step)
