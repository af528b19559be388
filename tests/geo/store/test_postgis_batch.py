"""The PostGIS store's fast path (rows that meet nothing written as columns, their areas drawn
meanwhile) against its row-by-row path, in a real database: the same incidents, ids, columns
and uncertainty areas; and a telling of a stored event still merges with it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.incidents.merge import rows_of
from geo.incidents.schema import INCIDENT_COLUMNS, IncidentSet, incident_id
from geo.store.layers import read_layers
from geo.store.postgis import PostgisStore
from geo.store.update import merge_batch, update_store
from tests.geo.store.test_merge_batch import crowded
from tests.geo.store.test_postgis import canonical

pytestmark = pytest.mark.postgis


class RowByRow:
    """A review that decides nothing: it sends a batch through the row-by-row merge."""

    def before_merge(self, rows):
        return list(rows)

    def after_merge(self, rows):
        return list(rows)


def stored(url: str):
    with PostgisStore(url) as db:
        return read_layers(url).incidents, db.uncertainty()


def test_the_fast_path_writes_what_the_row_path_writes(pg_cluster):
    fast_url = pg_cluster.url(pg_cluster.new_database())
    slow_url = pg_cluster.url(pg_cluster.new_database())
    first, second = crowded(300, 21), crowded(300, 22)
    assert len(merge_batch(IncidentSet(), IncidentSet(incidents=first)).lone) > 20  # fast
    for batch in (first, second, first):  # into an empty store, a full one, and again
        fast = update_store(fast_url, IncidentSet(incidents=batch))
        slow = update_store(slow_url, IncidentSet(incidents=batch), review=RowByRow())
        assert (fast.added, fast.updated, fast.unchanged, fast.total) == \
            (slow.added, slow.updated, slow.unchanged, slow.total)
    (fast_rows, fast_areas), (slow_rows, slow_areas) = stored(fast_url), stored(slow_url)
    assert canonical(fast_rows, "incident_id", INCIDENT_COLUMNS) == \
        canonical(slow_rows, "incident_id", INCIDENT_COLUMNS)
    assert len(fast_areas) == len(slow_areas) > 50
    fast_areas = fast_areas.set_index("incident_id").loc[slow_areas["incident_id"]]
    assert (fast_areas["radius_km"].to_numpy() == slow_areas["radius_km"].to_numpy()).all()
    # the same polygons: each vertex within a metre (1e-5 degrees is about a metre)
    a = shapely.get_coordinates(fast_areas.geometry.to_numpy())
    b = shapely.get_coordinates(slow_areas.geometry.to_numpy())
    assert a.shape == b.shape and np.abs(a - b).max() < 1e-5


def test_an_empty_store_takes_lone_rows_and_a_twin_still_merges(pg_url):
    one = crowded(1, 3, precisions=(1,)).assign(place_id="iq-qaim", geo_precision=2,
                                                event_count=1, event_id_cnty="",
                                                uncertainty_km=5.0)
    far = pd.concat([one.assign(event_date=one["event_date"] + pd.Timedelta(days=30 * k),
                                place_id=f"site-{k}") for k in range(4)], ignore_index=True)
    done = update_store(pg_url, IncidentSet(incidents=far))
    assert (done.added, done.total) == (4, 4)
    rows, areas = stored(pg_url)
    assert sorted(rows["incident_id"]) == sorted(incident_id(r) for r in rows_of(far))
    assert sorted(areas["incident_id"]) == sorted(rows["incident_id"])  # 5 km circles
    twin = far.iloc[[2]].assign(sources=[[{"url": "https://other.example/2", "quote": "q"}]])
    again = update_store(pg_url, IncidentSet(incidents=twin))
    assert (again.added, again.updated, again.unchanged, again.total) == (0, 1, 3, 4)
    rows, areas = stored(pg_url)
    merged = rows[rows["place_id"] == "site-2"]
    assert len(merged) == 1 and len(merged["sources"].iloc[0]) == 2
    assert len(areas) == 4
