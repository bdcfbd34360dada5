"""Great-circle distances between institutions and territorial units.

Complexity: O(1) per pair; :func:`nearest` is O(origins × targets), vectorised.  Reference: R. W. Sinnott, "Virtues of the
Haversine", Sky and Telescope 68(2), 1984.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["EARTH_RADIUS_KM", "haversine_km", "nearest"]

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in kilometres between two points given in decimal degrees.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        Latitudes and longitudes (WGS 84).

    Returns
    -------
    float
        The great-circle distance on a sphere of radius :data:`EARTH_RADIUS_KM`.

    Examples
    --------
    Toruń to Chełmża is about 18 km:

    >>> round(haversine_km(53.0225, 18.6183, 53.1856, 18.6066), 1)
    18.2
    >>> haversine_km(52.0, 19.0, 52.0, 19.0)
    0.0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest(
    origins: Sequence[tuple[float, float] | None],
    targets: Sequence[tuple[str, float, float]],
    n: int = 1,
    chunk: int = 512,
) -> list[list[tuple[float, str]]]:
    """For each origin, the ``n`` nearest targets as ``(km, id)``, nearest first (ties by id).

    Vectorised with NumPy in chunks of origins: O(O·T) distance evaluations, O(chunk·T) memory.

    Parameters
    ----------
    origins : sequence of (lat, lon) or None
        ``None`` (no coordinates) gives an empty list.
    targets : sequence of (id, lat, lon)

    Examples
    --------
    >>> nearest([(53.0, 18.6), None], [("b", 53.0, 18.75), ("a", 53.0, 18.45), ("c", 54.0, 18.6)], n=2)
    [[(10.0, 'a'), (10.0, 'b')], []]
    """
    if not targets or n <= 0:
        return [[] for _ in origins]
    ids = [t[0] for t in targets]
    tlat = np.radians(np.asarray([t[1] for t in targets], dtype=np.float64))[None, :]
    tlon = np.radians(np.asarray([t[2] for t in targets], dtype=np.float64))[None, :]
    out: list[list[tuple[float, str]]] = [[] for _ in origins]
    valid = [i for i, o in enumerate(origins) if o is not None]
    for start in range(0, len(valid), chunk):
        rows = valid[start : start + chunk]
        pts = [origins[i] or (0.0, 0.0) for i in rows]
        olat = np.radians(np.asarray([x[0] for x in pts], dtype=np.float64))[:, None]
        olon = np.radians(np.asarray([x[1] for x in pts], dtype=np.float64))[:, None]
        a = np.sin((tlat - olat) / 2) ** 2 + np.cos(olat) * np.cos(tlat) * np.sin((tlon - olon) / 2) ** 2
        d = np.round(2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a))), 1)
        k = min(n, len(ids))
        # a few more than n, so that ties at the cut are resolved by id
        take = min(len(ids), k + 8)
        part = (
            np.argpartition(d, take - 1, axis=1)[:, :take]
            if take < len(ids)
            else np.tile(np.arange(len(ids)), (len(rows), 1))
        )
        for r, i in enumerate(rows):
            best = sorted((float(d[r, j]), ids[j]) for j in part[r])
            out[i] = best[:k]
    return out
