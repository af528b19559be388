"""The data embedded in the HTML map: compact, complete, and safe inside <script>."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import Point

from geo.incidents.counts import located_mask
from geo.incidents.schema import incidents_frame
from maps.html.data import (
    SOURCE_FIELDS,
    TYPE_KEYS,
    compact,
    incident_payload,
    script_json,
    text_column,
)
from maps.style import LAYER_SYMBOLS
from tests.maps.html.browser import sample_frames


def _text(payload: dict, field: str, i: int) -> str:
    col = payload[field]
    codes = col["codes"]
    return col["values"][codes["const"] if isinstance(codes, dict) else codes[i]]


def _column(payload: dict, name: str, n: int) -> list:
    col = payload[name]
    return [col["const"]] * n if isinstance(col, dict) else col


@given(st.text())
def test_script_json_round_trips_and_never_closes_the_script(text):
    encoded = script_json({"k": text, "list": [text]})
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in encoded
    assert json.loads(encoded) == {"k": text, "list": [text]}


def test_script_json_keeps_non_ascii_text_compact():
    assert script_json("عين الأسد") == '"عين الأسد"'


@given(st.lists(st.sampled_from(["", "a", "b<", "ç"]), min_size=1, max_size=30))
def test_text_column_decodes_to_the_original_values(values):
    col = text_column(pd.Series(values))
    codes = col["codes"]
    codes = [codes["const"]] * len(values) if isinstance(codes, dict) else codes
    assert [col["values"][c] for c in codes] == values
    assert len(col["values"]) == len(set(values))


def test_compact_stores_a_constant_column_once():
    assert compact([1, 1, 1]) == {"const": 1}
    assert compact([1, 2]) == [1, 2]
    assert compact([]) == []


def test_payload_round_trips_every_popup_field():
    incidents, _ = sample_frames(n=20)
    payload = incident_payload(incidents)
    located = incidents[located_mask(incidents)].reset_index(drop=True)
    assert payload["meta"]["located"] == len(located) == len(payload["lat"])
    assert payload["meta"]["not_located"] == len(incidents) - len(located)
    day0 = pd.Timestamp(payload["meta"]["day0"], unit="D")
    days = _column(payload, "day", len(located))
    types = _column(payload, "type", len(located))
    sources = payload["sources"]
    for i, row in located.iterrows():
        assert (payload["lat"][i], payload["lon"][i]) == pytest.approx(
            (row.geometry.y, row.geometry.x), abs=1e-5
        )
        assert day0 + pd.Timedelta(days=days[i]) == row["event_date"]
        assert TYPE_KEYS[types[i]] == row["event_type"]
        for field in ("status", "place_name", "resolved_name", "actor", "target", "country"):
            assert _text(payload, field, i) == row[field]
        refs = _column(payload, "src", len(located))[i]
        decoded = [
            {k: sources["values"][sources[k][r]] for k in SOURCE_FIELDS} for r in refs
        ]
        assert decoded == [{k: s[k] for k in decoded[0]} for s in row["sources"]]


def test_sources_shared_by_incidents_are_stored_once():
    incidents, _ = sample_frames(n=30)
    payload = incident_payload(incidents)
    distinct = {tuple(s[k] for k in SOURCE_FIELDS) for row in incidents["sources"] for s in row}
    assert len(payload["sources"]["url"]) == len(distinct) < len(incidents)


def test_week_and_month_precision_widen_the_dates_the_filter_matches():
    frame = incidents_frame(
        [
            dict(event_date="2024-01-10", time_precision=2, event_type="airstrike", lat=33, lon=44),
            dict(event_date="2024-02-05", time_precision=3, event_type="airstrike", lat=33, lon=44),
            dict(event_date="2024-01-01", date_end="2024-01-03", time_precision=1,
                 event_type="airstrike", lat=33, lon=44),
        ]
    )
    payload = incident_payload(frame)
    assert _column(payload, "cover", 3) == [6, 24, 2]  # a week; to 29 Feb; the stated range
    assert _column(payload, "span", 3) == [0, 0, 2]  # only a stated range is shown as one
    last = pd.Timestamp("2024-02-29")
    assert payload["meta"]["days"] == (last - pd.Timestamp("2024-01-01")).days + 1


def test_rows_without_usable_geometry_are_counted_not_drawn():
    frame = incidents_frame(
        [
            dict(event_date="2024-01-01", event_type="drone attack", lat=33.0, lon=44.0),
            dict(event_date="2024-01-01", event_type="drone attack"),
            dict(event_date="2024-01-01", event_type="drone attack", geometry=Point()),
            dict(event_date="2024-01-01", event_type="drone attack",
                 geometry=Point(float("nan"), 1.0)),
        ]
    )
    assert located_mask(frame).tolist() == [True, False, False, False]
    meta = incident_payload(frame)["meta"]
    assert (meta["located"], meta["not_located"]) == (1, 3)


def test_unknown_types_share_the_unknown_slot_and_counts_add_up():
    frame = incidents_frame(
        [dict(event_date="2024-01-01", event_type=t, lat=33.0, lon=44.0)
         for t in ["drone attack", "drone attack", "", "sabotage"]]
    )
    counts = {t["key"]: t["count"] for t in incident_payload(frame)["meta"]["types"]}
    assert counts["drone attack"] == 2 and counts[""] == 2
    assert sum(counts.values()) == 4
    assert set(counts) == set(LAYER_SYMBOLS) | {""}  # our types, then ACLED's


def test_other_crs_is_reprojected_to_lon_lat():
    frame = incidents_frame(
        [dict(event_date="2024-01-01", event_type="airstrike", lat=33.5, lon=44.25)]
    ).to_crs(3857)
    payload = incident_payload(frame)
    assert (payload["lat"][0], payload["lon"][0]) == pytest.approx((33.5, 44.25), abs=1e-5)


def test_undated_incidents_have_no_day():
    frame = incidents_frame(
        [dict(event_type="airstrike", lat=33, lon=44),
         dict(event_date="2024-01-02", event_type="airstrike", lat=33, lon=44)]
    )
    payload = incident_payload(frame)
    assert _column(payload, "day", 2) == [None, 0]
    assert payload["meta"]["dated"] == 1
    assert np.isfinite(payload["meta"]["day0"])


def test_sources_still_as_json_text_are_read():
    frame = incidents_frame([dict(event_type="airstrike", lat=33, lon=44)])
    frame["sources"] = ['[{"url": "https://a.example/x", "publisher": "A"}]']
    table = incident_payload(frame)["sources"]
    assert [table["values"][c] for c in (table["url"][0], table["publisher"][0])] == [
        "https://a.example/x",
        "A",
    ]
