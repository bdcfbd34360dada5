"""End-to-end test: a real Neo4j server started by graph.neo4j_server, queried over Bolt."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

try:
    from graph.neo4j_server import Neo4jServer, read_state, status, stop_from_state
except ModuleNotFoundError:  # tests run without the repo root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from graph.neo4j_server import Neo4jServer, read_state, status, stop_from_state

IN_CI = os.environ.get("CI") == "true"
PASSWORD = "kooperacja-test-pw"

pytestmark = pytest.mark.neo4j


def _require_tools() -> None:
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing and not IN_CI:
        pytest.skip(f"Neo4j server test needs {', '.join(missing)} on PATH (not installed)")
    # With CI=true we never skip: a missing tool makes ensure_built() fail loudly.


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_real_neo4j_server_auth_and_shutdown(tmp_path: Path) -> None:
    """Start Neo4j, query it, reject a wrong password, stop it, and check the port closes."""
    _require_tools()
    if IN_CI:
        import neo4j
    else:
        neo4j = pytest.importorskip("neo4j", reason="pip package `neo4j` (5.x) is not installed")
    from neo4j.exceptions import AuthError

    data_dir = tmp_path / "neo4j-data"
    server = Neo4jServer.start(data_dir, password=PASSWORD, timeout=180)
    try:
        assert server.is_running()
        assert server.uri == f"bolt://127.0.0.1:{server.port}"
        assert server.user == "neo4j"
        state = read_state(data_dir)
        assert state is not None
        assert state["pid"] == server.pid
        assert state["uri"] == server.uri
        assert "password" not in state
        assert status(data_dir).startswith("running ")
        assert (data_dir / "neo4j.log").is_file()

        with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, PASSWORD)) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one")
            assert [record["one"] for record in records] == [1]
            driver.execute_query("CREATE (:Probe {name: $name})", name="kooperacja")
            records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN p.name AS name")
            assert [record["name"] for record in records] == ["kooperacja"]

        bad_auth = (server.user, "wrong-password")
        with neo4j.GraphDatabase.driver(server.uri, auth=bad_auth) as bad, pytest.raises(AuthError):
            bad.verify_connectivity()
    finally:
        server.stop(timeout=60)

    assert not server.is_running()
    assert not _port_open(server.port)
    assert read_state(data_dir) is None
    assert status(data_dir) == "stopped"
    assert stop_from_state(data_dir) is False
    log = (data_dir / "neo4j.log").read_text(encoding="utf-8", errors="replace")
    assert "KOOPERACJA-NEO4J READY" in log
    assert "KOOPERACJA-NEO4J STOPPED" in log  # clean shutdown via the SIGTERM hook


def test_detached_server_stop_from_state_and_restart(tmp_path: Path) -> None:
    """A detached server is stoppable via its state file; a restart keeps data and password."""
    _require_tools()
    if IN_CI:
        import neo4j
    else:
        neo4j = pytest.importorskip("neo4j", reason="pip package `neo4j` (5.x) is not installed")

    data_dir = tmp_path / "detached"
    server = Neo4jServer.start(data_dir, password=PASSWORD, timeout=180, detached=True)
    try:
        with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            driver.execute_query("CREATE (:Kept {v: 42})")
        assert status(data_dir).startswith("running ")
        assert stop_from_state(data_dir, timeout=60) is True
        assert not _port_open(server.port)
        assert status(data_dir) == "stopped"
    finally:
        stop_from_state(data_dir)

    again = Neo4jServer.start(data_dir, password=PASSWORD, timeout=180)
    with again, neo4j.GraphDatabase.driver(again.uri, auth=again.auth) as driver:
        records, _, _ = driver.execute_query("MATCH (k:Kept) RETURN k.v AS v")
        assert [record["v"] for record in records] == [42]
    assert not _port_open(again.port)


def test_cli_start_passes_memory_settings_and_refuses_a_bad_heap(tmp_path: Path) -> None:
    """`kooperacja neo4j start --heap --pagecache-mb`: the JVM and the page cache get what was asked."""
    _require_tools()
    import neo4j
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    bad = runner.invoke(
        app, ["neo4j", "start", "--heap", "4 GB", "--password", PASSWORD, "--data-dir", str(tmp_path / "x")]
    )
    assert bad.exit_code == 2 and "--heap" in bad.output
    assert not (tmp_path / "x").exists()

    data_dir = tmp_path / "sized"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = ["neo4j", "start", "--data-dir", str(data_dir), "--port", str(port), "--password", PASSWORD]
    result = runner.invoke(app, [*args, "--heap", "700m", "--pagecache-mb", "96"])
    try:
        assert result.exit_code == 0, result.output
        pid = read_state(data_dir)["pid"]
        assert "-Xmx700m" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1].decode()
        with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", PASSWORD)) as driver:
            records, _, _ = driver.execute_query(
                "SHOW SETTINGS YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value"
            )
        assert [r["value"] for r in records] in (["96m"], ["96.00MiB"], ["100663296"])
    finally:
        stop_from_state(data_dir)
