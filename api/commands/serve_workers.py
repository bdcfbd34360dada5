"""The process model of ``kooperacja serve --workers N`` (issue 17).

Neo4j: N uvicorn worker processes, each with its own driver; the state they
share – accounts and the audit chain – lives either in PostgreSQL
(``KOOPERACJA_STATE_URL``, the scale-out deployment: also several machines) or
in the SQLite files of one ``KOOPERACJA_STATE_DIR`` on a *local* disk: SQLite's
WAL and ``BEGIN IMMEDIATE`` serialise writers across processes of one machine,
and the signed checkpoint is written inside that write transaction, so the
chain stays one chain.  (SQLite on a network file system is not safe – use
PostgreSQL there.)  Login throttles are per process, so with N workers an
address gets at most N times the single-process budget.

LadybugDB: the embedded database directory is owned by one process (the
engine takes a file lock for a read-write open, and the API writes – clients,
referrals, plans – go to the graph), so ``--workers`` above 1 is refused
there; one process uses the second core through the engine's own threads.

Workers are separate interpreters started by uvicorn: they rebuild the app
with :func:`worker_app` from the environment, so the command-line store
options are handed over as their ``KOOPERACJA_*`` variables.  The parent
builds the app once before starting them – that checks the configuration with
a clear message and creates the state (keys, databases) before N processes
could race to create it.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from graph.config import Settings

__all__ = ["workers_problem", "hand_over", "worker_app", "LOG_LEVEL_ENV"]

#: the log level handed to the worker processes (internal: parent → workers)
LOG_LEVEL_ENV = "KOOP_SERVE_WORKER_LOG_LEVEL"


def workers_problem(cfg: Settings, workers: int, env: dict[str, str] | None = None) -> str | None:
    """Why ``workers`` processes cannot serve ``cfg`` (one Polish line), or ``None``."""
    env = dict(os.environ) if env is None else env
    if workers <= 1:
        return None
    if not cfg.is_neo4j:
        return (
            "--workers większe niż 1 wymaga Neo4j: katalog bazy wbudowanej (LadybugDB) otwiera do zapisu "
            "tylko jeden proces, a API zapisuje do grafu (klienci, skierowania); uruchom jeden proces "
            "albo przejdź na Neo4j (--graph bolt://…)"
        )
    if not env.get("KOOPERACJA_JWT_SECRET"):
        return (
            "kilka procesów roboczych wymaga wspólnego KOOPERACJA_JWT_SECRET – bez niego każdy proces "
            "losuje własny sekret i odrzuca tokeny wydane przez pozostałe"
        )
    if (env.get("KOOPERACJA_ENV") or cfg.env) == "test" and not (
        env.get("KOOPERACJA_STATE_DIR") or env.get("KOOPERACJA_STATE_URL")
    ):
        return (
            "kilka procesów roboczych wymaga wspólnego stanu: ustaw KOOPERACJA_STATE_DIR "
            "albo KOOPERACJA_STATE_URL=postgresql://… (w środowisku test każdy proces dostałby własny katalog)"
        )
    return None


def hand_over(cfg: Settings, log_level: str) -> None:
    """Put the command line's store options where the worker processes read them (their environment)."""
    os.environ["KOOPERACJA_GRAPH"] = cfg.graph
    os.environ["KOOPERACJA_NEO4J_USER"] = cfg.neo4j_user
    if cfg.neo4j_password is not None:
        os.environ["KOOPERACJA_NEO4J_PASSWORD"] = cfg.neo4j_password
    os.environ["KOOPERACJA_ENV"] = cfg.env
    os.environ[LOG_LEVEL_ENV] = log_level


def worker_app() -> Any:
    """The app of one worker process (uvicorn factory ``api.commands.serve_workers:worker_app``)."""
    from api.app import create_app
    from api.observability import configure_logging

    level = os.environ.get(LOG_LEVEL_ENV, "info")
    configure_logging(getattr(logging, level.upper(), logging.INFO))
    return create_app()
