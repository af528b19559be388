"""ACLED events none of our types fits (protests, riots, strategic developments) are a map
layer of their own, in the HTML map, the static legend and the QGIS style alike."""

from __future__ import annotations

import datetime as dt

from geo.incidents.schema import incidents_frame
from maps.html.data import incident_payload
from maps.qml import incidents_qml
from maps.static.layers import legend_entries
from maps.style import LAYER_EXPRESSION, layer_types


def frame():
    return incidents_frame([
        dict(event_date=dt.date(2024, 1, 2), event_type="", acled_event_type="Protests",
             place_name="Baghdad", lat=33.3, lon=44.4),
        dict(event_date=dt.date(2024, 1, 3), event_type="airstrike", place_name="Qaim",
             lat=34.4, lon=41.1),
        dict(event_date=dt.date(2024, 1, 4), event_type="", acled_event_type="Nonsense",
             place_name="Mosul", lat=36.3, lon=43.1),
    ])


def test_each_row_has_its_layer():
    assert layer_types(frame()).tolist() == ["Protests", "airstrike", ""]


def test_the_html_map_and_the_static_legend_show_protests_apart():
    payload = incident_payload(frame())
    counts = {t["label"]: t["count"] for t in payload["meta"]["types"]}
    assert counts["Protests"] == 1 and counts["Airstrike"] == 1
    legend = {e.symbol.label: e.count for e in legend_entries(frame())}
    assert legend["Protests"] == 1 and legend["Airstrike"] == 1 and legend["Unknown type"] == 1


def test_the_qgis_style_categorizes_by_the_same_layer():
    qml = incidents_qml()
    assert "acled_event_type" in qml and 'value="Protests"' in qml
    assert "nullif" in LAYER_EXPRESSION
