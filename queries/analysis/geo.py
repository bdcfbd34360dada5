"""Great-circle distances between institutions and territorial units.

Complexity: O(1) per pair.  Reference: R. W. Sinnott, "Virtues of the
Haversine", Sky and Telescope 68(2), 1984.
"""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "haversine_km"]

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
