"""``-m "not neo4j"`` deselects every test that reaches Neo4j, however it reaches it.

A throw-away test module using the real ``tests/conftest.py`` reaches Neo4j in each way the
suite does (the parametrised ``backend``, a module's own ``params=BACKENDS`` fixture, Neo4j
fixtures directly or through another fixture, ``demo_stores``, ``graph_args``) and is run in a
subprocess with the Neo4j URI pointing at a closed port: a test that slipped through would fail
to connect.  The one way collection cannot see – ``request.getfixturevalue`` – fails loudly.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import pytest


def test_plain():
    pass


def test_store(store):
    pass


def test_bolt(neo4j_bolt):
    pass


@pytest.fixture
def via_driver(neo4j_driver):
    return neo4j_driver


def test_through_another_fixture(via_driver):
    pass


def test_graph_args(graph_args):
    pass


def test_both_stores(demo_stores):
    pass


@pytest.fixture(params=["ladybug", "neo4j"])
def own_backend(request):
    return request.param


def test_own_parametrised_fixture(own_backend):
    pass


def test_dynamic_request(request):
    request.getfixturevalue("neo4j_bolt")
"""

NEO4J_TESTS = {
    "test_store[neo4j]",
    "test_bolt",
    "test_through_another_fixture",
    "test_graph_args[neo4j]",
    "test_both_stores",
    "test_own_parametrised_fixture[neo4j]",
}


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(
        (REPO / "tests" / "conftest.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        # nothing listens on port 9: a Neo4j test that ran anyway could not pass
        "KOOPERACJA_TEST_NEO4J_URI": "bolt://127.0.0.1:9",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            "-q",
            str(tmp_path),
            *args,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _outcomes(junit: Path) -> dict[str, str]:
    outcomes = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        outcomes[case.get("name", "")] = (
            "failed" if failed else ("skipped" if case.find("skipped") is not None else "passed")
        )
    return outcomes


def test_not_neo4j_deselects_every_way_of_reaching_neo4j(tmp_path: Path) -> None:
    run = _run(tmp_path, "-m", "not neo4j", f"--junitxml={tmp_path / 'out.xml'}")
    outcomes = _outcomes(tmp_path / "out.xml")
    assert outcomes == {
        "test_plain": "passed",
        "test_store[ladybug]": "passed",
        "test_graph_args[ladybug]": "passed",
        "test_own_parametrised_fixture[ladybug]": "passed",
        "test_dynamic_request": "failed",
    }, run.stdout + run.stderr
    assert "6 deselected" in run.stdout
    assert "mark it with @pytest.mark.neo4j" in run.stdout


def test_neo4j_selects_exactly_those_tests(tmp_path: Path) -> None:
    run = _run(tmp_path, "-m", "neo4j", "--collect-only")
    assert run.returncode == 0, run.stdout + run.stderr
    collected = {line.split("::", 1)[1] for line in run.stdout.splitlines() if "::" in line}
    assert collected == NEO4J_TESTS


def test_the_suite_collected_without_neo4j_has_no_neo4j_case() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", "-m", "not neo4j", "tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    ids = [line for line in run.stdout.splitlines() if "::" in line]
    leaked = [i for i in ids if re.search(r"[\[-]neo4j[\]-]", i)]
    assert ids and leaked == []
    assert re.search(r"\(\d+ deselected\)", run.stdout), run.stdout[-500:]
