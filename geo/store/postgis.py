"""The shared store in PostgreSQL/PostGIS: the GeoPackage's layers as tables, written in batches.

Credentials are libpq's: from the URL, ``PGPASSWORD``, ``~/.pgpass`` or the other ``PG*``
variables; messages name the store by :func:`geo.store.location.display` (no password). A batch
(:meth:`PostgisStore.batch`) is one transaction holding a lock that lets readers read but keeps
other writers waiting, so the merge of :mod:`geo.store.update` sees every row committed before
it and what it writes lands whole or not at all (a killed writer's transaction is rolled back).
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import shapely

from geo.errors import UserError
from geo.incidents.merge import Row
from geo.incidents.schema import (
    CRS,
    TIME_WINDOW_DAYS,
    IncidentSet,
    incidents_frame,
    places_frame,
    unresolved_frame,
)
from geo.store.arrow import column_array
from geo.store.location import display
from geo.store.pg_schema import SRID, TABLES, UNRESOLVED_KEY, migrate
from geo.store.pg_styles import write_styles

APPLICATION = "geo-incidents"
#: Fault injection for the tests: GEO_STORE_HOLD=3 holds each written batch open 3 s before it
#: commits, so a test can run a second writer against it or kill the writer right then.
HOLD_VARIABLE = "GEO_STORE_HOLD"
#: Other writers wait for a batch; readers (QGIS, dashboards, `geo map`) do not.
_WRITE_LOCK = "LOCK TABLE incidents, places, uncertainty, unresolved IN SHARE ROW EXCLUSIVE MODE"
#: How far apart (days) a stored and a new telling of one event can start: both pads.
_WINDOW = timedelta(days=2 * max(TIME_WINDOW_DAYS.values()))


#: Connection settings a QGIS data source may carry (a password never).
_SAFE_KEYS = ("dbname", "service", "host", "hostaddr", "port", "user", "sslmode", "sslrootcert",
              "sslcert", "sslkey", "connect_timeout")


def _quoted(value: str) -> str:
    """A value as QGIS data-source strings quote it."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _driver():
    try:
        import psycopg
    except ImportError:
        raise UserError("a PostgreSQL store needs psycopg: pip install 'geo-incidents[postgis]'"
                        ) from None
    return psycopg


def _scrub(message: str, url: str) -> str:
    """A driver message without any password it might echo."""
    from psycopg.conninfo import conninfo_to_dict

    secrets = {os.environ.get("PGPASSWORD", "")}
    try:
        secrets.add(conninfo_to_dict(url).get("password") or "")
    except Exception:  # an unparsable URL: hide everything between "://" and "@"
        head, _, tail = url.partition("://")
        secrets.add(tail.rpartition("@")[0])
    for secret in sorted(secrets - {""}, key=len, reverse=True):
        message = message.replace(secret, "***")
    return " ".join(message.split())


def columns(table: str) -> list[str]:
    """The table's schema columns, in the GeoPackage layer's order."""
    return [c.name for c in TABLES[table][0]]


