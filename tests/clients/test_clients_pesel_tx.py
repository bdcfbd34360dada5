"""PESEL only as a keyed hash; a multi-step write that fails half-way leaves nothing behind (S-TX-05)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest

from api.security import Role
from graph.clients import writes
from graph.clients.pesel import KEY_FILE, PeselError, load_key, pesel_hash, valid_pesel
from graph.errors import StoreError
from tests.clients.clientnet import graph_hash

PESEL = "44051401359"  # the textbook example number (valid check digit)
REGISTER = """mutation($pesel: String) {
  registerClient(input: {birthYearBand: "1940-1949", targetGroups: ["seniorzy"], pesel: $pesel}) {
    duplicate client { id isHome targetGroups }
  }
}"""


def test_check_digit() -> None:
    assert valid_pesel(PESEL) and not valid_pesel("44051401358") and not valid_pesel("4405140135")
    assert not valid_pesel("4405140135x") and not valid_pesel("٤٤٠٥١٤٠١٣٥٩")
    with pytest.raises(PeselError) as err:
        pesel_hash("44051401358", b"k" * 32)
    assert "44051401358" not in str(err.value)


def test_key_file_is_created_once_and_private(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("KOOPERACJA_PESEL_KEY", raising=False)
    key = load_key(tmp_path)
    assert len(key) == 32 and load_key(tmp_path) == key
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("KOOPERACJA_PESEL_KEY", "e" * 40)
    assert load_key(tmp_path) == b"e" * 40
    monkeypatch.setenv("KOOPERACJA_PESEL_KEY", "short")
    with pytest.raises(PeselError):
        load_key(tmp_path)


def test_pesel_is_stored_only_as_a_keyed_hash(app_client, net, state_dir) -> None:
    api = app_client
    a = api.token(Role.CASEWORKER, "ops-a")
    first = api.gql(REGISTER, {"pesel": PESEL}, a)[1]["data"]["registerClient"]
    assert first["duplicate"] is False and first["client"]["isHome"]
    again = api.gql(REGISTER, {"pesel": PESEL}, a)[1]["data"]["registerClient"]
    assert again == {**first, "duplicate": True}
    # another institution cannot learn that the number is known: it gets its own, new client
    o = api.gql(REGISTER, {"pesel": PESEL}, api.token(Role.CASEWORKER, "ops-o"))[1]["data"]["registerClient"]
    assert o["duplicate"] is False and o["client"]["id"] != first["client"]["id"]
    found = api.gql("query($p: String!) { clientsByPesel(pesel: $p) { id } }", {"p": PESEL}, a)[1]["data"]
    assert found == {"clientsByPesel": [{"id": first["client"]["id"]}]}
    # the graph holds the HMAC under the state-dir key – never the number itself
    stored = net.query(
        "clients_by_pesel_hash",
        {"pesel_hash": pesel_hash(PESEL, load_key(state_dir)), "institution_id": "ops-a", "today": dt.date.today()},
    )
    assert [r["id"] for r in stored] == [first["client"]["id"]]
    dump = _dump(net)
    assert PESEL not in dump and hashlib.sha256(PESEL.encode()).hexdigest() not in dump
    # without the key the hash cannot be recomputed: another key gives another value
    assert hmac.new(b"x" * 32, PESEL.encode(), hashlib.sha256).hexdigest() not in dump
    bad = api.gql(REGISTER, {"pesel": "44051401358"}, a)[1]
    assert bad["errors"][0]["extensions"]["code"] == "RULE_VIOLATION" and "44051401358" not in str(bad)


def _dump(store) -> str:  # type: ignore[no-untyped-def]
    import json

    from graph.model import NODE_MODELS
    from graph.statements import all_nodes

    return json.dumps([store.query(all_nodes(m, store.backend)) for m in NODE_MODELS], default=str)


def test_failed_multi_step_write_leaves_nothing(make_service, net, monkeypatch) -> None:
    """Create referral = Referral + Consent nodes, then six relationships; fail after the second."""
    svc = make_service("ops-a")
    before = graph_hash(net)
    real = writes._exists
    calls = {"n": 0}

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:  # nodes and two relationships written, third relationship pending
            raise StoreError("wstrzyknięta awaria", query="test", backend=net.backend)
        return real(*args, **kwargs)

    monkeypatch.setattr(writes, "_exists", failing)
    with pytest.raises(StoreError):
        svc.create_referral(
            {"client_id": "client-a2", "to_institution_id": "ngo-n", "service_id": "ngo-n.porady", "basis": "consent"}
        )
    assert calls["n"] == 5
    assert graph_hash(net) == before
    monkeypatch.setattr(writes, "_exists", real)
    made = svc.create_referral(
        {"client_id": "client-a2", "to_institution_id": "ngo-n", "service_id": "ngo-n.porady", "basis": "consent"}
    )
    assert graph_hash(net) != before and made.status == "draft"
