"""The GeoPackage: incidents, places, uncertainty and unresolved layers with default QGIS styles.

GDAL (through pyogrio and Arrow) writes the layers with real Date fields; then the QGIS
``layer_styles`` table is added with sqlite3, all inside a temporary file that replaces the
destination only when complete.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from gazetteer.atomic import atomic_path
from geo.incidents.schema import INCIDENT_SCHEMA, PLACE_SCHEMA, UNRESOLVED_SCHEMA, IncidentSet
from geo.incidents.uncertainty import UNCERTAINTY_SCHEMA, uncertainty_areas
from geo.store.arrow import frame_table, write_table
from maps.qml import Temporal, incidents_qml, places_qml, uncertainty_qml, unresolved_qml

#: Layer names in the order they are written (and listed in QGIS).
LAYERS = ("incidents", "places", "uncertainty", "unresolved")

STYLE_NAME = "geo-incidents default"

#: GeoPackage 1.3: what GDAL 3.6 (Debian 12, QGIS 3.22) reads without a version warning.
GPKG_OPTIONS = {"VERSION": "1.3"}

_STYLES_TABLE = """
CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    f_table_catalog TEXT(256),
    f_table_schema TEXT(256),
    f_table_name TEXT(256),
    f_geometry_column TEXT(256),
    styleName TEXT(30),
    styleQML TEXT,
    styleSLD TEXT,
    useAsDefault BOOLEAN,
    description TEXT,
    owner TEXT(30),
    ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
"""


def layer_styles() -> dict[str, str]:
    """The default QML for each layer."""
    temporal = Temporal()
    styles: dict[str, Callable[[], str]] = {
        "incidents": lambda: incidents_qml(temporal),
        "places": places_qml,
        "uncertainty": lambda: uncertainty_qml(temporal),
        "unresolved": unresolved_qml,
    }
    return {name: make() for name, make in styles.items()}


def write_layer_styles(gpkg: Path, styles: dict[str, str]) -> None:
    """Add (or replace) a default style per layer in the GeoPackage's ``layer_styles`` table."""
    con = sqlite3.connect(gpkg)
    try:
        with con:
            con.execute(_STYLES_TABLE)
            geometry_columns = dict(
                con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns")
            )
            for table, qml in styles.items():
                column = geometry_columns.get(table, "")
                con.execute(
                    "DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?",
                    (table, STYLE_NAME),
                )
                con.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,"
                    " f_geometry_column, styleName, styleQML, styleSLD, useAsDefault,"
                    " description, owner, ui) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', '')",
                    (table, column, STYLE_NAME, qml, f"Default style for {table} (geo-incidents)"),
                )
            con.execute(
                "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier,"
                " description, last_change) VALUES ('layer_styles', 'attributes',"
                " 'layer_styles', 'QGIS layer styles',"
                " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
            )
    finally:
        con.close()


def write_gpkg(layers: IncidentSet, path: str | os.PathLike[str]) -> Path:
    """Write the four layers and their styles to ``path`` (replaced atomically)."""
    path = Path(path)
    incidents = layers.incidents
    tables = [
        ("incidents", frame_table(incidents, INCIDENT_SCHEMA), "Point"),
        ("places", frame_table(layers.places, PLACE_SCHEMA), "Point"),
        ("uncertainty", frame_table(uncertainty_areas(incidents), UNCERTAINTY_SCHEMA), "Polygon"),
        ("unresolved", frame_table(layers.unresolved, UNRESOLVED_SCHEMA), None),
    ]
    with atomic_path(path) as tmp:
        for name, table, geometry_type in tables:
            write_table(
                table,
                tmp,
                driver="GPKG",
                layer=name,
                geometry_type=geometry_type,
                dataset_options=GPKG_OPTIONS,
            )
        write_layer_styles(tmp, layer_styles())
    return path
