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


def _circle_azimuths():
    """The azimuths of a circle's vertices: clockwise from north, walked backwards (360 - k *
    360/64, each exact in binary), so that the ring runs counter-clockwise."""
    import numpy as np

    return np.linspace(360.0, 0.0, CIRCLE_VERTICES, endpoint=False)


def _circles_by_offset(lon, lat, radius_m):
    """Each circle's vertices (lon, lat; shape n x CIRCLE_VERTICES), from one geodesic per
    vertex of half a circle per distinct (latitude, radius).

    On an ellipsoid of revolution a circle's shape depends only on its latitude and radius: its
    vertices are offsets in longitude from its centre's meridian, mirrored across it (the
    vertex at azimuth -a lies at the same latitude as the one at a, at the negated offset).
    The geodesic library adds the offset to the centre's longitude and normalizes the sum to
    [-180, 180] as done here, so every coordinate is the one a geodesic per vertex would give,
    bit for bit (tests/gazetteer/test_geodesy.py). Centres' longitudes must be within
    [-180, 180]."""
    import numpy as np

    half = CIRCLE_VERTICES // 2
    shape = np.ascontiguousarray(np.stack([lat, radius_m], axis=1))  # exact bits: -0.0 is its own
    keys = shape.view(np.dtype((np.void, shape.itemsize * 2))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    m = len(first)
    x, y, _ = WGS84.fwd(np.zeros(m * (half + 1)), np.repeat(lat[first], half + 1),
                        np.tile(_circle_azimuths()[:half + 1], m),
                        np.repeat(radius_m[first], half + 1))
    dx, dy = x.reshape(m, half + 1), y.reshape(m, half + 1)
    mirrored = slice(half - 1, 0, -1)  # vertex half + k mirrors vertex half - k
    dx = np.concatenate([dx, -dx[:, mirrored]], axis=1)[inverse]
    dy = np.concatenate([dy, dy[:, mirrored]], axis=1)[inverse]
    xs = lon[:, None] + dx
    xs = np.where(xs > 180.0, xs - 360.0, np.where(xs < -180.0, xs + 360.0, xs))
    return xs, dy


def geodesic_circles(lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """Polygons approximating geodesic circles (a vertex every 360/64 degrees of azimuth, at
    the radius's geodesic distance); each ring runs counter-clockwise (RFC 7946). Vectorized:
    one geodesic per vertex of half a circle per distinct latitude and radius."""
    import numpy as np
    import shapely

    n = len(lon)
    if n == 0:
        return np.empty(0, dtype=object)
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    radius_m = np.asarray(radius_km, dtype="float64") * 1000.0
    x = np.empty((n, CIRCLE_VERTICES))
    y = np.empty((n, CIRCLE_VERTICES))
    plain = np.abs(lon) <= 180.0  # else (unnormalized or NaN): a geodesic per vertex
    if plain.any():
        x[plain], y[plain] = _circles_by_offset(lon[plain], lat[plain], radius_m[plain])
    other = np.flatnonzero(~plain)
    if len(other):
        fx, fy, _ = WGS84.fwd(np.repeat(lon[other], CIRCLE_VERTICES),
                              np.repeat(lat[other], CIRCLE_VERTICES),
                              np.tile(_circle_azimuths(), len(other)),
                              np.repeat(radius_m[other], CIRCLE_VERTICES))
        x[other] = fx.reshape(-1, CIRCLE_VERTICES)
        y[other] = fy.reshape(-1, CIRCLE_VERTICES)
    ring = np.stack([x, y], axis=2)
    ring = np.concatenate([ring, ring[:, :1, :]], axis=1)  # close each ring
    return shapely.polygons(ring)
