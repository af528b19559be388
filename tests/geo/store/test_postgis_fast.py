"""What the PostGIS store's faster paths could get wrong, against a real server: lone incidents
sent while the batch merges (rolled back when the merge drops them, held back when one would
replace a stored row), geometries sent without an SRID (every table's is 4326, staged rows'
too), and reads parsed from CSV by Arrow (text that looks like NULL, quotes, line breaks,
infinities, the order of the rows, a URL asking for another client encoding)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import psycopg
import pytest
import shapely

from geo.errors import UserError
from geo.incidents.merge import rows_of
from geo.incidents.schema import IncidentSet, incidents_frame, places_frame, unresolved_frame
from geo.store.column_ids import incident_ids
from geo.store.layers import read_layers
from geo.store.postgis import PostgisStore
from geo.store.update import update_store
from tests.geo.store.test_merge_batch import crowded

pytestmark = pytest.mark.postgis

TRICKY = ["", "NULL", "NA", "nan", "\\.", "a,b", 'say "no"', "line\nbreak", "cr\r\nlf",
          "  padded  ", "قصف 🚀"]


def _far(n: int) -> pd.DataFrame:
    """n incidents a month apart at their own places: none meets another."""
    one = crowded(1, 3, precisions=(1,)).assign(geo_precision=2, event_count=1,
                                                event_id_cnty="", uncertainty_km=5.0)
    frame = pd.concat([one.assign(event_date=one["event_date"] + pd.Timedelta(days=30 * k),
                                  place_id=f"site-{k}") for k in range(n)], ignore_index=True)
    frame["incident_id"] = incident_ids(frame)
    return frame


def _counts(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("incidents", "uncertainty"))


def test_lone_rows_sent_early_are_rolled_back_when_the_merge_drops_them(pg_url):
    far = _far(5)
    with PostgisStore(pg_url) as db, db.batch() as batch:
        batch.take_lone(far, [])
        # the merge fell back to rows: no lone frame, two of its rows added as merged rows
        total = batch.apply(rows_of(far.iloc[:2]), [], [], places_frame(), unresolved_frame(),
                            lone=None)
    assert total == 2 and _counts(pg_url) == (2, 2)
    assert sorted(read_layers(pg_url).incidents["incident_id"]) == sorted(far["incident_id"][:2])


def test_a_lone_row_that_replaces_a_stored_one_waits_for_its_delete(pg_url):
    far = _far(3)
    update_store(pg_url, IncidentSet(incidents=far.iloc[:1]))
    again = far.assign(notes="told again")
    with PostgisStore(pg_url) as db, db.batch() as batch:
        batch.take_lone(again, list(far["incident_id"][:1]))  # its id is stored
        assert batch._lone.sent is None  # held back: sent after the stored row is deleted
        batch.apply([], [], list(far["incident_id"][:1]), places_frame(), unresolved_frame(),
                    lone=again)
    back = read_layers(pg_url).incidents
    assert len(back) == 3 and set(back["notes"]) == {"told again"} and _counts(pg_url) == (3, 3)


def test_a_lone_row_the_server_refuses_fails_the_batch_whole(pg_url):
    far = _far(4)
    update_store(pg_url, IncidentSet(incidents=far.iloc[:1]))
    before = read_layers(pg_url).incidents
    refused = "the batch was not written .*the store is as it was"
    with pytest.raises(UserError, match=refused), PostgisStore(pg_url) as db, \
            db.batch() as batch:
        batch.take_lone(far, [])  # the first id is stored, but not said to be
        batch.apply([], [], [], places_frame(), unresolved_frame(), lone=far)
    assert read_layers(pg_url).incidents.equals(before) and _counts(pg_url) == (1, 1)


def test_every_stored_geometry_has_srid_4326(pg_url):
    batch = crowded(200, 5)
    update_store(pg_url, IncidentSet(incidents=batch))
    update_store(pg_url, IncidentSet(incidents=crowded(200, 6)))  # merges: staged upserts
    places = places_frame([{"place_id": "iq-qaim", "name": "Al Qaim", "kind": "town",
                            "country": "IQ", "lat": 34.37, "lon": 41.09}])
    update_store(pg_url, IncidentSet(incidents=batch.iloc[:0], places=places))
    with psycopg.connect(pg_url) as con:
        for table in ("incidents", "places", "uncertainty"):
            srids = con.execute(f"SELECT DISTINCT ST_SRID(geometry) FROM {table}"
                                " WHERE geometry IS NOT NULL").fetchall()
            assert srids == [(4326,)], table
        updated = con.execute("SELECT count(*) FROM incidents WHERE jsonb_array_length(sources)"
                              " > 1").fetchone()[0]
    assert updated > 0  # some rows did go through the stage


def test_reads_keep_tricky_text_numbers_and_order(pg_cluster):
    n = len(TRICKY)
    days = [dt.date(2024, 1, 1 + i // 2) if i % 4 else None for i in range(n)]
    rows = [dict(event_date=days[i], event_type="shelling", place_name=text, notes=text,
                 actor=f"actor {i}", lat=33.0 + i / 100, lon=44.0,
                 resolution_score=[np.inf, -np.inf, 1e-300, None][i % 4],
                 fatalities=[None, 0, -3, 2**31 - 1][i % 4],
                 sources=[{"quote": text, "url": "https://news.example/x"}])
            for i, text in enumerate(TRICKY)]
    # a URL that asks for another client encoding still writes and reads UTF-8 text
    plain = pg_cluster.url(pg_cluster.new_database())
    url = plain + "&client_encoding=LATIN1"
    update_store(url, IncidentSet(incidents=incidents_frame(rows)))
    with psycopg.connect(plain) as con:  # as SQL sees it
        stored = {row[0] for row in con.execute("SELECT notes FROM incidents")}
    assert stored == set(TRICKY)
    back = read_layers(url).incidents
    assert sorted(back["notes"]) == sorted(TRICKY) and sorted(back["place_name"]) == \
        sorted(TRICKY)
    by_note = back.set_index("notes")
    for i, text in enumerate(TRICKY):
        got = by_note.loc[text]
        assert list(got["sources"]) == rows[i]["sources"]
        want = rows[i]["resolution_score"]
        assert (np.isnan(got["resolution_score"]) if want is None
                else got["resolution_score"] == want)
        want = rows[i]["fatalities"]
        assert got["fatalities"] is pd.NA if want is None else got["fatalities"] == want
        assert shapely.equals_exact(got["geometry"], shapely.Point(44.0, rows[i]["lat"]), 0)
    # by date, undated last, then by id
    dated = back["event_date"].notna().to_numpy()
    assert not (dated[1:] & ~dated[:-1]).any()
    keys = list(zip(back["event_date"].fillna(np.datetime64("9999-12-31")), back["incident_id"],
                    strict=True))
    assert keys == sorted(keys)
    assert back["event_date"].dtype == "datetime64[ms]" and back["event_date"].isna().sum() == \
        sum(d is None for d in days)


def _indexes(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as con:
        return con.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN"
                           " ('incidents', 'uncertainty') ORDER BY indexname").fetchall()


def test_a_first_batch_builds_the_same_indexes_after_its_rows(pg_url):
    with PostgisStore(pg_url):  # the tables as the migrations make them
        pass
    made = _indexes(pg_url)
    assert len(made) == 6  # keys, GiST, dates, place ids
    update_store(pg_url, IncidentSet(incidents=_far(6)))
    assert _indexes(pg_url) == made
    with psycopg.connect(pg_url) as con:  # and they are used and enforced
        plan = con.execute("EXPLAIN SELECT * FROM incidents WHERE geometry && "
                           "ST_MakeEnvelope(0, 0, 1, 1, 4326)").fetchall()
        con.execute("SET enable_seqscan = off")
        assert "incidents_geometry_gist" in str(con.execute(
            "EXPLAIN SELECT * FROM incidents WHERE geometry && "
            "ST_MakeEnvelope(0, 0, 1, 1, 4326)").fetchall()), plan
        with pytest.raises(psycopg.errors.UniqueViolation):
            con.execute("INSERT INTO incidents (incident_id) SELECT incident_id FROM incidents"
                        " LIMIT 1")


def test_a_first_batch_that_fails_leaves_its_indexes(pg_url):
    with PostgisStore(pg_url):
        pass
    made = _indexes(pg_url)
    twice = pd.concat([_far(3), _far(3).iloc[:1]], ignore_index=True)  # one id twice
    with pytest.raises(UserError, match="the batch was not written"), \
            PostgisStore(pg_url) as db, db.batch() as batch:
        batch.take_lone(twice, [])
        batch.apply([], [], [], places_frame(), unresolved_frame(), lone=twice)
    assert _indexes(pg_url) == made and _counts(pg_url) == (0, 0)


def test_a_key_another_table_needs_is_kept(pg_url):
    with PostgisStore(pg_url) as db:
        db.con.execute("CREATE TABLE desk_notes (incident_id text REFERENCES incidents)")
    made = _indexes(pg_url)
    update_store(pg_url, IncidentSet(incidents=_far(4)))
    assert _indexes(pg_url) == made and _counts(pg_url) == (4, 4)
