"""Export incidents to GeoJSON, newline-delimited GeoJSON, CSV, FlatGeobuf or a GeoPackage.

Every file is written by GDAL (pyogrio, through Arrow) into a temporary file beside the
destination, which then replaces it in one step.

- ``.geojson``: RFC 7946 (lon/lat WGS 84, no ``crs``, 7 decimals, a ``bbox``), ISO 8601 dates,
  ``sources`` as a JSON array in each feature's properties.
- ``.geojsonl`` (or ``.geojsons``): the same features, one per line (newline-delimited GeoJSON).
- ``.csv``: the incident columns plus ``lat`` and ``lon`` (7 decimals); ``sources`` as JSON text
  (a JSON array of source objects) and ``source_urls`` with the source URLs joined by spaces;
  text that a spreadsheet would run as a formula gets a leading ``'`` (OWASP).
- ``.fgb``: FlatGeobuf with a spatial index (none if some incident has no location, which the
  format's index cannot hold).
- ``.gpkg``: the store layout (incidents, places, uncertainty, unresolved, QGIS styles).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import shapely

from gazetteer.atomic import atomic_path
from geo.errors import UserError, check_output_file
from geo.incidents.cells import neutralize
from geo.incidents.schema import INCIDENT_SCHEMA, IncidentSet, check_incidents, incidents_frame
from geo.store.arrow import frame_table, write_table
from geo.store.gpkg import write_gpkg
from geo.store.parquet import write_parquet

COORDINATE_DECIMALS = 7

GEOJSON_OPTIONS = {
    "RFC7946": "YES",
    "COORDINATE_PRECISION": str(COORDINATE_DECIMALS),
    "WRITE_BBOX": "YES",
    # only `sources` (typed JSON) becomes an array; text that looks like JSON stays text
    "AUTODETECT_JSON_STRINGS": "NO",
}

_FEATURE_START = '{ "type": "Feature"'


def _as_set(data: IncidentSet | gpd.GeoDataFrame) -> IncidentSet:
    if isinstance(data, IncidentSet):
        return data
    try:
        check_incidents(data)
    except ValueError:
        data = incidents_frame(data)
    return IncidentSet(incidents=data)


def write_geojson(incidents: gpd.GeoDataFrame, path: Path) -> None:
    """An RFC 7946 FeatureCollection."""
    table = frame_table(incidents, INCIDENT_SCHEMA)
    write_table(table, path, driver="GeoJSON", geometry_type="Point", layer_options=GEOJSON_OPTIONS)


def write_geojsonl(incidents: gpd.GeoDataFrame, path: Path) -> None:
    """Newline-delimited GeoJSON: GDAL's RFC 7946 features, one per line.

    GDAL's GeoJSONSeq driver would write dates as 2024/01/02 and turn any text that parses as
    JSON into JSON; so the GeoJSON driver writes the features (one per line) and they are
    copied out of the collection, line by line.
    """
    collection = path.with_name(path.name + ".collection.geojson")
    options = {**GEOJSON_OPTIONS, "WRITE_BBOX": "NO", "WRITE_NAME": "NO"}
    table = frame_table(incidents, INCIDENT_SCHEMA)
    write_table(table, collection, driver="GeoJSON", geometry_type="Point", layer_options=options)
    count = 0
    with open(collection, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for line in src:
            if line.startswith(_FEATURE_START):
                out.write(line.rstrip().removesuffix(",") + "\n")
                count += 1
    collection.unlink()
    if count != len(incidents):
        raise RuntimeError(f"{path}: wrote {count} of {len(incidents)} features")


def _lat_lon(incidents: gpd.GeoDataFrame) -> dict[str, pa.Array]:
    geoms = np.asarray(incidents.geometry.values)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    lon = np.round(np.where(missing, np.nan, shapely.get_x(geoms)), COORDINATE_DECIMALS)
    lat = np.round(np.where(missing, np.nan, shapely.get_y(geoms)), COORDINATE_DECIMALS)
    return {
        "lat": pa.array(lat, from_pandas=True),
        "lon": pa.array(lon, from_pandas=True),
    }


def source_urls(sources: list[dict] | None) -> str:
    """The URLs of a row's sources, space-separated, in order, without repeats."""
    urls = [str(s.get("url") or "").strip() for s in sources or []]
    return " ".join(dict.fromkeys(u for u in urls if u))


