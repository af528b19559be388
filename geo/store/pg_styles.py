"""The default QGIS styles of the PostGIS store, in QGIS's own ``layer_styles`` table.

QGIS looks a layer's default style up in ``public.layer_styles`` by database, schema, table
and geometry column when the layer is added (from the browser too), so every analyst who
opens the store sees the same symbols as the GeoPackage carries. The table is created the way
QGIS creates it when it is missing; the QML comes from :mod:`maps.qml` through
:func:`geo.store.gpkg.layer_styles`.
"""

from __future__ import annotations

from geo.store.gpkg import STYLE_NAME, layer_styles
from geo.store.pg_schema import TABLES

_TABLE = """
CREATE TABLE IF NOT EXISTS public.layer_styles (
    id serial PRIMARY KEY,
    f_table_catalog varchar,
    f_table_schema varchar,
    f_table_name varchar,
    f_geometry_column varchar,
    stylename text,
    styleqml xml,
    stylesld xml,
    useasdefault boolean,
    description text,
    owner varchar(63) DEFAULT CURRENT_USER,
    ui xml,
    update_time timestamp DEFAULT CURRENT_TIMESTAMP,
    type varchar
)
"""
_LOCK = "geo-incidents styles"


def _ours(cur) -> int:
    cur.execute("SELECT to_regclass('public.layer_styles') IS NOT NULL")
    if not cur.fetchone()[0]:
        return 0
    cur.execute("SELECT count(*) FROM public.layer_styles WHERE stylename = %s"
                " AND f_table_catalog = current_database()"
                " AND f_table_schema = current_schema()", (STYLE_NAME,))
    return int(cur.fetchone()[0])


def write_styles(cur, *, replace: bool = False) -> int:
    """Add the default style of each layer (``replace``: over an older one of ours); styles
    analysts saved under other names stay. Returns how many were written."""
    styles = layer_styles()
    if not replace and _ours(cur) >= len(styles):
        return 0
    cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (_LOCK,))
    cur.execute(_TABLE)
    cur.execute("ALTER TABLE public.layer_styles ADD COLUMN IF NOT EXISTS type varchar")
    written = 0
    for table, qml in styles.items():
        geometry = "geometry" if TABLES[table][1] else None
        where = ("stylename = %s AND f_table_catalog = current_database() AND"
                 " f_table_schema = current_schema() AND f_table_name = %s")
        if replace:
            cur.execute(f"DELETE FROM public.layer_styles WHERE {where}", (STYLE_NAME, table))
        else:
            cur.execute(f"SELECT 1 FROM public.layer_styles WHERE {where}", (STYLE_NAME, table))
            if cur.fetchone():
                continue
        cur.execute(
            "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name,"
            " f_geometry_column, stylename, styleqml, stylesld, useasdefault, description, ui,"
            " type) VALUES (current_database(), current_schema(), %s, %s, %s,"
            " XMLPARSE(DOCUMENT %s), NULL, true, %s, NULL, NULL)",
            (table, geometry, STYLE_NAME, qml, f"Default style for {table} (geo-incidents)"),
        )
        written += 1
    return written
