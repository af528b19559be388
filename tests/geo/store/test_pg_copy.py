"""The PostGIS store's fast paths against a real server: binary COPY payloads built column by
column, reads typed column by column, and what they could get wrong (dates around the server's
epoch, NULLs, sources with quotes, newlines and other scripts, polygons, values a column cannot
hold, a stored value that is not the schema's)."""

from __future__ import annotations

import datetime as dt
import gc
import json

import numpy as np
import pandas as pd
import psycopg
import pytest
import shapely

from geo.errors import UserError
from geo.incidents.schema import INCIDENT_COLUMNS, IncidentSet, incidents_frame
from geo.incidents.uncertainty import uncertainty_areas
from geo.store.collector import paused_gc
from geo.store.layers import read_layers
from geo.store.pg_copy import (
    copy_chunks,
    date_field,
    float_field,
    geometry_field,
    int_field,
    sources_field,
    text_field,
)
from geo.store.postgis import PostgisStore
from geo.store.update import update_store
from tests.geo.store.test_postgis import canonical

pytestmark = pytest.mark.postgis

AWKWARD = [  # sources as an analyst's files may hold them
    {"url": "https://news.example/a?x=1&y=\"2\"", "quote": 'He said "it\'s over"\nthen left',
     "file": "desk/2024 01.csv:7", "publisher": "Al-Monitor \\ wire"},
    {"url": "https://news.example/ar", "quote": "قصف على مطار دمشق 🚀 — «عاجل»\t\u2028ok",
     "published": "2024-01-02"},
]


def _rows() -> list[dict]:
    return [
        dict(event_date=dt.date(1999, 12, 31), date_end=dt.date(2000, 1, 1), event_type="airstrike",
             place_name="Damascus airport", place_id="sy-dam-airport", lat=33.411, lon=36.5156,
             geo_precision=1, fatalities=None, resolution_score=87.5, sources=AWKWARD,
             notes="ünïcode; back\\slash; 'quotes'", inter1=None),
        dict(event_date=dt.date(2024, 2, 29), event_type="drone attack", place_name="Erbil",
             lat=36.2375, lon=43.9631, geo_precision=2, uncertainty_km=12.5, fatalities=0,
             inter1=7, sources=[{"url": "https://news.example/e", "quote": ""}]),
        dict(event_date=dt.date(2023, 11, 5), event_type="shelling", place_name="Anbar",
             place_id="", country="IQ", lat=34.37, lon=41.05, geo_precision=3,
             uncertainty_km=60.0, sources=[]),  # a region on the Syrian border: cut to Iraq
        dict(event_date=None, event_type="other attack", place_name="somewhere unnamed",
             sources=[{"url": "https://news.example/u"}]),
        dict(event_date=dt.date(2100, 1, 1), event_type="protest", place_name="Far south",
             lat=-33.25, lon=-0.5, geo_precision=1, fatalities=2**31 - 1, uncertainty_km=0.0),
    ]


def test_awkward_values_come_back_as_written_and_as_the_geopackage_holds_them(pg_url,
                                                                               tmp_path):
    layers = IncidentSet(incidents=incidents_frame(_rows()))
    update_store(pg_url, layers)
    gpkg = tmp_path / "store.gpkg"
    update_store(gpkg, layers)
    back = read_layers(pg_url).incidents
    assert canonical(back, "incident_id", INCIDENT_COLUMNS) == \
        canonical(read_layers(gpkg).incidents, "incident_id", INCIDENT_COLUMNS)
    by_place = back.set_index("place_name")
    first = by_place.loc["Damascus airport"]
    assert list(first["sources"]) == AWKWARD
    assert first["event_date"] == np.datetime64("1999-12-31") and \
        first["date_end"] == np.datetime64("2000-01-01")
    assert first["notes"] == "ünïcode; back\\slash; 'quotes'"
    assert first["resolution_score"] == 87.5 and first["fatalities"] is pd.NA
    assert by_place.loc["Erbil", "fatalities"] == 0 and by_place.loc["Erbil", "inter1"] == 7
    assert by_place.loc["Far south", "fatalities"] == 2**31 - 1
    assert by_place.loc["Far south", "event_date"] == np.datetime64("2100-01-01")
    unnamed = by_place.loc["somewhere unnamed"]
    assert unnamed["geometry"] is None and pd.isna(unnamed["event_date"])
    assert by_place.loc["Far south", "geometry"].equals_exact(shapely.Point(-0.5, -33.25), 0)
    with psycopg.connect(pg_url) as con:  # what SQL sees: real JSON, real dates, SRID 4326
        quote, day, srid = con.execute(
            "SELECT sources->1->>'quote', event_date::text, ST_SRID(geometry) FROM incidents"
            " WHERE place_name = 'Damascus airport'").fetchone()
        kinds = con.execute("SELECT DISTINCT ST_GeometryType(geometry), ST_SRID(geometry)"
                            " FROM uncertainty").fetchall()
    assert (quote, day, srid) == (AWKWARD[1]["quote"], "1999-12-31", 4326)
    assert set(kinds) == {("ST_Polygon", 4326)}