def write_csv(incidents: gpd.GeoDataFrame, path: Path) -> None:
    """CSV: schema columns (dates as ISO text, sources as JSON text), lat, lon, source_urls."""
    attributes = [c for c in INCIDENT_SCHEMA if c.kind != "geometry"]
    extra = _lat_lon(incidents)
    extra["source_urls"] = pa.array([source_urls(v) for v in incidents["sources"]], pa.string())
    table = _neutralized(frame_table(incidents, attributes, extra=extra, plain_text=True))
    write_table(table, path, driver="CSV", layer_options={"STRING_QUOTING": "IF_NEEDED"})


def _neutralized(table: pa.Table) -> pa.Table:
    """Every text column with its formula cells neutralised (geo.incidents.cells)."""
    for i, name in enumerate(table.column_names):
        if pa.types.is_string(table.schema.field(i).type):
            values = [None if v is None else neutralize(v) for v in table.column(i).to_pylist()]
            table = table.set_column(i, name, pa.array(values, pa.string()))
    return table


def write_flatgeobuf(incidents: gpd.GeoDataFrame, path: Path) -> None:
    """FlatGeobuf, spatially indexed when every incident has a location."""
    located = ~shapely.is_missing(np.asarray(incidents.geometry.values))
    options = {"SPATIAL_INDEX": "YES" if bool(located.all()) else "NO"}
    table = frame_table(incidents, INCIDENT_SCHEMA)
    write_table(table, path, driver="FlatGeobuf", geometry_type="Point", layer_options=options)


_INCIDENT_WRITERS: dict[str, Callable[[gpd.GeoDataFrame, Path], None]] = {
    ".geojson": write_geojson,
    ".geojsonl": write_geojsonl,
    ".geojsons": write_geojsonl,
    ".csv": write_csv,
    ".fgb": write_flatgeobuf,
    ".parquet": write_parquet,
}

#: Output suffixes :func:`export` writes.
FORMATS = (*_INCIDENT_WRITERS, ".gpkg")
#: Layouts besides our own (``format=``): "acled", ACLED's export columns (a .csv).
LAYOUTS = ("acled",)


def check_output(path: str | os.PathLike[str], format: str = "") -> Path:
    """``path`` if :func:`export` can write its format, else a UserError naming the formats."""
    path = Path(path)
    if format and format not in LAYOUTS:
        raise UserError(f"format {format!r}: unknown; use one of {', '.join(LAYOUTS)} "
                        "(or none: the suffix picks the format)")
    if format == "acled" and path.suffix.lower() != ".csv":
        raise UserError(f"{path}: an ACLED export is a .csv; name the output x.csv")
    if path.suffix.lower() not in FORMATS:
        raise UserError(
            f"{path}: cannot export to '{path.suffix}'; use one of {', '.join(FORMATS)}"
        )
    return check_output_file(path, "export")


def export(data: IncidentSet | gpd.GeoDataFrame, path: str | os.PathLike[str], *,
           format: str = "", inter: str = "text") -> Path:
    """Write incidents (or a whole IncidentSet) to ``path``; the suffix picks the format, and
    ``format="acled"`` writes ACLED's columns instead of ours (:mod:`geo.export.acled`;
    ``inter``: "text" or "numeric" actor categories).

    Only ``.gpkg`` holds places, uncertainty areas and unresolved mentions; the other formats
    hold the incidents. Example: ``export(read_layers("store.gpkg"), "incidents.geojson")``.
    """
    path = check_output(path, format)
    suffix = path.suffix.lower()
    layers = _as_set(data)
    if format == "acled":
        from geo.export.acled import write_acled

        return write_acled(layers.incidents, path, inter=inter)
    if suffix == ".gpkg":
        return write_gpkg(layers, path)
    with atomic_path(path) as tmp:
        _INCIDENT_WRITERS[suffix](layers.incidents, tmp)
    return path
