"""Exports read back by their real consumers: pyogrio/GDAL, an RFC 7946 checker, ogrinfo."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pyogrio
import pytest
from pyproj import Geod

from geo.cli import main
from geo.export.files import export
from geo.incidents.schema import DEFAULT_UNCERTAINTY_KM, INCIDENT_SCHEMA
from maps.style import LAYER_EXPRESSION, LAYER_SYMBOLS, UNKNOWN_SYMBOL
from tests.geo.export.geojson_rules import collection_problems
from tests.geo.store.test_store import sample_set
from tests.helpers import require_program

FORMATS = ("geojson", "geojsonl", "csv", "fgb", "gpkg")
ATTRIBUTES = [c for c in INCIDENT_SCHEMA if c.kind != "geometry"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    layers = sample_set()
    layers.incidents.at[1, "notes"] = 'quote "this" & <that>'
    return layers, {ext: export(layers, folder / f"incidents.{ext}") for ext in FORMATS}


def _expected(value, kind):
    if kind == "date":
        return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "sources":
        return value
    if kind in ("int", "float"):
        return None if pd.isna(value) else float(value)
    return value


def _got(value, kind):
    if kind == "sources" and isinstance(value, str):
        return json.loads(value)
    if kind in ("date", "int", "float") and isinstance(value, str):  # CSV: all text
        return (value if kind == "date" else float(value)) if value else None
    return _expected(value, kind) if kind != "str" else ("" if value is None else value)


@pytest.mark.parametrize("ext", FORMATS)
def test_round_trip_through_pyogrio_keeps_features_and_values(outputs, ext):
    layers, paths = outputs
    kwargs = {"layer": "incidents"} if ext == "gpkg" else {}
    back = pyogrio.read_dataframe(paths[ext], **kwargs)
    original = layers.incidents
    assert len(back) == len(original)
    assert back["incident_id"].tolist() == original["incident_id"].tolist()
    for col in ATTRIBUTES:
        got = [_got(v, col.kind) for v in back[col.name]]
        want = [_expected(v, col.kind) for v in original[col.name]]
        assert got == want, (ext, col.name)
    if ext == "csv":
        lat = pd.to_numeric(back["lat"]).to_numpy()
        assert lat[0] == pytest.approx(original.geometry.iloc[0].y) and np.isnan(lat[2])
        assert back["source_urls"].tolist()[0] == "https://news.example/t22"
    else:
        assert back.geometry.iloc[0].equals_exact(original.geometry.iloc[0], 1e-7)
        assert back.geometry.iloc[2] is None


@pytest.mark.parametrize("ext", ("geojson", "gpkg", "fgb"))
def test_field_types_are_real_dates_numbers_and_json(outputs, ext):
    _, paths = outputs
    info = pyogrio.read_info(paths[ext], layer="incidents" if ext == "gpkg" else None)
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    subtypes = dict(zip(info["fields"], info["ogr_subtypes"], strict=True))
    date_type = "OFTDateTime" if ext == "fgb" else "OFTDate"  # FlatGeobuf has no Date type
    assert types["event_date"] == date_type and types["date_end"] == date_type
    assert types["geo_precision"].startswith("OFTInteger")
    assert types["uncertainty_km"] == "OFTReal"
    # FlatGeobuf keeps the JSON as text (GDAL reads no JSON subtype back from it)
    assert subtypes["sources"] == ("OFSTNone" if ext == "fgb" else "OFSTJSON")


def test_geojson_follows_rfc_7946(outputs):
    _, paths = outputs
    doc = json.loads(paths["geojson"].read_text(encoding="utf-8"))
    assert collection_problems(doc) == []
    assert doc["features"][0]["properties"]["sources"][0]["url"] == "https://news.example/t22"
    assert doc["features"][2]["properties"]["notes"] == "[1, 2]"  # text that looks like JSON
    assert doc["features"][2]["geometry"] is None


def test_rfc_checker_catches_broken_documents():
    bad = {
        "type": "FeatureCollection",
        "crs": {"type": "name"},
        "bbox": [0, 0, 1, 1],
        "features": [
            {
                "type": "Feature",
                "properties": {"event_date": "28/01/2024", "sources": "[]"},
                "geometry": {"type": "Point", "coordinates": [33.123456789, 238.1]},
            }
        ],
    }
    problems = " | ".join(collection_problems(bad))
    for rule in ("'crs'", "not ISO 8601", "not a JSON array", "lon/lat", "decimals", "bbox"):
        assert rule in problems


def test_geojsonl_has_one_valid_feature_per_line(outputs):
    layers, paths = outputs
    lines = paths["geojsonl"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(layers.incidents)
    doc = {"type": "FeatureCollection", "features": [json.loads(line) for line in lines]}
    assert collection_problems(doc) == []
    assert doc["features"][1]["properties"]["notes"] == 'quote "this" & <that>'


def test_uncertainty_circles_are_geodesic(outputs):
    layers, paths = outputs
    areas = pyogrio.read_dataframe(paths["gpkg"], layer="uncertainty")
    precise = layers.incidents[layers.incidents["geo_precision"] == 1]["incident_id"]
    assert not set(precise) & set(areas["incident_id"])
    row = areas.iloc[0]
    source = layers.incidents.set_index("incident_id").loc[row["incident_id"]]
    ring = np.asarray(row.geometry.exterior.coords)
    _, _, dist = Geod(ellps="WGS84").inv(
        np.full(len(ring), source.geometry.x),
        np.full(len(ring), source.geometry.y),
        ring[:, 0],
        ring[:, 1],
    )
    radius = source["uncertainty_km"] if source["uncertainty_km"] > 0 else DEFAULT_UNCERTAINTY_KM[2]
    assert np.allclose(dist, radius * 1000, rtol=1e-6)


def test_layer_styles_hold_a_default_qml_per_layer(outputs):
    _, paths = outputs
    with sqlite3.connect(paths["gpkg"]) as con:
        rows = con.execute(
            "SELECT f_table_name, f_geometry_column, styleQML, useAsDefault FROM layer_styles"
        ).fetchall()
    styles = {name: (column, qml, default) for name, column, qml, default in rows}
    assert set(styles) == {"incidents", "places", "uncertainty", "unresolved"}
    assert all(default == 1 for _, _, default in styles.values())
    assert styles["incidents"][0] == "geom"
    root = ET.fromstring(styles["incidents"][1].split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == LAYER_EXPRESSION
    values = [c.get("value") for c in renderer.iter("category")]
    assert values == [*LAYER_SYMBOLS, ""]
    labels = [c.get("label") for c in renderer.iter("category")]
    assert labels[-1] == UNKNOWN_SYMBOL.label
    temporal = root.find("temporal")
    assert temporal.get("enabled") == "1" and temporal.get("startField") == "event_date"


@pytest.mark.parametrize("ext", FORMATS)
def test_ogrinfo_reads_every_output_without_warnings(outputs, ext):
    ogrinfo = require_program("ogrinfo")
    _, paths = outputs
    run = subprocess.run(
        [ogrinfo, "-ro", "-al", "-so", str(paths[ext])], capture_output=True, text=True, timeout=60
    )
    text = run.stdout + run.stderr
    assert run.returncode == 0, text
    assert "Warning" not in text and "ERROR" not in text, text
    assert "Feature Count: 3" in text


def test_failed_export_leaves_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "incidents.geojson"
    export(sample_set(), target)
    good = target.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("geo.store.arrow.write_arrow", broken)
    with pytest.raises(OSError):
        export(sample_set(), target)
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.geojson"]


def test_cli_exports_and_reports_bad_output(tmp_path, capsys):
    store = export(sample_set(), tmp_path / "store.gpkg")
    with pytest.raises(SystemExit) as done:
        main(["export", str(store), "-o", str(tmp_path / "out.geojson")])
    assert done.value.code in (0, None)
    assert len(json.loads((tmp_path / "out.geojson").read_text())["features"]) == 3
    with pytest.raises(SystemExit) as done:
        main(["export", str(store), "-o", str(tmp_path / "out.shp")])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("geo: error:") and "out.shp" in err and "Traceback" not in err
