"""The PostGIS store against a real PostgreSQL + PostGIS: the same incidents as the GeoPackage
store, real column types, migrations from the first schema version, libpq credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from geo.errors import UserError
from geo.incidents.schema import INCIDENT_COLUMNS, PLACE_COLUMNS, UNRESOLVED_COLUMNS
from geo.pipeline.ingest import ingest_paths
from geo.store.layers import read_layers
from geo.store.pg_schema import LATEST, migrate, stored_version
from geo.store.postgis import PostgisStore
from geo.store.update import update_store
from tests.geo.store.test_store import sample_set
from tests.helpers import ROOT, SEEDS
from tests.postgres import ANALYST_PASSWORD

pytestmark = pytest.mark.postgis
GEO = str(Path(sys.executable).with_name("geo"))


def canonical(frame: pd.DataFrame, key: str, columns) -> list[str]:
    """Rows as sorted JSON text: values compared as a reader sees them, geometry as WKT."""
    rows = []
    for rec in frame.to_dict("records"):
        out = {}
        for name in columns:
            value = rec[name]
            if name == "geometry":
                value = None if value is None or value.is_empty else value.wkt
            elif name == "sources":
                value = sorted(json.dumps(s, sort_keys=True) for s in value)
            elif value is None or value is pd.NaT or (not isinstance(value, str)
                                                      and pd.isna(value)):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            out[name] = value
        rows.append(json.dumps(out, sort_keys=True, default=str))
    return sorted(rows)


@pytest.fixture(scope="module")
def batches(gazetteer):
    """Two real ingests: the seed articles, then a dev corpus folder that tells some of the
    same events again."""
    from geo.resolve.chain import Resolver

    resolver = Resolver(gazetteer)
    first = ingest_paths([SEEDS], resolver=resolver).layers
    second = ingest_paths([ROOT / "tests" / "corpus" / "dev" / "iraq_syria"],
                          resolver=resolver).layers
    return first, second


def test_round_trip_holds_the_same_incidents_as_the_geopackage_store(batches, pg_url, tmp_path):
    gpkg = tmp_path / "store.gpkg"
    seeds, dev = batches
    for n, layers in enumerate([seeds, seeds, dev, seeds, dev]):
        on_file, in_db = update_store(gpkg, layers), update_store(pg_url, layers)
        assert (in_db.added, in_db.updated, in_db.unchanged, in_db.total) == \
            (on_file.added, on_file.updated, on_file.unchanged, on_file.total), n
        if n == 1:
            assert (in_db.added, in_db.updated) == (0, 0)  # the same batch again: no change
        file_set, db_set = read_layers(gpkg), read_layers(pg_url)
        assert canonical(db_set.incidents, "incident_id", INCIDENT_COLUMNS) == \
            canonical(file_set.incidents, "incident_id", INCIDENT_COLUMNS), n
        assert canonical(db_set.places, "place_id", PLACE_COLUMNS) == \
            canonical(file_set.places, "place_id", PLACE_COLUMNS), n
        assert canonical(db_set.unresolved, "mention", UNRESOLVED_COLUMNS) == \
            canonical(file_set.unresolved, "mention", UNRESOLVED_COLUMNS), n
    assert in_db.total > len(seeds.incidents)  # the dev folder brought new incidents


def test_uncertainty_areas_follow_the_incidents(batches, pg_url, tmp_path):
    from geo.incidents.uncertainty import uncertainty_areas

    for layers in batches:
        update_store(pg_url, layers)
    with PostgisStore(pg_url) as db:
        areas = db.uncertainty()
        incidents = db.read().incidents
    expected = uncertainty_areas(incidents)
    assert len(areas) == len(expected) > 0
    assert sorted(areas["incident_id"]) == sorted(expected["incident_id"])
    mine = areas.set_index("incident_id").geometry
    for row in expected.itertuples():
        assert mine[row.incident_id].equals_exact(row.geometry, 1e-9)


def test_columns_have_real_types_and_spatial_indexes(pg_url):
    update_store(pg_url, sample_set())
    with psycopg.connect(pg_url) as con:
        types = dict(con.execute(
            "SELECT table_name || '.' || column_name, udt_name FROM information_schema.columns"
            " WHERE table_schema = 'public'").fetchall())
        shapes = {row[0]: row[1:] for row in con.execute(
            "SELECT f_table_name, type, srid FROM geometry_columns").fetchall()}
        gist = {row[0] for row in con.execute(
            "SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'").fetchall()}
        styles = con.execute("SELECT f_table_name, f_geometry_column, useasdefault,"
                             " f_table_catalog = current_database() FROM layer_styles"
                             " ORDER BY f_table_name").fetchall()
    assert types["incidents.event_date"] == types["incidents.date_end"] == "date"
    assert types["unresolved.event_date"] == "date"
    assert types["incidents.sources"] == "jsonb"
    assert types["incidents.time_precision"] == "int4"
    assert types["incidents.uncertainty_km"] == "float8"
    assert shapes == {"incidents": ("POINT", 4326), "places": ("POINT", 4326),
                      "uncertainty": ("POLYGON", 4326)}
    assert gist == {"incidents", "places", "uncertainty"}
    assert styles == [("incidents", "geometry", True, True), ("places", "geometry", True, True),
                      ("uncertainty", "geometry", True, True), ("unresolved", None, True, True)]
    for table in ("incidents", "places", "uncertainty", "unresolved"):
        schema = {"incidents": INCIDENT_COLUMNS, "places": PLACE_COLUMNS,
                  "unresolved": UNRESOLVED_COLUMNS}.get(table, ())
        assert {c for c in schema} <= {k.split(".")[1] for k in types if k.startswith(table)}


def test_sources_are_jsonb_that_sql_can_query(pg_url):
    update_store(pg_url, sample_set())
    with psycopg.connect(pg_url) as con:
        urls = con.execute("SELECT s->>'url' FROM incidents, jsonb_array_elements(sources) s"
                           ).fetchall()
    assert urls == [("https://news.example/t22",)]


def test_migration_from_the_first_schema_version(pg_url):
    with psycopg.connect(pg_url) as con:
        assert migrate(con, "test", target=1) == 1
        con.execute("INSERT INTO incidents (incident_id, event_date, event_type, sources,"
                    " geometry) VALUES ('0123456789abcdef', '2024-01-28', 'drone attack',"
                    " '[{\"url\": \"https://old.example\"}]', ST_SetSRID(ST_MakePoint(38.69,"
                    " 33.32), 4326))")
        for reason in ("no match", "ambiguous"):  # version 1 kept each telling of a mention
            con.execute("INSERT INTO unresolved (mention, reason, event_date, url) VALUES"
                        " ('Harab Cir', %s, '2024-01-02', 'https://x.example')", (reason,))
        con.execute("ALTER TABLE incidents DROP COLUMN notes")  # a column added since
        con.commit()
        with con.cursor() as cur:
            assert stored_version(cur) == 1
    store = read_layers(pg_url)  # opening upgrades it
    assert list(store.incidents.incident_id) == ["0123456789abcdef"]
    assert store.incidents.sources[0] == [{"url": "https://old.example"}]
    assert list(store.unresolved.reason) == ["ambiguous"]  # the newest telling kept
    with psycopg.connect(pg_url) as con:
        versions = con.execute("SELECT version FROM geo_schema_version ORDER BY 1").fetchall()
        indexes = {r[0] for r in con.execute("SELECT indexname FROM pg_indexes").fetchall()}
        notes = con.execute("SELECT notes FROM incidents").fetchall()
    assert [v for (v,) in versions] == list(range(1, LATEST + 1))
    assert {"incidents_dates", "incidents_place_id", "unresolved_mention_key"} <= indexes
    assert notes == [("",)]
    # and the upgraded store takes batches: the same mention again stays one row, updated
    update_store(pg_url, sample_set())
    assert list(read_layers(pg_url).unresolved.reason) == ["no match"]


def test_a_store_newer_than_this_code_is_refused(pg_url):
    read_layers(pg_url)
    with psycopg.connect(pg_url) as con:
        con.execute("INSERT INTO geo_schema_version (version, note) VALUES (%s, 'future')",
                    (LATEST + 1,))
    with pytest.raises(UserError, match="newer than this geo-incidents knows"):
        read_layers(pg_url)


@pytest.fixture
def tcp_database(pg_cluster):
    return pg_cluster, pg_cluster.new_database()


def test_credentials_from_the_url_pgpassword_and_pgpass(tcp_database, tmp_path, monkeypatch):
    cluster, name = tcp_database
    monkeypatch.delenv("PGPASSWORD", raising=False)
    update_store(cluster.tcp_url(name, password=ANALYST_PASSWORD), sample_set())
    with pytest.raises(UserError) as refused:
        read_layers(cluster.tcp_url(name))
    assert ANALYST_PASSWORD not in str(refused.value)
    assert "\n" not in str(refused.value) and "cannot connect" in str(refused.value)
    monkeypatch.setenv("PGPASSWORD", ANALYST_PASSWORD)
    assert len(read_layers(cluster.tcp_url(name)).incidents) == 3
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{cluster.port}:{name}:analyst:{ANALYST_PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert len(read_layers(cluster.tcp_url(name)).incidents) == 3


def test_the_cli_never_prints_or_writes_the_password(tcp_database, tmp_path):
    cluster, name = tcp_database
    url = cluster.tcp_url(name, password=ANALYST_PASSWORD)
    out = tmp_path / "out"
    runs = [
        ["build", str(SEEDS / "000_d88a10cd001415fd.txt"), "--out", str(out), "--store", url],
        ["map", url, "-o", str(tmp_path / "map.html")],
        ["export", "--store", url, "-o", str(tmp_path / "x.csv")],
        ["qgis", url, "-o", str(tmp_path / "p.qgs")],
        ["map", "--store", cluster.tcp_url(name, password="wrong"), "-o",
         str(tmp_path / "no.html")],
    ]
    printed = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for args in runs:
        run = subprocess.run([GEO, *args], capture_output=True, text=True, cwd=ROOT,
                             timeout=300, env=env)
        printed.append(run.stdout + run.stderr)
        assert run.returncode == (2 if "wrong" in args[2] else 0), run.stderr
    assert "geo: error:" in printed[-1] and "Traceback" not in printed[-1]
    assert "wrong" not in printed[-1] and len(printed[-1].strip().splitlines()) == 1
    assert f"analyst@127.0.0.1:{cluster.port}/{name}" in printed[0]
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) >= 7
    for text in printed + [p.read_bytes().decode("utf-8", "replace") for p in written]:
        assert ANALYST_PASSWORD not in text
    assert "dbname='" in (tmp_path / "p.qgs").read_text()
