"""The Małopolska ŚDS list through its mapping, and the decisions file a person fills in
for the homes whose gmina stays ambiguous (both stores)."""

from __future__ import annotations

import csv
from pathlib import Path

from graph import model as m
from graph.store.protocol import Store
from graph.writer import get_nodes
from importers.registers.editions import GminaStats, import_register_edition
from tests.registers.territories import load_territories

DATA = Path(__file__).resolve().parents[1] / "data"
SIMC = DATA / "teryt-simc" / "SIMC_Urzedowy_2023-01-01.zip"
KP = DATA / "registers-editions"


def test_sds_list_loads_through_its_mapping(store: Store) -> None:
    load_territories(store, "12")
    stats = GminaStats()
    report = import_register_edition(
        store,
        DATA / "social-institutions-regional" / "sds_malopolskie_2026-01-08.xlsx",
        "malopolska-sds",
        simc=SIMC,
        stats=stats,
    )
    assert report.as_of == "2026-01-08"
    nodes = get_nodes(store, m.Institution, report.institution_ids)
    assert len(nodes) == 85 and {n.type.value for n in nodes} == {"SDS"}
    assert stats.automatic == 85  # the gmina column first, then SIMC localities ("Gródek n/ Dunajcem", "Rabka Zdrój")
    olesno = next(n for n in nodes if n.name.startswith("ŚDS Oleśnica"))
    assert olesno.gmina == "120405"  # gmina Olesno (named in the list), not the post town Dąbrowa Tarnowska


def test_decisions_file_is_written_and_reused(store: Store, tmp_path: Path) -> None:
    load_territories(store, "04")
    book = tmp_path / "gminy-decyzje.csv"
    first = GminaStats()
    import_register_edition(
        store,
        KP / "kujawsko-pomorskie_dps_wolne_miejsca_2026-06-20.xls",
        "kujawsko-pomorskie-dps",
        simc=SIMC,
        decisions=book,
        stats=first,
    )
    rows = list(csv.DictReader(book.open(encoding="utf-8"), delimiter=";"))
    assert sorted(r["instytucja"] for r in rows) == [
        "Dom Pomocy Społecznej w Nowej Wsi",
        "Dom Pomocy Społecznej w Wysokiej",
    ]
    assert all(r["gmina"] == "" and len(r["kandydaci"].split()) == 2 for r in rows)
    assert sorted(first.open) == ["Dom Pomocy Społecznej w Nowej Wsi", "Dom Pomocy Społecznej w Wysokiej"]
    # the test plays the person: it takes the first candidate of each (a mechanism test, not a verified fact)
    for r in rows:
        r["gmina"] = r["kandydaci"].split()[0]
    with book.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    second = GminaStats()
    report = import_register_edition(
        store,
        KP / "kujawsko-pomorskie_dps_wolne_miejsca_2026-07-05.xls",
        "kujawsko-pomorskie-dps",
        simc=SIMC,
        decisions=book,
        stats=second,
    )
    assert (second.decided, len(second.open)) == (2, 0)
    chosen = {r["instytucja"]: r["gmina"] for r in rows}
    homes = {n.name: n.gmina for n in get_nodes(store, m.Institution, report.institution_ids)}
    assert all(homes[name] == code for name, code in chosen.items())


def test_free_places_only_register_is_accepted_with_capacity_unknown(store: Store, tmp_path: Path) -> None:
    (tmp_path / "wolne.yaml").write_text(
        'institution_type: DPS\nregister: dps-opolskie-test\nvoivodeship: "16"\nheader: {labels: ["placowka", "wolne"]}\n'
        'columns: {name: "Placówka", powiat: "Powiat", type: "Rodzaj", free: "Wolne"}\nidentity: [powiat, name]\n'
        'edition_date: [{title: "stan na"}]\n',
        encoding="utf-8",
    )
    (tmp_path / "wolne.csv").write_text(
        "Wolne miejsca w DPS – stan na 31.03.2026\nPlacówka;Powiat;Rodzaj;Wolne\n"
        "DPS w Prudniku, ul. Szpitalna 1, 48-200 Prudnik;prudnicki;dla osób w podeszłym wieku;3\n",
        encoding="utf-8",
    )
    load_territories(store, "16")
    report = import_register_edition(store, tmp_path / "wolne.csv", tmp_path / "wolne.yaml", simc=SIMC)
    (home,) = get_nodes(store, m.Institution, report.institution_ids)
    assert home.gmina == "161004"  # Prudnik, urban-rural gmina (TERC 16;10;04;3)
    (point,) = store.query("register_history", {"institution": home.id})
    assert (point["places"], point["free_places"]) == (None, 3)
    (svc,) = get_nodes(store, m.Service, [point["service"]])
    assert (svc.capacity, svc.free_places) == (None, 3)
