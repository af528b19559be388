"""Region- and country-level incidents on the HTML map: a hatched area drawn once per area (not
a circle, not a pin), a hollow symbol, a legend row with their count, a popup that says so."""

from __future__ import annotations

from datetime import date

import pytest

from geo.incidents.schema import incidents_frame
from maps.html.data import incident_payload
from maps.html.page import render_html
from maps.style import AREA_LEGEND, AREA_SYMBOL_FILL_OPACITY
from tests.maps.html.browser import ARTIFACTS, launch, open_map, require_browser

pytestmark = pytest.mark.browser

SYRIA = (38.27778, 35.00664)  # Natural Earth's label point


def _rows():
    def row(name, lon, lat, gp, km, event_type="airstrike", country="SY", place_id="sy"):
        return {"event_date": date(2024, 1, 5), "time_precision": 1, "event_type": event_type,
                "status": "reported", "place_name": name, "place_id": place_id, "lat": lat,
                "lon": lon, "geo_precision": gp, "uncertainty_km": km, "country": country,
                "sources": [{"quote": name, "file": "a"}]}
    return [row("Syria", *SYRIA, 4, 300.0),
            row("Syria again", *SYRIA, 4, 300.0, event_type="drone attack"),
            row("Dead Sea region", 35.5, 31.5, 3, 30.0, country="JO", place_id="jo-dead-sea"),
            row("Al-Tanf", 38.618, 33.497, 1, 2.0, place_id="sy-al-tanf")]


def test_payload_stores_each_area_once():
    payload = incident_payload(incidents_frame(_rows()))
    # the region is its circle clipped to Jordan: Jordan's polygon is stored, not the region's
    assert payload["areas"]["kind"] == ["country", "clip"]
    assert payload["area"] == [0, 0, 1, -1]
    assert all(payload["areas"]["shape"])


PIXELS = """([lat, lon]) => {
  const inst = GeoIncidents.instances[0], map = inst.map;
  const canvas = document.querySelector('canvas.gi-areas');
  const p = map.latLngToContainerPoint([lat, lon]);
  const ratio = window.devicePixelRatio || 1;
  const box = canvas.getContext('2d').getImageData(Math.round(p.x * ratio) - 10,
    Math.round(p.y * ratio) - 10, 20, 20).data;
  let painted = 0;
  for (let k = 3; k < box.length; k += 4) { if (box[k] > 0) { painted++; } }
  return painted;
}"""

MARKERS = """() => {
  const out = {};
  GeoIncidents.instances[0].map.eachLayer(l => {
    if (l instanceof GeoIncidents.ShapeMarker) {
      out[l.options.shape + l.getLatLng().lat.toFixed(2)] = [l.options.fillOpacity,
        l.options.color];
    }
  });
  return out;
}"""


def test_areas_are_hatched_symbols_hollow_and_legend_counts_them(tmp_path):
    require_browser()
    html = render_html(incidents_frame(_rows()), tmp_path / "map.html", title="Areas")
    with launch() as browser, open_map(browser, html) as m:
        page = m.page
        page.wait_for_timeout(300)
        assert page.evaluate("GeoIncidents.instances[0].areas.drawn") == 2
        # inside Syria far from any point (Deir ez-Zor desert), and in Iraq (no area there)
        assert page.evaluate(PIXELS, [34.6, 40.3]) > 100
        assert page.evaluate(PIXELS, [32.5, 43.5]) == 0
        markers = page.evaluate(MARKERS)
        hollow = [v for k, v in markers.items() if k.endswith("31.50")]  # (Syria's two cluster)
        assert hollow and all(v[0] == AREA_SYMBOL_FILL_OPACITY for v in hollow)
        site = [v for k, v in markers.items() if k.endswith("33.50")]
        assert site and site[0][0] > AREA_SYMBOL_FILL_OPACITY
        legend = page.locator(".gi-legend").inner_text()
        assert AREA_LEGEND in legend and f"{AREA_LEGEND}\n3" in legend
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "html-areas.png"))
        text = m.popup_at(31.5, 35.5)
        assert "Located only to" in text
        assert "region or province" in text
        assert m.problems() == []
