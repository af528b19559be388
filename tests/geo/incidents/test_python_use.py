"""The incident frame works with what a Python user reaches for first: ``explore()``."""

from __future__ import annotations

import json

import folium

from geo.pipeline.ingest import ingest_paths
from tests.helpers import SEEDS


def test_explore_draws_every_located_incident() -> None:
    incidents = ingest_paths([SEEDS / "002_3c24a04f4ada2f6e.txt"]).layers.incidents
    located = incidents[incidents.geometry.notna()]
    assert len(located) > 0
    shown = located.explore(column="event_type")  # sources (a list of dicts) included
    assert isinstance(shown, folium.Map)
    layers = [c for c in shown._children.values() if isinstance(c, folium.GeoJson)]
    (layer,) = layers
    features = json.loads(json.dumps(layer.data))["features"]
    assert sorted(f["properties"]["incident_id"] for f in features) == sorted(
        located["incident_id"])
    assert shown.get_root().render().count("incident_id") >= len(located)
