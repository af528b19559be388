"""QGIS itself (Debian python3-qgis) opens the GeoPackage and the generated project."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile

import pandas as pd
import pytest
from pyproj import Transformer

from geo.cli import main
from geo.export.files import export
from maps.qml import UNCERTAINTY_LAYER_OPACITY
from maps.style import EVENT_SYMBOLS, LAYER_EXPRESSION, LAYER_SYMBOLS, PLACE_SYMBOL
from tests.geo.store.test_store import sample_set
from tests.helpers import ROOT, SYSTEM_PYTHON, require

pytestmark = pytest.mark.qgis

DAYS = ("2023-10-17", "2023-10-18", "2023-10-19", "2023-10-20", "2023-10-21", "2024-01-28")


def _qgis_available() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    require(_qgis_available(), "python3-qgis is not installed for /usr/bin/python3 (see .ci/run)")
    folder = tmp_path_factory.mktemp("qgis")
    layers = sample_set()
    store = export(layers, folder / "data" / "store.gpkg")
    with pytest.raises(SystemExit) as done:
        main(["qgis", str(store), "-o", str(folder / "project.qgz")])
    assert done.value.code in (0, None)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = ROOT / "tests" / "geo" / "export" / "qgis_check.py"
    run = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(script),
            str(store),
            "--project",
            str(folder / "project.qgz"),
            "--days",
            ",".join(DAYS),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    return layers, folder, json.loads(run.stdout)


def test_every_layer_is_valid_in_wgs84_with_its_features(report):
    layers, _, found = report
    counts = {"incidents": 3, "places": 2, "uncertainty": 1, "unresolved": 1}
    for name, count in counts.items():
        info = found["layers"][name]
        assert info["valid"] and info["feature_count"] == count, name
        if name != "unresolved":
            assert info["crs"] == "EPSG:4326"
    assert found["layers"]["incidents"]["field_types"]["event_date"] == "Date"


def test_default_styles_are_applied_on_open(report):
    _, _, found = report
    incidents = found["layers"]["incidents"]
    assert incidents["renderer"] == "categorizedSymbol"
    assert incidents["attribute"] == LAYER_EXPRESSION
    values = [c["value"] for c in incidents["categories"]]
    assert values == [*LAYER_SYMBOLS, ""]
    colors = {c["value"]: c["color"] for c in incidents["categories"]}
    assert all(colors[k] == s.color for k, s in EVENT_SYMBOLS.items())
    places = found["layers"]["places"]
    assert places["renderer"] == "singleSymbol" and places["color"] == PLACE_SYMBOL.color
    assert places["labels"] and places["label_field"] == "name"
    uncertainty = found["layers"]["uncertainty"]
    assert uncertainty["renderer"] == "RuleRenderer"  # circles, and areas hatched
    assert [label for label, _ in uncertainty["rules"]][0] == "Location uncertainty"
    assert all("geo_precision" in rule for _, rule in uncertainty["rules"])
    assert uncertainty["opacity"] == UNCERTAINTY_LAYER_OPACITY  # drawn as one image


def test_stored_styles_carry_temporal_settings(report):
    _, _, found = report
    for name in ("incidents", "uncertainty"):
        temporal = found["layers"][name]["temporal_from_style"]
        assert temporal["active"] and temporal["start_field"] == "event_date", name
        assert "event_date" in temporal["start_expression"]


def test_project_opens_with_layers_time_range_and_extent(report):
    layers, folder, found = report
    project = found["project"]
    assert project["read"] and project["crs"] == "EPSG:3857"
    assert project["layer_order"] == [
        "incidents",
        "places",
        "uncertainty",
        "unresolved",
        "OpenStreetMap",
    ]
    assert all(layer["valid"] for layer in project["layers"].values())
    assert project["layers"]["OpenStreetMap"]["provider"] == "wms"
    assert project["layers"]["incidents"]["temporal"]["active"]
    assert project["absolute_paths"] is False
    with zipfile.ZipFile(folder / "project.qgz") as archive:
        xml = archive.read("project.qgs").decode("utf-8")
    assert "./data/store.gpkg|layername=incidents" in xml and str(folder) not in xml
    dates = pd.concat([layers.incidents["event_date"], layers.incidents["date_end"]]).dropna()
    assert project["time_range"][0].startswith(dates.min().strftime("%Y-%m-%d"))
    to_lonlat = Transformer.from_crs(project["view_crs"], "EPSG:4326", always_xy=True)
    xmin, ymin, xmax, ymax = project["view_extent"]
    (west, east), (south, north) = to_lonlat.transform([xmin, xmax], [ymin, ymax])
    points = layers.incidents.geometry.dropna()
    assert (points.x.between(west, east) & points.y.between(south, north)).all()
    assert east - west < 20 and north - south < 20  # the data's extent, not the world


def test_temporal_controller_shows_each_incident_on_its_days(report):
    layers, _, found = report
    incidents = layers.incidents
    expected = {}
    for day in DAYS:
        when = pd.Timestamp(day)
        end = incidents["date_end"].fillna(incidents["event_date"])
        expected[day] = int(((incidents["event_date"] <= when) & (end >= when)).sum())
    assert found["project"]["day_counts"] == expected
    assert sum(expected.values()) > 0
