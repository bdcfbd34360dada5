"""The voivode's register of free places in domy pomocy społecznej (DPS) → institutions.

Each home becomes an :class:`~graph.model.Institution` of type DPS (a home listed
in several rows – one per DPS type – is one institution) with one
:class:`~graph.model.Service` per DPS type (art. 56 uops): capacity = places per
the voivode's decision, free_places = free places; residents, the waiting list
and the expected waiting time go into the description (the model has no field
for them).

Territory (decision, the register is silent): a home SERVES its powiat (DPS of
supra-gmina reach are the powiat's task) – unless it is run by a gmina that is
not a city with powiat rights ("Gmina Borzęcin"), then it SERVES that gmina.  It
is LOCATED_IN the gmina of its operator, else the gmina named like its address
locality within the powiat (a heuristic, always reported), else – in a city with
powiat rights – the city.
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
from importers.parsers.dps import DpsRecord, DpsTypeRow, parse_dps_xlsx
from importers.parsers.errors import ImportValidationError
from importers.parsers.gmina_match import MatchResult, kind_hint
from importers.parsers.text import fold
from importers.registers.common import (
    Progress,
    add_reference_terms,
    build,
    finish,
    no_progress,
    short_slug,
    stable_id,
    valid_postal,
)
from importers.registers.gazetteer import Gazetteer
from importers.registers.report import ImportReport

__all__ = ["import_dps", "target_groups"]

CATEGORY = "opieka-calodobowa"
LEGAL_BASIS = "art. 54–59 ustawy o pomocy społecznej (typ domu: art. 56)"
COLUMNS = {
    "name": "Dom Pomocy Społecznej (nazwa i adres)",
    "capacity": "Liczba miejsc",
    "free_places": "Liczba wolnych miejsc",
}
_OPERATOR_GMINA = re.compile(r"^(?:miasto i gmina|gmina i miasto|gmina|miasto)\s+(.+)$", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(r"^(.*\D)\s+(\d+\s*[a-zA-Z]?(?:/\d+)?)$")


def target_groups(dps_type: str) -> list[str]:
    """Target groups (graph.reference) of a DPS type named as in art. 56 uops."""
    t = fold(dps_type)
    groups: list[str] = []
    if "podeszlym wieku" in t:
        groups.append("seniorzy")
    if "psychicznie chorych" in t:
        groups.append("chorzy-psychicznie")
    if "niepelnosprawn" in t:
        groups.append("niepelnosprawni")
    if "alkoholu" in t:
        groups.append("uzaleznieni-alkohol")
    return groups


def _service_name(dps_type: str) -> str:
    return f"Całodobowa opieka – dom pomocy społecznej {dps_type}"


def _numbers(t: DpsTypeRow, as_of: dt.date | None) -> str:
    when = f"Stan na {as_of.strftime('%d.%m.%Y')}: " if as_of else ""
    parts = [f"miejsc {t.places}", f"mieszkańców {t.residents}", f"wolnych miejsc {t.free}"]
    if t.free_women is not None or t.free_men is not None:
        parts.append(
            f"w tym dla kobiet {t.free_women if t.free_women is not None else '–'}, dla mężczyzn {t.free_men if t.free_men is not None else '–'}"
        )
    text = when + ", ".join(parts) + "."
    if t.waiting is not None:
        text += f" Lista oczekujących: {t.waiting} os."
        if t.wait_days:
            text += f", przewidywany czas oczekiwania ok. {t.wait_days} dni."
        else:
            text += "."
    return text


def _address(rec: DpsRecord) -> tuple[str | None, str | None]:
    """(street, town): "32-854 Porąbka Uszewska 272" has its house number after the town."""
    street, town = rec.street, rec.locality
    if town:
        match = _TRAILING_NUMBER.match(town)
        if match and street is None:
            return f"{match.group(1).strip()} {match.group(2)}", match.group(1).strip()
        if match:
            town = match.group(1).strip()
    return street, town


def import_dps(
    store: Store, path: str | Path, *, woj: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import the DPS free-places register; see the module docstring.

    Raises
    ------
    importers.parsers.errors.ImportValidationError
        The sheet is broken, a value is invalid, or no territories are loaded; nothing is written.
    """
    step = progress or no_progress
    started = time.perf_counter()
    step("wczytywanie i sprawdzanie arkusza", 0, 3)
    parsed = parse_dps_xlsx(path)
    file = parsed.source
    gaz = Gazetteer.from_store(store, file)
    if woj:
        region = woj if woj in gaz.woj_names else gaz.woj_code(woj)
        if region is None:
            raise ImportValidationError(file, None, None, f"Nieznane województwo '{woj[:40]}'.")
    else:
        region = gaz.guess_woj(r.powiat for r in parsed.records)
        if region is None:
            raise ImportValidationError(
                file, None, None, "Nie rozpoznano województwa z nazw powiatów – podaj je jawnie (opcja --wojewodztwo)."
            )
    report = ImportReport(
        "dps",
        f"Rejestr wolnych miejsc w DPS – {gaz.woj_names[region]}",
        file,
        rows_read=sum(len(r.types) for r in parsed.records),
    )
    report.as_of = parsed.as_of.isoformat() if parsed.as_of else None
    report.warnings.extend(parsed.warnings)
    stamp = dt.datetime.combine(parsed.as_of, dt.time()) if parsed.as_of else None

    homes: dict[str, list[DpsRecord]] = defaultdict(list)
    for rec in parsed.records:
        homes[rec.home_key].append(rec)

    step("dopasowanie gmin i powiatów", 1, 3)
    institutions: list[Any] = []
    services: list[Any] = []
    located: list[m.LocatedIn] = []
    serves: list[m.Serves] = []
    offers: list[m.Offers] = []
    in_cat: list[m.InCategory] = []
    for_group: list[m.ForGroup] = []
    available: list[m.AvailableIn] = []
    for recs in homes.values():
        first = recs[0]
        street, town = _address(first)
        iid = stable_id("dps", first.name, street, first.postal_code)
        powiat = gaz.resolve_powiat(first.powiat, region)
        report.decide(
            powiat,
            row=first.row,
            file=file,
            institution=first.name,
            target="powiat",
            field="Powiat",
            value=first.powiat,
        )
        seat, operator_gmina = _seat(gaz, report, first, town, region, powiat, file)
        area = operator_gmina or powiat.powiat_code
        institutions.append(
            build(
                m.Institution,
                {
                    "id": iid,
                    "name": first.name,
                    "type": InstitutionType.DPS,
                    "gmina": seat,
                    "street": street,
                    "postal_code": valid_postal(first.postal_code),
                    "city": town,
                    "description": f"Prowadzący: {first.operator}." if first.operator else None,
                    "source": f"rejestr wolnych miejsc w DPS ({file})",
                    "updated_at": stamp,
                },
                file=file,
                row=first.row,
                columns=COLUMNS,
            )
        )
        if seat:
            located.append(m.LocatedIn(src=iid, dst=seat))
        if area:
            serves.append(m.Serves(src=iid, dst=area))
        seen: dict[str, int] = {}
        for t in (t for rec in recs for t in rec.types):
            sid = f"{iid}.{short_slug(t.dps_type)}"
            if sid in seen:
                report.warn(
                    file,
                    t.row,
                    COLUMNS["name"],
                    f"Typ DPS '{t.dps_type}' podany drugi raz dla tego samego domu (pierwszy raz w wierszu {seen[sid]}) – zapisano osobno.",
                )
                sid = f"{sid}-{t.row}"
            seen[sid] = t.row
            free = t.free
            if free > t.places:
                report.warn(
                    file,
                    t.row,
                    COLUMNS["free_places"],
                    "Wolnych miejsc więcej niż miejsc – pominięto liczbę wolnych miejsc.",
                )
            services.append(
                build(
                    m.Service,
                    {
                        "id": sid,
                        "name": _service_name(t.dps_type),
                        "description": _numbers(t, parsed.as_of),
                        "eligibility": f"Osoby wymagające całodobowej opieki – dom {t.dps_type}. Skierowanie wydaje ośrodek pomocy społecznej gminy właściwej.",
                        "capacity": t.places,
                        "free_places": free if free <= t.places else None,
                        "legal_basis": LEGAL_BASIS,
                        "languages": ["pl"],
                        "updated_at": stamp,
                    },
                    file=file,
                    row=t.row,
                    columns=COLUMNS,
                )
            )
            offers.append(m.Offers(src=iid, dst=sid))
            in_cat.append(m.InCategory(src=sid, dst=CATEGORY))
            for_group += [m.ForGroup(src=sid, dst=g) for g in target_groups(t.dps_type)]
            if area:
                available.append(m.AvailableIn(src=sid, dst=area))

    batch = Batch()
    add_reference_terms(store, batch, [CATEGORY], [g.dst for g in for_group])
    batch.add(m.Institution, institutions).add(m.Service, services)
    batch.add(m.LocatedIn, located).add(m.Serves, serves)
    batch.add(m.Offers, offers).add(m.InCategory, in_cat).add(m.ForGroup, for_group).add(m.AvailableIn, available)
    return finish(store, batch, report, started, step)


