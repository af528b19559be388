"""The HTML map's offline basemap: Natural Earth land, coasts, borders, country names and the
larger cities, embedded in the page as compact integer arrays.

Two levels of detail: the whole world, coarse (what a zoomed-out view needs), and around the data
a finer cut. Polygons are simplified as a coverage, so neighbouring countries keep one shared
border. The browser draws them (maps/html/assets/basemap.js) under every other layer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from gazetteer.borders import SOURCE as BORDERS_SOURCE
from gazetteer.borders import country_polygons
from gazetteer.cities import SOURCE as CITIES_SOURCE
from gazetteer.cities import cities_in, large_cities

BBox = tuple[float, float, float, float]

ATTRIBUTION = f"Offline basemap: {BORDERS_SOURCE}; cities: {CITIES_SOURCE}"
#: Where a map without data opens: Iraq, Syria and around.
DEFAULT_BOUNDS: BBox = (35.0, 29.0, 49.0, 38.0)
#: The world layer: simplification (degrees), smallest island kept (square degrees), grid.
WORLD_TOLERANCE, WORLD_MIN_AREA, WORLD_SCALE = 0.2, 1.0, 100
#: The detailed cut around the data reaches this far beyond it (degrees, and share of its span).
REGION_PAD_DEG, REGION_PAD_SHARE = 10.0, 0.5
DETAIL_SCALE = 1000  # coordinates kept to 0.001 degrees (about 100 m)


def region(bounds: BBox | None) -> BBox:
    """The box drawn in detail: the data's bounds, generously padded, within the world."""
    x0, y0, x1, y1 = bounds or DEFAULT_BOUNDS
    pad_x = max(REGION_PAD_DEG, (x1 - x0) * REGION_PAD_SHARE)
    pad_y = max(REGION_PAD_DEG, (y1 - y0) * REGION_PAD_SHARE)
    return (max(-180.0, x0 - pad_x), max(-85.0, y0 - pad_y),
            min(180.0, x1 + pad_x), min(85.0, y1 + pad_y))


def detail_tolerance(area: BBox) -> float:
    """Simplification for the detailed cut: finer for a smaller region (0.005 to 0.05 deg)."""
    span = max(area[2] - area[0], area[3] - area[1])
    return float(np.clip(span / 4000, 0.005, 0.05))


def _drop_small(geom: BaseGeometry, min_area: float) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area >= min_area]
    return shapely.multipolygons(parts) if parts else shapely.MultiPolygon()


def _simplified(geoms: np.ndarray, tolerance: float, min_area: float) -> np.ndarray:
    kept = np.array([_drop_small(g, min_area) for g in geoms], dtype=object)
    return shapely.coverage_simplify(kept, tolerance)


def _lines(countries: np.ndarray) -> tuple[BaseGeometry, BaseGeometry]:
    """Coastlines (the edge of all land) and borders (edges two countries share)."""
    countries = countries[~shapely.is_empty(countries)]
    coast = shapely.union_all(countries).boundary
    outlines = shapely.union_all(shapely.boundary(countries))
    return coast, outlines.difference(coast.buffer(1e-7))


@lru_cache(maxsize=1)
def _world() -> tuple[np.ndarray, BaseGeometry, BaseGeometry]:
    geoms = _simplified(country_polygons().geometry.to_numpy(), WORLD_TOLERANCE, WORLD_MIN_AREA)
    return (geoms, *_lines(geoms))


def _encode_ring(coords: np.ndarray, scale: int) -> list[int]:
    """x0, y0 then deltas, as integers on a grid of 1/scale degree (repeats dropped)."""
    grid = np.round(np.asarray(coords)[:, :2] * scale).astype(np.int64)
    if len(grid) > 1 and (grid[0] == grid[-1]).all():
        grid = grid[:-1]
    keep = np.ones(len(grid), dtype=bool)
    keep[1:] = (np.diff(grid, axis=0) != 0).any(axis=1)
    grid = grid[keep]
    deltas = np.vstack([grid[:1], np.diff(grid, axis=0)])
    return deltas.ravel().tolist()


def encode_polygons(geom: BaseGeometry, scale: int) -> list[list[list[int]]]:
    """Each polygon of ``geom`` as rings of grid deltas (the page decodes them: GI.decode)."""
    out = []
    for polygon in shapely.get_parts(geom):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        rings = [_encode_ring(polygon.exterior.coords, scale)]
        holes = (_encode_ring(r.coords, scale) for r in polygon.interiors)
        rings += [hole for hole in holes if len(hole) >= 6]  # a hole of three points or more
        if len(rings[0]) >= 6:
            out.append(rings)
    return out


def _encode_lines(geom: BaseGeometry, scale: int) -> list[list[int]]:
    if geom.is_empty:
        return []
    merged = shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom
    parts = shapely.get_parts(merged)
    out = [_encode_ring(p.coords, scale) for p in parts if p.geom_type == "LineString"]
    return [line for line in out if len(line) >= 4]


def _layer(countries: np.ndarray, coast: BaseGeometry, borders: BaseGeometry, scale: int) -> dict:
    return {
        "scale": scale,
        "land": [encode_polygons(g, scale) for g in countries if not g.is_empty],
        "coast": _encode_lines(coast, scale),
        "borders": _encode_lines(borders, scale),
    }


def _detail(area: BBox) -> dict:
    window = box(*area)
    world = country_polygons()
    inside = world[world.intersects(window)]
    clipped = shapely.intersection(inside.geometry.to_numpy(), window)
    tolerance = detail_tolerance(area)
    geoms = _simplified(clipped, tolerance, tolerance**2 * 4)
    coast, borders = _lines(geoms)
    edge = window.boundary.buffer(tolerance / 10)
    return _layer(geoms, coast.difference(edge), borders.difference(edge), DETAIL_SCALE)


def _coarse_outside(area: BBox) -> dict:
    geoms, coast, borders = _world()
    hole = box(*area)
    return _layer(shapely.difference(geoms, hole), coast.difference(hole),
                  borders.difference(hole), WORLD_SCALE)


def _country_labels() -> list[list[Any]]:
    frame = country_polygons()
    rank = frame["LABELRANK"].fillna(9).astype(int)
    return [
        [str(name), round(float(y), 3), round(float(x), 3), int(r)]
        for name, x, y, r in zip(frame["NAME"], frame["LABEL_X"], frame["LABEL_Y"], rank,
                                 strict=True)
    ]


def _cities(area: BBox) -> list[list[Any]]:
    """The region's large cities and the world's capitals: name, lat, lon, population, capital."""
    inside = cities_in(area)
    world = large_cities()
    capitals = world[world["capital"] & ~world.index.isin(inside.index)]
    rows = []
    for frame in (inside, capitals):
        for name, lat, lon, pop, cap in zip(frame["name"], frame["lat"], frame["lon"],
                                            frame["population"], frame["capital"], strict=True):
            rows.append([str(name), round(float(lat), 3), round(float(lon), 3), int(pop),
                         int(bool(cap))])
    return rows


def basemap_payload(bounds: BBox | None) -> dict[str, Any]:
    """Everything the browser needs to draw the offline basemap around ``bounds`` (lon/lat)."""
    area = region(bounds)
    return {
        "region": list(area),
        "layers": [_coarse_outside(area), _detail(area)],
        "countries": _country_labels(),
        "cities": _cities(area),
        "attribution": ATTRIBUTION,
    }
