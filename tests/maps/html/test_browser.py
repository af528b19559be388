"""The HTML map in real headless Chromium: rendering, overlays, time control, popups, safety."""

from __future__ import annotations

import re

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest

from geo.incidents.schema import incidents_frame
from maps.html.page import render_html
from maps.style import EVENT_SYMBOLS
from tests.maps.html.browser import (
    ARTIFACTS,
    PAYLOADS,
    launch,
    open_map,
    require_browser,
    sample_frames,
)

pytestmark = pytest.mark.browser

# Count what is drawn: numbers on the cluster icons (DOM) plus lone markers on the canvas.
DRAWN = """() => {
  const inst = GeoIncidents.instances[0];
  let lone = 0, clustered = 0, colors = {};
  inst.map.eachLayer(l => {
    if (l instanceof GeoIncidents.ShapeMarker) {
      lone++; colors[l.options.fillColor] = (colors[l.options.fillColor] || 0) + 1;
    }
  });
  document.querySelectorAll('.marker-cluster [data-count]')
    .forEach(s => clustered += Number(s.dataset.count));
  return {lone, clustered, total: lone + clustered, colors,
          status: Number(document.querySelector('.gi-status').dataset.visible)};
}"""


@pytest.fixture(scope="module")
def frames():
    return sample_frames()


@pytest.fixture(scope="module")
def map_file(tmp_path_factory, frames):
    incidents, places = frames
    return render_html(
        incidents, tmp_path_factory.mktemp("html") / "map.html", places=places,
        title="Attacks <i>and</i> strikes",
    )


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with launch() as chromium:
        yield chromium


def _located(incidents: pd.DataFrame) -> pd.DataFrame:
    return incidents[incidents.geometry.notna()]


def _last_day(incidents: pd.DataFrame) -> pd.Series:
    """The last day each incident may have happened on, from its dates and time precision."""
    start = incidents["event_date"]
    week = start + pd.Timedelta(days=6)
    month = start + pd.offsets.MonthEnd(0)
    last = start.where(incidents["date_end"].isna(), incidents["date_end"])
    precision = incidents["time_precision"].fillna(1)
    return last.where(precision == 1, week.where(precision == 2, month))


def _view(page, center: list[float], zoom: int) -> None:
    map_ = "GeoIncidents.instances[0].map"
    page.evaluate(f"void {map_}.setView({center}, {zoom}, {{animate: false}})")


def _toggle_overlay(page, label: str) -> None:
    page.locator(".leaflet-control-layers-overlays label", has_text=label).locator("input").click()


def test_renders_every_located_incident_with_legend_counts(browser, map_file, frames):
    incidents, _ = frames
    located = _located(incidents)
    with open_map(browser, map_file) as m:
        drawn = m.page.evaluate(DRAWN)
        assert drawn["total"] == len(located) == drawn["status"]
        assert drawn["clustered"] > 0, "sample points near the same sites should cluster"
        legend = {
            row.get_attribute("data-type"): int(row.locator(".gi-legend-count").inner_text())
            for row in m.page.locator(".gi-legend-row[data-type]").all()
        }
        assert legend == located["event_type"].value_counts().to_dict()
        missing = len(incidents) - len(located)
        assert f"{missing} not located" in m.page.inner_text(".gi-legend")
        assert f"{missing} not located" in m.page.inner_text(".gi-title")
        assert m.page.title().startswith("Attacks <i>and</i> strikes")
        assert m.problems() == []


def test_unchecking_a_type_overlay_hides_its_markers(browser, map_file, frames):
    located = _located(frames[0])
    drones = int((located["event_type"] == "drone attack").sum())
    drone = EVENT_SYMBOLS["drone attack"]
    with open_map(browser, map_file) as m:
        _toggle_overlay(m.page, drone.label)
        m.page.wait_for_function(f"GeoIncidents.instances[0].visible === {len(located) - drones}")
        m.page.wait_for_timeout(300)  # clusters re-render after the removal
        m.page.evaluate("void GeoIncidents.instances[0].map.setZoom(13)")  # break up the clusters
        m.page.evaluate("void GeoIncidents.instances[0].map.setZoom(7)")
        m.page.wait_for_timeout(400)
        drawn = m.page.evaluate(DRAWN)
        assert drawn["total"] == len(located) - drones
        assert drone.color not in drawn["colors"]
        _toggle_overlay(m.page, drone.label)
        m.page.wait_for_function(f"GeoIncidents.instances[0].visible === {len(located)}")
        assert m.problems() == []