def test_uncertainty_polygons_are_stored_vertex_for_vertex(pg_url):
    update_store(pg_url, IncidentSet(incidents=incidents_frame(_rows())))
    with PostgisStore(pg_url) as store:
        stored = store.uncertainty()
        incidents = store.read().incidents
    expected = uncertainty_areas(incidents).sort_values("incident_id").reset_index(drop=True)
    assert list(stored["incident_id"]) == list(expected["incident_id"])
    assert len(stored) == 2  # the circle and the region (sites at precision 1 have none)
    assert shapely.equals_exact(stored.geometry.values, expected.geometry.values, 0).all()
    region = stored.geometry[stored["geo_precision"] == 3].iloc[0]
    assert shapely.get_num_coordinates(region) != 65  # cut by the border, not a bare circle


def test_the_encoders_write_what_the_server_reads(pg_url):
    """Each column type, NULLs in each, limits, in chunks of two rows (so rows span chunks)."""
    columns = {
        "t": text_field(["", "a'b\"c\\d", None, "é\n\t🚀"]),
        "i": int_field([0, -(2**31), None, 2**31 - 1], "i"),
        "f": float_field([0.1, None, float("nan"), -1e300], "f"),
        "d": date_field([dt.date(2000, 1, 1), dt.date(1, 1, 1), None, dt.date(9999, 12, 31)]),
        "j": sources_field([[], None, '[{"a": 1}]', [{"q": "\u0001 \\ \""}]]),
        "g": geometry_field([shapely.Point(1, 2), None, shapely.box(0, 0, 1, 1),
                             shapely.Point()]),
    }
    with psycopg.connect(pg_url) as con:
        con.execute("CREATE TABLE t (n serial, t text, i integer, f double precision, d date,"
                    " j jsonb, g geometry(Geometry, 4326))")
        with con.cursor().copy("COPY t (t, i, f, d, j, g) FROM STDIN (FORMAT binary)") as copy:
            for chunk in copy_chunks(list(columns.values()), rows_per_chunk=2):
                copy.write(chunk)
        rows = con.execute("SELECT t, i, f, d::text, j::text, ST_AsEWKT(g) FROM t ORDER BY n"
                           ).fetchall()
    assert rows == [
        ("", 0, 0.1, "2000-01-01", "[]", "SRID=4326;POINT(1 2)"),
        ("a'b\"c\\d", -(2**31), None, "0001-01-01", "[]", None),
        ("", None, None, None, '[{"a": 1}]', "SRID=4326;POLYGON((1 0,1 1,0 1,0 0,1 0))"),
        ("é\n\t🚀", 2**31 - 1, -1e300, "9999-12-31", json.dumps([{"q": "\u0001 \\ \""}]),
         "SRID=4326;POINT EMPTY"),
    ]


def test_a_value_its_column_cannot_hold_fails_the_batch_whole(pg_url):
    update_store(pg_url, IncidentSet(incidents=incidents_frame(_rows()[:2])))
    before = read_layers(pg_url).incidents
    bad = [*_rows()[2:4], {**_rows()[4], "fatalities": 2**40}]
    with pytest.raises(UserError) as caught:
        update_store(pg_url, IncidentSet(incidents=incidents_frame(bad)))
    message = str(caught.value)
    assert "fatalities" in message and "store is as it was" in message and "\n" not in message
    after = read_layers(pg_url).incidents
    assert sorted(after["incident_id"]) == sorted(before["incident_id"])
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT count(*) FROM uncertainty").fetchone()[0] == 1


def test_a_stored_value_outside_the_schema_is_named_not_a_traceback(pg_url):
    update_store(pg_url, IncidentSet(incidents=incidents_frame(_rows()[:1])))
    with psycopg.connect(pg_url) as con:
        con.execute("""UPDATE incidents SET sources = '{"url": "x"}'""")
    with pytest.raises(UserError, match="table 'incidents' does not fit the schema"):
        read_layers(pg_url)


def test_the_collector_pause_ends_with_its_block():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer one's pause
        raise RuntimeError
    assert gc.isenabled()


def test_lists_of_sources_encoded_in_one_call_are_cut_into_their_rows():
    """Columns of lists are encoded as one JSON array and cut at its top-level commas: text
    holding quotes, runs of backslashes, brackets, commas and other scripts stays in its
    row (no server needed: each row is read back as JSON)."""
    import random

    rng = random.Random(7)
    pieces = ['"', "\\", "\\\\", '\\"', "[", "]", "{", "}", ",", ":", "é", "🚀", "\n", "\x01",
              " ", "u", "a"]

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))

    values = [AWKWARD, [], [{}], ({"n": [1, {"b": "],"}], "x": None, "f": 1.5},)]
    values += [[{text(): text() for _ in range(rng.randint(0, 3))}
                for _ in range(rng.randint(0, 3))] for _ in range(3000)]
    field = sources_field(values)
    rows = field.data.to_pylist()
    assert len(rows) == len(values) and list(field.lengths) == [len(r) for r in rows]
    assert all(row[:1] == b"\x01" for row in rows)
    assert [json.loads(row[1:]) for row in rows] == json.loads(json.dumps(values))
