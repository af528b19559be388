"""Between the PostGIS store's tables and columns: what a read selects and the typed frame it
makes, and merged rows (dicts) turned into columns for a COPY.

Reads select dates as day numbers, sources as JSON text and geometries as WKB, so that each
column is typed in one vectorised step (numpy days, one ``json.loads`` for all sources,
``shapely.from_wkb`` on the array) instead of a Python object per value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.incidents.merge import Row
from geo.incidents.schema import CRS
from geo.incidents.source_list import SourceList
from geo.store.pg_schema import TABLES


def columns(table: str) -> list[str]:
    """The table's schema columns, in the GeoPackage layer's order."""
    return [c.name for c in TABLES[table][0]]


def select_list(table: str) -> str:
    """The SELECT expressions of a read: one per schema column, in order."""
    out = []
    for col in TABLES[table][0]:
        if col.kind == "geometry":
            out.append(f"ST_AsBinary({col.name})")
        elif col.kind == "date":
            out.append(f"{col.name} - DATE '1970-01-01'")
        elif col.kind == "sources":
            out.append(f"{col.name}::text")
        else:
            out.append(col.name)
    return ", ".join(out)


def _days(values: Sequence[Any]) -> np.ndarray:
    """Day numbers since 1970 (None: NaT) as datetime64[ms]."""
    days = np.array(values, dtype="float64")  # None -> NaN
    missing = np.isnan(days)
    out = np.where(missing, 0, days).astype("int64").astype("datetime64[D]")
    out = out.astype("datetime64[ms]")
    out[missing] = np.datetime64("NaT")
    return out


def typed_frame(rows: Sequence[tuple], table: str) -> pd.DataFrame:
    """Rows read with :func:`select_list` as a frame in the schema's dtypes (a GeoDataFrame
    in EPSG:4326 when the table has a geometry)."""
    schema = TABLES[table][0]
    values = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    out: dict[str, Any] = {}
    for col, column in zip(schema, values, strict=True):
        if col.kind == "str":
            out[col.name] = pd.Series(column, dtype=object).fillna("").astype(str)
        elif col.kind == "int":
            out[col.name] = pd.array(column, dtype="Int64")
        elif col.kind == "float":
            out[col.name] = np.array(column, dtype="float64")
        elif col.kind == "date":
            out[col.name] = _days(column)
        elif col.kind == "sources":
            parsed = json.loads("[" + ",".join(column) + "]")
            out[col.name] = pd.Series([SourceList(s) for s in parsed], dtype=object)
        else:
            out[col.name] = shapely.from_wkb(np.array(column, dtype=object))
    if TABLES[table][1]:
        return gpd.GeoDataFrame(out, geometry="geometry", crs=CRS)
    return pd.DataFrame(out)


def row_columns(rows: Sequence[Row]) -> dict[str, Any]:
    """Merged incident rows (plain values, lat/lon) as the incident table's columns: a list
    per column and the points (None where a row is not located) as an array."""
    out: dict[str, Any] = {name: [row.get(name) for row in rows]
                           for name in columns("incidents") if name != "geometry"}
    lat = np.array([row.get("lat") for row in rows], dtype="float64")
    lon = np.array([row.get("lon") for row in rows], dtype="float64")
    located = ~(np.isnan(lat) | np.isnan(lon))
    points = np.full(len(rows), None, dtype=object)
    points[located] = shapely.points(lon[located], lat[located])
    out["geometry"] = points
    return out


#: What the uncertainty areas read of an incident.
_AREA_INPUT = ("incident_id", "event_date", "date_end", "event_type", "geo_precision",
               "uncertainty_km", "country", "place_id")


def area_input(incidents: dict[str, Any]) -> gpd.GeoDataFrame:
    """The columns :func:`geo.incidents.uncertainty.uncertainty_areas` reads, as its frame."""
    frame = pd.DataFrame({name: pd.Series(incidents[name]) for name in _AREA_INPUT})
    frame["geo_precision"] = pd.array(frame["geo_precision"], dtype="Int64")
    frame["uncertainty_km"] = pd.to_numeric(frame["uncertainty_km"]).astype("float64")
    for name in ("country", "place_id"):
        frame[name] = frame[name].fillna("").astype(str)
    return gpd.GeoDataFrame(frame, geometry=incidents["geometry"], crs=CRS)


def frame_columns(frame: pd.DataFrame, table: str) -> dict[str, Any]:
    """A frame's schema columns for ``table`` (the geometry as an array of shapes)."""
    return {name: (np.asarray(frame.geometry.values, dtype=object) if name == "geometry"
                   else frame[name]) for name in columns(table)}