def test_time_control_filters_incidents_by_date(browser, map_file, frames):
    located = _located(frames[0])
    first = located["event_date"].min()
    steps = 40
    cutoff = first + pd.Timedelta(days=steps)
    expected = int((_last_day(located) >= cutoff).sum())
    assert 0 < expected < len(located)
    with open_map(browser, map_file) as m:
        slider = m.page.locator(".gi-range-from")
        slider.focus()
        for _ in range(steps):
            m.page.keyboard.press("ArrowRight")
        assert m.page.inner_text(".gi-range-from + output") == cutoff.date().isoformat()
        m.page.wait_for_function(f"GeoIncidents.instances[0].visible === {expected}")
        m.page.wait_for_timeout(400)
        assert m.page.evaluate(DRAWN)["total"] == expected
        m.page.locator(".gi-range-to").focus()
        m.page.keyboard.press("Home")  # "to" pushes "from" back with it: both on the first day
        assert m.page.inner_text(".gi-range-from + output") == first.date().isoformat()
        on_first_day = int(
            ((located["event_date"] <= first) & (_last_day(located) >= first)).sum()
        )
        m.page.wait_for_function(f"GeoIncidents.instances[0].visible === {on_first_day}")
        assert m.problems() == []


def test_popup_shows_payloads_as_text_and_links_only_http(browser, map_file):
    with open_map(browser, map_file) as m:
        page = m.page
        _view(page, [32.0, 37.0], 14)
        page.wait_for_timeout(300)
        x, y = page.evaluate(
            "(() => { const p = GeoIncidents.instances[0].map.latLngToContainerPoint([32, 37]);"
            " const r = GeoIncidents.instances[0].map.getContainer().getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; })()"
        )
        page.mouse.click(x, y)
        popup = page.locator(".gi-popup")
        popup.wait_for()
        text = popup.inner_text()
        for key in ("actor", "place_name", "resolved_name", "target", "url"):
            assert PAYLOADS[key] in text, key
        assert PAYLOADS["quote"].split("\u2028")[0] in text
        assert PAYLOADS["publisher"].strip() in text
        assert popup.locator("img, script, svg[onload], [onerror], [onclick]").count() == 0
        hrefs = popup.locator("a").evaluate_all("as => as.map(a => a.href)")
        assert hrefs == ["https://wire.example.com/tower-22?a=1&b=2"]
        assert "Date" in text and "2024-01-28 (precise to the day)" in text
        page.locator(".gi-popup span, .gi-popup td").first.hover()
        assert page.evaluate("window.__pwned") is None
        assert m.problems() == []


def test_place_popup_is_escaped_and_its_own(browser, map_file):
    with open_map(browser, map_file) as m:
        page = m.page
        _view(page, [34.5, 39.0], 12)
        page.locator(".gi-place >> nth=0").wait_for()
        marker = page.locator(".leaflet-marker-icon.gi-place[title='" + PAYLOADS["place"] + "']")
        marker.click()
        popup = page.locator(".gi-popup")
        assert PAYLOADS["place"] in popup.inner_text()
        assert "Kind" in popup.inner_text() and "airbase" in popup.inner_text()
        assert popup.locator("a").count() == 0  # its source is a javascript: URL
        assert page.evaluate("window.__pwned") is None
        assert m.problems() == []


def test_uncertainty_circles_and_heat_map_follow_their_overlays(browser, map_file, frames):
    located = _located(frames[0])
    # circles around sites known roughly; regions and countries are areas (test_area_layer)
    rough = (located["geo_precision"] > 1) & (located["geo_precision"] <= 2)
    uncertain = int((rough & (located["uncertainty_km"] > 0)).sum())
    regions = int((located["geo_precision"] == 3).sum())
    layer = "GeoIncidents.instances[0].uncertainty"
    with open_map(browser, map_file) as m:
        page = m.page
        assert page.evaluate(f"{layer}.ids.length") == uncertain
        assert page.evaluate("GeoIncidents.instances[0].areas.regions.length") == regions
        page.evaluate("void GeoIncidents.instances[0].map.setZoom(4)")  # all of them in view
        page.wait_for_function(f"{layer}.drawn === {uncertain}")
        assert page.locator("canvas.gi-uncertainty").count() == 1
        _toggle_overlay(page, "Uncertainty areas")
        assert page.locator("canvas.gi-uncertainty").count() == 0
        assert page.locator("canvas.gi-heat").count() == 0
        _toggle_overlay(page, "Heat map")
        page.wait_for_timeout(300)
        painted = page.evaluate(
            "(() => { const c = document.querySelector('canvas.gi-heat');"
            " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"
        )
        assert painted > 1000
        assert m.problems() == []


def _rgb(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])


def _share(image: np.ndarray, color: str, tolerance: int = 12) -> float:
    return float((np.abs(image - _rgb(color)).sum(axis=2) < tolerance).mean())


