"""Scale-out (issue 17): two API instances – one of them with two uvicorn workers – against one Neo4j
(the test session's) and one PostgreSQL holding accounts and the audit log; and the same on one machine
with the SQLite files of one shared state directory (WAL, ``BEGIN IMMEDIATE`` across processes).

Concurrent audited requests go to both instances with one token (shared accounts and JWT secret);
afterwards the audit log is one chain that verifies, holds exactly one event per request, and every
instance's own signed checkpoint matches it.  Real servers, real sockets, real PostgreSQL.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from api.audit.log import AuditLog, Checkpoint, Outcome, load_audit_key
from api.auth.users import UserStore
from api.principal import Role

pytestmark = pytest.mark.neo4j

PASSWORD = "scale-out-haslo-123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, body: bytes, headers: dict[str, str]) -> dict:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _wait_ready(base: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120  # a loaded 2-core machine: workers import the whole app
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"API instance exited ({proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"API instance not ready in 120 s: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(params=["postgresql", "sqlite"])
def shared_env(request: pytest.FixtureRequest, neo4j_bolt: tuple[str, str], tmp_path: Path) -> dict[str, str]:
    """The instances' common variables: PostgreSQL state, or (one machine) one SQLite state directory."""
    uri, password = neo4j_bolt
    if request.param == "postgresql":
        state = {"KOOPERACJA_STATE_URL": str(request.getfixturevalue("fresh_postgres"))}
    else:
        state = {"KOOPERACJA_STATE_DIR": str(tmp_path / "state-shared")}
    secret_dir = tmp_path / "secrets"
    secret_dir.mkdir(mode=0o700)
    key_file = secret_dir / "audit.key"
    key_file.write_bytes(secrets.token_bytes(32))
    key_file.chmod(0o600)
    return {
        **os.environ,
        "KOOPERACJA_ENV": "test",
        "KOOPERACJA_GRAPH": uri,
        "KOOPERACJA_NEO4J_PASSWORD": password,
        **state,
        "KOOPERACJA_JWT_SECRET": secrets.token_urlsafe(48),
        "KOOPERACJA_AUDIT_KEY_FILE": str(key_file),
        "KOOPERACJA_PESEL_KEY": secrets.token_urlsafe(48),
    }


@pytest.fixture
def instances(shared_env: dict[str, str], tmp_path: Path) -> Iterator[list[tuple[str, Path]]]:
    """Two ``kooperacja serve`` processes (the first with ``--workers 2``): (base URL, state dir)."""
    started: list[tuple[subprocess.Popen, str, Path]] = []
    try:
        for name, workers in (("a", 2), ("b", 1)):
            state = tmp_path / f"state-{name}"
            port = _free_port()
            log = tmp_path / f"{name}.log"
            state = Path(shared_env.get("KOOPERACJA_STATE_DIR") or state)  # SQLite: one directory for both
            env = {**shared_env, "KOOPERACJA_STATE_DIR": str(state)}
            cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)]
            with log.open("wb") as out:
                proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            started.append((proc, f"http://127.0.0.1:{port}", state))
            _wait_ready(f"http://127.0.0.1:{port}", proc, log)
        yield [(base, state) for _, base, state in started]
    finally:
        for proc, _, _ in started:
            if proc.poll() is None:
                os.killpg(proc.pid, 15)  # the instance and its workers (their own session)
        for proc, _, _ in started:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)


def _login(base: str, username: str) -> str:
    body = f"username={username}&password={PASSWORD}".encode()
    return str(_post(base + "/auth/token", body, {"Content-Type": "application/x-www-form-urlencoded"})["access_token"])


def _graphql(base: str, token: str, query: str, variables: dict) -> dict:
    body = json.dumps({"query": query, "variables": variables}).encode()
    return _post(base + "/graphql", body, {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})


def test_two_instances_one_chain_no_event_lost(
    shared_env: dict[str, str], instances: list[tuple[str, Path]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = shared_env.get("KOOPERACJA_STATE_URL")
    (a, state_a), (b, state_b) = instances
    if url:
        monkeypatch.setenv("KOOPERACJA_STATE_URL", url)
    else:
        monkeypatch.delenv("KOOPERACJA_STATE_URL", raising=False)
    users = UserStore(state_a / "users.sqlite3")  # PostgreSQL: the URL wins over the path
    users.add("anna.k", PASSWORD, Role.CASEWORKER, institution_id="mops-scaleout")
    users.add("ola.a", PASSWORD, Role.ANALYST)
    caseworker = _login(a, "anna.k")  # issued by one instance, accepted by the other
    analyst = _login(b, "ola.a")

    def one(n: int) -> str | None:
        base = (a, b)[n % 2]
        if n % 3 == 0:  # refused field: an audited denial without a store query
            result = _graphql(base, analyst, "{ clients { id } }", {})
            assert result.get("errors"), result
            return None
        client_id = f"cl-scaleout-{n}"  # a read through Neo4j; the invisible id is audited as denied
        result = _graphql(base, caseworker, "query($id: ID!) { client(id: $id) { id } }", {"id": client_id})
        assert "errors" not in result and result["data"]["client"] is None, result
        return client_id

    # warm-up, one at a time: Neo4j plans the query once, every worker opens its pools (a cold start on a
    # loaded machine must not eat the 20 s execution budget); audited like the rest
    warm = [one(n) for n in range(6)]
    requests = 96
    with ThreadPoolExecutor(max_workers=8) as pool:
        asked = warm + list(pool.map(one, range(6, requests)))

    # the verifier: a third party with the instances' key file, the one database, A's checkpoint and B's
    monkeypatch.setenv("KOOPERACJA_AUDIT_KEY_FILE", shared_env["KOOPERACJA_AUDIT_KEY_FILE"])
    log = AuditLog(
        state_a / "audit.sqlite3" if url is None else tmp_path / "verify" / "audit.sqlite3",
        key=load_audit_key(tmp_path),
        url=url,
        checkpoint_path=state_a / "audit.checkpoint",
    )
    external = [Checkpoint.from_json((state_b / "audit.checkpoint").read_text(encoding="utf-8"))]
    report = log.verify(external)
    assert report.ok, report.problems
    events = log.events()
    assert report.events == len(events) == requests
    assert [e.seq for e in events] == list(range(1, requests + 1))
    read = [e for e in events if e.action == "client.read"]
    denied_field = [e for e in events if e.action == "field.clients"]
    assert len(read) == requests - len(denied_field) == sum(1 for x in asked if x)
    assert len(denied_field) == sum(1 for x in asked if x is None)
    assert len({e.object_pseudonym for e in read}) == len(read)  # every asked id once: none lost, none doubled
    assert len({e.request_id for e in events}) == requests
    assert {e.outcome for e in events} == {Outcome.DENIED}
