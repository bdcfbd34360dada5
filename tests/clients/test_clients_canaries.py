"""PII canaries (S-PRIV-01): seeded strings never reach a log line or an error message.

Every flow of the clients domain runs with DEBUG logging captured – successes,
refusals, invalid input, internal errors – carrying unique canary strings in
every place personal data could travel: PESEL, free-text purpose and goals,
passwords, tokens, client ids of other institutions.  None may appear in any
log record (message, arguments, exception text) nor in any error message.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from api.security import Role
from graph.errors import StoreError

PESEL = "02070803628"  # valid check digit
PURPOSE = "KANAREK-CEL-7f3a91"
GOAL = "KANAREK-PLAN-91b2c4"
PASSWORD = "KANAREK-HASLO-5d1e77"
BAD_BAND = "KANAREK-ROK-3c0f"
BAD_PESEL = "KANAREK-PESEL-8e2a"
CANARIES = [PESEL, PURPOSE, GOAL, PASSWORD, BAD_BAND, BAD_PESEL, "client-o1", "client-a1"]


def _everything(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        parts.append(repr(record.__dict__))
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(repr(record.exc_info[1]))
            parts.append(str(record.exc_info[1]))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def _errors(body: dict[str, Any]) -> str:
    return " ".join(str(e.get("message")) + str(e.get("extensions")) for e in body.get("errors", []))


def test_canaries_stay_out_of_logs_and_errors(app_client, net, caplog: pytest.LogCaptureFixture, monkeypatch) -> None:
    caplog.set_level(logging.DEBUG)
    api = app_client
    auth = api.app.state.auth
    auth.users.add("kanarek", PASSWORD, Role.CASEWORKER, institution_id="ops-a")
    ok = api.client.post("/auth/token", data={"username": "kanarek", "password": PASSWORD})
    token = ok.json()["access_token"]
    api.client.post("/auth/token", data={"username": "kanarek", "password": PASSWORD + "x"})
    api.client.post("/auth/token", data={"username": "nikt", "password": PASSWORD})
    messages: list[str] = []

    def call(doc: str, variables: dict[str, Any] | None = None, tok: str | None = token) -> dict[str, Any]:
        _status, body = api.gql(doc, variables, tok)
        messages.append(_errors(body))
        return body

    reg = call(
        'mutation($p: String) { registerClient(input: {targetGroups: ["seniorzy"], pesel: $p}) { client { id } } }',
        {"p": PESEL},
    )
    cid = reg["data"]["registerClient"]["client"]["id"]
    call("mutation($p: String) { registerClient(input: {pesel: $p}) { client { id } } }", {"p": PESEL})
    call("mutation($p: String) { registerClient(input: {pesel: $p}) { client { id } } }", {"p": BAD_PESEL})
    call("mutation($b: String) { registerClient(input: {birthYearBand: $b}) { client { id } } }", {"b": BAD_BAND})
    call("query($p: String!) { clientsByPesel(pesel: $p) { id } }", {"p": PESEL})
    call("query($p: String!) { clientsByPesel(pesel: $p) { id } }", {"p": BAD_PESEL})
    call(
        'mutation($c: ID!, $p: String!) { recordConsent(input: {clientId: $c, institutionId: "ngo-n", basis: CONSENT, '
        "purpose: $p}) { id purpose } }",
        {"c": cid, "p": PURPOSE},
    )
    call(
        'mutation($c: ID!, $p: String!) { recordConsent(input: {clientId: $c, institutionId: "nowhere", basis: CONSENT, '
        "purpose: $p}) { id } }",
        {"c": cid, "p": PURPOSE},
    )
    call(
        "mutation($c: ID!, $g: String!) { createPlan(input: {clientId: $c, type: SOCIAL_CONTRACT, goals: [$g]}) { id } }",
        {"c": cid, "g": GOAL},
    )
    call(
        "mutation($c: ID!, $g: String!) { createPlan(input: {clientId: $c, type: IPUS, goals: [$g]}) { id } }",
        {"c": cid, "g": GOAL},
    )
    call("query($id: ID!) { client(id: $id) { id } }", {"id": "client-o1"})
    call("query($id: ID!) { client(id: $id) { id referrals { id } } }", {"id": "client-a1"})
    call('mutation { transitionReferral(id: "client-o1", status: COMPLETED) { id } }')
    call('query { client(id: "x") { id } }', None, tok="forged." + PASSWORD)

    # an internal failure on the way: the driver error is masked, its text never logged
    def boom(*_a: Any, **_k: Any) -> Any:
        raise StoreError("błąd bazy danych (RuntimeError)", query="clients_by_ids", backend=net.backend)

    monkeypatch.setattr(net, "query", boom)
    call("query($id: ID!) { client(id: $id) { id } }", {"id": "client-a1"})
    monkeypatch.undo()

    logged = _everything(caplog)
    errors = "\n".join(messages)
    assert caplog.records, "nothing was logged at all – the capture is not working"
    for canary in [*CANARIES, token]:
        assert canary not in logged, f"{canary!r} leaked into the logs"
        assert canary not in errors, f"{canary!r} leaked into an error message"
    assert "Identyfikator zgłoszenia" in errors  # the internal error was masked with a correlation id
