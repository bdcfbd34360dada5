"""Shared fixtures: every store-backed test runs on both backends.

``store`` gives an empty, schema-initialised store per test, parametrised over
LadybugDB (a fresh directory) and Neo4j (a real server started once per
session from Maven Central artifacts, wiped before each test).  Outside CI the
Neo4j half skips with a visible reason when Java or Maven are missing; with
``CI=true`` it must run.  ``demo_store`` gives a store holding the demo network,
loaded once and shared: tests using it must not write.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.store.protocol import Store

BACKENDS = ["ladybug", "neo4j"]
#: Test data in the repository (public registers and examples; see ``tests/data/SOURCES.md``).
TEST_DATA = Path(__file__).resolve().parent / "data"
# The synthetic generator's default TERC file and centroids (and the register editions) come from
# here: the copies in tests/data, so that a fresh clone needs nothing beside the checkout.  Set on
# import, not in pytest_configure: conftest files of the directories named on the command line are
# imported before that hook, and the generator reads the variable when it is imported.
os.environ["KOOPERACJA_SHARED_DATA"] = str(TEST_DATA)
NEO4J_TEST_PASSWORD = "kooperacja-test-pw"
IN_CI = os.environ.get("CI") == "true"


def pytest_configure(config: pytest.Config) -> None:
    import tempfile

    os.environ.setdefault("KOOPERACJA_ENV", "test")
    # Accounts and the audit log live in a state directory: never the checkout's.
    if "KOOPERACJA_STATE_DIR" not in os.environ:
        state = tempfile.mkdtemp(prefix="kooperacja-state-")
        os.environ["KOOPERACJA_STATE_DIR"] = state
        config.add_cleanup(lambda: shutil.rmtree(state, ignore_errors=True))


#: Fixtures that reach the Neo4j test server; a test whose fixture closure holds one is marked ``neo4j``.
NEO4J_FIXTURES = frozenset({"neo4j_server", "neo4j_bolt", "neo4j_driver", "demo_stores", "graph_stores"})


def uses_neo4j(item: pytest.Item) -> bool:
    """Whether a collected test reaches Neo4j: a fixture parametrised with ``"neo4j"`` (``backend``
    or a module's own ``params=BACKENDS`` fixture) or a Neo4j fixture in its closure."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and any(isinstance(v, str) and v == "neo4j" for v in callspec.params.values()):
        return True
    return not NEO4J_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Marked at collection, before ``-m`` selects: a marker added while a fixture is set up
    # comes too late to deselect anything.
    for item in items:
        if uses_neo4j(item):
            item.add_marker(pytest.mark.neo4j)


def neo4j_deselected(config: pytest.Config) -> bool:
    return "not neo4j" in " ".join(str(config.getoption("markexpr") or "").split())


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The directory of the suite's data files (``tests/data``), shipped with the repository."""
    return TEST_DATA


@pytest.fixture(scope="session")
def neo4j_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if neo4j_deselected(request.config):
        # Only a fixture requested with request.getfixturevalue() escapes the collection-time
        # marking: such a test must declare @pytest.mark.neo4j (or take the fixture as an argument).
        pytest.fail(
            "a test not marked neo4j reached the Neo4j server under -m 'not neo4j': "
            "mark it with @pytest.mark.neo4j or request a Neo4j fixture as an argument"
        )
    external = os.environ.get("KOOPERACJA_TEST_NEO4J_URI")
    if external:
        yield None
        return
    if not (shutil.which("java") and shutil.which("mvn")) and not IN_CI:
        pytest.skip("Neo4j tests need Java 17 and Maven (not found); they always run with CI=true")
    from graph.neo4j_server import Neo4jServer

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    server = Neo4jServer.start(
        data_dir=tmp_path_factory.mktemp(f"neo4j-{worker}"), password=NEO4J_TEST_PASSWORD, timeout=240
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def neo4j_bolt(neo4j_server: Any) -> tuple[str, str]:
    """(URI, password) of the Neo4j test server: the one started here, or the external one."""
    if neo4j_server is None:
        return os.environ["KOOPERACJA_TEST_NEO4J_URI"], os.environ.get(
            "KOOPERACJA_TEST_NEO4J_PASSWORD", NEO4J_TEST_PASSWORD
        )
    return neo4j_server.uri, neo4j_server.auth[1]


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_bolt: tuple[str, str]) -> Iterator[Any]:
    import neo4j

    uri, password = neo4j_bolt
    driver = neo4j.GraphDatabase.driver(uri, auth=("neo4j", password), max_transaction_retry_time=5)
    driver.verify_connectivity()
    yield driver
    driver.close()


class _Neo4jContent:
    """What the single Neo4j test database currently holds: a fixture graph's name ('demo'…) or 'dirty'."""

    state = "dirty"


def _wipe_neo4j(driver: Any) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def make_store(backend: str, request: pytest.FixtureRequest, path: Path) -> Store:
    if backend == "ladybug":
        from graph.store.ladybug_store import LadybugStore

        store: Store = LadybugStore(path / "db")
    else:
        from graph.store.neo4j_store import Neo4jStore

        driver = request.getfixturevalue("neo4j_driver")
        _wipe_neo4j(driver)
        _Neo4jContent.state = "dirty"
        store = Neo4jStore(driver)
    store.init_schema()
    return store


@pytest.fixture
def graph_args(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """Global CLI options reaching an empty store of ``backend`` (the Neo4j test database is wiped)."""
    if backend == "ladybug":
        return ["--graph", str(tmp_path / "cli-db")]
    uri, password = request.getfixturevalue("neo4j_bolt")
    _wipe_neo4j(request.getfixturevalue("neo4j_driver"))
    _Neo4jContent.state = "dirty"
    return ["--graph", uri, "--neo4j-password", password]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = make_store(backend, request, tmp_path)
    yield s
    s.close()


def load_demo(store: Store) -> None:
    from graph.writer import write_batch
    from importers.demo import demo_batch, reference_batch

    write_batch(store, reference_batch())
    write_batch(store, demo_batch())


#: fixture graph name -> its LadybugDB store, loaded once per session
_LADYBUG_GRAPHS: dict[str, Store] = {}


@pytest.fixture
def demo_store(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The demo network, shared between tests – read only."""
    return demo_store_for(backend, request, tmp_path_factory)


@pytest.fixture
def demo_stores(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Store]:
    """Both stores holding the demo network, for cross-store conformance – read only."""
    return {b: demo_store_for(b, request, tmp_path_factory) for b in BACKENDS}


@pytest.fixture
def graph_stores(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, Callable[[Store], None]], dict[str, Store]]:
    """``graph_stores(name, load)``: both stores holding the fixture graph ``name`` – read only.

    ``load`` writes the graph into an empty store; LadybugDB keeps one store per name for the
    session, the single Neo4j test database is reloaded when another graph was loaded last.
    """
    return lambda name, load: {b: fixture_graph_store(b, name, load, request, tmp_path_factory) for b in BACKENDS}


def demo_store_for(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    return fixture_graph_store(backend, "demo", load_demo, request, tmp_path_factory)


def fixture_graph_store(
    backend: str,
    name: str,
    load: Callable[[Store], None],
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Store:
    if backend == "ladybug":
        if name not in _LADYBUG_GRAPHS:
            s = make_store("ladybug", request, tmp_path_factory.mktemp(f"{name}-ladybug"))
            load(s)
            _LADYBUG_GRAPHS[name] = s
        return _LADYBUG_GRAPHS[name]
    from graph.store.neo4j_store import Neo4jStore

    driver = request.getfixturevalue("neo4j_driver")
    store = Neo4jStore(driver)
    if _Neo4jContent.state != name:
        _wipe_neo4j(driver)
        _Neo4jContent.state = "dirty"  # until the load has finished
        store.init_schema()
        # a fixture graph is a batch load (as `kooperacja demo` is): the request-sized timeout is too
        # short on a loaded machine now that the writer also maintains the search index
        load(Neo4jStore(driver, timeout=600.0))
        _Neo4jContent.state = name
    return store
