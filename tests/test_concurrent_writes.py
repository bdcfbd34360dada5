"""Two importers writing the same batch at the same time (reliability scenario S-TX-02).

Both calls succeed, and the graph equals that of one run: no duplicate node and
no duplicate relationship.  On Neo4j the two writers run in separate sessions
and really overlap; LadybugDB serialises writers of one database (one process).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from graph import model as m
from graph.writer import Batch, WriteReport, graph_counts, write_batch

ROUNDS = 6
WIDTH = 40  # institutions per round


def _institutions(prefix: str) -> list[m.Institution]:
    return [m.Institution(id=f"{prefix}-{n}", name=f"Instytucja {prefix} {n}", type="NGO") for n in range(WIDTH)]


def _round(n: int) -> Batch:
    """New institutions and services, offers, and ties among institutions that already exist."""
    new = _institutions(f"new{n}")
    services = [m.Service(id=f"{i.id}.s", name="Poradnictwo") for i in new]
    old = [f"old-{k}" for k in range(WIDTH)]
    ties = [m.CooperatesWith(src=old[k], dst=old[(k + n + 1) % WIDTH], kind="agreement") for k in range(WIDTH)]
    offers = [m.Offers(src=i.id, dst=s.id) for i, s in zip(new, services, strict=True)]
    return Batch().add(m.Institution, new).add(m.Service, services).add(m.Offers, offers).add(m.CooperatesWith, ties)


def _together(store, batch: Batch) -> list[WriteReport]:
    start = threading.Barrier(2)

    def one() -> WriteReport:
        start.wait()
        return write_batch(store, batch)

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(one) for _ in range(2)]
        return [f.result() for f in futures]


def test_two_writers_of_the_same_batch_leave_one_copy(store) -> None:
    write_batch(store, Batch().add(m.Institution, _institutions("old")))
    before = graph_counts(store)
    for n in range(ROUNDS):
        batch = _round(n)
        reports = _together(store, batch)
        created = {
            t: sum(r.per_table[t].created for r in reports)
            for t in ("Institution", "Service", "OFFERS", "COOPERATES_WITH")
        }
        # every row was created exactly once, by one writer or the other
        assert created == {"Institution": WIDTH, "Service": WIDTH, "OFFERS": WIDTH, "COOPERATES_WITH": WIDTH}
        assert all(r.totals.total == len(batch) for r in reports)
    after = graph_counts(store)
    assert after["Institution"] - before["Institution"] == ROUNDS * WIDTH
    assert after["Service"] == ROUNDS * WIDTH and after["OFFERS"] == ROUNDS * WIDTH
    # tie k → k+n+1 for n in 0..ROUNDS-1: all distinct pairs
    assert after["COOPERATES_WITH"] == ROUNDS * WIDTH


def test_two_writers_of_the_same_relationships_between_existing_nodes_leave_one_copy(store) -> None:
    # No new node to collide on: only relationships race (Neo4j Community has no
    # relationship key constraint, so the writer must serialise them itself).
    write_batch(store, Batch().add(m.Institution, _institutions("old")))
    for n in range(ROUNDS):
        ties = [
            m.CooperatesWith(src=f"old-{k}", dst=f"old-{(k + n + 1) % WIDTH}", kind="agreement") for k in range(WIDTH)
        ]
        reports = _together(store, Batch().add(m.CooperatesWith, ties))
        assert sum(r.per_table["COOPERATES_WITH"].created for r in reports) == WIDTH
    assert graph_counts(store)["COOPERATES_WITH"] == ROUNDS * WIDTH
