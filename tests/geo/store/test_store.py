"""The store: reading every supported file, writing GeoPackages, merging idempotently."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyogrio
import pytest

from geo.errors import UserError
from geo.incidents.schema import (
    INCIDENT_COLUMNS,
    IncidentSet,
    incidents_frame,
    places_frame,
    unresolved_frame,
)
from geo.store.layers import read_incidents, read_layers, write_store
from geo.store.update import update_store


def sample_set() -> IncidentSet:
    incidents = incidents_frame(
        [
            dict(
                event_date=dt.date(2024, 1, 28),
                event_type="drone attack",
                status="confirmed",
                place_name="Tower 22",
                place_id="jo-tower-22",
                lat=33.3219,
                lon=38.6926,
                geo_precision=1,
                sources=[dict(url="https://news.example/t22", quote="three killed")],
            ),
            dict(
                event_date=dt.date(2023, 10, 18),
                date_end=dt.date(2023, 10, 20),
                event_type="rocket attack",
                place_name="Al-Asad",
                place_id="iq-al-asad-airbase",
                lat=33.7856,
                lon=42.4412,
                geo_precision=2,
                uncertainty_km=3.0,
            ),
            dict(event_type="", place_name="a village", notes="[1, 2]"),
        ]
    )
    places = places_frame(
        [
            dict(place_id="jo-tower-22", name="Tower 22", lat=33.3219, lon=38.6926),
            dict(place_id="iq-al-asad-airbase", name="Al-Asad", lat=33.7856, lon=42.4412),
        ]
    )
    unresolved = unresolved_frame(
        [
            dict(
                mention="Harab Cir",
                reason="no match",
                event_date="2024-01-02",
                url="https://x.example",
            )
        ]
    )
    return IncidentSet(incidents, places, unresolved)


def _features(path, layer: str) -> list[dict]:
    df = pyogrio.read_dataframe(path, layer=layer)
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in df.to_dict("records"))


def test_write_then_read_keeps_every_layer_in_the_schema(tmp_path):
    original = sample_set()
    path = write_store(original, tmp_path / "store.gpkg")
    back = read_layers(path)
    assert list(back.incidents.columns[: len(INCIDENT_COLUMNS)]) == list(INCIDENT_COLUMNS)
    assert back.incidents["incident_id"].tolist() == original.incidents["incident_id"].tolist()
    assert back.incidents["event_date"].dtype.kind == "M"
    first = back.incidents.iloc[0]
    assert first["sources"] == [{"url": "https://news.example/t22", "quote": "three killed"}]
    assert first.geometry.x == pytest.approx(38.6926) and first.geometry.y == pytest.approx(33.3219)
    assert back.incidents.iloc[2].geometry is None
    assert back.incidents.iloc[2]["notes"] == "[1, 2]"
    assert back.places["place_id"].tolist() == ["jo-tower-22", "iq-al-asad-airbase"]
    assert back.unresolved["mention"].tolist() == ["Harab Cir"]
    assert back.unresolved["event_date"].iloc[0] == pd.Timestamp("2024-01-02")


def test_store_has_four_layers_with_date_fields(tmp_path):
    path = write_store(sample_set(), tmp_path / "store.gpkg")
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert {"incidents", "places", "uncertainty", "unresolved"} <= set(layers)
    assert layers["unresolved"] is None
    info = pyogrio.read_info(path, layer="incidents")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["event_date"] == "OFTDate" and types["date_end"] == "OFTDate"


def test_missing_gpkg_layers_read_as_empty_frames(tmp_path):
    only = IncidentSet(incidents=sample_set().incidents)
    path = tmp_path / "bare.gpkg"
    pyogrio.write_dataframe(only.incidents.drop(columns=["sources"]), path, layer="incidents")
    back = read_layers(path)
    assert len(back.incidents) == 3 and back.incidents["sources"].iloc[0] == []
    assert back.places.empty and back.unresolved.empty


def test_merge_is_idempotent_and_counts(tmp_path):
    path = tmp_path / "store.gpkg"
    first = update_store(path, sample_set())
    assert (first.added, first.updated, first.unchanged, first.total) == (3, 0, 0, 3)
    before = {layer: _features(path, layer) for layer in ("incidents", "places", "unresolved")}
    again = update_store(path, sample_set())
    assert (again.added, again.updated, again.unchanged, again.total) == (0, 0, 3, 3)
    after = {layer: _features(path, layer) for layer in ("incidents", "places", "unresolved")}
    assert after == before


def test_merge_unions_sources_and_fills_blanks(tmp_path):
    path = tmp_path / "store.gpkg"
    update_store(path, sample_set())
    newer = sample_set()
    newer.incidents.at[0, "sources"] = [
        dict(url="https://news.example/t22", quote="three killed"),
        dict(url="https://other.example/b", quote="drone hit housing"),
    ]
    newer.incidents.at[1, "actor"] = "Islamic Resistance in Iraq"
    report = update_store(path, newer)
    assert (report.added, report.updated, report.unchanged) == (0, 2, 1)
    stored = read_incidents(path).set_index("place_name")
    assert len(stored) == 3
    assert [s["url"] for s in stored.at["Tower 22", "sources"]] == [
        "https://news.example/t22",
        "https://other.example/b",
    ]
    assert stored.at["Al-Asad", "actor"] == "Islamic Resistance in Iraq"


def test_merge_recounts_places_and_dedupes_unresolved(tmp_path):
    path = tmp_path / "store.gpkg"
    update_store(path, sample_set())
    update_store(path, sample_set())
    back = read_layers(path)
    counts = dict(zip(back.places["place_id"], back.places["incident_count"], strict=True))
    assert counts == {"jo-tower-22": 1, "iq-al-asad-airbase": 1}
    assert len(back.unresolved) == 1


def test_csv_with_lat_lon_reads_into_schema(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text(
        "event_date,event_type,place_name,lat,lon,sources\n"
        '2024-01-04,airstrike,Baghdad,33.3152,44.3661,"[{""url"": ""https://a.example""}]"\n'
        "2024-01-05,drone attack,somewhere,,,\n",
        encoding="utf-8",
    )
    gdf = read_incidents(path)
    assert gdf["event_date"].tolist() == [pd.Timestamp("2024-01-04"), pd.Timestamp("2024-01-05")]
    assert gdf.geometry.iloc[0].x == pytest.approx(44.3661)
    assert gdf.geometry.iloc[1] is None
    assert gdf["sources"].iloc[0] == [{"url": "https://a.example"}]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.csv", "lat,lon\n33.1,north\n", "bad.csv:2: field 'lon'"),
        ("nolat.csv", "lon\n33\n", "no 'lat' column"),
        ("src.csv", "lat,lon,sources\n1,2,not json\n", "src.csv:2: field 'sources'"),
        ("broken.gpkg", "not a geopackage", "broken.gpkg"),
        ("data.xlsx", "x", "unknown file type '.xlsx'"),
    ],
)
def test_bad_input_names_the_file(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match="^.*" + expected.replace(".", r"\.")):
        read_layers(path)


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        read_layers(tmp_path / "absent.geojson")
