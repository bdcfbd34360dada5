"""The shared write path at bulk size: new, changed and unchanged rows, on both stores.

On LadybugDB the writer takes its columnar (Arrow) path; the same batches are
also written through the row path (a transaction wrapper without the Arrow
methods) and must give the same counts and the same stored graph.  Neo4j always
uses the row path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph import model as m
from graph.digest import graph_digest
from graph.errors import ConstraintViolation, DanglingReference
from graph.store.protocol import Capability, Row, Store
from graph.writer import Batch, graph_counts, write_batch

N = 3_000
TABLES = [
    m.Territory,
    m.Institution,
    m.Client,
    m.Consent,
    m.Referral,
    m.LocatedIn,
    m.CooperatesWith,
    m.ConsentOf,
    m.ForClient,
    m.SentTo,
]


class _RowsOnlyTx:
    """A transaction without the Arrow capability: forces the writer's row path."""

    def __init__(self, tx: Any, fail_on: str | None = None):
        self._tx, self._fail_on = tx, fail_on
        self.backend = tx.backend
        self.capabilities = tx.capabilities - {Capability.ARROW}

    def run(self, stmt: Any, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._tx.run(stmt, params)

    def columns(self, stmt: Any, params: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
        return self._tx.columns(stmt, params)  # type: ignore[no-any-return]

    def bulk_insert(self, table: str, rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> None:
        if table == self._fail_on:
            raise RuntimeError("awaria (symulacja)")
        self._tx.bulk_insert(table, rows, columns)


class _ArrowFailingTx(_RowsOnlyTx):
    """Keeps the Arrow capability, fails when COPY reaches ``fail_on``."""

    def __init__(self, tx: Any, fail_on: str | None = None):
        super().__init__(tx, fail_on)
        self.capabilities = tx.capabilities

    def arrow(self, stmt: Any, params: Mapping[str, Any] | None = None) -> Any:
        return self._tx.arrow(stmt, params)

    def copy_arrow(self, table: str, data: Any) -> None:
        if table == self._fail_on:
            raise RuntimeError("awaria (symulacja)")
        self._tx.copy_arrow(table, data)


class _Wrapped:
    def __init__(self, inner: Store, wrap: Callable[[Any], Any]):
        self._inner, self._wrap, self.backend = inner, wrap, inner.backend

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def write(self, work: Callable[[Any], Any]) -> Any:
        return self._inner.write(lambda tx: work(self._wrap(tx)))


def _batch(variant: int = 0) -> Batch:
    """A network of N institutions, clients and referrals; ``variant`` changes some values."""
    t0 = dt.datetime(2025, 3, 1, 9, 30)
    insts = [
        {
            "id": f"inst-{k:05d}",
            "name": f"Instytucja {k}",
            "type": "NGO" if k % 3 else "OPS",
            "gmina": "041505",
            "lat": 53.1 + k / 1e5,
            "updated_at": t0,
        }
        for k in range(N)
    ]
    clients = [
        {
            "id": f"cl-{k:08d}",
            "sex": "F" if k % 2 else "M",
            "target_groups": ["seniorzy"] if k % 4 else [],
            "registered_at": t0 + dt.timedelta(hours=k, microseconds=7 * k),
        }  # with and without fractions
        for k in range(N)
    ]
    consents = [
        {
            "id": f"cs-{k:05d}",
            "basis": "consent",
            "purpose": "test",
            "scope": ["referral"],
            "granted_at": t0,
            "valid_until": dt.date(2026, 1, 1) + dt.timedelta(days=k) if k % 2 else None,
        }
        for k in range(N)
    ]
    refs = [
        {
            "id": f"rf-{k:05d}",
            "status": "completed" if k % 2 else "in-progress",
            "created_at": t0,
            "outcome": "employed" if k % 2 else None,
            "closed_at": t0 + dt.timedelta(days=30) if k % 2 else None,
        }
        for k in range(N)
    ]
    ties = [
        {
            "src": f"inst-{k:05d}",
            "dst": f"inst-{(k + 1) % N:05d}",
            "kind": "referrals",
            "since": dt.date(2020, 1, 1),
            "rating": 3,
        }
        for k in range(N)
    ]
    if variant:
        for k in range(0, N, 100):  # 30 of each table change
            insts[k]["name"] = f"Instytucja {k} (nowa nazwa)"
            clients[k]["target_groups"] = ["bezdomni", "seniorzy"]
            refs[k]["status"], refs[k]["outcome"], refs[k]["closed_at"] = (
                "completed",
                "resigned",
                t0 + dt.timedelta(days=9),
            )
            ties[k]["rating"] = 1
        insts.append({"id": "inst-extra", "name": "Nowa instytucja", "type": "CIS"})
    items: list[tuple[type, list[Any]]] = [
        (
            m.Territory,
            [
                {"teryt": "04", "level": "voivodeship", "name": "kujawsko-pomorskie"},
                {"teryt": "0415", "level": "powiat", "name": "toruński"},
                {"teryt": "041505", "level": "gmina", "name": "Łubianka", "rodz": "2"},
            ],
        ),
        (m.Institution, insts),
        (m.Client, clients),
        (m.Consent, consents),
        (m.Referral, refs),
        (m.LocatedIn, [{"src": i["id"], "dst": "041505"} for i in insts]),
        (m.CooperatesWith, ties),
        (m.ConsentOf, [{"src": f"cs-{k:05d}", "dst": f"cl-{k:08d}"} for k in range(N)]),
        (m.ForClient, [{"src": f"rf-{k:05d}", "dst": f"cl-{k:08d}"} for k in range(N)]),
        (m.SentTo, [{"src": f"rf-{k:05d}", "dst": f"inst-{(k * 7) % N:05d}"} for k in range(N)]),
    ]
    batch = Batch()
    for model, rows in items:
        batch.add(model, rows)
    return batch


def _run(store: Store, batch: Batch) -> dict[str, tuple[int, int, int]]:
    report = write_batch(store, batch)
    return {k: (c.created, c.updated, c.unchanged) for k, c in report.per_table.items()}


def test_first_load_rerun_and_changes_are_counted_exactly(store: Store) -> None:
    first = _run(store, _batch())
    assert first["Institution"] == (N, 0, 0) and first["COOPERATES_WITH"] == (N, 0, 0)
    stored = graph_digest(store, TABLES)
    assert set(_run(store, _batch()).values()) == {(0, 0, N), (0, 0, 3)}  # all unchanged
    assert graph_digest(store, TABLES) == stored
    changed = _run(store, _batch(variant=1))
    assert changed["Institution"] == (1, 30, N - 30)
    assert changed["Client"] == (0, 30, N - 30) and changed["Referral"] == (0, 30, N - 30)
    assert changed["COOPERATES_WITH"] == (0, 30, N - 30) and changed["LOCATED_IN"] == (1, 0, N)
    assert changed["Consent"] == (0, 0, N)
    assert graph_counts(store)["Institution"] == N + 1


def test_row_path_and_columnar_path_store_the_same_graph(tmp_path: Path) -> None:
    # Only LadybugDB has the columnar path (Neo4j runs the row path in every other test):
    # the same batches through both paths of two LadybugDB stores.
    from graph.store.ladybug_store import LadybugStore

    store = LadybugStore(tmp_path / "columnar-db")
    rows_store = LadybugStore(tmp_path / "rows-db")
    try:
        store.init_schema()
        rows_store.init_schema()
        via_rows = _Wrapped(rows_store, _RowsOnlyTx)
        for variant in (0, 0, 1):
            assert _run(via_rows, _batch(variant)) == _run(store, _batch(variant))  # type: ignore[arg-type]
        assert graph_digest(rows_store) == graph_digest(store)
    finally:
        rows_store.close()
        store.close()


def test_dangling_and_duplicate_rows_are_refused_in_bulk(store: Store) -> None:
    _run(store, _batch())
    before = graph_digest(store, TABLES)
    bad = _batch()
    bad.rels[m.SentTo].append({"src": "rf-00001", "dst": "inst-missing"})
    with pytest.raises(DanglingReference) as err:
        write_batch(store, bad)
    assert "1 nieistniejący węzeł Institution" in str(err.value)
    with pytest.raises(ConstraintViolation):
        write_batch(store, _batch(), mode="create")
    assert graph_digest(store, TABLES) == before


@pytest.mark.parametrize("fail_on", ["Referral", "SENT_TO"])
def test_failure_in_the_middle_of_a_bulk_batch_writes_nothing(store: Store, fail_on: str) -> None:
    _run(store, _batch())
    before = graph_digest(store, TABLES)
    wrap = _ArrowFailingTx if store.backend == "ladybug" else _RowsOnlyTx
    failing = _Wrapped(store, lambda tx: wrap(tx, fail_on))
    batch = _batch(variant=1)
    batch.nodes[m.Referral].append({"id": "rf-new", "created_at": dt.datetime(2025, 5, 1)})
    batch.rels[m.SentTo].append({"src": "rf-new", "dst": "inst-00001"})
    with pytest.raises(RuntimeError):
        write_batch(failing, batch)  # type: ignore[arg-type]
    assert graph_digest(store, TABLES) == before
    changed = _run(store, batch)
    assert changed["Referral"] == (1, 30, N - 30) and changed["SENT_TO"] == (1, 0, N)


def test_offset_ranges_cut_at_the_widest_gaps() -> None:
    import numpy as np

    from graph.arrow_writes import offset_ranges

    values = np.array([7, 5, 6, 100, 101, 5000, 5002, 5001])
    assert offset_ranges(values) == [(5, 7), (100, 101), (5000, 5002)]
    assert offset_ranges(values, max_ranges=2) == [(5, 101), (5000, 5002)]
    assert offset_ranges(np.arange(10)) == [(0, 9)]
    assert offset_ranges(np.array([], dtype=np.int64)) == []


def test_trusted_rows_may_leave_out_null_fields_also_when_updated(store: Store) -> None:
    # Generated rows carry the fields they know; a field added to the model later is null.
    rows = [
        {"id": f"s-{k}", "name": f"Usługa {k}", "status": "active", "languages": ["pl"], "keywords": ["usluga"]}
        for k in range(50)
    ]
    write_batch(store, Batch().add(m.Service, rows), trusted=True)
    rows[3] = {**rows[3], "name": "Usługa zmieniona"}
    report = write_batch(store, Batch().add(m.Service, rows), trusted=True)
    assert (report.totals.created, report.totals.updated, report.totals.unchanged) == (0, 1, 49)
    from graph.writer import get_node

    node = get_node(store, m.Service, "s-3")
    assert node is not None and node.name == "Usługa zmieniona" and node.description is None
