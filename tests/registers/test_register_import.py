"""Institution registers into the store, on both backends.

Expected numbers come from SOURCES.md and the hand-checked parser tests
(tests/importers/test_gmina_match.py: of the 179 gmina-level rows of
ops_malopolska_geo.csv 54 codes are right, 15 carry a wrong RODZ, 108 point to
another gmina and are repaired by name, 2 rows name villages) plus the lines of
the files quoted next to each assertion.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph import model as m
from graph.digest import graph_digest
from graph.store.protocol import Capability, Row, Store
from graph.writer import get_node, get_nodes, get_rels, graph_counts
from importers.parsers.errors import ImportValidationError
from importers.registers.dps import import_dps
from importers.registers.krs import import_krs
from importers.registers.ops_malopolska import import_ops_malopolska
from importers.registers.ops_slaskie import import_ops_slaskie
from importers.registers.report import ImportReport
from importers.registers.sds import import_sds
from tests.registers.territories import load_territories

OPS_MP = "ops_malopolska_geo.csv"
OPS_SL = "ops_slaskie.csv"
SDS = "sds_malopolskie_2026-01-08.xlsx"
DPS = "dps_wolne_miejsca_malopolskie_2026-07-31.xlsx"


def _types(store: Store, ids: Sequence[str]) -> Counter[str]:
    return Counter(i.type.value for i in get_nodes(store, m.Institution, list(ids)))


def _ids(report: ImportReport, store: Store) -> list[str]:
    """The institutions the report says it wrote, as found in the store."""
    return [n.id for n in get_nodes(store, m.Institution, report.institution_ids)]


def _assert_rerun_changes_nothing(store: Store, run: Callable[[], ImportReport], first: ImportReport) -> None:
    before = graph_digest(store)
    counts = graph_counts(store)
    again = run()
    assert {t: (c.created, c.updated) for t, c in again.write.per_table.items()} == dict.fromkeys(
        again.write.per_table, (0, 0)
    )
    assert again.unchanged == first.institutions and again.created == 0
    assert graph_counts(store) == counts
    assert graph_digest(store) == before


def _located(store: Store, ids: Sequence[str]) -> dict[str, str]:
    return {r.src: r.dst for r in get_rels(store, m.LocatedIn, list(ids))}


def _served(store: Store, ids: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in get_rels(store, m.Serves, list(ids)):
        out.setdefault(r.src, set()).add(r.dst)
    return out


# ------------------------------------------------------------------ OPS Małopolska


def test_ops_malopolska_repairs_codes_and_reports_every_decision(
    store: Store, regional_dir: Path, tmp_path: Path
) -> None:
    load_territories(store, "12")
    report = import_ops_malopolska(store, regional_dir / OPS_MP)
    ids = _ids(report, store)
    assert report.rows_read == report.institutions == report.created == len(ids) == 195
    # SOURCES.md: OPS 163, PCPR 16, CUS 14, MOPR 2 (MOPR → type OPS)
    assert _types(store, ids) == {"OPS": 165, "PCPR": 16, "CUS": 14}
    # gmina decisions: the 179 gmina-level rows (54 exact, 15 prefix, 108 by name, 2 unresolved)
    # plus the 16 PCPR seats (6 exact codes, 10 found by name)
    assert report.method_counts("gmina") == {"exact": 60, "prefix": 15, "name": 118, "fuzzy": 0, "unresolved": 2}
    assert report.method_counts("powiat") == {"exact": 0, "prefix": 16, "name": 0, "fuzzy": 0, "unresolved": 0}
    assert len(report.repaired) == 133
    assert sorted(d.value for d in report.unresolved) == ["1201062 Niegowić", "1219062 Trąbki"]
    assert all(d.note for d in report.non_exact() if d.category != "name" or d.code)
    counts = graph_counts(store)
    assert (counts["LOCATED_IN"], counts["SERVES"]) == (193, 193)  # all but the 2 villages; PCPRs serve powiats

    located = _located(store, ids)
    served = _served(store, ids)
    # "OPS,2812.0,…,Libiąż,…,1203041": Libiąż is urban-rural 1203043 → RODZ repaired
    libiaz = next(
        d for d in report.decisions if d.row is not None and d.institution == "Ośrodek Pomocy Społecznej w Libiążu"
    )
    assert (libiaz.method, libiaz.teryt, located["rjps:2812"]) == ("prefix", "120304", "120304")
    # "MOPR,130.0,…,Kraków,Kraków-Podgórze,…,1261011": a delegatura, not in the store → the city
    assert located["rjps:130"] == "126101" and served["rjps:130"] == {"126101"}
    mopr = next(d for d in report.decisions if d.institution == "Miejski Ośrodek Pomocy Społecznej w Krakowie")
    assert "dzielnica lub delegatura" in mopr.note
    # "PCPR,260.0,…,bocheński,Bochnia,…,1201011": seat in the town, serves the powiat
    assert (located["rjps:260"], served["rjps:260"]) == ("120101", {"1201"})
    # town and rural CUS of Grybów, told apart by "Miejskie"/"Gminne"
    assert (located["rjps:2871"], located["rjps:2872"]) == ("121001", "121004")
    assert "ops-malopolska:10068" not in located  # "GOPS Trąbki": a village, left unresolved

    cus_tarnow = get_node(store, m.Institution, "rjps:132")
    assert cus_tarnow is not None
    assert (cus_tarnow.lat, cus_tarnow.lon, cus_tarnow.register_id, cus_tarnow.postal_code) == (
        50.0121,
        20.9858,
        "132",
        "33-100",
    )
    assert cus_tarnow.description is not None and cus_tarnow.description.startswith(
        "Godziny pracy:\nGodziny pracy CUS:"
    )
    mir = get_node(store, m.Institution, "ops-malopolska:10003")  # "GOPS Dębno", from mir.org.pl
    assert mir is not None and mir.register_id is None and "mir.org.pl" in (mir.source or "")

    # e-mails are stored but never reported
    with (regional_dir / OPS_MP).open(encoding="utf-8-sig", newline="") as fh:
        emails = {r["email"] for r in csv.DictReader(fh) if r["email"]}
    assert cus_tarnow.email in emails
    outputs = [
        "\n".join(report.lines(limit=0)),
        report.write_file(tmp_path / "r.json").read_text(encoding="utf-8"),
        report.write_file(tmp_path / "r.csv").read_text(encoding="utf-8-sig"),
    ]
    assert not any(e in text for e in emails for text in outputs)
    data = json.loads(outputs[1])
    assert data["codes_repaired"] == 133 and data["unresolved"] == 2 and len(data["decisions"]) == 211
    rows = list(csv.reader(outputs[2].splitlines()))
    assert rows[0][0] == "rodzaj" and sum(1 for r in rows if r[0] == "dopasowanie") == 211

    _assert_rerun_changes_nothing(store, lambda: import_ops_malopolska(store, regional_dir / OPS_MP), report)


# ------------------------------------------------------------------ OPS Śląskie


def test_ops_slaskie_matches_every_gmina_by_name(store: Store, regional_dir: Path) -> None:
    load_territories(store, "24")
    report = import_ops_slaskie(store, regional_dir / OPS_SL)
    ids = _ids(report, store)
    assert report.institutions == len(ids) == 167
    assert _types(store, ids) == {"OPS": 164, "CUS": 3}  # GOPS 122 + MOPS 42, CUS 3
    woj24 = {r["teryt"] for r in store.query("registers_gminas", {}) if r["woj"] == "24"}
    located = _located(store, ids)
    assert len(woj24) == 167 and sorted(located.values()) == sorted(woj24)  # each gmina exactly once
    assert report.method_counts("gmina") == {"exact": 0, "prefix": 0, "name": 167, "fuzzy": 0, "unresolved": 0}
    cleaned = {d.value.split(" (pow.")[0]: d.teryt for d in report.decisions if "oczyszczona" in d.note}
    assert cleaned == {
        "Buczkowice Gmina Buczkowice-": "240203",
        "Żarki Miejsko": "240905",
        "Szczekociny Miejsko": "241608",
    }
    assert report.non_exact()[0].note  # the cleaned names are listed first
    _assert_rerun_changes_nothing(store, lambda: import_ops_slaskie(store, regional_dir / OPS_SL), report)


# ------------------------------------------------------------------ ŚDS


def test_sds_homes_with_day_support_services(store: Store, regional_dir: Path) -> None:
    load_territories(store, "12")
    report = import_sds(store, regional_dir / SDS)
    ids = _ids(report, store)
    # 89 entries: 57 + 29 homes, 2 clubs, 1 round-the-clock list; "ŚDS Winiary 63, 32-109 Pałecznica"
    # is listed as gmina- and powiat-level, "ŚDS w Bieczu" again for its round-the-clock places
    assert (report.rows_read, report.institutions, len(ids)) == (89, 87, 87)
    assert _types(store, ids) == {"SDS": 85, "INNA": 2}
    assert report.as_of == "2026-01-08"
    services = [s for o in get_rels(store, m.Offers, ids) for s in get_nodes(store, m.Service, [o.dst])]
    assert len(services) == 89
    # 2074 + 1198 subsidised places (sheet's own sums) + clubs 35 + 20 + 4 round-the-clock
    assert sum(s.capacity or 0 for s in services) == 3331
    counts = graph_counts(store)
    assert (counts["IN_CATEGORY"], counts["SERVES"], counts["LOCATED_IN"]) == (89, 88, 83)
    assert report.method_counts("powiat")["name"] == 29
    # only 4 powiat-level homes at villages that are no gmina's name stay without a seat
    assert sorted(d.value for d in report.unresolved) == ["Bogucice", "Brzezie", "Czerwienne", "Tarnowiec"]

    winiary = next(i for i in ids if i.startswith("sds:sds-winiary-63"))
    assert _served(store, [winiary])[winiary] == {"121404", "1214"}  # Pałecznica and powiat proszowicki
    offered = {s.id.split(".")[-1]: s.capacity for s in services if s.id.startswith(winiary + ".")}
    assert offered == {"sds-gminny": 20, "sds-powiatowy": 30}
    biecz = next(i for i in ids if i.startswith("sds:sds-w-bieczu"))
    biecz_services = {s.id.split(".")[-1]: s for s in services if s.id.startswith(biecz + ".")}
    assert {k: s.capacity for k, s in biecz_services.items()} == {"sds-gminny": 41, "miejsca-calodobowe": 4}
    home = biecz_services["sds-gminny"]
    assert home.eligibility is not None and "B – osoby z niepełnosprawnością intelektualną" in home.eligibility
    assert "C – " in home.eligibility and "A – " not in home.eligibility  # "B,C"
    assert {g.dst for g in get_rels(store, m.ForGroup, [home.id])} == {"chorzy-psychicznie", "niepelnosprawni"}
    # "Limanowa (powiat limanowski)", run by "Burmistrz Miasta Limanowa" → the town, not the rural gmina
    limanowa = next(d for d in report.decisions if d.institution == "ŚDS Limanowa")
    assert limanowa.teryt == "120701"
    _assert_rerun_changes_nothing(store, lambda: import_sds(store, regional_dir / SDS), report)


def test_sds_needs_its_voivodeship_in_the_store(store: Store, regional_dir: Path) -> None:
    load_territories(store, "24")
    with pytest.raises(ImportValidationError, match="Nie rozpoznano województwa"):
        import_sds(store, regional_dir / SDS)
    assert graph_counts(store)["Institution"] == 0


# ------------------------------------------------------------------ DPS


def test_dps_homes_with_a_service_per_type(store: Store, regional_dir: Path) -> None:
    load_territories(store, "12")
    report = import_dps(store, regional_dir / DPS, woj="małopolskie")
    ids = _ids(report, store)
    assert (report.rows_read, report.institutions, len(ids)) == (113, 88, 88)  # 113 type rows, 88 homes
    assert set(_types(store, ids)) == {"DPS"}
    services = [s for o in get_rels(store, m.Offers, ids) for s in get_nodes(store, m.Service, [o.dst])]
    assert len(services) == 113
    assert sum(s.capacity or 0 for s in services) == 8074  # the sum of the sheet's subtotal rows
    served = _served(store, ids)
    located = _located(store, ids)
    assert len(served) == 88 and len(located) == 68

    bochnia = next(i for i in ids if i.startswith("dps:dom-pomocy-spolecznej-w-bochni"))
    assert (located[bochnia], served[bochnia]) == ("120101", {"1201"})  # run by the powiat
    by_type = {s.name: s for s in services if s.id.startswith(bochnia + ".")}
    psych = by_type["Całodobowa opieka – dom pomocy społecznej dla osób przewlekle psychicznie chorych"]
    assert (psych.capacity, psych.free_places) == (67, 0)
    assert (
        psych.description is not None
        and "Lista oczekujących: 5 os., przewidywany czas oczekiwania ok. 400 dni." in psych.description
    )
    assert {g.dst for g in get_rels(store, m.ForGroup, [psych.id])} == {"chorzy-psychicznie"}
    # "Gmina Borzęcin" runs its own home: it serves the gmina
    names = {n.id: n.name for n in get_nodes(store, m.Institution, ids)}
    borzecin = next(i for i, name in names.items() if name.endswith("w Borzęcinie"))
    assert (located[borzecin], served[borzecin]) == ("120201", {"120201"})
    # homes run by the city of Kraków serve the city's powiat
    krakow = [i for i in ids if located.get(i) == "126101"]
    assert len(krakow) == 14 and all(served[i] == {"1261"} for i in krakow)
    # "34-741 Kasina Wielka 448" only resembles gmina Kamionka Wielka (another powiat): no guess
    kasina = next(i for i, name in names.items() if "Kasince Wielkiej" in name)
    assert kasina not in located and served[kasina] == {"1207"}
    _assert_rerun_changes_nothing(store, lambda: import_dps(store, regional_dir / DPS), report)


# ------------------------------------------------------------------ KRS


def test_krs_ngos_located_at_their_seat(store: Store, krs_dir: Path) -> None:
    load_territories(store, "18")
    report = import_krs(store, krs_dir)
    ids = _ids(report, store)
    assert report.institutions == len(ids) == 46 and set(_types(store, ids)) == {"NGO"}
    assert report.method_counts("gmina") == {"exact": 0, "prefix": 0, "name": 46, "fuzzy": 0, "unresolved": 0}
    ngo = get_node(store, m.Institution, "krs:0000096794")
    assert ngo is not None
    assert (ngo.krs, ngo.regon, ngo.nip, ngo.gmina, ngo.street, ngo.postal_code) == (
        "0000096794",
        "371091972",
        "6891178090",
        "180108",  # USTRZYKI DOLNE, gmina miejsko-wiejska 1801083
        "RYNEK 6",
        "38-700",
    )
    assert ngo.description is not None and ngo.description.startswith(
        "Forma prawna: stowarzyszenie.\nCele statutowe: POPRAWA BEZPIECZEŃSTWA"
    )
    assert [(r.dst, r.declared) for r in get_rels(store, m.Serves, ["krs:0000096794"])] == [("180108", True)]
    # seat DĘBICA / locality DĘBICA → the town (1803011), not the rural gmina (1803042)
    assert _located(store, ["krs:0000131935"]) == {"krs:0000131935": "180301"}
    single = import_krs(store, krs_dir / "0000096794.json")
    assert (single.institutions, single.unchanged) == (1, 1)
    _assert_rerun_changes_nothing(store, lambda: import_krs(store, krs_dir), report)


# ------------------------------------------------------------------ safety


class _FailingTx:
    def __init__(self, tx: Any, fail_on: str):
        self._tx = tx
        self.backend = tx.backend
        self.capabilities = tx.capabilities - {Capability.ARROW}  # the row path
        self._fail_on = fail_on

    def run(self, stmt: Any, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._tx.run(stmt, params)

    def columns(self, stmt: Any, params: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
        return self._tx.columns(stmt, params)  # type: ignore[no-any-return]

    def bulk_insert(self, table: str, rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> None:
        if table == self._fail_on:
            raise RuntimeError("przerwany import (symulacja)")
        self._tx.bulk_insert(table, rows, columns)


class _FailingStore:
    """The real store, whose write fails when it reaches the bulk insert of ``fail_on``."""

    def __init__(self, inner: Store, fail_on: str):
        self._inner = inner
        self._fail_on = fail_on

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def write(self, work: Callable[[Any], Any]) -> Any:
        return self._inner.write(lambda tx: work(_FailingTx(tx, self._fail_on)))


def test_import_killed_mid_batch_leaves_nothing_and_rerun_equals_a_clean_run(store: Store, regional_dir: Path) -> None:
    load_territories(store, "24")
    before = graph_digest(store)
    with pytest.raises(RuntimeError):
        import_ops_slaskie(_FailingStore(store, "SERVES"), regional_dir / OPS_SL)  # type: ignore[arg-type]
    assert graph_digest(store) == before  # institutions and LOCATED_IN were rolled back too
    report = import_ops_slaskie(store, regional_dir / OPS_SL)
    assert report.created == 167
    assert graph_counts(store)["SERVES"] == 167


def _edit_csv(src: Path, dst: Path, row_index: int, edit: dict[str, str]) -> Path:
    with src.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[row_index].update(edit)
    with dst.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return dst


def test_bad_input_names_file_row_and_field_and_writes_nothing(
    store: Store, regional_dir: Path, tmp_path: Path
) -> None:
    load_territories(store, "12", "24")
    before = graph_counts(store)
    bad_lat = _edit_csv(regional_dir / OPS_MP, tmp_path / "ops.csv", 150, {"latitude": "pięćdziesiąt"})
    with pytest.raises(ImportValidationError) as err:
        import_ops_malopolska(store, bad_lat)
    assert (err.value.file, err.value.row, err.value.field) == ("ops.csv", 152, "latitude")
    # a value the parser lets through but the model refuses (a 130-character phone)
    long_phone = _edit_csv(regional_dir / OPS_SL, tmp_path / "sl.csv", 9, {"telefon": "32 000 00 00, " * 10})
    with pytest.raises(ImportValidationError) as err:
        import_ops_slaskie(store, long_phone)
    assert (err.value.file, err.value.row, err.value.field) == ("sl.csv", 11, "telefon")
    assert "za długa" in err.value.message
    assert graph_counts(store) == before


def test_a_corrected_source_moves_the_seat_and_drops_the_old_one(
    store: Store, regional_dir: Path, tmp_path: Path
) -> None:
    load_territories(store, "12")
    import_ops_malopolska(store, regional_dir / OPS_MP)
    assert _located(store, ["rjps:2812"]) == {"rjps:2812": "120304"}  # Libiąż
    # the next export says the centre is in Chrzanów (row 28 of the file, index 26)
    moved = _edit_csv(regional_dir / OPS_MP, tmp_path / OPS_MP, 26, {"gmina": "Chrzanów", "teryt_gminy": "1203033"})
    report = import_ops_malopolska(store, moved)
    assert (report.updated, report.removed_seats) == (1, 1)
    assert [(r.src, r.dst) for r in get_rels(store, m.LocatedIn, ["rjps:2812"])] == [("rjps:2812", "120303")]
    assert get_node(store, m.Institution, "rjps:2812").gmina == "120303"  # type: ignore[union-attr]
    assert graph_counts(store)["LOCATED_IN"] == 193
    again = import_ops_malopolska(store, moved)
    assert (again.updated, again.removed_seats) == (0, 0)


def test_registers_need_the_territories_loaded_first(store: Store, krs_dir: Path) -> None:
    with pytest.raises(ImportValidationError, match="kooperacja import teryt"):
        import_krs(store, krs_dir)


# ------------------------------------------------------------------ named queries


def test_registers_gminas_query_agrees_across_stores(demo_stores: dict[str, Store]) -> None:
    results = {b: s.query("registers_gminas", {}) for b, s in demo_stores.items()}
    assert results["ladybug"] == results["neo4j"]
    rows = results["ladybug"]
    # the demo holds the 9 gminas of powiat toruński and the city of Toruń
    assert [r["teryt"] for r in rows] == [f"0415{i:02d}" for i in range(1, 10)] + ["046301"]
    lubianka = next(r for r in rows if r["teryt"] == "041505")
    assert lubianka == {
        "teryt": "041505",
        "name": "Łubianka",
        "rodz": "2",
        "powiat": "0415",
        "powiat_name": "toruński",
        "woj": "04",
        "woj_name": "kujawsko-pomorskie",
    }
