"""Between incidents and the PostGIS store's table columns for a COPY: merged rows (dicts) and
frames turned into columns (reads: :mod:`geo.store.pg_read`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.incidents.merge import Row
from geo.incidents.schema import CRS
from geo.store.pg_schema import TABLES


def columns(table: str) -> list[str]:
    """The table's schema columns, in the GeoPackage layer's order."""
    return [c.name for c in TABLES[table][0]]


#: Arrow types of the incident columns read straight from row dicts (whole numbers as
#: float64 first: Arrow would cut 1.5 to 1; they are checked, then made int64).
_ARROW = {"str": pa.string(), "int": pa.float64(), "float": pa.float64(), "date": pa.date32()}
_ROW = pa.struct([pa.field(c.name, _ARROW[c.kind]) for c in TABLES["incidents"][0]
                  if c.kind in _ARROW] + [pa.field("lat", pa.float64()),
                                          pa.field("lon", pa.float64())])


def _arrow_columns(rows: Sequence[Row]) -> dict[str, Any] | None:
    """The rows' scalar columns read by Arrow in one pass (None: a value of another type,
    left to the encoders' coercion)."""
    try:
        table = pa.array(rows, type=_ROW)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    out: dict[str, Any] = {field.name: table.field(field.name) for field in _ROW}
    for col in TABLES["incidents"][0]:
        if col.kind == "int":
            numbers = out[col.name].to_numpy(zero_copy_only=False)  # None: NaN
            present = ~np.isnan(numbers)
            if not np.array_equal(numbers[present], np.floor(numbers[present])):
                return None  # a fraction: the encoder names the column
            whole = np.where(present, numbers, 0).clip(-(2.0**62), 2.0**62).astype("int64")
            out[col.name] = pa.array(whole, mask=~present)
    return out


def row_columns(rows: Sequence[Row]) -> dict[str, Any]:
    """Merged incident rows (plain values, lat/lon) as the incident table's columns (Arrow
    arrays, or lists when Arrow cannot read a value as its column's type) and the points
    (None where a row is not located) as an array."""
    out = _arrow_columns(rows)
    if out is None:
        out = {name: [row.get(name) for row in rows] for name in (*columns("incidents"), "lat",
                                                                  "lon") if name != "geometry"}
    out["sources"] = [row.get("sources") for row in rows]
    lat = _floats(out.pop("lat"))
    lon = _floats(out.pop("lon"))
    located = ~(np.isnan(lat) | np.isnan(lon))
    points = np.full(len(rows), None, dtype=object)
    points[located] = shapely.points(lon[located], lat[located])
    out["geometry"] = points
    return out


def frame_incidents(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """An incident frame as the incident table's columns, as :func:`row_columns` gives them
    (the points 2D, from their coordinates; None where a row is not located)."""
    out: dict[str, Any] = {name: frame[name].reset_index(drop=True)
                           for name in columns("incidents") if name != "geometry"}
    geoms = np.asarray(frame.geometry.values, dtype=object)
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    points = np.full(len(frame), None, dtype=object)
    points[located] = shapely.points(shapely.get_x(geoms[located]),
                                     shapely.get_y(geoms[located]))
    out["geometry"] = points
    return out


def _floats(values: Any) -> np.ndarray:
    if isinstance(values, pa.Array):
        return values.to_numpy(zero_copy_only=False)  # nulls: NaN
    return np.array(values, dtype="float64")


#: What the uncertainty areas read of an incident.
_AREA_INPUT = ("incident_id", "event_date", "date_end", "event_type", "geo_precision",
               "uncertainty_km", "country", "place_id")


def area_input(incidents: dict[str, Any]) -> gpd.GeoDataFrame:
    """The columns :func:`geo.incidents.uncertainty.uncertainty_areas` reads, as its frame."""
    frame = pd.DataFrame({name: _pandas(incidents[name]) for name in _AREA_INPUT})
    frame["geo_precision"] = pd.array(pd.to_numeric(frame["geo_precision"]), dtype="Int64")
    frame["uncertainty_km"] = pd.to_numeric(frame["uncertainty_km"]).astype("float64")
    for name in ("country", "place_id"):
        frame[name] = frame[name].fillna("").astype(str)
    return gpd.GeoDataFrame(frame, geometry=incidents["geometry"], crs=CRS)


def _pandas(values: Any) -> pd.Series:
    if isinstance(values, pa.Array):
        return values.to_pandas(date_as_object=False)
    return pd.Series(values)


def frame_columns(frame: pd.DataFrame, table: str) -> dict[str, Any]:
    """A frame's schema columns for ``table`` (the geometry as an array of shapes)."""
    return {name: (np.asarray(frame.geometry.values, dtype=object) if name == "geometry"
                   else frame[name]) for name in columns(table)}
