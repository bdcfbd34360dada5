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
from fractions import Fraction
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
    "Ledger",
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


class Ledger:
    """Complementary suppression across every table of a report.

    Every client-derived count a report publishes is registered once under a
    key (the same key wherever the same number appears: a funnel step in two
    pathways with the same prefix, a referral flow in a table and in the
    GraphML), together with the additive identities a reader knows
    (``total = part + part + …``: a funnel step = the next step + those still
    in progress + those who left; a step = the sum of its outcome cells; all
    referrals = the sum of the flows).  :meth:`solve` hides the small cells
    (primary suppression) and then more cells until, for the published
    numbers,

    * no hidden non-zero cell can be computed from the identities by any
      combination of additions and subtractions (checked exactly: the cell's
      unit vector must not lie in the row space of the identities restricted
      to the hidden cells), and
    * the hidden part of any identity whose total is published adds up to 0
      or to at least *k* (otherwise "these two cells together are 3" is known).

    Extra cells are hidden greedily, the smallest non-zero published member of
    an offending identity first.  Complexity: O(I · H²) per round for I
    identities and H hidden cells (small: a report has a few hundred cells).

    Examples
    --------
    A published funnel step of 29 with outcome cells 11, 15 and zeros would give
    away the one hidden cell (29 − 11 − 15 = 3), so a second cell is hidden:

    >>> led = Ledger(k=5)
    >>> for key, n in {"cis": 29, "job": 11, "none": 15, "quit": 3, "other": 0}.items():
    ...     led.cell(key, n)
    >>> led.relation("cis", ["job", "none", "quit", "other"])
    >>> led.solve()
    {'cis': 29, 'job': None, 'none': 15, 'quit': None, 'other': 0}
    """

    def __init__(self, k: int | None = None) -> None:
        self.k = threshold() if k is None else k
        self.values: dict[object, int] = {}
        self.relations: list[tuple[object, tuple[object, ...]]] = []

    def cell(self, key: object, value: int) -> None:
        old = self.values.get(key)
        if old is not None and old != value:
            raise ValueError(f"cell {key!r} registered with two values")
        self.values[key] = value

    def relation(self, total: object, parts: Sequence[object]) -> None:
        missing = [x for x in (total, *parts) if x not in self.values]
        if missing:
            raise KeyError(missing[0])
        if sum(self.values[x] for x in parts) != self.values[total]:
            raise ValueError(f"identity {total!r} = sum of parts does not hold")
        self.relations.append((total, tuple(parts)))

    def _determined(self, hidden: list[object]) -> list[object]:
        """The hidden non-zero cells that the identities determine.

        A cell is determined when its unit vector lies in the row space of the
        identities restricted to the hidden cells; in the reduced row echelon
        form that is exactly a row with a single non-zero entry (exact rational
        arithmetic on sparse rows: no rounding, linear in the non-zeros).
        """
        hidden_set = set(hidden)
        rows: list[dict[object, Fraction]] = []
        for total, parts in self.relations:
            row: dict[object, Fraction] = {}
            if total in hidden_set:
                row[total] = row.get(total, Fraction(0)) + 1
            for x in parts:
                if x in hidden_set:
                    row[x] = row.get(x, Fraction(0)) - 1
            row = {key: v for key, v in row.items() if v != 0}
            if row:
                rows.append(row)
        return sorted((next(iter(r)) for r in _rref(rows) if len(r) == 1 and self.values[next(iter(r))] != 0), key=str)

    def _hide_one_more(self, hidden: set[object], members: Sequence[object]) -> bool:
        visible = sorted((self.values[x], str(x), x) for x in members if x not in hidden and self.values[x] > 0)
        if not visible:
            return False
        hidden.add(visible[0][2])
        return True

    def solve(self) -> dict[object, int | None]:
        """Every registered cell: its value, or ``None`` when hidden."""
        k = self.k
        hidden = {key for key, v in self.values.items() if 0 < v < k}
        for _ in range(len(self.values) + 1):
            changed = False
            for total, parts in self.relations:
                if total in hidden:
                    continue
                hidden_sum = sum(self.values[x] for x in parts if x in hidden)
                if 0 < hidden_sum < k:
                    changed = self._hide_one_more(hidden, parts) or self._hide_one_more(hidden, [total])
            determined = set(self._determined(sorted(hidden, key=str)))
            if determined:
                # hide the smallest published neighbour of any determined cell; the next round sees whether that was enough
                near = {
                    x
                    for total, parts in self.relations
                    if total in determined or determined.intersection(parts)
                    for x in (total, *parts)
                }
                candidates = sorted((self.values[x], str(x), x) for x in near if x not in hidden and self.values[x] > 0)
                if candidates:
                    hidden.add(candidates[0][2])
                    changed = True
            if not changed:
                break
        return {key: (None if key in hidden else v) for key, v in self.values.items()}


def _rref(rows: list[dict[object, Fraction]]) -> list[dict[object, Fraction]]:
    """Reduced row echelon form of sparse rows (Gauss–Jordan over the rationals)."""
    done: list[tuple[object, dict[object, Fraction]]] = []  # (pivot column, row)
    for row in rows:
        r = dict(row)
        for col, prow in done:  # reduce by the pivots found so far
            f = r.get(col)
            if f:
                for key, v in prow.items():
                    nv = r.get(key, Fraction(0)) - f * v
                    if nv:
                        r[key] = nv
                    else:
                        r.pop(key, None)
        if not r:
            continue
        col = min(r, key=str)
        f = r[col]
        r = {key: v / f for key, v in r.items()}
        # keep the earlier rows reduced against the new pivot
        for i, (c, prow) in enumerate(done):
            g = prow.get(col)
            if g:
                new = dict(prow)
                for key, v in r.items():
                    nv = new.get(key, Fraction(0)) - g * v
                    if nv:
                        new[key] = nv
                    else:
                        new.pop(key, None)
                done[i] = (c, new)
        done.append((col, r))
    return [r for _, r in done]