class PostgisStore:
    """One connection to a store (migrated to the current schema on opening)."""

    def __init__(self, url: str) -> None:
        psycopg = _driver()
        self.url, self.where = url, display(url)
        try:
            self.con = psycopg.connect(url, application_name=APPLICATION, autocommit=True)
        except (psycopg.Error, ValueError) as exc:
            raise UserError(f"{self.where}: cannot connect ({_scrub(str(exc), url)}); check "
                            "the URL, PGPASSWORD or ~/.pgpass, and that the server runs") from None
        try:
            migrate(self.con, self.where)
            self.write_styles(replace=False)
        except (psycopg.Error, UserError) as exc:
            self.con.close()
            if isinstance(exc, UserError):
                raise
            raise UserError(f"{self.where}: cannot prepare the store "
                            f"({_scrub(str(exc), url)})") from None

    def write_styles(self, *, replace: bool) -> int:
        """Put the default QGIS styles in ``layer_styles`` (``replace``: also over ours)."""
        with self.con.transaction(), self.con.cursor() as cur:
            return write_styles(cur, replace=replace)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> PostgisStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading ---------------------------------------------------------------------------

    def _frame(self, table: str, where: str = "", params: Sequence = ()) -> pd.DataFrame:
        names = columns(table)
        geometry = TABLES[table][1]
        select = [f"ST_AsBinary({n})" if n == "geometry" else n for n in names]
        order = {"incidents": "event_date NULLS LAST, incident_id"}.get(table, "fid")
        if table == "uncertainty":
            order = "incident_id"
        with self.con.cursor(binary=True) as cur:
            cur.execute(f"SELECT {', '.join(select)} FROM {table} {where} ORDER BY {order}",
                        params)
            df = pd.DataFrame(cur.fetchall(), columns=names)
        if geometry:
            wkb = np.asarray(df["geometry"].to_numpy(), dtype=object)
            df["geometry"] = shapely.from_wkb(wkb)
        return df

    def read(self) -> IncidentSet:
        """The whole store (one snapshot) as an IncidentSet."""
        with self.con.transaction():
            self.con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return IncidentSet(
                incidents=typed_incidents(self._frame("incidents")),
                places=places_frame(self._frame("places")),
                unresolved=unresolved_frame(self._frame("unresolved")),
            )

    def uncertainty(self) -> gpd.GeoDataFrame:
        df = self._frame("uncertainty")
        return gpd.GeoDataFrame(df, geometry="geometry", crs=CRS)

    def qgis_sources(self) -> dict[str, tuple[str, str | None]]:
        """Per table, QGIS's PostgreSQL data source and geometry type. The connection part
        keeps the URL's database, host, port, user and SSL settings, never a password."""
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(self.url)
        with self.con.cursor() as cur:
            cur.execute("SELECT current_database(), current_schema()")
            database, schema = cur.fetchone()
        info["dbname"] = database
        login = " ".join(f"{key}={_quoted(str(info[key]))}" for key in _SAFE_KEYS if info.get(key))
        sources = {}
        for table, (_, geometry, key) in TABLES.items():
            where = f'table="{schema}"."{table}"' + (" (geometry)" if geometry else "")
            shape = f" srid={SRID} type={geometry}" if geometry else ""
            sources[table] = (f"{login} key='{key}'{shape} checkPrimaryKeyUnicity='0' {where}",
                              geometry)
        return sources

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """One transaction holding the write lock; committed when the block ends normally."""
        psycopg = _driver()
        try:
            with self.con.transaction(), self.con.cursor() as cur:
                cur.execute(_WRITE_LOCK)
                yield Batch(self, cur)
                time.sleep(float(os.environ.get(HOLD_VARIABLE) or 0))
        except psycopg.Error as exc:
            raise UserError(f"{self.where}: the batch was not written ("
                            f"{_scrub(str(exc), self.url)}); the store is as it was") from None


class Batch:
    """What one locked transaction reads and writes."""

    def __init__(self, store: PostgisStore, cur) -> None:
        self.store, self.cur = store, cur

    def stored_near(self, new: pd.DataFrame) -> gpd.GeoDataFrame:
        """The stored incidents a new row could be a telling of: those whose dates come within
        the merge's window of the new rows' dates (and the undated, when new rows are)."""
        if not len(new):
            return incidents_frame()
        starts = pd.to_datetime(new["event_date"]).dropna()
        ends = pd.concat([starts, pd.to_datetime(new["date_end"]).dropna()])
        clauses, params = [], []
        if len(starts):
            clauses.append("(event_date <= %s AND coalesce(date_end, event_date) >= %s)")
            params += [ends.max().date() + _WINDOW, starts.min().date() - _WINDOW]
        if new["event_date"].isna().any():
            clauses.append("event_date IS NULL")
        return typed_incidents(self.store._frame("incidents",
                                                 f"WHERE {' OR '.join(clauses)}", params))

    def apply(self, added: Sequence[Row], updated: Sequence[Row], gone: Sequence[str],
              places: gpd.GeoDataFrame, unresolved: pd.DataFrame) -> int:
        """Delete ``gone`` incidents, COPY the ``added`` ones in, upsert the ``updated`` ones
        (and keep their uncertainty areas in step), upsert places by id and unresolved
        mentions by their key; returns the incident count."""
        from geo.incidents.uncertainty import uncertainty_areas

        cur = self.cur
        touched = set(places["place_id"]) | {r.get("place_id") or "" for r in [*added, *updated]}
        ids = [*gone, *(r["incident_id"] for r in updated)]
        if ids:
            cur.execute("DELETE FROM uncertainty WHERE incident_id = ANY(%s)", (ids,))
        if gone:
            cur.execute("DELETE FROM incidents WHERE incident_id = ANY(%s) RETURNING place_id",
                        (list(gone),))
            touched |= {row[0] for row in cur.fetchall()}
        if added:  # new ids (a stored row with the same id would have been merged with it)
            frame = rows_frame(added)
            self._copy("incidents", frame)
            self._copy("uncertainty", uncertainty_areas(frame))
        if updated:
            frame = rows_frame(updated)
            self._upsert("incidents", frame, "(incident_id)")
            self._copy("uncertainty", uncertainty_areas(frame))
        if len(places):
            self._upsert("places", places, "(place_id) WHERE place_id <> ''")
        touched.discard("")
        if touched:
            cur.execute("UPDATE places SET incident_count = (SELECT count(*) FROM incidents i"
                        " WHERE i.place_id = places.place_id) WHERE place_id = ANY(%s)",
                        (sorted(touched),))
        if len(unresolved):
            self._upsert("unresolved", unresolved, f"({UNRESOLVED_KEY})",
                         update=("reason", "candidates"))
        cur.execute("SELECT count(*) FROM incidents")
        return int(cur.fetchone()[0])

    def _upsert(self, table: str, frame: pd.DataFrame, conflict: str,
                update: Sequence[str] | None = None) -> None:
        """COPY ``frame`` into a temporary table, then insert it, updating rows it collides
        with on ``conflict``."""
        names = columns(table)
        stage = f"geo_stage_{table}"
        self.cur.execute(f"CREATE TEMPORARY TABLE {stage} (LIKE {table} INCLUDING DEFAULTS)"
                         " ON COMMIT DROP")
        self._copy(stage, frame)
        sets = ", ".join(f"{n} = EXCLUDED.{n}" for n in (update or names))
        listed = ", ".join(names)
        self.cur.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {stage}"
                         f" ON CONFLICT {conflict} DO UPDATE SET {sets}")
        self.cur.execute(f"DROP TABLE {stage}")

    def _copy(self, table: str, frame: pd.DataFrame) -> None:
        """COPY a frame's schema columns into ``table`` (or its stage) as CSV."""
        base = table.removeprefix("geo_stage_")
        with self.cur.copy(f"COPY {table} ({', '.join(columns(base))}) FROM STDIN"
                           " (FORMAT csv)") as copy:
            copy.write(copy_csv(frame, base))


