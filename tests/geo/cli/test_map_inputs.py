"""`geo map` on what the columnar readers could get wrong: a GeoParquet with unlocated rows
and only some columns, a GeoJSON with properties of its own, zoned date-times, a bad
sources cell, and hostile text that must stay plain text on the map."""

from __future__ import annotations

import json
from datetime import date

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from PIL import Image

from geo.incidents.schema import incidents_frame
from geo.store.layers import read_layers
from maps.static.render import static_figure
from tests.geo.cli.test_map import run

HOSTILE = "$\\frac{1}{2}$ <script>alert(1)</script> =HYPERLINK(\"x\")"


def _subtitle(png) -> str:
    with Image.open(png) as image:
        return image.info["Description"]


def test_parquet_with_unlocated_rows_and_only_some_columns(tmp_path, capsys):
    path = tmp_path / "few.parquet"
    gpd.GeoDataFrame(
        {"event_date": pd.to_datetime(["2024-01-02", "2024-01-05", None]),
         "event_type": ["drone attack", "airstrike", "drone attack"]},
        geometry=[shapely.Point(44.0, 36.2), None, shapely.Point(41.1, 34.4)], crs="EPSG:4326",
    ).to_parquet(path)
    out = tmp_path / "few.png"
    code, stdout, err = run(["map", str(path), "-o", str(out)], capsys)
    assert code == 0, err
    assert "(3 incidents read)" in stdout
    assert "3 incidents, 2 mapped, 1 not located" in _subtitle(out)
    incidents = read_layers(path).incidents
    assert list(incidents["sources"]) == [[], [], []]  # a missing column is empty, in schema
    assert list(incidents["reviewed"]) == ["machine"] * 3


def test_geojson_with_properties_of_its_own(tmp_path, capsys):
    path = tmp_path / "theirs.geojson"
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.0, 36.2]},
         "properties": {"event_date": "2024-01-02", "event_type": "drone attack",
                        "analyst": "K. R.", "lat": 36.2, "lon": 44.0, "source_urls": "x",
                        "sources": [{"publisher": HOSTILE, "url": "https://a.example/1"}]}},
        {"type": "Feature", "geometry": None,
         "properties": {"event_date": "2024-01-03", "event_type": "airstrike",
                        "analyst": None, "sources": []}},
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    incidents = read_layers(path).incidents
    assert incidents["analyst"].tolist()[0] == "K. R."  # kept, after the schema's columns
    assert list(incidents.columns).index("analyst") > list(incidents.columns).index("geometry")
    assert incidents["sources"].iloc[0] == [{"publisher": HOSTILE, "url": "https://a.example/1"}]
    out = tmp_path / "theirs.png"
    code, stdout, err = run(["map", str(path), "-o", str(out)], capsys)
    assert code == 0, err
    assert "2 incidents, 1 mapped, 1 not located" in _subtitle(out)
    # the publisher is drawn as the text it is: no mathtext, no markup
    fig = static_figure(incidents)
    drawn = [t for t in fig.texts if HOSTILE in t.get_text()]
    assert drawn and not any(t.get_parse_math() for t in drawn)


def test_a_zoned_date_time_is_read_at_its_wall_clock_day(tmp_path):
    path = tmp_path / "zoned.gpkg"
    frame = incidents_frame([{"event_type": "airstrike", "lat": 33.3, "lon": 44.4}])
    frame = frame.drop(columns=["sources", "event_date", "date_end"])
    frame["event_date"] = pd.to_datetime(["2024-01-02T23:30:00"]).tz_localize("Asia/Baghdad")
    pyogrio.write_dataframe(frame, path, layer="incidents")
    back = read_layers(path).incidents
    assert back["event_date"].iloc[0].date() == date(2024, 1, 2)  # not the 2nd at 20:30 UTC


@pytest.mark.parametrize("cell", ['[{"publisher": "A"}] trailing', '{"publisher": "A"}', "[1]"])
def test_a_bad_sources_cell_is_one_line_naming_its_row(tmp_path, capsys, cell):
    path = tmp_path / "bad.geojson"
    rows = ['[]', cell]
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.0, 36.2]},
         "properties": {"event_type": "airstrike", "sources": text}} for text in rows
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out = tmp_path / "bad.png"
    code, _, err = run(["map", str(path), "-o", str(out)], capsys)
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(path) in err and "row 2: sources" in err
    assert not out.exists()


def test_a_bad_sources_cell_in_a_csv_names_its_line(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text('event_type,lat,lon,sources\nairstrike,33.3,44.4,[]\n'
                    'airstrike,33.3,44.5,"[{""publisher"": 1}] x"\n')
    code, _, err = run(["map", str(path), "-o", str(tmp_path / "bad.png")], capsys)
    assert code != 0 and f"{path}:3: field 'sources'" in err and "Traceback" not in err
