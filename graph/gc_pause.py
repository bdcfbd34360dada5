"""Pause Python's cyclic garbage collector around bulk work – the one helper for it.

A bulk load makes millions of fresh, acyclic objects (rows as dicts, tuples for
comparison): the cyclic collector would walk all of them again and again, about a
third of the time of a large load, and find nothing to free.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its previous state after (nesting is safe)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
