"""The counts every output states: incidents, mapped, not located, events, dates."""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely

from geo.incidents.counts import Counts, dates_text, event_counts, located_mask, summary
from geo.incidents.schema import incidents_frame


def _frame():
    frame = incidents_frame([
        dict(event_date="2023-10-07", event_type="drone attack", lat=33.0, lon=44.0),
        dict(event_date="2023-10-20", date_end="2023-10-25", event_type="airstrike",
             lat=35.0, lon=40.0, event_count=4),
        dict(event_date="2024-02-03", event_type="airstrike", event_count=0),  # not located
        dict(event_type="rocket attack", lat=34.0, lon=41.0),  # undated
        dict(event_date="2023-11-01", date_end="2023-10-01", event_type="drone attack",
             lat=36.0, lon=43.0, place_id="iq-x"),  # an end before the start is ignored
    ])
    frame.loc[3, "geometry"] = shapely.Point(np.nan, np.nan)  # a NaN point is not a location
    return frame


def test_each_count_follows_its_definition():
    counts = Counts.of(_frame())
    assert (counts.incidents, counts.mapped, counts.not_located) == (5, 3, 2)
    assert counts.events == 1 + 4 + 1 + 1 + 1  # an aggregate counts as its number; 0 as 1
    assert (counts.first, counts.last) == (date(2023, 10, 7), date(2024, 2, 3))
    assert counts.places == 1 and counts.dated == 4
    by_type = {t.event_type: (t.incidents, t.mapped, t.events) for t in counts.types}
    assert by_type == {"drone attack": (2, 2, 2), "airstrike": (2, 1, 5),
                       "rocket attack": (1, 0, 1)}
    assert summary(counts) == "5 incidents (8 events), 3 mapped, 2 not located"
    assert dates_text(counts.first, counts.last) == "7 Oct 2023 – 3 Feb 2024"


def test_helpers_on_edge_rows():
    frame = _frame()
    assert located_mask(frame).tolist() == [True, True, False, False, True]
    assert event_counts(frame).tolist() == [1, 4, 1, 1, 1]
    empty = Counts.of(incidents_frame([]))
    assert (empty.incidents, empty.mapped, empty.events, empty.first) == (0, 0, 0, None)
    assert summary(empty) == "0 incidents, 0 mapped" and dates_text(None, None) == "dates unknown"
    one = incidents_frame([dict(event_date="2024-01-02", event_type="airstrike", lat=1, lon=2)])
    assert summary(Counts.of(one)) == "1 incident, 1 mapped"
    assert dates_text(date(2024, 1, 2), date(2024, 1, 2)) == "2 Jan 2024"


def test_a_title_from_the_data():
    from geo.incidents.counts import default_title

    rows = [dict(event_type="drone attack", country=c) for c in ("IQ", "IQ", "SY", "JO")]
    assert default_title(incidents_frame(rows)) == "Drone attacks in Iraq, Syria and Jordan"
    rows += [dict(event_type="airstrike", country=c) for c in ("LB", "IR")]
    expected = "Attacks in Iraq, Syria, Jordan and 2 more countries"
    assert default_title(incidents_frame(rows)) == expected
    rows.append(dict(event_type="interception", country="IQ"))
    assert default_title(incidents_frame(rows)).startswith("Attacks and interceptions in Iraq")
    assert default_title(incidents_frame([])) == "Incidents"
