"""A LadybugDB database held by another process: the error names the process (pid and command)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import StoreUnavailable
from graph.store.holders import describe_holders, holders
from graph.store.ladybug_store import LadybugStore

HOLD = """
import sys, time
from graph.store.ladybug_store import LadybugStore
store = LadybugStore(sys.argv[1])
print("open", flush=True)
time.sleep(120)
"""


def test_a_locked_database_names_the_process_that_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "graf.db"
    LadybugStore(path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert holder.pid in [pid for pid, _ in holders(path)]
        with pytest.raises(StoreUnavailable) as err:
            LadybugStore(path)
        message = str(err.value)
        assert f"trzyma ją proces {holder.pid} (" in message
        assert str(path) in message and "Neo4j" in message
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 10
    while holders(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert describe_holders(path) == ""
    LadybugStore(path).close()  # free again
