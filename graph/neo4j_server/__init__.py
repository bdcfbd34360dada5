"""Run a real Neo4j Community server (embedded DBMS + Bolt) built from Maven Central.

The Java side (``src/main/java/kooperacja/Launcher.java``) starts an embedded
``DatabaseManagementService`` with the Bolt connector on ``127.0.0.1:<port>``,
authentication enabled, HTTP disabled and a small page cache. It sets the password
of user ``neo4j`` through the embedded API on the ``system`` database and prints
``KOOPERACJA-NEO4J READY bolt://127.0.0.1:PORT`` once it accepts connections.

Build output (compiled launcher + ~200 runtime jars, ~125 MB) lives outside the git
tree, in :func:`default_home` (``~/.cache/kooperacja/neo4j-<version>`` unless
``KOOPERACJA_NEO4J_HOME`` is set). Maven's local repository is the default ``~/.m2``.

Typical use::

    server = Neo4jServer.start(Path("/tmp/db"), password="s3cretpass")
    ...  # neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
    server.stop()

A detached server (``detached=True``) survives the Python process; another process
can later use :func:`status` / :func:`stop_from_state` with the same data directory.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Final

__all__ = [
    "DEFAULT_USER",
    "NEO4J_VERSION",
    "Neo4jServer",
    "Neo4jServerError",
    "classpath",
    "default_home",
    "ensure_built",
    "is_built",
    "read_state",
    "start_server",
    "status",
    "stop_from_state",
]

NEO4J_VERSION: Final = "5.26.30"
"""Neo4j Community version used (must match ``neo4j.version`` in ``pom.xml``)."""

DEFAULT_USER: Final = "neo4j"
HOST: Final = "127.0.0.1"
READY_MARKER: Final = "KOOPERACJA-NEO4J READY"
FAILED_MARKER: Final = "KOOPERACJA-NEO4J FAILED"
MAIN_CLASS: Final = "kooperacja.Launcher"
JAR_NAME: Final = "kooperacja-neo4j-launcher.jar"
STATE_FILE: Final = "server.json"
PID_FILE: Final = "neo4j.pid"
LOG_FILE: Final = "neo4j.log"
MIN_PASSWORD_LENGTH: Final = 8  # Neo4j's default dbms.security.auth_minimum_password_length

_PROJECT_DIR: Final = Path(__file__).resolve().parent
_POM: Final = _PROJECT_DIR / "pom.xml"
_LAUNCHER_SOURCE: Final = _PROJECT_DIR / "src" / "main" / "java" / "kooperacja" / "Launcher.java"
_STAMP_FILE: Final = "build.stamp"
_MAVEN_TIMEOUT: Final = 1800.0


class Neo4jServerError(RuntimeError):
    """Raised when the Neo4j server cannot be built, started, or stopped."""


# --------------------------------------------------------------------------- build


def default_home() -> Path:
    """Return the build/cache directory: ``$KOOPERACJA_NEO4J_HOME`` or ``~/.cache/...``."""
    env = os.environ.get("KOOPERACJA_NEO4J_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path.home() / ".cache" / "kooperacja" / f"neo4j-{NEO4J_VERSION}"


def find_java() -> str:
    """Return the path of the ``java`` executable (``$JAVA_HOME/bin/java`` first)."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if found is None:
        raise Neo4jServerError(
            "java not found: install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`)"
        )
    return found


def find_mvn() -> str:
    """Return the path of the ``mvn`` executable."""
    found = shutil.which("mvn")
    if found is None:
        raise Neo4jServerError("mvn not found: install Maven (e.g. `apt-get install maven`)")
    return found


def _fingerprint() -> str:
    digest = hashlib.sha256(NEO4J_VERSION.encode())
    for path in (_POM, _LAUNCHER_SOURCE):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_built(home: Path | None = None) -> bool:
    """Tell whether the launcher jar and its runtime classpath are built and current."""
    home = home if home is not None else default_home()
    stamp = home / _STAMP_FILE
    lib = home / "lib"
    return (
        (home / JAR_NAME).is_file()
        and lib.is_dir()
        and any(lib.glob("*.jar"))
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == _fingerprint()
    )


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_built(home: Path | None = None) -> Path:
    """Build the launcher with Maven unless it is already built; return the build dir.

    Idempotent and safe to call from concurrent processes (a file lock serialises
    builds). The first build downloads Neo4j's jars into ``~/.m2``.

    Raises:
        Neo4jServerError: if java is missing, or mvn is missing when a build is needed,
            or the Maven build fails.
    """
    home = (home if home is not None else default_home()).expanduser().resolve()
    find_java()
    if is_built(home):
        return home
    with _file_lock(home / ".build.lock"):
        if is_built(home):
            return home
        mvn = find_mvn()
        # Drop stale output so an old jar can never end up on the `lib/*` classpath.
        shutil.rmtree(home / "lib", ignore_errors=True)
        (home / JAR_NAME).unlink(missing_ok=True)
        (home / _STAMP_FILE).unlink(missing_ok=True)
        cmd = [
            mvn,
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-f",
            str(_POM),
            f"-DbuildDir={home}",
            "package",
        ]
        try:
            result = subprocess.run(
                cmd,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=_MAVEN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jServerError(f"maven build timed out after {_MAVEN_TIMEOUT:.0f}s") from exc
        if result.returncode != 0 or not (home / JAR_NAME).is_file():
            output = (result.stdout + result.stderr).strip()
            raise Neo4jServerError(
                f"maven build failed (exit {result.returncode}): {' '.join(cmd)}\n{output[-4000:]}"
            )
        (home / _STAMP_FILE).write_text(_fingerprint() + "\n", encoding="utf-8")
    return home


def classpath(home: Path | None = None) -> str:
    """Return the Java classpath of a built launcher (see :func:`ensure_built`)."""
    home = home if home is not None else default_home()
    return os.pathsep.join([str(home / JAR_NAME), str(home / "lib" / "*")])


# --------------------------------------------------------------------------- processes


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
            raise Neo4jServerError(
                f"password must have at least {MIN_PASSWORD_LENGTH} characters (Neo4j policy)"
            )
        data_dir = Path(data_dir).expanduser().resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        state = read_state(data_dir)
        if state is not None:
            old_pid = int(state.get("pid", 0))
            if _is_our_process(old_pid, data_dir):
                raise Neo4jServerError(
                    f"a server is already running for {data_dir}: "
                    f"{state.get('uri')} (pid {old_pid})"
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
                raise Neo4jServerError(
                    f"neo4j exited during startup; log {self.log_path}:\n{_log_tail(self.log_path)}"
                )
            if not seen_ready:
                with self.log_path.open("rb") as log:
                    log.seek(offset)
                    text = log.read().decode(errors="replace")
                if FAILED_MARKER in text:
                    raise Neo4jServerError(
                        f"neo4j failed to start; log {self.log_path}:\n{_log_tail(self.log_path)}"
                    )
                seen_ready = f"{READY_MARKER} {self.uri}" in text
            if seen_ready and _port_open(self.port):
                return
            time.sleep(0.2)
        raise Neo4jServerError(
            f"neo4j not ready after {timeout:.0f}s; "
            f"log {self.log_path}:\n{_log_tail(self.log_path)}"
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
    return Neo4jServer.start(
        data_dir, port, password=password, timeout=timeout, detached=detached, home=home
    )
