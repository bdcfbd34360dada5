"""A throwaway PostgreSQL cluster for the state-store tests (Debian's postgresql, started here).

initdb refuses to run as root: under root the cluster belongs to the ``postgres`` system user
(``runuser``); otherwise to the current user.  It listens on 127.0.0.1 and a socket in its own
directory, trusts local connections, and is stopped and removed after the session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("KOOPERACJA_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
BACKENDS = ["sqlite", "postgresql"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not installed ({PG_BIN}); .ci/run installs the postgresql package")
        pytest.skip(f"PostgreSQL is not installed ({PG_BIN})")
    pytest.importorskip("psycopg")
    root = Path(tempfile.mkdtemp(prefix="kooperacja-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    owner = _as_owner()
    subprocess.run(
        [*owner, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *owner,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*owner, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def fresh_postgres(postgres_url: str) -> str:
    """A new, empty database in the session cluster."""
    import psycopg

    name = f"state_{os.getpid()}_{_free_port()}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a test-made identifier, not input
    return postgres_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=BACKENDS)
def state_url(request: pytest.FixtureRequest) -> str | None:
    """``None`` (SQLite in a directory) or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("fresh_postgres"))


@pytest.fixture
def use_state_url(state_url: str | None, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str | None]:
    if state_url:
        monkeypatch.setenv("KOOPERACJA_STATE_URL", state_url)
    else:
        monkeypatch.delenv("KOOPERACJA_STATE_URL", raising=False)
    return lambda: state_url
