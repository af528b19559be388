"""The store's columnar merge (geo.store.update.merge_batch) against the row-by-row merge it
stands in for: the same incidents, ids and counts on crowded random batches, ids hashed from
columns as incident_id hashes them, and the grouping's connected components."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.incidents.schema import CRS, EVENT_TYPES, IncidentSet, incident_id, incidents_frame
from geo.store.alone import alone, components
from geo.store.column_ids import incident_ids
from geo.store.update import merge_batch, merge_update

TYPES = [*sorted(EVENT_TYPES)[:5], "other attack", ""]


def crowded(n: int, seed: int, *, precisions=(1, 1, 2, 3, None)) -> gpd.GeoDataFrame:
    """n incidents packed into a small region and a few weeks: places, cells, days, types,
    precisions and sources shared often, so that many rows meet and some merge."""
    rng = np.random.default_rng(seed)
    pick = rng.integers
    days = np.datetime64("2024-03-01") + pick(0, 150, n).astype("timedelta64[D]")
    ends = np.where(rng.random(n) < 0.1, days + pick(1, 9, n).astype("timedelta64[D]"),
                    np.datetime64("NaT"))
    undated = rng.random(n) < 0.05
    geo = rng.choice([1] * 10 + [2] * 5 + [3] * 3 + [4], n)
    located = rng.random(n) < 0.9
    frame = incidents_frame(pd.DataFrame({
        "event_date": np.where(undated, np.datetime64("NaT"), days).astype("datetime64[ms]"),
        "date_end": ends.astype("datetime64[ms]"),
        "time_precision": pd.array(rng.choice(np.array(precisions, dtype=object), n),
                                   dtype="Int64"),
        "event_type": rng.choice(TYPES, n),
        "status": rng.choice(["reported", "claimed", "denied"], n),
        "actor": rng.choice(["", "Militia A", "Army B"], n),
        "target": rng.choice(["", "Base C"], n),
        "place_name": rng.choice(["Al Qaim", " al qaim", "Tanf", "Rawa", ""], n),
        "place_id": rng.choice(["", "", "", "", "", "iq-qaim", "sy-tanf", "iq-rawa"], n),
        "geo_precision": pd.array(geo, dtype="Int64"),
        "uncertainty_km": np.where(geo > 1, rng.choice([5.0, 30.0, np.nan], n), np.nan),
        "country": rng.choice(["IQ", "IQ", "SY", ""], n),
        "admin1": rng.choice(["", "Anbar"], n),
        "event_count": pd.array(rng.choice([1] * 30 + [3], n), dtype="Int64"),
        "event_id_cnty": rng.choice(["", "", "", "IRQ1", "IRQ2 "], n),
        "notes": rng.choice(["", "headed 2024-03-02"], n),
        "sources": [[{"url": f"https://news.example/{pick(0, n // 3 + 1)}",
                      "file": f"desk/{pick(0, 6)}.txt", "quote": f"q{pick(0, 4)}"}]
                    for _ in range(n)],
        "incident_id": [f"given-{pick(0, n * 2)}" for _ in range(n)],
    }))
    lon, lat = rng.uniform(38.0, 44.0, n), rng.uniform(31.0, 36.0, n)
    points = gpd.points_from_xy(lon, lat)
    frame["geometry"] = gpd.GeoSeries(np.where(located, points, None), crs=CRS)
    return frame


def incidents_json(merged) -> list[str]:
    """The merged incidents, each as JSON text (sources and all), sorted."""
    frame = merged.layers().incidents
    rows = []
    for rec in frame.to_dict("records"):
        rec["geometry"] = None if rec["geometry"] is None else rec["geometry"].wkt
        rows.append(json.dumps(rec, sort_keys=True, default=str))
    return sorted(rows)


def counts(merged) -> tuple:
    return (len(merged.added) + len(merged.lone), len(merged.updated), sorted(merged.gone),
            merged.unchanged, merged.count)


@pytest.mark.parametrize("seed", range(6))
def test_a_crowded_batch_merges_as_row_by_row(seed):
    batch = IncidentSet(incidents=crowded(400, seed))
    slow, fast = merge_update(IncidentSet(), batch), merge_batch(IncidentSet(), batch)
    assert len(fast.rows) < 400 and len(fast.lone) > 0  # some rows merged, some alone
    assert counts(fast) == counts(slow)
    assert incidents_json(fast) == incidents_json(slow)


@pytest.mark.parametrize("seed", range(4))
def test_a_batch_into_stored_incidents_merges_as_row_by_row(seed):
    stored = merge_update(IncidentSet(), IncidentSet(incidents=crowded(300, seed))).layers()
    again = crowded(300, seed).iloc[100:]  # tellings the store holds, and new ones
    batch = IncidentSet(incidents=pd.concat([again, crowded(200, seed + 50)],
                                            ignore_index=True))
    slow, fast = merge_update(stored, batch), merge_batch(stored, batch)
    assert slow.unchanged > 0 and len(slow.updated) > 0  # stored rows kept, and merged with
    assert counts(fast) == counts(slow)
    assert incidents_json(fast) == incidents_json(slow)


def test_one_precision_and_mixed_precisions_both_merge_as_row_by_row():
    for precisions in ((1,), (1, 2), (3, 1)):
        batch = IncidentSet(incidents=crowded(300, 7, precisions=precisions))
        slow, fast = merge_update(IncidentSet(), batch), merge_batch(IncidentSet(), batch)
        assert incidents_json(fast) == incidents_json(slow), precisions


def test_rows_far_apart_skip_the_row_merge_and_twins_do_not():
    """The fast path both ways: rows that cannot meet are all lone; a telling of a stored
    event is merged with it (one incident, both sources), as the row merge does."""
    one = crowded(1, 3, precisions=(1,)).assign(place_id="iq-qaim", geo_precision=1,
                                                event_count=1, event_id_cnty="")
    far = pd.concat([one.assign(event_date=one["event_date"] + pd.Timedelta(days=30 * k),
                                place_id=f"site-{k}") for k in range(5)], ignore_index=True)
    merged = merge_batch(IncidentSet(), IncidentSet(incidents=far))
    assert (len(merged.lone), len(merged.rows)) == (5, 0)
    stored = merged.layers()
    twin = one.assign(sources=[[{"url": "https://other.example/1", "quote": "again"}]])
    again = merge_batch(stored, IncidentSet(incidents=twin))
    assert (len(again.lone), len(again.kept), len(again.updated)) == (0, 4, 1)
    slow = merge_update(stored, IncidentSet(incidents=twin))
    assert incidents_json(again) == incidents_json(slow)
    (row,) = again.updated
    assert len(row["sources"]) == 2


def test_a_frame_the_columns_cannot_read_goes_row_by_row():
    frame = crowded(60, 2)
    frame["event_date"] = frame["event_date"].dt.date.astype(object)  # dates as objects
    batch = IncidentSet(incidents=frame)
    fast, slow = merge_batch(IncidentSet(), batch), merge_update(IncidentSet(), batch)
    assert len(fast.lone) == 0 and incidents_json(fast) == incidents_json(slow)


def test_ids_from_columns_are_incident_ids():
    frame = crowded(300, 11)
    frame.loc[:5, "actor"] = ["  Militia A ", "MİLİTİA", "Straße", "", "x\u00a0", "ǅ"]
    from geo.incidents.merge import rows_of

    assert incident_ids(frame).tolist() == [incident_id(row) for row in rows_of(frame)]


def test_components_join_what_edges_join():
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(5)
    for nodes, edges in ((50, 10), (500, 400), (2000, 1990), (3, 0)):
        a, b = rng.integers(0, nodes, edges), rng.integers(0, nodes, edges)
        mine = components(nodes, a, b)
        graph = coo_matrix((np.ones(edges), (a, b)), shape=(nodes, nodes))
        theirs = connected_components(graph, directed=False)[1]
        # the same partition: one of mine per one of theirs
        pairs = set(zip(mine.tolist(), theirs.tolist(), strict=True))
        assert len(pairs) == len(set(mine.tolist())) == len(set(theirs.tolist()))


def test_alone_says_which_rows_of_each_frame_meet_none():
    frame = crowded(200, 4)
    old, new = alone([frame.iloc[:50], frame.iloc[50:]])
    assert (len(old), len(new)) == (50, 150)
    assert 0 < int(old.sum() + new.sum()) < 200