def test_offline_page_shows_basemap_markers_legend_and_slider(browser, map_file, frames):
    """With every request outside file:// aborted: land, sea, borders, names, symbols."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "interactive_map.png"
    with open_map(browser, map_file) as m:
        page = m.page
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot))
        labels = page.locator(".gi-base-label").all_inner_texts()
        assert {"SYRIA", "IRAQ"} <= set(labels)
        assert "Baghdad" in labels and "Damascus" in labels
        assert page.locator(".gi-base-capital", has_text="Baghdad").count() == 1
        assert page.locator(".gi-range-from").is_visible()
        assert page.locator(".gi-legend").is_visible() and page.locator(".gi-title").is_visible()
        boxes = page.evaluate(
            "Array.from(document.querySelectorAll('.gi-base-label')).map(n => {"
            " const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
        )
        for k, a in enumerate(boxes):  # names never overlap one another
            for b in boxes[k + 1 :]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap_x <= 1 or overlap_y <= 1, (a, b)
        assert m.blocked == [] and m.served == []
        assert m.problems() == []
    image = (mpimg.imread(shot)[..., :3] * 255).astype(int)
    assert _share(image, "#f4f1ea") > 0.2, "no land drawn"
    assert _share(image, "#dce9f2") > 0.01, "no sea drawn"
    for key in _located(frames[0])["event_type"].unique():
        close = (np.abs(image - _rgb(EVENT_SYMBOLS[key].color)).sum(axis=2) < 30).sum()
        assert close > 20, f"no {key} colour in the screenshot"


def test_online_tiles_are_optional_layers_that_ask_only_when_chosen(browser, map_file):
    with open_map(browser, map_file) as m:
        page = m.page
        assert page.locator(".leaflet-tile").count() == 0
        page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap")\
            .locator("input").click()
        page.wait_for_timeout(300)
        assert page.locator(".gi-base-label").count() == 0  # the offline basemap is off
        assert any("tile.openstreetmap.org" in b for b in m.blocked)
        m.blocked.clear()
        page.locator(".leaflet-control-layers-base label", has_text="Offline basemap")\
            .locator("input").click()
        page.wait_for_timeout(300)
        assert page.locator(".gi-base-label").count() > 0
        assert m.blocked == []


@pytest.fixture(scope="module")
def cdn_file(tmp_path_factory, frames):
    require_browser(npm=True)
    incidents, places = frames
    return render_html(incidents, tmp_path_factory.mktemp("cdn") / "map.html", places=places,
                       cdn=True)


def test_cdn_page_loads_leaflet_from_the_cdn_with_integrity(browser, cdn_file, frames):
    with open_map(browser, cdn_file, npm=True) as m:
        assert sorted(u.rsplit("/", 1)[1] for u in m.served) == ["leaflet.css", "leaflet.js"]
        assert m.page.evaluate(DRAWN)["total"] == len(_located(frames[0]))
        assert m.problems() == []


def test_cdn_page_refuses_a_library_that_does_not_match_its_hash(browser, cdn_file, tmp_path):
    text = cdn_file.read_text(encoding="utf-8")
    hashes = re.findall(r'integrity="(sha384-[^"]+)"', text)
    assert len(hashes) == 2
    forged = tmp_path / "forged.html"
    forged.write_text(text.replace(hashes[1], "sha384-" + "A" * 64), encoding="utf-8")
    with open_map(browser, forged, npm=True, ready=None) as m:
        m.page.wait_for_timeout(500)
        assert m.page.locator("[data-gi-ready='1']").count() == 0
        assert any("integrity" in e for e in m.console_errors), m.console_errors


def test_clusters_zoom_in_or_list_incidents_that_share_a_point(browser, tmp_path):
    stacked = [
        dict(event_date=f"2024-01-0{k + 1}", event_type="rocket attack", lat=33.3, lon=44.4,
             actor=f"Group {k}")
        for k in range(5)
    ]
    spread = [
        dict(event_date="2024-01-09", event_type="airstrike", lat=34.0 + k * 0.01, lon=42.0)
        for k in range(3)
    ]
    path = render_html(incidents_frame(stacked + spread), tmp_path / "stack.html")
    with open_map(browser, path) as m:
        page = m.page
        _view(page, [33.6, 43.2], 6)
        counts = sorted(int(t) for t in page.locator(".gi-cluster span").all_inner_texts())
        assert counts == [3, 5]
        page.locator(".gi-cluster", has_text="5").click()
        bar = page.locator(".gi-list-pos")
        assert bar.inner_text() == "1 of 5 incidents here"
        seen = set()
        for k in range(5):
            assert bar.inner_text() == f"{k + 1} of 5 incidents here"
            text = page.locator(".gi-list .gi-popup").inner_text()
            seen |= {f"Group {g}" for g in range(5) if f"Group {g}" in text}
            page.locator(".gi-list-bar button").last.click()
        assert seen == {f"Group {g}" for g in range(5)}
        assert bar.inner_text() == "1 of 5 incidents here"  # wraps around
        page.locator(".leaflet-popup-close-button").click()
        page.locator(".gi-cluster", has_text="3").click()
        page.wait_for_function("GeoIncidents.instances[0].map.getZoom() > 6")
        assert m.problems() == []
