"""The PostGIS store's tables, their schema version and the migrations between versions.

The four tables hold the GeoPackage layers' columns with real types: ``date`` dates,
``geometry(Point, 4326)`` / ``geometry(Polygon, 4326)`` with GiST indexes, ``jsonb`` sources.
``geo_schema_version`` records each migration applied; opening a store applies the missing ones
in one transaction under an advisory lock, so a store made by an older version is upgraded (and
two processes opening a new database at once create it once). Columns the incident schema
gains later are added by :func:`add_missing_columns`, which never drops or changes one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.errors import UserError
from geo.incidents.schema import INCIDENT_SCHEMA, PLACE_SCHEMA, UNRESOLVED_SCHEMA, Column
from geo.incidents.uncertainty import UNCERTAINTY_SCHEMA

#: Each table: its schema, the geometry type, and the key column ("fid" is a serial key).
TABLES: dict[str, tuple[Sequence[Column], str | None, str]] = {
    "incidents": (INCIDENT_SCHEMA, "Point", "incident_id"),
    "places": (PLACE_SCHEMA, "Point", "fid"),
    "uncertainty": (UNCERTAINTY_SCHEMA, "Polygon", "incident_id"),
    "unresolved": (UNRESOLVED_SCHEMA, None, "fid"),
}
SRID = 4326
VERSION_TABLE = "geo_schema_version"
_LOCK = "geo-incidents schema"

#: What identifies one unresolved mention (every field but reason and candidates): one row each.
UNRESOLVED_KEY = ("md5(mention || chr(31) || coalesce((event_date - DATE '2000-01-01')::text, '')"
                  " || chr(31) || event_type || chr(31) || source_file || chr(31) || url"
                  " || chr(31) || quote)")


def column_type(column: Column, geometry: str | None) -> str:
    """The SQL type (with its default) of one schema column."""
    return {
        "str": "text NOT NULL DEFAULT ''",
        "int": "integer",
        "float": "double precision",
        "date": "date",
        "sources": "jsonb NOT NULL DEFAULT '[]'::jsonb",
        "geometry": f"geometry({geometry}, {SRID})",
    }[column.kind]


def _create_table(cur, name: str) -> None:
    schema, geometry, key = TABLES[name]
    columns = [f"{key} serial PRIMARY KEY"] if key == "fid" else []
    for col in schema:
        ddl = f"{col.name} {column_type(col, geometry)}"
        columns.append(f"{ddl} PRIMARY KEY" if col.name == key else ddl)
    cur.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
    if geometry:
        cur.execute(f"CREATE INDEX {name}_geometry_gist ON {name} USING gist (geometry)")


def _v1(cur) -> None:
    """The four layers as tables, with GiST indexes on their geometries."""
    for name in TABLES:
        _create_table(cur, name)
    cur.execute("CREATE UNIQUE INDEX places_place_id ON places (place_id) WHERE place_id <> ''")


def _v2(cur) -> None:
    """Indexes for a batch's look-ups (dates, places); one row per unresolved mention."""
    cur.execute("CREATE INDEX incidents_dates ON incidents (event_date, date_end)")
    cur.execute("CREATE INDEX incidents_place_id ON incidents (place_id)")
    cur.execute(_dedupe_unresolved())
    cur.execute(f"CREATE UNIQUE INDEX unresolved_mention_key ON unresolved ({UNRESOLVED_KEY})")


def _dedupe_unresolved() -> str:
    """Keep the newest row of each mention (what the store kept before its key existed)."""
    return (f"DELETE FROM unresolved WHERE fid IN (SELECT fid FROM (SELECT fid, row_number()"
            f" OVER (PARTITION BY {UNRESOLVED_KEY} ORDER BY fid DESC) AS n FROM unresolved) AS"
            " ranked WHERE n > 1)")


@dataclass(frozen=True)
class Migration:
    version: int
    note: str
    apply: Callable[[object], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "incidents, places, uncertainty and unresolved tables; GiST indexes", _v1),
    Migration(2, "date and place indexes; one row per unresolved mention", _v2),
)
LATEST = MIGRATIONS[-1].version


def stored_version(cur) -> int:
    """The version the database is at (0: no store yet)."""
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", (VERSION_TABLE,))
    if not cur.fetchone()[0]:
        return 0
    cur.execute(f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}")
    return int(cur.fetchone()[0])


def _ensure_postgis(cur, where: str) -> None:
    cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
    if cur.fetchone():
        return
    cur.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
    if not cur.fetchone():
        raise UserError(f"{where}: the PostGIS extension is not installed on this server; "
                        "install it (Debian: postgresql-15-postgis-3)")
    cur.execute("SAVEPOINT postgis")
    try:
        cur.execute("CREATE EXTENSION postgis")
    except Exception as exc:  # psycopg's InsufficientPrivilege and kin
        cur.execute("ROLLBACK TO SAVEPOINT postgis")
        raise UserError(f"{where}: cannot enable PostGIS ({str(exc).splitlines()[0]}); ask an "
                        "administrator to run CREATE EXTENSION postgis in this database") from None


def migrate(con, where: str, *, target: int = LATEST) -> int:
    """Bring the database to ``target`` (default: the newest version); returns the version.

    Runs in its own transaction under an advisory lock; a database already there is only read.
    """
    with con.transaction(), con.cursor() as cur:
        version = stored_version(cur)
        if version == target:
            add_missing_columns(cur)
            return version
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (_LOCK,))
        version = stored_version(cur)  # another process may have migrated meanwhile
        if version > LATEST:
            raise UserError(f"{where}: this store has schema version {version}, newer than "
                            f"this geo-incidents knows ({LATEST}); upgrade geo-incidents")
        if version == 0:
            _ensure_postgis(cur, where)
            cur.execute(f"CREATE TABLE {VERSION_TABLE} (version integer PRIMARY KEY,"
                        " applied_at timestamptz NOT NULL DEFAULT now(), note text NOT NULL)")
        for step in MIGRATIONS:
            if version < step.version <= target:
                step.apply(cur)
                cur.execute(f"INSERT INTO {VERSION_TABLE} (version, note) VALUES (%s, %s)",
                            (step.version, step.note))
                version = step.version
        add_missing_columns(cur)
        return version


def add_missing_columns(cur) -> list[str]:
    """Add the schema columns a table lacks (a column added to the schema since it was made)."""
    added = []
    for name, (schema, geometry, _) in TABLES.items():
        cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " AND table_schema = current_schema()", (name,))
        have = {row[0] for row in cur.fetchall()}
        if not have:
            continue
        for col in schema:
            if col.name not in have:
                cur.execute(f"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {col.name} "
                            f"{column_type(col, geometry)}")
                added.append(f"{name}.{col.name}")
    return added
