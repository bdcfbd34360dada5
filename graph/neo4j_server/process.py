"""The server process: ports, pids, the state file in the data directory, stop and status."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import time
from pathlib import Path
from typing import Any

from graph.neo4j_server.common import HOST, MAIN_CLASS, PID_FILE, STATE_FILE, Neo4jServerError


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    """Tell whether ``pid`` exists and is not a zombie (reaping it if it is our child)."""
    with contextlib.suppress(ChildProcessError, OSError):
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError, IndexError):
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _is_our_process(pid: int, data_dir: Path) -> bool:
    """Tell whether ``pid`` is a live launcher serving ``data_dir`` (guards pid reuse)."""
    if pid <= 0 or not _pid_alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():  # no procfs: trust the pid
        return True
    try:
        args = cmdline.read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return False
    return MAIN_CLASS in args and str(data_dir) in args


def _terminate_pid(pid: int, data_dir: Path, timeout: float) -> None:
    """SIGTERM a launcher that is not our child, wait, then SIGKILL it."""
    if not _is_our_process(pid, data_dir):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _pid_alive(pid):
        time.sleep(0.1)


def _log_tail(path: Path, limit: int = 4000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-limit:]
    except OSError:
        return "<no log>"


# --------------------------------------------------------------------------- state files


def read_state(data_dir: Path) -> dict[str, Any] | None:
    """Return the JSON state written by a started server, or None if absent/unreadable.

    Keys: ``uri``, ``pid``, ``port``, ``user``, ``version``, ``ready``, ``detached``,
    ``started_at`` (epoch seconds), ``log``. The password is never stored.
    """
    try:
        data = json.loads((Path(data_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_state(data_dir: Path, state: dict[str, Any]) -> None:
    tmp = data_dir / f".{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(data_dir / STATE_FILE)
    (data_dir / PID_FILE).write_text(f"{state['pid']}\n", encoding="utf-8")


def _clear_state(data_dir: Path, pid: int) -> None:
    state = read_state(data_dir)
    if state is not None and state.get("pid") != pid:
        return  # another server took over this data dir
    for name in (STATE_FILE, PID_FILE):
        (data_dir / name).unlink(missing_ok=True)


def stop_from_state(data_dir: Path, timeout: float = 60.0) -> bool:
    """Stop the server recorded in ``data_dir`` (e.g. from another process).

    Returns True if a running server was stopped, False if none was running.
    Stale state files are removed either way.
    """
    data_dir = Path(data_dir).resolve()
    state = read_state(data_dir)
    if state is None:
        return False
    pid = int(state.get("pid", 0))
    running = _is_our_process(pid, data_dir)
    if running:
        _terminate_pid(pid, data_dir, timeout)
        if _is_our_process(pid, data_dir):
            raise Neo4jServerError(f"neo4j (pid {pid}) did not stop")
    _clear_state(data_dir, pid)
    return running


def status(data_dir: Path) -> str:
    """Describe the server of ``data_dir`` in one line.

    The first word is one of ``running``, ``starting``, ``stopped`` or ``stale``
    (state file present but its process is gone), e.g.
    ``running bolt://127.0.0.1:7687 (pid 1234)``.
    """
    data_dir = Path(data_dir).resolve()
    state = read_state(data_dir)
    if state is None:
        return "stopped"
    pid = int(state.get("pid", 0))
    if not _is_our_process(pid, data_dir):
        return f"stale (pid {pid} is not running; remove {data_dir / STATE_FILE})"
    word = "running" if state.get("ready") else "starting"
    return f"{word} {state.get('uri')} (pid {pid})"


# --------------------------------------------------------------------------- server
