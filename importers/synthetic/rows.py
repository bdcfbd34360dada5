"""Row builders in storage form (the form :func:`graph.writer.write_batch` stores).

Rows carry every model field (enum values as strings, naive datetimes) so that
``trusted=True`` writes are exactly what validated writes would store; the
tests validate samples of them against the model.  Keywords are computed with
:func:`graph.text.keywords`, cached per text piece (the union of the pieces'
keywords is the keywords of the whole, as the function sorts a set).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from graph import model as m
from graph import text

__all__ = ["Rows", "keywords_of", "new_rows"]

Rows = dict[type, list[dict[str, Any]]]


@lru_cache(maxsize=100_000)
def _piece(piece: str) -> frozenset[str]:
    return frozenset(text.keywords(piece))


def keywords_of(*pieces: str | None) -> list[str]:
    """Same as ``graph.text.keywords(*pieces)``, with each piece cached."""
    out: set[str] = set()
    for p in pieces:
        if p:
            out |= _piece(p)
    return sorted(out)


def new_rows() -> Rows:
    return defaultdict(list)


def model_order() -> list[type]:
    """Tables in write order: nodes first (as the writer does anyway)."""
    return [*m.NODE_MODELS, *m.REL_MODELS]
