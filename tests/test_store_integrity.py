"""Bad writes give clear errors and leave the store unchanged, on both stores."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import model as m
from graph.catalog import Statement
from graph.errors import ConstraintViolation, DanglingReference, ModelValidationError, StoreError
from graph.writer import Batch, create, graph_counts, upsert, write_batch
from tests.samples import sample_nodes


def _seed(store) -> dict[str, int]:
    upsert(store, m.Territory, sample_nodes()[m.Territory])
    upsert(store, m.Institution, sample_nodes()[m.Institution])
    return graph_counts(store)


def test_duplicate_natural_key_is_refused(store) -> None:
    before = _seed(store)
    dup = m.Institution(id="i-ops", name="Inna nazwa", type="OPS")
    new = m.Institution(id="i-new", name="Nowa", type="NGO")
    with pytest.raises(ConstraintViolation) as err:
        create(store, m.Institution, [new, dup])
    assert "Institution" in str(err.value)
    assert graph_counts(store) == before


def test_duplicate_key_inside_one_batch_is_refused(store) -> None:
    before = _seed(store)
    a = m.Institution(id="i-x", name="A", type="NGO")
    with pytest.raises(ConstraintViolation):
        upsert(store, m.Institution, [a, a])
    assert graph_counts(store) == before


def test_store_itself_enforces_uniqueness(store) -> None:
    # Below the writer: the store's own constraint (Neo4j) / primary key (LadybugDB).
    _seed(store)
    stmt = Statement("test.raw_create", "CREATE (n:Institution {id: $id, name: $name, type: $type})")
    with pytest.raises(ConstraintViolation):
        store.execute(stmt, {"id": "i-ops", "name": "x", "type": "OPS"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"id": "i-bad", "name": "X", "type": "NIE-MA-TAKIEGO"}, "type"),
        ({"id": "i-bad", "name": "X", "type": "OPS", "lat": "daleko"}, "lat"),
        ({"id": "i-bad", "type": "OPS"}, "name"),
        ({"id": "i-bad", "name": "X", "type": "OPS", "regon": "12"}, "regon"),
        ({"id": "i-bad", "name": "X", "type": "OPS", "pesel": "80010112345"}, "pesel"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(store, data, field) -> None:
    before = _seed(store)
    ok = m.Institution(id="i-ok", name="Dobra", type="NGO")
    with pytest.raises(ModelValidationError) as err:
        upsert(store, m.Institution, [ok, data])
    locations = [loc for loc, _ in err.value.errors]
    assert any(loc.endswith(field) for loc in locations), locations
    assert all((msg and not msg.isascii()) or msg for _, msg in err.value.errors)
    assert "80010112345" not in str(err.value)  # input values never echoed
    assert graph_counts(store) == before


def test_dangling_reference_is_refused(store) -> None:
    before = _seed(store)
    with pytest.raises(DanglingReference) as err:
        upsert(store, m.LocatedIn, [m.LocatedIn(src="i-ops", dst="999999")])
    assert "Territory" in str(err.value)
    assert graph_counts(store) == before


def test_failure_mid_batch_leaves_nothing_of_the_batch(store) -> None:
    before = _seed(store)
    batch = (
        Batch()
        .add(m.Institution, [m.Institution(id=f"i-{k}", name=f"Instytucja {k}", type="NGO") for k in range(50)])
        .add(m.Service, [m.Service(id="s-1", name="Usługa")])
        .add(m.Offers, [m.Offers(src="i-1", dst="s-1")])
        .add(m.LocatedIn, [m.LocatedIn(src="i-2", dst="041505"), m.LocatedIn(src="i-3", dst="nope00")])
    )
    with pytest.raises(DanglingReference):
        write_batch(store, batch)
    assert graph_counts(store) == before


def test_exception_inside_a_write_transaction_rolls_back(store) -> None:
    before = _seed(store)

    def work(tx):
        tx.run(Statement("test.create", "CREATE (n:Competence {id: $id, name: $name})"), {"id": "c-x", "name": "x"})
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.write(work)
    assert graph_counts(store) == before


def test_wrong_parameters_fail_loudly(store) -> None:
    stmt = Statement("test.params", "MATCH (n:Institution {id: $id}) RETURN n.name AS name")
    with pytest.raises(StoreError):
        store.query(stmt, {"idd": "x"})


def test_datetimes_are_naive_utc(store) -> None:
    aware = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    upsert(store, m.Institution, [m.Institution(id="i-t", name="T", type="NGO", updated_at=aware)])
    row = store.query(Statement("test.ts", "MATCH (n:Institution {id: $id}) RETURN n.updated_at AS t"), {"id": "i-t"})
    assert row[0]["t"] == dt.datetime(2026, 3, 1, 11, 0)
