"""Reading a PostGIS store's table into a frame in the schema's dtypes, column by column.

The rows come as one ``COPY (SELECT ...) TO STDOUT`` in CSV, which Arrow's C++ reader parses
into columns (threaded; no Python object per value): text as text, whole numbers and numbers
as such, dates as day numbers (``date - DATE '1970-01-01'``, whatever the server's DateStyle),
sources as their JSON text (one ``json.loads`` for the whole column), points as their two
coordinates (``shapely.points`` on the arrays; numbers are written exactly, as the store's
connection sets ``extra_float_digits``), other geometries as hex WKB (``shapely.from_wkb``).
PostgreSQL's CSV writes NULL unquoted and empty, and every other value that could be mistaken
for it quoted, so only an empty unquoted field is NULL.

Incidents come by date (undated last), then id; uncertainty areas by id: Arrow sorts them
once parsed (ids compared byte by byte, whatever the database's collation), which costs the
server nothing. Places and unresolved mentions come in the order they were stored.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import shapely

from geo.incidents.schema import CRS
from geo.incidents.source_list import SourceList
from geo.store.pg_schema import TABLES

#: Text columns as pandas holds them (the dtype ``astype(str)`` gives, as the schema's frames
#: hold them).
_STR = pd.Series([""], dtype=object).astype(str).dtype
#: Arrow types the CSV columns are read as, per schema kind.
_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.int32(),
          "sources": pa.string(), "geometry": pa.string()}


def _points(table: str) -> bool:
    """Whether the table's geometries are points (read as their coordinates)."""
    return TABLES[table][1] == "Point"


def csv_columns(table: str) -> list[tuple[str, pa.DataType]]:
    """The columns of a read's CSV, in order, and the Arrow types they are parsed as: the
    schema's, a point geometry as two (``geometry.x``, ``geometry.y``)."""
    out = []
    for col in TABLES[table][0]:
        if col.kind == "geometry" and _points(table):
            out += [(f"{col.name}.x", pa.float64()), (f"{col.name}.y", pa.float64())]
        else:
            out.append((col.name, _ARROW[col.kind]))
    return out


def select_list(table: str) -> str:
    """The SELECT expressions of a read, one per CSV column (:func:`csv_columns`)."""
    out = []
    for col in TABLES[table][0]:
        if col.kind == "geometry" and _points(table):  # an empty point's x is NaN
            out += [f"CASE WHEN ST_IsEmpty({col.name}) THEN 'NaN' ELSE ST_X({col.name}) END",
                    f"ST_Y({col.name})"]
        elif col.kind == "geometry":
            out.append(f"encode(ST_AsBinary({col.name}), 'hex')")
        elif col.kind == "date":
            out.append(f"{col.name} - DATE '1970-01-01'")
        elif col.kind == "sources":
            out.append(f"{col.name}::text")
        else:
            out.append(col.name)
    return ", ".join(out)


#: The order rows are read in: sorted once parsed, by these columns (undated last), or by the
#: server in the order they were stored.
_SORTED = {"incidents": ("event_date", "incident_id"), "uncertainty": ("incident_id",)}
_LAST_DAY = 2**31 - 1


def copy_query(table: str, where: str = "") -> str:
    """The COPY statement that reads ``table``'s schema columns (``where``: a filter, its
    parameters bound by the driver) as CSV."""
    order = "" if table in _SORTED else " ORDER BY fid"
    return f"COPY (SELECT {select_list(table)} FROM {table} {where}{order}) TO STDOUT (FORMAT csv)"


def parse_csv(chunks: Iterable[bytes | memoryview], table: str) -> pd.DataFrame:
    """The CSV a :func:`copy_query` sent (UTF-8) as a frame in the schema's dtypes (a
    GeoDataFrame in EPSG:4326 when the table has a geometry); ValueError when a value does not
    fit its column."""
    schema = TABLES[table][0]
    names = [name for name, _ in csv_columns(table)]
    data = b"".join(chunks)
    if data:
        try:
            parsed = pa_csv.read_csv(
                io.BytesIO(data),
                read_options=pa_csv.ReadOptions(column_names=names),
                parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict(csv_columns(table)),
                    null_values=[""], strings_can_be_null=False,
                    quoted_strings_can_be_null=False))
        except pa.ArrowInvalid as exc:
            raise ValueError(str(exc).splitlines()[0]) from None
        if table in _SORTED:
            keys = {name: parsed.column(name) for name in _SORTED[table]}
            if "event_date" in keys:  # undated last
                keys["event_date"] = keys["event_date"].fill_null(_LAST_DAY)
            parsed = parsed.take(pc.sort_indices(pa.table(keys), sort_keys=[
                (name, "ascending") for name in keys]))
        columns = {name: parsed.column(name) for name in names}
    else:
        columns = {name: pa.chunked_array([], kind) for name, kind in csv_columns(table)}
    out: dict[str, Any] = {col.name: _points_at(columns[f"{col.name}.x"],
                                                columns[f"{col.name}.y"])
                           if col.kind == "geometry" and _points(table)
                           else _typed(columns[col.name], col.kind) for col in schema}
    if TABLES[table][1]:
        return gpd.GeoDataFrame(out, geometry="geometry", crs=CRS)
    return pd.DataFrame(out)


def _typed(column: pa.ChunkedArray, kind: str) -> Any:
    """One CSV column in the schema's dtype for its kind."""
    if kind == "str":
        if isinstance(_STR, pd.api.extensions.ExtensionDtype):
            return column.to_pandas(types_mapper={pa.string(): _STR}.get)
        return pd.Series(column.to_pandas(), dtype=object)
    if kind == "int":
        return pd.array(column.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get),
                        dtype="Int64")
    if kind == "float":
        return column.to_numpy().astype("float64")  # NULL: NaN
    if kind == "date":
        days = column.cast(pa.int64()).fill_null(0).to_numpy()
        out = days.astype("datetime64[D]").astype("datetime64[ms]")
        out[np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)] = \
            np.datetime64("NaT")
        return out
    text = column.to_numpy(zero_copy_only=False)
    if kind == "sources":
        parsed = json.loads("[" + ",".join(text) + "]")
        if not all(type(s) is list and all(type(x) is dict for x in s) for s in parsed):
            raise ValueError("a sources value is not a JSON array of objects")
        return pd.Series([SourceList(s) for s in parsed], dtype=object)
    hexes = np.asarray(text, dtype=object)
    hexes[hexes == ""] = None  # NULL
    return shapely.from_wkb(hexes)


_EMPTY_POINT = shapely.from_wkt("POINT EMPTY")


def _points_at(x: pa.ChunkedArray, y: pa.ChunkedArray) -> np.ndarray:
    """Points from their coordinates (None where NULL, empty where x is NaN)."""
    xs, ys = x.to_numpy(), y.to_numpy()  # NULL: NaN
    out = np.full(len(xs), None, dtype=object)
    present = np.asarray(x.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    empty = present & np.isnan(xs)
    located = present & ~empty
    out[located] = shapely.points(xs[located], ys[located])
    out[empty] = _EMPTY_POINT
    return out
