"""ACLED's columns in a PostGIS store: an older database gains them, and an ACLED export goes
in and comes out column for column, as with a GeoPackage."""

from __future__ import annotations

import psycopg
import pytest

from geo.store.layers import read_layers
from geo.store.pg_schema import migrate
from tests.geo.export.test_acled import FIXTURE, geo, read_csv

pytestmark = pytest.mark.postgis
ACLED_COLUMNS = ("event_id_cnty", "assoc_actor_1", "inter1", "assoc_actor_2", "inter2",
                 "civilian_targeting", "admin2", "admin3", "source_scale", "tags", "acled_row")


def test_an_older_store_gains_the_acled_columns(pg_url):
    with psycopg.connect(pg_url) as con:
        migrate(con, "test")
        for name in ACLED_COLUMNS:
            con.execute(f"ALTER TABLE incidents DROP COLUMN {name}")
        con.commit()
    assert len(read_layers(pg_url).incidents) == 0  # opening adds them back
    with psycopg.connect(pg_url) as con:
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'incidents'")}
        kinds = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns"
                                 " WHERE table_name = 'incidents'").fetchall())
    assert set(ACLED_COLUMNS) <= have
    assert kinds["inter1"] == "integer" and kinds["acled_row"] == "text"


def test_acled_in_and_out_of_postgis_column_for_column(pg_url, tmp_path):
    ingest = geo("ingest", str(FIXTURE), "--store", pg_url)
    assert ingest.returncode == 0, ingest.stderr
    out = tmp_path / "out.csv"
    assert geo("export", "--store", pg_url, "-o", str(out), "--format", "acled").returncode == 0
    assert read_csv(out) == read_csv(FIXTURE)
    again = geo("ingest", str(FIXTURE), "--store", pg_url)  # nothing twice
    assert "0 added" in again.stdout and "27 incidents in the store" in again.stdout
