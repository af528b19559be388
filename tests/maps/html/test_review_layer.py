"""Reviewed incidents stand apart on the HTML map (a bold outline) and their popups say so."""

from __future__ import annotations

from datetime import date

import pytest

from geo.incidents.schema import incidents_frame
from maps.html.page import render_html
from maps.style import REVIEWED_OUTLINE, REVIEWED_OUTLINE_WIDTH
from tests.maps.html.browser import ARTIFACTS, launch, open_map, require_browser

pytestmark = pytest.mark.browser

OUTLINES = """() => {
  const out = {};
  GeoIncidents.instances[0].map.eachLayer(l => {
    if (l instanceof GeoIncidents.ShapeMarker) {
      out[l.getLatLng().lat.toFixed(2)] = [l.options.color, l.options.weight];
    }
  });
  return out;
}"""


def test_reviewed_markers_have_a_bold_outline_and_say_so(tmp_path):
    require_browser()
    rows = [{"event_date": date(2024, 1, 5), "time_precision": 1, "event_type": et,
             "status": "reported", "place_name": name, "lat": lat, "lon": lon,
             "geo_precision": 1, "reviewed": state, "sources": [{"quote": name, "file": "a"}]}
            for name, lat, lon, et, state in (
                ("Harir", 36.54, 44.35, "drone attack", "changed"),
                ("Al-Tanf", 33.50, 38.62, "rocket attack", "machine"),
                ("Al-Asad", 33.79, 42.44, "airstrike", "confirmed"))]
    html = render_html(incidents_frame(rows), tmp_path / "map.html", title="Review")
    with launch() as browser, open_map(browser, html) as m:
        page = m.page
        page.wait_for_timeout(300)
        outlines = page.evaluate(OUTLINES)
        assert outlines["36.54"] == outlines["33.79"] == [REVIEWED_OUTLINE,
                                                          REVIEWED_OUTLINE_WIDTH]
        assert outlines["33.50"][1] < REVIEWED_OUTLINE_WIDTH
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-outline.png"))
        text = m.popup_at(36.54, 44.35)
        assert "Review" in text and "Changed by an analyst" in text
        assert m.problems() == []
