"""Frames to Arrow tables carrying the field types GDAL should write, and one-layer writes.

Going through Arrow lets GDAL create real ``Date`` fields (Arrow ``date32``) and mark the
``sources`` field as JSON (Arrow's ``arrow.json`` extension type -> OGR subtype JSON), so GeoJSON
gets a real array, GeoPackage records the JSON mime type and FlatGeobuf a Json column.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from pyogrio.raw import write_arrow

from geo.incidents.schema import CRS, Column

#: Text given for the ``sources`` kind when a file cannot hold JSON (CSV).
SOURCES_AS_TEXT = "text"


def _sources_json(values: Sequence[Any]) -> list[str]:
    dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    out = []
    for v in values:
        if isinstance(v, str):
            out.append(v if v else "[]")
        elif v is None or (isinstance(v, float) and np.isnan(v)):
            out.append("[]")
        else:
            out.append(dumps([s if isinstance(s, Mapping) else s.as_dict() for s in v]))
    return out


def column_array(values: pd.Series, kind: str, *, dates_as_text: bool = False) -> pa.Array:
    """One schema column as an Arrow array of the type GDAL should write."""
    if kind == "str":
        return pa.array(values.fillna("").astype(str), type=pa.string(), from_pandas=True)
    if kind == "int":
        return pa.array(pd.to_numeric(values).astype("Int64"), type=pa.int64(), from_pandas=True)
    if kind == "float":
        return pa.array(values.to_numpy(dtype="float64", na_value=np.nan), from_pandas=True)
    if kind == "date":
        days = pd.to_datetime(values).to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")
        if dates_as_text:
            text = np.datetime_as_string(days, unit="D")
            return pa.array(np.where(np.isnat(days), None, text), type=pa.string())
        return pa.array(days, type=pa.date32(), from_pandas=True)
    if kind == "sources":
        text = _sources_json(values.tolist())
        return pa.array(text, type=pa.string() if dates_as_text else pa.json_())
    raise ValueError(f"unknown column kind {kind!r}")


def frame_table(
    frame: pd.DataFrame,
    schema: Sequence[Column],
    *,
    extra: Mapping[str, pa.Array] | None = None,
    plain_text: bool = False,
) -> pa.Table:
    """The schema's columns of ``frame`` (in schema order) as an Arrow table.

    The geometry (if the schema has one) becomes WKB in a ``geometry`` column. ``extra``
    columns are appended after the schema's. ``plain_text`` writes dates as ISO 8601 text and
    sources as JSON text, for formats without those types (CSV).
    """
    arrays: dict[str, pa.Array] = {}
    for col in schema:
        if col.kind == "geometry":
            continue
        arrays[col.name] = column_array(frame[col.name], col.kind, dates_as_text=plain_text)
    arrays.update(extra or {})
    if any(c.kind == "geometry" for c in schema):
        wkb = shapely.to_wkb(np.asarray(frame.geometry.values), flavor="iso")
        arrays["geometry"] = pa.array(wkb, type=pa.binary())
    return pa.table(arrays)


def write_table(
    table: pa.Table,
    path: str | os.PathLike[str],
    *,
    driver: str,
    layer: str | None = None,
    geometry_type: str | None = None,
    layer_options: Mapping[str, str] | None = None,
    dataset_options: Mapping[str, str] | None = None,
) -> None:
    """Write one Arrow table as one layer (adds the layer when the GeoPackage exists).

    GDAL's failures (a full disk, a file size limit) come out as an OSError naming ``path``."""
    from pyogrio.errors import DataLayerError, DataSourceError, FeatureError, FieldError

    has_geometry = "geometry" in table.column_names
    try:
        write_arrow(
            table,
            str(path),
            layer=layer,
            driver=driver,
            geometry_name="geometry" if has_geometry else None,
            geometry_type=geometry_type if has_geometry else None,
            crs=CRS if has_geometry else None,
            layer_options=dict(layer_options or {}),
            dataset_options=dict(dataset_options or {}),
        )
    except (DataLayerError, DataSourceError, FeatureError, FieldError) as exc:
        said = " ".join(str(exc).split())[:200]
        raise OSError(errno.EIO, f"writing failed (is the disk full?): {said}",
                      str(path)) from None
