"""The QGIS styles as QGIS draws them (PyQGIS renders of a GeoPackage's layers): uncertainty
that stays readable at 10k incidents, areas hatched, area incidents hollow, reviewed incidents
outlined in black; and the uncertainty polygons as RFC 7946 wants them in any GeoJSON."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date

import numpy as np
import pyogrio
import pytest
import shapely
from PIL import Image

from geo.export.files import export
from geo.incidents.schema import IncidentSet, incidents_frame
from geo.incidents.uncertainty import uncertainty_areas
from tests.geo.export.test_qgis import _qgis_available
from tests.helpers import ROOT, SYSTEM_PYTHON, require

pytestmark = pytest.mark.qgis


def _row(lon, lat, gp=1, km=2.0, event_type="airstrike", reviewed="machine", country="IQ",
         place_id="", day=5):
    return {"event_date": date(2024, 1, day), "time_precision": 1, "event_type": event_type,
            "status": "reported", "place_name": "x", "place_id": place_id, "lat": lat,
            "lon": lon, "geo_precision": gp, "uncertainty_km": km, "country": country,
            "reviewed": reviewed, "sources": [{"quote": f"{lon} {lat}", "file": "a"}]}


def _render(gpkg, png, layers, extent, size=(600, 600)):
    require(_qgis_available(), "python3-qgis is not installed for /usr/bin/python3 (see .ci/run)")
    run = subprocess.run(
        [SYSTEM_PYTHON, str(ROOT / "tests" / "geo" / "export" / "qgis_render.py"), str(gpkg),
         str(png), "--layers", layers, "--extent", ",".join(map(str, extent)),
         "--size", f"{size[0]}x{size[1]}"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    drawn = json.loads(run.stdout.strip().splitlines()[-1])
    return np.asarray(Image.open(png).convert("RGB")).astype(int), drawn


def _pixel(drawn, lon, lat):
    x0, y0, x1, y1 = drawn["extent"]
    w, h = drawn["size"]
    return int((lat - y1) / (y0 - y1) * h), int((lon - x0) / (x1 - x0) * w)


def test_uncertainty_stays_light_where_10k_circles_overlap(tmp_path):
    rng = np.random.default_rng(3)
    lon = 43.0 + rng.normal(0, 0.15, 10_000)
    lat = 34.0 + rng.normal(0, 0.15, 10_000)
    rows = [_row(x, y, gp=2, km=float(k), day=1 + i % 28)
            for i, (x, y, k) in enumerate(zip(lon, lat, rng.uniform(5, 20, 10_000), strict=True))]
    rows.append(_row(45.5, 34.0, gp=2, km=10.0))  # one circle alone, for comparison
    gpkg = export(IncidentSet(incidents=incidents_frame(rows)), tmp_path / "dense.gpkg")
    image, drawn = _render(gpkg, tmp_path / "dense.png", "uncertainty", (42.0, 33.0, 46.5, 35.0),
                           size=(900, 400))
    Image.fromarray(image.astype(np.uint8)).save(tmp_path / "check.png")
    centre = image[_pixel(drawn, 43.0, 34.0)]
    alone = image[_pixel(drawn, 45.5, 34.0)]
    background = image[_pixel(drawn, 44.6, 33.2)]
    assert background.min() > 250  # nothing drawn there
    assert alone.max() < 250  # one circle shows
    # ten thousand overlapping fills are no darker than a single one
    assert abs(int(centre.mean()) - int(alone.mean())) <= 8, (centre, alone)
    assert centre.mean() > 200


def test_areas_hatched_area_incidents_hollow_reviewed_outlined(tmp_path):
    rows = [_row(44.0, 33.0, gp=1, event_type="drone attack"),
            _row(45.0, 33.0, gp=1, event_type="drone attack", reviewed="confirmed"),
            _row(43.26181, 33.09403, gp=4, km=400.0, event_type="drone attack", place_id="iq")]
    gpkg = export(IncidentSet(incidents=incidents_frame(rows)), tmp_path / "areas.gpkg")
    image, drawn = _render(gpkg, tmp_path / "areas.png", "incidents,uncertainty",
                           (38.0, 28.0, 49.0, 38.0))
    # hatch lines across Iraq, far from any symbol; none in Saudi Arabia's desert
    iraq = image[slice(*_rows_around(drawn, 31.5)), slice(*_cols_around(drawn, 46.2))]
    saudi = image[slice(*_rows_around(drawn, 29.0)), slice(*_cols_around(drawn, 40.0))]
    assert (iraq.min(axis=2) < 240).sum() > 20
    assert (saudi.min(axis=2) < 240).sum() == 0
    site, hollow = image[_pixel(drawn, 44.0, 33.0)], image[_pixel(drawn, 43.26181, 33.09403)]
    assert site.mean() < hollow.mean() - 40, (site, hollow)  # the area incident's fill is pale
    plain = _dark(image, drawn, 44.0, 33.0)
    reviewed = _dark(image, drawn, 45.0, 33.0)
    assert reviewed > plain * 1.5, (reviewed, plain)


def _rows_around(drawn, lat, half=15):
    r = _pixel(drawn, drawn["extent"][0], lat)[0]
    return r - half, r + half


def _cols_around(drawn, lon, half=15):
    c = _pixel(drawn, lon, drawn["extent"][1])[1]
    return c - half, c + half


def _dark(image, drawn, lon, lat, half=14):
    r, c = _pixel(drawn, lon, lat)
    box = image[r - half:r + half, c - half:c + half]
    return int((box.max(axis=2) < 60).sum())


def test_uncertainty_polygons_are_counter_clockwise_in_any_geojson(tmp_path):
    rows = [_row(44.0, 33.0, gp=2, km=15.0), _row(38.27778, 35.00664, gp=4, km=300.0,
                                                   country="SY", place_id="sy"),
            _row(35.5, 31.5, gp=3, km=30.0, country="JO", place_id="jo-dead-sea")]
    areas = uncertainty_areas(incidents_frame(rows))
    path = tmp_path / "areas.geojson"
    pyogrio.write_dataframe(areas, path, driver="GeoJSON")  # GDAL's defaults: no rewinding
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert len(doc["features"]) == 3
    for feature in doc["features"]:
        rings = feature["geometry"]["coordinates"]
        assert shapely.LinearRing(rings[0]).is_ccw
        assert all(not shapely.LinearRing(hole).is_ccw for hole in rings[1:])


def test_build_writes_a_project_whose_layers_keep_their_time_settings(tmp_path):
    """QGIS 3.22 resets a lone GeoPackage layer's temporal activity after loading its default
    style (the OGR provider reports no temporal capabilities), so `geo build` writes
    OUT/incidents.qgz beside the store: there the Temporal Controller works at once."""
    require(_qgis_available(), "python3-qgis is not installed for /usr/bin/python3 (see .ci/run)")
    from geo.cli import main

    out = tmp_path / "out"
    with pytest.raises(SystemExit) as done:
        main(["build", str(ROOT / "seeds"), "--out", str(out), "-q"])
    assert done.value.code in (0, None)
    assert (out / "incidents.qgz").is_file()
    run = subprocess.run(
        [SYSTEM_PYTHON, str(ROOT / "tests" / "geo" / "export" / "qgis_check.py"),
         str(out / "incidents.gpkg"), "--project", str(out / "incidents.qgz"),
         "--days", "2023-10-17,2024-01-28"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    project = report["project"]
    assert project["read"]
    for name in ("incidents", "uncertainty"):
        assert project["layers"][name]["temporal"]["active"], name
        assert project["layers"][name]["valid"], name
    days = project["day_counts"]
    assert 0 < days["2023-10-17"] < project["layers"]["incidents"]["feature_count"]
    # what the project works around: the same layer added alone comes in with time off
    assert not report["layers"]["incidents"]["temporal"]["active"]
