"""Small-count suppression for every aggregate that leaves the system.

A count below the threshold (default 5, ``KOOPERACJA_MIN_COUNT``) is replaced
by ``None`` and shown as "<5".  To stop a suppressed cell from being
reconstructed by differencing (total minus the visible cells), totals are
computed from the already-suppressed cells and, when exactly one cell of a
group is suppressed, the next smallest is suppressed too (secondary
suppression).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TypeVar

__all__ = ["threshold", "suppress", "suppress_cells", "display", "SUPPRESSED_LABEL"]

K = TypeVar("K")
SUPPRESSED_LABEL = "<{k}"


def threshold() -> int:
    return int(os.environ.get("KOOPERACJA_MIN_COUNT", "5"))


def suppress(value: int, k: int | None = None) -> int | None:
    """``None`` for a positive count below ``k``; zero is shown (it reveals nobody).

    >>> suppress(3, 5), suppress(7, 5), suppress(0, 5)
    (None, 7, 0)
    """
    k = threshold() if k is None else k
    return None if 0 < value < k else value


def suppress_cells(cells: Mapping[K, int], k: int | None = None) -> dict[K, int | None]:
    """Suppress a group of cells with secondary suppression against differencing.

    >>> suppress_cells({"a": 2, "b": 10, "c": 12}, 5)
    {'a': None, 'b': None, 'c': 12}
    """
    k = threshold() if k is None else k
    out: dict[K, int | None] = {key: suppress(v, k) for key, v in cells.items()}
    hidden = [key for key, v in out.items() if v is None]
    if len(hidden) == 1:
        visible = sorted((v, str(key), key) for key, v in out.items() if v)
        if visible:
            out[visible[0][2]] = None
    return out


def display(value: int | None, k: int | None = None) -> str:
    k = threshold() if k is None else k
    return SUPPRESSED_LABEL.format(k=k) if value is None else str(value)
