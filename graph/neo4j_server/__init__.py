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

Modules: ``common`` (constants, :class:`Neo4jServerError`), ``build`` (the Maven build and
the classpath), ``process`` (pids, the state file, stop, status), ``server`` (:class:`Neo4jServer`).
"""

from __future__ import annotations

from graph.neo4j_server.build import classpath, default_home, ensure_built, is_built
from graph.neo4j_server.common import DEFAULT_USER, NEO4J_VERSION, Neo4jServerError
from graph.neo4j_server.process import read_state, status, stop_from_state
from graph.neo4j_server.server import Neo4jServer, start_server

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
