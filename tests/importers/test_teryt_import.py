"""TERYT (TERC) and centroid import into the store, on both backends.

Expected numbers are from SOURCES.md and were checked by hand against the files
(e.g. ``grep '^02;18;03' TERC_Urzedowy_*.csv``: Miękinia is RODZ 2 in 2020 and 3 in 2025).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph import model as m
from graph.catalog import Statement
from graph.digest import graph_digest
from graph.store.protocol import Capability, Row, Store
from graph.writer import get_node, get_rels, graph_counts
from importers.centroids import import_centroids
from importers.parsers.errors import ImportValidationError
from importers.teryt import import_teryt, stored_territories

TERC_2025 = "TERC_Urzedowy_2025-11-18.csv"
TERC_2020 = "TERC_Urzedowy_2020-01-01.csv"
TERRITORY_TABLES = (m.Territory, m.Within)


def _levels(store: Store) -> dict[str, int]:
    out: dict[str, int] = {"voivodeship": 0, "powiat": 0, "gmina": 0}
    for row in stored_territories(store).values():
        out[row["level"]] += 1
    return out


def _digest(store: Store) -> dict[str, str]:
    return graph_digest(store, TERRITORY_TABLES)


# ------------------------------------------------------------------ counts


def test_terc_2025_builds_the_territory_of_poland(store: Store, terc_dir: Path) -> None:
    result = import_teryt(store, terc_dir / TERC_2025)
    assert _levels(store) == {"voivodeship": 16, "powiat": 380, "gmina": 2479}
    counts = graph_counts(store)
    assert counts["Territory"] == 16 + 380 + 2479
    assert counts["WITHIN"] == 380 + 2479
    assert result.rows_read == 4348
    assert result.report.per_table["Territory"].created == 2875
    assert result.variant == "urzedowy" and result.stan_na == dt.date(2025, 1, 1)

    warsaw = get_node(store, m.Territory, "146501")
    assert warsaw is not None
    assert (warsaw.name, warsaw.level.value, warsaw.rodz.value) == ("Warszawa", "gmina", "1")
    assert warsaw.kind == "gmina miejska, miasto stołeczne"
    assert warsaw.stan_na == dt.date(2025, 1, 1)
    mazowieckie = get_node(store, m.Territory, "14")
    assert mazowieckie is not None and mazowieckie.name == "mazowieckie" and mazowieckie.rodz is None
    assert [(r.src, r.dst) for r in get_rels(store, m.Within, ["146501", "1465"])] in (
        [("146501", "1465"), ("1465", "14")],
        [("1465", "14"), ("146501", "1465")],
    )


def test_terc_2020_has_2477_gminas(store: Store, terc_dir: Path) -> None:
    import_teryt(store, terc_dir / TERC_2020)
    assert _levels(store) == {"voivodeship": 16, "powiat": 380, "gmina": 2477}


# ------------------------------------------------------------------ changes


def test_2020_then_2025_reports_each_change_and_equals_a_clean_2025_load(
    store: Store, terc_dir: Path, tmp_path: Path
) -> None:
    import_teryt(store, terc_dir / TERC_2020)
    result = import_teryt(store, terc_dir / TERC_2025)
    ch = result.changes

    assert len(ch.type_changes) == 76
    assert {(c.old_rodz, c.new_rodz) for c in ch.type_changes} == {("2", "3")}
    miekinia = next(c for c in ch.type_changes if c.teryt == "021803")
    assert (miekinia.name, miekinia.old_kind, miekinia.new_kind) == (
        "Miękinia",
        "gmina wiejska",
        "gmina miejsko-wiejska",
    )
    assert sorted((u.teryt, u.name) for u in ch.new_units) == [("120713", "Szczawa"), ("200216", "Grabówka")]
    gmina_renames = sorted((r.teryt, r.old_name, r.new_name) for r in ch.renames if r.level == "gmina")
    assert gmina_renames == [("221208", "Słupsk", "Redzikowo"), ("260417", "Sitkówka-Nowiny", "Nowiny")]
    # the only other rename between the files is a powiat: 0206 jeleniogórski → karkonoski
    assert [(r.teryt, r.new_name) for r in ch.renames if r.level != "gmina"] == [("0206", "karkonoski")]
    assert ch.absent_units == []

    assert _levels(store) == {"voivodeship": 16, "powiat": 380, "gmina": 2479}
    node = get_node(store, m.Territory, "021803")
    assert node is not None and node.rodz.value == "3" and node.teryt7 == "0218033"

    # exactly the graph of a clean 2025 import (in a second store of the same backend)
    assert _digest(store) == _clean_digest(store, terc_dir / TERC_2025, tmp_path)


def test_second_run_reports_everything_unchanged(store: Store, terc_dir: Path) -> None:
    import_teryt(store, terc_dir / TERC_2025)
    before = graph_counts(store)
    again = import_teryt(store, terc_dir / TERC_2025)
    totals = again.report.totals
    assert (totals.created, totals.updated, totals.unchanged) == (0, 0, 2875 + 2859)
    assert again.changes.empty and again.changes.date_only == 0
    assert graph_counts(store) == before


def test_csv_xml_and_zip_give_the_same_graph(store: Store, terc_dir: Path, tmp_path: Path) -> None:
    import_teryt(store, terc_dir / TERC_2025)
    from_csv = _digest(store)
    for name in ("TERC_Urzedowy_2025-11-18.xml", "TERC_Urzedowy_2025-11-18.zip"):
        assert _clean_digest(store, terc_dir / name, tmp_path / name) == from_csv, name
        again = import_teryt(store, terc_dir / name)  # and over the CSV load: nothing changes
        assert again.report.totals.created == again.report.totals.updated == 0


def test_adresowy_variant_warns_in_polish(store: Store, terc_dir: Path) -> None:
    result = import_teryt(store, terc_dir / "TERC_Adresowy_2025-04-08.csv")
    assert result.variant == "adresowy"
    messages = " ".join(w.message for w in result.warnings)
    assert "nie zawiera gmin miejsko-wiejskich" in messages
    assert _levels(store)["gmina"] == 2479 - 718 - 5  # no RODZ 3 and no whole cities split into districts


def test_units_absent_from_a_newer_file_are_reported_not_deleted(store: Store, terc_dir: Path) -> None:
    import_teryt(store, terc_dir / TERC_2025)
    result = import_teryt(store, terc_dir / "TERC_Adresowy_2025-04-08.csv")
    absent = {u.teryt for u in result.changes.absent_units}
    assert len(absent) == 723 and {"146501", "126101"} <= absent  # Warszawa, Kraków
    assert _levels(store)["gmina"] == 2479


# ------------------------------------------------------------------ atomicity


class _FailingTx:
    """Passes statements through and fails when the write reaches ``fail_on``."""

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
    """The real store, except that writes die in the middle of the batch."""

    def __init__(self, inner: Store, fail_on: str):
        self._inner = inner
        self._fail_on = fail_on
        self.backend = inner.backend

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def write(self, work: Callable[[Any], Any]) -> Any:
        return self._inner.write(lambda tx: work(_FailingTx(tx, self._fail_on)))


def test_import_killed_mid_batch_then_rerun_equals_a_clean_run(store: Store, terc_dir: Path, tmp_path: Path) -> None:
    import_teryt(store, terc_dir / TERC_2020)
    after_2020 = _digest(store)
    # Territory rows are inserted and updated, then the WITHIN insert dies.
    with pytest.raises(RuntimeError):
        import_teryt(_FailingStore(store, "WITHIN"), terc_dir / TERC_2025)  # type: ignore[arg-type]
    assert _digest(store) == after_2020
    import_teryt(store, terc_dir / TERC_2025)
    assert _digest(store) == _clean_digest(store, terc_dir / TERC_2025, tmp_path)


def test_first_import_killed_mid_batch_leaves_nothing(store: Store, terc_dir: Path) -> None:
    before = graph_counts(store)
    with pytest.raises(RuntimeError):
        import_teryt(_FailingStore(store, "WITHIN"), terc_dir / TERC_2025)  # type: ignore[arg-type]
    assert graph_counts(store) == before


# ------------------------------------------------------------------ bad files


def _cp1250(src: Path, dst: Path) -> None:
    dst.write_bytes(src.read_text(encoding="utf-8-sig").encode("cp1250"))


def _no_nazwa_dod(src: Path, dst: Path) -> None:
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    dst.write_text(
        "\n".join(";".join(p for i, p in enumerate(ln.split(";")) if i != 5) for ln in lines), encoding="utf-8"
    )


def _truncated_csv(src: Path, dst: Path) -> None:
    data = src.read_bytes()
    cut = data.index(b"\r\n", len(data) // 2) + 12  # a dozen bytes into a row
    dst.write_bytes(data[:cut])


def _broken_xml(src: Path, dst: Path) -> None:
    data = src.with_suffix(".xml").read_bytes()
    dst.write_bytes(data[: len(data) // 2])


def _truncated_zip(src: Path, dst: Path) -> None:
    data = src.with_suffix(".zip").read_bytes()
    dst.write_bytes(data[: len(data) // 2])


def _zip_without_terc(src: Path, dst: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("README.txt", "nic")
    dst.write_bytes(buf.getvalue())


@pytest.mark.parametrize(
    ("make", "name", "where", "words"),
    [
        (_cp1250, "cp1250.csv", ("cp1250.csv", 2, None), "UTF-8"),
        (_no_nazwa_dod, "bez-kolumny.csv", ("bez-kolumny.csv", 1, "NAZWA_DOD"), "Brak wymaganej kolumny"),
        (_truncated_csv, "uciety.csv", ("uciety.csv", 2165, "NAZWA"), "ucięty"),
        (_broken_xml, "uszkodzony.xml", ("uszkodzony.xml", None, None), "Uszkodzony plik XML"),
        (_truncated_zip, "uciety.zip", ("uciety.zip", None, None), "Uszkodzone archiwum ZIP"),
        (_zip_without_terc, "pusty.zip", ("pusty.zip", None, None), "nie zawiera pliku TERC"),
    ],
)
def test_bad_file_gives_a_clear_error_and_writes_nothing(
    store: Store,
    terc_dir: Path,
    tmp_path: Path,
    make: Callable[[Path, Path], None],
    name: str,
    where: tuple,
    words: str,
) -> None:
    import_teryt(store, terc_dir / TERC_2020)
    before = _digest(store)
    bad = tmp_path / name
    make(terc_dir / TERC_2025, bad)
    with pytest.raises(ImportValidationError) as err:
        import_teryt(store, bad)
    file, row, field = where
    assert err.value.file == file and err.value.field == field
    if row is not None:
        assert err.value.row == row
    assert words in err.value.message
    assert _digest(store) == before


# ------------------------------------------------------------------ centroids


def test_centroids_attach_coordinates_and_report_new_gminas(store: Store, terc_dir: Path, data_dir: Path) -> None:
    import_teryt(store, terc_dir / TERC_2025)
    result = import_centroids(store, data_dir / "gmina-centroids")
    assert result.rows_read == 2477 + 380
    assert sorted((t.teryt, t.name) for t in result.gminas_without_centroid) == [
        ("120713", "Szczawa"),
        ("200216", "Grabówka"),
    ]
    assert result.powiats_without_centroid == [] and result.unmatched == []
    assert result.report.per_table["Territory"].updated == 2477 + 380

    # SOURCES.md: Warszawa 21.05/52.23, Kraków 19.98/50.05, Gdańsk 18.64/54.36
    for code, lon, lat in (("146501", 21.05, 52.23), ("126101", 19.98, 50.05), ("226101", 18.64, 54.36)):
        node = get_node(store, m.Territory, code)
        assert node is not None and node.lat is not None and node.lon is not None
        assert abs(node.lat - lat) < 0.02 and abs(node.lon - lon) < 0.02, code
    miekinia = get_node(store, m.Territory, "021803")  # 0218032 in the 2020 centroids, RODZ 3 now
    assert miekinia is not None and miekinia.lat is not None

    again = import_centroids(store, data_dir / "gmina-centroids")
    assert again.report.totals.updated == 0
    with_coords = _digest(store)
    reimport = import_teryt(store, terc_dir / TERC_2025)  # TERC again keeps the coordinates
    assert reimport.report.totals.updated == 0 and _digest(store) == with_coords


def test_centroids_need_territories_first(store: Store, data_dir: Path) -> None:
    with pytest.raises(ImportValidationError) as err:
        import_centroids(store, data_dir / "gmina-centroids")
    assert "import teryt" in err.value.message
    assert graph_counts(store)["Territory"] == 0


def test_single_powiat_centroid_file_is_recognised(store: Store, terc_dir: Path, data_dir: Path) -> None:
    import_teryt(store, terc_dir / TERC_2025)
    result = import_centroids(store, data_dir / "gmina-centroids" / "powiaty_centroidy_PRG2020.csv")
    assert result.rows_read == 380 and result.gminas_without_centroid == []
    assert result.report.per_table["Territory"].updated == 380


# ------------------------------------------------------------------ helpers


def _clean_digest(store: Store, path: Path, tmp_path: Path) -> dict[str, str]:
    """Digest of ``path`` imported alone into a fresh store of the same backend."""
    if store.backend == "ladybug":
        from graph.store.ladybug_store import LadybugStore

        fresh = LadybugStore(tmp_path / "clean-db")
        try:
            fresh.init_schema()
            import_teryt(fresh, path)
            return _digest(fresh)
        finally:
            fresh.close()
    # The session has one Neo4j database: the caller has taken its digest already,
    # so wipe it and import ``path`` cleanly there.
    store.execute(Statement("test.wipe_territory", "MATCH (t:Territory) DETACH DELETE t"))
    import_teryt(store, path)
    return _digest(store)
