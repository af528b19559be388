"""Uncertainty areas: geodesic circles around incidents whose location is not a point."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer.geodesy import WGS84
from geo.incidents.schema import CRS, DEFAULT_UNCERTAINTY_KM, Column

#: Radius used when an incident's geo precision is coarse but it gives no uncertainty_km:
#: ACLED 2 (near or part of a place), 3 (region or province), 4 (country only).

#: Vertices on each circle (the ring is closed with one more).
CIRCLE_VERTICES = 64

UNCERTAINTY_SCHEMA: tuple[Column, ...] = (
    Column("incident_id", "str", "the incident this area belongs to"),
    Column("event_date", "date", "first day of the incident"),
    Column("date_end", "date", "last day for ranges"),
    Column("event_type", "str", "type of the incident"),
    Column("geo_precision", "int", "ACLED geo precision of the incident"),
    Column("radius_km", "float", "radius drawn: uncertainty_km, or the default for the precision"),
    Column("geometry", "geometry", "Polygon, EPSG:4326"),
)

def uncertainty_radius_km(incidents: pd.DataFrame) -> np.ndarray:
    """Radius per incident (NaN where no area is drawn)."""
    given = incidents["uncertainty_km"].to_numpy(dtype="float64", na_value=np.nan)
    precision = pd.to_numeric(incidents["geo_precision"]).astype("Int64")
    default = precision.map(DEFAULT_UNCERTAINTY_KM).to_numpy(dtype="float64", na_value=np.nan)
    coarse = precision.fillna(1).to_numpy(dtype="int64") > 1
    radius = np.where(given > 0, given, np.where(coarse, default, np.nan))
    return radius


def geodesic_circles(lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """Polygons approximating geodesic circles, all computed in one vectorized call."""
    n = len(lon)
    if n == 0:
        return np.empty(0, dtype=object)
    azimuths = np.linspace(0.0, 360.0, CIRCLE_VERTICES, endpoint=False)
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


def uncertainty_areas(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One polygon per located incident with geo_precision > 1 or uncertainty_km > 0."""
    radius = uncertainty_radius_km(incidents)
    geoms = np.asarray(incidents.geometry.values)
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    keep = located & np.isfinite(radius) & (radius > 0)
    picked = incidents.loc[keep]
    points = geoms[keep]
    circles = geodesic_circles(shapely.get_x(points), shapely.get_y(points), radius[keep])
    columns = [c.name for c in UNCERTAINTY_SCHEMA if c.kind != "geometry" and c.name != "radius_km"]
    frame = pd.DataFrame(picked[columns]).reset_index(drop=True)
    frame["radius_km"] = radius[keep]
    return gpd.GeoDataFrame(frame, geometry=circles, crs=CRS)
