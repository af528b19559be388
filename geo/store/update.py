"""One way to add incidents to a store: event-aware merging, then an atomic rewrite.

New rows are merged event by event with what the store holds
(:func:`geo.incidents.merge.merge_rows`: the same event told twice becomes one incident with both
sources); places are upserted by ``place_id`` and unresolved mentions de-duplicated. Re-adding
what the store holds changes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.incidents.merge import Row, merge_rows, rows_of
from geo.incidents.schema import (
    UNRESOLVED_COLUMNS,
    IncidentSet,
    incidents_frame,
    places_frame,
    unresolved_frame,
)
from geo.store.layers import read_layers, write_store

#: Fields that tell one unresolved mention from another.
_UNRESOLVED_KEY = [c for c in UNRESOLVED_COLUMNS if c not in ("reason", "candidates")]


def _with_places_and_mentions(incidents, old: IncidentSet, new: IncidentSet) -> IncidentSet:
    """``incidents`` with the places of both sets (upserted by id, the new row winning, their
    ``incident_count`` recounted) and the unresolved mentions of both, de-duplicated."""
    places = pd.concat([old.places, new.places], ignore_index=True)
    keyed = places["place_id"] != ""
    places = pd.concat(
        [places[keyed].drop_duplicates("place_id", keep="last"), places[~keyed]],
        ignore_index=True,
    )
    per_place = incidents.loc[incidents["place_id"] != "", "place_id"].value_counts()
    places["incident_count"] = places["place_id"].map(per_place).fillna(0)
    unresolved = pd.concat([old.unresolved, new.unresolved], ignore_index=True)
    unresolved = unresolved.drop_duplicates(_UNRESOLVED_KEY, keep="last")
    return IncidentSet(incidents=incidents, places=places_frame(places),
                       unresolved=unresolved_frame(unresolved.reset_index(drop=True)))


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


def update_store(path: str | os.PathLike[str], new: IncidentSet,
                 reread: Collection[str] = ()) -> StoreUpdate:
    """Merge ``new`` into the GeoPackage store at ``path`` (created if missing), event by
    event, and rewrite it atomically; a store that already holds all of it is left untouched.

    ``reread`` names source files read again in full for ``new``: their old unresolved
    mentions give way to the new ones (a name a geocoder failed on may be placed now)."""
    path = Path(path)
    old = read_layers(path) if path.exists() else IncidentSet()
    stale = old.unresolved["source_file"].isin(set(reread))
    if stale.any():
        old = IncidentSet(old.incidents, old.places,
                          unresolved_frame(old.unresolved[~stale].reset_index(drop=True)))
    if path.exists() and not (len(new.incidents) or len(new.places) or len(new.unresolved)) \
            and not stale.any():
        return StoreUpdate(0, 0, len(old.incidents), len(old.incidents), old)  # nothing to add
    stored = [{**row, "_stored": row["incident_id"]} for row in rows_of(old.incidents)]
    merged = merge_rows(stored + rows_of(new.incidents))
    before = {row["incident_id"]: row for row in rows_of(old.incidents)}
    added = updated = unchanged = 0
    for row in merged:
        was = before.get(row.pop("_stored", None) or "")
        if was is None:
            added += 1
        elif _same(was, row):
            unchanged += 1
        else:
            updated += 1
    layers = _with_places_and_mentions(incidents_frame(merged), old, new)
    if added or updated or len(merged) != len(before) or not path.exists() or \
            len(layers.places) != len(old.places) or \
            len(layers.unresolved) != len(old.unresolved) or stale.any():
        write_store(layers, path)  # else the store already holds all of it: left untouched
        layers = read_layers(path)  # as a reader will see it (types as GDAL stores them)
    else:
        layers = old
    return StoreUpdate(added, updated, unchanged, len(merged), layers)


def _same(a: Row, b: Row) -> bool:
    keys = set(a) | set(b)
    return all(a.get(k) == b.get(k) for k in keys if k != "sources") and \
        json.dumps(a.get("sources"), sort_keys=True) == json.dumps(b.get("sources"),
                                                                   sort_keys=True)
