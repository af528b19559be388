"""Uncertainty areas: where an incident whose location is not a point may lie.

A geodesic circle of its radius around a site known only roughly (geo precision 2, or a radius
given); the region or country itself for an incident located only to one (geo precision 3 or 4,
:mod:`geo.incidents.areas`). One polygon per incident, counter-clockwise (RFC 7946).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer.geodesy import geodesic_circles
from geo.incidents.areas import incident_areas, largest_polygon
from geo.incidents.schema import CRS, DEFAULT_UNCERTAINTY_KM, Column

#: Radius used when an incident's geo precision is coarse but it gives no uncertainty_km:
#: ACLED 2 (near or part of a place), 3 (region or province), 4 (country only).

UNCERTAINTY_SCHEMA: tuple[Column, ...] = (
    Column("incident_id", "str", "the incident this area belongs to"),
    Column("event_date", "date", "first day of the incident"),
    Column("date_end", "date", "last day for ranges"),
    Column("event_type", "str", "type of the incident"),
    Column("geo_precision", "int", "ACLED geo precision of the incident"),
    Column("radius_km", "float", "radius drawn: uncertainty_km, or the default for the precision"),
    Column("geometry", "geometry", "Polygon, EPSG:4326: the circle around a site; for geo "
           "precision 3-4 the region or country (its largest part; geo.incidents.areas)"),
)


def uncertainty_radius_km(incidents: pd.DataFrame) -> np.ndarray:
    """Radius per incident (NaN where no area is drawn)."""
    given = incidents["uncertainty_km"].to_numpy(dtype="float64", na_value=np.nan)
    precision = pd.to_numeric(incidents["geo_precision"]).astype("Int64")
    default = precision.map(DEFAULT_UNCERTAINTY_KM).to_numpy(dtype="float64", na_value=np.nan)
    coarse = precision.fillna(1).to_numpy(dtype="int64") > 1
    radius = np.where(given > 0, given, np.where(coarse, default, np.nan))
    return radius


def uncertainty_areas(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One polygon per located incident with geo_precision > 1 or uncertainty_km > 0."""
    radius = uncertainty_radius_km(incidents)
    geoms = np.asarray(incidents.geometry.values)
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    keep = located & np.isfinite(radius) & (radius > 0)
    picked = incidents.loc[keep]
    points = geoms[keep]
    areas = incident_areas(picked)
    site = ~areas.mask  # a circle around the site; an area incident draws its area
    shapes = np.empty(len(points), dtype=object)
    shapes[site] = _circles(shapely.get_x(points[site]), shapely.get_y(points[site]),
                            radius[keep][site])
    for i in np.flatnonzero(areas.mask):
        shapes[i] = largest_polygon(areas.geometry[i])
    columns = [c.name for c in UNCERTAINTY_SCHEMA if c.kind != "geometry" and c.name != "radius_km"]
    frame = pd.DataFrame(picked[columns]).reset_index(drop=True)
    frame["radius_km"] = radius[keep]
    return gpd.GeoDataFrame(frame, geometry=shapes, crs=CRS)


def _circles(lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """``geodesic_circles``, drawn once per distinct (lon, lat, radius): a table's rows come
    back to the same sites (polygons are immutable, so rows of one site share one)."""
    sites = np.ascontiguousarray(np.stack([lon, lat, radius_km], axis=1))
    keys = sites.view(np.dtype((np.void, sites.itemsize * 3))).ravel()  # exact bits
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return geodesic_circles(lon[first], lat[first], radius_km[first])[inverse.ravel()]
