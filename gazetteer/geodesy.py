"""Distances and offsets on the WGS 84 ellipsoid: the project's one geodesic helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyproj import Geod

if TYPE_CHECKING:  # numpy and shapely are imported by the one function that needs them: a
    import numpy as np  # look-up that only measures distances starts faster without them

#: The ellipsoid every distance, offset and circle of the project is measured on.
WGS84 = Geod(ellps="WGS84")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance between two points, in km."""
    return WGS84.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


#: The shortest degree of latitude on WGS 84 (at the equator) is 110.574 km; a little less.
KM_PER_DEGREE_LAT_MIN = 110.5


def surely_farther(lat1: float, lat2: float, km: float) -> bool:
    """Whether two points at these latitudes are certainly more than ``km`` apart, without a
    geodesic: any path between them crosses the latitudes between, each degree at least
    KM_PER_DEGREE_LAT_MIN long (a cheap test before :func:`distance_km`)."""
    return abs(lat1 - lat2) * KM_PER_DEGREE_LAT_MIN > km


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) along ``bearing_deg`` (clockwise from north): (lat, lon)."""
    lon2, lat2, _ = WGS84.fwd(lon, lat, bearing_deg, km * 1000.0)
    return lat2, lon2


#: Vertices on each circle (the ring is closed with one more).
CIRCLE_VERTICES = 64


def geodesic_circles(lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """Polygons approximating geodesic circles, all computed in one vectorized call; each ring
    runs counter-clockwise (RFC 7946)."""
    import numpy as np
    import shapely

    n = len(lon)
    if n == 0:
        return np.empty(0, dtype=object)
    # azimuths run clockwise from north: walking them backwards draws a counter-clockwise ring
    azimuths = np.linspace(360.0, 0.0, CIRCLE_VERTICES, endpoint=False)
    az = np.tile(azimuths, n)
    x, y, _ = WGS84.fwd(
        np.repeat(lon, CIRCLE_VERTICES),
        np.repeat(lat, CIRCLE_VERTICES),
        az,
        np.repeat(radius_km * 1000.0, CIRCLE_VERTICES),
    )
    ring = np.stack([x, y], axis=1).reshape(n, CIRCLE_VERTICES, 2)
    ring = np.concatenate([ring, ring[:, :1, :]], axis=1)  # close each ring
    return shapely.polygons(ring)
