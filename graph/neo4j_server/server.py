"""Starting and stopping a local Neo4j server (:class:`Neo4jServer`)."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType

from graph.neo4j_server.build import classpath, ensure_built, find_java
from graph.neo4j_server.common import (
    DEFAULT_USER,
    FAILED_MARKER,
    HOST,
    LOG_FILE,
    MAIN_CLASS,
    MIN_PASSWORD_LENGTH,
    NEO4J_VERSION,
    READY_MARKER,
    Neo4jServerError,
)
from graph.neo4j_server.process import (
    _clear_state,
    _free_port,
    _is_our_process,
    _log_tail,
    _port_open,
    _terminate_pid,
    _write_state,
    read_state,
)


class Neo4jServer:
    """A Neo4j server process serving Bolt on ``127.0.0.1`` (see :meth:`start`)."""

    def __init__(
        self,
        *,
        data_dir: Path,
        port: int,
        password: str,
        pid: int,
        user: str = DEFAULT_USER,
        process: subprocess.Popen[bytes] | None = None,
        detached: bool = False,
    ) -> None:
        """Wrap an already started server; use :meth:`start` to launch one."""
        self.data_dir: Path = data_dir
        self.port: int = port
        self.uri: str = f"bolt://{HOST}:{port}"
        self.user: str = user
        self.password: str = password
        self.pid: int = pid
        self.detached: bool = detached
        self._process = process

    def __repr__(self) -> str:
        """Show the server without its password."""
        return f"Neo4jServer(uri={self.uri!r}, pid={self.pid}, data_dir={str(self.data_dir)!r})"

    @property
    def log_path(self) -> Path:
        """The file receiving the Java process's stdout/stderr."""
        return self.data_dir / LOG_FILE

    @property
    def auth(self) -> tuple[str, str]:
        """``(user, password)`` ready for ``neo4j.GraphDatabase.driver(uri, auth=...)``."""
        return (self.user, self.password)

    @classmethod
    def start(
        cls,
        data_dir: Path,
        port: int | None = None,
        *,
        password: str,
        timeout: float = 120.0,
        detached: bool = False,
        home: Path | None = None,
        heap: str = "512m",
        pagecache_mb: int = 256,
    ) -> Neo4jServer:
        """Build if needed, start the server, and wait until Bolt accepts connections.

        Args:
            data_dir: Neo4j home for this server (databases, Neo4j's own logs under
                ``logs/``, plus ``neo4j.log``, ``server.json`` and ``neo4j.pid``).
            port: Bolt port on 127.0.0.1; a free one is picked when None.
            password: password set for user ``neo4j`` (at least 8 characters).
            timeout: seconds to wait for readiness (the Maven build is not counted).
            detached: if True the server outlives this process (CLI use; stop it with
                :func:`stop_from_state`). If False an atexit hook stops it, and the
                Java process exits by itself if this process dies.
            home: build directory (default :func:`default_home`).
            heap: JVM ``-Xmx`` value.
            pagecache_mb: Neo4j page cache size in MiB.

        Raises:
            Neo4jServerError: on a bad password, missing tools, a busy port, a server
                already running in ``data_dir``, a crash, or a timeout.
        """
        if len(password) < MIN_PASSWORD_LENGTH:
            raise Neo4jServerError(f"password must have at least {MIN_PASSWORD_LENGTH} characters (Neo4j policy)")
        data_dir = Path(data_dir).expanduser().resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        state = read_state(data_dir)
        if state is not None:
            old_pid = int(state.get("pid", 0))
            if _is_our_process(old_pid, data_dir):
                raise Neo4jServerError(
                    f"a server is already running for {data_dir}: {state.get('uri')} (pid {old_pid})"
                )
            _clear_state(data_dir, old_pid)
        build_dir = ensure_built(home)
        java = find_java()
        if port is None:
            port = _free_port()
        elif _port_open(port):
            raise Neo4jServerError(f"port {port} on {HOST} is already in use")

        env = dict(os.environ)
        env["KOOPERACJA_NEO4J_PASSWORD"] = password
        env["KOOPERACJA_NEO4J_PAGECACHE_MB"] = str(pagecache_mb)
        if detached:
            env.pop("KOOPERACJA_NEO4J_PARENT_PID", None)
        else:
            env["KOOPERACJA_NEO4J_PARENT_PID"] = str(os.getpid())
        cmd = [
            java,
            f"-Xmx{heap}",
            "-Dfile.encoding=UTF-8",
            "-cp",
            classpath(build_dir),
            MAIN_CLASS,
            str(data_dir),
            str(port),
        ]
        log_path = data_dir / LOG_FILE
        with log_path.open("ab") as log:
            log.write(f"\n=== kooperacja: starting neo4j {NEO4J_VERSION} on port {port}\n".encode())
            log.flush()
            offset = log.tell()
            process = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=data_dir,
                env=env,
                start_new_session=detached,
                close_fds=True,
            )
        server = cls(
            data_dir=data_dir,
            port=port,
            password=password,
            pid=process.pid,
            process=process,
            detached=detached,
        )
        server._write_state(ready=False)
        try:
            server._wait_ready(offset, timeout)
        except BaseException:
            server.stop(timeout=15)
            raise
        server._write_state(ready=True)
        if not detached:
            atexit.register(server._stop_at_exit)
        return server

    def _write_state(self, *, ready: bool) -> None:
        _write_state(
            self.data_dir,
            {
                "uri": self.uri,
                "pid": self.pid,
                "port": self.port,
                "user": self.user,
                "version": NEO4J_VERSION,
                "ready": ready,
                "detached": self.detached,
                "started_at": time.time(),
                "log": str(self.log_path),
            },
        )

    def _wait_ready(self, offset: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        seen_ready = False
        while time.monotonic() < deadline:
            if not self.is_running():
                raise Neo4jServerError(f"neo4j exited during startup; log {self.log_path}:\n{_log_tail(self.log_path)}")
            if not seen_ready:
                with self.log_path.open("rb") as log:
                    log.seek(offset)
                    text = log.read().decode(errors="replace")
                if FAILED_MARKER in text:
                    raise Neo4jServerError(f"neo4j failed to start; log {self.log_path}:\n{_log_tail(self.log_path)}")
                seen_ready = f"{READY_MARKER} {self.uri}" in text
            if seen_ready and _port_open(self.port):
                return
            time.sleep(0.2)
        raise Neo4jServerError(
            f"neo4j not ready after {timeout:.0f}s; log {self.log_path}:\n{_log_tail(self.log_path)}"
        )

    def is_running(self) -> bool:
        """Tell whether the server process is alive."""
        if self._process is not None:
            return self._process.poll() is None
        return _is_our_process(self.pid, self.data_dir)

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the server: SIGTERM (clean shutdown), wait ``timeout`` s, then SIGKILL.

        Idempotent; also removes the state and pid files.
        """
        with contextlib.suppress(ValueError):
            atexit.unregister(self._stop_at_exit)
        process = self._process
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        else:
            _terminate_pid(self.pid, self.data_dir, timeout)
            if _is_our_process(self.pid, self.data_dir):
                raise Neo4jServerError(f"neo4j (pid {self.pid}) did not stop")
        _clear_state(self.data_dir, self.pid)

    def _stop_at_exit(self) -> None:
        with contextlib.suppress(Exception):
            self.stop(timeout=30)

    def __enter__(self) -> Neo4jServer:
        """Return the server itself; it is stopped when the block exits."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()


def start_server(
    data_dir: Path,
    port: int | None = None,
    *,
    password: str,
    timeout: float = 120.0,
    detached: bool = False,
    home: Path | None = None,
) -> Neo4jServer:
    """Start a server; shorthand for :meth:`Neo4jServer.start`."""
    return Neo4jServer.start(data_dir, port, password=password, timeout=timeout, detached=detached, home=home)