def _seat(
    gaz: Gazetteer, report: ImportReport, rec: DpsRecord, town: str | None, woj: str, powiat: MatchResult, file: str
) -> tuple[str | None, str | None]:
    """(seat gmina, operating gmina when it is a gmina without powiat rights)."""
    powiat_name = gaz.powiats.get(powiat.powiat_code or "")
    match = _OPERATOR_GMINA.match(rec.operator or "")
    if match:
        res = gaz.resolve_gmina(name=match.group(1), woj=woj, powiat=powiat_name, hint=kind_hint(rec.operator))
        report.decide(
            res,
            row=rec.row,
            file=file,
            institution=rec.name,
            target="gmina",
            field="prowadzący",
            value=rec.operator or "",
        )
        if res.key:
            own = res.key if int(res.key[2:4]) < 61 else None
            return res.key, own
    res = MatchResult(None, "unresolved", "Brak miejscowości w adresie.")
    if town:
        res = gaz.resolve_locality(town, woj=woj, powiat=powiat_name)
    if res.key is None and powiat.powiat_code and gaz.powiat_gmina(powiat.powiat_code):
        res = MatchResult(
            gaz.powiat_gmina(powiat.powiat_code),
            "name",
            "Jedyna gmina powiatu (miasto na prawach powiatu).",
            powiat.powiat_code,
        )
    report.decide(
        res, row=rec.row, file=file, institution=rec.name, target="gmina", field="adres (miejscowość)", value=town or ""
    )
    return res.key, None
