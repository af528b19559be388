"""The shared store in PostgreSQL/PostGIS: the GeoPackage's layers as tables, written in batches.

Credentials are libpq's: from the URL, ``PGPASSWORD``, ``~/.pgpass`` or the other ``PG*``
variables; messages name the store by :func:`geo.store.location.display` (no password). A batch
(:meth:`PostgisStore.batch`) is one transaction holding a lock that lets readers read (but for
the first batch into an empty store: :mod:`geo.store.pg_bulk`) and keeps other writers waiting,
so the merge of :mod:`geo.store.update` sees every row committed before it and what it writes
lands whole or not at all (a killed writer's transaction is rolled back).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import geopandas as gpd
import pandas as pd

from geo.errors import UserError
from geo.incidents.schema import IncidentSet, places_frame, unresolved_frame
from geo.store.collector import paused_gc
from geo.store.location import display
from geo.store.pg_batch import Batch
from geo.store.pg_read import copy_query, parse_csv
from geo.store.pg_schema import SRID, TABLES, migrate
from geo.store.pg_styles import write_styles

APPLICATION = "geo-incidents"
#: Fault injection for the tests: GEO_STORE_HOLD=3 holds each written batch open 3 s before it
#: commits, so a test can run a second writer against it or kill the writer right then.
HOLD_VARIABLE = "GEO_STORE_HOLD"
#: Other writers wait for a batch; readers (QGIS, dashboards, `geo map`) do not.
_WRITE_LOCK = "LOCK TABLE incidents, places, uncertainty, unresolved IN SHARE ROW EXCLUSIVE MODE"


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


class PostgisStore:
    """One connection to a store (migrated to the current schema on opening)."""

    def __init__(self, url: str) -> None:
        psycopg = _driver()
        self.url, self.where = url, display(url)
        try:
            self.con = psycopg.connect(url, application_name=APPLICATION, autocommit=True,
                                       client_encoding="UTF8")  # what reads parse
        except (psycopg.Error, ValueError) as exc:
            raise UserError(f"{self.where}: cannot connect ({_scrub(str(exc), url)}); check "
                            "the URL, PGPASSWORD or ~/.pgpass, and that the server runs") from None
        try:
            self.con.execute("SET extra_float_digits = 1")  # numbers read as text, exactly
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
        """The table's rows (``where``: a filter) as a typed frame, in a stable order
        (:mod:`geo.store.pg_read`)."""
        with self.con.cursor() as cur, cur.copy(copy_query(table, where), params) as copy:
            chunks = list(copy)
        try:
            with paused_gc():  # a source list and dicts per row, no cycles
                return parse_csv(chunks, table)
        except ValueError as exc:
            raise UserError(f"{self.where}: table '{table}' does not fit the schema ({exc})"
                            ) from None

    def read(self) -> IncidentSet:
        """The whole store (one snapshot) as an IncidentSet."""
        with self.con.transaction():
            self.con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return IncidentSet(
                incidents=self._frame("incidents"),
                places=places_frame(self._frame("places")),
                unresolved=unresolved_frame(self._frame("unresolved")),
            )

    def uncertainty(self) -> gpd.GeoDataFrame:
        return self._frame("uncertainty")

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
            with self.con.transaction(), self.con.cursor() as cur, \
                    ThreadPoolExecutor(max_workers=2, thread_name_prefix="geo-batch") as pool:
                cur.execute(_WRITE_LOCK)
                yield Batch(self, cur, pool)
                time.sleep(float(os.environ.get(HOLD_VARIABLE) or 0))
        except psycopg.Error as exc:
            raise UserError(f"{self.where}: the batch was not written ("
                            f"{_scrub(str(exc), self.url)}); the store is as it was") from None


def read_database(url: str) -> IncidentSet:
    """The incidents, places and unresolved mentions of the store at ``url``."""
    psycopg = _driver()
    with PostgisStore(url) as store:
        try:
            return store.read()
        except psycopg.Error as exc:
            raise UserError(f"{store.where}: cannot read the store "
                            f"({_scrub(str(exc), url)})") from None
