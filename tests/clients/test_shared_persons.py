"""One person across institutions: the same PESEL at two institutions is one keyed-hash person, each
institution still sees only its own registration, and analysts get suppressed counts (both stores)."""

from __future__ import annotations

import pytest

from graph import model as m
from graph.writer import get_nodes
from queries.analysis.shared_persons import shared_persons

_W = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def pesel(n: int) -> str:
    """A valid PESEL (check digit) for a test number – born 1980-01-01, serial ``n``."""
    body = f"800101{n:04d}"
    return body + str((10 - sum(int(d) * w for d, w in zip(body, _W, strict=True)) % 10) % 10)


def test_same_pesel_at_two_institutions_is_one_unlinked_to_the_caseworker(make_service, net) -> None:
    cus, pup = make_service("cus-c"), make_service("pup-u")
    at_cus, dup = cus.register_client({"target_groups": ["bezdomni"], "pesel": pesel(1), "residence_gmina": "041502"})
    assert not dup
    at_pup, dup = pup.register_client(
        {"target_groups": ["dlugotrwale-bezrobotni"], "pesel": pesel(1), "residence_gmina": "041502"}
    )
    # a new record at the PUP (it may not learn of the CUS registration), linked by the keyed hash
    assert not dup and at_pup.id != at_cus.id
    assert pup.clients([at_cus.id]) == {} and pup.find_by_pesel(pesel(1)) == [at_pup]
    a, b = get_nodes(net, m.Client, [at_cus.id, at_pup.id])
    assert a.pesel_hash == b.pesel_hash and a.pesel_hash is not None
    # the same institution registering the PESEL again gets its own record back
    assert cus.register_client({"pesel": pesel(1)}) == (at_cus, True)


def test_shared_persons_are_counted_and_small_counts_suppressed(
    make_service, net, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOOPERACJA_MIN_COUNT", "5")
    cus, pup, ops = make_service("cus-c"), make_service("pup-u"), make_service("ops-a")
    for n in range(1, 7):  # six persons of 041502 at the CUS and the PUP
        for svc in (cus, pup):
            svc.register_client({"target_groups": ["bezdomni"], "pesel": pesel(n), "residence_gmina": "041502"})
    for n in range(10, 12):  # two persons of 041501 at OPS A and the PUP
        for svc in (ops, pup):
            svc.register_client({"target_groups": ["bezdomni"], "pesel": pesel(n), "residence_gmina": "041501"})
    ops.register_client({"target_groups": ["bezdomni"], "pesel": pesel(20), "residence_gmina": "041501"})  # one place
    cells = {c.gmina: (c.persons, c.display) for c in shared_persons(net, "04")}
    # 041501 has 2 (< 5): suppressed; 041502 then too, or it would give the total away
    assert cells == {"041501": (None, "<5"), "041502": (None, "<5")}
    monkeypatch.setenv("KOOPERACJA_MIN_COUNT", "2")
    assert {c.gmina: c.persons for c in shared_persons(net, "04")} == {"041501": 2, "041502": 6}
    assert shared_persons(net, "0463") == []


def test_the_gap_report_carries_the_suppressed_counts() -> None:
    from queries.analysis.report import GapReport

    assert "shared_persons" in {f.name for f in __import__("dataclasses").fields(GapReport) if f.compare}
