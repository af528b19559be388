"""Static map output: formats open, output is deterministic, markers land where they belong."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import matplotlib.image as mpimg
import numpy as np
import pyproj
import pytest
from matplotlib.colors import to_rgb
from pypdf import PdfReader

from geo.incidents.schema import incidents_frame, places_frame
from maps.static.filter import MapOptionError
from maps.static.render import render_static, static_figure
from maps.style import EVENT_SYMBOLS

# Real sites from the Oct 2023 - Feb 2024 attacks (lat, lon).
SITES = {
    "Erbil Air Base": (36.2376, 43.9632, "drone attack"),
    "Ain al-Asad Air Base": (33.7856, 42.4412, "rocket attack"),
    "Al-Tanf Garrison": (33.4986, 38.6186, "drone attack"),
    "Al-Qaim": (34.3680, 41.0940, "airstrike"),
    "Conoco gas field": (35.3500, 40.2890, "rocket attack"),
}


def sample_set(n_days: int = 40):
    rows, places = [], []
    start = date(2023, 10, 18)
    for i, (name, (lat, lon, kind)) in enumerate(SITES.items()):
        places.append({"place_id": f"p{i}", "name": name, "lat": lat, "lon": lon})
        for day in range(0, n_days, 7 + i):
            rows.append(
                {
                    "event_date": start + timedelta(days=day),
                    "event_type": kind,
                    "place_name": name,
                    "place_id": f"p{i}",
                    "lat": lat,
                    "lon": lon,
                    "uncertainty_km": 10.0 if i % 2 else 0.0,
                    "sources": [{"url": "https://example.org/a", "publisher": "Reuters"}],
                }
            )
    return incidents_frame(rows), places_frame(places)


@pytest.fixture(scope="module")
def sample():
    return sample_set()


def test_png_svg_pdf_open(tmp_path, sample):
    incidents, places = sample
    png = render_static(incidents, tmp_path / "m.png", places, dpi=50, size=(6, 5))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert mpimg.imread(png).shape[:2] == (250, 300)
    svg = render_static(incidents, tmp_path / "m.svg", places, size=(6, 5))
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and root.get("width") == "432pt"
    pdf = render_static(incidents, tmp_path / "m.pdf", places, size=(6, 5))
    page = PdfReader(pdf).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (432.0, 360.0)
    assert not list(tmp_path.glob(".*.tmp")), "temporary files are cleaned up"


def test_svg_bytes_are_deterministic(tmp_path, sample):
    incidents, places = sample
    a = render_static(incidents, tmp_path / "a.svg", places, title="Brief", size=(6, 5))
    b = render_static(incidents, tmp_path / "b.svg", places, title="Brief", size=(6, 5))
    assert a.read_bytes() == b.read_bytes()


def test_png_pixels_are_deterministic(tmp_path, sample):
    incidents, places = sample
    a = render_static(incidents, tmp_path / "a.png", places, dpi=60, size=(6, 5), facet="week")
    b = render_static(incidents, tmp_path / "b.png", places, dpi=60, size=(6, 5), facet="week")
    assert np.array_equal(mpimg.imread(a), mpimg.imread(b))


@pytest.mark.parametrize("crs", ["EPSG:32638", "EPSG:4326"])
def test_marker_lands_at_projected_position(tmp_path, crs):
    """Each incident's colour is found at the pixel its projected coordinates map to."""
    names = ["Erbil Air Base", "Al-Qaim"]
    incidents = incidents_frame(
        [
            {
                "event_date": date(2024, 1, 2),
                "event_type": SITES[n][2],
                "place_name": n,
                "lat": SITES[n][0],
                "lon": SITES[n][1],
            }
            for n in names
        ]
    )
    kwargs = {"dpi": 80, "size": (6, 5), "crs": crs}
    fig = static_figure(incidents, **kwargs)
    ax = fig.axes[0]
    out = render_static(incidents, tmp_path / "m.png", **kwargs)
    pixels = mpimg.imread(out)[:, :, :3]
    height = pixels.shape[0]
    to_map = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    for name in names:
        lat, lon, kind = SITES[name]
        px, py = ax.transData.transform(to_map.transform(lon, lat))
        row, col = int(round(height - py)), int(round(px))
        patch = pixels[row - 1 : row + 2, col - 1 : col + 2].reshape(-1, 3)
        want = np.array(to_rgb(EVENT_SYMBOLS[kind].color))
        assert np.abs(patch - want).max(axis=1).min() < 0.08, (name, patch)
        # and not merely anywhere: 25 px away there is no marker of that colour
        far = pixels[row - 1 : row + 2, col + 25 : col + 28].reshape(-1, 3)
        assert np.abs(far - want).max(axis=1).min() > 0.08


