"""The incident store: read any supported file into an IncidentSet; write a GeoPackage store.

A store is a GeoPackage with the layers ``incidents``, ``places``, ``uncertainty`` (derived) and
``unresolved``, plus a default QGIS style per layer (see :mod:`geo.store.gpkg`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from geo.errors import UserError
from geo.incidents.cells import restore
from geo.incidents.schema import IncidentSet, incidents_frame, places_frame, unresolved_frame
from geo.incidents.source_list import SourcesError, source_lists
from geo.store.location import display, is_database

#: Suffixes read_layers understands, with what each holds.
READABLE = {
    ".gpkg": "GeoPackage store (incidents, places, unresolved)",
    ".geojson": "GeoJSON incidents",
    ".json": "GeoJSON incidents",
    ".geojsonl": "newline-delimited GeoJSON incidents",
    ".geojsons": "newline-delimited GeoJSON incidents",
    ".fgb": "FlatGeobuf incidents",
    ".csv": "CSV incidents with lat and lon columns",
    ".parquet": "GeoParquet incidents (a file, or a dataset folder)",
}

#: Columns exports add for convenience that are not part of the incident schema.
DERIVED_COLUMNS = ("lat", "lon", "source_urls")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        known = ", ".join(sorted(READABLE))
        raise UserError(f"{path}: unknown file type '{path.suffix}'; use one of {known}")
    return suffix


#: Read through GDAL's Arrow stream (columns, no Python object per row); FlatGeobuf is read
#: feature by feature (GDAL 3.12's Arrow reader crashes on its JSON fields).
ARROW_SUFFIXES = (".gpkg", ".geojson", ".json", ".geojsonl", ".geojsons")


def _read_ogr(path: Path, layer: str | None = None) -> pd.DataFrame:
    try:
        if path.suffix.lower() in ARROW_SUFFIXES:
            return _arrow_frame(*pyogrio.read_arrow(path, layer=layer))
        return pyogrio.read_dataframe(path, layer=layer)
    except (DataSourceError, DataLayerError, ValueError, OSError) as exc:
        what = f" layer '{layer}'" if layer else ""
        raise UserError(
            f"{path}{what}: cannot read it ({exc}); check the file is not broken"
        ) from None


def _arrow_frame(meta: dict, table) -> pd.DataFrame:
    """A layer's Arrow table as a (Geo)DataFrame: dates as datetime64 (a date-time with a time
    zone at its wall-clock time, as pyogrio reads it), the geometry from its WKB in one call,
    JSON fields (``sources``) left as text for the schema to parse once."""
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.compute as pc
    import shapely

    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            table = table.set_column(i, field.name, pc.local_timestamp(table.column(i)))
    name = meta["geometry_name"] or "wkb_geometry"
    if name not in table.column_names:
        return table.to_pandas(date_as_object=False)
    frame = table.drop_columns([name]).to_pandas(date_as_object=False)
    geometry = shapely.from_wkb(table[name].combine_chunks().to_numpy(zero_copy_only=False))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=meta["crs"])


def _incidents(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    df = df.drop(columns=[c for c in ("source_urls",) if c in df.columns])
    try:
        return incidents_frame(df)
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: incidents do not fit the schema ({exc})") from None


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise UserError(f"{path}: cannot read it as CSV ({exc})") from None
    df = df.apply(lambda column: column.map(restore))  # our CSV's neutralised formula cells
    for name in ("lat", "lon"):
        if name not in df.columns:
            raise UserError(f"{path}: no '{name}' column; a CSV of incidents needs lat and lon")
        text = df[name].str.strip()
        number = pd.to_numeric(text, errors="coerce")
        bad = number.isna() & (text != "")
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            raise UserError(f"{path}:{line}: field '{name}' is not a number; fix or empty it")
        df[name] = number.astype(object).where(number.notna(), None)
    if "sources" in df.columns:  # parsed once, here, to name the line of a bad cell
        try:
            df["sources"] = source_lists(df["sources"].to_numpy(dtype=object))
        except SourcesError as exc:
            raise UserError(
                f"{path}:{exc.row + 2}: field 'sources' is not a JSON array of sources; fix it"
            ) from None
    return df


def read_layers(path: str | os.PathLike[str]) -> IncidentSet:
    """Read a store or an export into an IncidentSet in the schema.

    GeoPackages and PostGIS stores (a ``postgresql://`` URL) give all three layers (a missing
    layer gives an empty frame); GeoJSON, newline-delimited GeoJSON, FlatGeobuf, GeoParquet
    (a file or a dataset folder) and CSV (lat/lon columns) give incidents only.
    """
    if is_database(path):
        from geo.store.postgis import read_database

        return read_database(str(path))
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".parquet" and path.exists():  # a file or a partitioned dataset folder
        from geo.store.parquet import read_parquet

        return IncidentSet(incidents=_incidents(read_parquet(path), path))
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a {READABLE[suffix]} file")
    if not path.is_file():
        raise UserError(f"{path}: no such file" if not path.exists() else
                        f"{path}: is not a regular file (a pipe or device?)")
    if suffix == ".csv":
        return IncidentSet(incidents=_incidents(_read_csv(path), path))
    if suffix != ".gpkg":
        return IncidentSet(incidents=_incidents(_read_ogr(path), path))
    try:
        layers = {name for name, _ in pyogrio.list_layers(path)}
    except (DataSourceError, OSError) as exc:
        raise UserError(f"{path}: cannot open it as a GeoPackage ({exc})") from None
    if "incidents" not in layers:
        has = ", ".join(sorted(layers)) or "none"
        raise UserError(f"{path}: no 'incidents' layer (its layers: {has}); is it a "
                        "geo-incidents store?")
    found = IncidentSet()
    found.incidents = _incidents(_read_ogr(path, "incidents"), path)
    if "places" in layers:
        found.places = places_frame(_read_ogr(path, "places"))
    if "unresolved" in layers:
        found.unresolved = unresolved_frame(pd.DataFrame(_read_ogr(path, "unresolved")))
    return found


def read_incidents(path: str | os.PathLike[str]):
    """The incidents of any file :func:`read_layers` reads, as a GeoDataFrame."""
    return read_layers(path).incidents


def write_store(layers: IncidentSet, path: str | os.PathLike[str]) -> Path:
    """Write a GeoPackage store (all four layers and their styles), atomically; a database
    store is only ever merged into (:func:`geo.store.update.update_store`)."""
    from geo.store.gpkg import write_gpkg

    if is_database(path):
        raise UserError(f"{display(path)}: a database store is merged into, not replaced; "
                        "use update_store")
    return write_gpkg(layers, path)
