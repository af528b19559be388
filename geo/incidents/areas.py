"""The area an incident located only to a region or a country stands for.

An incident at ACLED geo precision 3 (region or province) or 4 (country only) did not happen at
its point: the point is only where the area is labelled. Every output draws the area instead:

- **country** (precision 4): the country's Natural Earth polygon;
- **country part** (precision 3 on a country, "eastern Syria"): the part of the polygon the
  resolver placed it in (``gazetteer.borders.country_part_shape``; the incident's point is that
  part's representative point, which is how the part is found again);
- **region** (any other precision 3: a province, "the Dead Sea region"): the circle of its
  uncertainty radius, cut to its country's polygon. No admin-1 polygons ship with the project's
  dependencies, so a province is its circle inside the country, never a circle spilling abroad.

Polygons are simplified to about 1 km (``gazetteer.borders.MAP_TOLERANCE_DEG``) and oriented
counter-clockwise (RFC 7946).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely

from gazetteer.borders import DIRECTIONS, country_at, country_part_shape, map_shape
from gazetteer.geodesy import geodesic_circles

#: The lowest ACLED geo precision that stands for an area rather than a site.
AREA_PRECISION = 3
#: Area kinds, as every output words them.
AREA_LABELS: dict[str, str] = {
    "country part": "part of a country",
    "region": "region or province",
    "country": "whole country",
}
_SAME_POINT_DEG = 1e-6


@dataclass(frozen=True)
class IncidentAreas:
    """Per incident (in the frame's order): the area's geometry (None where the incident is a
    site), its kind ("" for a site) and a key that two incidents of the same area share."""

    geometry: np.ndarray
    kind: np.ndarray
    key: np.ndarray

    def __len__(self) -> int:
        return len(self.kind)

    @property
    def mask(self) -> np.ndarray:
        return self.kind != ""

    def subset(self, mask: np.ndarray) -> IncidentAreas:
        return IncidentAreas(self.geometry[mask], self.kind[mask], self.key[mask])


def area_mask(incidents: pd.DataFrame) -> np.ndarray:
    """True for incidents located only to a region or a country (geo precision 3 or 4)."""
    precision = pd.to_numeric(incidents["geo_precision"], errors="coerce").to_numpy(float)
    return np.nan_to_num(precision) >= AREA_PRECISION


@lru_cache(maxsize=512)
def _country_part_at(iso: str, lon: float, lat: float) -> str:
    """The direction whose part of the country has (lon, lat) as its representative point."""
    for direction in DIRECTIONS:
        part = country_part_shape(iso, direction)
        if part is None:
            continue
        point = part.representative_point()
        if abs(point.x - lon) < _SAME_POINT_DEG and abs(point.y - lat) < _SAME_POINT_DEG:
            return direction
    return ""


def _regions(keys: list[tuple[str, float, float, float]]) -> list:
    """Each region (country ISO, lon, lat, radius km): the circle of its radius, cut to its
    country's polygon when it crosses the border. The circles are drawn in one vectorised
    call and tested against each country at once."""
    unique = list(dict.fromkeys(keys))
    isos = np.array([k[0] for k in unique], dtype=object)
    circles = geodesic_circles(*(np.array([k[i] for k in unique], dtype="float64")
                                 for i in (1, 2, 3)))
    shapes = circles.copy()
    for iso in set(isos) - {""}:
        country = map_shape(iso)
        if country is None:
            continue
        at = np.flatnonzero(isos == iso)
        hit = at[shapely.intersects(circles[at], country)]
        if len(hit):
            inside = shapely.intersection(circles[hit], country)
            cut = ~shapely.is_empty(inside)
            shapes[hit[cut]] = inside[cut]
    found = dict(zip(unique, shapes, strict=True))
    return [found[k] for k in keys]


def _oriented(geometry):
    return shapely.orient_polygons(geometry) if geometry is not None else None


def incident_areas(incidents: pd.DataFrame, *, regions: bool = True) -> IncidentAreas:
    """The area of every incident of ``incidents`` (a frame in the incident schema).

    ``regions=False`` leaves a region's geometry None (its kind and key, ``ISO:lon,lat,km``,
    are still set): a renderer that cuts the circle itself skips the polygon work."""
    n = len(incidents)
    geometry = np.full(n, None, dtype=object)
    kind = np.full(n, "", dtype=object)
    key = np.full(n, "", dtype=object)
    if n == 0:
        return IncidentAreas(geometry, kind.astype(str), key.astype(str))
    wanted = area_mask(incidents)
    geoms = np.asarray(incidents.geometry.values)
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    precision = pd.to_numeric(incidents["geo_precision"], errors="coerce").to_numpy(float)
    radius = pd.to_numeric(incidents["uncertainty_km"], errors="coerce").to_numpy(float)
    countries = incidents["country"].fillna("").astype(str).str.upper().to_numpy()
    place_ids = incidents["place_id"].fillna("").astype(str).str.upper().to_numpy()
    regions_at: list[tuple[int, tuple[str, float, float, float]]] = []
    for i in np.flatnonzero(wanted & located):
        point = shapely.get_point(geoms[i], 0) if geoms[i].geom_type != "Point" else geoms[i]
        lon, lat = round(float(point.x), 7), round(float(point.y), 7)
        iso = countries[i] or country_at(lon, lat)
        shape, what, name = None, "", ""
        if precision[i] >= 4 and iso:
            shape, what, name = map_shape(iso), "country", iso
        elif iso and place_ids[i] == iso:
            direction = _country_part_at(iso, lon, lat)
            if direction:
                shape, what, name = map_shape(iso, direction), "country part", f"{iso}:{direction}"
        if shape is None and np.isfinite(radius[i]) and radius[i] > 0:
            kind[i], key[i] = "region", f"{iso}:{lon:.5f},{lat:.5f},{radius[i]:.3f}"
            if regions:
                regions_at.append((i, (iso, lon, lat, float(radius[i]))))
            continue
        if shape is not None:
            geometry[i], kind[i], key[i] = _oriented(shape), what, name
    if regions_at:  # drawn together: one geodesic call, one test per country
        at = np.array([i for i, _ in regions_at])
        shapes = np.empty(len(at), dtype=object)
        shapes[:] = _regions([k for _, k in regions_at])
        geometry[at] = shapely.orient_polygons(shapes)
    return IncidentAreas(geometry, kind.astype(str), key.astype(str))


def largest_polygon(geometry):
    """The largest polygon of a (multi)polygon: a layer typed Polygon holds one per incident."""
    if geometry is None or geometry.geom_type == "Polygon":
        return geometry
    parts = shapely.get_parts(geometry)
    parts = [p for p in parts if p.geom_type == "Polygon"]
    return max(parts, key=lambda p: p.area) if parts else None
