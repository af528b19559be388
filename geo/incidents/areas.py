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


def _points_lon_lat(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each geometry's point (its first for a multipoint), rounded to 1e-7 degrees."""
    types = shapely.get_type_id(geoms)
    points = np.where(types == 0, geoms, shapely.get_point(geoms, 0))
    return np.round(shapely.get_x(points), 7), np.round(shapely.get_y(points), 7)


def incident_areas(incidents: pd.DataFrame, *, regions: bool = True) -> IncidentAreas:
    """The area of every incident of ``incidents`` (a frame in the incident schema).

    ``regions=False`` leaves a region's geometry None (its kind and key, ``ISO:lon,lat,km``,
    are still set): a renderer that cuts the circle itself skips the polygon work. Columnar:
    a country's or a country part's polygon is found and oriented once however many
    incidents stand for it."""
    n = len(incidents)
    geometry = np.full(n, None, dtype=object)
    kind = np.full(n, "", dtype=object)
    key = np.full(n, "", dtype=object)
    if n == 0:
        return IncidentAreas(geometry, kind.astype(str), key.astype(str))
    geoms = np.asarray(incidents.geometry.values)
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    rows = np.flatnonzero(area_mask(incidents) & located)
    if not len(rows):
        return IncidentAreas(geometry, kind.astype(str), key.astype(str))
    precision = pd.to_numeric(incidents["geo_precision"], errors="coerce").to_numpy(float)[rows]
    radius = pd.to_numeric(incidents["uncertainty_km"], errors="coerce").to_numpy(float)[rows]
    iso = _upper(incidents["country"], rows)
    place_ids = _upper(incidents["place_id"], rows)
    lon, lat = _points_lon_lat(geoms[rows])
    for j in np.flatnonzero(iso == ""):  # no country given: the one the point is in
        iso[j] = country_at(float(lon[j]), float(lat[j]))
    has_iso = iso != ""
    whole = has_iso & (precision >= 4)
    area_key = np.where(whole, iso, "").astype(object)
    for j in np.flatnonzero(has_iso & ~whole & (place_ids == iso)):
        direction = _country_part_at(iso[j], float(lon[j]), float(lat[j]))
        if direction:
            area_key[j] = f"{iso[j]}:{direction}"
    shapes = {k: _area_shape(k) for k in set(area_key) - {""}}
    shaped = np.array([k != "" and shapes[k] is not None for k in area_key], dtype=bool)
    for k, shape in shapes.items():
        if shape is None:
            continue
        at = rows[area_key == k]
        geometry[at], kind[at], key[at] = shape, "country part" if ":" in k else "country", k
    circle = ~shaped & np.isfinite(radius) & (radius > 0)
    at = rows[circle]
    kind[at] = "region"
    key[at] = [f"{i}:{x:.5f},{y:.5f},{r:.3f}" for i, x, y, r in
               zip(iso[circle], lon[circle], lat[circle], radius[circle], strict=True)]
    if regions and len(at):  # drawn together: one geodesic call, one test per country
        found = np.empty(len(at), dtype=object)
        found[:] = _regions(list(zip(iso[circle], lon[circle].tolist(), lat[circle].tolist(),
                                     radius[circle].tolist(), strict=True)))
        geometry[at] = shapely.orient_polygons(found)
    return IncidentAreas(geometry, kind.astype(str), key.astype(str))


def _upper(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The column's text at ``rows``, upper-cased ("" where missing)."""
    return column.iloc[rows].fillna("").astype(str).str.upper().to_numpy(object)


def _area_shape(area_key: str):
    """The oriented polygon of a country ("IQ") or a country part ("IQ:east"), or None."""
    iso, _, direction = area_key.partition(":")
    shape = map_shape(iso, direction) if direction else map_shape(iso)
    return shapely.orient_polygons(shape) if shape is not None else None


def largest_polygon(geometry):
    """The largest polygon of a (multi)polygon: a layer typed Polygon holds one per incident."""
    if geometry is None or geometry.geom_type == "Polygon":
        return geometry
    parts = shapely.get_parts(geometry)
    parts = [p for p in parts if p.geom_type == "Polygon"]
    return max(parts, key=lambda p: p.area) if parts else None
