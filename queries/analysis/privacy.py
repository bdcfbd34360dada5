"""Small-count suppression of everything derived from client data.

A thin layer over :mod:`graph.suppression` (the one implementation) for the
shapes the analyses produce: single counts, groups of cells with secondary
suppression, shares whose numerator or denominator is suppressed, and medians
over too few people.

Counts about institutions, services and declared ties are public directory
facts and are not suppressed; counts of clients, referrals, plans and
anything computed from them always are.

Complexity: O(n log n) for a group of n cells (sorting for secondary suppression).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import TypeVar

from graph.suppression import display, suppress, suppress_cells, threshold

__all__ = [
    "threshold",
    "suppress",
    "suppress_cells",
    "suppress_group",
    "display",
    "share",
    "suppress_nested",
    "median_days",
    "SuppressedCount",
]

K = TypeVar("K")

#: A published client-derived count: ``None`` when suppressed.
SuppressedCount = int | None


def share(numerator: int | None, denominator: int | None, digits: int = 3) -> float | None:
    """A proportion of two published counts; ``None`` when either is suppressed or zero.

    Parameters
    ----------
    numerator, denominator : int or None
        Counts that have already passed suppression.
    digits : int
        Rounding, so that equal inputs give byte-identical reports.

    Examples
    --------
    >>> share(5, 10), share(None, 10), share(5, 0)
    (0.5, None, None)
    """
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round(numerator / denominator, digits)


def median_days(values: Sequence[float], k: int | None = None) -> float | None:
    """The median of per-person durations, withheld when fewer than ``k`` people contribute.

    Examples
    --------
    >>> median_days([10, 20, 30, 40, 50], k=5)
    30.0
    >>> median_days([10, 20], k=5) is None
    True
    """
    k = threshold() if k is None else k
    if not values or len(values) < k:
        return None
    return round(float(statistics.median(values)), 1)


def suppress_group(cells: Mapping[K, int], k: int | None = None) -> dict[K, int | None]:
    """:func:`graph.suppression.suppress_cells`, plus: the hidden cells must add up to at least ``k``.

    Two hidden cells of 1 and 2 would otherwise reveal, from the published
    total, that 3 people fall into "one or the other"; more cells are hidden,
    smallest first, until the hidden sum reaches ``k`` (or everything is hidden).

    Examples
    --------
    >>> suppress_group({"a": 0, "b": 7}, 5)
    {'a': 0, 'b': 7}
    >>> suppress_group({"employed": 2, "resigned": 1, "none": 6, "other": 9}, 5)
    {'employed': None, 'resigned': None, 'none': None, 'other': 9}
    """
    k = threshold() if k is None else k
    out = suppress_cells(cells, k)
    hidden = sum(cells[key] for key, v in out.items() if v is None)
    while 0 < hidden < k:
        visible = sorted((v, str(key), key) for key, v in out.items() if v)
        if not visible:
            break
        value, _, key = visible[0]
        out[key] = None
        hidden += value
    return out


def suppress_nested(counts: Sequence[int], k: int | None = None) -> list[int | None]:
    """Suppress a non-increasing sequence of counts (a funnel) against differencing.

    A count is hidden when it is small, or when its difference from the last
    published count is small and positive (that difference is a count of people
    too – those who dropped out).

    Examples
    --------
    >>> suppress_nested([40, 38, 20, 3], k=5)
    [40, None, 20, None]
    >>> suppress_nested([12, 12, 0], k=5)
    [12, 12, 0]
    """
    k = threshold() if k is None else k
    out: list[int | None] = []
    last: int | None = None
    for n in counts:
        small = 0 < n < k
        diff_small = last is not None and 0 < last - n < k
        if small or diff_small:
            out.append(None)
        else:
            out.append(n)
            last = n
    return out
