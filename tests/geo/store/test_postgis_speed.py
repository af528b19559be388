"""What this round's faster paths of the PostGIS store could get wrong, against a real server:
ids sent as one text the server splits (separators, empty ids, quotes and braces an array
literal would read), the place counts they keep, and the uncertainty areas the store writes
(the geodesic circles drawn from half circles: the same vertices, bit for bit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import psycopg
import pytest
import shapely

from gazetteer.geodesy import CIRCLE_VERTICES, WGS84
from geo.incidents.schema import IncidentSet, places_frame
from geo.store.layers import read_layers
from geo.store.pg_arrays import any_of
from geo.store.postgis import PostgisStore
from geo.store.update import update_store
from tests.geo.store.test_postgis_fast import _far

pytestmark = pytest.mark.postgis

ODD_IDS = ["plain", "{braced}", "a,b", 'say "no"', "back\\slash", "NULL", " padded ",
           "قصف", "line\nbreak"]


@pytest.mark.parametrize("ids", [ODD_IDS, [*ODD_IDS, "unit\x1fseparator"], [*ODD_IDS, ""],
                                 [""], [f"id-{i}" for i in range(20_000)]])
def test_ids_reach_the_server_as_they_are(pg_url, ids):
    sql, params = any_of("v", ids)
    with psycopg.connect(pg_url) as con:
        got = [row[0] for row in con.execute(
            f"SELECT v FROM unnest(%s::text[]) v WHERE {sql}", ([*ids, "other"], *params))]
    assert got == ids


def test_place_counts_follow_new_incidents_at_odd_place_ids(pg_url):
    far = _far(6)
    odd = ["site,1", "{site}", 'si"te', "site-3", "site-4", "site-5"]
    far["place_id"] = odd
    places = places_frame(pd.DataFrame({"place_id": odd, "name": odd, "kind": "town",
                                        "country": "IQ", "geometry": far.geometry}))
    update_store(pg_url, IncidentSet(incidents=far, places=places))
    counts = read_layers(pg_url).places.set_index("place_id")["incident_count"]
    assert counts.loc[odd].tolist() == [1] * 6
    moved = far.iloc[:2].assign(place_id='si"te')  # a new telling each, at another place
    moved["event_date"] = moved["event_date"] + pd.Timedelta(days=400)
    update_store(pg_url, IncidentSet(incidents=moved))
    counts = read_layers(pg_url).places.set_index("place_id")["incident_count"]
    assert counts.loc[odd].tolist() == [1, 1, 3, 1, 1, 1]


def test_the_stored_circles_are_the_per_vertex_geodesics(pg_url):
    far = _far(40)
    rng = np.random.default_rng(4)
    lon, lat = rng.uniform(-180, 180, len(far)), rng.uniform(-89, 89, len(far))
    lon[:4], lat[:4] = [180.0, -180.0, 0.0, 179.99], [0.0, 33.3, -0.0, 89.9]
    lon[5], lat[5] = lon[6], lat[6]  # one place twice
    far["geometry"] = shapely.points(lon, lat)
    far["uncertainty_km"] = rng.uniform(0.5, 900, len(far))
    far["country"] = ""
    update_store(pg_url, IncidentSet(incidents=far))
    with PostgisStore(pg_url) as db:
        areas = db.uncertainty().set_index("incident_id")
    stored = read_layers(pg_url).incidents.set_index("incident_id")
    assert len(areas) == len(stored) == len(far)
    stored = stored.loc[areas.index]
    azimuths = np.linspace(360.0, 0.0, CIRCLE_VERTICES, endpoint=False)
    for key, area in areas.iterrows():
        point, km = stored.loc[key, "geometry"], stored.loc[key, "uncertainty_km"]
        x, y, _ = WGS84.fwd(np.full(CIRCLE_VERTICES, point.x), np.full(CIRCLE_VERTICES, point.y),
                            azimuths, np.full(CIRCLE_VERTICES, km * 1000.0))
        want = np.stack([np.r_[x, x[:1]], np.r_[y, y[:1]]], axis=1)
        assert np.array_equal(shapely.get_coordinates(area.geometry), want), key


def test_points_read_as_coordinates_come_back_exactly(pg_cluster):
    """Points are read as their two numbers, not WKB: every bit of them, whatever the
    database's extra_float_digits; an empty point stays empty, a missing one missing."""
    database = pg_cluster.new_database()
    url = pg_cluster.url(database)
    with psycopg.connect(pg_cluster.url(database, "postgres"), autocommit=True) as con:
        con.execute(f"ALTER DATABASE {database} SET extra_float_digits = 0")  # 15 digits
    far = _far(8)
    lon = np.array([44.123456789012345, 0.1 + 0.2, -180.0, 180.0, -0.0, 1 / 3, 5e-324, 33.3])
    lat = np.array([33.3, -(0.1 + 0.7), 90.0, -90.0, 12.000000000000002, 2 / 3, -1e-300, 0.0])
    far["geometry"] = shapely.points(lon, lat)
    update_store(url, IncidentSet(incidents=far))
    with psycopg.connect(url, autocommit=True) as con:  # as QGIS or psql could leave them
        ids = [r[0] for r in con.execute("SELECT incident_id FROM incidents ORDER BY "
                                         "incident_id LIMIT 2")]
        con.execute("UPDATE incidents SET geometry = ST_SetSRID('POINT EMPTY'::geometry, "
                    "4326) WHERE incident_id = %s", (ids[0],))
        con.execute("UPDATE incidents SET geometry = NULL WHERE incident_id = %s", (ids[1],))
    back = read_layers(url).incidents.set_index("incident_id")
    assert back.loc[ids[0], "geometry"].is_empty and back.loc[ids[1], "geometry"] is None
    stored = back.drop(index=ids)
    written = far.set_index("incident_id").loc[stored.index]
    got = shapely.get_coordinates(stored.geometry.to_numpy())
    want = shapely.get_coordinates(written.geometry.to_numpy())
    assert len(got) == 6 and np.array_equal(got.view(np.int64), want.view(np.int64))


def _index_names(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT indexname FROM pg_indexes WHERE tablename IN "
                                      "('incidents', 'uncertainty')")}


@pytest.mark.parametrize("pending", [0, 50])
def test_indexes_built_while_merging_are_made_again_after_a_rollback(pg_url, pending):
    """Lone rows into an empty store: their indexes are built as soon as they are in (when
    few rows still merge) or after the merge; rolled back with them when the merge drops
    them, they are built again over the rows the batch writes instead."""
    from geo.incidents.merge import rows_of
    from geo.incidents.schema import unresolved_frame
    from tests.geo.store.test_postgis_fast import _counts

    with PostgisStore(pg_url) as db:
        made = _index_names(db.con)
    far = _far(5)
    with PostgisStore(pg_url) as db, db.batch() as batch:
        batch.take_lone(far, [], pending)
        batch._lone.sent.result()
        with db.con.cursor() as cur:  # inside the batch, before the merge is done
            built = _index_names(cur.connection)
        assert built == (made if pending == 0 else set())
        batch.apply(rows_of(far.iloc[:2]), [], [], places_frame(), unresolved_frame(),
                    lone=None)  # the merge fell back: the lone frame is dropped
    with psycopg.connect(pg_url) as con:
        assert _index_names(con) == made
        with pytest.raises(psycopg.errors.UniqueViolation):
            con.execute("INSERT INTO incidents (incident_id) SELECT incident_id FROM incidents"
                        " LIMIT 1")
    assert _counts(pg_url) == (2, 2)
