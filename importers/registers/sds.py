"""The voivode's list of środowiskowe domy samopomocy (ŚDS) → institutions with services.

Every numbered entry of the list becomes a :class:`~graph.model.Service` of
day support (category ``wsparcie-dzienne``; ŚDS types A–D in its eligibility;
capacity = subsidised places) offered by an institution of type SDS.  Entries
that describe the same home (same name and address – e.g. a home listed both as
gmina- and powiat-level, or its round-the-clock places listed separately) are
one institution with several services.  Kluby samopomocy become institutions of
type "inna" (they are not ŚDS) with a club service.

Territory: a gmina-level entry is LOCATED_IN and SERVES its gmina; a
powiat-level entry SERVES its powiat and is LOCATED_IN the gmina of its address
locality when that can be told (a heuristic, always reported).  The list names
no voivodeship in its rows, so it is recognised from the powiat names (or
given by the caller).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph import model as m
from graph.enums import InstitutionType
from graph.store.protocol import Store
from graph.writer import Batch
from importers.parsers._xlsx import split_address
from importers.parsers.errors import ImportValidationError
from importers.parsers.gmina_match import MatchResult, kind_hint
from importers.parsers.sds import SdsRecord, parse_sds_xlsx
from importers.parsers.text import fold
from importers.registers.common import (
    Progress,
    add_reference_terms,
    build,
    finish,
    no_progress,
    stable_id,
    valid_postal,
)
from importers.registers.gazetteer import Gazetteer, authority_hint
from importers.registers.report import ImportReport

__all__ = ["import_sds", "SDS_TYPES"]

#: ŚDS types (rozporządzenie w sprawie środowiskowych domów samopomocy, § 3).
SDS_TYPES = {
    "A": "osoby przewlekle psychicznie chore",
    "B": "osoby z niepełnosprawnością intelektualną",
    "C": "osoby wykazujące inne przewlekłe zaburzenia czynności psychicznych",
    "D": "osoby ze spektrum autyzmu lub z niepełnosprawnościami sprzężonymi",
}
CATEGORY = "wsparcie-dzienne"
LEGAL_BASIS = "art. 51 ustawy o pomocy społecznej (ośrodek wsparcia dla osób z zaburzeniami psychicznymi)"
_SECTION = {
    "gminny": ("sds-gminny", "Środowiskowy dom samopomocy – wsparcie dzienne (zasięg gminny)"),
    "powiatowy": ("sds-powiatowy", "Środowiskowy dom samopomocy – wsparcie dzienne (zasięg powiatowy)"),
    "klub": ("klub-samopomocy", "Klub samopomocy – wsparcie dzienne"),
    "calodobowe": ("miejsca-calodobowe", "Miejsca całodobowe w środowiskowym domu samopomocy"),
}
_SECTION_LABEL = {
    "gminny": "o zasięgu gminnym",
    "powiatowy": "o zasięgu powiatowym",
    "klub": "klub samopomocy",
    "calodobowe": "miejsca całodobowe",
}
_ALNUM = re.compile(r"[^a-z0-9]+")
COLUMNS = {"name": "Adres", "phone": "Telefon", "postal_code": "Adres", "capacity": "Liczba miejsc"}


def _home_key(rec: SdsRecord) -> str:
    return _ALNUM.sub("", fold(rec.address))


def _phone(raw: str | None) -> str | None:
    if not raw:
        return None
    return re.sub(r"^tel\.?\s*", "", raw, flags=re.IGNORECASE).strip() or None


def _eligibility(rec: SdsRecord) -> str:
    text = "Osoby z zaburzeniami psychicznymi"
    if rec.types:
        text += "; typ domu: " + "; ".join(f"{t} – {SDS_TYPES[t]}" for t in rec.types)
    return text + "."


def _groups(rec: SdsRecord) -> list[str]:
    groups = ["chorzy-psychicznie"]
    if {"B", "D"} & set(rec.types):
        groups.append("niepelnosprawni")
    return groups


def _service_description(rec: SdsRecord) -> str:
    parts = [f"Pozycja {rec.number} wykazu ({_SECTION_LABEL[rec.section]})."]
    if rec.types_note:
        parts.append(f"Typ domu – uwagi: {rec.types_note}.")
    if rec.places_za_zyciem:
        parts.append(f"W tym miejsc dla uczestników z ustawy „Za życiem”: {rec.places_za_zyciem}.")
    parts.append(f"Podmiot prowadzący: {rec.operator}.")
    return " ".join(parts)


def _institution_description(recs: list[SdsRecord]) -> str:
    first = recs[0]
    parts = ["Jednostka publiczna." if first.is_public else "Jednostka niepubliczna (zadanie zlecone lub powierzone)."]
    if first.branches:
        parts.append(f"Filie: {first.branches}.")
    return " ".join(parts)


def _guess_woj(gaz: Gazetteer, records: list[SdsRecord], file: str) -> str:
    woj = gaz.guess_woj(r.powiat for r in records if r.powiat)
    if woj is None:
        raise ImportValidationError(
            file, None, None, "Nie rozpoznano województwa z nazw powiatów – podaj je jawnie (opcja --wojewodztwo)."
        )
    return woj


def import_sds(
    store: Store, path: str | Path, *, woj: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import the ŚDS list; see the module docstring.

    Parameters
    ----------
    woj
        Voivodeship code or name; recognised from the powiat names when omitted.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        The sheet is broken, a value is invalid, or no territories are loaded; nothing is written.
    """
    step = progress or no_progress
    started = time.perf_counter()
    step("wczytywanie i sprawdzanie arkusza", 0, 3)
    parsed = parse_sds_xlsx(path)
    file = parsed.source
    gaz = Gazetteer.from_store(store, file)
    region = _region(gaz, woj, file) if woj else _guess_woj(gaz, parsed.records, file)
    report = ImportReport("sds", f"Wykaz ŚDS – {gaz.woj_names[region]}", file, rows_read=len(parsed.records))
    report.as_of = parsed.as_of.isoformat() if parsed.as_of else None
    report.warnings.extend(parsed.warnings)
    stamp = dt.datetime.combine(parsed.as_of, dt.time()) if parsed.as_of else None

    homes: dict[str, list[SdsRecord]] = defaultdict(list)
    for rec in parsed.records:
        homes[_home_key(rec)].append(rec)

    step("dopasowanie gmin i powiatów", 1, 3)
    institutions: list[Any] = []
    services: list[Any] = []
    located: list[m.LocatedIn] = []
    serves: set[tuple[str, str]] = set()
    offers: list[m.Offers] = []
    in_cat: list[m.InCategory] = []
    for_group: list[m.ForGroup] = []
    available: set[tuple[str, str]] = set()
    for recs in homes.values():
        first = recs[0]
        iid = stable_id("sds", first.name, first.address)
        seat: str | None = None
        areas: dict[int, str | None] = {}
        for rec in recs:
            area, gmina = _territory(gaz, report, rec, region, file)
            areas[id(rec)] = area
            seat = seat or gmina
        sections = {r.section for r in recs}
        itype = InstitutionType.OTHER if sections == {"klub"} else InstitutionType.SDS
        _, street, _, _ = split_address(first.address)
        institutions.append(
            build(
                m.Institution,
                {
                    "id": iid,
                    "name": first.name
                    if itype is InstitutionType.SDS
                    else f"{first.name} ({first.locality or first.unit_raw})",
                    "type": itype,
                    "gmina": seat,
                    "street": street,
                    "postal_code": valid_postal(first.postal_code),
                    "city": first.locality,
                    "phone": _phone(first.phone),
                    "description": _institution_description(recs),
                    "source": f"wykaz ŚDS wojewody ({file})",
                    "updated_at": stamp,
                },
                file=file,
                row=first.row,
                columns=COLUMNS,
            )
        )
        if seat:
            located.append(m.LocatedIn(src=iid, dst=seat))
        used: set[str] = set()
        for rec in recs:
            suffix, name = _SECTION[rec.section]
            sid = f"{iid}.{suffix}"
            if sid in used:
                sid = f"{sid}-{rec.number}"
            used.add(sid)
            services.append(
                build(
                    m.Service,
                    {
                        "id": sid,
                        "name": name,
                        "description": _service_description(rec),
                        "eligibility": _eligibility(rec),
                        "capacity": rec.places,
                        "legal_basis": LEGAL_BASIS,
                        "languages": ["pl"],
                        "updated_at": stamp,
                    },
                    file=file,
                    row=rec.row,
                    columns=COLUMNS,
                )
            )
            offers.append(m.Offers(src=iid, dst=sid))
            in_cat.append(m.InCategory(src=sid, dst=CATEGORY))
            for_group += [m.ForGroup(src=sid, dst=g) for g in _groups(rec)]
            area = areas[id(rec)] or seat
            if area:
                serves.add((iid, area))
                available.add((sid, area))

    batch = Batch()
    add_reference_terms(store, batch, [CATEGORY], [g.dst for g in for_group])
    batch.add(m.Institution, institutions).add(m.Service, services)
    batch.add(m.LocatedIn, located).add(m.Serves, [m.Serves(src=s, dst=d) for s, d in sorted(serves)])
    batch.add(m.Offers, offers).add(m.InCategory, in_cat).add(m.ForGroup, for_group)
    batch.add(m.AvailableIn, [m.AvailableIn(src=s, dst=d) for s, d in sorted(available)])
    return finish(store, batch, report, started, step)


