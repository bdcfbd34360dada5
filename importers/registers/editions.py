"""One edition of a voivode register into the store, with editions kept as a history.

``import_register_edition(store, FILE, MAPPING, simc=…)`` reads the file with its
layout (:mod:`importers.parsers.layout`), resolves each home's gmina
(:mod:`importers.registers.home_gmina`) and writes, in one transaction:

* one :class:`~graph.model.Occupancy` per service and edition date (places,
  residents, free places, waiting list) – the time series;
* the institutions and services whose NEWEST listing is this edition (so
  importing editions in any order leaves the newest one current);
* validity of every home and service of the register, recomputed from all stored
  editions: ``valid_from`` = first edition listing it; ``valid_to`` = the first
  edition after its last listing (retired: hidden from search, kept in history,
  never deleted).  A retired service shows no free places.

A home keeps its id across editions through the layout's ``identity`` (e.g.
powiat + street + postal code), so a renamed home is updated, not duplicated.
Two files with the same "stan na" date: the later-published one (date in the file
name) wins; re-importing an edition changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph import model as m
from graph.enums import InstitutionType, ServiceStatus
from graph.store.protocol import Store
from graph.writer import Batch, get_nodes
from importers.parsers.errors import ImportValidationError
from importers.parsers.gmina_match import MatchResult
from importers.parsers.layout import Layout, load_layout
from importers.parsers.register_table import Home, TypeRow, detect_layout, parse_register
from importers.registers.common import (
    Progress,
    add_reference_terms,
    finish,
    no_progress,
    short_slug,
    stable_id,
    valid_postal,
)
from importers.registers.dps import target_groups
from importers.registers.gazetteer import Gazetteer
from importers.registers.home_gmina import Decisions, GminaFinding, resolve_home_gmina
from importers.registers.report import ImportReport
from importers.registers.simc import SimcIndex, load_simc

__all__ = ["GminaStats", "import_register_edition"]

_MIN = dt.date.min


@dataclass
class GminaStats:
    homes: int = 0
    automatic: int = 0  # resolved without a person's decision
    decided: int = 0  # from the decisions file
    open: list[str] = field(default_factory=list)  # names of homes left for a person


@lru_cache(maxsize=4)
def _simc(path: str, woj: str) -> SimcIndex:
    return load_simc(path, {woj})


def _service_rows(rows: Iterable[TypeRow]) -> dict[str, TypeRow]:
    """Rows by type; the same type twice in one home is summed (one service)."""
    out: dict[str, TypeRow] = {}
    for r in rows:
        t = r.type or "usługi"
        if t in out:
            a = out[t]
            add = lambda x, y: None if x is None and y is None else (x or 0) + (y or 0)  # noqa: E731
            r = TypeRow(
                t,
                add(a.places, r.places),
                add(a.residents, r.residents),
                add(a.free, r.free),
                add(a.waiting, r.waiting),
                a.row,
            )
        out[t] = r
    return out


def import_register_edition(
    store: Store,
    path: str | Path,
    mapping: str | Path | Layout | None,
    *,
    simc: str | Path,
    decisions: str | Path | None = None,
    stats: GminaStats | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one edition; see the module docstring.  Nothing is written on any error."""
    step = progress or no_progress
    started = time.perf_counter()
    step("wczytywanie i sprawdzanie arkusza", 0, 3)
    layout = mapping if isinstance(mapping, Layout) else load_layout(mapping) if mapping else detect_layout(path)
    ed = parse_register(path, layout)
    file = ed.source
    gaz = Gazetteer.from_store(store, file)
    woj = layout.voivodeship or gaz.guess_woj(h.powiat for h in ed.homes if h.powiat)
    if woj is None or woj not in gaz.woj_names:
        raise ImportValidationError(
            file, None, None, "Nie rozpoznano województwa – podaj 'voivodeship' w pliku układu albo wczytaj TERYT."
        )
    index = _simc(str(Path(simc).resolve()), woj)
    book = Decisions(Path(decisions) if decisions else None)
    itype = (
        InstitutionType[layout.institution_type]
        if layout.institution_type in InstitutionType.__members__
        else InstitutionType(layout.institution_type)
    )
    report = ImportReport("register", f"Rejestr {layout.description or layout.name}", file, rows_read=ed.rows)
    report.as_of = ed.as_of.isoformat()
    report.warnings.extend(ed.warnings)
    stats = stats if stats is not None else GminaStats()

    step("dopasowanie gmin i historia wydań", 1, 3)
    reg = layout.register
    homes: dict[str, tuple[Home, GminaFinding, dict[str, TypeRow]]] = {}
    for home in ed.homes:
        iid = stable_id(itype.value.lower(), reg, home.key)
        finding = resolve_home_gmina(home, register=reg, woj=woj, gaz=gaz, simc=index, decisions=book)
        stats.homes += 1
        if finding.how == "decyzja":
            stats.decided += 1
        elif finding.key:
            stats.automatic += 1
        else:
            stats.open.append(home.name)
        note = f"{finding.how}: '{finding.value}'" + (
            f"; kandydaci: {', '.join(gaz.describe(c) for c in finding.candidates)}" if finding.candidates else ""
        )
        report.decide(
            MatchResult(finding.key, "name" if finding.key else "unresolved", note, finding.powiat),
            row=home.row,
            file=file,
            institution=home.name,
            target="gmina",
            field="adres",
            value=finding.value,
        )
        if iid in homes:  # two entries with one identity: their rows belong to one home
            prev = homes[iid]
            merged = dict(prev[2])
            merged.update({k: v for k, v in _service_rows(home.rows).items() if k not in merged})
            homes[iid] = (prev[0], prev[1], merged)
        else:
            homes[iid] = (home, finding, _service_rows(home.rows))

    this_pub = ed.published or _MIN
    stored = store.query("register_occupancy", {"register": reg})
    pub_by_date: dict[dt.date, dt.date] = {}
    for r in stored:
        d = _date(r["as_of"])
        pub_by_date[d] = max(pub_by_date.get(d, _MIN), _date(r["published"]) if r["published"] else _MIN)
    if pub_by_date.get(ed.as_of, _MIN) > this_pub:
        report.warn(
            file,
            None,
            None,
            f"Wydanie ze stanem na {ed.as_of.isoformat()} zostało już wczytane w nowszej wersji – pominięto ten plik.",
        )
        return finish(store, Batch(), report, started, step)

    # all edition points after this import: stored ones of other dates + this edition's
    points: dict[str, tuple[str, str, dt.date]] = {
        r["id"]: (r["institution"], r["service"], _date(r["as_of"])) for r in stored if _date(r["as_of"]) != ed.as_of
    }
    occupancy: list[m.Occupancy] = []
    for iid, (_home, _f, rows) in homes.items():
        for t, row in rows.items():
            sid = f"{iid}.{short_slug(t)}"
            oid = f"{sid}@{ed.as_of.isoformat()}"
            points[oid] = (iid, sid, ed.as_of)
            occupancy.append(
                m.Occupancy(
                    id=oid,
                    service=sid,
                    institution=iid,
                    register_name=reg,
                    as_of=ed.as_of,
                    published=ed.published,
                    places=row.places,
                    residents=row.residents,
                    free_places=row.free,
                    waiting=row.waiting,
                )
            )
    dates = sorted({d for _, _, d in points.values()})
    seen_i: dict[str, set[dt.date]] = defaultdict(set)
    seen_s: dict[str, set[dt.date]] = defaultdict(set)
    for iid, sid, d in points.values():
        seen_i[iid].add(d)
        seen_s[sid].add(d)

    def validity(seen: set[dt.date]) -> tuple[dt.date, dt.date | None]:
        last = max(seen)
        later = [d for d in dates if d > last]
        return min(seen), (later[0] if later else None)

    batch = Batch()
    institutions: list[Any] = []
    services: list[Any] = []
    located: list[m.LocatedIn] = []
    serves: list[m.Serves] = []
    offers: list[m.Offers] = []
    in_cat: list[m.InCategory] = []
    for_group: list[m.ForGroup] = []
    available: list[m.AvailableIn] = []
    stamp = dt.datetime.combine(ed.as_of, dt.time())
    for iid, (home, finding, rows) in homes.items():
        vf, vt = validity(seen_i[iid])
        area = finding.powiat or (finding.key[:4] if finding.key else None)
        if max(seen_i[iid]) == ed.as_of:  # else a newer edition describes it; validity is refreshed below
            institutions.append(
                m.Institution(
                    id=iid,
                    name=home.name[:400],
                    type=itype,
                    gmina=finding.key,
                    street=(home.street or None) and home.street[:200],
                    postal_code=valid_postal(home.postal_code),
                    city=(home.post_town or home.place or None),
                    phone=(home.phone or None) and home.phone[:120],
                    description=f"Prowadzący: {home.operator}."[:5000] if home.operator else None,
                    source=f"rejestr {reg}"[:120],
                    register_id=f"{reg}:{home.key}"[:120],
                    updated_at=stamp,
                    valid_from=vf,
                    valid_to=vt,
                )
            )
            if finding.key:
                located.append(m.LocatedIn(src=iid, dst=finding.key))
            if area:
                serves.append(m.Serves(src=iid, dst=area))
        for t, row in rows.items():
            sid = f"{iid}.{short_slug(t)}"
            svf, svt = validity(seen_s[sid])
            if max(seen_s[sid]) != ed.as_of:
                continue
            services.append(
                m.Service(
                    id=sid,
                    name=layout.service.name.replace("{type}", t)[:400],
                    # numbers of the edition stay out of the text (Occupancy keeps them): search keys stay stable
                    capacity=row.places,
                    free_places=row.free if svt is None else None,
                    legal_basis=layout.service.legal_basis,
                    languages=["pl"],
                    status=ServiceStatus.ACTIVE if svt is None else ServiceStatus.INACTIVE,
                    updated_at=stamp,
                    valid_from=svf,
                    valid_to=svt,
                )
            )
            offers.append(m.Offers(src=iid, dst=sid))
            in_cat.append(m.InCategory(src=sid, dst=layout.service.category))
            for_group += [m.ForGroup(src=sid, dst=g) for g in target_groups(t)]
            if area:
                available.append(m.AvailableIn(src=sid, dst=area))

    # validity of everything of the register that this edition does not describe as newest
    written_i = {i.id for i in institutions}
    written_s = {s.id for s in services}
    for node in get_nodes(store, m.Institution, sorted(set(seen_i) - written_i)):
        vf, vt = validity(seen_i[node.id])
        if (node.valid_from, node.valid_to) != (vf, vt):
            institutions.append(node.model_copy(update={"valid_from": vf, "valid_to": vt}))
            if node.gmina:  # the batch replaces seats of its institutions: keep this one's
                located.append(m.LocatedIn(src=node.id, dst=node.gmina))
            if vt is not None and node.valid_to is None:
                report.warn(
                    file,
                    None,
                    None,
                    f"'{node.name[:80]}' nie występuje w wydaniu ze stanem na {vt.isoformat()} – oznaczono jako wycofany(-ą).",
                )
    for node in get_nodes(store, m.Service, sorted(set(seen_s) - written_s)):
        vf, vt = validity(seen_s[node.id])
        if (node.valid_from, node.valid_to) != (vf, vt):
            update: dict[str, Any] = {"valid_from": vf, "valid_to": vt}
            if vt is not None:
                update |= {"free_places": None, "status": ServiceStatus.INACTIVE}
            services.append(node.model_copy(update=update))

    add_reference_terms(store, batch, [layout.service.category] if offers else [], [g.dst for g in for_group])
    batch.add(m.Institution, institutions).add(m.Service, services).add(m.Occupancy, occupancy)
    batch.add(m.LocatedIn, located).add(m.Serves, serves)
    batch.add(m.Offers, offers).add(m.InCategory, in_cat).add(m.ForGroup, for_group).add(m.AvailableIn, available)
    result = finish(store, batch, report, started, step)
    book.save()
    return result


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
