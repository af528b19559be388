"""One way to add incidents to a store: event-aware merging, then a rewrite or a batch.

New rows are merged event by event with what the store holds
(:func:`geo.incidents.merge.merge_rows`: the same event told twice becomes one incident with both
sources); places are upserted by ``place_id`` and unresolved mentions de-duplicated. Re-adding
what the store holds changes nothing. A GeoPackage is rewritten atomically; a PostGIS store
(:mod:`geo.store.postgis`) takes the same merge's difference in one locked transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.incidents.merge import Row, RowReview, merge_reviewed, rows_of
from geo.incidents.schema import (
    INCIDENT_COLUMNS,
    UNRESOLVED_COLUMNS,
    IncidentSet,
    incidents_frame,
    places_frame,
    unresolved_frame,
)
from geo.incidents.table_merge import merge_table_rows
from geo.store.alone import alone
from geo.store.collector import paused_gc
from geo.store.column_ids import incident_ids
from geo.store.filing import NotColumnar
from geo.store.layers import read_layers, write_store
from geo.store.location import Store, is_database
from geo.store.table_frame import merge_table_frame

#: Fields that tell one unresolved mention from another.
_UNRESOLVED_KEY = [c for c in UNRESOLVED_COLUMNS if c not in ("reason", "candidates")]


def _places_and_mentions(place_ids: list[str], old: IncidentSet, new: IncidentSet):
    """The places of both sets (upserted by id, the new row winning, their ``incident_count``
    recounted over ``place_ids``, the incidents' places) and the unresolved mentions of both,
    de-duplicated."""
    places = pd.concat([old.places, new.places], ignore_index=True)
    keyed = places["place_id"] != ""
    places = pd.concat(
        [places[keyed].drop_duplicates("place_id", keep="last"), places[~keyed]],
        ignore_index=True,
    )
    if len(places):  # (no place to count for: the incidents' ids are not looked at)
        ids = pd.Series(place_ids, dtype=object)
        per_place = ids[ids.notna() & (ids != "")].value_counts()
        places["incident_count"] = places["place_id"].map(per_place).fillna(0)
    unresolved = pd.concat([old.unresolved, new.unresolved], ignore_index=True)
    unresolved = unresolved.drop_duplicates(_UNRESOLVED_KEY, keep="last")
    return places_frame(places), unresolved_frame(unresolved.reset_index(drop=True))


@dataclass(frozen=True)
class StoreUpdate:
    added: int
    updated: int
    unchanged: int
    total: int
    layers: IncidentSet | None = field(default=None, compare=False, repr=False)  # the store now

    def __str__(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged; "
                f"{self.total} incidents in the store")


@dataclass
class Merged:
    """Stored and new incidents merged event by event: the whole result and what changed."""

    rows: list[Row]  # the stored rows given and the new ones, merged
    added: list[Row]  # merged incidents the store did not hold
    updated: list[Row]  # merged incidents that differ from their stored row (or its id)
    gone: list[str]  # stored ids no longer in the set (folded into another, or re-identified)
    unchanged: int
    places: pd.DataFrame
    unresolved: pd.DataFrame
    lone: gpd.GeoDataFrame = field(default_factory=incidents_frame)  # new, added as they came
    kept: gpd.GeoDataFrame = field(default_factory=incidents_frame)  # stored, unchanged

    @property
    def writes(self) -> bool:
        return bool(self.added or self.updated or self.gone or len(self.lone))

    @property
    def count(self) -> int:
        """The merged incidents (rows and frames)."""
        return len(self.rows) + len(self.lone) + len(self.kept)

    def layers(self) -> IncidentSet:
        frames = [incidents_frame(self.rows), self.lone, self.kept]
        incidents = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
        return IncidentSet(incidents_frame(incidents), self.places, self.unresolved)


def _merged_rows(old: pd.DataFrame, new: pd.DataFrame, review: RowReview | None):
    """Stored and new incidents merged event by event: (merged rows, added, updated, ids gone,
    unchanged count)."""
    stored = [{**row, "_stored": row["incident_id"]} for row in rows_of(old)]
    merged = merge_reviewed(stored + rows_of(new), review) if review is not None else \
        merge_table_rows(stored + rows_of(new))  # one table's rows alone: grouped
    before = {row["incident_id"]: row for row in stored}
    added, updated, unchanged = [], [], 0
    for row in merged:
        was = before.get(row.pop("_stored", None) or "")
        if was is None:
            added.append(row)
        elif _same({k: v for k, v in was.items() if k != "_stored"}, row):
            unchanged += 1
        else:
            updated.append(row)
    kept = {row["incident_id"] for row in merged}
    gone = [key for key in before if key not in kept]
    return merged, added, updated, gone, unchanged


def merge_update(old: IncidentSet, new: IncidentSet, review: RowReview | None = None) -> Merged:
    """Merge ``new`` into ``old`` event by event (the store's one merge, whatever holds it);
    ``review``'s decisions apply to the stored incidents and the new ones alike."""
    merged, added, updated, gone, unchanged = _merged_rows(old.incidents, new.incidents, review)
    places, unresolved = _places_and_mentions([r.get("place_id") for r in merged], old, new)
    return Merged(merged, added, updated, gone, unchanged, places, unresolved)


def merge_batch(old: IncidentSet, new: IncidentSet,
                lone_found: Callable[[gpd.GeoDataFrame], None] | None = None) -> Merged:
    """:func:`merge_update` (without review) with the rows that meet no other row kept as
    columns (:mod:`geo.store.alone`): the same incidents and ids; the new rows that meet
    nothing are ``lone``, added as they came with their ids set, and the stored ones that meet
    nothing are ``kept`` (unchanged). Rows a column cannot read as the merge does, or ids that
    would collide, send the whole batch through :func:`merge_update`.

    ``lone_found`` is called with the ``lone`` frame as soon as it is known, before the other
    rows are merged (a store starts its work on them meanwhile); the frame may still be
    dropped, when the batch falls back to :func:`merge_update`."""
    try:
        return _merge_split(old, new, lone_found)
    except NotColumnar:
        return merge_update(old, new)


def _merge_split(old: IncidentSet, new: IncidentSet,
                 lone_found: Callable[[gpd.GeoDataFrame], None] | None) -> Merged:
    frames = (old.incidents, new.incidents)
    if not all(isinstance(f, gpd.GeoDataFrame) and set(INCIDENT_COLUMNS) <= set(f.columns)
               for f in frames):
        raise NotColumnar("a frame lacks a column of the incident schema")
    if not all(isinstance(s, list) for s in new.incidents["sources"]):
        raise NotColumnar("a sources value is not a list")
    lone_old, lone_new = alone([old.incidents, new.incidents])
    if lone_old.any():
        kept = old.incidents[lone_old]
        same_id = incident_ids(kept) == kept["incident_id"].to_numpy(dtype=object)
        lone_old[np.flatnonzero(lone_old)[~same_id]] = False  # re-identified: merged as rows
    kept = old.incidents[lone_old]
    lone = new.incidents[lone_new].reset_index(drop=True)
    lone["incident_id"] = incident_ids(lone)
    if lone_found is not None and len(lone):
        lone_found(lone)
    merged, added, updated, gone, unchanged = _merged_rows(old.incidents[~lone_old],
                                                           new.incidents[~lone_new], None)
    frames = [frame[name].to_numpy(dtype=object).tolist() for frame in (lone, kept)
              for name in ("incident_id", "place_id")]
    ids = [*(r["incident_id"] for r in merged), *frames[0], *frames[2]]
    if len(set(ids)) != len(ids):
        raise NotColumnar("two incidents would share an id")
    place_ids = [*(r.get("place_id") for r in merged), *frames[1], *frames[3]]
    places, unresolved = _places_and_mentions(place_ids, old, new)
    return Merged(merged, added, updated, gone, unchanged + len(kept), places, unresolved,
                  lone, kept.reset_index(drop=True))


def update_store(store: Store, new: IncidentSet, reread: Collection[str] = (),
                 review: RowReview | None = None) -> StoreUpdate:
    """Merge ``new`` into the store (a GeoPackage path, created if missing, or a PostgreSQL
    URL) event by event. A GeoPackage is rewritten atomically (left untouched when it already
    holds all of it); a database takes the batch in one locked transaction.

    ``reread`` names source files read again in full for ``new``: in a GeoPackage their old
    unresolved mentions give way to the new ones (a name a geocoder failed on may be placed
    now). ``review`` (an analyst's decisions) is applied to what the store holds as well as
    to ``new``, so a decision added since the last build reaches every incident it names."""
    with paused_gc():  # millions of row objects, no cycles: see geo.store.collector
        if is_database(store):
            return _update_database(str(store), new, review)
        return _update_file(Path(store), new, reread, review)


def _update_file(path: Path, new: IncidentSet, reread: Collection[str],
                 review: RowReview | None) -> StoreUpdate:
    """The GeoPackage update: merged with everything it holds, rewritten atomically."""
    old = read_layers(path) if path.exists() else IncidentSet()
    stale = old.unresolved["source_file"].isin(set(reread))
    if stale.any():
        old = IncidentSet(old.incidents, old.places,
                          unresolved_frame(old.unresolved[~stale].reset_index(drop=True)))
    if path.exists() and not (len(new.incidents) or len(new.places) or len(new.unresolved)) \
            and not stale.any() and review is None:
        return StoreUpdate(0, 0, len(old.incidents), len(old.incidents), old)  # nothing to add
    table = merge_table_frame(new.incidents) if review is None and not len(old.incidents) \
        else None
    result = merge_update(old, new, review) if table is None else Merged(
        [], [], [], [], 0, *_places_and_mentions(table["place_id"].tolist(), old, new),
        lone=table)  # one table's rows into an empty store: merged as columns
    layers = result.layers()
    if result.writes or not path.exists() or len(layers.places) != len(old.places) or \
            len(layers.unresolved) != len(old.unresolved) or stale.any():
        write_store(layers, path)  # else the store already holds all of it: left untouched
        layers = read_layers(path)  # as a reader will see it (types as GDAL stores them)
    else:
        layers = old
    return StoreUpdate(len(result.added) + len(result.lone), len(result.updated),
                       result.unchanged, len(layers.incidents), layers)


def _update_database(url: str, new: IncidentSet, review: RowReview | None = None) -> StoreUpdate:
    """The same merge inside one transaction that holds the store's write lock: the stored
    incidents a new row could join are read, merged with the new rows, and the difference
    written; other writers wait, and a batch killed half-way is rolled back whole."""
    from geo.store.postgis import PostgisStore

    with PostgisStore(url) as db, db.batch() as batch:
        near = IncidentSet(incidents=batch.stored_near(new.incidents))
        # the lone incidents are sent, their areas drawn, while the other rows merge
        stored_ids = near.incidents["incident_id"].tolist()
        pending = len(new.incidents)  # less the lone ones: the new rows still merging
        result = merge_batch(near, new, lambda lone: batch.take_lone(
            lone, stored_ids, pending - len(lone))) if review is None else \
            merge_update(near, new, review)
        total = batch.apply(result.added, result.updated, result.gone, result.places,
                            result.unresolved, lone=result.lone)
    added, updated = len(result.added) + len(result.lone), len(result.updated)
    # every stored incident the batch did not add or change is unchanged, read or not
    return StoreUpdate(added, updated, total - added - updated, total)


def _same(a: Row, b: Row) -> bool:
    keys = set(a) | set(b)
    return all(a.get(k) == b.get(k) for k in keys if k != "sources") and \
        json.dumps(a.get("sources"), sort_keys=True) == json.dumps(b.get("sources"),
                                                                   sort_keys=True)