def typed_incidents(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """Incident rows as the database gives them (typed, ids and defaults filled when written)
    as a frame in the schema's dtypes, column by column."""
    out = {}
    for col in TABLES["incidents"][0]:
        values = df[col.name]
        if col.kind == "str":
            out[col.name] = values.fillna("").astype(str)
        elif col.kind == "int":
            out[col.name] = pd.to_numeric(values).astype("Int64")
        elif col.kind == "float":
            out[col.name] = pd.to_numeric(values).astype("float64")
        elif col.kind == "date":
            out[col.name] = pd.to_datetime(values).astype("datetime64[ms]")
        else:  # sources (jsonb, already lists) and geometry (already shapes)
            out[col.name] = values
    return gpd.GeoDataFrame(out, geometry="geometry", crs=CRS)


def rows_frame(rows: Sequence[Row]) -> gpd.GeoDataFrame:
    """Merged rows (plain values, lat/lon) as a frame with the incident columns and points."""
    names = [*columns("incidents"), "lat", "lon"]
    df = pd.DataFrame({name: [row.get(name) for row in rows] for name in names})
    located = df["lat"].notna() & df["lon"].notna()
    points = shapely.points(df["lon"].astype("float64"), df["lat"].astype("float64"))
    df["geometry"] = np.where(located, points, None)
    return gpd.GeoDataFrame(df.drop(columns=["lat", "lon"]), geometry="geometry", crs=CRS)


def copy_csv(frame: pd.DataFrame, table: str) -> bytes:
    """The table's schema columns of ``frame`` as COPY CSV: typed through Arrow as the
    GeoPackage's are (:func:`geo.store.arrow.column_array`), strings quoted, NULLs bare."""
    arrays = {}
    for col in TABLES[table][0]:
        values = frame[col.name].reset_index(drop=True)
        if col.kind == "geometry":
            geoms = shapely.set_srid(np.asarray(values.to_numpy(), dtype=object), SRID)
            arrays[col.name] = pa.array(shapely.to_wkb(geoms, hex=True, include_srid=True),
                                        type=pa.string())
        else:
            array = column_array(values, col.kind)
            arrays[col.name] = getattr(array, "storage", array)  # JSON: its text
    sink = io.BytesIO()
    pacsv.write_csv(pa.table(arrays), sink, pacsv.WriteOptions(include_header=False,
                                                               quoting_style="all_valid"))
    return sink.getvalue()


def read_database(url: str) -> IncidentSet:
    """The incidents, places and unresolved mentions of the store at ``url``."""
    psycopg = _driver()
    with PostgisStore(url) as store:
        try:
            return store.read()
        except psycopg.Error as exc:
            raise UserError(f"{store.where}: cannot read the store "
                            f"({_scrub(str(exc), url)})") from None
