"""The named-query catalogue: one Cypher file per query, loaded once.

The loader lives in ``graph/`` because the stores run named queries; the query
texts stay with the queries in ``queries/cypher/`` and are found by path, so
``graph`` never imports ``queries``.

``queries/cypher/NAME.cypher`` holds the portable text; ``NAME.ladybug.cypher``
or ``NAME.neo4j.cypher`` hold a backend variant, used only where the dialects
really differ (1-based indexing, ``label()`` vs ``type()``, map projections…).
A file's leading ``//`` lines document the query.  Queries take parameters
only; the parameters a query uses are read from its text and checked on every
call, so a typo fails loudly instead of binding ``null``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.errors import UnknownQueryError

__all__ = ["Statement", "Catalog", "catalog", "BACKENDS", "CYPHER_DIR"]

BACKENDS = ("ladybug", "neo4j")
#: ``queries/cypher`` beside this package (a path, not an import: graph sits below queries)
CYPHER_DIR = Path(__file__).resolve().parents[1] / "queries" / "cypher"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Statement:
    """A query text with a name; created only by the catalogue or :mod:`graph.statements`."""

    name: str
    text: str

    @property
    def params(self) -> frozenset[str]:
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("//"))
        return frozenset(_PARAM.findall(body))


@dataclass(frozen=True)
class Entry:
    name: str
    description: str
    texts: dict[str, str]  # backend -> text ("*" = portable)

    def statement(self, backend: str) -> Statement:
        text = self.texts.get(backend) or self.texts.get("*")
        if text is None:
            raise UnknownQueryError(f"query {self.name!r} has no variant for {backend}")
        return Statement(self.name, text)


class Catalog:
    def __init__(self, directory: Path = CYPHER_DIR):
        self._entries: dict[str, Entry] = {}
        for path in sorted(directory.glob("*.cypher")):
            parts = path.name.split(".")
            name = parts[0]
            backend = parts[1] if len(parts) == 3 else "*"
            if not _NAME.match(name) or backend not in (*BACKENDS, "*"):
                raise ValueError(f"bad query file name {path.name}")
            text = path.read_text(encoding="utf-8")
            entry = self._entries.get(name) or Entry(name, "", {})
            entry.texts[backend] = text
            if backend == "*" or not entry.description:
                doc = [ln.lstrip("/ ").rstrip() for ln in text.splitlines() if ln.startswith("//")]
                entry = Entry(name, " ".join(doc).strip(), entry.texts)
            self._entries[name] = entry

    def names(self) -> list[str]:
        return sorted(self._entries)

    def entry(self, name: str) -> Entry:
        try:
            return self._entries[name]
        except KeyError:
            raise UnknownQueryError(f"unknown query {name!r}") from None

    def statement(self, name: str, backend: str) -> Statement:
        return self.entry(name).statement(backend)


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    return Catalog()
