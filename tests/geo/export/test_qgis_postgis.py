"""QGIS (Debian python3-qgis) opens a PostGIS store: the project `geo qgis --store` writes, and
each table added the way the QGIS browser adds it, styled from the database's layer_styles."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile

import pytest

from geo.cli import main
from geo.store.postgis import PostgisStore
from geo.store.update import update_store
from maps.style import EVENT_SYMBOLS, LAYER_EXPRESSION, PLACE_SYMBOL
from tests.geo.export.test_qgis import DAYS, _qgis_available
from tests.geo.store.test_store import sample_set
from tests.helpers import ROOT, SYSTEM_PYTHON, require
from tests.postgres import ANALYST_PASSWORD

pytestmark = [pytest.mark.qgis, pytest.mark.postgis]


@pytest.fixture(scope="module")
def report(pg_cluster, tmp_path_factory):
    require(_qgis_available(), "python3-qgis is not installed for /usr/bin/python3 (see .ci/run)")
    folder = tmp_path_factory.mktemp("qgis-postgis")
    name = pg_cluster.new_database()
    url = pg_cluster.tcp_url(name, password=ANALYST_PASSWORD)  # a password in the URL...
    layers = sample_set()
    update_store(url, layers)
    with pytest.raises(SystemExit) as done:
        main(["qgis", "--store", url, "-o", str(folder / "project.qgz")])
    assert done.value.code in (0, None)
    with PostgisStore(url) as db:
        sources = {table: [source, "postgres"] for table, (source, _) in
                   db.qgis_sources().items()}
    (folder / "sources.json").write_text(json.dumps(sources))
    # ...but QGIS gets it only from libpq's environment: the project holds none
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PGPASSWORD": ANALYST_PASSWORD}
    run = subprocess.run(
        [SYSTEM_PYTHON, str(ROOT / "tests" / "geo" / "export" / "qgis_check.py"), "-",
         "--sources", str(folder / "sources.json"), "--project", str(folder / "project.qgz"),
         "--days", ",".join(DAYS)],
        capture_output=True, text=True, env=env, timeout=180,
    )
    assert run.returncode == 0, run.stderr
    return layers, folder, json.loads(run.stdout)


def test_the_project_holds_no_password_and_reads_postgis(report):
    _, folder, found = report
    with zipfile.ZipFile(folder / "project.qgz") as archive:
        xml = archive.read("project.qgs").decode("utf-8")
    assert ANALYST_PASSWORD not in xml and "password" not in xml
    project = found["project"]
    assert project["read"]
    assert project["layer_order"] == ["incidents", "places", "uncertainty", "unresolved",
                                      "OpenStreetMap"]
    counts = {"incidents": 3, "places": 2, "uncertainty": 1, "unresolved": 1}
    for name, count in counts.items():
        layer = project["layers"][name]
        assert layer["valid"] and layer["provider"] == "postgres", name
        assert layer["feature_count"] == count, name
    assert project["layers"]["incidents"]["field_types"]["event_date"] == "date"
    assert project["layers"]["incidents"]["renderer"] == "categorizedSymbol"
    assert project["layers"]["incidents"]["temporal"]["active"]
    assert sum(project["day_counts"].values()) > 0


def test_tables_added_from_the_browser_get_the_default_styles(report):
    _, _, found = report
    layers = found["layers"]
    for name in ("incidents", "places", "uncertainty", "unresolved"):
        assert layers[name]["valid"], name
        assert layers[name]["style_reloaded"], name  # a default style found in layer_styles
    incidents = layers["incidents"]
    assert incidents["crs"] == "EPSG:4326" and incidents["feature_count"] == 3
    assert incidents["renderer"] == "categorizedSymbol"
    assert incidents["attribute"] == LAYER_EXPRESSION
    colors = {c["value"]: c["color"] for c in incidents["categories"]}
    assert all(colors[k] == s.color for k, s in EVENT_SYMBOLS.items())
    places = layers["places"]
    assert places["renderer"] == "singleSymbol" and places["color"] == PLACE_SYMBOL.color
    assert places["labels"] and places["label_field"] == "name"
    for name in ("incidents", "uncertainty"):
        temporal = layers[name]["temporal_from_style"]
        assert temporal["active"] and temporal["start_field"] == "event_date", name
