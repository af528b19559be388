"""The keyed merge gives exactly what merging all rows at once gives, however the rows are split
(no Dask here: the same steps in one process, on rows made to collide)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.incidents.merge import merge_rows
from geo.pipeline.keyed import RowKeys, groups
from geo.pipeline.keyed_finish import merge_keyed

# places a few km to a few tens of km apart, across cell edges and a border
PLACES = [("p1", 33.30, 44.40, "IQ"), ("p2", 33.42, 44.26, "IQ"), ("p3", 33.51, 44.49, "IQ"),
          ("p4", 34.46, 40.93, "SY"), ("p5", 34.38, 41.00, "IQ"), ("", 33.35, 44.30, "")]
TYPES = ["drone attack", "rocket attack", "other attack", "airstrike"]
DAY0 = date(2024, 1, 1)


@st.composite
def rows(draw) -> dict:
    place, lat, lon, country = draw(st.sampled_from(PLACES))
    precision = draw(st.integers(1, 4))
    located = precision < 4 or draw(st.booleans())
    day = DAY0 + timedelta(days=draw(st.integers(0, 90)))
    dated = draw(st.integers(0, 9)) > 0
    n = draw(st.integers(0, 5))
    return {
        "event_date": day if dated else None, "date_end": None,
        "time_precision": draw(st.integers(1, 3)), "event_type": draw(st.sampled_from(TYPES)),
        "status": draw(st.sampled_from(["reported", "claimed", "denied"])),
        "actor": draw(st.sampled_from(["", "militia", "us"])), "target": "",
        "place_name": place or "somewhere", "place_id": place if precision < 4 else "",
        "lat": lat if located else None, "lon": lon if located else None,
        "geo_precision": precision, "country": country, "uncertainty_km": 2.0,
        "event_count": draw(st.sampled_from([1, 1, 1, 3])), "notes": "",
        "sources": [{"url": f"https://news.example/{n}", "file": f"f{n}.txt",
                     "quote": draw(st.sampled_from(["a", "b", "c"]))}],
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows(), max_size=40), st.lists(st.integers(0, 40), max_size=4),
       st.integers(1, 4))
def test_any_split_merges_as_one(all_rows: list[dict], cuts: list[int], parts: int) -> None:
    edges = sorted({0, len(all_rows), *(min(c, len(all_rows)) for c in cuts)})
    partitions = [all_rows[a:b] for a, b in zip(edges, edges[1:], strict=False)]
    assert merge_keyed(partitions, parts) == merge_rows(all_rows)


def test_rows_far_apart_in_place_or_time_are_apart() -> None:
    near = {"event_date": DAY0, "time_precision": 1, "event_type": "drone attack",
            "place_id": "p1", "place_name": "p1", "lat": 33.3, "lon": 44.4, "geo_precision": 1,
            "country": "IQ", "sources": [{"file": "a"}]}
    rows_ = [near, {**near, "event_date": DAY0 + timedelta(days=1)},
             {**near, "event_date": DAY0 + timedelta(days=200)},
             {**near, "place_id": "p9", "lat": 36.0, "lon": 43.0, "country": "IQ"}]
    labels = groups(RowKeys.of(rows_)).tolist()
    assert labels[0] == labels[1]
    assert labels[2] != labels[0]  # months later
    # another place in the same country: filed under the country, which only a
    # country-level row probes
    assert labels[3] != labels[0]