def _region(gaz: Gazetteer, woj: str, file: str) -> str:
    code = woj if woj in gaz.woj_names else gaz.woj_code(woj)
    if code is None:
        raise ImportValidationError(file, None, None, f"Nieznane województwo '{woj[:40]}'.")
    return code


def _territory(
    gaz: Gazetteer, report: ImportReport, rec: SdsRecord, woj: str, file: str
) -> tuple[str | None, str | None]:
    """(served unit, seat gmina) of one entry, with the decisions recorded."""
    if rec.section == "powiatowy":
        pres = gaz.resolve_powiat(rec.powiat or rec.unit_raw, woj)
        report.decide(
            pres, row=rec.row, file=file, institution=rec.name, target="powiat", field="Powiat", value=rec.unit_raw
        )
        seat: MatchResult = MatchResult(None, "unresolved", "Brak miejscowości w adresie.")
        if rec.locality:
            powiat_name = gaz.powiats.get(pres.powiat_code or "", rec.powiat)
            seat = gaz.resolve_locality(rec.locality, woj=woj, powiat=powiat_name)
            if seat.key is None and pres.powiat_code and gaz.powiat_gmina(pres.powiat_code):
                only = gaz.powiat_gmina(pres.powiat_code)
                seat = MatchResult(only, "name", "Jedyna gmina powiatu (miasto na prawach powiatu).", pres.powiat_code)
        report.decide(
            seat,
            row=rec.row,
            file=file,
            institution=rec.name,
            target="gmina",
            field="Adres (miejscowość)",
            value=rec.locality or "",
        )
        return pres.powiat_code, seat.key
    hint = authority_hint(rec.operator) or kind_hint(rec.unit_raw)
    res = gaz.resolve_gmina(name=rec.gmina or rec.unit_raw, woj=woj, powiat=rec.powiat, hint=hint)
    report.decide(
        res, row=rec.row, file=file, institution=rec.name, target="gmina", field="Miasto/Gmina", value=rec.unit_raw
    )
    return res.key, res.key
