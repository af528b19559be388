"""Distances and offsets on the WGS 84 ellipsoid: the project's one geodesic helper."""

from __future__ import annotations

from pyproj import Geod

#: The ellipsoid every distance, offset and circle of the project is measured on.
WGS84 = Geod(ellps="WGS84")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance between two points, in km."""
    return WGS84.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) along ``bearing_deg`` (clockwise from north): (lat, lon)."""
    lon2, lat2, _ = WGS84.fwd(lon, lat, bearing_deg, km * 1000.0)
    return lat2, lon2
