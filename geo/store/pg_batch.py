"""One batch into the PostGIS store: what its locked transaction reads and writes.

:meth:`geo.store.postgis.PostgisStore.batch` opens the transaction and holds the write lock;
:class:`Batch` reads the stored incidents a batch could merge with, takes on the new incidents
that meet no other row while the rest merge (their areas drawn and their rows sent by the
pool's threads), and writes the merge's difference by binary COPY.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd

from geo.errors import UserError
from geo.incidents.merge import Row
from geo.incidents.schema import TIME_WINDOW_DAYS, incidents_frame
from geo.store.pg_arrays import any_of, distinct_ids
from geo.store.pg_bulk import Unindexed, unindex_if_empty
from geo.store.pg_copy import ColumnError, Field, copy_chunks, table_fields
from geo.store.pg_frames import area_input, columns, frame_columns, frame_incidents, row_columns
from geo.store.pg_schema import UNRESOLVED_KEY

#: How far apart (days) a stored and a new telling of one event can start: both pads.
_WINDOW = timedelta(days=2 * max(TIME_WINDOW_DAYS.values()))


class Store(Protocol):
    """What a batch asks of its store (:class:`geo.store.postgis.PostgisStore`)."""

    where: str

    def _frame(self, table: str, where: str = "", params: Sequence = ()) -> pd.DataFrame: ...


@dataclass
class _Lone:
    """New incidents that meet no other row, taken on while the rest of the batch merges: their
    columns, their areas being drawn, and (``sent``) their COPY into ``incidents``, then their
    areas' into ``uncertainty`` (and, into empty tables, the indexes built), under a
    savepoint."""

    frame: gpd.GeoDataFrame
    columns: dict[str, Any]
    areas: Future
    sent: Future | None


class Batch:
    """What one locked transaction reads and writes (``pool``: threads that draw uncertainty
    areas and send incidents while the batch merges; geodesy, shapely, Arrow and libpq let go
    of the interpreter while they work)."""

    def __init__(self, store: Store, cur, pool: ThreadPoolExecutor) -> None:
        self.store, self.cur, self.pool = store, cur, pool
        self._lone: _Lone | None = None
        self._unindexed: Unindexed | None | bool = False  # False: not looked at yet

    def _loading(self) -> None:
        """Before the first incident is written: into empty tables, without their indexes
        (:mod:`geo.store.pg_bulk`; :meth:`apply` builds them again)."""
        if self._unindexed is False:
            self._unindexed = unindex_if_empty(self.cur, ("incidents", "uncertainty"))

    def take_lone(self, lone: gpd.GeoDataFrame, stored_ids: Collection[str],
                  pending: int = 0) -> None:
        """Start on incidents :meth:`apply` will most likely be given as ``lone`` (new rows
        that meet no other; the merge may still drop the frame): their areas are drawn and,
        unless one would replace a stored incident of ``stored_ids`` (its row is deleted
        first), they and their areas are sent under a savepoint, while the caller merges. Into
        empty tables, their indexes are then built over them, unless more rows than these
        may follow (``pending``: the new rows still merging). Until :meth:`apply`, the caller
        must not use the cursor."""
        columns = frame_incidents(lone)
        areas = self.pool.submit(_areas, columns)
        sent = None
        ids = columns["incident_id"]
        if not len(stored_ids) or not pd.Series(ids).isin(list(stored_ids)).any():
            self._loading()
            self.cur.execute("SAVEPOINT geo_lone")
            sent = self.pool.submit(self._send_lone, columns, areas, pending <= len(lone))
        self._lone = _Lone(lone, columns, areas, sent)

    def _send_lone(self, columns: dict[str, Any], areas: Future, index: bool) -> None:
        """COPY lone incidents, then their areas once drawn; ``index``: then build the
        indexes the load into empty tables went without."""
        with self._sending("incidents", columns):
            pass
        self._copy_areas(areas.result())
        if index and self._unindexed:
            self._unindexed.rebuild(self.cur)

    def _taken(self, lone: gpd.GeoDataFrame | None) -> _Lone | None:
        """What :meth:`take_lone` started for ``lone`` (None: nothing, or for another frame,
        in which case what it sent, and indexes it built, are rolled back)."""
        taken, self._lone = self._lone, None
        if taken is None or taken.frame is lone:
            return taken
        if taken.sent is not None:
            wait([taken.sent])
            self.cur.execute("ROLLBACK TO SAVEPOINT geo_lone")
            if self._unindexed:
                self._unindexed.dropped()  # the indexes built since are undone too
        return None

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
        return self.store._frame("incidents", f"WHERE {' OR '.join(clauses)}", params)

    def apply(self, added: Sequence[Row], updated: Sequence[Row], gone: Sequence[str],
              places: gpd.GeoDataFrame, unresolved: pd.DataFrame,
              lone: gpd.GeoDataFrame | None = None) -> int:
        """Delete ``gone`` incidents, COPY the ``added`` ones (and the ``lone`` frame's: new
        incidents as they came) in, upsert the ``updated`` ones (and keep their uncertainty
        areas in step), upsert places by id and unresolved mentions by their key; returns the
        incident count."""
        taken = self._taken(lone)
        if taken is None and lone is not None and len(lone):  # areas drawn while it is sent
            columns = frame_incidents(lone)
            taken = _Lone(lone, columns, self.pool.submit(_areas, columns), None)
        if taken is not None and taken.sent is not None:
            taken.sent.result()  # sent since the merge found them (or the batch fails here)
        return self._apply(added, updated, gone, places, unresolved, taken)

    def _apply(self, added: Sequence[Row], updated: Sequence[Row], gone: Sequence[str],
               places: gpd.GeoDataFrame, unresolved: pd.DataFrame, taken: _Lone | None) -> int:
        cur = self.cur
        lone = taken.columns if taken is not None else None
        if lone or added:
            self._loading()
        touched = [places["place_id"], [r.get("place_id") or "" for r in [*added, *updated]]]
        if lone:
            touched.append(lone["place_id"])
        ids = [*gone, *(r["incident_id"] for r in updated)]
        if ids:
            sql, params = any_of("incident_id", ids)
            cur.execute(f"DELETE FROM uncertainty WHERE {sql}", params)
        if gone:
            sql, params = any_of("incident_id", gone)
            cur.execute(f"DELETE FROM incidents WHERE {sql} RETURNING place_id", params)
            touched.append([row[0] for row in cur.fetchall()])
        if taken is not None and taken.sent is None:  # new ids, as added rows have
            with self._sending("incidents", lone):
                taken.areas.result()  # drawn while the server takes the incidents
            self._copy_areas(taken.areas.result())
        if added:  # new ids (a stored row with the same id would have been merged with it)
            self._incidents(row_columns(added), upsert=False)
        if self._unindexed:  # the new rows are in: their indexes are built over them
            self._unindexed.rebuild(cur)
        if updated:
            self._incidents(row_columns(updated), upsert=True)
        if len(places):
            self._upsert("places", self._fields(frame_columns(places, "places"), "places"),
                         "(place_id) WHERE place_id <> ''")
        touched_ids = distinct_ids(touched)
        if len(touched_ids):
            sql, params = any_of("place_id", touched_ids)
            cur.execute("UPDATE places SET incident_count = (SELECT count(*) FROM incidents i"
                        f" WHERE i.place_id = places.place_id) WHERE {sql}", params)
        if len(unresolved):
            self._upsert("unresolved", self._fields(unresolved, "unresolved"),
                         f"({UNRESOLVED_KEY})", update=("reason", "candidates"))
        cur.execute("SELECT count(*) FROM incidents")
        return int(cur.fetchone()[0])

    def _incidents(self, incidents: dict[str, Any], *, upsert: bool) -> None:
        """COPY incidents (the table's columns) into ``incidents`` (``upsert``: over the
        stored rows of their ids) and their uncertainty areas, drawn while the server takes
        the incidents, into ``uncertainty``."""
        target = self._stage("incidents") if upsert else "incidents"
        with self._sending(target, incidents):
            areas = _areas(incidents)
        if upsert:
            self._insert_stage("incidents", "(incident_id)")
        self._copy_areas(areas)

    def _sending(self, target: str, incidents: dict[str, Any]):
        """A COPY of incidents into ``target`` (``incidents`` or its stage), under way for
        the block."""
        return self._copying(target, "incidents", self._fields(incidents, "incidents"))

    def _copy_areas(self, areas: gpd.GeoDataFrame) -> None:
        fields = self._fields(frame_columns(areas, "uncertainty"), "uncertainty")
        with self._copying("uncertainty", "uncertainty", fields):
            pass

    def _fields(self, values, table: str) -> list[Field]:
        """A table's columns ready for COPY; a value its column cannot hold fails the batch."""
        try:
            return table_fields(values, table)
        except ColumnError as exc:
            raise UserError(f"{self.store.where}: the batch was not written ({table}: {exc});"
                            " the store is as it was") from None

    def _stage(self, table: str) -> str:
        """A temporary table like ``table``, dropped at commit."""
        stage = f"geo_stage_{table}"
        self.cur.execute(f"CREATE TEMPORARY TABLE {stage} (LIKE {table} INCLUDING DEFAULTS)"
                         " ON COMMIT DROP")
        return stage

    def _insert_stage(self, table: str, conflict: str,
                      update: Sequence[str] | None = None) -> None:
        """Insert the stage's rows into ``table``, updating the rows they collide with on
        ``conflict``; then drop the stage."""
        names = columns(table)
        sets = ", ".join(f"{n} = EXCLUDED.{n}" for n in (update or names))
        listed = ", ".join(names)
        self.cur.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM geo_stage_{table}"
                         f" ON CONFLICT {conflict} DO UPDATE SET {sets}")
        self.cur.execute(f"DROP TABLE geo_stage_{table}")

    def _upsert(self, table: str, fields: Sequence[Field], conflict: str,
                update: Sequence[str] | None = None) -> None:
        """COPY rows into a stage, then insert them, updating the rows they collide with."""
        with self._copying(self._stage(table), table, fields):
            pass
        self._insert_stage(table, conflict, update)

    @contextmanager
    def _copying(self, target: str, table: str, fields: Sequence[Field]) -> Iterator[None]:
        """Stream the fields into ``target`` (``table`` or its stage) by binary COPY; a writer
        thread sends them, so the work of the block overlaps the server's."""
        from psycopg.copy import QueuedLibpqWriter

        with self.cur.copy(f"COPY {target} ({', '.join(columns(table))}) FROM STDIN"
                           " (FORMAT binary)", writer=QueuedLibpqWriter(self.cur)) as copy:
            for chunk in copy_chunks(fields):
                copy.write(chunk)
            yield


def _areas(incidents: dict[str, Any]) -> gpd.GeoDataFrame:
    """The uncertainty areas of incidents given as the table's columns."""
    from geo.incidents.uncertainty import uncertainty_areas

    return uncertainty_areas(area_input(incidents))