def test_empty_set_draws_titled_map_with_note(tmp_path):
    fig = static_figure(incidents_frame([]), title="Nothing this week", size=(6, 5))
    texts = [t.get_text() for t in fig.texts] + [t.get_text() for t in fig.axes[0].texts]
    assert "Nothing this week" in texts
    assert any("No incidents" in t for t in texts)
    out = render_static(incidents_frame([]), tmp_path / "e.png", title="Nothing", dpi=40)
    assert out.stat().st_size > 0


def test_filtered_to_nothing_says_why(sample):
    incidents, _ = sample
    fig = static_figure(incidents, types=["interception"], size=(6, 5))
    assert any("match" in t.get_text() for t in fig.axes[0].texts)


def test_facets_one_panel_per_week_with_counts(sample):
    incidents, places = sample
    fig = static_figure(incidents, places, facet="week", size=(12, 9), dpi=40)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    first, last = incidents["event_date"].min(), incidents["event_date"].max()
    n_weeks = (last.to_period("W-SUN") - first.to_period("W-SUN")).n + 1
    assert len(titles) == n_weeks
    counts = [int(t.rsplit("(", 1)[1].rstrip(")")) for t in titles]
    assert sum(counts) == len(incidents)
    limits = {(ax.get_xlim(), ax.get_ylim()) for ax in fig.axes}
    assert len(limits) == 1, "every panel shows the same extent"


def test_legend_counts_and_source_line(sample):
    incidents, places = sample
    fig = static_figure(incidents, places, size=(8, 6))
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    for kind in ("drone attack", "rocket attack", "airstrike"):
        n = int((incidents["event_type"] == kind).sum())
        assert f"{EVENT_SYMBOLS[kind].label} ({n})" in labels
    footer = " ".join(t.get_text() for t in fig.texts)
    assert "Borders: Natural Earth" in footer and "Reuters" in footer


def test_text_from_data_is_not_parsed_as_math(sample):
    incidents, places = sample
    fig = static_figure(incidents, places, title="Cost $5 and $6", size=(6, 5))
    title = next(t for t in fig.texts if "Cost" in t.get_text())
    renderer = fig.canvas.get_renderer()
    title.draw(renderer)  # mathtext would render "5 and " in italics and drop the dollars
    assert title.get_text() == "Cost $5 and $6" and not title._parse_math


def test_bad_options_raise_clear_errors(tmp_path, sample):
    incidents, _ = sample
    with pytest.raises(MapOptionError, match="valid types are: drone attack"):
        render_static(incidents, tmp_path / "m.png", types=["drones"])
    with pytest.raises(MapOptionError, match="inverted"):
        render_static(incidents, tmp_path / "m.png", date_from="2024-02-01", date_to="2024-01-01")
    with pytest.raises(MapOptionError, match="unknown map format"):
        render_static(incidents, tmp_path / "m.jpg")
    assert not list(tmp_path.iterdir())


def test_no_marker_under_the_furniture_or_a_label():
    from geo.incidents.schema import incidents_frame, places_frame
    from maps.static.furniture import Z_FURNITURE
    from maps.static.render import static_figure

    spots = [(35.6, 31.5), (44.4, 33.3), (42.4, 33.8), (40.7, 36.1), (44.3, 36.5), (38.6, 33.5)]
    incidents = incidents_frame([
        dict(event_date="2024-01-01", event_type="airstrike", lat=lat, lon=lon)
        for lon, lat in spots
    ])
    places = places_frame([
        dict(place_id=f"p{k}", name=f"A long site name number {k}", kind="airbase", lat=lat,
             lon=lon, incident_count=1)
        for k, (lon, lat) in enumerate(spots)
    ])
    fig = static_figure(incidents, places)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    markers = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())
                         and c.get_label() == "Airstrike"])
    shown = ax.transData.transform(markers)
    assert len(shown) == len(spots)
    furniture = [p.get_window_extent(renderer) for p in ax.patches if p.get_zorder() == Z_FURNITURE]
    labels = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
    assert furniture and labels
    for box in furniture + labels:
        for x, y in shown:
            assert not box.contains(x, y), (box, x, y)
