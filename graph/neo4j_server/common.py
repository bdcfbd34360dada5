"""Constants of the local Neo4j server and its error type."""

from __future__ import annotations

from pathlib import Path
from typing import Final

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
