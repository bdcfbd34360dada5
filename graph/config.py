"""Configuration from the environment (and CLI options that override it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Settings", "settings"]

DEFAULT_GRAPH = "./kooperacja-data"


@dataclass(frozen=True)
class Settings:
    graph: str = DEFAULT_GRAPH
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str | None = None
    env: str = "production"
    #: seconds a Neo4j transaction may run when it serves a request (API, interactive CLI)
    tx_timeout: float = 30.0
    #: seconds for batch jobs (imports, the generator, gap reports of a whole country)
    batch_tx_timeout: float = 3600.0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_neo4j(self) -> bool:
        return self.graph.startswith(("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://"))

    @property
    def development(self) -> bool:
        return self.env == "development"


def settings(**overrides: str | None) -> Settings:
    env = os.environ
    values = {
        "graph": env.get("KOOPERACJA_GRAPH", DEFAULT_GRAPH),
        "neo4j_user": env.get("KOOPERACJA_NEO4J_USER", "neo4j"),
        "neo4j_password": env.get("KOOPERACJA_NEO4J_PASSWORD"),
        "neo4j_database": env.get("KOOPERACJA_NEO4J_DATABASE"),
        "env": env.get("KOOPERACJA_ENV", "production"),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    timeouts = {
        "tx_timeout": _seconds(env, "KOOPERACJA_TX_TIMEOUT", 30.0),
        "batch_tx_timeout": _seconds(env, "KOOPERACJA_BATCH_TX_TIMEOUT", 3600.0),
    }
    return Settings(**values, **timeouts)  # type: ignore[arg-type]


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}: oczekiwano liczby sekund, podano {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name}: liczba sekund musi być dodatnia")
    return value
