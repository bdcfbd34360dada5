"""Building the Java launcher with Maven (once per version; outside the git tree) and its classpath."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from graph.neo4j_server.common import (
    _LAUNCHER_SOURCE,
    _MAVEN_TIMEOUT,
    _POM,
    _STAMP_FILE,
    JAR_NAME,
    NEO4J_VERSION,
    Neo4jServerError,
)


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
        raise Neo4jServerError("java not found: install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`)")
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
            raise Neo4jServerError(f"maven build failed (exit {result.returncode}): {' '.join(cmd)}\n{output[-4000:]}")
        (home / _STAMP_FILE).write_text(_fingerprint() + "\n", encoding="utf-8")
    return home


def classpath(home: Path | None = None) -> str:
    """Return the Java classpath of a built launcher (see :func:`ensure_built`)."""
    home = home if home is not None else default_home()
    return os.pathsep.join([str(home / JAR_NAME), str(home / "lib" / "*")])


# --------------------------------------------------------------------------- processes
